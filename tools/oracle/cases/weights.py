"""fixtures/weights/hash-weights.json: SHA-256 over the counter-hash weights of every model (docs/fixtures.md),
computed by the NumPy implementation and, for the Keras models, checked against the TF.js one (which also proves
TF.js lays the models' weights out as Keras does). The C# HashWeights test compares its own digests with this file.
fixtures/weights/hash-vectors.json: test vectors for a port's own implementation — lowbias32 of a few words, and
single elements of a few tensors (first, second, last; kernels and biases; Keras and torch layouts) as float32 bits."""
import os

import common
import hashweights

NEEDS = ["tfjs"]  # beyond NumPy (generate.py)

SEED = 1
KERAS = ["lab1", "lab2", "lab3", "lab4", "vgg16"]
TORCH = ["alexnet", "vgg16-torch"]


def write_vectors():
    """The algorithm's intermediate and final values, from the NumPy implementation, for a port to test against."""
    np = hashweights.np
    words = [0, 1, 2, 0xDEADBEEF, 0xFFFFFFFF]
    tensors = []
    for m, t in [("lab1", 0), ("lab1", 1), ("lab1", 8), ("vgg16", 0), ("vgg16", 30), ("alexnet", 0), ("alexnet", 15)]:
        shapes, layout = hashweights.weight_shapes(m)
        name, shape = shapes[t]
        values = hashweights.hash_tensor(SEED, t, shape, layout).reshape(-1)
        kernel = len(shape) >= 2
        a = np.float32(np.sqrt(6.0 / hashweights.fan_in(shape, layout)) if kernel else hashweights.BIAS_SCALE)
        h_t = int(hashweights.lowbias32(hashweights.lowbias32(SEED) ^ t))
        elements = []
        for i in sorted({0, 1, values.size - 1}):
            h = int(hashweights.lowbias32(np.uint32(h_t) ^ np.uint32(i)))
            v = values[i]
            elements.append({"i": i, "h": h, "k": (h >> 8) - (1 << 23), "bits": f"0x{int(v.view(np.uint32)):08x}", "value": float(v)})
        tensors.append({"model": m, "t": t, "name": name, "shape": list(shape), "layout": layout,
                        "fan_in": hashweights.fan_in(shape, layout) if kernel else None,
                        "a_bits": f"0x{int(a.view(np.uint32)):08x}", "h_t": h_t, "elements": elements})
    common.write_json(os.path.join(common.FIXTURES, "weights", "hash-vectors.json"), {
        "seed": SEED,
        "lowbias32": [{"x": x, "H(x)": int(hashweights.lowbias32(x))} for x in words],
        "tensors": tensors,
        "provenance": {"numpy": np.__version__, "command": common.command("weights")},
    })


def main():
    result, _ = common.tfjs("weights_sha", models=KERAS, seed=SEED)
    models = {}
    for m in KERAS + TORCH:
        sha, count = hashweights.sha256(m, SEED)
        shapes, layout = hashweights.weight_shapes(m)
        if m in KERAS:
            js = result["models"][m]
            if js["sha256"] != sha or js["count"] != count:
                raise SystemExit(f"{m}: NumPy and TF.js hash weights differ: {sha} vs {js['sha256']}")
            if [t["shape"] for t in js["tensors"]] != [list(s) for _, s in shapes]:
                raise SystemExit(f"{m}: TF.js weight shapes differ from the Keras layout")
        models[m] = {"sha256": sha, "count": count, "layout": layout, "tensors": len(shapes)}
    write_vectors()
    common.write_json(os.path.join(common.FIXTURES, "weights", "hash-weights.json"), {
        "spec": "h = H(H(H(seed) ^ t) ^ i), H = lowbias32; k = (h >> 8) - 2^23; w = f32(f32(a) * (k / 2^23)); "
                "a = sqrt(6/fan_in) for kernels, 0.05 for biases; t = tensor index (layer order, kernel then bias), "
                "i = row-major element index in the model's layout; SHA-256 over float32 little-endian bytes",
        "seed": SEED,
        "models": models,
        "provenance": {"numpy": hashweights.np.__version__, "tfjs": result["tfjs"], "node": common.node_version(),
                       "command": common.command("weights")},
    })
