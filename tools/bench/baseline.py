"""The benchmark's Python baseline (`make bench`): the workloads of `conformance bench`, written the way a Python user
would with Debian's PyTorch and SciPy, on the same counter-hash weights and inputs (models.py). Grad-CAM, Grad-CAM++
and Score-CAM follow pytorch-grad-cam's arithmetic (activations and gradients captured at block5_conv3, backward() on
the class score, bilinear upsampling, Score-CAM batches of 16); saliency and SmoothGrad follow tf-keras-vis; the labs'
CAM is the lab's scipy.ndimage.zoom(order=2) and np.dot; the AlexNet rows are pytorch-grad-cam's ScoreCAM and
AblationCAM and captum's IntegratedGradients and Occlusion (alexnet_methods.py).

    /usr/bin/python3 tools/bench/baseline.py serve THREADS
    /usr/bin/python3 tools/bench/baseline.py once NAME THREADS

sets torch's thread count, prints {"ready": …}, then for each line "NAME TIMES" read from stdin runs the workload
TIMES times and prints one JSON line: {"name", "seconds" (per run), "peak_rss_mb"} (the peak since the runs began:
VmHWM after clearing it, clear_refs 5). `once` runs one workload once in a fresh process (the bench's whole-process runs)
and prints the same line, its peak being the process's whole life.
"""
import json
import sys
import time

import numpy as np
import scipy.ndimage
import torch
import torch.nn.functional as F

from models import LabCnn, Vgg16, pattern, vgg_input
import alexnet_methods  # noqa: E402


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
    return store["a"].detach(), store["a"].grad.detach()


def normalize(cam):
    cam = cam - cam.min()
    return cam / (cam.max() + 1e-7)


def gradcam(model, x, cls):
    a, g = capture(model, x, cls)
    cam = F.relu((g.mean((2, 3), keepdim=True) * a).sum(1, keepdim=True))
    return normalize(F.interpolate(cam, size=(224, 224), mode="bilinear", align_corners=False))


def gradcampp(model, x, cls):
    a, g = capture(model, x, cls)
    g2, g3 = g ** 2, g ** 3
    alpha = g2 / (2 * g2 + a.sum((2, 3), keepdim=True) * g3 + 1e-7)
    alpha = torch.where(g != 0, alpha, torch.zeros_like(alpha))
    w = (F.relu(g) * alpha).sum((2, 3), keepdim=True)
    cam = F.relu((w * a).sum(1, keepdim=True))
    return normalize(F.interpolate(cam, size=(224, 224), mode="bilinear", align_corners=False))


def scorecam(model, x, cls, n=512, batch=16):
    with torch.no_grad():
        store = {}
        model.hook = lambda a: store.setdefault("a", a)
        model(x)
        model.hook = None
        a = store["a"][:, :n]
        up = F.interpolate(a, size=(224, 224), mode="bilinear", align_corners=False)
        lo, hi = up.amin((2, 3), keepdim=True), up.amax((2, 3), keepdim=True)
        masks = ((up - lo) / (hi - lo + 1e-7))[0][:, None]
        scores = torch.cat([model(x * masks[i:i + batch])[:, cls] for i in range(0, n, batch)])
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


def lab_cam(model, x):
    """The DLAI lab: features, results = cam_model.predict(X); zoom(features[0], (H/h, W/w, 1), order=2) · W[:, k]."""
    with torch.no_grad():
        f, p = model.features(x)
    feats = f.permute(0, 2, 3, 1)[0].numpy()
    k = int(np.argmax(p[0].numpy()))
    h, w = feats.shape[:2]
    z = scipy.ndimage.zoom(feats, (x.shape[2] / h, x.shape[3] / w, 1), order=2)
    return np.dot(z, model.kernel[:, k])


class Lazy:
    """Models and inputs built on first use (a run of the zoom rows alone needs no model)."""

    def __init__(self):
        self.cache = {}

    def get(self, key, build):
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]


