"""Golden cases for the three Keras classification losses (Keras 3, TensorFlow backend).

The arithmetic is Keras 3's, op for op, in float32 NumPy (keras/src/backend/tensorflow/nn.py and
keras/src/losses/losses.py; TF kernels for the logits paths):
  categorical_crossentropy:          p /= sum(p); p = clip(p, eps, 1-eps); -sum(y * log p)
  sparse_categorical_crossentropy:   z = log(clip(p, eps, 1-eps)); TF sparse softmax xent: lse(z - max z) - (z_t - max z)
  binary_crossentropy:               p = clip(p, eps, 1-eps); -(y log p + (1-y) log(1-p)); mean over the last axis
  from_logits=True:                  softmax_cross_entropy_with_logits / sparse_... / sigmoid_cross_entropy_with_logits
The Loss classes reduce with "sum_over_batch_size" (sum / count): the `reduced` output.
eps = keras.backend.epsilon() = 1e-7 cast to float32; 1 - eps is computed in Python float then cast (0.99999988).
The seed's worked examples come from fixtures/printouts/lab_models_and_losses.txt; their values are cross-checked
against float64 math (exact -log p) to 1e-6.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402

F = np.float32
EPS = F(1e-7)
ONE_MINUS_EPS = F(1.0 - 1e-7)


def clip(p):
    return np.minimum(np.maximum(p, EPS), ONE_MINUS_EPS).astype(F)


def cce(y, p):
    p = (p / np.sum(p, axis=-1, keepdims=True, dtype=F)).astype(F)
    p = clip(p)
    return (-np.sum((y * np.log(p)).astype(F), axis=-1, dtype=F)).astype(F)


def _sparse_xent_logits(t, z):
    m = np.max(z, axis=-1, keepdims=True)
    s = (z - m).astype(F)
    lse = np.log(np.sum(np.exp(s), axis=-1, dtype=F)).astype(F)
    return (lse - np.take_along_axis(s, t[:, None], axis=-1)[:, 0]).astype(F)


def scce(t, p):
    return _sparse_xent_logits(t, np.log(clip(p)).astype(F))


def bce(y, p):
    p = clip(p)
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


def reduced(v):
    return np.asarray(np.sum(v, dtype=F) / F(v.size), dtype=F)


TOL_LOG = common.ulp(4, "one log (glibc/SLEEF logf <= 1 ulp each) feeding a sum of <= 3 products and a division: "
                        "<= 4 ulp between two float32 implementations of the same op order")
TOL_REDUCED = common.ulp(4, "mean over the batch of values within 4 ulp (sum of <= 2 terms, exact division by a small count)")


def case(name, loss, description, y, p, fn, from_logits, seed_note=None, check64=None):
    c = common.Case(
        "losses", name, description=description,
        source={"seed": "000_9c5f3c67f1fb2364.txt (Loss - 1/2/3 slides)" if seed_note else "constructed",
                "semantics": "keras/src/backend/tensorflow/nn.py; keras/src/losses/losses.py"},
        method="keras_loss", params={"loss": loss, "from_logits": from_logits, "reduction": "sum_over_batch_size"},
        provenance={"oracle": "numpy float32, Keras 3 op order (tools/oracle/cases/losses.py)",
                    "version": f"numpy {np.__version__}", "command": "python3 tools/oracle/generate.py losses",
                    "notes": seed_note or "constructed inputs"})
    c.input("y_true", y)
    c.input("y_pred", p)
    per = fn(y, p)
    if check64 is not None:
        for got, want in zip(per, check64):
            assert abs(float(got) - want) < 1e-6, (name, float(got), want)
    c.output("per_sample", per, TOL_LOG)
    c.output("reduced", reduced(per), TOL_REDUCED)
    c.write()


def main():
    common.clean_family("losses")
    p = np.array([[0.1, 0.2, 0.7]], F)
    note = "inputs as printed on the slide; the slide's formula for this loss is -log(p_true)"
    case("scce_seed_example", "sparse_categorical_crossentropy", "slide example: p=[0.1,0.2,0.7], integer label 2",
         np.array([2], np.int64), p, scce, False, note, [-math.log(0.7)])
    case("cce_seed_example", "categorical_crossentropy", "slide example: p=[0.1,0.2,0.7], one-hot [0,0,1]",
         np.array([[0, 0, 1]], F), p, cce, False, note, [-math.log(0.7)])
    case("bce_seed_example", "binary_crossentropy",
         "slide example: multi-hot [1,0,1], p=[0.9,0.2,0.8]; Keras averages over the classes (the slide sums)",
         np.array([[1, 0, 1]], F), np.array([[0.9, 0.2, 0.8]], F), bce, False,
         "inputs as printed on the slide; the slide's formula sums over classes (0.55164760), Keras 3 returns the mean",
         [-(math.log(0.9) + math.log(0.8) + math.log(0.8)) / 3])
    # batch, saturated and unnormalised probabilities (clipping and renormalisation bind)
    pb = np.array([[0.05, 0.9, 0.05], [1.0, 0.0, 0.0], [0.2, 0.2, 0.2]], F)
    case("cce_batch_saturated", "categorical_crossentropy", "batch of 3: ordinary, saturated at 1 (clip to 1-eps), unnormalised (sum 0.6)",
         np.array([[0, 1, 0], [0, 1, 0], [1, 0, 0]], F), pb, cce, False)
    case("scce_batch_saturated", "sparse_categorical_crossentropy", "batch of 3: ordinary, label on a 0 probability (clip to eps), unnormalised",
         np.array([1, 1, 0], np.int64), pb, scce, False)
    case("bce_batch_saturated", "binary_crossentropy", "batch of 2 multi-hot rows with probabilities 0 and 1 (clipping binds)",
         np.array([[1, 0, 1], [0, 1, 0]], F), np.array([[1.0, 0.0, 0.5], [0.999, 0.001, 0.3]], F), bce, False)
    z = np.array([[1.0, 2.0, 3.0], [-2.0, 0.5, 4.0]], F)
    case("cce_from_logits", "categorical_crossentropy", "from_logits=True: softmax cross-entropy on logits",
         np.array([[0, 0, 1], [1, 0, 0]], F), z, cce_logits, True)
    case("scce_from_logits", "sparse_categorical_crossentropy", "from_logits=True: sparse softmax cross-entropy on logits",
         np.array([2, 0], np.int64), z, _sparse_xent_logits, True)
    case("bce_from_logits", "binary_crossentropy", "from_logits=True: sigmoid cross-entropy on logits, mean over classes",
         np.array([[1, 0, 1], [0, 1, 0]], F), z, bce_logits, True)


if __name__ == "__main__":
    main()
