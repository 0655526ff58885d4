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


DITHER_SEED = 17


def dither(x, step, t=0):
    """x + step x u, u counter-hash uniform in [0, 1) (hashweights.uniform, seed 17, tensor t), cast to float32.
    Photos have flat regions (equal neighbouring pixels) whose conv outputs tie exactly inside a max-pool window; a
    1-ulp change anywhere upstream breaks such a tie one way or the other and re-routes the gradient. A dither of up
    to one grey level (step = 1/255 on [0, 1] pixels, 1 on the caffe scale) leaves the picture as it is and makes
    every window's maximum distinct, so an input-gradient case measures the method, not a coin toss at the ties."""
    import hashweights
    u = (hashweights.uniform(DITHER_SEED, t, np.shape(x)) + 1.0) / 2.0
    return (np.asarray(x, np.float64) + step * u).astype(np.float32)
