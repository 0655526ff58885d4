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


def max_pool_unpool(m, x):
    p = m["method"]["params"]
    if (p["pool_size"], p["strides"], p["padding"]) != (2, 2, "valid"):
        raise Unsupported("2x2 stride-2 valid pooling only")
    xt = torch.from_numpy(x["x"]).permute(0, 3, 1, 2).contiguous()      # NHWC -> NCHW
    pooled, idx = F.max_pool2d(xt, 2, return_indices=True)             # idx: h*W + w within each (n, c) plane
    un = F.max_unpool2d(pooled, idx, 2, output_size=list(p["output_size"]))
    c = xt.shape[1]
    argmax = nhwc(idx) * c + torch.arange(c)                             # TF's (h*W + w)*C + c
    return {"pooled": nhwc(pooled), "indices_nchw": idx, "argmax_nhwc": argmax, "unpooled": nhwc(un)}


def jet_heatmap(m, x):
    from matplotlib import cm                                           # what the lab calls
    heat = np.uint8(cm.jet(x["map"])[..., :3] * 255)
    out = {"heatmap": heat}
    if "image" in x:
        a = m["method"]["params"].get("alpha", 0.5)
        out["overlay"] = np.uint8(a * heat + (1 - a) * x["image"])
    return out


def keras_load_img(m, x):
    from PIL import Image
    p = m["method"]["params"]
    th, tw = p["target_size"]
    imgs = []
    for path in p["images"]:
        im = Image.open(os.path.join(FIXTURES, os.path.relpath(path, "fixtures"))).convert("RGB")
        imgs.append(np.asarray(im if im.size == (tw, th) else im.resize((tw, th), Image.NEAREST)))
    imgs = torch.from_numpy(np.stack(imgs))
    bgr = imgs.flip(-1).float()
    return {"images": imgs, "preprocessed": bgr - torch.tensor([103.939, 116.779, 123.68])}


def torch_preprocess(m, x):
    p = m["method"]["params"]
    img = torch.from_numpy(x["image"]).float().div(255).permute(2, 0, 1)[None]
    r = F.interpolate(img, size=(p["size"], p["size"]), mode="bilinear", align_corners=False)
    mean, std = torch.tensor(p["mean"]).view(1, 3, 1, 1), torch.tensor(p["std"]).view(1, 3, 1, 1)
    xt = (r - mean) / std
    back = ((xt[0] * std[0] + mean[0]).clamp(0, 1) * 255).to(torch.uint8).permute(1, 2, 0)
    return {"x": xt, "reprocessed": back}


def lab1_logits(m, xt, from_features=None):
    """(conv2d_3's output A, logits); with from_features, the logits of that A (a leaf to differentiate)."""
    convs, dense = lab1_from_keras_npy(m["method"]["params"]["weights"])
    h = from_features
    if h is None:
        h = xt.permute(0, 3, 1, 2)
        for i, (w, b) in enumerate(convs):
            h = F.relu(F.conv2d(h, w, b, padding=1))
            if i < 3:
                h = F.max_pool2d(h, 2)
    return h, F.linear(h.mean(dim=(2, 3)), *dense)


def normalize(a):
    dims = tuple(range(1, a.dim()))
    mn, mx = a.amin(dim=dims, keepdim=True), a.amax(dim=dims, keepdim=True)
    return (a - mn) / (mx - mn + 1e-7)


