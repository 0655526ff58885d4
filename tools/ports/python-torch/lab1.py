"""The PyTorch port's Lab1 model: Keras NPY weights in torch layouts and the forward pass."""
import os

import numpy as np
import torch
import torch.nn.functional as F

from protocol import Unsupported, fixture


# ---------------------------------------------------------------- the lab1 model (Conv-Pool x3, Conv, GAP, Dense)

def lab1_from_keras_npy(weights):
    """Keras-layout NPY files (HWIO kernels, [in, out] dense) into torch layouts (OIHW, [out, in])."""
    if weights.get("kind") != "npy":
        raise Unsupported(f"weights kind '{weights.get('kind')}': this port reads Keras NPY folders only (no counter-hash weights)")
    d = fixture(weights["dir"])
    files = sorted(f for f in os.listdir(d) if f.endswith(".npy"))
    arrays = [np.load(os.path.join(d, f)) for f in files]
    convs = [(torch.from_numpy(arrays[i].transpose(3, 2, 0, 1).copy()), torch.from_numpy(arrays[i + 1])) for i in range(0, 8, 2)]
    dense = (torch.from_numpy(arrays[8].T.copy()), torch.from_numpy(arrays[9]))
    return convs, dense


def lab1_features(x_nhwc, convs):
    """conv2d_3's output (NCHW, after its ReLU): 3x3 'same' convolutions, each but the last followed by a 2x2 max-pool."""
    h = x_nhwc.permute(0, 3, 1, 2)                      # Keras holds NHWC, torch convolves NCHW
    for i, (w, b) in enumerate(convs):
        h = F.relu(F.conv2d(h, w, b, padding=1))        # 'same' for a 3x3 kernel, stride 1: one pixel each side
        if i < 3:
            h = F.max_pool2d(h, 2)                       # 'valid' 2x2: floor, as Keras
    return h


def lab1_forward(x_nhwc, convs, dense, upto_features=False):
    """Returns (features NCHW after conv2d_3's ReLU, softmax predictions)."""
    features = lab1_features(x_nhwc, convs)
    gap = features.mean(dim=(2, 3))
    preds = F.softmax(F.linear(gap, *dense), dim=-1)
    return features, preds


def nhwc(t):
    return t.permute(0, 2, 3, 1).contiguous()
