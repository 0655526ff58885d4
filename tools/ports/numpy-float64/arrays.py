"""The float64 port's array and image methods: the Keras losses, spline zoom, max-pool switches and unpooling, the jet
table, the saliency scaling, load_img with the caffe means, and the report's preprocessing (docs/methods/)."""
import numpy as np
import scipy.ndimage
from PIL import Image

from protocol import Unsupported, fixture

EPS = float(np.float32(1e-7))               # keras.config.epsilon() as TF holds it (the default)
ONE_MINUS_EPS = float(np.float32(1 - 1e-7))
NORMALIZE_EPS = float(np.float32(1e-7))     # tf-keras-vis normalize's epsilon


# ------------------------------------------------------------------------------------------------ losses

def keras_loss(p, x):
    y, q = x["y_true"].astype(np.float64), x["y_pred"].astype(np.float64)
    name, logits = p["loss"], p.get("from_logits", False)
    eps = p.get("epsilon", 1e-7)                  # keras.config.epsilon(), held by TF as float32 (and 1 - eps)
    EPS, ONE_MINUS_EPS = float(np.float32(eps)), float(np.float32(1 - eps))
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
    k, s = p.get("pool_size", 2), p.get("strides", 2)
    ph, pw = (h - k) // s + 1, (w - k) // s + 1                                # VALID padding
    pooled = np.zeros((n, ph, pw, c))
    plane = np.zeros((n, ph, pw, c), np.int64)
    for i in range(ph):
        for j in range(pw):
            win = a[:, s * i:s * i + k, s * j:s * j + k, :].reshape(n, k * k, c)   # row-major window order
            at = win.argmax(1)                                                   # first maximum wins a tie
            pooled[:, i, j, :] = win.max(1)
            plane[:, i, j, :] = (s * i + at // k) * w + (s * j + at % k)
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
    mean, std = np.array([0.485, 0.456, 0.406]), np.array([0.229, 0.224, 0.225])   # the report's constants
    r = bilinear_half_pixel(x["image"].astype(np.float64) / 255.0, size, size)
    n = (r - mean) / std
    xt = n.transpose(2, 0, 1)[None]
    # reprocess from the float32 x the port hands on, as the report does
    x32 = xt.astype(np.float32).astype(np.float64)[0].transpose(1, 2, 0)
    back = np.clip(x32 * std + mean, 0, 1) * 255
    return {"x": xt, "reprocessed": back.astype(np.uint8)}
