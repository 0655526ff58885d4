"""Golden cases for captum 0.8.0's gradient attributions (docs/methods/captum.md): Saliency (abs True and False),
InputXGradient, and NoiseTunnel over each of them and over IntegratedGradients, with smoothgrad, smoothgrad_sq and
vargrad; the noise is an input (N(0, stdev) draws, NumPy's default_rng), as for tf-keras-vis SmoothGrad. Lab1 runs in
TF.js, AlexNet in PyTorch 1.13 (tools/oracle/captum_models.py); the arithmetic is tools/oracle/captum_attr.py."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import captum_attr as ca  # noqa: E402
import common  # noqa: E402
import images  # noqa: E402
from captum_models import Lab, Torchvision, bound, case, integrated, lab_input, outliers, predicted, torch_input  # noqa: E402
from lab_models import HASH, TRAINED  # noqa: E402

FAMILY = "captum_gradients"
NEEDS = ["torch", "torchvision", "cv2", "PIL", "tfjs"]  # beyond NumPy (generate.py)
AFTER = ["tfkv_saliency"]   # reads its SmoothGrad case's noise


def tol(abs_tol, flags, spread, reason, one_flip):
    o = outliers(flags, spread, abs_tol, "", one_flip)
    if o is None:
        return common.abs_rel(float(np.float32(abs_tol)), 1e-5, reason)
    return common.abs_rel(float(np.float32(abs_tol)), 1e-5, reason + o[2], o[0], o[1])


def gradient_case(net, name, method, description, x, refs, targets, abs_=True):
    s, g = net.grad(x, targets)
    flags, spread = net.flags, net.spread
    params = dict(target=[int(k) for k in targets], **({"abs": abs_} if method == "saliency" else {}))
    cs = case(FAMILY, net, name, method, description, params, refs, int(flags.sum()))
    cs.input("x", x)
    t, gt = bound(s, net.depth, "F(x)[target]: the forward in another order")
    cs.output("scores", s, t)
    m = float(np.max(np.abs(g)))
    why = f"the backward pass in another order: depth {net.depth:g} x the largest |gradient| ({m:.4g})"
    cs.output("gradients", g, tol(net.depth * m, flags, spread, why, 2 * m))
    if method == "saliency":
        a = np.abs(g) if abs_ else g
        cs.output("attributions", a, tol(net.depth * m, flags, spread, why + ("; |.| is 1-Lipschitz" if abs_ else ""), 2 * m))
    else:
        a = (x * g).astype(np.float32)
        xm = float(np.max(np.abs(x)))
        cs.output("attributions", a, tol(net.depth * m * xm, flags, spread * np.abs(x), why + f", times |x| (<= {xm:.3g})",
                                         2 * m * xm))
    cs.write()


def tunnel_case(net, name, description, x, refs, targets, base, nt_type, samples, stdev, seed, abs_=True, n_steps=50):
    """A NoiseTunnel case from the first noise seed (seed, seed + 1, ...) whose re-routed share the probe finds at most 5 %:
    one re-routed unit deep in AlexNet moves the gradient of its whole receptive field (tens of thousands of inputs), so
    such a draw is not a case a port can be judged on element by element."""
    for s in range(seed, seed + 10):
        if tunnel_seed(net, name, description, x, refs, targets, base, nt_type, samples, stdev, s, abs_, n_steps):
            return
    raise SystemExit(f"{name}: every noise seed {seed}..{seed + 9} re-routes more than 5 % of the elements")


def tunnel_given(net, name, description, x, refs, targets, noise):
    if not tunnel_seed(net, name, description, x, refs, targets, "saliency", "smoothgrad", len(noise) // len(x), None, None,
                       True, 50, noise):
        raise SystemExit(f"{name}: the probe re-routes more than 5 % of the elements")


def tunnel_seed(net, name, description, x, refs, targets, base, nt_type, samples, stdev, seed, abs_, n_steps, noise=None):
    if noise is None:
        noise = np.float32(np.random.default_rng(seed).normal(0, stdev, (len(x) * samples,) + x.shape[1:]))
    expanded = np.repeat(targets, samples)
    probe = {}

    def attribute(noisy):
        if base == "integrated_gradients":
            r, t = integrated(net, noisy, np.zeros_like(noisy), expanded, n_steps, "gausslegendre")
            probe.update(flags=t["flagged"], spread=t["moved"] * t["diff"], abs=float(np.max(t["per"] * t["diff"])),
                         one=t["flip"] * float(np.max(t["diff"])), nflags=int(t["flags"].sum()))
            return r["attributions"]
        _, g = net.grad(noisy, expanded)
        m = float(np.max(np.abs(g)))
        scale = np.abs(noisy) if base == "input_x_gradient" else 1.0
        probe.update(flags=net.flags, spread=net.spread * scale, abs=net.depth * m * float(np.max(scale)),
                     one=2 * m * float(np.max(scale)), nflags=int(net.flags.sum()))
        return (noisy * g).astype(np.float32) if base == "input_x_gradient" else (np.abs(g) if abs_ else g)

    r = ca.noise_tunnel(attribute, x, noise, nt_type, samples)
    params = dict(target=[int(k) for k in targets], base=base, nt_type=nt_type, nt_samples=samples)
    if base == "saliency":
        params["abs"] = abs_
    if base == "integrated_gradients":
        params["n_steps"] = n_steps
    origin = f"; noise N(0, {stdev:g}) from numpy default_rng({seed})" if seed is not None else ""
    cs = case(FAMILY, net, name, "noise_tunnel", description + origin,
              params, refs, probe["nflags"])
    cs.input("x", x)
    cs.input("noise", noise)
    a = r["sample_attributions"]
    cs.output("sample_attributions", a, tol(probe["abs"], probe["flags"], probe["spread"], f"the {base} attribution of each "
                                            "noisy input: its own tolerance", probe["one"]))
    # the smoothing of S samples: a mean keeps the samples' tolerance; squares scale it by 2 max|a|; the variance by 4
    view = lambda v: v.reshape((len(x), samples) + x.shape[1:])  # noqa: E731
    flags, spread = view(probe["flags"]).any(axis=1), view(probe["spread"]).sum(axis=1) / samples
    if flags.mean() > 0.05:
        return False
    k = {"smoothgrad": 1.0, "smoothgrad_sq": 2 * float(np.max(np.abs(a))), "vargrad": 4 * float(np.max(np.abs(a)))}[nt_type]
    cs.output("attributions", r["attributions"], tol(k * probe["abs"], flags, k * spread, f"{nt_type} over {samples} samples: "
              f"the samples' tolerance x {k:.3g}" + (" (2 max|a|)" if nt_type == "smoothgrad_sq" else
                                                    " (4 max|a|)" if nt_type == "vargrad" else ""), k * probe["one"]))
    cs.write()
    return True


def same_noise_as_tfkv(lab, k):
    """NoiseTunnel(Saliency) on tf-keras-vis SmoothGrad's own inputs and noise (tfkv_saliency/lab1_trained_smoothgrad_20:
    20 samples, noise sigma_n z with sigma_n = 0.2 x item n's range), in captum's row order (input n's samples
    consecutive): the two libraries' maps differ only in their arithmetic (cam-family.md measures it)."""
    d = os.path.join(common.ROOT, "golden", "tfkv_saliency", "lab1_trained_smoothgrad_20")
    x, z, sigma = (np.load(os.path.join(d, f + ".npy")) for f in ("x", "noise", "sigma"))
    s, n = z.shape[0], z.shape[1]
    sig = np.float64(sigma).reshape(s, n).T.reshape(n, s, 1, 1, 1)        # sigma per (sample, item)
    noise = np.float32(z.transpose(1, 0, 2, 3, 4) * sig).reshape((n * s,) + x.shape[1:])
    with open(os.path.join(d, "manifest.json")) as f:
        targets = np.array(__import__("json").load(f)["method"]["params"]["indices"])
    return x, noise, targets


