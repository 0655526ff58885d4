"""Golden cases for the DeepLearning.AI saliency lab (seed 002; docs/methods/saliency.md):
    with tf.GradientTape() as tape:
        inputs = tf.cast(image, tf.float32); tape.watch(inputs)
        predictions = model(inputs)
        loss = tf.keras.losses.categorical_crossentropy(tf.one_hot([class_index] * N, num_classes), predictions)
    gradients = tape.gradient(loss, inputs)
    grayscale = tf.reduce_sum(tf.abs(gradients), axis=-1)
    normalized = tf.cast(255 * (grayscale - tf.reduce_min(grayscale)) / (tf.reduce_max(grayscale) - tf.reduce_min(grayscale)), tf.uint8)
The gradient comes from TF.js (cpu backend); the float32 post-processing and the uint8 cast (C++ truncation, as TF's
Cast kernel does) are NumPy. The lab's own model (Inception-v3 from TF-Hub) is not available; the cases use the trained Lab1 model
(and counter-hash weights for the saturated case)."""
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402
import images  # noqa: E402
from lab_models import weight_refs  # noqa: E402

NEEDS = ["PIL", "tfjs"]  # beyond NumPy (generate.py)

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


def case(name, description, model, weights, x, class_index, fixture_refs, note=None, measure=False):
    result, out = run(model, weights, x, class_index)
    g = out["gradients"]
    gray, scaled, u8 = post(g)
    gmax = float(np.abs(g).max())
    cs = common.Case(
        "saliency", name, description=description, source=SOURCE, model=model, method="dlai_saliency",
        params={"model": model, "weights": weights, "class_index": class_index},
        fixtures=fixture_refs + weight_refs(weights),
        provenance={**common.tfjs_provenance(result, common.command("saliency")),
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
        # the uint8 cast truncates 'scaled': a byte can move one level only where 'scaled' lies within its tolerance
        # (1e-3) of an integer; twice that share (at least one element) may move, so a port that rounds (moving about
        # half of them) fails
        near = np.abs(scaled - np.round(scaled)) < 1e-3 + 255 * 2.0 ** -22
        share = float(min(1.0, 2 * near.mean() + 1 / near.size))
        tol_u8 = common.abs_rel(0, 0, f"truncation of 'scaled': {near.mean():.3%} of its values lie within their tolerance "
                                      "(1e-3) of an integer and can fall one level lower or higher; twice that share (at "
                                      "least one element) may differ, by one level; the exact truncation rule is checked "
                                      "bit-exactly in saliency/uint8_truncation_254", share, 1)
    if measure:
        tol_g, tol_gray, tol_scaled, tol_u8 = measured_budgets(model, weights, x, class_index,
                                                               [g, gray, scaled, u8], [tol_g, tol_gray, tol_scaled, tol_u8])
    cs.output("gradients", g, tol_g)
    cs.output("grayscale", gray, tol_gray)
    cs.output("scaled", scaled, tol_scaled)
    cs.output("normalized", u8, tol_u8)
    cs.write()
    return out


def measured_budgets(model, weights, x, class_index, base, tols):
    """Outlier budgets measured by the oracle itself: the input gradient of a 300x300 ReLU net is not well-posed element
    by element (a 1-ulp change of the photo flips ReLU kinks and max-pool switches, each flip re-routes gradient over a
    patch), so TF.js is re-run on the input one ulp up and one ulp down and each output gets: the tight bound for all
    but four times the share of elements the nudges moved past it (at least 0.2 %), those within three times the
    largest move (the Reference, nudged the same way, meets the same largest move: twice would sit at the 50 % mark). The
    uint8 map's base bound is exact (every changed byte counts) and its share is eight times the nudges', not four: the
    Reference, nudged the same way, flips about five times as many uint8 levels as TF.js."""
    moved = [(0.0, 0.0)] * len(base)
    for direction in (np.inf, -np.inf):
        _, o = run(model, weights, np.nextafter(x, np.float32(direction)).astype(np.float32), class_index)
        gray, scaled, u8 = post(o["gradients"])[0], *post(o["gradients"])[1:]
        for k, (b, v, t) in enumerate(zip(base, [o["gradients"], gray, scaled, u8], tols)):
            d = np.abs(v.astype(np.float64) - b.astype(np.float64))
            out = d > t["abs"] + t["rel"] * np.abs(b.astype(np.float64))
            moved[k] = (max(moved[k][0], float(out.mean())), max(moved[k][1], float(d.max())))
    res = []
    for (frac, dmax), t, b in zip(moved, tols, base):
        if frac == 0:
            res.append(t)
            continue
        big = float(np.max(np.abs(b)))
        res.append(common.abs_rel(t["abs"], t["rel"], t["reason"] + f"; a 1-ulp nudge of the photo moved {frac:.3%} of the "
                                  f"elements past that bound in TF.js, one by {dmax / big:.1%} of the largest |value| (ReLU-kink "
                                  "and max-pool-switch flips, which another library meets at other elements): up to "
                                  f"{'eight' if b.dtype == np.uint8 else 'four'} times that share (at least 0.2 %"
                                  f"{', and at least the share near an integer' if t.get('outlier_fraction') else ''}) may "
                                  "be outside it, each within three times that move",
                                  min(1.0, max((8 if b.dtype == np.uint8 else 4) * frac, 2e-3,
                                               t.get("outlier_fraction") or 0.0)),
                                  max(float(np.float32(3 * dmax)) if b.dtype != np.uint8 else float(np.ceil(3 * dmax)),
                                      t.get("outlier_abs") or 0.0)))
    return res


def find_254():
    """A grayscale map whose maximum maps to 254, not 255: fl32(fl32(255 d) / d) = 254.99998 for some float32 d."""
    vals = hashweights.hash_tensor(11, 0, (4096, 1)).ravel()
    for v in np.abs(vals):
        d = np.float32(v)
        if d > 0 and (np.float32(255) * d) / d < np.float32(255):
            return d
    raise SystemExit("no float32 d with 255*d/d < 255 among the candidates")


def scale_case(name, description, gray, sharp_why):
    _, scaled, u8 = post(gray[..., None])
    cs = common.Case("saliency", name, description=description, source=SOURCE, method="dlai_saliency_scale", params={},
                     provenance={"oracle": "NumPy float32 arithmetic in the lab's order, C-style truncating cast",
                                 "version": f"numpy {np.__version__}", "command": common.command("saliency")})
    cs.input("grayscale", gray)
    cs.output("scaled", scaled, common.sharp(common.exact("two float32 operations in a fixed order"), sharp_why))
    cs.output("normalized", u8, common.sharp(common.exact("truncation toward zero, not rounding"), sharp_why))
    cs.write()
    return scaled, u8


def scale_cases_extra():
    """The scaling rules on given maps, exactly: fractions at and above .5 (truncation, not rounding) and a batch whose
    two maps have different ranges (one min and one max for the whole batch)."""
    g = (np.arange(12, dtype=np.float32).reshape(1, 3, 4) * np.float32(0.7)) ** 2
    scaled, u8 = scale_case("uint8_truncation_fractions", "the lab's scaling alone on a 1x3x4 map (0.7 k)^2: the scaled "
                            "values have fractional parts up to .97, which the cast truncates (rounding would add 1)", g,
                            "given values whose scaled fractions decide the truncation")
    assert np.sum((scaled - np.floor(scaled)) >= 0.5) >= 3, scaled
    b = np.stack([np.linspace(0, 1, 6, dtype=np.float32).reshape(2, 3),
                  np.linspace(0.1, 0.35, 6, dtype=np.float32).reshape(2, 3)])
    scale_case("batch2_scale_ranges", "the lab's scaling on a batch of two 2x3 maps with ranges [0, 1] and [0.1, 0.35]: "
               "min and max over the whole batch, so the second map spans 25-89, not 0-255", b,
               "given values: the batch's min and max are elements of the input")


def main():
    common.clean_family("saliency")
    h = {"kind": "hash", "seed": 1}
    # The Lab3 (300x300, RGB) photo case: the only one where summing |g| over three channels differs from a max. Its
    # input gradient is not well-posed element by element, so its budgets are measured (measured_budgets). The batch
    # semantics (one class for all, min and max over the whole batch) is checked on the trained Lab1 model, whose
    # gradients are stable (a 1-ulp nudge uses < 10 % of the tight bound there).
    photos = ["chelsea-300.png", "coffee-300.png"]
    px = images.dither(images.photos(photos), 1 / 255)
    case("lab3_chelsea_hash", "Lab3 model (softmax over 2), counter-hash weights, the cat photo with a one-grey-level "
         "counter-hash dither (images.dither), class 0: RGB, so the channel sum is checked", "lab3", h,
         px[:1], 0, images.refs("photos", photos[:1]), measure=True)
    case("lab3_coffee_hash", "the same model on the dithered coffee photo, class 1: a second RGB case for the channel "
         "sum", "lab3", h, px[1:], 1, images.refs("photos", photos[1:]), measure=True)
    names = ["test-00000.png", "test-00001.png"]
    fb = images.fashion(names)
    fb[1] = fb[1] * np.float32(0.25)   # the second item darker: its own range is a quarter of the first's
    case("lab1_trained_batch2_ranges", "Lab1 trained weights, two Fashion-MNIST items (the second scaled by 0.25, so the "
         "samples have different value ranges), one class (9) for both: min and max are taken over the whole batch "
         "(tf.reduce_min/max without an axis), so the darker item's map is scaled by the other's range too",
         "lab1", {"kind": "npy", "dir": "fixtures/weights/lab1-fashion-mnist"}, fb, 9,
         images.refs("fashion-mnist", names))
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
                                 "command": common.command("saliency")})
    cs.input("grayscale", gray)
    cs.output("scaled", scaled, common.sharp(common.exact("two float32 operations in a fixed order"),
                                             "the maximum is chosen so that 255 d / d rounds to 254.99998 in float32"))
    cs.output("normalized", u8, common.sharp(common.exact("truncation toward zero, not rounding: the maximum is 254"),
                                             "truncates the float32 254.99998 above; float64 arithmetic gives 255.0 there"))
    cs.write()
    scale_cases_extra()
