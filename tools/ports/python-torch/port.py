#!/usr/bin/python3
"""An example port of some lab methods to PyTorch, checked through the external backend (docs/porting.md).

It is written the way a PyTorch user would port the Keras labs -- NOT by copying the Reference -- so the report shows
where PyTorch's idioms really differ from Keras:
  * CAM upsampling with F.interpolate(bilinear, align_corners=False) instead of scipy.ndimage.zoom(order=2);
  * cross-entropy on probabilities with torch.log (no Keras epsilon clip) and torch's BCE, which clamps log at -100.

Protocol: argv = one or more case folders (manifest.json + input .npy files + empty out/). For each, write
out/<file> for every output the manifest lists, or out/_unsupported.txt with a reason. Run by Debian's python3
(python3-torch 1.13, python3-numpy). Reads KERASVIS_FIXTURES for the fixture paths the manifests name (fixtures/…).
"""
import json
import os
import sys
import traceback

import numpy as np
import torch
import torch.nn.functional as F

FIXTURES = os.environ.get("KERASVIS_FIXTURES", os.path.join(os.getcwd(), "fixtures"))
torch.set_num_threads(1)


class Unsupported(Exception):
    pass


# ---------------------------------------------------------------- the lab1 model (Conv-Pool x3, Conv, GAP, Dense)

def lab1_from_keras_npy(weights):
    """Keras-layout NPY files (HWIO kernels, [in, out] dense) into torch layouts (OIHW, [out, in])."""
    if weights.get("kind") != "npy":
        raise Unsupported(f"weights kind '{weights.get('kind')}': this port reads Keras NPY folders only (no counter-hash weights)")
    d = os.path.join(FIXTURES, os.path.relpath(weights["dir"], "fixtures"))
    files = sorted(f for f in os.listdir(d) if f.endswith(".npy"))
    arrays = [np.load(os.path.join(d, f)) for f in files]
    convs = [(torch.from_numpy(arrays[i].transpose(3, 2, 0, 1).copy()), torch.from_numpy(arrays[i + 1])) for i in range(0, 8, 2)]
    dense = (torch.from_numpy(arrays[8].T.copy()), torch.from_numpy(arrays[9]))
    return convs, dense


def lab1_forward(x_nhwc, convs, dense, upto_features=False):
    """Returns (features NCHW after conv2d_3's ReLU, softmax predictions)."""
    h = x_nhwc.permute(0, 3, 1, 2)                      # Keras holds NHWC, torch convolves NCHW
    for i, (w, b) in enumerate(convs):
        h = F.relu(F.conv2d(h, w, b, padding=1))        # 'same' for a 3x3 kernel, stride 1: one pixel each side
        if i < 3:
            h = F.max_pool2d(h, 2)                       # 'valid' 2x2: floor, as Keras
    features = h
    gap = features.mean(dim=(2, 3))
    preds = F.softmax(F.linear(gap, *dense), dim=-1)
    return features, preds


def nhwc(t):
    return t.permute(0, 2, 3, 1).contiguous()


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
    return {"per_sample": per, "reduced": per.mean()}


METHODS = {"dlai_cam": dlai_cam, "dlai_get_cam": dlai_get_cam, "dlai_saliency": dlai_saliency, "keras_loss": keras_loss}


# ---------------------------------------------------------------- the file protocol

def run_case(case_dir):
    out = os.path.join(case_dir, "out")
    with open(os.path.join(case_dir, "manifest.json")) as f:
        m = json.load(f)
    try:
        fn = METHODS.get(m["method"]["name"])
        if fn is None:
            raise Unsupported(f"method '{m['method']['name']}' is not ported")
        if m.get("model") not in (None, "lab1") and m["method"]["name"] != "keras_loss":
            raise Unsupported(f"model '{m.get('model')}' is not ported (lab1 only)")
        x = {i["name"]: np.load(os.path.join(case_dir, i["file"])) for i in m["inputs"]}
        result = fn(m, x)
    except Unsupported as e:
        with open(os.path.join(out, "_unsupported.txt"), "w") as f:
            f.write(str(e) + "\n")
        return
    for o in m["outputs"]:
        if o["name"] in result:
            v = result[o["name"]]
            v = v.detach().numpy() if isinstance(v, torch.Tensor) else np.asarray(v)
            np.save(os.path.join(out, o["file"]), v.astype(np.int64) if v.dtype == np.int64 else v)


def main(dirs):
    for d in dirs:
        try:
            run_case(d)
        except Exception:                                # one case's crash must not stop the batch
            with open(os.path.join(d, "out", "_error.txt"), "w") as f:
                f.write(traceback.format_exc(limit=3))


if __name__ == "__main__":
    main(sys.argv[1:])
