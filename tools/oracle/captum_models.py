"""The models the captum families attribute, as two callables each (a helper of the generators, never a family):
grad(batch, targets) -> (the target outputs (B,), the gradient of their sum with respect to the batch) and
fwd(batch, targets) -> the target outputs. Lab1 runs in TF.js, channels-last (with one channel its NHWC and NCHW arrays
hold the same values in the same order, so a PyTorch port of it attributes the same numbers); torchvision AlexNet
(counter-hash weights, seed 1) in PyTorch 1.13. Plus the tolerance rule and the provenance the captum families share."""
import copy

import numpy as np

import common
import captum_attr as ca
import images
import torch_report as tr
from lab_models import HASH, forward, score_grad, weight_refs
from tolerances import largest, tol_scaled

SOURCE = "captum 0.8.0: Method(forward_func).attribute(inputs, target=..., ...) (captum/attr/_core)"
ITEMS = ["test-00000.png", "test-00001.png", "test-00002.png"]


class Lab:
    """Lab1 through TF.js: grad(batch, targets) -> (target outputs, d(sum of them)/d(batch)); fwd(batch, targets)."""
    def __init__(self, weights, linear):
        self.weights, self.linear, self.model, self.depth = weights, linear, "lab1", 2e-6
        self.refs = weight_refs(weights)
        self.tf = None

    def grad(self, batch, targets):
        r, g = score_grad("lab1", self.weights, batch, "input", targets, linear=self.linear)
        self.tf = r
        with common.npy_files(x=batch) as f:
            _, w = common.tfjs("score_grad", backend="wasm", model="lab1", weights=self.weights, input=f["x"], wrt="input",
                               indices=[int(i) for i in targets], linear=self.linear)
        self.flags, self.spread = probe(g["grads"], w["grads"], self.depth)
        return np.float32(g["outputs"][np.arange(len(targets)), targets]), g["grads"]

    def fwd(self, batch, targets):
        r, o = forward("lab1", self.weights, batch, ["dense"], linear=self.linear)
        self.tf = r
        return np.float32(o["dense"][np.arange(len(targets)), targets])

    def params(self):
        return dict(model="lab1", weights=self.weights, linear=self.linear)


class Torchvision:
    """AlexNet in PyTorch 1.13 (counter-hash weights, seed 1): the same two callables."""
    def __init__(self):
        import torch
        self.torch, self.m, self.model, self.depth, self.tf = torch, tr.model("alexnet"), "alexnet", 1e-5, None
        self.refs = [common.fixture_ref("hash-weights", "weights/hash-weights.json")]
        self.m64 = copy.deepcopy(self.m).double()
        self.mcl = copy.deepcopy(self.m).to(memory_format=torch.channels_last)

    def grad(self, batch, targets):
        """Probed twice: PyTorch float64, and oneDNN on channels-last data (torch_report.onednn_channels_last: another
        correct float32 order, what NHWC ports compute); an element either re-routes is flagged."""
        s, g = self._grad(self.m, batch, targets)
        _, g64 = self._grad(self.m64, np.float64(batch), targets)
        with self.torch.backends.mkldnn.flags(enabled=True):
            _, gcl = self._grad(self.mcl, batch, targets)
        f64, s64 = probe(g, g64, self.depth)
        fcl, scl = probe(g, gcl, self.depth)
        self.flags, self.spread = f64 | fcl, np.maximum(s64, scl)
        return s, g

    def _grad(self, m, batch, targets):
        t = self.torch.from_numpy(np.ascontiguousarray(batch)).requires_grad_(True)
        out = m(t)
        s = out[self.torch.arange(len(targets)), self.torch.from_numpy(np.asarray(targets, np.int64))]
        (g,) = self.torch.autograd.grad(s.sum(), t)
        return s.detach().numpy(), g.numpy()

    def fwd(self, batch, targets):
        with self.torch.no_grad():
            return np.concatenate([self.grad_free(batch[i:i + 16], targets[i:i + 16]) for i in range(0, len(batch), 16)])

    def grad_free(self, batch, targets):
        out = self.m(self.torch.from_numpy(np.ascontiguousarray(batch))).numpy()
        return np.float32(out[np.arange(len(targets)), targets])

    def params(self):
        return dict(model="alexnet", weights=HASH)


def probe(g, other, depth):
    """The well-posedness probe: where two correct implementations' gradients differ by more than the depth tolerance
    (depth x each row's largest |g|, plus 1e-5 relative). Lab1: TF.js's cpu and wasm backends; AlexNet: PyTorch float32
    and float64, and oneDNN channels-last float32. Such elements are max-pool windows whose near-tie went the other way
    (about 0.1 of the tolerance elsewhere). Returns (flags, |g - other|) of the batch's shape."""
    rows = np.abs(g.reshape(len(g), -1)).max(axis=1).reshape((len(g),) + (1,) * (g.ndim - 1))
    d = np.abs(g - other)
    return d > depth * rows + 1e-5 * np.abs(g), d


