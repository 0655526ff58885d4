"""Golden cases for scipy.ndimage.zoom (SciPy 1.10.1, Debian's python3-scipy): output-size rounding,
corner-aligned coordinates, the spline prefilter with mirror boundaries, the 'constant'-mode last-row artifact,
and the shapes the labs zoom (3 -> 28 order 2 for the CAM lab; 7/14 -> 224 order 1 for tf-keras-vis Grad-CAM;
mode 'nearest' order 1 for Score-CAM masks). Inputs that look random are counter-hash values (hashweights.py), so
they regenerate bit-exactly anywhere."""
import os
import sys

import numpy as np
import scipy
import scipy.ndimage

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402

NEEDS = ["scipy"]  # beyond NumPy (generate.py)


def tolerance(x):
    """|a - e| <= 16 eps max|x| + 4 eps |e| (eps of the array's dtype): a bound on the arithmetic, not on SciPy's order."""
    eps = float(np.finfo(x.dtype).eps)
    scale = float(np.max(np.abs(x))) if x.size else 0.0
    return common.abs_rel(float(x.dtype.type(16 * eps * scale)), 4 * eps,
                          f"the output is a linear combination of the inputs (prefilter gain <= 3) computed in float64: "
                          f"another order of the same sums, or a 1-ulp change of the input, moves it by a few eps of the "
                          f"input's largest |value| ({scale:.3g}), not of each output, which may cancel to ~0; 16 eps of that "
                          "plus 4 of the value is far below any change of order, mode or coordinate rule")


def rnd(t, shape, lo=-1.0, hi=1.0, dtype=np.float32):
    """Counter-hash values in [lo, hi): the weights generator with scale 1 (tensor index t, seed 7)."""
    u = hashweights.uniform(7, t, shape)
    return (lo + (u + 1.0) / 2.0 * (hi - lo)).astype(dtype)


def last_row_zero_geometry(exclude):
    for n in range(3, 40):
        for m in range(n + 1, 8 * n):
            if (n, m) != exclude and scipy.ndimage.zoom(np.ones(n, np.float32), m / n, order=1)[-1] == 0:
                return n, m
    raise SystemExit("no second last-row-zero geometry below n = 40")


def case(name, description, x, zoom, order, mode="constant", note=None, cval=0.0):
    out = scipy.ndimage.zoom(x, zoom, order=order, mode=mode, cval=cval)
    cs = common.Case(
        "zoom", name, description=description,
        source="scipy.ndimage.zoom as called by the CAM lab (seed 002) and tf-keras-vis (docs/methods/spline-zoom.md)",
        method="spline_zoom",
        params={"zoom": [float(z) for z in zoom], "order": order, "mode": mode, "cval": float(cval)},
        provenance={"oracle": f"SciPy {scipy.__version__} (Debian python3-scipy {common.debian_version('python3-scipy')})",
                    "version": f"numpy {np.__version__}",
                    "command": common.command("zoom"),
                    **({"notes": note} if note else {})})
    cs.input("x", x)
    cs.output("zoomed", out, tolerance(np.asarray(x)))
    cs.write()
    return out