def workloads():
    torch.manual_seed(0)
    lazy = Lazy()

    def vgg():
        def build():
            model, x = Vgg16().eval(), vgg_input()
            with torch.no_grad():
                return model, x, int(model(x)[0].argmax())
        return lazy.get("vgg16", build)

    def lab(m, shape):
        return lazy.get(m, lambda: (LabCnn(m).eval(), torch.from_numpy(pattern(shape).transpose(0, 3, 1, 2).copy())))

    def lab1():
        return lab("lab1", (1, 28, 28, 1))

    def lab2():
        return lab("lab2", (1, 300, 300, 3))

    def masks():
        return lazy.get("masks", lambda: pattern((1, 14, 14, 512))), (1, 16, 16, 1), 1, "nearest"

    def feats():
        return lazy.get("feats", lambda: pattern((37, 37, 128))), (300 / 37, 300 / 37, 1), 2, "constant"

    def forward(model, x, *_):
        with torch.no_grad():
            return model(x)

    def lab_forward(model, x):
        with torch.no_grad():
            return model.features(x)

    def zoom(a, factors, order, mode):
        return scipy.ndimage.zoom(a, factors, order=order, mode=mode)

    # name: (what builds the arguments, outside the timing; the workload on them)
    return {
        "vgg16_forward": (vgg, forward),
        "vgg16_fwd_bwd_layer": (vgg, capture),
        "vgg16_gradcam": (vgg, gradcam),
        "vgg16_gradcampp": (vgg, gradcampp),
        "vgg16_fwd_bwd_input": (vgg, saliency),
        "vgg16_saliency": (vgg, saliency),
        "vgg16_smoothgrad20": (vgg, smoothgrad),
        "vgg16_scorecam512": (vgg, scorecam),
        "lab1_forward": (lab1, lab_forward),
        "lab1_cam": (lab1, lab_cam),
        "lab2_forward": (lab2, lab_forward),
        "lab2_cam": (lab2, lab_cam),
        "zoom_scorecam_masks": (masks, zoom),
        "zoom_lab2_cam": (feats, zoom),
        **alexnet_methods.workloads(lazy),
    }


def peak_rss_mb():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024


def clear_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def loaded_blas():
    """The libblas.so.3 this process mapped (Debian's reference BLAS, or OpenBLAS put first on LD_LIBRARY_PATH)."""
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "libblas" in line or "openblas" in line}
    return ", ".join(sorted(libs)) or "none mapped"


def serve(threads):
    torch.set_num_threads(threads)   # the Reference's libtorch thread count: the same cores on both sides
    work = workloads()
    print(json.dumps({"ready": True, "torch": torch.__version__, "scipy": scipy.__version__,
                      "threads": torch.get_num_threads(), "blas": loaded_blas()}), flush=True)
    for line in sys.stdin:
        name, _, times = line.strip().partition(" ")
        if name not in work or not times.isdigit():
            print(json.dumps({"name": name, "error": "unknown workload or no repeat count"}), flush=True)
            continue
        prepare, run = work[name]
        args = prepare()
        clear_peak()
        t = time.perf_counter()
        for _ in range(int(times)):
            run(*args)
        seconds = (time.perf_counter() - t) / int(times)
        print(json.dumps({"name": name, "seconds": seconds, "peak_rss_mb": peak_rss_mb()}), flush=True)


def once(name, threads):
    """A whole-process run's child: the workload's model and input built, the workload run once, one JSON line with its
    seconds and this process's resident peak over its life (VmHWM)."""
    torch.set_num_threads(threads)
    work = workloads()
    if name not in work:
        sys.exit(f"unknown workload {name}")
    prepare, run = work[name]
    args = prepare()
    t = time.perf_counter()
    run(*args)
    print(json.dumps({"name": name, "seconds": time.perf_counter() - t, "peak_rss_mb": peak_rss_mb()}), flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "once" and sys.argv[3].isdigit():
        once(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "serve" and sys.argv[2].isdigit():
        serve(int(sys.argv[2]))
    else:
        sys.exit("usage: baseline.py serve THREADS | once NAME THREADS")
