"""The baseline of the methods-beyond-the-labs rows: torchvision's AlexNet written out in plain PyTorch (the same module
names, in-place ReLUs and counter-hash weights as the Reference's), and pytorch-grad-cam 1.5.5's ScoreCAM and
AblationCAM and captum 0.8.0's IntegratedGradients and Occlusion as those libraries run them (their loops, batch sizes
and tensor ops; neither library is installable here, so this is our transcription, checked against the goldens'
numbers by the oracle families pgc_perturbation, captum_ig and captum_occlusion)."""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from models import pattern, weights

LAYER = 11   # features.11: the last conv's ReLU


def alexnet(seed=1):
    m = nn.Module()
    m.features = nn.Sequential(nn.Conv2d(3, 64, 11, 4, 2), nn.ReLU(True), nn.MaxPool2d(3, 2), nn.Conv2d(64, 192, 5, padding=2),
                               nn.ReLU(True), nn.MaxPool2d(3, 2), nn.Conv2d(192, 384, 3, padding=1), nn.ReLU(True),
                               nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(True), nn.Conv2d(256, 256, 3, padding=1),
                               nn.ReLU(True), nn.MaxPool2d(3, 2))
    m.avgpool = nn.AdaptiveAvgPool2d(6)
    m.classifier = nn.Sequential(nn.Dropout(), nn.Linear(9216, 4096), nn.ReLU(True), nn.Dropout(), nn.Linear(4096, 4096),
                                 nn.ReLU(True), nn.Linear(4096, 1000))
    m.load_state_dict({k: torch.from_numpy(v) for k, v in weights("alexnet", seed)}, strict=True)
    m.eval()
    m.forward = lambda x: m.classifier(torch.flatten(m.avgpool(m.features(x)), 1))
    return m


def build():
    m = alexnet()
    x = torch.from_numpy(pattern((1, 3, 224, 224)))
    with torch.no_grad():
        return m, x, int(m(x)[0].argmax())


def head(m, a):
    for mod in list(m.features)[LAYER + 1:]:
        a = mod(a)
    return m.classifier(torch.flatten(m.avgpool(a), 1))


def activations(m, x):
    with torch.no_grad():
        return m.features[:LAYER + 1](x)


def scale_cam(cam, size):
    """scale_cam_image; the library's cv2.resize is F.interpolate's half-pixel bilinear here (the same arithmetic, and
    OpenCV is not among the bench's packages): a 6x8 map, negligible beside the forwards either way."""
    cam = np.maximum(cam, 0)
    cam = cam - cam.min()
    cam = torch.from_numpy(np.float32(cam / (1e-7 + cam.max())))[None, None]
    return F.interpolate(cam, size=(size[1], size[0]), mode="bilinear", align_corners=False)[0, 0].numpy()


def scorecam(m, x, cls, batch=16):
    with torch.no_grad():
        a = activations(m, x)
        up = F.interpolate(a, size=x.shape[-2:], mode="bilinear", align_corners=True)
        flat = up.view(1, up.shape[1], -1)
        mx, mn = flat.max(-1)[0][:, :, None, None], flat.min(-1)[0][:, :, None, None]
        up = (up - mn) / (mx - mn + 1e-8)
        masked = x[:, None] * up[:, :, None]
        scores = [float(o[cls]) for i in range(0, up.shape[1], batch) for o in m(masked[0, i:i + batch])]
        w = torch.softmax(torch.Tensor(scores), -1).numpy()
        return scale_cam((w[:, None, None] * a[0].numpy()).sum(0), (x.shape[3], x.shape[2]))


def ablationcam(m, x, cls, batch=32):
    with torch.no_grad():
        a = activations(m, x)
        o = float(m(x)[0, cls])
        scores = []
        for i in range(0, a.shape[1], batch):
            rows = min(batch, a.shape[1] - i)
            b = a.repeat(rows, 1, 1, 1)
            for r in range(rows):
                b[r, i + r] = 0 if float(b.min()) == 0 else float(b.min()) - 1e7
            scores.extend(float(v) for v in head(m, b)[:, cls])
        w = (o - np.float32(scores)) / o
        return scale_cam((w[:, None, None] * a[0].numpy()).sum(0), (x.shape[3], x.shape[2]))


def integrated_gradients(m, x, cls, n=50):
    xs, ws = np.polynomial.legendre.leggauss(n)
    alphas, steps = list(0.5 * (1 + xs)), list(0.5 * ws)
    b = torch.zeros_like(x)
    scaled = torch.cat([b + a * (x - b) for a in alphas]).requires_grad_()
    (g,) = torch.autograd.grad(torch.unbind(m(scaled)[:, cls]), scaled)
    total = (g.view(n, -1) * torch.tensor(steps).float().view(n, 1)).view(n, *x.shape[1:]).sum(0, keepdim=True)
    return total * (x - b)


def occlusion(m, x, cls, window=(3, 45, 45), strides=(3, 30, 30)):
    with torch.no_grad():
        counts = [math.ceil((d - w) / s) + 1 for d, w, s in zip(x.shape[1:], window, strides)]
        initial = m(x)[0, cls]
        total, weights = torch.zeros_like(x), torch.zeros_like(x)
        for f in range(int(np.prod(counts))):
            idx, r = [], f
            for c, s in zip(counts, strides):
                idx.append((r % c) * s)
                r //= c
            mask = torch.zeros_like(x)
            mask[(0,) + tuple(slice(i, i + w) for i, w in zip(idx, window))] = 1
            total += (initial - m(x * (1 - mask))[0, cls]) * mask
            weights += mask
        return total / weights


def workloads(lazy):
    def net():
        return lazy.get("alexnet", build)

    def forward(m, x, _):
        with torch.no_grad():
            return m(x)

    def fwd_bwd_input(m, x, cls):
        t = x.clone().requires_grad_()
        return torch.autograd.grad(m(t)[0, cls], t)

    return {
        "alexnet_forward": (net, forward),
        "alexnet_fwd_bwd_input": (net, fwd_bwd_input),
        "alexnet_pgc_scorecam": (net, scorecam),
        "alexnet_pgc_ablationcam": (net, ablationcam),
        "alexnet_captum_ig50": (net, integrated_gradients),
        "alexnet_captum_occlusion": (net, occlusion),
    }
