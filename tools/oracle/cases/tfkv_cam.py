"""Golden cases for tf-keras-vis Gradcam and GradcamPlusPlus as the VGG16 lab calls them (seed 003; docs/methods/tf-keras-vis.md, gradcam.md, gradcam-plus-plus.md):
    gradcam = Gradcam(model, model_modifier=ReplaceToLinear(), clone=True)
    cam = gradcam(CategoricalScore(indices), X, penultimate_layer=-1)   # -1 -> the last conv layer (block5_conv3)
The model parts come from TF.js (A = the penultimate layer's output, wasm backend, forward only; the gradient of
sum_n logits[n, indices[n]] with respect to A, cpu backend); the rest is tf-keras-vis's own arithmetic (tfkv.py:
channel weights, sum, relu, scipy zoom order 1, normalize). Every intermediate is an output, so a port can see where it
first departs."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402
import images  # noqa: E402
import tfkv  # noqa: E402
from lab_models import HASH, TRAINED, cam_provenance, forward, keras_layers, model_parts, vgg_input, weight_refs  # noqa: E402
from tfkv_pick import conditioned_class, mixed_sign_classes  # noqa: E402
from cam_outputs import write_maps  # noqa: E402
from tolerances import conv_depth, tol_scaled  # noqa: E402

FAMILY = "tfkv_cam"
NEEDS = ["scipy", "PIL", "tfjs", "keras_applications"]  # beyond NumPy (generate.py)
# Grad-CAM++'s measured tolerances allow FACTOR x the largest change under perturbations of A and g: the Reference run in
# float64 moved the coffee case's normalized map by 7 x the largest of 8 such changes (alpha's pole amplifies rounding
# in directions random perturbations rarely hit), so 20 leaves a 2 x margin over it (docs/conditioning.md)
FACTOR = 20
SOURCE = "seed 003 (VGG16 lab): Gradcam / GradcamPlusPlus(model, model_modifier=ReplaceToLinear(), clone=True)" \
         "(CategoricalScore(indices), X, penultimate_layer=-1); tf-keras-vis 0.8.x"
def write_case(method, name, description, model, weights, X, fixture_refs, indices, parts, note=None, exp_overflow=False,
               penultimate=-1, linear=True):
    r1, r2, A, outputs, g = parts
    scores = outputs[np.arange(len(indices)), indices]
    base = dict(model=model, weights=weights, linear=linear, penultimate_layer=penultimate,
                resolved_layer=tfkv.seek_penultimate_conv(keras_layers(model), penultimate), indices=[int(i) for i in indices])
    cs = common.Case(FAMILY, name, description=description, source=SOURCE, model=model, method=method, params=base,
                     fixtures=fixture_refs + weight_refs(weights), provenance=cam_provenance(FAMILY, r1, r2, note))
    cs.input("x", X)
    depth = conv_depth(model)
    cs.output("penultimate", A, tol_scaled(depth, A, "float32 convolutions summed in another order through "
                                                 f"{'13' if model == 'vgg16' else '4'} conv layers"))
    cs.output("outputs", outputs, tol_scaled(depth, outputs, f"the model's ({'linear' if linear else 'softmax'}) "
                                                              "outputs, accumulating the same error"))
    cs.output("scores", scores, tol_scaled(depth, outputs, "CategoricalScore: outputs[n, indices[n]]"))
    cs.output("grads", g, tol_scaled(depth, g, "backprop of the score through the layers after the penultimate one"))
    amag = np.abs(A)
    if method == "tfkv_gradcam":
        w, raw = tfkv.gradcam(A, g)
        cs.output("weights", w, tol_scaled(depth, g, "a spatial mean of gradients"))
    else:
        S, alphas, dlw, raw = tfkv.gradcam_plus_plus(A, g, scores)
        out_tol = float(np.float32(depth * np.max(np.abs(outputs))))
        cs.output("exp_scores", S, common.exact("exp overflows float32 to inf above 88.72") if exp_overflow else
                  common.abs_rel(float(np.float32(out_tol * S.max())), 1e-5, "exp of a score: its relative error is the "
                                 f"score's abs error (the outputs' tolerance, {out_tol:.3g})"))
        # alpha = 1 / (2 + g sum(A)) is ill-conditioned near its pole, and the 0/0 guards are discontinuous, so the
        # tolerance is measured: tf-keras-vis's arithmetic re-run on A and g perturbed by their own tolerances (nonzero g
        # only: which positions get gradient is decided by max-pool routing) in 8 deterministic ways; FACTOR x the
        # largest change, plus float32 rounding
        gmax, amax = float(np.max(np.abs(g))), float(np.max(np.abs(A)))
        moved = {"weights": 0.0, "raw": 0.0, "cam": 0.0}
        base_cam = tfkv.normalize(raw)
        for t in range(8):
            ua = hashweights.uniform(11, 2 * t, A.shape).astype(np.float32)
            ug = hashweights.uniform(11, 2 * t + 1, g.shape).astype(np.float32)
            Ap = A + np.float32(depth * amax) * ua
            gp = np.where(g != 0, g + np.float32(depth * gmax) * ug, g).astype(np.float32)
            _, _, dp, rp = tfkv.gradcam_plus_plus(Ap, gp, scores)
            if not exp_overflow:
                moved["weights"] = max(moved["weights"], float(np.max(np.abs(dp - dlw))))
                moved["raw"] = max(moved["raw"], float(np.max(np.abs(rp - raw))))
                moved["cam"] = max(moved["cam"], float(np.max(np.abs(tfkv.normalize(rp) - base_cam))))
        cs.output("weights", dlw, common.exact("NaN everywhere: inf * 0 and inf / inf (see the description)") if exp_overflow
                  else common.abs_rel(float(np.float32(FACTOR * moved["weights"])), max(1e-5, out_tol), f"{FACTOR} x the largest "
                                      "change under perturbations of A and g by their tolerances (alpha's pole at g sum(A) "
                                      "= -2 makes an a-priori bound useless); relative: the scores' abs tolerance, since "
                                      "the weights scale with S = exp(score), whose relative error is the score's abs error"))
    terms = float(np.max(np.einsum("nhwc,nc->nhw", amag, np.abs(w)))) if method == "tfkv_gradcam" else 0.0
    if exp_overflow:
        cs.output("cam_raw", raw, common.exact("NaN everywhere"))
        cs.output("cam_unexpanded", tfkv.normalize(raw), common.exact("NaN everywhere"))
        cs.output("cam", tfkv.normalize(tfkv.expand(raw, X.shape)), common.exact("NaN everywhere"))
    elif method == "tfkv_gradcampp":
        meas = common.abs_rel(float(np.float32(FACTOR * moved["cam"] + 1e-6)), 0.0, f"{FACTOR} x the largest change of the "
                              "normalized map under the perturbations above, plus float32 rounding")
        cs.output("cam_raw", raw, common.abs_rel(float(np.float32(FACTOR * moved["raw"])), max(1e-5, out_tol), f"{FACTOR} x the "
                                                 "largest change under the perturbations above; relative: the scores' abs "
                                                 "tolerance (the map scales with S = exp(score))"))
        cs.output("cam_unexpanded", tfkv.normalize(raw), meas)
        cs.output("cam", tfkv.normalize(tfkv.expand(raw, X.shape)), meas)
    else:
        write_maps(cs, raw, X.shape, terms, depth, f"sum over {A.shape[-1]} channels of A * weight, relu",
                   "; cancellation makes relative error unbounded near 0")
    cs.write()


def main():
    common.clean_family(FAMILY)
    X, refs = vgg_input(["chelsea.png", "coffee.png"])
    r1, fw = forward("vgg16", HASH, X, ["predictions"])
    logits = fw["predictions"]
    best = np.argmax(logits, axis=1)
    parts = model_parts("vgg16", HASH, X, best)
    write_case("tfkv_gradcam", "vgg16_best_class", "The lab's Grad-CAM: VGG16 (counter-hash weights), chelsea.png and "
               f"coffee.png through load_img + preprocess_input, each image's best class ({best.tolist()})",
               "vgg16", HASH, X, refs, best, parts)
    order = np.argsort(-logits[0], kind="stable")
    X2 = np.concatenate([X[:1], X[:1]])
    ranks = order[[1, 4]]
    write_case("tfkv_gradcam", "vgg16_rank2_rank5", "The lab's Task 2: Grad-CAM for the 2nd and the 5th best class of "
               f"chelsea.png ({ranks.tolist()}), one CategoricalScore index per batch item", "vgg16", HASH, X2, refs[:1],
               ranks, model_parts("vgg16", HASH, X2, ranks))
    # Grad-CAM++ multiplies by exp(score): the hash-weight VGG16's best logits (~300) overflow float32, so the main case
    # takes a class whose logit is below 30 (like a trained VGG16's), and the overflow is its own case. Among the 24 best
    # such classes it takes the one whose alpha is best conditioned (alpha = 1 / (2 + g sum(A)) has a pole at
    # g sum(A) = -2) while g sum(A) still matters (max |g sum(A)| >= 1, so a port that drops or misplaces the sum(A)
    # term fails)
    X1 = X[:1]
    below, info = conditioned_class(X1, logits[0])
    write_case("tfkv_gradcampp", "vgg16_conditioned_class", f"Grad-CAM++ on chelsea.png for class {below} ({info}). "
               "block5_conv3's gradient is zero wherever block5_pool did not pick the position (3 of 4 per window) and in "
               "dead channels, so the 0/0 guards are exercised; the activation maps are far from constant",
               "vgg16", HASH, X1, refs[:1], np.array([below]), model_parts("vgg16", HASH, X1, np.array([below])))
    X2c = X[1:2]
    below2, info2 = conditioned_class(X2c, logits[1])
    write_case("tfkv_gradcampp", "vgg16_coffee_conditioned_class", f"Grad-CAM++ on coffee.png for class {below2} ({info2}): "
               "a second image whose gradient varies across positions, so alpha's sum(A) term and the ReLU are seen twice",
               "vgg16", HASH, X2c, refs[1:2], np.array([below2]), model_parts("vgg16", HASH, X2c, np.array([below2])))
    write_case("tfkv_gradcampp", "vgg16_exp_overflow", f"Grad-CAM++ for chelsea.png's best class ({best[0]}, logit "
               f"{logits[0, best[0]]:.1f}): exp(score) = inf in float32, so S*g is +-inf (NaN where g = 0) and alpha = "
               "inf/inf: tf-keras-vis returns a map of NaN", "vgg16", HASH, X1, refs[:1], best[:1],
               model_parts("vgg16", HASH, X1, best[:1]), exp_overflow=True,
               note="NumPy warns about overflow and invalid values; tf-keras-vis itself does the same in TF ops")
    names = ["test-00000.png", "test-00001.png", "test-00002.png"]
    fx = images.fashion(names)
    _, fl = forward("lab1", TRAINED, fx, ["dense"])
    lb = np.argmax(fl["dense"], axis=1)
    fparts = model_parts("lab1", TRAINED, fx, lb)
    mixed = mixed_sign_classes(fx)
    write_case("tfkv_gradcam", "lab1_trained_gradcam_mixed_sign", "Grad-CAM on the trained Lab1 model for the class of "
               f"each item ({mixed.tolist()}) whose map sum_c w_c A_c is most evenly split between positive and negative "
               "cells: the ReLU before the normalisation zeroes part of the map, not all or none of it", "lab1", TRAINED,
               fx, images.refs("fashion-mnist", names), mixed, model_parts("lab1", TRAINED, fx, mixed))
    for method in ("tfkv_gradcam", "tfkv_gradcampp"):
        write_case(method, f"lab1_trained_{method.split('_')[1]}", f"{method.split('_')[1]} on the trained Lab1 model "
                   f"(GAP head), three Fashion-MNIST items, their predicted classes {lb.tolist()}; conv2d_3 is 3x3, "
                   "zoomed by 28/3", "lab1", TRAINED, fx, images.refs("fashion-mnist", names), lb, fparts)
    # the goldens' other tf-keras-vis arguments: scores on the softmax probabilities (no ReplaceToLinear) and the
    # penultimate layer by another index (model.layers of a Sequential has no InputLayer: 4 -> max_pooling2d_1 would
    # be one off) and by a layer's name (a pooling layer: the search walks back to conv2d_1). The softmax cases take
    # the two items the trained model is least sure of, at their predicted classes: elsewhere p is within 1e-3 of 1
    # (or of 0) and the softmax Jacobian p_k(e_k - p) shrinks the gradient to a float32 cancellation
    soft = ["test-00000.png", "test-00004.png"]
    sx = images.fashion(soft)
    _, sl = forward("lab1", TRAINED, sx, ["dense"], linear=False)
    sk = np.argmax(sl["dense"], axis=1)
    for method in ("tfkv_gradcam", "tfkv_gradcampp"):
        short = method.split('_')[1]
        write_case(method, f"lab1_trained_{short}_softmax", f"{short} without ReplaceToLinear (linear=False): the score is "
                   f"the softmax probability of the predicted class ({sk.tolist()}, p = "
                   f"{', '.join(f'{v:.2f}' for v in sl['dense'][np.arange(2), sk])}), so g carries the softmax Jacobian "
                   "p_k(e_k - p)", "lab1", TRAINED, sx, images.refs("fashion-mnist", soft), sk,
                   model_parts("lab1", TRAINED, sx, sk, linear=False), linear=False)
    write_case("tfkv_gradcam", "lab1_trained_gradcam_index_4", "Grad-CAM with penultimate_layer=4: model.layers[4] of the "
               "Sequential Lab1 model is conv2d_2 (7x7x64; counting an InputLayer would give max_pooling2d_1 and so "
               "conv2d_1). Behind it max_pooling2d_2 routes the gradient, so g differs from position to position: a "
               "port that weights by anything but the spatial mean fails", "lab1", TRAINED, fx,
               images.refs("fashion-mnist", names), lb, model_parts("lab1", TRAINED, fx, lb, layer="conv2d_2"), penultimate=4)
    write_case("tfkv_gradcampp", "lab1_trained_gradcampp_by_name", "Grad-CAM++ with penultimate_layer='max_pooling2d_1': "
               "a pooling layer's name, so the search walks back to conv2d_1 (14x14x32, zoomed by 2)", "lab1", TRAINED, fx,
               images.refs("fashion-mnist", names), lb, model_parts("lab1", TRAINED, fx, lb, layer="conv2d_1"),
               penultimate="max_pooling2d_1")
