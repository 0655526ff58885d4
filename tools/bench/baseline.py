"""The benchmark's Python baseline (`make bench`): the same workloads as `conformance bench`, written the way a Python
user would with Debian's PyTorch, on the same counter-hash VGG16 weights (tools/oracle/hashweights.py) and the same
input (chelsea.png, load_img + preprocess_input). Grad-CAM, Grad-CAM++ and Score-CAM follow pytorch-grad-cam's
arithmetic (activations and gradients captured at block5_conv3 by hooks); saliency and SmoothGrad follow
tf-keras-vis. Prints one JSON object: {workload: [seconds per repetition]} and the process's peak RSS.

    /usr/bin/python3 tools/bench/baseline.py WORKLOAD[,WORKLOAD…] REPS
"""
import json
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "oracle"))
import hashweights  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


class Vgg16(torch.nn.Module):
    """Keras's VGG16 in torch: 'same' 3x3 convolutions, 2x2 pools, Keras's channels-last Flatten order, linear head."""

    def __init__(self, weights):
        super().__init__()
        self.convs = torch.nn.ModuleList()
        it = iter(weights)
        for width, n in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]:
            for _ in range(n):
                (_, k), (_, b) = next(it), next(it)
                conv = torch.nn.Conv2d(k.shape[2], k.shape[3], 3, padding=1)
                conv.weight.data = torch.from_numpy(np.ascontiguousarray(k.transpose(3, 2, 0, 1)))
                conv.bias.data = torch.from_numpy(b)
                self.convs.append(conv)
        self.fcs = torch.nn.ModuleList()
        for _ in range(3):
            (_, k), (_, b) = next(it), next(it)
            fc = torch.nn.Linear(k.shape[0], k.shape[1])
            fc.weight.data = torch.from_numpy(np.ascontiguousarray(k.T))
            fc.bias.data = torch.from_numpy(b)
            self.fcs.append(fc)
        self.pools_after = {1, 3, 6, 9, 12}
        self.hook = None

    def forward(self, x):  # x: NCHW
        for i, conv in enumerate(self.convs):
            x = F.relu(conv(x))
            if i == 12 and self.hook is not None:
                x = self.hook(x)
            if i in self.pools_after:
                x = F.max_pool2d(x, 2)
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        x = F.relu(self.fcs[0](x))
        x = F.relu(self.fcs[1](x))
        return self.fcs[2](x)


def load_input():
    img = Image.open(os.path.join(ROOT, "fixtures", "images", "photos", "chelsea.png")).convert("RGB").resize((224, 224), Image.NEAREST)
    a = np.asarray(img, dtype=np.float32)[..., ::-1] - np.array([103.939, 116.779, 123.68], dtype=np.float32)
    return torch.from_numpy(np.ascontiguousarray(a.transpose(2, 0, 1)))[None]


def capture(model, x, cls):
    store = {}

    def hook(a):
        a.retain_grad()
        store["a"] = a
        return a
    model.hook = hook
    out = model(x)
    model.zero_grad()
    out[0, cls].backward()
    model.hook = None
    return store["a"].detach(), store["a"].grad.detach(), out.detach()


def normalize(cam):
    cam = cam - cam.min()
    return cam / (cam.max() + 1e-7)


def gradcam(model, x, cls):
    a, g, _ = capture(model, x, cls)
    cam = F.relu((g.mean((2, 3), keepdim=True) * a).sum(1, keepdim=True))
    return normalize(F.interpolate(cam, size=(224, 224), mode="bilinear", align_corners=False))


def gradcampp(model, x, cls):
    a, g, _ = capture(model, x, cls)
    g2, g3 = g ** 2, g ** 3
    alpha = g2 / (2 * g2 + a.sum((2, 3), keepdim=True) * g3 + 1e-7)
    alpha = torch.where(g != 0, alpha, torch.zeros_like(alpha))
    w = (F.relu(g) * alpha).sum((2, 3), keepdim=True)
    cam = F.relu((w * a).sum(1, keepdim=True))
    return normalize(F.interpolate(cam, size=(224, 224), mode="bilinear", align_corners=False))


def scorecam(model, x, cls, n=32):
    with torch.no_grad():
        store = {}
        model.hook = lambda a: store.setdefault("a", a)
        model(x)
        model.hook = None
        a = store["a"][:, :n]
        up = F.interpolate(a, size=(224, 224), mode="bilinear", align_corners=False)
        lo, hi = up.amin((2, 3), keepdim=True), up.amax((2, 3), keepdim=True)
        masks = ((up - lo) / (hi - lo + 1e-7))[0][:, None]
        scores = torch.cat([model(x * masks[i:i + 16])[:, cls] for i in range(0, n, 16)])
        w = torch.softmax(scores, 0)[None, :, None, None]
        return normalize(F.relu((w * a).sum(1, keepdim=True)))


def saliency(model, x, cls):
    xi = x.clone().requires_grad_(True)
    model(xi)[0, cls].backward()
    return xi.grad.abs().amax(1)


def smoothgrad(model, x, cls, samples=20):
    sigma = 0.2 * (x.max() - x.min())
    total = torch.zeros_like(x)
    for _ in range(samples):
        xi = (x + sigma * torch.randn_like(x)).requires_grad_(True)
        model(xi)[0, cls].backward()
        total += xi.grad.abs()
    return (total / samples).amax(1)


def forward(model, x, cls):
    with torch.no_grad():
        return model(x)


def forward_backward(model, x, cls):
    return capture(model, x, cls)


WORKLOADS = {"forward": forward, "forward_backward": forward_backward, "gradcam": gradcam, "gradcampp": gradcampp,
             "scorecam32": scorecam, "saliency": saliency, "smoothgrad20": smoothgrad}


def peak_rss_mb():
    """This process's own peak RSS: VmHWM of /proc/self/status (getrusage's ru_maxrss would also count the parent's
    resident set at fork time, which Linux carries across exec)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv):
    torch.manual_seed(0)
    names, reps = argv[0].split(","), int(argv[1])
    model = Vgg16(hashweights.weights("vgg16", 1)).eval()
    x = load_input()
    cls = int(forward(model, x, 0)[0].argmax())
    result = {}
    for name in names:
        WORKLOADS[name](model, x, cls)  # warm-up
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            WORKLOADS[name](model, x, cls)
            times.append(time.perf_counter() - t)
        result[name] = times
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
