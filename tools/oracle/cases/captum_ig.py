"""Golden cases for captum 0.8.0 IntegratedGradients (captum/attr/_core/integrated_gradients.py; docs/methods/captum.md):
    ig = IntegratedGradients(model)
    attributions, delta = ig.attribute(x, baselines=b, target=k, n_steps=n, method=m, return_convergence_delta=True)
every approximation method (gausslegendre, the default, and the four Riemann rules), a scalar and a tensor baseline,
n_steps 1 to 50, on the Lab1 model (TF.js) and torchvision AlexNet (PyTorch 1.13); tools/oracle/captum_attr.py."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402
import images  # noqa: E402
from captum_models import Lab, Torchvision, bound, case, integrated, lab_input, outliers, predicted, torch_input  # noqa: E402
from lab_models import HASH, TRAINED  # noqa: E402

FAMILY = "captum_ig"
OTHER = ["test-00004.png", "test-00006.png"]
OTHER3 = OTHER + ["test-00008.png"]
NEEDS = ["torch", "torchvision", "cv2", "PIL", "tfjs"]  # beyond NumPy (generate.py)


def write(net, name, description, x, refs, targets, n_steps, method, baseline=0.0, baselines=None):
    b = np.full_like(x, np.float32(baseline)) if baselines is None else baselines
    r, t = integrated(net, x, b, targets, n_steps, method)
    per, diff, flagged, moved, flip, flags = t["per"], t["diff"], t["flagged"], t["moved"], t["flip"], t["flags"]
    params = dict(target=[int(k) for k in targets], n_steps=n_steps, method=method, baseline=float(baseline))
    cs = case(FAMILY, net, name, "integrated_gradients", description, params, refs, int(flags.sum()))
    cs.input("x", x)
    if baselines is not None:
        cs.input("baselines", baselines)
    exact_a = common.abs_rel(6e-8, 0.0, "torch.linspace in float32 (a one-ulp change of a formula between PyTorch versions)") \
        if method != "gausslegendre" else common.abs_rel(1e-14, 0.0, "Gauss-Legendre nodes and weights found another way "
                                                                  "(eigenvalues, Newton steps) agree to a few float64 ulps")
    cs.output("alphas", r["alphas"], exact_a)
    cs.output("step_sizes", r["step_sizes"], common.abs_rel(1e-14, 0.0, "1/n and its halves, or the Gauss-Legendre weights "
                                                            "/ 2, in float64"))
    cs.output("total_grads", r["total_grads"], routed(float(np.max(per)), flagged, moved, "the sum over steps of step_size x "
              "gradient, each step's gradient within depth x its largest |value| + 1e-5 relative", flip))
    attr_tol = diff * per
    cs.output("attributions", r["attributions"], routed(float(np.max(attr_tol)), flagged, moved * diff,
              "total_grads' tolerance times |x - baseline|", flip * float(np.max(diff))))
    for key, what in (("end_scores", "F(x)[target]"), ("start_scores", "F(baseline)[target]")):
        t, _ = bound(r[key], net.depth, f"{what}: the forward in another order")
        cs.output(key, r[key], t)
    t_end = net.depth * float(np.max(np.abs(r["end_scores"]))) + net.depth * float(np.max(np.abs(r["start_scores"])))
    d_tol = float(np.max(np.sum((attr_tol + 4 * moved * diff * flagged).reshape(len(x), -1), axis=1))) + 2 * t_end
    cs.output("delta", r["delta"], common.abs_rel(float(np.float32(d_tol)), 1e-5, "the sum of the attributions' "
              "tolerances plus both scores' (sum(attributions) - (F(x) - F(baseline)))"))
    cs.write()


def routed(abs_tol, flagged, moved, reason, one_flip):
    o = outliers(flagged, moved, abs_tol, "in at least one path point", one_flip)
    if o is None:
        return common.abs_rel(float(np.float32(abs_tol)), 0.0, reason)
    return common.abs_rel(float(np.float32(abs_tol)), 0.0, reason + o[2], o[0], o[1])


def main():
    common.clean_family(FAMILY)
    lab = Lab(TRAINED, True)
    k = predicted(lab, lab_input()[0])
    # a constant baseline makes the first path points nearly constant images, whose max-pool windows hold near-ties
    # that rounding routes either way; the probe (captum_models.probe) finds them and the tolerances allow for them

    def noise(t, shape):
        return np.float32((hashweights.uniform(17, 5 + t, shape) + 1) / 2)   # uniform [0, 1), counter-hash seed 17

    def ig(name, description, n, method, baseline=0.0, noisy=False, net=lab, items=3, targets=k, other=None, extra_refs=OTHER):
        x, refs = lab_input()
        x, refs = x[:items], refs[:items]
        extra = images.refs("fashion-mnist", extra_refs) if other is not None else []
        write(net, name, description, x, refs + extra, targets[:items], n, method, baseline, noise(0, x.shape) if noisy else other)

    ig("lab1_trained_gausslegendre_50_noise_baseline", "IntegratedGradients' default method and n_steps (gausslegendre, "
       f"50) on the trained Lab1 model with logits, three Fashion-MNIST items, their predicted classes {k.tolist()}, from "
       "a uniform-noise tensor baseline", 50, "gausslegendre", noisy=True)
    ig("lab1_trained_gausslegendre_1", "n_steps 1 (Gauss-Legendre's one node, alpha 0.5 with weight 1: the gradient at the "
       "midpoint times x - 0; the Riemann rules refuse n_steps 1), scalar baseline 0", 1, "gausslegendre")
    ig("lab1_trained_trapezoid_20_noise_baseline", "method riemann_trapezoid (alphas torch.linspace(0, 1, 20), the end "
       "steps weighted 1/40) from a noise baseline", 20, "riemann_trapezoid", noisy=True)
    ig("lab1_trained_middle_16_tensor_baseline", "method riemann_middle (alphas linspace(1/32, 31/32, 16)), each path "
       "starting at another item (test-00004, test-00006, test-00008)", 16, "riemann_middle", other=images.dither(
           images.fashion(OTHER3), 1 / 255, t=1), extra_refs=OTHER3)
    soft = Lab(HASH, False)
    ks = predicted(soft, lab_input()[0][:2])
    ig("lab1_hash_softmax_left_16_tensor_baseline", "method riemann_left (alphas linspace(0, 15/16, 16)) on Lab1 with "
       f"counter-hash weights and its softmax kept (F is a probability), two items, their top classes {ks.tolist()}, each "
       "path starting at another item (test-00004, test-00006), so the attributions sum to F(x) - F(that item)", 16,
       "riemann_left", net=soft, items=2, targets=ks, other=images.dither(images.fashion(OTHER), 1 / 255, t=1))
    net = Torchvision()
    x, trefs = torch_input()
    kt = predicted(net, x)
    write(net, "alexnet_chelsea_224x160_gausslegendre_8", "AlexNet (counter-hash weights) on chelsea.png resized to 224 wide "
          f"x 160 high (non-square), its top class {kt.tolist()}, gausslegendre with 8 steps from scalar baseline 0 (the first "
          "alpha 0.02)", x, trefs, kt, 8, "gausslegendre")
    write(net, "alexnet_chelsea_224x160_right_2_baseline_quarter", "method riemann_right with 2 steps (alphas 0.5 and 1) "
          "from the scalar baseline 0.25 (in normalised units): on Lab1 a constant baseline puts max-pool near-ties into "
          "the nearly constant images near it; AlexNet on a photo keeps them away", x, trefs, kt, 2, "riemann_right", 0.25)


if __name__ == "__main__":
    main()
