"""The float64 port's NHWC primitives for Lab1's hand-written backward pass: 3x3 'same' patches (im2col) and their
adjoint (col2im), 2x2 max pooling with its switches, and the gradient through them."""
import numpy as np


def im2col(h):
    """(N, H, W, C) -> (N, H, W, 9C): the 3x3 'same' neighbourhoods, zero padded, in (dy, dx, c) order (HWIO)."""
    n, hh, ww, c = h.shape
    pad = np.pad(h, ((0, 0), (1, 1), (1, 1), (0, 0)))
    return np.concatenate([pad[:, dy:dy + hh, dx:dx + ww, :] for dy in range(3) for dx in range(3)], -1)


def col2im(gcol, c):
    n, hh, ww, _ = gcol.shape
    pad = np.zeros((n, hh + 2, ww + 2, c))
    k = 0
    for dy in range(3):
        for dx in range(3):
            pad[:, dy:dy + hh, dx:dx + ww, :] += gcol[..., k * c:(k + 1) * c]
            k += 1
    return pad[:, 1:-1, 1:-1, :]


def pool(h):
    n, hh, ww, c = h.shape
    ph, pw = hh // 2, ww // 2
    win = h[:, :2 * ph, :2 * pw, :].reshape(n, ph, 2, pw, 2, c).transpose(0, 1, 3, 5, 2, 4).reshape(n, ph, pw, c, 4)
    return win.max(-1), win.argmax(-1)


def unpool_grad(g, arg, shape):
    n, ph, pw, c = g.shape
    onehot = (np.arange(4) == arg[..., None]) * g[..., None]
    full = onehot.reshape(n, ph, pw, c, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(n, 2 * ph, 2 * pw, c)
    out = np.zeros(shape)
    out[:, :2 * ph, :2 * pw, :] = full
    return out
