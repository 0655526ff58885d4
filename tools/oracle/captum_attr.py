"""captum 0.8.0 arithmetic (pytorch/captum: captum/attr/_core/integrated_gradients.py, _utils/approximation_methods.py,
_core/saliency.py, _core/input_x_gradient.py, _core/noise_tunnel.py, _core/occlusion.py with _core/feature_ablation.py,
_utils/common.py _reshape_and_sum / _tensorize_baseline), written out in NumPy for the golden generators. The model
parts (the target outputs and their gradients with respect to the input, for a whole batch) come from PyTorch 1.13
(torchvision models) or TF.js (the lab models) through the `grad_fn` / `forward_fn` callables the generator passes;
everything here is what captum does around them, in the dtype it uses. docs/methods/captum.md describes each line."""
import numpy as np

RIEMANN = ("riemann_left", "riemann_right", "riemann_middle", "riemann_trapezoid")
NT_TYPES = ("smoothgrad", "smoothgrad_sq", "vargrad")


def linspace_f32(start, end, n):
    """torch.linspace(start, end, n).tolist(): float32 values (the default dtype) as Python floats, from PyTorch itself."""
    import torch
    return torch.linspace(start, end, n).tolist()


def approximation(method, n):
    """approximation_parameters(method): (step_sizes, alphas) as the Python floats captum builds."""
    if method == "gausslegendre":
        x, w = np.polynomial.legendre.leggauss(n)
        return list(0.5 * w), list(0.5 * (1 + x))
    if method not in RIEMANN:
        raise ValueError(method)
    assert n > 1
    deltas = [1 / n] * n
    if method == "riemann_trapezoid":
        deltas[0] /= 2
        deltas[-1] /= 2
        return deltas, linspace_f32(0, 1, n)
    if method == "riemann_left":
        return deltas, linspace_f32(0, 1 - 1 / n, n)
    if method == "riemann_middle":
        return deltas, linspace_f32(1 / (2 * n), 1 - 1 / (2 * n), n)
    return deltas, linspace_f32(1 / n, 1, n)


def integrated_gradients(grad_fn, x, baseline, targets, n_steps, method):
    """IntegratedGradients._attribute + compute_convergence_delta. grad_fn(batch, targets) -> (target outputs (B,),
    gradients (B, ...)); x float32 (N, ...), baseline float32 of x's shape. Returns a dict of every step."""
    step_sizes, alphas = approximation(method, n_steps)
    diff = (x - baseline).astype(np.float32)
    # baseline + alpha * (input - baseline): a Python float times a float32 tensor runs in float32
    scaled = np.concatenate([baseline + np.float32(a) * diff for a in alphas], axis=0).astype(np.float32)
    _, grads = grad_fn(scaled, np.tile(targets, n_steps))
    n = x.shape[0]
    ss = np.float32(step_sizes).reshape(n_steps, 1)                     # torch.tensor(step_sizes).float()
    scaled_grads = grads.reshape(n_steps, -1) * ss
    total = np.sum(scaled_grads.reshape((n_steps, n) + x.shape[1:]), axis=0, dtype=np.float32)
    attributions = (total * diff).astype(np.float32)
    end, _ = grad_fn(x, targets)
    start, _ = grad_fn(baseline, targets)
    delta = attributions.reshape(n, -1).sum(axis=1, dtype=np.float32) - (end - start)
    return {"alphas": np.float64(alphas), "step_sizes": np.float64(step_sizes), "total_grads": total,
            "attributions": attributions, "end_scores": end, "start_scores": start, "delta": np.float32(delta)}


def input_x_gradient(grad_fn, x, targets):
    """InputXGradient.attribute: input * gradient."""
    scores, g = grad_fn(x, targets)
    return {"scores": scores, "gradients": g, "attributions": (x * g).astype(np.float32)}


def saliency(grad_fn, x, targets, abs_=True):
    """Saliency.attribute: the gradient, its absolute value when abs (the default True)."""
    scores, g = grad_fn(x, targets)
    return {"scores": scores, "gradients": g, "attributions": np.abs(g) if abs_ else g}


def noise_tunnel(attribute, x, noise, nt_type, nt_samples):
    """NoiseTunnel.attribute with all nt_samples in one partition: inputs repeat_interleave(nt_samples) + noise, the
    base method's attribute on the noisy batch (targets repeated likewise by the caller's `attribute`), then per input
    the mean over its samples of a (smoothgrad), of a**2 (smoothgrad_sq), or E[a**2] - E[a]**2 (vargrad); the sums are
    `x.sum(dim=1)` over the (N, nt_samples, ...) view, then * 1 / nt_samples."""
    noisy = (np.repeat(x, nt_samples, axis=0) + noise).astype(np.float32)
    a = attribute(noisy)
    n = x.shape[0]
    view = a.reshape((n, nt_samples) + a.shape[1:])
    mean = (view.sum(axis=1, dtype=np.float32) * np.float32(1)) / np.float32(nt_samples)
    mean_sq = (np.sum(view ** 2, axis=1, dtype=np.float32) * np.float32(1)) / np.float32(nt_samples)
    out = {"smoothgrad": mean, "smoothgrad_sq": mean_sq, "vargrad": mean_sq - mean * mean}[nt_type]
    return {"noisy_inputs": noisy, "sample_attributions": a, "attributions": np.float32(out)}


def occlusion_windows(shape, window, strides):
    """Occlusion.attribute's shift counts and _occlusion_mask: per dimension ceil((D - w) / s) + 1 window positions at
    k * s; a last window that overhangs the input is cut at the edge (F.pad with a negative padding). The feature index
    runs with the FIRST dimension fastest (remainder by shift_counts[0] first). Returns the (F, *shape) 0/1 masks."""
    shape, window, strides = np.array(shape), np.array(window), np.array(strides)
    rest = shape - window
    assert (rest >= 0).all() and np.logical_or(rest == 0, strides <= window).all()
    counts = np.ceil(rest / strides).astype(int) + 1
    masks = []
    for f in range(int(np.prod(counts))):
        index, r = [], f
        for c, s in zip(counts, strides):
            index.append((r % c) * s)
            r //= c
        m = np.zeros(tuple(shape), np.float32)
        m[tuple(slice(i, min(i + w, d)) for i, w, d in zip(index, window, shape))] = 1
        masks.append(m)
    return counts, np.array(masks)


def occlusion(forward_fn, x, targets, window, strides, baseline):
    """FeatureAblation with Occlusion's masks, perturbations_per_eval=1: for each window, eval_diff = f(x) - f(x with
    the window set to the baseline); attribution = sum over windows of eval_diff * mask, divided by the number of
    windows covering each element (use_weights). forward_fn(batch, targets) -> target outputs (B,)."""
    counts, masks = occlusion_windows(x.shape[1:], window, strides)
    initial = forward_fn(x, targets)
    total = np.zeros(x.shape, np.float32)
    weights = np.zeros(x.shape[1:], np.float32)
    batch = np.concatenate([x * (1 - m) + np.float32(baseline) * m for m in masks]).astype(np.float32)
    evals = forward_fn(batch, np.tile(targets, len(masks))).reshape(len(masks), x.shape[0])
    for m, e in zip(masks, evals):
        weights += m
        total += (initial - e).astype(np.float32).reshape((-1,) + (1,) * (x.ndim - 1)) * m
    return {"shift_counts": counts.astype(np.int64), "initial_eval": initial, "window_evals": np.float32(evals.T),
            "attributions": (total / weights).astype(np.float32)}