def tfkv_cam(m, x, plus):
    p = m["method"]["params"]
    if p.get("resolved_layer") != "conv2d_3":
        raise Unsupported("tf-keras-vis CAMs on lab1's conv2d_3 only")
    xt = torch.from_numpy(x["x"])
    idx = torch.tensor(p["indices"])
    with torch.no_grad():
        A, _ = lab1_logits(m, xt)
    A = A.requires_grad_(True)
    _, logits = lab1_logits(m, xt, from_features=A)
    scores = logits.gather(1, idx[:, None])[:, 0]
    g, = torch.autograd.grad(scores.sum(), A)
    A = A.detach()
    out = {"penultimate": nhwc(A), "outputs": logits.detach(), "scores": scores.detach(), "grads": nhwc(g)}
    if plus:
        S = scores.detach().exp().view(-1, 1, 1, 1)
        d1, d2 = S * g, S * g * g
        den = 2 * d2 + d2 * g * A.sum(dim=(2, 3), keepdim=True) + (d2 == 0).float()
        alpha = d2 / den
        norm = alpha.sum(dim=(2, 3), keepdim=True)
        alpha = alpha / (norm + (norm == 0).float())
        w = (F.relu(d1) * alpha).sum(dim=(2, 3))
        out["exp_scores"] = S.flatten()
    else:
        w = g.mean(dim=(2, 3))
    raw = F.relu((A * w[:, :, None, None]).sum(1))
    up = F.interpolate(raw[:, None], size=xt.shape[1:3], mode="bilinear", align_corners=True)[:, 0]   # zoom(order=1)
    out.update(weights=w, cam_raw=raw, cam_unexpanded=normalize(raw), cam=normalize(up))
    return out


def tfkv_saliency(m, x, smooth):
    p = m["method"]["params"]
    X = torch.from_numpy(x["x"])
    idx = torch.tensor(p["indices"])

    def grads(xin):
        xin = xin.clone().requires_grad_(True)
        _, logits = lab1_logits(m, xin)
        g, = torch.autograd.grad(logits.gather(1, idx[:, None]).sum(), xin)
        return g.abs(), logits.detach()

    out = {}
    if smooth:
        z = torch.from_numpy(x["noise"])
        sigma = p["smooth_noise"] * (X.amax(dim=(1, 2, 3)) - X.amin(dim=(1, 2, 3)))
        total, first = 0, None
        for s in range(z.shape[0]):
            g, logits = grads(X + (sigma.double().view(-1, 1, 1, 1) * z[s]).float())
            total, first = total + g, logits if first is None else first
        g, out["sigma"], out["outputs"] = total / z.shape[0], sigma.repeat(z.shape[0], 1), first
    else:
        g, out["outputs"] = grads(X)
    out.update(grads=g, map=normalize(g.amax(-1)))
    return out


METHODS = {"dlai_cam": dlai_cam, "dlai_get_cam": dlai_get_cam, "dlai_saliency": dlai_saliency, "keras_loss": keras_loss,
           "max_pool_unpool": max_pool_unpool, "jet_heatmap": jet_heatmap, "keras_load_img": keras_load_img,
           "torch_preprocess": torch_preprocess,
           "tfkv_gradcam": lambda m, x: tfkv_cam(m, x, False), "tfkv_gradcampp": lambda m, x: tfkv_cam(m, x, True),
           "tfkv_saliency": lambda m, x: tfkv_saliency(m, x, False), "tfkv_smoothgrad": lambda m, x: tfkv_saliency(m, x, True)}
NO_MODEL = {"keras_loss", "max_pool_unpool", "jet_heatmap", "keras_load_img", "torch_preprocess"}


# ---------------------------------------------------------------- the file protocol

def run_case(case_dir):
    out = os.path.join(case_dir, "out")
    with open(os.path.join(case_dir, "manifest.json")) as f:
        m = json.load(f)
    try:
        fn = METHODS.get(m["method"]["name"])
        if fn is None:
            raise Unsupported(f"method '{m['method']['name']}' is not ported")
        if m.get("model") not in (None, "lab1") and m["method"]["name"] not in NO_MODEL:
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
            np.save(os.path.join(out, o["file"]), np.array(v, order="C"))   # C order; keeps 0-d arrays 0-d


def main(dirs):
    for d in dirs:
        try:
            run_case(d)
        except Exception:                                # one case's crash must not stop the batch
            with open(os.path.join(d, "out", "_error.txt"), "w") as f:
                f.write(traceback.format_exc(limit=3))


if __name__ == "__main__":
    main(sys.argv[1:])
