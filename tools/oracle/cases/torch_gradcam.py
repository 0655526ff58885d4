"""Golden cases for the PyTorch Grad-CAM report (seed 004; docs/methods/gradcam.md): preprocess_image / reprocess_image,
and Grad-CAM on torchvision AlexNet and VGG16 with the report's hook pattern, in PyTorch 1.13 + OpenCV 4.6
(tools/oracle/torch_report.py). Every intermediate is an output: logits, A, gradients, weights, the raw map, the
resized map and the final one."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402
import torch_report as tr  # noqa: E402

FAMILY_PRE = "torch_preprocess"
FAMILY = "torch_gradcam"
NEEDS = ["torch", "torchvision", "cv2", "PIL"]  # beyond NumPy (generate.py)
SOURCE = "seed 004 (PyTorch Grad-CAM report, AlexNet and VGG-16): GradCAM class (save_gradient hook, forward_model, gen CAM)"
PHOTOS = ["chelsea.png", "coffee.png"]


def provenance(family, note=None):
    p = {"oracle": "PyTorch 1.13 + torchvision 0.14 (Debian) for the model parts, OpenCV 4.6 cv2.resize, NumPy for the "
                   "report's arithmetic (tools/oracle/torch_report.py)",
         "version": tr.version(), "debian_packages": tr.debian_packages(), "command": common.command(family)}
    if note:
        p["notes"] = note
    return p


def preprocess_case(name, photo, size, description):
    rel = f"images/photos/{photo}"
    rgb = tr.load_rgb(rel)
    x = tr.preprocess_image(rgb, size)
    cs = common.Case(FAMILY_PRE, name, description=description, source=SOURCE + ": preprocess_image / reprocess_image",
                     method="torch_preprocess", params={"size": size}, model=None,
                     fixtures=[common.fixture_ref(photo, rel)], provenance=provenance(FAMILY_PRE))
    cs.input("image", rgb)
    # OpenCV rounds each source coordinate (dx + 0.5) * scale - 0.5 to float32 (up to half an ulp of the image's size
    # in pixels) and weights in float32; an exact bilinear resize (float64 coordinates) differs from it by that
    # coordinate error times the largest step between neighbouring pixels, in each axis
    n = (rgb.astype(np.float64) / 255.0 - np.array(tr.MEAN)) / np.array(tr.STD)
    steps = sum(float(np.max(np.abs(np.diff(n, axis=a)))) for a in (0, 1))
    dpos = float(np.spacing(np.float32(max(rgb.shape[:2]))))
    x_abs = float(np.float32(2.5e-7 / 0.224 + dpos * steps))
    cs.output("x", x, common.abs_rel(x_abs, 0.0,
              f"bilinear resampling: OpenCV rounds source coordinates to float32 (<= {dpos:.3g} px off the exact "
              f"coordinate) and a port may not; that many pixels times the largest neighbour steps ({steps:.3g} summed "
              "over both axes, normalised), plus one float32 ulp of [0, 1] over the smallest std, bounds the difference"))
    # reprocess_image truncates y*255 to uint8: a value can fall one level lower or higher only where the exact y*255
    # lies within delta of an integer, delta = what x's tolerance (times the largest std, times 255) and float32
    # rounding move it by; twice that share (at least one element) may move, by one level; a port that rounds instead
    # of truncating moves about half of them
    v = np.clip(x[0].transpose(1, 2, 0).astype(np.float64) * np.array(tr.STD) + np.array(tr.MEAN), 0, 1) * 255
    delta = 255 * max(tr.STD) * x_abs + 255 * 2.0 ** -22
    near = (np.abs(v - np.round(v)) < delta) & (v > delta) & (v < 255 - delta)
    share = float(min(1.0, 2 * near.mean() + 1 / v.size))
    cs.output("reprocessed", tr.reprocess_image(x), common.abs_rel(0, 0, f"uint8 truncation of y*255: {near.mean():.3%} of the "
              f"values lie within {delta:.3g} of an integer, where x's tolerance and float32 rounding can move them across "
              f"it; twice that share (at least one element) may differ, by one level", share, 1))
    cs.write()


def preprocess_cases():
    common.clean_family(FAMILY_PRE)
    for photo in PHOTOS:
        rgb = tr.load_rgb(f"images/photos/{photo}")
        preprocess_case(photo.replace(".png", ""), photo, 224, f"preprocess_image on {photo} ({rgb.shape[1]}x{rgb.shape[0]}): "
                        "uint8 RGB / 255 -> cv2.resize to 224x224 (INTER_LINEAR, float32) -> (x - mean) / std per channel "
                        "(float32) -> NCHW; reprocess_image back to uint8")
    preprocess_case("coffee_size_288", "coffee.png", 288, "preprocess_image to 288x288 (the size the AlexNet 288 Grad-CAM case "
                    "feeds): coffee.png is 600x400, so each axis has its own scale (600/288, 400/288) and a port that swaps "
                    "width and height in the resize or its coordinates fails")
    preprocess_case("chelsea_size_160", "chelsea.png", 160, "preprocess_image to 160x160: chelsea.png (451x300) shrinks by "
                    "2.82 across and 1.875 down, so OpenCV's bilinear taps skip source pixels (no area averaging)")


def tol_rel_max(a, rel, what):
    m = float(np.max(np.abs(a)))
    return common.abs_rel(float(np.float32(rel * m)), 1e-5, f"{what}; abs floor {rel:g} x the largest |value| ({m:.4g})"), rel * m


def gradcam_case(name, description, model_id, photo, layer, index, order="resize_then_relu", inplace=True, depth=1e-5, size=224,
                 seed=1):
    x = tr.preprocess_image(tr.load_rgb(f"images/photos/{photo}"), size)
    m = tr.model(model_id, seed, inplace=inplace)
    logits, k, A, g = tr.hooked(m, x, layer.split(".")[1], index)
    w, raw, resized, cam = tr.gen_cam(A, g, x.shape[2:], order)
    note = None
    params = dict(model=model_id, weights={"kind": "hash", "seed": seed}, layer=layer, class_index=index, order=order,
                  inplace_relu=inplace)
    cs = common.Case(FAMILY, name, description=description, source=SOURCE, model=model_id, method="torch_gradcam",
                     params=params, fixtures=[common.fixture_ref(photo, f"images/photos/{photo}"),
                                              common.fixture_ref("hash-weights", "weights/hash-weights.json")],
                     provenance=provenance(FAMILY, note))
    cs.input("x", x)
    t_logits, _ = tol_rel_max(logits, depth, "float32 convolutions in another order (libtorch 1.13 vs the candidate)")
    cs.output("logits", logits, t_logits)
    cs.output("class_index", np.array(k, dtype=np.int64), common.exact("argmax of the logits, or the requested class"))
    tA, aA = tol_rel_max(A, depth, "float32 convolutions in another order, up to the target layer")
    cs.output("activations", A, tA)
    tg, ag = tol_rel_max(g, depth, "the backward pass in another order")
    if layer.endswith((".28", ".29")):
        # VGG16's last max-pool (features.30) routes each window's gradient to its maximum; a window whose top two
        # values differ by less than the forward pass's rounding routes to either in another op order, so a gradient
        # value moves to a neighbouring position (measured: 2 of 100352 elements between libtorch 2.10 and PyTorch
        # 1.13's generic kernels). Each window can move one value: 0.01 % of the elements, each within the largest
        # |gradient|; the weights (means over space) are unchanged by such a move within a channel.
        tg = common.abs_rel(tg["abs"], tg["rel"], tg["reason"] + "; max-pool windows with near-tied maxima may route a "
                            "gradient value to another position: up to 0.01 % of the elements, each within the largest "
                            "|gradient|", 1e-4, float(np.float32(np.max(np.abs(g)))))
    cs.output("gradients", g, tg)
    cs.output("weights", w, common.abs_rel(float(np.float32(ag)), 1e-5, "mean over space of the gradients: their tolerance"))
    # raw, resized and cam: measured, not bounded a priori (a sum over 256-512 channels makes the worst case useless, and
    # ReLU and min-max are not smooth): the report's arithmetic re-run on A and g perturbed uniformly by their own
    # tolerances in 3 deterministic ways; 10 x the largest change, plus float32 rounding of the values
    moved = {"raw": 0.0, "resized": 0.0, "cam": 0.0}
    # and the well-posedness probe: the same case computed by oneDNN on channels-last data (another correct float32
    # order, what an NHWC port computes) must move the maps by no more than the perturbations' largest change covers
    lc, _, Ac, gc = tr.onednn_channels_last(lambda mc: tr.hooked(mc, x, layer.split(".")[1], k), m)
    _, rc, zc, cc = tr.gen_cam(Ac, gc, x.shape[2:], order)
    probe = {"logits": (lc, logits, t_logits), "activations": (Ac, A, tA), "gradients": (gc, g, tg)}
    for key, (a, b, t) in probe.items():
        share = float(np.max(np.abs(a - b) / (t["abs"] + t["rel"] * np.abs(b))))
        if share > 1 and "outlier_fraction" not in t:
            sys.exit(f"{name}: the oneDNN channels-last probe moves {key} by {share:.1%} of its tolerance")
    for t in range(3):
        Ap = (A + np.float32(aA) * hashweights.uniform(12, 2 * t, A.shape).astype(np.float32)).astype(np.float32)
        gp = (g + np.float32(ag) * hashweights.uniform(12, 2 * t + 1, g.shape).astype(np.float32)).astype(np.float32)
        if inplace and A.min() >= 0:
            Ap = np.maximum(Ap, 0)   # a captured post-ReLU map stays non-negative
        _, rp, zp, cp = tr.gen_cam(Ap, gp, x.shape[2:], order)
        for key, a, b in (("raw", rp, raw), ("resized", zp, resized), ("cam", cp, cam)):
            moved[key] = max(moved[key], float(np.max(np.abs(a - b))))
    probed = {"raw": float(np.max(np.abs(rc - raw))), "resized": float(np.max(np.abs(zc - resized))),
              "cam": float(np.max(np.abs(cc - cam)))}
    for key in moved:
        moved[key] = max(moved[key], probed[key])
    for key, name, a in (("raw", "cam_raw", raw), ("resized", "cam_resized", resized), ("cam", "cam", cam)):
        cs.output(name, a, common.abs_rel(float(np.float32(10 * moved[key] + 4e-7 * np.max(np.abs(a)))), 0.0,
                                          f"10 x the largest change ({moved[key]:.3g}) when A and the gradients move by "
                                          "their tolerances or oneDNN computes the case on channels-last data, plus "
                                          "float32 rounding"))
    cs.write()
    return k


def main():
    preprocess_cases()
    common.clean_family(FAMILY)
    gradcam_case("alexnet_features11_top", "AlexNet, chelsea.png, the top class, target features.11 (the ReLU after the "
                 "last conv): the report's order (weighted sum -> cv2.resize -> ReLU -> min-max)", "alexnet", "chelsea.png",
                 "features.11", None)
    gradcam_case("alexnet_features10_bull_mastiff", "AlexNet, chelsea.png, class 243 (bull mastiff), target features.10 "
                 "(the last conv) with torchvision's in-place ReLU: the stored activation is overwritten by ReLU 11 "
                 "(post-ReLU A) while the hooked gradient is the conv output's (masked by the ReLU)", "alexnet",
                 "chelsea.png", "features.10", 243)
    gradcam_case("alexnet_features11_bull_mastiff", "AlexNet, chelsea.png, class 243, target features.11: same A as the "
                 "in-place features.10 case, unmasked gradient -> different weights", "alexnet", "chelsea.png",
                 "features.11", 243)
    gradcam_case("alexnet_features10_not_inplace", "AlexNet with ReLU(inplace=False), chelsea.png, class 243, target "
                 "features.10: the pre-ReLU A (negative values) a non-in-place port captures", "alexnet", "chelsea.png",
                 "features.10", 243, inplace=False)
    gradcam_case("vgg16_features29_king_snake", "VGG16, coffee.png, class 56 (king snake), target features.29 (ReLU after "
                 "the last conv, 14x14): the report's order", "vgg16-torch", "coffee.png", "features.29", 56, depth=2e-5)
    gradcam_case("vgg16_features29_king_snake_relu_first", "The same with jacobgil's order (ReLU -> resize -> min-max): "
                 "differs from the report's order where the map crosses 0", "vgg16-torch", "coffee.png", "features.29",
                 56, order="relu_then_resize", depth=2e-5)
    gradcam_case("vgg16_features28_top", "VGG16, chelsea.png, top class, target features.28 (last conv, in-place ReLU "
                 "aliasing)", "vgg16-torch", "chelsea.png", "features.28", None, depth=2e-5)
    gradcam_case("alexnet_features11_input288", "AlexNet on a 288x288 input (preprocess_image to 288): the last conv map is "
                 "17x17 and the pooled map 8x8, so AdaptiveAvgPool2d(6) is no longer the identity (overlapping bins "
                 "floor(i*8/6) .. ceil((i+1)*8/6)); the CAM is resized to 288x288", "alexnet", "coffee.png", "features.11",
                 None, size=288)
    gradcam_case("alexnet_features11_seed2", "AlexNet with counter-hash weights of seed 2 (every weight differs from seed 1's), "
                 "chelsea.png, class 243, target features.11: the weights object is a parameter, not a constant",
                 "alexnet", "chelsea.png", "features.11", 243, seed=2)


if __name__ == "__main__":
    main()
