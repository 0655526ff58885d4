"""Golden cases for pytorch-grad-cam 1.5.5's gradient-free CAMs, ScoreCAM (score_cam.py) and AblationCAM
(ablation_cam.py, ablation_layer.py; docs/methods/pytorch-grad-cam.md):
    cam = ScoreCAM(model, target_layers=[layer])(input_tensor=x, targets=targets)
    cam = AblationCAM(model, target_layers=[layer])(input_tensor=x, targets=targets)     ratio_channels_to_ablate=1.0
The model parts come from PyTorch 1.13 (torchvision AlexNet, counter-hash weights) and TF.js (the trained Lab1 model,
channels-last); the library's arithmetic is tools/oracle/pytorch_grad_cam.py. Forward passes only."""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402
import images  # noqa: E402
import pytorch_grad_cam as pgc  # noqa: E402
import torch_report as tr  # noqa: E402
from lab_models import TRAINED, forward, model_parts, score_grad, weight_refs  # noqa: E402
from tolerances import largest, tol_scaled  # noqa: E402

FAMILY = "pgc_perturbation"
NEEDS = ["torch", "torchvision", "cv2", "PIL", "tfjs"]  # beyond NumPy (generate.py)
SOURCE = "pytorch-grad-cam 1.5.5: ScoreCAM / AblationCAM(model, target_layers=[layer])(input_tensor, targets) (base_cam.py)"
NAMES = {"score_cam": "ScoreCAM", "ablation_cam": "AblationCAM"}


def nudged(a, tol, t):
    u = hashweights.uniform(12, t, a.shape)
    return np.where(a != 0, a + tol * u, a).astype(np.float32)


def write(method, name, description, model, x, hw, outputs, k, A, scores, weights, refs, params, depth, tf=None):
    raw = (weights[:, :, None, None] * A).sum(axis=1)
    layer, cam = pgc.maps(np.float32(raw), hw)
    assert (cam.reshape(len(cam), -1).max(axis=1) > 0.5).all(), f"{name}: a final map is all zero (the raw map has no positive part)"
    parts = (f"TensorFlow.js {tf['tfjs']} (the Lab1 model's A and every masked / ablated forward)" if tf else
             "PyTorch 1.13 + torchvision 0.14 (Debian; A and every masked / ablated forward)")
    prov = {"oracle": parts + "; pytorch-grad-cam 1.5.5's arithmetic in NumPy + PyTorch's UpsamplingBilinear2d + OpenCV 4.6 "
                              "(tools/oracle/pytorch_grad_cam.py)", "version": tr.version(), "command": common.command(FAMILY)}
    cs = common.Case(FAMILY, f"{method}_{name}", description=f"{NAMES[method]}: {description}", source=SOURCE, model=model,
                     method=f"pgc_{method}", params=params, fixtures=refs, provenance=prov)
    cs.input("x", x)
    t = tol_scaled(depth, outputs, "float32 convolutions in another order")
    cs.output("outputs", outputs, t)
    cs.output("class_index", k, common.exact("ClassifierOutputTarget: the requested class, or argmax of the outputs"))
    tA = tol_scaled(depth, A, "float32 convolutions in another order, up to the target layer")
    aA = (depth + 1e-5) * largest(A)   # the abs floor plus the relative part at the largest value
    cs.output("activations", A, tA)
    # a masked or ablated forward runs on values no larger than the image's own: its error is bounded by the unmasked
    # forward's scale (depth x the largest |output|), whatever its own logit's size, twice over: the mask rescales every
    # input, so the forward's cancellations no longer shrink with its output (float64 moved Lab1's by 1.5 x depth)
    om = float(np.max(np.abs(outputs)))
    ts = common.abs_rel(float(np.float32(2 * depth * om)), 1e-5, f"each masked or ablated forward's target logit in another "
                        f"order: 2 x depth {depth:g} x the unmasked forward's largest |output| ({om:.4g})")
    ds = 2 * depth * om + 1e-5 * float(np.max(np.abs(scores)))
    cs.output("channel_scores", scores, ts)
    if method == "score_cam":
        # softmax: dw_c <= w_c (|ds_c| + sum_j w_j |ds_j|) <= 2 max(w) ds
        dw, why = 2 * float(np.max(weights)) * ds, "softmax over the channels: 2 x the largest weight x the scores' tolerance"
    else:
        o = np.abs(np.float64(outputs[np.arange(len(k)), k]))
        dw = float(np.max((2 * ds) / o * (1 + np.max(np.abs(weights), axis=1))))
        why = "(o - a) / o: the scores' tolerance on o and a, over |o|, times 1 + the largest |weight|"
    cs.output("weights", weights, common.abs_rel(float(np.float32(dw)), 1e-5, why))
    # the maps: measured, with A and the weights moved by their tolerances in 3 deterministic ways; 10 x the largest change
    moved = {"cam_raw": 0.0, "cam_layer": 0.0, "cam": 0.0}
    for t in range(3):
        Ap, wp = nudged(A, aA, 2 * t), (weights + np.float32(dw) * hashweights.uniform(12, 2 * t + 1, weights.shape)).astype(np.float32)
        r2 = (wp[:, :, None, None] * Ap).sum(axis=1)
        l2, c2 = pgc.maps(np.float32(r2), hw)
        for key, a, b in (("cam_raw", r2, raw), ("cam_layer", l2, layer), ("cam", c2, cam)):
            moved[key] = max(moved[key], float(np.max(np.abs(a - b))))
    for key, a in (("cam_raw", np.float32(raw)), ("cam_layer", layer), ("cam", cam)):
        cs.output(key, a, common.abs_rel(float(np.float32(10 * moved[key] + 4e-7 * np.max(np.abs(a)))), 3e-5 if key == "cam_raw" else 0.0,
                                         f"10 x the largest change ({moved[key]:.3g}) when A and the weights move by their "
                                         "tolerances, plus float32 rounding"))
    cs.write()


