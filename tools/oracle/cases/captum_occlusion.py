"""Golden cases for captum 0.8.0 Occlusion (captum/attr/_core/occlusion.py over feature_ablation.py; docs/methods/captum.md):
    Occlusion(model).attribute(x, sliding_window_shapes=w, strides=s, baselines=b, target=k)
windows that tile the input exactly, windows whose last position overhangs the edge (captum cuts them), the default
stride 1, scalar baselines 0 and 0.5, on Lab1 (TF.js, channels-last: the window's last extent is the channel) and
torchvision AlexNet (PyTorch 1.13, NCHW: the first extent is the channel). Forward passes only: no max-pool routing."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import captum_attr as ca  # noqa: E402
import common  # noqa: E402
from captum_models import Lab, Torchvision, bound, case, lab_input, predicted, torch_input  # noqa: E402
from lab_models import HASH, TRAINED  # noqa: E402

FAMILY = "captum_occlusion"
NEEDS = ["torch", "torchvision", "cv2", "PIL", "tfjs"]  # beyond NumPy (generate.py)


def write(net, name, description, x, refs, targets, window, strides=None, baseline=0.0):
    r = ca.occlusion(net.fwd, x, targets, window, strides or [1] * len(window), baseline)
    params = dict(target=[int(k) for k in targets], window=list(window), baseline=float(baseline))
    if strides is not None:
        params["strides"] = list(strides)
    cs = case(FAMILY, net, name, "occlusion", description + f" ({int(np.prod(r['shift_counts']))} windows)", params, refs)
    cs.input("x", x)
    cs.output("shift_counts", r["shift_counts"], common.exact("integer arithmetic on the shapes"))
    t, m = bound(r["initial_eval"], net.depth, "F(x)[target]: the forward in another order")
    cs.output("initial_eval", r["initial_eval"], t)
    t, me = bound(r["window_evals"], net.depth, "each occluded input's F[target]: the forward in another order")
    cs.output("window_evals", r["window_evals"], t)
    # every attribution is a mean of differences F(x) - F(x_f): each side within its forward tolerance
    a = float(np.float32(m + me + 1e-5 * (np.max(np.abs(r["initial_eval"])) + np.max(np.abs(r["window_evals"])))))
    cs.output("attributions", r["attributions"], common.abs_rel(a, 0.0, "a mean of F(x) - F(occluded) differences: both "
                                                               "forward tolerances (abs and relative parts) added"))
    cs.write()


def main():
    common.clean_family(FAMILY)
    fx, refs = lab_input()
    lab = Lab(TRAINED, True)
    k = predicted(lab, fx)
    write(lab, "lab1_trained_window_4_stride_2", "Occlusion on the trained Lab1 model (logits), three Fashion-MNIST items, "
          f"their predicted classes {k.tolist()}: 4x4 windows, stride 2, baseline 0 -- (28 - 4) / 2 = 12, so 13 positions per "
          "axis tile the image exactly", fx, refs, k, [4, 4, 1], [2, 2, 1])
    write(lab, "lab1_trained_window_5_stride_3_cut_baseline_half", "5x5 windows, stride 3, baseline 0.5: ceil(23 / 3) + 1 = 9 "
          "positions per axis, the last at 24, so its window is cut to rows/columns 24..27; a port with floor(23 / 3) + 1 "
          "= 8 positions never covers the last row and column", fx, refs, k, [5, 5, 1], [3, 3, 1], 0.5)
    soft = Lab(HASH, False)
    ks = predicted(soft, fx[:2])
    write(soft, "lab1_hash_softmax_window_7_default_stride", "7x7 windows with captum's default stride 1 on Lab1 with "
          f"counter-hash weights and its softmax (classes {ks.tolist()}): 22 x 22 positions, up to 49 windows cover an element",
          fx[:2], refs[:2], ks, [7, 7, 1])
    net = Torchvision()
    x, trefs = torch_input()
    kt = predicted(net, x)
    write(net, "alexnet_224x160_window_3x45x45_stride_3x30x30_baseline_minus_half", "AlexNet (counter-hash weights), chelsea.png 224 wide x 160 "
          f"high, its top class {kt.tolist()}: windows over all 3 channels and 45x45 pixels, stride 30 -- 5 positions down "
          "(the last cut to rows 120..159) and 7 across (the last cut to columns 180..223); baseline -0.5 (normalised units, a dark "
          "grey)", x, trefs, kt, [3, 45, 45], [3, 30, 30], -0.5)


if __name__ == "__main__":
    main()
