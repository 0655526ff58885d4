"""Golden cases for pytorch-grad-cam 1.5.5's gradient and eigen CAMs (docs/methods/pytorch-grad-cam.md):
    cam = Method(model=model, target_layers=[layer])(input_tensor=x, targets=None or [ClassifierOutputTarget(k)])
for GradCAMPlusPlus, XGradCAM, HiResCAM, GradCAMElementWise, LayerCAM, EigenCAM and EigenGradCAM. They differ only in
get_cam_weights / get_cam_image; the rest is BaseCAM's: relu, scale_cam_image (min-max with 1e-7, cv2.resize to the
input), the mean over target layers and scale_cam_image again. The model parts come from PyTorch 1.13 (torchvision
AlexNet / VGG16 with counter-hash weights, hooked as ActivationsAndGradients does) and from TF.js (the trained Lab1
model, transposed to NCHW); the arithmetic is tools/oracle/pytorch_grad_cam.py. One family for the seven methods: they
share every line but one, so one generator keeps their cases alike (docs/architecture.md, the walk)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402
import images  # noqa: E402
import pytorch_grad_cam as pgc  # noqa: E402
import torch_report as tr  # noqa: E402
from lab_models import TRAINED, forward, model_parts, weight_refs  # noqa: E402
from tolerances import largest, tol_scaled  # noqa: E402

FAMILY = "pgc_cam"
NEEDS = ["torch", "torchvision", "cv2", "PIL", "tfjs"]  # beyond NumPy (generate.py)
SOURCE = "pytorch-grad-cam 1.5.5: Method(model, target_layers=[layer])(input_tensor, targets) (base_cam.py)"
METHODS = ["gradcam_plusplus", "xgradcam", "hirescam", "gradcam_elementwise", "layercam", "eigencam", "eigengradcam"]
NAMES = {"gradcam_plusplus": "GradCAMPlusPlus", "xgradcam": "XGradCAM", "hirescam": "HiResCAM",
         "gradcam_elementwise": "GradCAMElementWise", "layercam": "LayerCAM", "eigencam": "EigenCAM",
         "eigengradcam": "EigenGradCAM"}


def provenance(tf_result=None, note=None):
    parts = (f"TensorFlow.js {tf_result['tfjs']} (the Lab1 model's A and gradients)" if tf_result else
             "PyTorch 1.13 + torchvision 0.14 (Debian; the model's A and gradients, hooked as ActivationsAndGradients)")
    p = {"oracle": parts + "; pytorch-grad-cam 1.5.5's arithmetic in NumPy + OpenCV 4.6 (tools/oracle/pytorch_grad_cam.py)",
         "version": tr.version(), "debian_packages": tr.debian_packages(), "command": common.command(FAMILY)}
    if note:
        p["notes"] = note
    return p


def run(method, A, g, hw):
    raw, extra = pgc.cam_image(method, A, g)
    layer, cam = pgc.maps(np.float32(raw), hw)
    return np.float32(raw), extra, layer, cam


def nudged(a, tol, t):
    """a moved by up to its whole tolerance (tol + 1e-5 |a|) at its nonzero entries (a port's exact zeros, from ReLU and
    max-pool routing, stay zero)."""
    u = hashweights.uniform(12, t, a.shape)
    return np.where(a != 0, a + (tol + 1e-5 * np.abs(a)) * u, a).astype(np.float32)


def within(name, key, a, b, t):
    """Exits unless the probe's `a` lies within the tolerance `t` of the oracle's `b`."""
    share = float(np.max(np.abs(np.float64(a) - b) / (t["abs"] + t["rel"] * np.abs(np.float64(b)))))
    if share > 1:
        sys.exit(f"{name}: the oneDNN channels-last probe moves {key} by {share:.1%} of its tolerance")


def write_case(method, name, description, model, x, hw, parts, refs, params, depth, tf_result=None, probe=None):
    """probe: the same parts from another correct float32 implementation (torch_report.onednn_channels_last), or None."""
    outputs, cats, A, g = parts
    raw, extra, layer, cam = run(method, A, g, hw)
    order = np.sort(outputs, axis=1)
    gap = float(np.min(order[:, -1] - order[:, -2]))
    if params.get("class_index") is None:
        assert gap > 100 * depth * float(np.max(np.abs(outputs))), f"{name}: the top two classes tie within rounding"
    note = None
    if "lapack_sign_flipped" in extra:
        note = (f"get_2d_projection's sign as NumPy {np.__version__}'s LAPACK returned it was flipped by the sign rule for "
                f"image(s) {[i for i, f in enumerate(extra['lapack_sign_flipped']) if f]} (|max| - |min| over the larger: "
                f"{np.round(extra['sign_margin'], 3).tolist()}); the goldens record the corrected sign")
    cs = common.Case(FAMILY, f"{method}_{name}", description=f"{NAMES[method]}: {description}", source=SOURCE, model=model,
                     method=f"pgc_{method}", params=params, fixtures=refs, provenance=provenance(tf_result, note))
    cs.input("x", x)
    t_out = tol_scaled(depth, outputs, "float32 convolutions in another order (the candidate vs the oracle's forward)")
    cs.output("outputs", outputs, t_out)
    cs.output("class_index", cats, common.exact("ClassifierOutputTarget: the requested class, or argmax of the outputs (top "
                                                f"two apart by >= {gap:.3g})"))
    tA, aA = tol_scaled(depth, A, "float32 convolutions in another order, up to the target layer"), depth * largest(A)
    cs.output("activations", A, tA)
    ag = 0.0
    if pgc.USES_GRADIENTS[method]:
        tg, ag = tol_scaled(depth, g, "the backward pass in another order"), depth * largest(g)
        cs.output("gradients", g, tg)
    # the rest: measured, as in the report's family: the arithmetic re-run on A and g moved by their tolerances (nonzero
    # entries only) in 3 deterministic ways; 10 x the largest change, plus float32 rounding of the values
    keys = (["weights"] if "weights" in extra else []) + ["cam_raw", "cam_layer", "cam"]
    honest = dict(cam_raw=raw, cam_layer=layer, cam=cam, **({"weights": extra["weights"]} if "weights" in extra else {}))
    moved = dict.fromkeys(keys, 0.0)
    for t in range(3):
        r2, e2, l2, c2 = run(method, nudged(A, aA, 2 * t), nudged(g, ag, 2 * t + 1), hw)
        other = dict(cam_raw=r2, cam_layer=l2, cam=c2, **({"weights": e2["weights"]} if "weights" in e2 else {}))
        for k in keys:
            moved[k] = max(moved[k], float(np.max(np.abs(other[k] - honest[k]))))
    by = "when A and the gradients move by their tolerances"
    if probe is not None:
        within(name, "outputs", probe[0], outputs, t_out)
        within(name, "activations", probe[2], A, tA)
        if pgc.USES_GRADIENTS[method]:
            within(name, "gradients", probe[3], g, tg)
        r2, e2, l2, c2 = run(method, np.ascontiguousarray(probe[2]), np.ascontiguousarray(probe[3]), hw)
        other = dict(cam_raw=r2, cam_layer=l2, cam=c2, **({"weights": e2["weights"]} if "weights" in e2 else {}))
        for k in keys:
            moved[k] = max(moved[k], float(np.max(np.abs(other[k] - honest[k]))))
        by += " or oneDNN computes the case on channels-last data"
    # SVD's first component moves most under a change of A along the second component, which random moves reach only in
    # part (the conditioning check's float64 run moved the eigen maps by 6.4 x the largest random change): 20 x there
    factor = 20 if "sign_margin" in extra else 10
    for k in keys:
        # weights and raw maps are products and ratios of A and g elements: their relative tolerances add (3e-5); the
        # normalised maps are bounded by the measured change alone
        rel, why = (3e-5, "; relative 3e-5: the relative tolerances of A, g and sum(A) added") if k in ("weights", "cam_raw") else (0.0, "")
        cs.output(k, honest[k], common.abs_rel(float(np.float32(factor * moved[k] + 4e-7 * np.max(np.abs(honest[k])))), rel,
                                               f"{factor} x the largest change ({moved[k]:.3g}) {by}, plus float32 rounding{why}"))
    if "sign_margin" in extra:
        limit = factor * moved["cam_raw"] / float(np.max(np.abs(raw)))
        assert np.min(extra["sign_margin"] ** 2) > limit ** 2, f"{name}: the projection's sign is not decided beyond rounding"
    cs.write()


def torch_cases(methods):
    x = tr.preprocess_image(tr.load_rgb("images/photos/chelsea.png"), 224)
    refs = [common.fixture_ref("chelsea.png", "images/photos/chelsea.png"), common.fixture_ref("hash-weights", "weights/hash-weights.json")]
    base = dict(model="alexnet", weights={"kind": "hash", "seed": 1}, layer="features.11", class_index=None)
    parts = pgc.activations_and_gradients(tr.model("alexnet"), x, "features.11")
    probe = tr.onednn_channels_last(lambda m: pgc.activations_and_gradients(m, x, "features.11", [int(c) for c in parts[1]]), tr.model("alexnet"))
    for method in methods:
        write_case(method, "alexnet_features11_top", "AlexNet (counter-hash weights), chelsea.png 224x224, the top class, "
                   "target features.11 (the ReLU after the last conv, 13x13x256)", "alexnet", x, x.shape[2:], parts, refs, base, 1e-5,
                   probe=probe)
    x = tr.preprocess_hw(tr.load_rgb("images/photos/coffee.png"), 288, 224)
    refs[0] = common.fixture_ref("coffee.png", "images/photos/coffee.png")
    p = dict(base, model="vgg16-torch", layer="features.30", class_index=[tr.KING_SNAKE])
    parts = pgc.activations_and_gradients(tr.model("vgg16-torch"), x, "features.30", [tr.KING_SNAKE])
    probe = tr.onednn_channels_last(lambda m: pgc.activations_and_gradients(m, x, "features.30", [tr.KING_SNAKE]), tr.model("vgg16-torch"))
    for method in methods:
        write_case(method, "vgg16_features30_king_snake_288x224", "VGG16 (counter-hash weights), coffee.png resized to 288 "
                   "wide x 224 high, class 56 (king snake), target features.30 (the last max-pool, model.features[-1] in the "
                   "library's examples: 7x9x512): a non-square map resized to (width 288, height 224)", "vgg16-torch", x,
                   x.shape[2:], parts, refs, p, 2e-5, probe=probe)


def lab_cases(methods):
    names = ["test-00000.png", "test-00001.png", "test-00002.png"]
    fx = images.fashion(names)
    _, fl = forward("lab1", TRAINED, fx, ["dense"])
    k = np.argmax(fl["dense"], axis=1)
    _, r2, A, outputs, g = model_parts("lab1", TRAINED, fx, k, layer="conv2d_3", linear=True)
    parts = (outputs, k.astype(np.int64), np.ascontiguousarray(A.transpose(0, 3, 1, 2)), np.ascontiguousarray(g.transpose(0, 3, 1, 2)))
    for method in methods:
        lab_case(method, fx, parts, k, names, r2)


def lab_case(method, fx, parts, k, names, r2):
    p = dict(model="lab1", weights=TRAINED, layer="conv2d_3", class_index=None)   # logits: PgcCamParams.Open
    write_case(method, "lab1_trained_predicted", f"the trained Lab1 model ported with its final Dense returning logits (as "
               f"torchvision's do), three Fashion-MNIST items (a batch of 3), their predicted classes {k.tolist()}, target "
               "conv2d_3 (3x3x128, NCHW as the library sees it)", "lab1", fx, fx.shape[1:3], parts,
               images.refs("fashion-mnist", names) + weight_refs(TRAINED), p, 2e-6, tf_result=r2)


def main():
    common.clean_family(FAMILY)
    torch_cases(METHODS)
    lab_cases(METHODS)


if __name__ == "__main__":
    main()
