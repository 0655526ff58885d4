"""The three map outputs every tf-keras-vis CAM family writes alike (cam_raw, cam_unexpanded, cam), with their shared
tolerance rule: the raw map is a sum of |terms| whose largest sum bounds any summation order's rounding; the two
normalized maps take the raw tolerance divided by the smallest per-sample range (tolerances.normalized_tol)."""
import numpy as np

import common
import tfkv
from tolerances import normalized_tol


def write_maps(cs, raw, x_shape, terms, depth, what, note=""):
    """Adds cam_raw (abs: depth x 10 x terms, rel 1e-5), cam_unexpanded and cam to the case `cs`; returns raw's abs."""
    raw_tol = float(np.float32(depth * 10 * terms))
    cs.output("cam_raw", raw, common.abs_rel(raw_tol, 1e-5, f"{what}: {depth * 10:g} x the largest sum of |terms| "
                                             f"({terms:.4g}){note}"))
    cs.output("cam_unexpanded", tfkv.normalize(raw), normalized_tol(raw_tol, raw))
    cs.output("cam", tfkv.normalize(tfkv.expand(raw, x_shape)), normalized_tol(raw_tol, raw))
    return raw_tol
