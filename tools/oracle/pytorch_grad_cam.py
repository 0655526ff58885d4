"""pytorch-grad-cam 1.5.5 arithmetic (jacobgil/pytorch-grad-cam: pytorch_grad_cam/base_cam.py, activations_and_gradients.py,
grad_cam_plusplus.py, xgrad_cam.py, hirescam.py, grad_cam_elementwise.py, layer_cam.py, eigen_cam.py, eigen_grad_cam.py,
utils/image.py scale_cam_image, utils/svd_on_activations.py get_2d_projection), written out in NumPy float32 for the golden
generators. The model parts (activations and gradients at the target layer) come from PyTorch 1.13 (torchvision models,
hooked as ActivationsAndGradients hooks them) or TF.js (the lab models, transposed to NCHW); everything here is what
the library does with those arrays, in the dtype it uses. docs/methods/pytorch-grad-cam.md describes each line."""
import numpy as np

GRADPP_EPS = 0.000001   # grad_cam_plusplus.py: eps = 0.000001 (not keras's 1e-7)
XGRAD_EPS = 1e-7        # xgrad_cam.py
SCALE_EPS = 1e-7        # utils/image.py scale_cam_image: img / (1e-7 + np.max(img))

# which methods read gradients (BaseCAM's uses_gradients): EigenCAM runs the forward pass only
USES_GRADIENTS = {"gradcam_plusplus": True, "xgradcam": True, "hirescam": True, "gradcam_elementwise": True,
                  "layercam": True, "eigencam": False, "eigengradcam": True}


def activations_and_gradients(model, x, layer, category=None):
    """ActivationsAndGradients + BaseCAM.forward on a torchvision model: a forward hook on the target module stores its
    output (on the CPU a detached alias: torchvision's in-place ReLU after a conv overwrites it) and a tensor hook on
    that output stores its gradient; targets default to ClassifierOutputTarget(argmax) per image; the loss is the SUM of
    each image's target logit, backward. Returns (outputs, categories, A, g) as NumPy (N, classes), (N,), (N, C, h, w)."""
    import torch
    acts, grads = [], []
    module = dict(model.named_modules())[layer]

    def save(_, __, out):
        acts.append(out.cpu().detach())
        out.register_hook(lambda g: grads.insert(0, g.cpu().detach()))

    handle = module.register_forward_hook(save)
    try:
        out = model(torch.from_numpy(x))
        cats = np.argmax(out.detach().numpy(), axis=-1) if category is None else np.asarray(category, np.int64)
        model.zero_grad()
        loss = sum(out[n, int(c)] for n, c in enumerate(cats))
        loss.backward(retain_graph=True)
    finally:
        handle.remove()
    return out.detach().numpy(), cats.astype(np.int64), acts[0].numpy().copy(), grads[0].numpy().copy()


def get_2d_projection(activation_batch):
    """utils/svd_on_activations.py get_2d_projection: NaN -> 0; per image the (h*w, C) matrix, centred per channel, its
    SVD (full_matrices=True, LAPACK gesdd in float32) and the projection on the first right singular vector."""
    activation_batch = activation_batch.copy()
    activation_batch[np.isnan(activation_batch)] = 0
    out = []
    for a in activation_batch:
        m = a.reshape(a.shape[0], -1).transpose()
        m = m - m.mean(axis=0)
        _, _, vt = np.linalg.svd(m, full_matrices=True)
        out.append((m @ vt[0, :]).reshape(a.shape[1:]))
    return np.float32(out)


def sign_corrected(projection):
    """The spec's sign: each image's projection negated where |min| > |max| (the rule of the library's own
    get_2d_projection_with_sign_correction, Seg-Eigen-CAM Eq. 13). get_2d_projection itself keeps LAPACK's sign, which
    is arbitrary: returns (corrected, margin), margin = per image (|max| - |min|) / max(|max|, |min|) before the flip."""
    out, margins = projection.copy(), []
    for n, p in enumerate(projection):
        hi, lo = abs(float(p.max())), abs(float(p.min()))
        margins.append((hi - lo) / max(hi, lo))
        if lo > hi:
            out[n] = -p
    return out, np.array(margins)


