"""Keras 3's classification losses, op for op in float32 NumPy (keras/src/losses/losses.py and
keras/src/backend/tensorflow/nn.py, TF kernels for the logits paths; the Loss classes' reduction from
keras/src/losses/loss.py). Used by the losses family; kept apart so the later round against the real library has one
module to confirm."""
import numpy as np

F = np.float32
EPS = F(1e-7)
ONE_MINUS_EPS = F(1.0 - 1e-7)


def clip(p, eps=1e-7):
    return np.minimum(np.maximum(p, F(eps)), F(1.0 - eps)).astype(F)


def cce(y, p, eps=1e-7):
    p = (p / np.sum(p, axis=-1, keepdims=True, dtype=F)).astype(F)
    p = clip(p, eps)
    return (-np.sum((y * np.log(p)).astype(F), axis=-1, dtype=F)).astype(F)


def _sparse_xent_logits(t, z):
    if t.ndim == z.ndim and t.shape[-1] == 1:
        t = t[..., 0]   # Keras squeezes (N, 1) integer labels
    m = np.max(z, axis=-1, keepdims=True)
    s = (z - m).astype(F)
    lse = np.log(np.sum(np.exp(s), axis=-1, dtype=F)).astype(F)
    return (lse - np.take_along_axis(s, t[:, None], axis=-1)[:, 0]).astype(F)


def scce(t, p, eps=1e-7):
    return _sparse_xent_logits(t, np.log(clip(p, eps)).astype(F))


def bce(y, p, eps=1e-7):
    p = clip(p, eps)
    v = (y * np.log(p)).astype(F)
    v = (v + ((F(1) - y) * np.log((F(1) - p).astype(F))).astype(F)).astype(F)
    return (np.sum(-v, axis=-1, dtype=F) / F(v.shape[-1])).astype(F)


def cce_logits(y, z):
    m = np.max(z, axis=-1, keepdims=True)
    s = (z - m).astype(F)
    lse = np.log(np.sum(np.exp(s), axis=-1, keepdims=True, dtype=F)).astype(F)
    return np.sum((y * (lse - s)).astype(F), axis=-1, dtype=F).astype(F)


def bce_logits(y, z):
    v = (np.maximum(z, F(0)) - z * y + np.log1p(np.exp(-np.abs(z)))).astype(F)
    return (np.sum(v, axis=-1, dtype=F) / F(v.shape[-1])).astype(F)


def reduce(v, reduction):
    if reduction == "none":
        return v
    s = np.asarray(np.sum(v, dtype=F), dtype=F)
    return s if reduction == "sum" else np.asarray(s / F(v.size), dtype=F)
