"""The PyTorch Grad-CAM report (seed 004) as its code runs in PyTorch: Debian's python3-torch 1.13,
python3-torchvision 0.14 (the AlexNet / VGG16 definitions, in-place ReLUs included) and python3-opencv 4.6
(cv2.resize). Hash-generated fixture weights in torchvision's state_dict layout stand in for the pretrained ones."""
import os

import cv2
import numpy as np
import torch
import torchvision
from PIL import Image

import common
import hashweights
import kernels

kernels.pin_torch(torch)
kernels.pin_opencv(cv2)

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
KING_SNAKE, BULL_MASTIFF = 56, 243   # the report's two test labels (ImageNet class indices)


def version():
    return f"torch {torch.__version__}, torchvision {torchvision.__version__}, opencv {cv2.__version__}, numpy {np.__version__}"


def debian_packages():
    return {p: common.debian_version(p) for p in ("python3-torch", "python3-torchvision", "python3-opencv", "python3-numpy",
                                                  "python3-pil")}


_models = {}


def model(model_id, seed=1, inplace=True):
    """torchvision's alexnet() / vgg16() in eval mode with counter-hash weights (hashweights.py, torch layouts)."""
    key = (model_id, seed, inplace)
    if key not in _models:
        _models.clear()
        m = torchvision.models.alexnet() if model_id == "alexnet" else torchvision.models.vgg16()
        sd = {k: torch.from_numpy(v) for k, v in hashweights.weights(model_id, seed)}
        m.load_state_dict(sd, strict=True)
        if not inplace:
            for mod in m.modules():
                if isinstance(mod, torch.nn.ReLU):
                    mod.inplace = False
        _models[key] = m.eval()
    return _models[key]


def load_rgb(rel):
    return np.asarray(Image.open(os.path.join(common.FIXTURES, rel)).convert("RGB"))


def preprocess_image(rgb, size=224):
    """preprocess_image: /255, cv2.resize to size x size, (x - MEAN) / STD per channel in float32, HWC -> NCHW. The mean
    and std are written into the report's function body: constants, not arguments."""
    x = np.float32(rgb) / np.float32(255)
    x = cv2.resize(x, (size, size), interpolation=cv2.INTER_LINEAR)
    x = np.ascontiguousarray(x, dtype=np.float32)
    for c in range(3):                     # in place, float32 (jacobgil's loop)
        x[:, :, c] = x[:, :, c] - np.float32(MEAN[c])
        x[:, :, c] = x[:, :, c] / np.float32(STD[c])
    return np.ascontiguousarray(x.transpose(2, 0, 1))[None]


def preprocess_hw(rgb, width, height):
    """A photo as pytorch-grad-cam's and captum's examples feed it: RGB / 255, cv2.resize to (width, height), ImageNet
    mean / std in float32, NCHW (the report's preprocess_image with a non-square size)."""
    x = cv2.resize(np.float32(rgb) / np.float32(255), (width, height), interpolation=cv2.INTER_LINEAR)
    x = (x - np.float32(MEAN)) / np.float32(STD)
    return np.ascontiguousarray(np.float32(x).transpose(2, 0, 1))[None]


def reprocess_image(x):
    y = x[0].transpose(1, 2, 0).copy()
    for c in range(3):
        y[:, :, c] = y[:, :, c] * np.float32(STD[c]) + np.float32(MEAN[c])
    y = np.clip(y, 0, 1)
    return np.uint8(y * np.float32(255))


def onednn_channels_last(run, m, *args):
    """The well-posedness probe's other correct float32 implementation: run(copy of m in channels-last memory format,
    *args) under oneDNN (PyTorch's mkldnn convolutions on NHWC data accumulate in another order than the pinned generic
    kernels), as TensorFlow and channels-last ports compute. Goldens never come from it; tolerances must cover it."""
    import copy
    mc = copy.deepcopy(m).to(memory_format=torch.channels_last)
    with torch.backends.mkldnn.flags(enabled=True):
        return run(mc, *args)


def hooked(m, x, target, index=None):
    """The report's GradCAM class: forward through model.features one module at a time, a gradient hook and a stored
    reference on the target module's output, then avgpool -> flatten -> classifier; backward of one_hot . logits."""
    grads, acts = [], []
    h = torch.from_numpy(x)
    for name, mod in m.features._modules.items():
        h = mod(h)
        if name == target:
            h.register_hook(lambda g: grads.append(g))
            acts.append(h)
    out = m.classifier(torch.flatten(m.avgpool(h), 1))
    if index is None:
        index = int(np.argmax(out.detach().numpy()))
    one_hot = torch.zeros_like(out)
    one_hot[0, index] = 1
    m.zero_grad()
    torch.sum(one_hot * out).backward()
    return out.detach().numpy(), index, acts[0].detach().numpy()[0].copy(), grads[0].numpy()[0].copy()


def gen_cam(A, g, size, order):
    """weights = mean of gradients; weighted sum; resize + ReLU in the given order; cam - min; cam / max."""
    w = np.mean(g, axis=(1, 2))
    raw = np.zeros(A.shape[1:], dtype=np.float32)
    for i, wi in enumerate(w):
        raw += wi * A[i]
    if order == "resize_then_relu":
        resized = cv2.resize(raw, (size[1], size[0]), interpolation=cv2.INTER_LINEAR)
        cam = np.maximum(resized, 0)
    else:
        resized = cv2.resize(np.maximum(raw, 0), (size[1], size[0]), interpolation=cv2.INTER_LINEAR)
        cam = resized.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        cam = cam - np.min(cam)
        cam = cam / np.max(cam)
    return w, raw, resized, cam