def cam_weights(method, A, g):
    """get_cam_weights of the channel-weight methods: (N, C)."""
    if method == "gradcam_plusplus":
        g2 = g ** 2
        g3 = g2 * g
        sum_a = np.sum(A, axis=(2, 3))
        aij = g2 / (2 * g2 + sum_a[:, :, None, None] * g3 + GRADPP_EPS)
        aij = np.where(g != 0, aij, 0)
        return np.sum(np.maximum(g, 0) * aij, axis=(2, 3))
    if method == "xgradcam":
        sum_a = np.sum(A, axis=(2, 3))
        return (g * A / (sum_a[:, :, None, None] + XGRAD_EPS)).sum(axis=(2, 3))
    raise KeyError(method)


def cam_image(method, A, g):
    """get_cam_image: (raw map (N, h, w), extras). Channel-weight methods: SUM_c w_c A_c; elementwise methods: SUM over
    channels of their product; the Eigen methods: the first principal component (its sign corrected, see sign_corrected)."""
    if method in ("gradcam_plusplus", "xgradcam"):
        w = cam_weights(method, A, g)
        return (w[:, :, None, None] * A).sum(axis=1), {"weights": np.float32(w)}
    if method == "hirescam":
        return (g * A).sum(axis=1), {}
    if method == "gradcam_elementwise":
        return np.maximum(g * A, 0).sum(axis=1), {}
    if method == "layercam":
        return (np.maximum(g, 0) * A).sum(axis=1), {}
    if method in ("eigencam", "eigengradcam"):
        lapack = get_2d_projection(A if method == "eigencam" else g * A)
        corrected, margins = sign_corrected(lapack)
        return corrected, {"lapack_sign_flipped": [bool(m < 0) for m in margins], "sign_margin": margins}
    raise KeyError(method)


def scale_cam_image(cam, target_size=None):
    """utils/image.py scale_cam_image: per image img - min, img / (1e-7 + max) in float32, then cv2.resize to
    target_size = (width, height) with INTER_LINEAR (cv2's default)."""
    import cv2
    result = []
    for img in cam:
        img = img - np.min(img)
        img = img / (SCALE_EPS + np.max(img))
        if target_size is not None:
            img = cv2.resize(np.float32(img), target_size)
        result.append(img)
    return np.float32(result)


def maps(raw, x_hw):
    """compute_cam_per_layer and aggregate_multi_layers for one target layer: relu, scale_cam_image to the input's
    (width, height); then max(., 0), the mean over the one layer and scale_cam_image again. Returns (layer, cam)."""
    layer = scale_cam_image(np.maximum(raw, 0), (int(x_hw[1]), int(x_hw[0])))[:, None, :]
    stacked = np.maximum(np.concatenate([layer], axis=1), 0)
    return layer[:, 0], scale_cam_image(np.mean(stacked, axis=1))


def score_cam_weights(A, x, scores_of, nchw=True, batch_size=16):
    """score_cam.py ScoreCAM.get_cam_weights: each channel of A upsampled to the input's (H, W) by
    torch.nn.UpsamplingBilinear2d (bilinear, align_corners=True), min-max scaled per channel with 1e-8, multiplied into
    the input, the model run on the masked inputs in batches of 16, the target logits collected as Python floats, and
    the weights a softmax over the channels. scores_of(batch, image index) -> the target outputs of that batch.
    For a channels-last x the masks multiply it as (H, W, 1). Returns (upsampled-and-scaled masks, scores, weights)."""
    import torch
    h, w = (x.shape[2], x.shape[3]) if nchw else (x.shape[1], x.shape[2])
    with torch.no_grad():
        up = torch.nn.UpsamplingBilinear2d(size=(h, w))(torch.from_numpy(A))
        flat = up.view(up.size(0), up.size(1), -1)
        maxs, mins = flat.max(dim=-1)[0][:, :, None, None], flat.min(dim=-1)[0][:, :, None, None]
        up = (up - mins) / (maxs - mins + 1e-8)
        xt = torch.from_numpy(x)
        masked = xt[:, None] * up[:, :, None] if nchw else xt[:, None] * up[..., None]
        scores = []
        for n, tensor in enumerate(masked):
            for i in range(0, tensor.size(0), batch_size):
                scores.extend(float(v) for v in scores_of(tensor[i:i + batch_size].numpy(), n))
        scores = torch.Tensor(scores).view(A.shape[0], A.shape[1])
        weights = torch.nn.Softmax(dim=-1)(scores).numpy()
    return up.numpy(), scores.numpy(), weights


