"""Golden cases for pytorch-grad-cam 1.5.5's GuidedBackpropReLUModel and the Guided Grad-CAM of its example
(guided_backprop.py, cam.py, utils/image.py deprocess_image; docs/methods/pytorch-grad-cam.md):
    gb = GuidedBackpropReLUModel(model=model, device="cpu")(input_tensor, target_category=k)
    cam_gb = deprocess_image(cam_mask * gb);  gb = deprocess_image(gb)        cam_mask: a CAM map of the image, x3
on torchvision AlexNet and VGG16 (PyTorch 1.13, counter-hash weights); the CAM maps are other families' goldens
(pgc_cam), given here as inputs. tools/oracle/pytorch_grad_cam.py holds the arithmetic."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import images  # noqa: E402
import pytorch_grad_cam as pgc  # noqa: E402
import torch_report as tr  # noqa: E402
from captum_models import outliers, probe  # noqa: E402

FAMILY = "pgc_guided"
NEEDS = ["torch", "torchvision", "cv2", "PIL"]  # beyond NumPy (generate.py)
AFTER = ["pgc_cam"]   # the CAM maps multiplied in
SOURCE = "pytorch-grad-cam 1.5.5: GuidedBackpropReLUModel(model)(input_tensor, target_category) and cam.py's Guided Grad-CAM"


def uint8_tol(v, dv, what, flags, levels):
    """deprocess_image truncates v * 255 to uint8: an element may fall one level lower or higher only where v * 255 lies
    within 255 dv of an integer; twice that share (plus one element) may differ by one level. Elements the probe found
    re-routed (flags) may differ by up to `levels`, and twice their share is added."""
    s = np.clip(v, 0, 1) * 255
    delta = 255 * dv + 255 * 2.0 ** -22
    near = (np.abs(s - np.round(s)) < delta) & (s > delta) & (s < 255 - delta)
    share = float(min(1.0, 2 * near.mean() + 2 * flags.mean() + 1 / s.size))
    why = (f"uint8 truncation of {what} * 255: {near.mean():.3%} of the values lie within {delta:.3g} of an integer, where the "
           "gradient's tolerance moves them; twice that share may differ by one level")
    if flags.any():
        why += f"; the probe's {int(flags.sum())} re-routed elements (twice their share) by up to {levels} levels"
    return common.abs_rel(0, 0, why, share, int(levels) if flags.any() else 1)


def write(name, description, model_id, x, k, cam_case, refs, depth, seed=1):
    m = tr.model(model_id, seed)
    requested = k
    outputs, k, g = pgc.guided_backprop(m, x, k)
    _, _, g64 = pgc.guided_backprop(m.double(), np.float64(x), k)
    m.float()
    _, _, gcl = tr.onednn_channels_last(pgc.guided_backprop, m, x, k)
    f64, s64 = probe(g[None], g64[None].astype(np.float32), depth)
    fcl, scl = probe(g[None], gcl[None], depth)
    flags, spread = f64 | fcl, np.maximum(s64, scl)
    cam_case, size = cam_case if isinstance(cam_case, tuple) else (cam_case, None)
    cam = np.load(os.path.join(common.ROOT, "golden", "pgc_cam", cam_case, "cam.npy"))[0]
    if size is not None:
        import cv2
        cam = np.clip(cv2.resize(cam, size, interpolation=cv2.INTER_AREA), 0, 1).astype(np.float32)
    guided = np.float32(cam[..., None] * g)
    params = dict(model=model_id, weights={"kind": "hash", "seed": seed}, class_index=None if requested is None else int(k))
    prov = {"oracle": "PyTorch 1.13 + torchvision 0.14 (Debian) with the library's guided ReLU as an autograd Function of "
                      "our own; deprocess_image in NumPy (tools/oracle/pytorch_grad_cam.py)", "version": tr.version(),
            "command": common.command(FAMILY),
            "notes": f"cam is golden/pgc_cam/{cam_case}/cam.npy; well-posedness probes: PyTorch float32 vs float64 "
                     f"re-routed {int(f64.sum())} element(s), vs oneDNN channels-last float32 {int(fcl.sum())} "
                     f"({int(flags.sum())} in all)"}
    cs = common.Case(FAMILY, name, description=description, source=SOURCE, model=model_id, method="pgc_guided_backprop",
                     params=params, fixtures=refs, provenance=prov)
    cs.input("x", x)
    cs.input("cam", cam)
    om = float(np.max(np.abs(outputs)))
    cs.output("outputs", outputs, common.abs_rel(float(np.float32(depth * om)), 1e-5, f"the forward in another order; depth {depth:g} x {om:.4g}"))
    cs.output("class_index", np.array([k], np.int64), common.exact("argmax of the logits, or the requested class"))
    gm = float(np.max(np.abs(g)))
    o = outliers(flags[0], spread[0], depth * gm, "", 2 * gm)
    why = f"the guided backward in another order: depth {depth:g} x the largest |gradient| ({gm:.4g})"
    t = common.abs_rel(float(np.float32(depth * gm)), 1e-5, why) if o is None else \
        common.abs_rel(float(np.float32(depth * gm)), 1e-5, why + o[2], o[0], o[1])
    cs.output("gradients", g, t)
    cs.output("guided_gradcam", guided, t)
    for key, img in (("gb_image", g), ("cam_gb_image", guided)):
        sd = np.std(img) + 1e-5
        v = (img - np.mean(img)) / sd * 0.1 + 0.5
        dv = 0.1 * (depth * gm + 1e-5 * np.abs(img)).max() / sd * 2
        levels = min(255, int(np.ceil(255 * 0.1 * 4 * float(spread[0].max()) / sd)) + 1) if flags.any() else 1
        cs.output(key, pgc.deprocess_image(img), uint8_tol(v, float(dv), key, flags[0], levels))
    cs.write()


def main():
    common.clean_family(FAMILY)
    chelsea = images.dither(tr.preprocess_image(tr.load_rgb("images/photos/chelsea.png"), 224), 1 / 255 / min(tr.STD))
    write("alexnet_seed2_chelsea_224_top", "GuidedBackpropReLUModel on AlexNet with counter-hash weights of seed 2, "
          "chelsea.png 224x224 (dithered), the top class; Guided Grad-CAM with pgc_cam's GradCAMPlusPlus map of the same "
          "photo (by the seed-1 AlexNet: the map is an input, any (224, 224) map in [0, 1] would do)",
          "alexnet", chelsea, None, "gradcam_plusplus_alexnet_features11_top",
          [common.fixture_ref("chelsea.png", "images/photos/chelsea.png"), common.fixture_ref("hash-weights", "weights/hash-weights.json")], 1e-5,
          seed=2)
    # VGG16's five max-pools on a 224-pixel photo hold near-ties two correct implementations route differently (coffee.png
    # at 288x224: 2845 elements in the float64 probe; chelsea.png at 224x224: 90 elements between libtorch 2.10 and
    # PyTorch 1.13 that float64 did not see); at 96x64 there are 12 x fewer windows
    small = images.dither(tr.preprocess_hw(tr.load_rgb("images/photos/coffee.png"), 96, 64), 1 / 255 / min(tr.STD))
    write("vgg16_coffee_96x64_king_snake", "GuidedBackpropReLUModel on VGG16 (counter-hash weights), coffee.png 96 wide x 64 "
          "high (dithered), class 56 (king snake): 13 conv ReLUs and the classifier's 2 guided; Guided Grad-CAM with a "
          "resized pgc_cam LayerCAM map (an input: any (64, 96) map in [0, 1] would do)", "vgg16-torch", small,
          tr.KING_SNAKE, ("layercam_vgg16_features30_king_snake_288x224", (96, 64)),
          [common.fixture_ref("chelsea.png", "images/photos/chelsea.png"), common.fixture_ref("hash-weights", "weights/hash-weights.json")], 2e-5)


if __name__ == "__main__":
    main()
