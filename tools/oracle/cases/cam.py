"""Golden cases for the DeepLearning.AI CAM labs (seed 002 show_cam; docs/methods/cam.md):
    cam_model = Model(model.input, (model.layers[-3].output, model.layers[-1].output))
    features, results = cam_model.predict(X)            # conv2d_3 output (ReLU applied) and the Dense predictions
    gap_weights = model.layers[-1].get_weights()[0]     # (128, classes)
    pred = np.argmax(results[i]); w = gap_weights[:, pred]
    Z = scipy.ndimage.zoom(features[i], (H/h, W/w, 1), order=2)   # the labs' order; zoom_order other cases use
    cam = np.dot(Z, w)
The model part runs in TF.js (cpu backend); the NumPy/SciPy part is the lab's own code on the oracle's features."""
import json
import os
import sys

import numpy as np
import scipy
import scipy.ndimage

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402
import images  # noqa: E402
from lab_models import weight_refs  # noqa: E402

NEEDS = ["scipy", "PIL", "tfjs"]  # beyond NumPy (generate.py)

TRAINED = "weights/lab1-fashion-mnist"
FASHION = ["test-00000.png", "test-00001.png", "test-00002.png", "test-00004.png", "test-00006.png", "test-00008.png"]


def gap_weights(model, weights):
    if weights["kind"] == "hash":
        return dict(hashweights.weights(model, weights["seed"]))["dense/kernel"]
    d = os.path.join(common.ROOT, weights["dir"])
    return np.load(os.path.join(d, sorted(f for f in os.listdir(d) if f.endswith(".npy"))[-2]))


def tol_features(scale):
    return common.abs_rel(float(np.float32(4e-6 * scale)), 1e-5,
                          "float32 convolutions summed in another order (TF.js cpu vs the candidate): relative error grows "
                          "~1e-7 per layer; abs floor 4e-6 x the largest activation for values near 0 after ReLU")


def case(name, description, model, weights, x, fixture_refs, zoomed_output=True, note=None, zoom_order=2):
    h_in, w_in = x.shape[1:3]
    result, out = run_forward(model, weights, x)
    feats, preds = out["conv2d_3"], out["dense"]
    gw = gap_weights(model, weights)
    h, w = feats.shape[1:3]
    zoom = (h_in / h, w_in / w, 1)
    cls = np.argmax(preds, axis=1).astype(np.int64)
    zoomed = np.stack([scipy.ndimage.zoom(feats[i], zoom, order=zoom_order) for i in range(len(x))])
    cams = np.stack([np.dot(zoomed[i], gw[:, cls[i]]) for i in range(len(x))])
    # the scale of the terms np.dot sums: bounds the rounding of any summation order
    term_scale = float(np.max(np.abs(zoomed) @ np.abs(gw).max(axis=1)))
    cs = common.Case(
        "cam", name, description=description,
        source=f"seed 002 (DLAI C3W4 CAM labs): cam_model.predict, gap_weights[:, argmax], scipy.ndimage.zoom order "
               f"{zoom_order}{'' if zoom_order == 2 else ' (the labs use 2)'}, np.dot",
        model=model, method="dlai_cam",
        params={"model": model, "weights": weights, "zoom": [float(z) for z in zoom], "zoom_order": zoom_order},
        fixtures=fixture_refs + weight_refs(weights),
        provenance={**common.tfjs_provenance(result, common.command("cam")),
                    "numpy_scipy": f"numpy {np.__version__}, SciPy {scipy.__version__} (Debian python3-scipy "
                                   f"{common.debian_version('python3-scipy')}) for zoom and np.dot",
                    **({"notes": note} if note else {})})
    cs.input("x", x)
    cs.output("features", feats, tol_features(float(feats.max())))
    cs.output("predictions", preds, common.abs_rel(2e-6, 1e-5, "softmax/sigmoid of logits that carry the features' relative error"))
    cs.output("class_index", cls, common.exact("argmax of predictions; the cases keep the top two classes apart by > 1e-3"))
    if zoomed_output:
        cs.output("zoomed", zoomed, tol_features(float(feats.max())))
    cs.output("cam", cams, common.abs_rel(float(np.float32(1e-6 * term_scale)), 0.0,
                                          f"np.dot (BLAS, float32) over 128 channels: rounding <= ~1e-6 of the largest "
                                          f"sum of |terms| ({term_scale:.4g}); inherits the features' error"))
    cs.write()
    top2 = np.sort(preds, axis=1)[:, -2:]
    if preds.shape[1] > 1 and np.any(top2[:, 1] - top2[:, 0] < 1e-3):
        raise SystemExit(f"cam/{name}: top-2 predictions within 1e-3; pick other inputs")
    return result, preds


def run_forward(model, weights, x):
    with common.npy_files(x=x) as f:
        return common.tfjs("forward", model=model, weights=weights, input=f["x"], layers=["conv2d_3", "dense"])


def main():
    common.clean_family("cam")
    x = images.fashion(FASHION)
    refs = images.refs("fashion-mnist", FASHION)
    trained = {"kind": "npy", "dir": "fixtures/" + TRAINED}
    case("lab1_trained", "Lab1 CAM on six Fashion-MNIST test items with the trained weights (fixtures/weights/lab1-fashion-mnist)",
         "lab1", trained, x, refs)
    case("lab1_hash", "Lab1 CAM on three Fashion-MNIST test items with counter-hash weights (seed 1)",
         "lab1", {"kind": "hash", "seed": 1}, x[:3], refs[:3])
    photos = ["chelsea-300.png", "coffee-300.png"]
    case("lab2_photos_hash", "Lab2 CAM (Dense(1, sigmoid): the single-unit case, argmax is always 0) on two 300x300 photos, "
         "counter-hash weights; conv2d_3 is 37x37 so the zoom is (300/37, 300/37, 1)",
         "lab2", {"kind": "hash", "seed": 1}, images.photos(photos), images.refs("photos", photos), zoomed_output=False,
         note="the zoomed (2, 300, 300, 128) features (92 MB) are not stored; the zoom family covers that step")
    # zoom_order: scipy.ndimage.zoom's default order is 3 (a port that drops order=2 gets it), order 1 is linear
    case("lab1_hash_zoom_order3", "Lab1 CAM, counter-hash weights (seed 1), zoomed with order 3 (scipy's default)",
         "lab1", {"kind": "hash", "seed": 1}, x[3:6], refs[3:6], zoom_order=3)
    case("lab1_trained_zoom_order1", "Lab1 CAM, trained weights, zoomed with order 1 (linear: no overshoot, no ringing)",
         "lab1", trained, x[:2], refs[:2], zoom_order=1)
