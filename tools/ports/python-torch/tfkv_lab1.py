"""The PyTorch port's tf-keras-vis methods on Lab1: Grad-CAM, Grad-CAM++ (expand_cam as F.interpolate(bilinear,
align_corners=True), the same corner-aligned line as scipy's zoom order 1), saliency and SmoothGrad."""
import torch
import torch.nn.functional as F

from lab1 import lab1_features, lab1_from_keras_npy, nhwc
from protocol import Unsupported


def lab1_logits(m, xt, from_features=None):
    """(conv2d_3's output A, the model's outputs): logits with ReplaceToLinear (linear=True), else the softmax
    probabilities the unmodified model ends in; with from_features, the outputs of that A (a leaf to differentiate)."""
    p = m["method"]["params"]
    convs, dense = lab1_from_keras_npy(p["weights"])
    h = lab1_features(xt, convs) if from_features is None else from_features
    z = F.linear(h.mean(dim=(2, 3)), *dense)
    return h, z if p.get("linear", False) else F.softmax(z, dim=-1)


def normalize(a):
    dims = tuple(range(1, a.dim()))
    mn, mx = a.amin(dim=dims, keepdim=True), a.amax(dim=dims, keepdim=True)
    return (a - mn) / (mx - mn + 1e-7)


def tfkv_cam(m, x, plus):
    p = m["method"]["params"]
    if p.get("resolved_layer") != "conv2d_3":
        raise Unsupported("tf-keras-vis CAMs on lab1's conv2d_3 only")
    xt = torch.from_numpy(x["x"])
    idx = torch.tensor(p["indices"])
    with torch.no_grad():
        A, _ = lab1_logits(m, xt)
    A = A.requires_grad_(True)
    _, logits = lab1_logits(m, xt, from_features=A)
    scores = logits.gather(1, idx[:, None])[:, 0]
    g, = torch.autograd.grad(scores.sum(), A)
    A = A.detach()
    out = {"penultimate": nhwc(A), "outputs": logits.detach(), "scores": scores.detach(), "grads": nhwc(g)}
    if plus:
        S = scores.detach().exp().view(-1, 1, 1, 1)
        d1, d2 = S * g, S * g * g
        den = 2 * d2 + d2 * g * A.sum(dim=(2, 3), keepdim=True) + (d2 == 0).float()
        alpha = d2 / den
        norm = alpha.sum(dim=(2, 3), keepdim=True)
        alpha = alpha / (norm + (norm == 0).float())
        w = (F.relu(d1) * alpha).sum(dim=(2, 3))
        out["exp_scores"] = S.flatten()
    else:
        w = g.mean(dim=(2, 3))
    raw = F.relu((A * w[:, :, None, None]).sum(1))
    up = F.interpolate(raw[:, None], size=xt.shape[1:3], mode="bilinear", align_corners=True)[:, 0]   # zoom(order=1)
    out.update(weights=w, cam_raw=raw, cam_unexpanded=normalize(raw), cam=normalize(up))
    return out


def tfkv_saliency(m, x, smooth):
    p = m["method"]["params"]
    X = torch.from_numpy(x["x"])
    idx = torch.tensor(p["indices"])

    def grads(xin):
        xin = xin.clone().requires_grad_(True)
        _, logits = lab1_logits(m, xin)
        g, = torch.autograd.grad(logits.gather(1, idx[:, None]).sum(), xin)
        return g.abs(), logits.detach()

    out = {}
    if smooth:
        z = torch.from_numpy(x["noise"])
        sigma = p["smooth_noise"] * (X.amax(dim=(1, 2, 3)) - X.amin(dim=(1, 2, 3)))
        total, first = 0, None
        for s in range(z.shape[0]):
            g, logits = grads(X + (sigma.double().view(-1, 1, 1, 1) * z[s]).float())
            total, first = total + g, logits if first is None else first
        g, out["sigma"], out["outputs"] = total / z.shape[0], sigma.repeat(z.shape[0], 1), first
    else:
        g, out["outputs"] = grads(X)
    out.update(grads=g, map=normalize(g.amax(-1)))
    return out
