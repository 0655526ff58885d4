"""The float64 port's Lab1 model (Conv-Pool x3, Conv, GAP, Dense) with a hand-written backward pass, and the methods
computed on it: DLAI CAM, get_CAM and saliency, tf-keras-vis Grad-CAM, Grad-CAM++, saliency and SmoothGrad."""
import os

import numpy as np
import scipy.ndimage

from arrays import EPS, NORMALIZE_EPS, ONE_MINUS_EPS
from conv_ops import col2im, im2col, pool, unpool_grad
from protocol import Unsupported, fixture

# ------------------------------------------------------------------------------------------------ the Lab1 model

def lab1_weights(w):
    if w.get("kind") != "npy":
        raise Unsupported(f"weights kind '{w.get('kind')}': this port reads Keras NPY folders only (counter-hash weights are not ported)")
    d = fixture(w["dir"])
    files = sorted(f for f in os.listdir(d) if f.endswith(".npy"))
    a = [np.load(os.path.join(d, f)).astype(np.float64) for f in files]
    return [(a[i], a[i + 1]) for i in range(0, 8, 2)], (a[8], a[9])


class Lab1:
    """Conv(16)-Pool, Conv(32)-Pool, Conv(64)-Pool, Conv(128), GAP, Dense(10); ReLU after each conv."""

    def __init__(self, weights):
        self.convs, self.dense = lab1_weights(weights)

    def forward(self, x):
        t, h = {}, x
        for i, (k, b) in enumerate(self.convs):
            col = im2col(h)
            z = col @ k.reshape(-1, k.shape[-1]) + b
            a = np.maximum(z, 0)
            t[i] = (col, z, h.shape)
            h = a
            if i < 3:
                pooled, arg = pool(a)
                t[f"pool{i}"] = (arg, a.shape, pooled)
                h = pooled
        t["features"] = h
        gap = h.mean((1, 2))
        logits = gap @ self.dense[0] + self.dense[1]
        return t, logits

    def head_grad(self, dlogits, features):
        """d/d features of a function of the logits, given its gradient dlogits (N, 10)."""
        dgap = dlogits @ self.dense[0].T
        return np.broadcast_to(dgap[:, None, None, :] / (features.shape[1] * features.shape[2]), features.shape).copy()

    def layer_grad(self, t, dfeat, layer):
        """d/d (the ReLU output of conv `layer`, 0..3) of a function whose gradient at conv2d_3's output is dfeat."""
        g = dfeat
        for i in range(3, layer, -1):
            col, z, in_shape = t[i]
            k = self.convs[i][0]
            g = col2im((g * (z > 0)) @ k.reshape(-1, k.shape[-1]).T, in_shape[-1])
            arg, shape, _ = t[f"pool{i - 1}"]
            g = unpool_grad(g, arg, shape)
        return g

    def input_grad(self, t, dfeat):
        g = dfeat
        for i in (3, 2, 1, 0):
            if i < 3:
                arg, shape, _ = t[f"pool{i}"]
                g = unpool_grad(g, arg, shape)
            col, z, in_shape = t[i]
            k = self.convs[i][0]
            g = g * (z > 0)
            g = col2im(g @ k.reshape(-1, k.shape[-1]).T, in_shape[-1])
        return g


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def model(p):
    if p.get("model") != "lab1":
        raise Unsupported(f"model '{p.get('model')}' is not ported (Lab1 with Keras NPY weights only)")
    return Lab1(p["weights"])


def dlai_cam(p, x):
    m = model(p)
    t, logits = m.forward(x["x"].astype(np.float64))
    f, pred = t["features"], softmax(logits)
    cls = pred.argmax(-1)
    zoomed = np.stack([scipy.ndimage.zoom(f[i], p["zoom"], order=p["zoom_order"]) for i in range(len(f))])
    cam = np.einsum("nhwc,nc->nhw", zoomed, m.dense[0][:, cls].T)
    return {"features": f, "predictions": pred, "class_index": cls, "zoomed": zoomed, "cam": cam}


def dlai_get_cam(p, x):
    if p.get("layer") != "conv2d_3":
        raise Unsupported("get_CAM at conv2d_3 only")
    m = model(p)
    t, logits = m.forward(x["x"].astype(np.float64))
    a, pred, k = t["features"], softmax(logits), p["label"]
    dlog = pred[:, [k]] * ((np.arange(pred.shape[1]) == k) - pred)      # d p_k / d logits
    g = m.head_grad(dlog, a)
    w = g.mean((0, 1, 2))
    mean = (a[0] * w).mean(-1)
    relu = np.maximum(mean, 0)
    mx = relu.max()
    with np.errstate(invalid="ignore"):
        heat = relu / mx
    return {"conv_outputs": a, "predictions": pred, "gradients": g, "channel_weights": w, "channel_mean": mean,
            "heatmap": heat, "heatmap_guarded": relu / (mx if mx != 0 else 1e-10)}


