"""fixtures/weights/hash-weights.json: SHA-256 over the counter-hash weights of every model (docs/fixtures.md),
computed by the NumPy implementation and, for the Keras models, checked against the TF.js one (which also proves
TF.js lays the models' weights out as Keras does). The C# HashWeights test compares its own digests with this file."""
import os

import common
import hashweights

NEEDS = ["tfjs"]  # beyond NumPy (generate.py)

SEED = 1
KERAS = ["lab1", "lab2", "lab3", "lab4", "vgg16"]
TORCH = ["alexnet", "vgg16-torch"]


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
    common.write_json(os.path.join(common.FIXTURES, "weights", "hash-weights.json"), {
        "spec": "h = H(H(H(seed) ^ t) ^ i), H = lowbias32; k = (h >> 8) - 2^23; w = f32(f32(a) * (k / 2^23)); "
                "a = sqrt(6/fan_in) for kernels, 0.05 for biases; t = tensor index (layer order, kernel then bias), "
                "i = row-major element index in the model's layout; SHA-256 over float32 little-endian bytes",
        "seed": SEED,
        "models": models,
        "provenance": {"numpy": hashweights.np.__version__, "tfjs": result["tfjs"], "node": common.node_version(),
                       "command": common.command("weights")},
    })