def main():
    common.clean_family("zoom")
    case("1d_order2_7_3", "[1, 2, 4] float64 by 7/3, order 2 (small enough to work by hand)",
         np.array([1.0, 2.0, 4.0]), (7 / 3,), 2)
    case("1d_order1_7_3", "[1, 2, 4] float64 by 7/3, order 1", np.array([1.0, 2.0, 4.0]), (7 / 3,), 1)
    case("2d_order2_5_3", "3x3 float64 by 5/3, order 2: overshoot and 1e-17 noise where the answer is 0",
         np.array([[0, 1, 2], [3, 4, 5], [6, 7, 9]], np.float64), (5 / 3, 5 / 3), 2)
    case("lab1_cam_features", "the CAM lab's call: (3, 3, 128) float32 ReLU-like features by (28/3, 28/3, 1), order 2",
         rnd(1, (3, 3, 128), 0.0, 2.0), (28 / 3, 28 / 3, 1), 2)
    case("lab1_cam_delta", "a delta in the centre of a 3x3 map by 28/3, order 2 (symmetric output, max 0.99452055)",
         np.pad(np.ones((1, 1), np.float32), 1)[:, :, None], (28 / 3, 28 / 3, 1), 2)
    case("gradcam_7_to_224", "tf-keras-vis Grad-CAM upsampling: (1, 7, 7) float32 by (1, 32, 32), order 1",
         rnd(2, (1, 7, 7), 0.0, 5.0), (1.0, 224 / 7, 224 / 7), 1)
    case("gradcam_14_to_224", "(2, 14, 14) float32 by (1, 16, 16), order 1", rnd(3, (2, 14, 14), 0.0, 5.0), (1.0, 16.0, 16.0), 1)
    case("scorecam_masks_nearest", "Score-CAM mask upsampling: (1, 7, 7, 3) float32 by (1, 32, 32, 1), order 1, mode nearest",
         rnd(4, (1, 7, 7, 3), 0.0, 3.0), (1.0, 224 / 7, 224 / 7, 1.0), 1, mode="nearest")
    case("last_row_zero_8_26_order1", "ones(8) by 26/8, order 1: the last coordinate rounds above 7 and becomes cval 0",
         np.ones(8, np.float32), (26 / 8,), 1, note="scipy artifact kept on purpose: out[-1] == 0")
    n, m = last_row_zero_geometry(exclude=(8, 26))
    case(f"last_row_zero_{n}_{m}_order1", f"ones({n}) by {m}/{n}, order 1: the first geometry after 8 -> 26 (by n, then m) whose "
         "last coordinate rounds above n - 1, so the constant mode gives cval 0 there", np.ones(n, np.float32), (m / n,), 1,
         note="scipy artifact kept on purpose: out[-1] == 0")
    case("last_row_zero_6_148_order2", "(6, 6) float32 by 148/6, order 2: last row and column are 0 (constant mode)",
         rnd(5, (6, 6)), (148 / 6, 148 / 6), 2)
    case("order0_half_even", "order 0 on (5, 3) by 2.5: output (12, 8) by half-to-even rounding of 12.5 and 7.5",
         rnd(6, (5, 3)), (2.5, 2.5), 0)
    case("order3_4x5", "order 3 (scipy's default) on (4, 5) float32 by 2: the pre-v0.7 tf-keras-vis upsampling",
         rnd(7, (4, 5)), (2.0, 2.0), 3)
    case("order3_float64_shrink", "order 3 on (9, 7) float64 by 0.5 (downscale)", rnd(8, (9, 7), dtype=np.float64), (0.5, 0.5), 3)
    case("length1_axis_order2", "(1, 3) by (1, 7/3), order 2: the length-1 axis is neither prefiltered nor moved",
         rnd(9, (1, 3)), (1.0, 7 / 3), 2)
    case("order2_2_to_5", "(2, 2) float32 by 2.5, order 2: taps mirror more than once on a length-2 axis",
         rnd(10, (2, 2)), (2.5, 2.5), 2)
    case("order1_nearest_shrink", "(6, 10) float32 by (0.5, 0.3), order 1, mode nearest", rnd(11, (6, 10)), (0.5, 0.3), 1,
         mode="nearest")
    # cval: in mode 'constant' SciPy fills only source coordinates outside [0, n - 1] with it (no interpolation towards
    # it: that is 'grid-constant'), so it shows exactly where the last coordinate rounds above n - 1
    case("last_row_cval_8_26_order1", "ones(8) by 26/8, order 1, cval 0.5: the last output is cval, every other 1",
         np.ones(8, np.float32), (26 / 8,), 1, cval=0.5, note="cval appears only at the rounding artifact")
    case("last_row_cval_6_148_order2", "(6, 6) float32 by 148/6, order 2, cval -2: last row and column are -2",
         rnd(5, (6, 6)), (148 / 6, 148 / 6), 2, cval=-2.0)
