"""Fixture images as the labs feed them to the models (the oracle side; no C# involved)."""
import os

import numpy as np
from PIL import Image

import common


def fashion(names):
    """Fashion-MNIST fixture PNGs -> (N, 28, 28, 1) float32 = uint8 / 255 (the CAM lab's X_test)."""
    arrs = [np.asarray(Image.open(os.path.join(common.FIXTURES, "images", "fashion-mnist", n))) for n in names]
    return (np.stack(arrs) / 255.0).astype("float32")[..., None]


def photos(names):
    """300x300 photo fixtures -> (N, 300, 300, 3) float32 = uint8 / 255."""
    arrs = [np.asarray(Image.open(os.path.join(common.FIXTURES, "images", "photos", n)).convert("RGB")) for n in names]
    return (np.stack(arrs) / 255.0).astype("float32")


def refs(folder, names):
    return [common.fixture_ref(n, f"images/{folder}/{n}") for n in names]
