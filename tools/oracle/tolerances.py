"""The tolerance rules several families share (each reason says what the bound covers; docs/golden-format.md)."""
import numpy as np

import common


def conv_depth(model):
    """The relative error a float32 forward through the model's convolutions accumulates in another summation order:
    VGG16's 13 conv layers 1e-5, the small labs' 4 layers 2e-6 (measured; docs/conditioning.md)."""
    return 1e-5 if model == "vgg16" else 2e-6


def largest(a):
    """The largest finite |value| of `a` (0 where there is none)."""
    return float(np.nanmax(np.abs(a))) if np.isfinite(a).any() else 0.0


def tol_scaled(rel_of_max, a, what):
    """abs_rel with an absolute floor of `rel_of_max` x the largest |value| of `a`, relative 1e-5."""
    m = largest(a)
    return common.abs_rel(float(np.float32(rel_of_max * m)), 1e-5, f"{what}; abs floor {rel_of_max:g} x the largest |value| ({m:.4g})")


def normalized_tol(raw_tol, raw):
    """A per-sample min-max normalized map's tolerance: the raw map's, divided by its smallest range, twice."""
    rng = float(np.min(np.max(raw, axis=tuple(range(1, raw.ndim))) - np.min(raw, axis=tuple(range(1, raw.ndim)))))
    if rng == 0:
        return common.exact("a constant map normalizes to exact zeros")
    a = float(np.float32(2 * raw_tol / rng + 1e-6))
    return common.abs_rel(a, 0.0, f"the raw map's tolerance divided by its smallest per-sample range ({rng:.4g}), twice, "
                                  "plus float32 rounding of values in [0, 1]")
