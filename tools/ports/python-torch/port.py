#!/usr/bin/python3
"""An example port of some lab methods to PyTorch, checked through the external backend (docs/porting.md).

It is written the way a PyTorch user would port the Keras labs -- NOT by copying the Reference -- so the report shows
where PyTorch's idioms really differ from Keras:
  * CAM upsampling with F.interpolate(bilinear, align_corners=False) instead of scipy.ndimage.zoom(order=2);
  * cross-entropy on probabilities with torch.log (no Keras epsilon clip) and torch's BCE, which clamps log at -100;
  * tf-keras-vis's expand_cam (scipy zoom order 1) as F.interpolate(bilinear, align_corners=True): the same
    corner-aligned line, without SciPy's constant-mode last-row artefact;
  * max_pool2d(return_indices) / max_unpool2d for the switches, matplotlib's cm.jet, PIL for load_img, and
    F.interpolate(bilinear) for the report's cv2.resize.

Protocol: argv = one or more case folders (manifest.json + input .npy files + empty out/). For each, write
out/<file> for every output the manifest lists, or out/_unsupported.txt with a reason. Run by Debian's python3
(python3-torch 1.13, python3-numpy). Reads KERASVIS_FIXTURES for the fixture paths the manifests name (fixtures/…).
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if os.environ.get("KERASVIS_HELPERS"):  # the porter's bundle's copy of the protocol helper, as a port outside this repository uses it
    sys.path.insert(0, os.environ["KERASVIS_HELPERS"])
from protocol import Unsupported, main  # noqa: E402

torch.set_num_threads(1)


from images import jet_heatmap, keras_load_img, max_pool_unpool, torch_preprocess  # noqa: E402
from lab1 import lab1_forward, lab1_from_keras_npy, nhwc  # noqa: E402
from tfkv_lab1 import tfkv_cam, tfkv_saliency  # noqa: E402


# ---------------------------------------------------------------- methods

def dlai_cam(m, x):
    convs, dense = lab1_from_keras_npy(m["method"]["params"]["weights"])
    xt = torch.from_numpy(x["x"])
    with torch.no_grad():
        feats, preds = lab1_forward(xt, convs, dense)
        cls = preds.argmax(dim=-1)
        # the PyTorch idiom for "upsample the feature map to the input size"
        zoomed = F.interpolate(feats, size=xt.shape[1:3], mode="bilinear", align_corners=False)
        w = dense[0][cls]                                   # (N, 128): the GAP weights of each image's class
        cam = torch.einsum("nchw,nc->nhw", zoomed, w)
    return {"features": nhwc(feats), "predictions": preds, "class_index": cls, "zoomed": nhwc(zoomed), "cam": cam}


def dlai_get_cam(m, x):
    p = m["method"]["params"]
    if p.get("layer") != "conv2d_3":
        raise Unsupported("only conv2d_3 of lab1")
    convs, dense = lab1_from_keras_npy(p["weights"])
    xt = torch.from_numpy(x["x"])
    with torch.no_grad():
        feats, _ = lab1_forward(xt, convs, dense)
    a = feats.detach().requires_grad_(True)
    preds = F.softmax(F.linear(a.mean(dim=(2, 3)), *dense), dim=-1)
    g, = torch.autograd.grad(preds[:, p["label"]].sum(), a)
    a_nhwc, g_nhwc = nhwc(a.detach()), nhwc(g)
    w = g_nhwc.mean(dim=(0, 1, 2))
    mean = (a_nhwc[0] * w).mean(dim=-1)
    relu = mean.clamp(min=0)
    mx = relu.max()
    heat = relu / mx
    guarded = relu / (mx if mx != 0 else torch.tensor(1e-10))
    return {"conv_outputs": a_nhwc, "predictions": preds.detach(), "gradients": g_nhwc, "channel_weights": w,
            "channel_mean": mean, "heatmap": heat, "heatmap_guarded": guarded}


def dlai_saliency(m, x):
    p = m["method"]["params"]
    convs, dense = lab1_from_keras_npy(p["weights"])
    xt = torch.from_numpy(x["x"]).requires_grad_(True)
    _, preds = lab1_forward(xt, convs, dense)
    y = F.one_hot(torch.full((xt.shape[0],), p["class_index"]), preds.shape[1]).float()
    loss = -(y * torch.log(preds)).sum(-1)              # cross-entropy on probabilities, the torch way
    g, = torch.autograd.grad(loss.sum(), xt)
    gray = g.abs().sum(-1)
    scaled = (255 * (gray - gray.min())) / (gray.max() - gray.min())
    normalized = torch.nan_to_num(scaled, nan=0.0).to(torch.uint8).squeeze()
    return {"predictions": preds.detach(), "loss": loss.detach(), "gradients": g, "grayscale": gray,
            "scaled": scaled, "normalized": normalized}


def keras_loss(m, x):
    p = m["method"]["params"]
    yt, yp = torch.from_numpy(x["y_true"]), torch.from_numpy(x["y_pred"])
    logits = p.get("from_logits", False)
    name = p["loss"]
    if name == "categorical_crossentropy":
        per = (-(yt * F.log_softmax(yp, -1)).sum(-1)) if logits else -(yt * torch.log(yp)).sum(-1)
    elif name == "sparse_categorical_crossentropy":
        labels = yt.reshape(yp.shape[:-1]).long()
        logp = F.log_softmax(yp, -1) if logits else torch.log(yp)
        per = -logp.gather(-1, labels.unsqueeze(-1)).squeeze(-1)
    elif name == "binary_crossentropy":
        f = F.binary_cross_entropy_with_logits if logits else F.binary_cross_entropy
        per = f(yp, yt, reduction="none").mean(-1)
    else:
        raise Unsupported(f"loss {name}")
    reduction = p.get("reduction", "sum_over_batch_size")
    reduced = {"none": per, "sum": per.sum(), "sum_over_batch_size": per.mean()}[reduction]
    return {"per_sample": per, "reduced": reduced}


METHODS = {"dlai_cam": dlai_cam, "dlai_get_cam": dlai_get_cam, "dlai_saliency": dlai_saliency, "keras_loss": keras_loss,
           "max_pool_unpool": max_pool_unpool, "jet_heatmap": jet_heatmap, "keras_load_img": keras_load_img,
           "torch_preprocess": torch_preprocess,
           "tfkv_gradcam": lambda m, x: tfkv_cam(m, x, False), "tfkv_gradcampp": lambda m, x: tfkv_cam(m, x, True),
           "tfkv_saliency": lambda m, x: tfkv_saliency(m, x, False), "tfkv_smoothgrad": lambda m, x: tfkv_saliency(m, x, True)}
NO_MODEL = {"keras_loss", "max_pool_unpool", "jet_heatmap", "keras_load_img", "torch_preprocess"}


def compute(m, x):
    fn = METHODS.get(m["method"]["name"])
    if fn is None:
        raise Unsupported(f"method '{m['method']['name']}' is not ported")
    if m.get("model") not in (None, "lab1") and m["method"]["name"] not in NO_MODEL:
        raise Unsupported(f"model '{m.get('model')}' is not ported (lab1 only)")
    return {k: v.detach().numpy() if isinstance(v, torch.Tensor) else v for k, v in fn(m, x).items()}


if __name__ == "__main__":
    main(sys.argv[1:], compute)
