"""tf-keras-vis 0.8.x arithmetic (keisen/tf-keras-vis, tf_keras_vis/{gradcam,gradcam_plus_plus,layercam,scorecam,saliency}.py and
utils/__init__.py), written out in NumPy/SciPy float32 for the golden generators. The model parts (forward passes,
gradients) come from TF.js (common.tfjs); everything here is what tf-keras-vis does with those tensors, step by step,
in the dtype it uses (TF float32 ops and NumPy float32; Python-float constants do not upcast float32 arrays).
docs/methods/tf-keras-vis.md and docs/methods/{gradcam,gradcam-plus-plus,score-cam,saliency}.md describe each line."""
import numpy as np
from scipy.ndimage import zoom

EPSILON = 1e-7  # keras.backend.epsilon()


def seek_penultimate_conv(layers, penultimate):
    """ExtractIntermediateLayerForGradcam (utils/model_modifiers.py): `penultimate` an int indexes model.layers the
    Python way (negative from the end; one at or past the end is an error), a str is found by name; then find_layer walks
    model.layers from the last towards the first and returns the first Conv at or before that layer. `layers` is
    model.layers as (name, class name)."""
    names = [n for n, _ in layers]
    if isinstance(penultimate, int):
        if penultimate >= len(layers):
            raise ValueError(f"Invalid argument. `penultimate_layer`={penultimate}")
        start = range(len(layers))[penultimate]   # IndexError below -len, as model.layers[i] raises
    else:
        start = names.index(penultimate)
    for k in range(start, -1, -1):
        if layers[k][1] in ("Conv1D", "Conv2D", "Conv3D"):
            return names[k]
    raise ValueError(f"Unable to determine penultimate `Conv` layer. `penultimate_layer`={penultimate}")


def normalize(a):
    """utils.normalize: per sample (axis 0 kept), (a - min) / (max - min + epsilon)."""
    axes = tuple(range(1, a.ndim))
    mx = np.max(a, axis=axes, keepdims=True)
    mn = np.min(a, axis=axes, keepdims=True)
    return (a - mn) / (mx - mn + EPSILON)


def zoom_factor(from_shape, to_shape):
    return tuple(float(t) / float(f) for f, t in zip(from_shape, to_shape))


def expand(cam, x_shape):
    """Gradcam/GradcamPlusPlus/Scorecam's expand_cam: zoom(cam, (1, H/h, W/w), order=1) (mode 'constant')."""
    return zoom(cam.astype(np.float32), zoom_factor(cam.shape, x_shape), order=1)


def gradcam(A, g):
    """Gradcam._calculate_cam: weights = mean of g over space; cam = relu(SUM over channels of A * weights)."""
    w = np.mean(g, axis=(1, 2), keepdims=True, dtype=np.float32)
    raw = np.sum(np.multiply(A, w), axis=-1)
    return w.reshape(w.shape[0], -1), np.maximum(raw, np.float32(0))


def layercam(A, g):
    """Layercam._calculate_cam (tf_keras_vis/layercam.py, 0.8.7): gradient_modifier relu(g) elementwise, NO spatial
    mean; cam = relu(SUM over channels of A * relu(g))."""
    pos = np.maximum(g, np.float32(0))
    raw = np.sum(np.multiply(A, pos), axis=-1)
    return pos, np.maximum(raw, np.float32(0))


def gradcam_plus_plus(A, g, scores):
    """GradcamPlusPlus.__call__ between the gradient and the CAM (TF float32 ops)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        S = np.exp(scores.astype(np.float32)).reshape(-1, 1, 1, 1)
        d1 = S * g
        d2 = d1 * g
        d3 = d2 * g
        gsum = np.sum(A, axis=(1, 2), keepdims=True)
        den = d2 * np.float32(2.0) + d3 * gsum
        den = den + (d2 == 0.0).astype(np.float32)
        alphas = d2 / den
        anorm = np.sum(alphas, axis=(1, 2), keepdims=True)
        anorm = anorm + (anorm == 0.0).astype(np.float32)
        alphas = alphas / anorm
        wts = np.maximum(d1, np.float32(0))
        dlw = np.sum(wts * alphas, axis=(1, 2), keepdims=True)
        raw = np.maximum(np.sum(dlw * A, axis=-1), np.float32(0))
    return S.reshape(-1), alphas, dlw.reshape(dlw.shape[0], -1), raw


def scorecam_select(A, max_N):
    """Faster-Score-CAM's channel choice: top_k of the per-channel population std (ties: lower index first, as
    tf.math.top_k), flattened over samples, tf.unique (first-occurrence order). None or <= 0: every channel."""
    C = A.shape[-1]
    if max_N is None or max_N <= 0 or max_N >= C:
        if max_N is not None and max_N > C:
            raise ValueError(f"max_N must be 1 or more and {C} or less")
        return np.arange(C)
    std = np.std(A, axis=(1, 2), dtype=np.float32)  # (N, C), ddof 0
    top = np.stack([np.argsort(-s, kind="stable")[:max_N] for s in std]).reshape(-1)
    _, first = np.unique(top, return_index=True)
    return top[np.sort(first)]


def scorecam_masks(A, x_shape):
    """Upsampled (zoom order 1, mode 'nearest') and per-channel min-max normalized activations: (N, H, W, C)."""
    U = zoom(A, (1,) + zoom_factor(A.shape[1:-1], x_shape[1:-1]) + (1,), order=1, mode="nearest")
    mn = np.min(U, axis=(1, 2), keepdims=True)
    mx = np.max(U, axis=(1, 2), keepdims=True)
    return (U - mn) / (mx - mn + EPSILON)


def scorecam_masked_inputs(X, M):
    """(C*N, H, W, Cin), channel-major: row c*N + n is X[n] * M[n, :, :, c] (the mask on every input channel)."""
    C = M.shape[-1]
    templates = np.tile(X, (C, 1, 1, 1, 1))
    masks = np.transpose(np.tile(M, (X.shape[-1], 1, 1, 1, 1)), (4, 1, 2, 3, 0))
    return np.reshape(np.multiply(templates, masks), (-1,) + X.shape[1:])


def scorecam_cam(A_sel, weights):
    """keras.layers.Dot(axes=-1)([A, weights]) then relu: (N, h, w)."""
    return np.maximum(np.einsum("nhwc,nc->nhw", A_sel, weights, dtype=np.float32), np.float32(0))


def smoothgrad_inputs(X, z, smooth_noise=0.20):
    """Saliency's noisy copies: Xt[s, n] = X[n]; sigma = smooth_noise * (max - min) of each Xt[s, n] (float32);
    noise = np.random.normal(0, sigma) = sigma * z in float64 (z: the standard-normal draws, an input of the case);
    TF converts the float64 noise to float32 when adding it to the float32 tensor."""
    S = z.shape[0]
    Xt = np.tile(X, (S, 1, 1, 1)).reshape((S,) + X.shape)
    axes = tuple(range(2, Xt.ndim))
    sigma = np.float32(smooth_noise) * (np.max(Xt, axis=axes, keepdims=True) - np.min(Xt, axis=axes, keepdims=True))
    noise = sigma.astype(np.float64) * z
    return sigma.reshape(S, -1), Xt + noise.astype(np.float32)
