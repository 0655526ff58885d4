"""Counter-hash weights (docs/fixtures.md), the NumPy implementation. The JS one (js/hash.mjs) and the C# one
(Reference/Fixtures/HashWeights.cs) must produce the same bits; fixtures/weights/hash-weights.json records the
SHA-256 per model and `make golden` checks that JS and NumPy agree.

    H = lowbias32;  h = H(H(H(seed) ^ t) ^ i);  k = (h >> 8) - 2**23;  w = f32(f32(a) * (k / 2**23))
    a = sqrt(6 / fan_in) for kernels (rank >= 2), 0.05 for biases; t = tensor index, i = row-major element index.
"""
import hashlib

import numpy as np

BIAS_SCALE = 0.05


def lowbias32(x):
    with np.errstate(over="ignore"):
        return _lowbias32(x)


def _lowbias32(x):
    x = np.asarray(x, dtype=np.uint32)
    x = x ^ (x >> np.uint32(16))
    x = x * np.uint32(0x7FEB352D)
    x = x ^ (x >> np.uint32(15))
    x = x * np.uint32(0x846CA68B)
    x = x ^ (x >> np.uint32(16))
    return x


def fan_in(shape, layout):
    dims = shape[1:] if layout == "torch" else shape[:-1]
    return int(np.prod(dims))


def hash_tensor(seed, t, shape, layout="keras"):
    n = int(np.prod(shape))
    a = np.float32(np.sqrt(6.0 / fan_in(shape, layout)) if len(shape) >= 2 else BIAS_SCALE)
    ht = lowbias32(lowbias32(np.uint32(seed)) ^ np.uint32(t))
    out = np.empty(n, dtype=np.float32)
    step = 1 << 24
    for s in range(0, n, step):
        i = np.arange(s, min(n, s + step), dtype=np.uint32)
        k = (lowbias32(ht ^ i) >> np.uint32(8)).astype(np.int64) - (1 << 23)
        # k / 2^23 is exact in float32 (|k| <= 2^23); one float32 product, rounded once
        out[s:s + len(i)] = a * (k.astype(np.float32) / np.float32(1 << 23))
    return out.reshape(shape)


def uniform(seed, t, shape):
    """Counter-hash values in [-1, 1) as float64 (tensor t of `seed` with fan_in 1, divided by its scale sqrt(6)):
    the portable stand-in for random inputs in the golden generators."""
    n = int(np.prod(shape))
    return hash_tensor(seed, t, (n, 1), "keras").reshape(shape).astype(np.float64) / np.sqrt(6.0)


def _lab_cnn(cin, units):
    shapes, c = [], cin
    for name, f in [("conv2d", 16), ("conv2d_1", 32), ("conv2d_2", 64), ("conv2d_3", 128)]:
        shapes += [(f"{name}/kernel", (3, 3, c, f)), (f"{name}/bias", (f,))]
        c = f
    return shapes + [("dense/kernel", (c, units)), ("dense/bias", (units,))]


def _vgg_base():
    shapes, c = [], 3
    for b, (width, n) in enumerate([(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]):
        for k in range(n):
            name = f"block{b + 1}_conv{k + 1}"
            shapes += [(f"{name}/kernel", (3, 3, c, width)), (f"{name}/bias", (width,))]
            c = width
    return shapes


def _torch(kind):
    if kind == "alexnet":
        convs = [(0, 3, 64, 11), (3, 64, 192, 5), (6, 192, 384, 3), (8, 384, 256, 3), (10, 256, 256, 3)]
        linears = [(1, 9216, 4096), (4, 4096, 4096), (6, 4096, 1000)]
    else:
        convs, c, i = [], 3, 0
        for v in [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]:
            if v == "M":
                i += 1
            else:
                convs.append((i, c, v, 3)); c = v; i += 2
        linears = [(0, 25088, 4096), (3, 4096, 4096), (6, 4096, 1000)]
    shapes = []
    for i, cin, cout, k in convs:
        shapes += [(f"features.{i}.weight", (cout, cin, k, k)), (f"features.{i}.bias", (cout,))]
    for i, fin, fout in linears:
        shapes += [(f"classifier.{i}.weight", (fout, fin)), (f"classifier.{i}.bias", (fout,))]
    return shapes


def weight_shapes(model_id):
    """[(name, shape)] in the fixtures' order, and the layout ('keras' or 'torch')."""
    if model_id == "lab1":
        return _lab_cnn(1, 10), "keras"
    if model_id == "lab2":
        return _lab_cnn(3, 1), "keras"
    if model_id == "lab3":
        return _lab_cnn(3, 2), "keras"
    if model_id == "lab4":
        return _vgg_base() + [("dense/kernel", (512, 2)), ("dense/bias", (2,))], "keras"
    if model_id == "vgg16":
        return _vgg_base() + [("fc1/kernel", (25088, 4096)), ("fc1/bias", (4096,)), ("fc2/kernel", (4096, 4096)),
                              ("fc2/bias", (4096,)), ("predictions/kernel", (4096, 1000)),
                              ("predictions/bias", (1000,))], "keras"
    if model_id == "alexnet":
        return _torch("alexnet"), "torch"
    if model_id == "vgg16-torch":
        return _torch("vgg16"), "torch"
    raise KeyError(model_id)


def weights(model_id, seed):
    shapes, layout = weight_shapes(model_id)
    return [(name, hash_tensor(seed, t, shape, layout)) for t, (name, shape) in enumerate(shapes)]


def sha256(model_id, seed):
    shapes, layout = weight_shapes(model_id)
    h, count = hashlib.sha256(), 0
    for t, (_, shape) in enumerate(shapes):
        w = hash_tensor(seed, t, shape, layout)
        h.update(w.astype("<f4").tobytes())
        count += w.size
    return h.hexdigest(), count
