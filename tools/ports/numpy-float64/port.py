#!/usr/bin/python3
"""An honest float64 port: the labs' methods written from docs/ alone in NumPy and SciPy, every step in float64 (the
spec's float32 constants kept: Keras's epsilon f32(1e-7), the caffe means as float32), each output rounded once to the
dtype its manifest names. It shares no code with the Reference or the oracles (its Lab1 backward pass is hand-written).

It is the suite's standing false-positive test: a correct port that computes in another precision and another op
order must pass every case its expectations.jsonc does not list, and each listed reason must be a semantic difference
(float64 does not round where the lab's float32 does), never arithmetic noise.

Protocol (docs/porting.md): argv = case folders (manifest.json, input .npy files, empty out/); write out/<file> per
output, or out/_unsupported.txt with a reason. Fixture paths are under KERASVIS_FIXTURES (default ./fixtures)."""
import json
import os
import sys
import traceback

import numpy as np
import scipy.ndimage
from PIL import Image

FIXTURES = os.environ.get("KERASVIS_FIXTURES", os.path.join(os.getcwd(), "fixtures"))
EPS = float(np.float32(1e-7))               # keras.backend.epsilon() as TF holds it
ONE_MINUS_EPS = float(np.float32(1 - 1e-7))
NORMALIZE_EPS = float(np.float32(1e-7))     # tf-keras-vis normalize's epsilon


class Unsupported(Exception):
    pass


def fixture(path):
    if not path.startswith("fixtures/"):
        raise Unsupported(f"fixture path {path!r} outside fixtures/")
    return os.path.join(FIXTURES, path[len("fixtures/"):])


# ------------------------------------------------------------------------------------------------ losses