def cce_grad(pred, y):
    """d CCE / d logits for Keras's CCE on probabilities: p /= sum p; clip to [eps, 1 - eps]; -sum y log p."""
    s = pred.sum(-1, keepdims=True)
    q = pred / s
    inside = (q > EPS) & (q < ONE_MINUS_EPS)
    dq = np.where(inside, -y / np.clip(q, EPS, ONE_MINUS_EPS), 0)
    dp = dq / s - (dq * pred).sum(-1, keepdims=True) / s ** 2
    return pred * (dp - (dp * pred).sum(-1, keepdims=True)), -(y * np.log(np.clip(q, EPS, ONE_MINUS_EPS))).sum(-1)


def dlai_saliency(p, x):
    m = model(p)
    xin = x["x"].astype(np.float64)
    t, logits = m.forward(xin)
    pred = softmax(logits)
    y = np.zeros_like(pred)
    y[:, p["class_index"]] = 1
    dlog, loss = cce_grad(pred, y)
    g = m.input_grad(t, m.head_grad(dlog, t["features"]))
    gray = np.abs(g).sum(-1)
    with np.errstate(invalid="ignore"):
        scaled = 255 * (gray - gray.min()) / (gray.max() - gray.min())
    return {"predictions": pred, "loss": loss, "gradients": g, "grayscale": gray, "scaled": scaled,
            "normalized": np.squeeze(np.nan_to_num(scaled).astype(np.uint8))}


def normalize(a):
    axes = tuple(range(1, a.ndim))
    mn, mx = a.min(axes, keepdims=True), a.max(axes, keepdims=True)
    return (a - mn) / (mx - mn + NORMALIZE_EPS)


def score_grads(m, xin, idx, linear=True):
    """The forward pass, the model's outputs (logits, or softmax probabilities without ReplaceToLinear) and the
    gradient of sum_n outputs[n, idx[n]] with respect to the logits."""
    t, logits = m.forward(xin)
    onehot = np.zeros_like(logits)
    onehot[np.arange(len(idx)), idx] = 1
    if linear:
        return t, logits, onehot
    p = softmax(logits)
    pk = p[np.arange(len(idx)), idx][:, None]
    return t, p, pk * (onehot - p)          # d p_k / d z = p_k (e_k - p)


CONVS = ["conv2d", "conv2d_1", "conv2d_2", "conv2d_3"]


def tfkv_cam(p, x, plus, layercam=False):
    layer = CONVS.index(p["resolved_layer"]) if p.get("resolved_layer") in CONVS else None
    if layer is None:
        raise Unsupported(f"tf-keras-vis CAMs at Lab1's convolutions only, not {p.get('resolved_layer')}")
    m = model(p)
    xin = x["x"].astype(np.float64)
    idx = np.asarray(p["indices"] if len(p["indices"]) == len(xin) else p["indices"] * len(xin))
    t, logits, dout = score_grads(m, xin, idx, p.get("linear", False))
    A = np.maximum(t[layer][1], 0)
    g = m.layer_grad(t, m.head_grad(dout, t["features"]), layer)
    scores = logits[np.arange(len(idx)), idx]
    out = {"penultimate": A, "outputs": logits, "scores": scores, "grads": g}
    if plus:
        S = np.exp(scores)[:, None, None, None]
        d1, d2 = S * g, S * g * g
        d3 = d2 * g
        den = 2 * d2 + d3 * A.sum((1, 2), keepdims=True) + (d2 == 0)
        alpha = d2 / den
        anorm = alpha.sum((1, 2), keepdims=True)
        alpha = alpha / (anorm + (anorm == 0))
        w = (np.maximum(d1, 0) * alpha).sum((1, 2))
        out["exp_scores"] = S.ravel()
    elif not layercam:
        w = g.mean((1, 2))
    if layercam:   # LayerCAM: every position weighted by its own relu(g), no spatial mean
        out["positive_grads"] = np.maximum(g, 0)
        raw = np.maximum((A * out["positive_grads"]).sum(-1), 0)
    else:
        raw = np.maximum(np.einsum("nhwc,nc->nhw", A, w), 0)
        out["weights"] = w
    h, wd = raw.shape[1:]
    up = scipy.ndimage.zoom(raw, (1, xin.shape[1] / h, xin.shape[2] / wd), order=1)
    out.update(cam_raw=raw, cam_unexpanded=normalize(raw), cam=normalize(up))
    return out


def tfkv_saliency(p, x, smooth):
    m = model(p)
    linear = p.get("linear", False)
    X = x["x"].astype(np.float64)
    idx = np.asarray(p["indices"] if len(p["indices"]) == len(X) else p["indices"] * len(X))

    def grads(xin):
        t, outputs, dout = score_grads(m, xin, idx, linear)
        return np.abs(m.input_grad(t, m.head_grad(dout, t["features"]))), outputs

    out = {}
    if smooth:
        z = x["noise"]
        sigma = p["smooth_noise"] * (X.max((1, 2, 3)) - X.min((1, 2, 3)))
        total, first = 0, None
        for s in range(z.shape[0]):
            xs = X + (sigma[:, None, None, None] * z[s]).astype(np.float32)   # TF adds the noise as float32
            g, logits = grads(xs)
            total = total + g
            first = logits if first is None else first
        g, out["sigma"], out["outputs"] = total / z.shape[0], np.tile(sigma, (z.shape[0], 1)), first
    else:
        g, out["outputs"] = grads(X)
    out.update(grads=g, map=normalize(g.max(-1)))
    return out
