"""Golden cases for the DeepLearning.AI Grad-CAM lab's get_CAM (seed 002; docs/methods/gradcam.md), the class-score variant:
    conv_output_values, predictions = Model(model.inputs, [model.get_layer(layer).output, model.output])(x)
    grads   = tape.gradient(predictions[:, label], conv_output_values)      # TF.js, cpu backend
    grads   = K.mean(grads, axis=(0, 1, 2))                                  # (C,)   mean over batch and space
    A       = np.squeeze(conv_output_values.numpy())                         # (h, w, C)
    for i in range(C): A[:, :, i] *= grads[i]                                 # float32, in place
    heatmap = np.mean(A, axis=-1)                                            # MEAN over channels
    heatmap = np.maximum(heatmap, 0)
    heatmap /= heatmap.max()                                                 # 0/0 = NaN when nothing is positive
Plus the guarded variant some copies of the lab use (if max == 0: divide by 1e-10 instead), as a separate output."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import images  # noqa: E402
from lab_models import weight_refs  # noqa: E402

NEEDS = ["PIL", "tfjs"]  # beyond NumPy (generate.py)

SOURCE = "seed 002 (DLAI C3W4 Grad-CAM lab): get_CAM with loss = predictions[:, label]"


def run(model, weights, x, layer, label):
    with common.npy_files(x=x) as f:
        return common.tfjs("dlai_gradcam", model=model, weights=weights, input=f["x"], layer=layer, label=label)


def lab_steps(conv, grads):
    w = np.mean(grads, axis=(0, 1, 2))
    A = np.squeeze(conv).copy()
    for i in range(A.shape[-1]):
        A[:, :, i] *= w[i]
    mean = np.mean(A, axis=-1)
    relu = np.maximum(mean, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        heat = relu / relu.max()
    m = relu.max()
    guarded = relu / (m if m != 0 else np.float32(1e-10))
    return w, mean, heat, guarded.astype(np.float32)


def case(name, description, model, weights, x, layer, label, fixture_refs, result_out=None, note=None, conv_rel=1e-6):
    result, out = result_out or run(model, weights, x, layer, label)
    conv, preds, grads = out["conv_outputs"], out["predictions"], out["gradients"]
    w, mean, heat, guarded = lab_steps(conv, grads)
    gmax = float(np.abs(grads).max())
    amax = float(conv.max())
    cs = common.Case(
        "get_cam", name, description=description, source=SOURCE, model=model, method="dlai_get_cam",
        params={"model": model, "weights": weights, "layer": layer, "label": label},
        fixtures=fixture_refs + weight_refs(weights),
        provenance={**common.tfjs_provenance(result, common.command("get_cam")),
                    "numpy": f"numpy {np.__version__} for the lab's NumPy steps", **({"notes": note} if note else {})})
    cs.input("x", x)
    cs.output("conv_outputs", conv, common.abs_rel(float(np.float32(conv_rel * amax)), 1e-5,
                                                   f"float32 convolutions summed in another order; abs floor {conv_rel:g} x the "
                                                   "largest activation (VGG16's 13 layers: 1e-5, measured 4e-6)"))
    cs.output("predictions", preds, common.abs_rel(2e-6, 1e-5, "softmax of logits carrying float32 conv rounding"))
    cs.output("gradients", grads, common.abs_rel(float(np.float32(1e-6 * gmax)), 1e-5,
                                                 "backprop through the head in float32: ~1e-6 of the largest |gradient|"))
    cs.output("channel_weights", w, common.abs_rel(float(np.float32(1e-6 * gmax)), 1e-5, "a mean of gradients"))
    scale = float(np.max(np.abs(np.squeeze(conv)) @ np.abs(w)) / conv.shape[-1])
    cs.output("channel_mean", mean, common.abs_rel(float(np.float32(4e-6 * scale)), 0.0,
                                                   f"mean over {conv.shape[-1]} channels of A*w: float32 summation in another "
                                                   f"order, ~4e-6 of the mean of |terms| ({scale:.3g}); cancellation makes "
                                                   "relative error unbounded near 0"))
    nan = bool(np.all(np.isnan(heat)))
    cs.output("heatmap", heat, common.exact("0/0: the whole map is NaN (the lab's behaviour)") if nan else
              common.abs_rel(float(np.float32(8e-6 * scale / float(mean.max()))), 1e-5,
                             "channel_mean's error divided by the map's maximum"))
    cs.output("heatmap_guarded", guarded, common.exact("nothing positive: 0 / 1e-10 = 0 everywhere") if nan else
              common.abs_rel(float(np.float32(8e-6 * scale / float(mean.max()))), 1e-5,
                             "identical to heatmap when its maximum is positive"))
    cs.write()
    return out


def main():
    common.clean_family("get_cam")
    h = {"kind": "hash", "seed": 1}
    trained = {"kind": "npy", "dir": "fixtures/weights/lab1-fashion-mnist"}
    fashion = ["test-00000.png", "test-00001.png", "test-00002.png", "test-00004.png"]
    fx = images.fashion(fashion)
    case("lab1_trained_ankle_boot", "get_CAM on the trained Lab1 model, layer conv2d_3 (3x3x128), Fashion-MNIST item 0, "
         "label 9 (its prediction)", "lab1", trained, fx[:1], "conv2d_3", 9, images.refs("fashion-mnist", fashion[:1]))
    # the degenerate case: search the Lab1 hash-weight model for an item and label whose weighted map has no positive value
    found = None
    for i in range(len(fashion)):
        for label in range(10):
            r = run("lab1", h, fx[i:i + 1], "conv2d_3", label)
            _, mean, _, _ = lab_steps(r[1]["conv_outputs"], r[1]["gradients"])
            if np.all(mean <= 0):
                found = (i, label, r)
                break
        if found:
            break
    if not found:
        raise SystemExit("get_cam: no all-non-positive map found; choose other inputs")
    i, label, r = found
    case("lab1_hash_all_nonpositive", f"get_CAM with counter-hash weights on Fashion-MNIST {fashion[i]}, label {label}: every "
         "value of the channel-weighted mean is <= 0, so heatmap.max() == 0 and the lab divides 0 by 0 (NaN map); the "
         "guarded variant divides by 1e-10 and returns zeros", "lab1", h, fx[i:i + 1], "conv2d_3", label,
         images.refs("fashion-mnist", [fashion[i]]), result_out=r,
         note="NumPy warns 'invalid value encountered in divide'; the lab shows an empty (NaN) heatmap")
    # a second degenerate map, from the trained model: each item's lowest-scoring classes first (a low-scoring class is
    # where the lab's channel mean tends to be negative everywhere), else conv2d_2
    second = None
    for layer in ("conv2d_3", "conv2d_2"):
        for j in range(len(fashion)):
            r0 = run("lab1", trained, fx[j:j + 1], layer, 0)
            for label in np.argsort(r0[1]["predictions"][0], kind="stable"):
                r = run("lab1", trained, fx[j:j + 1], layer, int(label))
                _, mean, _, _ = lab_steps(r[1]["conv_outputs"], r[1]["gradients"])
                if np.all(mean <= 0):
                    second = (j, int(label), layer, r)
                    break
            if second:
                break
        if second:
            break
    if not second:
        raise SystemExit("get_cam: no all-non-positive map of the trained model found; choose other inputs")
    j, label, layer, r = second
    case("lab1_trained_all_nonpositive", f"get_CAM on the trained Lab1 model, Fashion-MNIST {fashion[j]}, layer {layer}, "
         f"label {label} (a low-scoring class): every value of the channel-weighted mean is <= 0, so the lab's map is NaN "
         "and the guarded variant's zeros", "lab1", trained, fx[j:j + 1], layer, label,
         images.refs("fashion-mnist", [fashion[j]]), result_out=r,
         note="NumPy warns 'invalid value encountered in divide'; the lab shows an empty (NaN) heatmap")
    # a layer behind a pooling layer: conv2d_2's gradient passes max_pooling2d_2 and conv2d_3 on its way from the GAP
    # head, so it differs from position to position (at conv2d_3 it is the same everywhere), and the lab's mean over
    # space of the gradients is a real average
    case("lab1_trained_conv2d_2", "get_CAM on the trained Lab1 model at layer conv2d_2 (7x7x64), Fashion-MNIST item 0, label 9 "
         "(its prediction): max_pooling2d_2 routes the gradient, so it varies over positions", "lab1", trained, fx[:1],
         "conv2d_2", 9, images.refs("fashion-mnist", fashion[:1]))
    photos = ["chelsea-224.png"]
    case("lab4_chelsea_hash", "get_CAM on the Lab4 model (VGG16 base, blocks 1-4 frozen, GAP, Dense(2, softmax)), "
         "counter-hash weights, the cat photo at 224x224 (/255), layer block5_conv3 (14x14x512), label 0", "lab4", h,
         images.photos(photos), "block5_conv3", 0, images.refs("photos", photos), conv_rel=1e-5)