def alexnet_case(method, category, tag, note):
    m = tr.model("alexnet")
    x = images.dither(tr.preprocess_hw(tr.load_rgb("images/photos/chelsea.png"), 144, 112), 1 / 255 / min(tr.STD))
    outputs, k, A, _ = pgc.activations_and_gradients(m, x, "features.11", category)
    refs = [common.fixture_ref("chelsea.png", "images/photos/chelsea.png"), common.fixture_ref("hash-weights", "weights/hash-weights.json")]
    params = dict(model="alexnet", weights={"kind": "hash", "seed": 1}, layer="features.11", class_index=category)
    desc = ("AlexNet (counter-hash weights), chelsea.png resized to 144 wide x 112 high (non-square) and dithered, "
            f"{tag}, target features.11 (the last conv's ReLU, 6x8x256): {note}")
    with torch.no_grad():
        if method == "score_cam":
            _, s, w = pgc.score_cam_weights(A, x, lambda b, n: m(torch.from_numpy(np.ascontiguousarray(b))).numpy()[:, int(k[n])])
        else:
            def head(acts, n):
                h = torch.from_numpy(acts)
                for mod in list(m.features)[12:]:
                    h = mod(h)
                return m.classifier(torch.flatten(m.avgpool(h), 1)).numpy()[:, int(k[n])]
            s, w = pgc.ablation_weights(A, outputs[np.arange(len(k)), k], head)
    write(method, f"alexnet_features11_144x112_{tag.replace(' ', '_')}", desc, "alexnet", x, x.shape[2:], outputs, k, A, s, w,
          refs, params, 1e-5)


def lab_cases():
    names = ["test-00000.png", "test-00001.png", "test-00002.png"]
    fx = images.fashion(names)   # undithered, as tf-keras-vis's Score-CAM cases (cam-family.md compares them); no gradients
    _, fl = forward("lab1", TRAINED, fx, ["dense"])
    k = np.argmax(fl["dense"], axis=1).astype(np.int64)
    _, r2, A_nhwc, outputs, _ = model_parts("lab1", TRAINED, fx, k, layer="conv2d_3", linear=True)
    A = np.ascontiguousarray(A_nhwc.transpose(0, 3, 1, 2))
    refs = images.refs("fashion-mnist", names) + weight_refs(TRAINED)
    params = dict(model="lab1", weights=TRAINED, layer="conv2d_3", class_index=None)   # logits: PgcCamParams.Open

    def masked_scores(batch, n):
        _, o = forward("lab1", TRAINED, np.float32(batch), ["dense"], linear=True)
        return o["dense"][:, int(k[n])]

    def head(acts, n):
        _, g = score_grad("lab1", TRAINED, np.ascontiguousarray(acts.transpose(0, 2, 3, 1)), "conv2d_3", [int(k[n])] * len(acts))
        return g["outputs"][:, int(k[n])]

    desc = (f"the trained Lab1 model with logits, three Fashion-MNIST items, their predicted classes {k.tolist()}, "
            "target conv2d_3 (3x3x128, NCHW as the library sees it)")
    _, s, w = pgc.score_cam_weights(A, fx, masked_scores, nchw=False)
    write("score_cam", "lab1_trained_predicted", desc + ": each 3x3 channel upsampled to 28x28 with corners aligned",
          "lab1", fx, fx.shape[1:3], outputs, k, A, s, w, refs, params, 2e-6, tf=r2)
    k2 = np.argsort(-fl["dense"], axis=1, kind="stable")[:, 1].astype(np.int64)
    _, r3, A2, outputs2, _ = model_parts("lab1", TRAINED, fx, k2, layer="conv2d_3", linear=True)
    k_saved, k[:] = k.copy(), k2
    a, w = pgc.ablation_weights(A, outputs2[np.arange(len(k2)), k2], head)
    k[:] = k_saved
    write("ablation_cam", "lab1_trained_second_class", f"the trained Lab1 model with logits, three Fashion-MNIST items, each "
          f"one's second-ranked class {k2.tolist()}, target conv2d_3: 128 channels ablated in 4 batches of 32", "lab1", fx,
          fx.shape[1:3], outputs2, k2, A, a, w, refs, dict(params, class_index=[int(v) for v in k2]), 2e-6, tf=r3)


def main():
    common.clean_family(FAMILY)
    alexnet_case("score_cam", [tr.BULL_MASTIFF], "class 243", "256 masked inputs in 16 batches of 16")
    alexnet_case("ablation_cam", None, "top class", "every channel ablated (batches of 32); A has zeros, so the ablated "
                 "channel is set to 0 (for class 243 every ablation raises the score: the map would be all zero)")
    lab_cases()


if __name__ == "__main__":
    main()