ABLATION_VALUE = 1e7


def ablated_activations(a, channels):
    """AblationLayer.__call__ on one batch: rows = copies of one image's A (C, h, w), row i's channel channels[i] set to 0
    where the batch's minimum is 0, else to (that minimum - 1e7); the minimum is re-read for each row, so after one
    such row every later row goes 1e7 lower again (the library's loop)."""
    out = np.repeat(a[None], len(channels), axis=0).astype(np.float32)
    for i, c in enumerate(channels):
        m = out.min()
        out[i, c] = 0 if m == 0 else np.float32(m - ABLATION_VALUE)
    return out


def ablation_weights(A, original, scores_from_layer, batch_size=32):
    """ablation_cam.py AblationCAM.get_cam_weights with ratio_channels_to_ablate=1.0: for each image, every channel
    ablated in turn (batches of 32), the model run on from the target layer, the target score read; weights =
    (original - ablated) / original, float32. scores_from_layer(activations batch, image index) -> target outputs."""
    scores = []
    n_ch = A.shape[1]
    for n in range(A.shape[0]):
        new = []
        for i in range(0, n_ch, batch_size):
            chans = list(range(i, min(i + batch_size, n_ch)))
            new.extend(float(v) for v in scores_from_layer(ablated_activations(A[n], chans), n))
        scores.append(np.float32(new))
    ablated = np.float32(scores)
    orig = np.float32(original)[:, None]
    return ablated, (orig - ablated) / orig


def guided_backprop(model, x, category=None):
    """guided_backprop.py GuidedBackpropReLUModel.__call__: every torch.nn.ReLU replaced (in a copy) by a module whose
    forward is x * (x > 0) and whose backward is dy * (x > 0) * (dy > 0); loss = output[0, category] (argmax by
    default); the input's gradient [0].transpose(1, 2, 0). Returns (outputs, category, gradient (H, W, 3))."""
    import copy

    import torch

    class GuidedRelu(torch.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            ctx.save_for_backward(t)
            return torch.addcmul(torch.zeros_like(t), t, (t > 0).type_as(t))

        @staticmethod
        def backward(ctx, dy):
            (t,) = ctx.saved_tensors
            inner = torch.addcmul(torch.zeros_like(t), dy, (t > 0).type_as(dy))
            return torch.addcmul(torch.zeros_like(t), inner, (dy > 0).type_as(dy))

    class GuidedModule(torch.nn.Module):
        def forward(self, t):
            return GuidedRelu.apply(t)

    m = copy.deepcopy(model)
    for parent in m.modules():
        for name, child in parent.named_children():
            if isinstance(child, torch.nn.ReLU):
                setattr(parent, name, GuidedModule())
    t = torch.from_numpy(np.ascontiguousarray(x)).requires_grad_(True)
    out = m(t)
    k = int(np.argmax(out.detach().numpy())) if category is None else int(category)
    out[0, k].backward()
    return out.detach().numpy(), k, t.grad.numpy()[0].transpose(1, 2, 0).copy()


def deprocess_image(img):
    """utils/image.py deprocess_image: (img - mean) / (std + 1e-5) * 0.1 + 0.5, clipped to [0, 1], uint8(img * 255)."""
    img = img - np.mean(img)
    img = img / (np.std(img) + 1e-5)
    img = img * 0.1
    img = img + 0.5
    img = np.clip(img, 0, 1)
    return np.uint8(img * 255)


def show_cam_on_image(img, mask, use_rgb=False, image_weight=0.5):
    """utils/image.py show_cam_on_image with colormap=cv2.COLORMAP_JET: returns (the heatmap as uint8, the result)."""
    import cv2
    heatmap = cv2.applyColorMap(np.uint8(255 * mask), cv2.COLORMAP_JET)
    if use_rgb:
        heatmap = cv2.cvtColor(heatmap, cv2.COLOR_BGR2RGB)
    h8 = heatmap.copy()
    heatmap = np.float32(heatmap) / 255
    if np.max(img) > 1:
        raise ValueError("The input image should np.float32 in the range [0, 1]")
    cam = (1 - image_weight) * heatmap + image_weight * img
    cam = cam / np.max(cam)
    return h8, np.uint8(255 * cam)