def main():
    common.clean_family(FAMILY)
    fx, refs = lab_input()
    lab = Lab(TRAINED, True)
    k = predicted(lab, fx)
    net = Torchvision()
    x, trefs = torch_input()
    kt = predicted(net, x)
    gradient_case(lab, "saliency_lab1_trained_abs", "saliency", "Saliency with its default abs=True on the trained Lab1 "
                  f"model (logits), three Fashion-MNIST items, their predicted classes {k.tolist()}", fx, refs, k)
    gradient_case(net, "saliency_alexnet_224x160_signed", "saliency", "Saliency with abs=False on AlexNet (counter-hash "
                  f"weights), chelsea.png 224 wide x 160 high, its top class {kt.tolist()}: the signed gradient, every channel",
                  x, trefs, kt, abs_=False)
    gradient_case(lab, "input_x_gradient_lab1_trained", "input_x_gradient", "InputXGradient on the trained Lab1 model, three "
                  f"items, their predicted classes {k.tolist()}", fx, refs, k)
    gradient_case(net, "input_x_gradient_alexnet_224x160", "input_x_gradient", "InputXGradient on AlexNet, chelsea.png "
                  "224 x 160: x is ImageNet-normalised, so negative inputs flip the gradient's sign", x, trefs, kt)
    tunnel_case(lab, "noise_tunnel_saliency_smoothgrad_lab1", "NoiseTunnel(Saliency) smoothgrad on the trained Lab1 model, "
                "8 samples per item: the mean of |gradient|", fx, refs, k, "saliency", "smoothgrad", 8, 0.15, 1)
    tunnel_case(lab, "noise_tunnel_input_x_gradient_smoothgrad_sq_lab1", "NoiseTunnel(InputXGradient) smoothgrad_sq, 5 "
                "samples (the default): the mean of (noisy x * gradient)^2", fx, refs, k, "input_x_gradient",
                "smoothgrad_sq", 5, 0.1, 2)
    tunnel_case(lab, "noise_tunnel_input_x_gradient_vargrad_lab1", "NoiseTunnel(InputXGradient) vargrad, 4 samples: "
                "E[a^2] - E[a]^2 of the noisy x * gradient", fx, refs, k, "input_x_gradient", "vargrad", 4, 0.1, 6)
    tunnel_case(lab, "noise_tunnel_saliency_smoothgrad_sq_lab1", "NoiseTunnel(Saliency) smoothgrad_sq on the trained Lab1 "
                "model, 4 samples: the mean of squared |gradient|", fx, refs, k, "saliency", "smoothgrad_sq", 4, 0.15, 7)
    tx, tnoise, tk = same_noise_as_tfkv(lab, k)
    tunnel_given(lab, "noise_tunnel_saliency_smoothgrad_tfkv_noise", "NoiseTunnel(Saliency) smoothgrad with tf-keras-vis "
                 "SmoothGrad's inputs, classes and noise (tfkv_saliency/lab1_trained_smoothgrad_20, 20 samples)", tx,
                 images.refs("fashion-mnist", ["test-00000.png", "test-00001.png"]), tk, tnoise)
    soft = Lab(HASH, False)
    ks = predicted(soft, fx)
    gradient_case(soft, "saliency_lab1_hash_softmax", "saliency", "Saliency (abs=True) on Lab1 with counter-hash weights and "
                  f"its softmax kept (F is a probability; classes {ks.tolist()})", fx, refs, ks)
    gradient_case(soft, "input_x_gradient_lab1_hash_softmax", "input_x_gradient", "InputXGradient on Lab1 with counter-hash "
                  f"weights and its softmax kept (classes {ks.tolist()})", fx, refs, ks)
    tunnel_case(soft, "noise_tunnel_saliency_signed_vargrad_lab1_hash", "NoiseTunnel(Saliency(abs=False)) vargrad on Lab1 "
                f"with counter-hash weights and its softmax (classes {ks.tolist()}), 6 samples: E[g^2] - E[g]^2", fx, refs,
                ks, "saliency", "vargrad", 6, 0.2, 3, abs_=False)
    tunnel_case(net, "noise_tunnel_integrated_gradients_alexnet", "NoiseTunnel(IntegratedGradients(n_steps=2)) smoothgrad on "
                "AlexNet, chelsea.png 224 x 160, 3 samples (zero baseline per noisy input; the path points alpha 0.21 and 0.79: "
                "nearer 0 the noisy images shrink to nearly constant ones, whose max-pool near-ties the probe flags)", x, trefs, kt,
                "integrated_gradients", "smoothgrad", 3, 0.2, 4, n_steps=2)


if __name__ == "__main__":
    main()
