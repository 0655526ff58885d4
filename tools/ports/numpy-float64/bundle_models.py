"""Any Keras lab model built only from what the porter's bundle gives: its description (models/<id>.json: layers,
configs, weight shapes in order) and the counter-hash weights' algorithm (docs/fixtures.md), with its test vectors as
the check. Forward only, in float64; used for keras_activations on every model (VGG16 with counter-hash weights, Lab1
with its trained NPY weights). Nothing here is shared with the Reference or the oracles."""
import json
import os

import numpy as np

from protocol import FIXTURES, Unsupported, fixture

MODELS = os.environ.get("KERASVIS_MODELS", os.path.join(os.path.dirname(os.path.abspath(FIXTURES)), "models"))


def describe(model_id):
    path = os.path.join(MODELS, f"{model_id}.json")
    if not os.path.exists(path):
        raise Unsupported(f"no model description {path} (KERASVIS_MODELS names the bundle's models/ folder)")
    with open(path) as f:
        return json.load(f)


def h32(x):
    """lowbias32 on uint32 arrays, wrapping."""
    x = np.asarray(x, dtype=np.uint32)
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint32(16))
        x = x * np.uint32(0x7FEB352D)
        x = x ^ (x >> np.uint32(15))
        x = x * np.uint32(0x846CA68B)
        x = x ^ (x >> np.uint32(16))
    return x


def hash_tensor(seed, t, shape):
    """Tensor t of the model (Keras layout): w = f32(f32(a) * (k / 2^23)), k = (H(H(H(seed) ^ t) ^ i) >> 8) - 2^23."""
    n = int(np.prod(shape))
    a = np.float32(np.sqrt(6.0 / np.prod(shape[:-1])) if len(shape) >= 2 else 0.05)
    ht = h32(h32(np.uint32(seed)) ^ np.uint32(t))
    out = np.empty(n, dtype=np.float32)
    for s in range(0, n, 1 << 24):
        i = np.arange(s, min(n, s + (1 << 24)), dtype=np.uint32)
        k = (h32(ht ^ i) >> np.uint32(8)).astype(np.int64) - (1 << 23)
        out[s:s + len(i)] = a * (k.astype(np.float32) / np.float32(1 << 23))
    return out.reshape(shape)


def weights(desc, spec):
    """Counter-hash weights, or a Keras NPY folder whose files sort in the description's weight order."""
    slots = [w for layer in desc["layers"] for w in layer["weights"]]
    if spec.get("kind") == "hash":
        return {w["name"]: hash_tensor(spec["seed"], t, tuple(w["shape"])).astype(np.float64) for t, w in enumerate(slots)}
    if spec.get("kind") == "npy":
        d = fixture(spec["dir"])
        files = sorted(f for f in os.listdir(d) if f.endswith(".npy"))
        arrays = [np.load(os.path.join(d, f)).astype(np.float64) for f in files]
        if [list(a.shape) for a in arrays] != [w["shape"] for w in slots]:
            raise Unsupported(f"{spec['dir']}: its NPY shapes do not match models/{desc['id']}.json's weights")
        return {w["name"]: a for w, a in zip(slots, arrays)}
    raise Unsupported(f"weights kind '{spec.get('kind')}' for {desc['id']}: only counter-hash and NPY weights are built from the bundle")


def conv2d(h, kernel, bias, cfg):
    """Keras Conv2D, stride 1: 'same' pads (k - 1) // 2 before and the rest after (TensorFlow's SAME)."""
    k = kernel.shape[0]
    if cfg["strides"] != [1, 1]:
        raise Unsupported("strided convolutions are not ported")
    if cfg["padding"] == "same":
        h = np.pad(h, ((0, 0), ((k - 1) // 2, k // 2), ((k - 1) // 2, k // 2), (0, 0)))
    n, hh, ww, c = h.shape
    oh, ow = hh - k + 1, ww - k + 1
    out = np.empty((n, oh, ow, kernel.shape[-1]))
    flat = kernel.reshape(-1, kernel.shape[-1])
    for y in range(oh):   # one output row at a time keeps the patches small (VGG16's first layers are 224 x 224)
        patches = np.concatenate([h[:, y + dy, dx:dx + ow, :] for dy in range(k) for dx in range(k)], -1)
        out[:, y] = patches @ flat
    return out + bias


def activate(z, name):
    if name == "relu":
        return np.maximum(z, 0)
    if name == "softmax":
        e = np.exp(z - z.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if name == "linear":
        return z
    raise Unsupported(f"activation {name} is not ported")


def forward(desc, w, x):
    """Every layer's output, by name, for input x (N, H, W, C)."""
    outs, h = {}, x.astype(np.float64)
    for layer in desc["layers"]:
        kind, cfg, name = layer["class_name"], layer["config"], layer["name"]
        if kind == "InputLayer":
            pass
        elif kind == "Conv2D":
            h = activate(conv2d(h, w[f"{name}/kernel"], w[f"{name}/bias"], cfg), cfg["activation"])
        elif kind == "MaxPooling2D":
            p, s = cfg["pool_size"][0], cfg["strides"][0]
            n, hh, ww, c = h.shape
            oh, ow = (hh - p) // s + 1, (ww - p) // s + 1
            h = np.max([h[:, dy:dy + s * oh:s, dx:dx + s * ow:s, :] for dy in range(p) for dx in range(p)], axis=0)
        elif kind == "GlobalAveragePooling2D":
            h = h.mean((1, 2))
        elif kind == "Flatten":
            h = h.reshape(h.shape[0], -1)
        elif kind == "Dense":
            h = activate(h @ w[f"{name}/kernel"] + w[f"{name}/bias"], cfg["activation"])
        else:
            raise Unsupported(f"layer class {kind} is not ported")
        outs[name] = h
    return outs


def lab_grid(act, images_per_row, guarded):
    """The lab's display grid: each channel divided by its own max (0/0 is NaN unless guarded), channels in rows."""
    size, c = act.shape[1], act.shape[-1]
    n_cols = c // images_per_row
    grid = np.zeros((size * n_cols, images_per_row * size))
    for col in range(n_cols):
        for row in range(images_per_row):
            ch = act[0, :, :, col * images_per_row + row].astype(np.float32)
            top = ch.max()
            ch = np.zeros_like(ch) if guarded and top == 0 else ch / top
            grid[col * size:(col + 1) * size, row * size:(row + 1) * size] = ch
    return grid


def keras_activations(p, x):
    desc = describe(p["model"])
    outs = forward(desc, weights(desc, p["weights"]), x["x"])
    result = {k: outs[k] for k in p["layers"]}
    for layer in p.get("grid_layers", []):
        result[f"grid_{layer}"] = lab_grid(outs[layer], p.get("images_per_row", 16), guarded=False)
        result[f"grid_guarded_{layer}"] = lab_grid(outs[layer], p.get("images_per_row", 16), guarded=True)
    return result