def outliers(flags, spread, attr_abs, what, one_flip=0.0):
    """The outlier allowance of an output whose elements `flags` (x's shape) the probe found re-routed, each off by up to
    `spread` there: twice the share (plus one element), each within the larger of four times the largest spread and
    `one_flip` (what one re-routed gradient can move an element by), plus the plain tolerance attr_abs. None where
    nothing was re-routed."""
    if not flags.any():
        return None
    share = float(min(1.0, 2 * flags.mean() + 1 / flags.size))
    return share, float(np.float32(max(4 * np.max(spread[flags]), one_flip) + attr_abs)), (
        f"; max-pool near-ties: the probe found {int(flags.sum())} of {flags.size} elements routed differently "
        f"{what}, so up to {share:.3%} of the elements may be off by up to the larger of 4 x the largest such difference "
        "and one re-routed gradient")


def integrated(net, x, b, targets, n_steps, method):
    """captum_attr.integrated_gradients on `net`, with the a-priori bounds of its steps: per-element `per` (each path
    point's gradient within depth x that point's largest |g| + 1e-5 relative, weighted by the step sizes), |x - b|, the
    probe's re-routed elements (any path point), how far they moved, and what one re-routed gradient can move."""
    calls = []

    def grad_fn(batch, t):
        s, g = net.grad(batch, t)
        calls.append((g, net.flags, net.spread))
        return s, g

    r = ca.integrated_gradients(grad_fn, x, b, targets, n_steps, method)
    grads_per_step, flags, spread = calls[0]
    g = grads_per_step.reshape((n_steps, x.shape[0]) + x.shape[1:])
    ss = np.abs(np.float64(r["step_sizes"])).reshape((n_steps,) + (1,) * x.ndim)
    step_max = np.max(np.abs(g).reshape(n_steps, -1), axis=1).reshape((n_steps,) + (1,) * x.ndim)
    # each step's gradient may move by its own tolerance (depth x that step's largest |g|, plus 1e-5 relative); the
    # weighted sum moves by at most the weighted sum of those, the attribution by |x - b| times that
    per = np.sum(ss * (net.depth * step_max + 1e-5 * np.abs(g)), axis=0)
    diff = np.abs(np.float64(x) - b)
    shape = (n_steps, x.shape[0]) + x.shape[1:]
    flagged = flags.reshape(shape).any(axis=0)
    moved = np.sum(ss * spread.reshape(shape), axis=0)
    flip = float(np.max(2 * ss * step_max))   # one step's gradient value moved to another element
    return r, dict(per=per, diff=diff, flagged=flagged, moved=moved, flip=flip, flags=flags)


def provenance(net, family):
    parts = (f"TensorFlow.js {net.tf['tfjs']} (Lab1's outputs and input gradients)" if net.tf else
             "PyTorch 1.13 + torchvision 0.14 (Debian; AlexNet's outputs and input gradients)")
    return {"oracle": parts + "; captum 0.8.0's arithmetic in NumPy (tools/oracle/captum_attr.py)", "version": tr.version(),
            "command": common.command(family)}


def bound(a, depth, what):
    """tolerances.tol_scaled, with the unrounded abs floor (depth x the largest |value|) the callers build on."""
    return tol_scaled(depth, a, what), depth * largest(a)


def case(family, net, name, method, description, params, refs, flagged=None):
    p = provenance(net, family)
    if flagged is not None:
        p["notes"] = (f"well-posedness probe ({'TF.js cpu vs wasm' if net.model == 'lab1' else 'PyTorch float32 vs float64 and oneDNN channels-last'} "
                      f"input gradients): {flagged} element(s) routed differently at max-pool near-ties")
    return common.Case(family, name, description=description, source=SOURCE, model=net.model, method=f"captum_{method}",
                       params=dict(net.params(), **params), fixtures=refs + net.refs, provenance=p)


def lab_input(names=ITEMS, t=0):
    """Fashion-MNIST items dithered by up to one grey level (images.dither): an input gradient through max-pool windows
    on the items' flat background would otherwise hang on exact ties that a 1-ulp change re-routes."""
    return images.dither(images.fashion(names), 1 / 255, t), images.refs("fashion-mnist", names)


def torch_input(width=224, height=160):
    """chelsea.png resized to (width, height), normalised, then dithered by up to one grey level (1/255 over the
    smallest std), for the same reason."""
    x = tr.preprocess_hw(tr.load_rgb("images/photos/chelsea.png"), width, height)
    return images.dither(x, 1 / 255 / min(tr.STD)), [common.fixture_ref("chelsea.png", "images/photos/chelsea.png")]


def predicted(net, x):
    """Each input's top class (Lab1: its linear or softmax output; AlexNet: the logits)."""
    if net.model == "lab1":
        _, o = forward("lab1", net.weights, x, ["dense"], linear=net.linear)
        return np.argmax(o["dense"], axis=1)
    with net.torch.no_grad():
        return np.argmax(net.m(net.torch.from_numpy(x)).numpy(), axis=1)
