"""Pictures for docs/, drawn from the goldens (i.e. the oracle's numbers, not the Reference's):
    /usr/bin/python3 tools/oracle/render_docs.py      (Debian python3-matplotlib; writes docs/images/*.png)
"""
import json
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
G = os.path.join(ROOT, "golden")
OUT = os.path.join(ROOT, "docs", "images")
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def load(case, name):
    return np.load(os.path.join(G, case, name + ".npy"))


def lab1_cam():
    x, cam, cls, pred = (load("cam/lab1_trained", n) for n in ("x", "cam", "class_index", "predictions"))
    n = len(x)
    fig, axes = plt.subplots(2, n, figsize=(2.2 * n, 4.6))
    for i in range(n):
        axes[0, i].imshow(x[i, :, :, 0], cmap="gray")
        axes[0, i].set_title(f"{CLASSES[cls[i]]}\np={pred[i, cls[i]]:.3f}", fontsize=8)
        # the lab's display: the image, then the CAM on top with alpha 0.5 (imshow autoscales to the CAM's range)
        axes[1, i].imshow(x[i, :, :, 0], cmap="gray", alpha=0.5)
        axes[1, i].imshow(cam[i], cmap="jet", alpha=0.5)
        axes[1, i].set_title(f"CAM [{cam[i].min():.2f}, {cam[i].max():.2f}]", fontsize=8)
    for a in axes.ravel():
        a.axis("off")
    fig.suptitle("Lab1 CAM, trained weights (golden/cam/lab1_trained): zoom(order=2) then dot with the class's GAP weights", fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, "lab1-cam.png"), dpi=80, metadata={"Software": None})
    plt.close(fig)


def get_cam_and_saliency():
    fig, axes = plt.subplots(1, 3, figsize=(9, 3.3))
    x = load("get_cam/lab4_chelsea_hash", "x")[0]
    axes[0].imshow(x)
    axes[0].set_title("input (chelsea, 224x224)", fontsize=8)
    axes[1].imshow(load("get_cam/lab4_chelsea_hash", "heatmap"), cmap="jet", vmin=0, vmax=1)
    axes[1].set_title("get_CAM heatmap, block5_conv3 14x14\n(hash weights: no meaning, exact numbers)", fontsize=8)
    axes[2].imshow(load("saliency/lab3_chelsea_hash", "normalized"), cmap="hot", vmin=0, vmax=255)
    axes[2].set_title("DLAI saliency uint8 (Lab3 model, hash weights)", fontsize=8)
    for a in axes:
        a.axis("off")
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, "dlai-gradcam-saliency.png"), dpi=80, metadata={"Software": None})
    plt.close(fig)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    lab1_cam()
    get_cam_and_saliency()
    print(f"wrote {OUT}")
