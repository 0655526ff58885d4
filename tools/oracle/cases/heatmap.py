"""Golden cases for the lab's heatmap picture (seed 003 visualise_heatmap; docs/methods/heatmap.md):
    heatmap = np.uint8(cm.jet(map[i])[..., :3] * 255)        # matplotlib 3.6.3 (Debian python3-matplotlib)
    overlay = np.uint8(0.5 * heatmap + 0.5 * image)           # the portable form of imshow(heatmap, alpha=0.5) over the image
The overlay case takes its map and image from other goldens (tfkv_cam/vgg16_best_class, keras_image/photos_224): both
come from oracles, never from the Reference."""
import os
import sys

import matplotlib
import numpy as np
from matplotlib import cm

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402

FAMILY = "heatmap"
NEEDS = ["matplotlib", "PIL"]  # beyond NumPy (generate.py)


# this generator reads these families' goldens: they are regenerated first
AFTER = ["tfkv_cam", "keras_image"]

def provenance():
    return {"oracle": "matplotlib cm.jet", "version": f"matplotlib {matplotlib.__version__} (python3-matplotlib "
            f"{common.debian_version('python3-matplotlib')})", "numpy": f"numpy {np.__version__}",
            "command": common.command("heatmap")}


def jet(x):
    return np.uint8(cm.jet(x)[..., :3] * 255)


def main():
    common.clean_family(FAMILY)
    edges = np.array([0.0, 1 / 256, 0.5, 127 / 256, 128 / 256, 255 / 256, 0.99999994, 1.0, -0.0, -0.1, 1.2, np.nan,
                      np.inf, -np.inf, 1e-30, 0.35, 0.66, 0.89, 0.125, 0.375, 0.64, 0.91, 0.11, 0.34, 0.65],
                     dtype=np.float32)
    x = np.concatenate([edges, np.linspace(0, 1, 1001, dtype=np.float32)])
    cs = common.Case(FAMILY, "jet_values", description="np.uint8(cm.jet(x)[..., :3] * 255) for edge values (0, 1/256, "
                     "0.5, 1.0, below 0, above 1, NaN, +-inf, the segment breakpoints) and 1001 evenly spaced values",
                     source="seed 003 visualise_heatmap", method="jet_heatmap", params={}, provenance=provenance())
    cs.input("map", x)
    cs.output("heatmap", jet(x), common.sharp(common.exact("a table lookup: index = trunc(256 x) in float32, bytes = trunc(255 lut)"),
                                               "the values sit on the table's bin edges k/256 on purpose"))
    cs.write()
    cam = np.load(os.path.join(common.GOLDEN, "tfkv_cam", "vgg16_best_class", "cam.npy"))[0]
    img = np.load(os.path.join(common.GOLDEN, "keras_image", "photos_224", "images.npy"))[0]
    heat = jet(cam)
    cs = common.Case(FAMILY, "overlay_chelsea_gradcam", description="The lab's picture for one image: the Grad-CAM map of "
                     "golden tfkv_cam/vgg16_best_class (sample 0) as a jet heatmap, blended half and half over chelsea.png "
                     "as load_img gave it (golden keras_image/photos_224, sample 0)", source="seed 003 visualise_heatmap",
                     method="jet_heatmap", params={"alpha": 0.5}, provenance=provenance())
    cs.input("map", cam)
    cs.input("image", img)
    cs.output("heatmap", heat, common.sharp(common.exact("a table lookup"), "trunc(256 x): a value within an ulp of a bin "
                                            "edge k/256 changes bin; the bin rule on the given map is what is tested"))
    cs.output("overlay", np.uint8(0.5 * heat + 0.5 * img), common.sharp(common.exact(
        "0.5 a + 0.5 b of two bytes is exact in float64; then truncation"), "made of the heatmap's bins (see heatmap)"))
    cs.write()
    # alpha != 0.5, where swapping the heatmap and the image changes the picture. 0.25 and 0.75 are exact in binary, so
    # 0.25 a + 0.75 b of two bytes is exact in float64 and float32 alike: the truncation is well-posed element by element
    alpha = 0.25
    cs = common.Case(FAMILY, "overlay_chelsea_gradcam_alpha_0.25", description="The same map and photo blended with alpha "
                     "0.25: 0.25 heatmap + 0.75 image, so a port that swaps the operands (0.75 heatmap) fails",
                     source="seed 003 visualise_heatmap, alpha varied", method="jet_heatmap", params={"alpha": alpha},
                     provenance=provenance())
    cs.input("map", cam)
    cs.input("image", img)
    cs.output("heatmap", heat, common.sharp(common.exact("a table lookup"), "trunc(256 x) on the given map (see above)"))
    cs.output("overlay", np.uint8(alpha * heat + (1 - alpha) * img), common.sharp(common.exact(
        "0.25 a + 0.75 b of two bytes is exact in float32 and float64; then truncation"), "made of the heatmap's bins"))
    cs.write()
    # a non-square map and image (20 rows, 32 columns): a port that transposes the map or reads the image as (W, H)
    # fails on shape or on values. The map is a smooth ramp with a bump, the image bytes a deterministic pattern
    r, c = np.meshgrid(np.arange(20, dtype=np.float64), np.arange(32, dtype=np.float64), indexing="ij")
    ramp = (0.6 * c / 31 + 0.4 * np.exp(-((r - 6) ** 2 + (c - 22) ** 2) / 40)).astype(np.float32)
    photo = ((r[..., None] * 37 + c[..., None] * 11 + np.array([0, 85, 170])) % 256).astype(np.uint8)
    alpha = 0.75
    cs = common.Case(FAMILY, "overlay_20x32_alpha_0.75", description="A 20x32 (rows x columns) map and image, alpha 0.75: "
                     "the non-square shape pins the (H, W) order of the map, the image and the blend",
                     source="seed 003 visualise_heatmap, alpha and shape varied", method="jet_heatmap",
                     params={"alpha": alpha}, provenance=provenance())
    cs.input("map", ramp)
    cs.input("image", photo)
    h2 = jet(ramp)
    cs.output("heatmap", h2, common.sharp(common.exact("a table lookup"), "trunc(256 x) on the given map"))
    cs.output("overlay", np.uint8(alpha * h2 + (1 - alpha) * photo), common.sharp(common.exact(
        "0.75 a + 0.25 b of two bytes is exact in float32 and float64; then truncation"), "made of the heatmap's bins"))
    cs.write()
