"""Golden cases for the three Keras classification losses (Keras 3, TensorFlow backend).

The arithmetic is Keras 3's, op for op, in float32 NumPy (keras/src/backend/tensorflow/nn.py and
keras/src/losses/losses.py; TF kernels for the logits paths):
  categorical_crossentropy:          p /= sum(p); p = clip(p, eps, 1-eps); -sum(y * log p)
  sparse_categorical_crossentropy:   z = log(clip(p, eps, 1-eps)); TF sparse softmax xent: lse(z - max z) - (z_t - max z)
  binary_crossentropy:               p = clip(p, eps, 1-eps); -(y log p + (1-y) log(1-p)); mean over the last axis
  from_logits=True:                  softmax_cross_entropy_with_logits / sparse_... / sigmoid_cross_entropy_with_logits
The Loss classes reduce (keras/src/losses/loss.py, reduce_values) to the `reduced` output: "sum_over_batch_size" is
sum / count, "sum" the sum, "none" the per-sample values themselves (same shape).
eps = keras.config.epsilon() (1e-7 unless set_epsilon changed it) cast to float32; 1 - eps is computed in Python float
then cast (0.99999988 for 1e-7). It only matters where the clip binds (probabilities within eps of 0 or 1).
The seed's worked examples come from fixtures/printouts/lab_models_and_losses.txt; their values are cross-checked
against float64 math (exact -log p) to 1e-6.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402

NEEDS = ["tfjs"]  # beyond NumPy (generate.py)

from keras_losses import (EPS, F, ONE_MINUS_EPS, _sparse_xent_logits, bce, bce_logits, cce, cce_logits, clip,  # noqa: E402,F401
                          reduce, scce)


ULP32 = 2.0 ** -23


def log_scale(c):
    """The largest magnitude the loss's log-space arithmetic handles: |log clip(p)| (and |log(1 - clip(p))| for BCE)
    for probabilities, |z| + log(classes) for logits. Every float32 step rounds relative to this, not to the result."""
    p = np.asarray(c["p"], np.float64)
    if c["from_logits"]:
        return float(np.max(np.abs(p)) + math.log(max(p.shape[-1], 2)))
    q = np.clip(p, float(F(c["epsilon"])), float(F(1.0 - c["epsilon"])))
    s = np.max(np.abs(np.log(q)))
    if c["loss"] == "binary_crossentropy":
        s = max(s, np.max(np.abs(np.log1p(-q))))
    return float(max(s, 1.0))


def tolerance(c, what):
    """|a - e| <= 8 ulp(1) x S + 4 ulp(1) x |e|, S = log_scale(c): a bound on the arithmetic, not on one op order."""
    s = log_scale(c)
    return common.abs_rel(float(np.float32(8 * ULP32 * s)), 4 * ULP32,
                          f"{what}: float32 log-space arithmetic (log, exp, log-sum-exp, a short sum) rounds relative to its "
                          f"largest term, here {s:.3g} (|log p| at the clip, or |z| + log classes): 8 float32 ulp of that "
                          "plus 4 of the value bound any op order, float64 included, and a 1-ulp change of any input; "
                          "an ulp bound on the result alone would fail the exact answer where terms cancel")


PENDING = []


def ulp_distance(a, b):
    a = np.asarray(a, F).ravel().view(np.int32).astype(np.int64)
    b = np.asarray(b, F).ravel().view(np.int32).astype(np.int64)
    a = np.where(a < 0, -(a & 0x7FFFFFFF), a)
    b = np.where(b < 0, -(b & 0x7FFFFFFF), b)
    return int(np.max(np.abs(a - b))) if a.size else 0


def case(name, loss, description, y, p, fn, from_logits, seed_note=None, check64=None, sharp=None,
         reduction="sum_over_batch_size", epsilon=None):
    PENDING.append(dict(name=name, loss=loss, description=description, y=y, p=p, fn=fn, from_logits=from_logits,
                        seed_note=seed_note, check64=check64, sharp=sharp, reduction=reduction,
                        epsilon=1e-7 if epsilon is None else epsilon, epsilon_given=epsilon is not None))


def flush():
    """One TF.js run computes every case; the NumPy transcription must agree to 4 ulp (else generation stops)."""
    arrays = {f"{c['name']}.{k}": c[k] for c in PENDING for k in ("y", "p")}
    with common.npy_files(**arrays) as f:
        jobs = [{"name": c["name"], "loss": c["loss"], "from_logits": c["from_logits"], "epsilon": c["epsilon"],
                 "reduction": c["reduction"], "y_true": f[c["name"] + ".y"], "y_pred": f[c["name"] + ".p"]} for c in PENDING]
        result, out = common.tfjs("keras_losses", cases=jobs)
    worst = 0
    for c in PENDING:
        per, red = out[c["name"] + ".per_sample"], out[c["name"] + ".reduced"]
        ref = c["fn"](c["y"], c["p"]) if c["from_logits"] else c["fn"](c["y"], c["p"], c["epsilon"])
        u = max(ulp_distance(per, ref), ulp_distance(red, reduce(ref, c["reduction"])))
        worst = max(worst, u)
        if u > 4 or per.shape != ref.shape or red.shape != reduce(ref, c["reduction"]).shape:
            raise SystemExit(f"losses/{c['name']}: TF.js {per} and NumPy {ref} differ by {u} ulp")
        if c["check64"] is not None:
            for got, want in zip(per.ravel(), c["check64"]):
                assert abs(float(got) - want) < 1e-6, (c["name"], float(got), want)
        cs = common.Case(
            "losses", c["name"], description=c["description"],
            source={"seed": "000_9c5f3c67f1fb2364.txt (Loss - 1/2/3 slides)" if c["seed_note"] else "constructed",
                    "semantics": "keras/src/backend/tensorflow/nn.py; keras/src/losses/losses.py"},
            method="keras_loss", params={"loss": c["loss"], "from_logits": c["from_logits"], "reduction": c["reduction"],
                                         **({"epsilon": c["epsilon"]} if c["epsilon_given"] else {})},
            provenance={**common.tfjs_provenance(result, common.command("losses")),
                        "check": "an independent float32 NumPy transcription of the same op order agrees within 4 ulp "
                                 f"(numpy {np.__version__}, tools/oracle/cases/losses.py; generation stops otherwise)",
                        "notes": c["seed_note"] or "constructed inputs"})
        cs.input("y_true", c["y"])
        cs.input("y_pred", c["p"])
        tp = tolerance(c, "per-sample losses")
        if c["reduction"] == "none":
            tr = tolerance(c, "reduction none: the per-sample losses themselves")
        elif c["reduction"] == "sum":
            n = per.size   # the losses are >= 0, so n terms' bounds add to n x abs + rel x |sum|, plus n ulp of summing
            tr = common.abs_rel(tp["abs"] * n, tp["rel"] + n * ULP32,
                                f"reduction sum of {n} non-negative per-sample losses: {n} times their absolute bound, "
                                f"their relative bound plus {n} float32 ulp for the summation in any order")
        else:
            tr = tolerance(c, "their sum_over_batch_size mean (a mean cannot add more than its terms carry)")
        if c["sharp"]:
            tp, tr = common.sharp(tp, c["sharp"]), common.sharp(tr, c["sharp"])
        cs.output("per_sample", per, tp)
        cs.output("reduced", red, tr)
        cs.write()
    PENDING.clear()
    return worst


def rnd(t, shape):
    """Counter-hash uniform values in [-1, 1) (hashweights with scale sqrt(6)), portable to any language."""
    import hashweights
    return hashweights.uniform(13, t, shape).astype(F)


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return (e / e.sum(-1, keepdims=True)).astype(F)


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
         np.array([[1, 0, 1], [0, 1, 0]], F), np.array([[1.0, 0.0, 0.5], [0.999, 0.001, 0.3]], F), bce, False,
         sharp="probabilities exactly 0 and 1 on purpose: the clip to [1e-7, 1 - 1e-7] binds there, and one ulp below 1 "
               "is outside the clip, where -log(1 - p) is steep (slope 1 / (1 - p) ~ 1.7e7)")
    z = np.array([[1.0, 2.0, 3.0], [-2.0, 0.5, 4.0]], F)
    case("cce_from_logits", "categorical_crossentropy", "from_logits=True: softmax cross-entropy on logits",
         np.array([[0, 0, 1], [1, 0, 0]], F), z, cce_logits, True)
    case("scce_from_logits", "sparse_categorical_crossentropy", "from_logits=True: sparse softmax cross-entropy on logits",
         np.array([2, 0], np.int64), z, _sparse_xent_logits, True)
    case("bce_from_logits", "binary_crossentropy", "from_logits=True: sigmoid cross-entropy on logits, mean over classes",
         np.array([[1, 0, 1], [0, 1, 0]], F), z, bce_logits, True)
    # random probabilities and labels (counter-hash values), larger batches and other batch shapes
    zr = rnd(1, (8, 10)) * F(4)
    pr = softmax(zr)
    labels = (np.abs(rnd(2, (8,))) * 10).astype(np.int64) % 10
    onehot = np.eye(10, dtype=F)[labels]
    case("cce_random_8x10", "categorical_crossentropy", "8 random softmax rows over 10 classes, one-hot labels", onehot, pr, cce, False)
    case("scce_random_8x10", "sparse_categorical_crossentropy", "the same rows with integer labels", labels, pr, scce, False)
    case("scce_random_labels_n1", "sparse_categorical_crossentropy", "integer labels of shape (8, 1): Keras squeezes the last axis",
         labels[:, None], pr, scce, False)
    case("cce_random_logits_8x10", "categorical_crossentropy", "from_logits=True on the random logits", onehot, zr, cce_logits, True)
    case("scce_random_logits_8x10", "sparse_categorical_crossentropy", "from_logits=True on the random logits", labels, zr,
         _sparse_xent_logits, True)
    soft = (np.abs(rnd(3, (8, 10)))).astype(F)
    soft = (soft / soft.sum(-1, keepdims=True)).astype(F)
    case("cce_soft_labels", "categorical_crossentropy", "soft (label-smoothed-like) targets that sum to 1 per row", soft, pr, cce, False)
    zb = rnd(4, (6, 5)) * F(6)
    pbin = (1 / (1 + np.exp(-zb.astype(np.float64)))).astype(F)
    mh = (rnd(5, (6, 5)) > 0).astype(F)
    case("bce_random_multihot_6x5", "binary_crossentropy", "6 rows of 5 independent sigmoid outputs, multi-hot labels", mh, pbin, bce, False)
    case("bce_random_logits_6x5", "binary_crossentropy", "from_logits=True on the same logits", mh, zb, bce_logits, True)
    p3 = softmax(rnd(6, (2, 3, 4)) * F(3))
    y3 = np.eye(4, dtype=F)[(np.abs(rnd(7, (2, 3))) * 4).astype(np.int64) % 4]
    case("cce_batch_shape_2x3x4", "categorical_crossentropy", "a (2, 3, 4) batch (e.g. per-timestep classes): per-sample (2, 3), "
         "sum_over_batch_size divides by 6", y3, p3, cce, False)
    case("bce_single_unit", "binary_crossentropy", "Dense(1, sigmoid) outputs (N, 1) as in Lab2: the mean over a length-1 axis",
         np.array([[1], [0], [1], [0]], F), np.array([[0.7], [0.2], [0.99999], [1.0]], F), bce, False)
    # large |logits|: exp(100) overflows float32 and sigmoid(-120) underflows to 0, so a port that computes
    # softmax / sigmoid first and then the log returns inf or NaN; Keras's logits paths stay finite
    zl = np.array([[100.0, 0.0, -100.0], [-120.0, 90.0, 0.5]], F)
    case("cce_large_logits", "categorical_crossentropy", "from_logits=True with |logits| up to 120: the log-sum-exp path "
         "stays finite where exp overflows", np.array([[0, 1, 0], [1, 0, 0]], F), zl, cce_logits, True)
    case("scce_large_logits", "sparse_categorical_crossentropy", "from_logits=True with |logits| up to 120, integer labels",
         np.array([2, 1], np.int64), zl, _sparse_xent_logits, True)
    case("bce_large_logits", "binary_crossentropy", "from_logits=True with |logits| up to 120: max(z, 0) - z y + "
         "log1p(exp(-|z|)) stays finite where sigmoid underflows to 0 and overflows log",
         np.array([[1, 0, 1], [1, 1, 0]], F), zl, bce_logits, True)
    # reduction and epsilon (keras/src/losses/loss.py reduce_values; keras.config.set_epsilon): epsilon only changes
    # the result where the clip binds, so these cases hold probabilities at and near 0 and 1
    case("cce_batch_saturated_sum", "categorical_crossentropy", "the saturated batch with reduction='sum': the sum, "
         "not divided by the count", np.array([[0, 1, 0], [0, 1, 0], [1, 0, 0]], F), pb, cce, False, reduction="sum")
    case("scce_random_8x10_none", "sparse_categorical_crossentropy", "reduction='none': `reduced` is the per-sample "
         "vector, shape (8,)", labels, pr, scce, False, reduction="none")
    case("bce_saturated_epsilon_1e-3", "binary_crossentropy", "keras.config.set_epsilon(1e-3): probabilities 0, 1, "
         "5e-4 and 0.9995 clip to [1e-3, 0.999] (with 1e-7 only 0 and 1 would clip)",
         np.array([[1, 0, 1, 0], [0, 1, 1, 0]], F), np.array([[1.0, 0.0, 5e-4, 0.9995], [0.9, 0.1, 0.3, 0.02]], F),
         bce, False, epsilon=1e-3)
    case("scce_saturated_epsilon_1e-2_sum", "sparse_categorical_crossentropy", "set_epsilon(1e-2) with reduction "
         "'sum': the label on a 0 probability costs -log(0.01), not -log(1e-7)", np.array([1, 1, 0], np.int64), pb,
         scce, False, reduction="sum", epsilon=1e-2)
    case("cce_saturated_epsilon_1e-4_none", "categorical_crossentropy", "set_epsilon(1e-4), reduction 'none': a row "
         "saturated at 1 and one with a label on 3e-5", np.array([[0, 1, 0], [1, 0, 0]], F),
         np.array([[1.0, 0.0, 0.0], [3e-5, 0.5, 0.49997]], F), cce, False, reduction="none", epsilon=1e-4)
    worst = flush()
    print(f"losses: TF.js and NumPy agree to {worst} ulp (on this machine; the manifests do not record it)")


if __name__ == "__main__":
    main()
