"""Golden cases for the DeepLearning.AI saliency lab (seed 002; docs/methods/saliency.md):
    with tf.GradientTape() as tape:
        inputs = tf.cast(image, tf.float32); tape.watch(inputs)
        predictions = model(inputs)
        loss = tf.keras.losses.categorical_crossentropy(tf.one_hot([class_index] * N, num_classes), predictions)
    gradients = tape.gradient(loss, inputs)
    grayscale = tf.reduce_sum(tf.abs(gradients), axis=-1)
    normalized = tf.cast(255 * (grayscale - tf.reduce_min(grayscale)) / (tf.reduce_max(grayscale) - tf.reduce_min(grayscale)), tf.uint8)
The gradient comes from TF.js (cpu backend); the float32 post-processing and the uint8 cast (C++ truncation, as TF's
Cast kernel does) are NumPy. The lab's own model (Inception-v3 from TF-Hub) is not available; the cases use the
seed-000 Lab3 model (the saliency lab's cats-vs-dogs CNN, softmax over 2) and the Lab1 model."""
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402
import images  # noqa: E402
from cam import weight_refs  # noqa: E402

SOURCE = "seed 002 (DLAI C3W4 saliency lab): CCE gradient w.r.t. the input, sum |g| over channels, min-max to uint8"


def post(g):
    """The lab's float32 steps and the uint8 cast. NaN (0/0 when every gradient is equal) casts to 0, as TF's Cast
    kernel and NumPy do on x86 (C++ leaves it undefined)."""
    gray = np.sum(np.abs(g), axis=-1, dtype=np.float32)
    lo, hi = gray.min(), gray.max()
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = (np.float32(255) * (gray - lo)) / (hi - lo)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        u8 = np.where(np.isnan(scaled), 0, scaled).astype(np.uint8)
    return gray, scaled.astype(np.float32), np.squeeze(u8)


def run(model, weights, x, class_index):
    with common.npy_files(x=x) as f:
        return common.tfjs("dlai_saliency", model=model, weights=weights, input=f["x"], class_index=class_index)


def case(name, description, model, weights, x, class_index, fixture_refs, note=None):
    result, out = run(model, weights, x, class_index)
    g = out["gradients"]
    gray, scaled, u8 = post(g)
    gmax = float(np.abs(g).max())
    cs = common.Case(
        "saliency", name, description=description, source=SOURCE, model=model, method="dlai_saliency",
        params={"model": model, "weights": weights, "class_index": class_index},
        fixtures=fixture_refs + weight_refs(weights),
        provenance={**common.tfjs_provenance(result, "python3 tools/oracle/generate.py saliency"),
                    "numpy": f"numpy {np.__version__} for the float32 post-processing and the uint8 cast",
                    **({"notes": note} if note else {})})
    cs.input("x", x)
    cs.output("predictions", out["predictions"], common.abs_rel(2e-6, 1e-5, "softmax of logits carrying float32 conv rounding"))
    cs.output("loss", out["loss"], common.abs_rel(1e-6, 1e-5, "-log of a renormalised, clipped probability"))
    if gmax == 0:
        tol_g = common.exact("the clip saturates, so every gradient is exactly 0")
        tol_gray = tol_g
        tol_scaled = common.exact("0/0: every value is NaN")
        tol_u8 = common.exact("NaN casts to 0")
    else:
        tol_g = common.abs_rel(float(np.float32(1e-6 * gmax)), 1e-5,
                               "backprop through 4 convs and 3 max-pools in float32, summed in another order: measured "
                               "< 2e-6 of the largest |gradient| (conditioning.md: up to 4.4e-5 relative on VGG16)")
        tol_gray = common.abs_rel(float(np.float32(3e-6 * gmax)), 1e-5, "sum of three |gradients|, each within its tolerance")
        tol_scaled = common.abs_rel(1e-3, 1e-5, "255 x a ratio of gradient differences: measured <= 1.4e-4 on [0, 255]")
        tol_u8 = common.abs_rel(1, 0, "truncation of a value that moved by < 1e-3 can fall one level lower or higher; the exact "
                                      "truncation rule is checked bit-exactly in saliency/uint8_truncation_254")
    cs.output("gradients", g, tol_g)
    cs.output("grayscale", gray, tol_gray)
    cs.output("scaled", scaled, tol_scaled)
    cs.output("normalized", u8, tol_u8)
    cs.write()
    return out


def find_254():
    """A grayscale map whose maximum maps to 254, not 255: fl32(fl32(255 d) / d) = 254.99998 for some float32 d."""
    vals = hashweights.hash_tensor(11, 0, (4096, 1)).ravel()
    for v in np.abs(vals):
        d = np.float32(v)
        if d > 0 and (np.float32(255) * d) / d < np.float32(255):
            return d
    raise SystemExit("no float32 d with 255*d/d < 255 among the candidates")


def main():
    common.clean_family("saliency")
    h = {"kind": "hash", "seed": 1}
    photos = ["chelsea-300.png", "coffee-300.png"]
    px = images.photos(photos)
    case("lab3_chelsea_hash", "Lab3 model (softmax over 2), counter-hash weights, the cat photo, class 0", "lab3", h,
         px[:1], 0, images.refs("photos", photos[:1]))
    case("lab3_batch2_hash", "the same on a batch of two photos, class 1: min and max are taken over the whole batch "
         "(tf.reduce_min/max without an axis), so each image's map is scaled by the other's range too", "lab3", h,
         px, 1, images.refs("photos", photos))
    fx = images.fashion(["test-00000.png"])
    case("lab1_trained_ankle_boot", "Lab1 trained weights, Fashion-MNIST test item 0 (ankle boot), true class 9",
         "lab1", {"kind": "npy", "dir": "fixtures/weights/lab1-fashion-mnist"}, fx, 9,
         images.refs("fashion-mnist", ["test-00000.png"]))
    out = case("lab1_saturated_zero_gradient",
               "saturated prediction: Fashion-MNIST item 0 x 100 with counter-hash weights predicts class 1 with p = 1.0f; "
               "the clip at 1 - 1e-7 has zero gradient, so every gradient is 0, grayscale is 0, 0/0 = NaN, uint8 0",
               "lab1", h, fx * np.float32(100), 1, images.refs("fashion-mnist", ["test-00000.png"]),
               note="the lab divides by max - min = 0; TF's uint8 cast of NaN is undefined in C++ and gives 0 on x86")
    assert np.all(out["gradients"] == 0), "the saturated case must have an all-zero gradient"
    # the truncation rule on its own, bit-exact: a 2x3 map with min 0 and max d where 255*d/d rounds to 254.99998
    d = find_254()
    gray = np.array([[0, d / 4, d / 2], [d * np.float32(0.75), d, d / 8]], np.float32)[None]
    _, scaled, u8 = post(gray[..., None])
    assert u8.max() == 254, u8
    cs = common.Case("saliency", "uint8_truncation_254",
                     description=f"the lab's scaling alone on a 1x2x3 grayscale map whose max d = {float(d)!r}: "
                                 "255*(g-min)/(max-min) gives 254.99998 at the max, and the cast truncates it to 254",
                     source=SOURCE, method="dlai_saliency_scale", params={},
                     provenance={"oracle": "NumPy float32 arithmetic in the lab's order, C-style truncating cast",
                                 "version": f"numpy {np.__version__}",
                                 "command": "python3 tools/oracle/generate.py saliency"})
    cs.input("grayscale", gray)
    cs.output("scaled", scaled, common.exact("two float32 operations in a fixed order"))
    cs.output("normalized", u8, common.exact("truncation toward zero, not rounding: the maximum is 254"))
    cs.write()
