"""The PyTorch port's array and image methods: max_pool2d(return_indices) / max_unpool2d for the switches,
matplotlib's cm.jet, PIL for load_img, F.interpolate(bilinear) for the report's cv2.resize."""
import numpy as np
import torch
import torch.nn.functional as F

from lab1 import nhwc
from protocol import Unsupported, fixture


def max_pool_unpool(m, x):
    p = m["method"]["params"]
    k, s = p.get("pool_size", 2), p.get("strides", 2)
    xt = torch.from_numpy(x["x"]).permute(0, 3, 1, 2).contiguous()      # NHWC -> NCHW
    pooled, idx = F.max_pool2d(xt, k, s, return_indices=True)          # VALID; idx: h*W + w within each (n, c) plane
    un = F.max_unpool2d(pooled, idx, k, s, output_size=list(p["output_size"]))
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
        im = Image.open(fixture(path)).convert("RGB")
        imgs.append(np.asarray(im if im.size == (tw, th) else im.resize((tw, th), Image.NEAREST)))
    imgs = torch.from_numpy(np.stack(imgs))
    bgr = imgs.flip(-1).float()
    return {"images": imgs, "preprocessed": bgr - torch.tensor([103.939, 116.779, 123.68])}


def torch_preprocess(m, x):
    p = m["method"]["params"]
    img = torch.from_numpy(x["image"]).float().div(255).permute(2, 0, 1)[None]
    r = F.interpolate(img, size=(p["size"], p["size"]), mode="bilinear", align_corners=False)
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)   # the report's constants (not manifest parameters)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    xt = (r - mean) / std
    back = ((xt[0] * std[0] + mean[0]).clamp(0, 1) * 255).to(torch.uint8).permute(1, 2, 0)
    return {"x": xt, "reprocessed": back}