def keras_loss(p, x):
    y, q = x["y_true"].astype(np.float64), x["y_pred"].astype(np.float64)
    name, logits = p["loss"], p.get("from_logits", False)
    if name == "categorical_crossentropy":
        if logits:
            z = q - q.max(-1, keepdims=True)
            per = -(y * (z - np.log(np.exp(z).sum(-1, keepdims=True)))).sum(-1)
        else:
            r = np.clip(q / q.sum(-1, keepdims=True), EPS, ONE_MINUS_EPS)
            per = -(y * np.log(r)).sum(-1)
    elif name == "sparse_categorical_crossentropy":
        t = x["y_true"].astype(np.int64)
        if t.ndim == q.ndim:
            t = t[..., 0]
        z = q if logits else np.log(np.clip(q, EPS, ONE_MINUS_EPS))
        z = z - z.max(-1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
        per = -np.take_along_axis(logp, t[..., None], -1)[..., 0]
    elif name == "binary_crossentropy":
        if logits:
            v = np.maximum(q, 0) - q * y + np.log1p(np.exp(-np.abs(q)))
        else:
            r = np.clip(q, EPS, ONE_MINUS_EPS)
            v = -(y * np.log(r) + (1 - y) * np.log(1 - r))
        per = v.mean(-1)
    else:
        raise Unsupported(f"loss {name}")
    red = p.get("reduction", "sum_over_batch_size")
    reduced = per.sum() / per.size if red == "sum_over_batch_size" else per.sum() if red == "sum" else per
    return {"per_sample": per, "reduced": np.asarray(reduced)}


# ------------------------------------------------------------------------------------------------ arrays and images

def spline_zoom(p, x):
    a = x["x"]
    out = scipy.ndimage.zoom(a.astype(np.float64), p["zoom"], order=p["order"], mode=p["mode"], cval=p.get("cval", 0.0))
    return {"zoomed": out}


def max_pool_unpool(p, x):
    a = x["x"].astype(np.float64)
    n, h, w, c = a.shape
    ph, pw = (h - 2) // 2 + 1, (w - 2) // 2 + 1
    pooled = np.zeros((n, ph, pw, c))
    plane = np.zeros((n, ph, pw, c), np.int64)
    for i in range(ph):
        for j in range(pw):
            win = a[:, 2 * i:2 * i + 2, 2 * j:2 * j + 2, :].reshape(n, 4, c)   # row-major window order
            k = win.argmax(1)                                                   # first maximum wins a tie
            pooled[:, i, j, :] = win.max(1)
            plane[:, i, j, :] = (2 * i + k // 2) * w + (2 * j + k % 2)
    oh, ow = p["output_size"]
    un = np.zeros((n, oh, ow, c))
    for b in range(n):
        for ch in range(c):
            idx = plane[b, :, :, ch].ravel()
            un[b, idx // w, idx % w, ch] = pooled[b, :, :, ch].ravel()
    cidx = np.arange(c)[None, None, None, :]
    return {"pooled": pooled, "indices_nchw": plane.transpose(0, 3, 1, 2), "argmax_nhwc": plane * c + cidx, "unpooled": un}


JET = {0: [(0, 0), (0.35, 0), (0.66, 1), (0.89, 1), (1, 0.5)],
       1: [(0, 0), (0.125, 0), (0.375, 1), (0.64, 1), (0.91, 0), (1, 0)],
       2: [(0, 0.5), (0.11, 1), (0.34, 1), (0.65, 0), (1, 0)]}


def jet_table():
    xs = np.arange(256) / 255.0
    return np.stack([np.interp(xs, [a for a, _ in JET[ch]], [b for _, b in JET[ch]]) for ch in range(3)], -1)


def jet_heatmap(p, x):
    m = x["map"]
    lut = np.floor(jet_table() * 255).astype(np.uint8)
    with np.errstate(invalid="ignore"):
        row = np.floor(m.astype(np.float32) * np.float32(256))    # the lookup's index, as matplotlib computes it
    row = np.where(np.isnan(row), -1, np.clip(np.nan_to_num(row, posinf=255, neginf=0), 0, 255)).astype(np.int64)
    heat = np.where((row >= 0)[..., None], lut[np.maximum(row, 0)], 0).astype(np.uint8)
    out = {"heatmap": heat}
    if "image" in x:
        out["overlay"] = np.floor(p.get("alpha", 0.5) * heat + (1 - p.get("alpha", 0.5)) * x["image"]).astype(np.uint8)
    return out


def dlai_saliency_scale(p, x):
    g = x["grayscale"].astype(np.float64)
    scaled = 255 * (g - g.min()) / (g.max() - g.min())
    return {"scaled": scaled, "normalized": np.squeeze(np.nan_to_num(scaled).astype(np.uint8))}


def keras_load_img(p, x):
    th, tw = p["target_size"]
    imgs = []
    for path in p["images"]:
        im = Image.open(fixture(path))
        im = im.convert("RGB") if im.mode != "RGB" else im
        if im.size != (tw, th):
            im = im.resize((tw, th), Image.NEAREST)
        imgs.append(np.asarray(im))
    imgs = np.stack(imgs)
    mean = np.array([103.939, 116.779, 123.68], np.float32).astype(np.float64)   # BGR, the float32 constants
    return {"images": imgs, "preprocessed": imgs[..., ::-1].astype(np.float64) - mean}


def bilinear_half_pixel(img, oh, ow):
    """Exact bilinear resampling with half-pixel centres and edge clamping, in float64."""
    h, w = img.shape[:2]
    def taps(n_out, n_in):
        src = np.clip((np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5, 0, None)
        i0 = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
        i1 = np.minimum(i0 + 1, n_in - 1)
        return i0, i1, src - i0
    y0, y1, fy = taps(oh, h)
    x0, x1, fx = taps(ow, w)
    top = img[y0][:, x0] * (1 - fx)[None, :, None] + img[y0][:, x1] * fx[None, :, None]
    bot = img[y1][:, x0] * (1 - fx)[None, :, None] + img[y1][:, x1] * fx[None, :, None]
    return top * (1 - fy)[:, None, None] + bot * fy[:, None, None]


def torch_preprocess(p, x):
    size = p["size"]
    mean, std = np.array(p["mean"]), np.array(p["std"])
    r = bilinear_half_pixel(x["image"].astype(np.float64) / 255.0, size, size)
    n = (r - mean) / std
    xt = n.transpose(2, 0, 1)[None]
    # reprocess from the float32 x the port hands on, as the report does
    x32 = xt.astype(np.float32).astype(np.float64)[0].transpose(1, 2, 0)
    back = np.clip(x32 * std + mean, 0, 1) * 255
    return {"x": xt, "reprocessed": back.astype(np.uint8)}


# ------------------------------------------------------------------------------------------------ the Lab1 model

def lab1_weights(w):
    if w.get("kind") != "npy":
        raise Unsupported(f"weights kind '{w.get('kind')}': this port reads Keras NPY folders only (counter-hash weights are not ported)")
    d = fixture(w["dir"])
    files = sorted(f for f in os.listdir(d) if f.endswith(".npy"))
    a = [np.load(os.path.join(d, f)).astype(np.float64) for f in files]
    return [(a[i], a[i + 1]) for i in range(0, 8, 2)], (a[8], a[9])


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

    def layer_outputs(self, t, logits):
        names = ["conv2d", "conv2d_1", "conv2d_2", "conv2d_3"]
        out = {}
        for i, name in enumerate(names):
            out[name] = np.maximum(t[i][1], 0)
            if i < 3:
                out["max_pooling2d" + ("" if i == 0 else f"_{i}")] = t[f"pool{i}"][2]
        out["global_average_pooling2d"] = t["features"].mean((1, 2))
        out["dense"] = softmax(logits)
        return out


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


def score_grads(m, xin, idx):
    t, logits = m.forward(xin)
    onehot = np.zeros_like(logits)
    onehot[np.arange(len(idx)), idx] = 1
    return t, logits, onehot


def tfkv_cam(p, x, plus):
    if p.get("resolved_layer") != "conv2d_3" or not p.get("linear", True):
        raise Unsupported("tf-keras-vis CAMs at conv2d_3 with ReplaceToLinear only")
    m = model(p)
    xin = x["x"].astype(np.float64)
    idx = np.asarray(p["indices"] if len(p["indices"]) == len(xin) else p["indices"] * len(xin))
    t, logits, onehot = score_grads(m, xin, idx)
    A = t["features"]
    g = m.head_grad(onehot, A)
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
    else:
        w = g.mean((1, 2))
    raw = np.maximum(np.einsum("nhwc,nc->nhw", A, w), 0)
    h, wd = raw.shape[1:]
    up = scipy.ndimage.zoom(raw, (1, xin.shape[1] / h, xin.shape[2] / wd), order=1)
    out.update(weights=w, cam_raw=raw, cam_unexpanded=normalize(raw), cam=normalize(up))
    return out


def tfkv_saliency(p, x, smooth):
    m = model(p)
    if not p.get("linear", True):
        raise Unsupported("ReplaceToLinear only")
    X = x["x"].astype(np.float64)
    idx = np.asarray(p["indices"] if len(p["indices"]) == len(X) else p["indices"] * len(X))

    def grads(xin):
        t, logits, onehot = score_grads(m, xin, idx)
        return np.abs(m.input_grad(t, m.head_grad(onehot, t["features"]))), logits

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


def keras_activations(p, x):
    if any(l not in ("conv2d", "conv2d_3") for l in p.get("grid_layers", [])) or p.get("grid_layers"):
        raise Unsupported("the activation grids are not ported")
    m = model(p)
    t, logits = m.forward(x["x"].astype(np.float64))
    outs = m.layer_outputs(t, logits)
    return {k: outs[k] for k in p["layers"]}


METHODS = {
    "keras_loss": keras_loss, "spline_zoom": spline_zoom, "max_pool_unpool": max_pool_unpool, "jet_heatmap": jet_heatmap,
    "dlai_saliency_scale": dlai_saliency_scale, "keras_load_img": keras_load_img, "torch_preprocess": torch_preprocess,
    "dlai_cam": dlai_cam, "dlai_get_cam": dlai_get_cam, "dlai_saliency": dlai_saliency,
    "tfkv_gradcam": lambda p, x: tfkv_cam(p, x, False), "tfkv_gradcampp": lambda p, x: tfkv_cam(p, x, True),
    "tfkv_saliency": lambda p, x: tfkv_saliency(p, x, False), "tfkv_smoothgrad": lambda p, x: tfkv_saliency(p, x, True),
}


# ------------------------------------------------------------------------------------------------ the file protocol

def run_case(case_dir):
    out = os.path.join(case_dir, "out")
    with open(os.path.join(case_dir, "manifest.json")) as f:
        m = json.load(f)
    try:
        fn = METHODS.get(m["method"]["name"])
        if fn is None:
            raise Unsupported(f"method '{m['method']['name']}' is not ported")
        x = {i["name"]: np.load(os.path.join(case_dir, i["file"])) for i in m["inputs"]}
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            result = fn(m["method"]["params"], x)
    except Unsupported as e:
        with open(os.path.join(out, "_unsupported.txt"), "w") as f:
            f.write(str(e) + "\n")
        return
    for o in m["outputs"]:
        if o["kind"] == "array" and o["name"] in result:
            np.save(os.path.join(out, o["file"]), np.array(np.asarray(result[o["name"]]).astype(np.dtype(o["dtype"])), order="C"))


def main(dirs):
    for d in dirs:
        try:
            run_case(d)
        except Exception:                                # one case's crash must not stop the batch
            with open(os.path.join(d, "out", "_error.txt"), "w") as f:
                f.write(traceback.format_exc(limit=3))


if __name__ == "__main__":
    main(sys.argv[1:])
