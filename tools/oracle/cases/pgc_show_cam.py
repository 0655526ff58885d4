"""Golden cases for pytorch-grad-cam 1.5.5 show_cam_on_image (utils/image.py; docs/methods/pytorch-grad-cam.md):
    visualization = show_cam_on_image(img, grayscale_cam, use_rgb=..., image_weight=...)
OpenCV 4.6's COLORMAP_JET (cv2.applyColorMap), BGR or RGB, blended in float32; a ramp case pins all 256 table entries.
The masks of the photo cases are other families' goldens (pgc_cam), given as inputs."""
import os
import sys

import cv2
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import pytorch_grad_cam as pgc  # noqa: E402
import torch_report as tr  # noqa: E402

FAMILY = "pgc_show_cam"
NEEDS = ["cv2", "PIL", "torch", "torchvision"]  # beyond NumPy (generate.py); torch_report loads torchvision
AFTER = ["pgc_cam"]
SOURCE = "pytorch-grad-cam 1.5.5: show_cam_on_image(img, mask, use_rgb, colormap=cv2.COLORMAP_JET, image_weight)"


def write(name, description, img, mask, refs, use_rgb=False, image_weight=0.5, note=""):
    heat, vis = pgc.show_cam_on_image(img, mask, use_rgb, image_weight)
    params = {"use_rgb": use_rgb, "image_weight": image_weight}
    cs = common.Case(FAMILY, name, description=description, source=SOURCE, model=None, method="pgc_show_cam_on_image",
                     params=params, fixtures=refs, provenance={
                         "oracle": "OpenCV 4.6 cv2.applyColorMap / cvtColor, NumPy float32 (tools/oracle/pytorch_grad_cam.py)",
                         "version": tr.version(), "command": common.command(FAMILY)})
    cs.input("img", img)
    cs.input("mask", mask)
    cs.output("heatmap", heat, common.sharp(common.exact("uint8(255 * mask) truncates given values; the table is OpenCV's"),
                                            "a table lookup of exact given values"))
    # uint8(255 * cam / max): a port in float64 (or another blend order) moves 255 * cam by float32 rounding; where that
    # lies within 2e-4 of an integer the truncation may differ by one level
    cam = ((1 - image_weight) * (np.float32(heat) / 255) + image_weight * img)
    s = np.float64(cam) / np.float64(np.max(cam)) * 255
    near = np.abs(s - np.round(s)) < 2e-4
    share = float(min(1.0, 2 * near.mean() + 1 / s.size))
    cs.output("visualization", vis, common.sharp(common.abs_rel(0, 0, f"uint8 truncation of 255 * cam / max(cam): "
                                                                      f"{near.mean():.3%} of the values lie within 2e-4 of an "
                                                                      "integer, where float32 rounding of the blend may tip "
                                                                      "them; twice that share may differ by one level" + note,
                                                                      share, 1),
                                                  "the heatmap it blends is a table lookup of exact given mask values"))
    cs.write()


def photo(rel, width, height):
    rgb = tr.load_rgb(rel)
    return np.float32(cv2.resize(rgb, (width, height), interpolation=cv2.INTER_LINEAR)) / np.float32(255)


def main():
    common.clean_family(FAMILY)
    cam = os.path.join(common.ROOT, "golden", "pgc_cam")
    chelsea = photo("images/photos/chelsea.png", 224, 224)
    write("chelsea_gradcampp_rgb", "show_cam_on_image(rgb_img, grayscale_cam, use_rgb=True) with chelsea.png (224x224, "
          "RGB / 255) and pgc_cam's GradCAMPlusPlus map on AlexNet: the library's README call", chelsea,
          np.load(os.path.join(cam, "gradcam_plusplus_alexnet_features11_top", "cam.npy"))[0],
          [common.fixture_ref("chelsea.png", "images/photos/chelsea.png")], use_rgb=True)
    coffee = photo("images/photos/coffee.png", 288, 224)
    write("coffee_layercam_bgr_weight_0.3", "the defaults' BGR heatmap (use_rgb=False) with image_weight 0.3, coffee.png 288 "
          "wide x 224 high and pgc_cam's LayerCAM map on VGG16: the heatmap's channels stay in OpenCV's order (a port "
          "that converts to RGB fails)", coffee, np.load(os.path.join(cam, "layercam_vgg16_features30_king_snake_288x224",
                                                                    "cam.npy"))[0],
          [common.fixture_ref("coffee.png", "images/photos/coffee.png")], image_weight=0.3)
    ramp = np.float32((np.tile(np.arange(256), (16, 1)) + 0.5) / 255)
    grey = np.full((16, 256, 3), 0.25, np.float32)
    write("ramp_all_levels_rgb_weight_0.7", "a ramp mask (k + 0.5) / 255 across 256 columns, so uint8(255 * mask) = k: every "
          "entry of OpenCV's jet table (matplotlib's 'jet' is another table), RGB, on a grey image with image_weight 0.7",
          grey, ramp, [], use_rgb=True, image_weight=0.7)


if __name__ == "__main__":
    main()
