"""Golden cases for the deconvnet (Zeiler & Fergus 2013; seed 002 "Deconv for visualization") and the three ReLU
backward rules (docs/methods/deconvnet.md), computed by PyTorch 1.13 AUTOGRAD: the selected activations' backward pass with
full backward hooks on the ReLU modules that replace their gradient (kazuto1011/grad-cam-pytorch's pattern):
    gradient        no hook
    deconvnet       hook returns relu(grad_output)             (ignores the forward sign)
    guided          hook returns relu(grad_input)              (grad_input = grad_output * [f > 0])
max-pool's backward (the switches) and conv's backward (the transposed filters) are autograd's own. The Reference walks
the layers explicitly (Reference/Methods/Deconvnet.cs); nothing but torch's kernels is shared.
Also writes fixtures/weights/deconv-small/: the small net's counter-hash weights exported from torch's state_dict, one
NPY per key, which the Reference loads as a torchvision state_dict. And cross-checks the unpool goldens (spine) with
torch's max_pool2d(return_indices=True) + max_unpool2d."""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402
import torch_report as tr  # noqa: E402

FAMILY = "deconvnet"
NEEDS = ["torch", "torchvision", "cv2", "PIL"]  # beyond NumPy (generate.py)
SOURCE = "seed 002 (ZFNet: deconvnet visualization, unpooling with switches); Zeiler & Fergus 2013 §2.1; docs/methods/deconvnet.md"
SMALL_DIR = "weights/deconv-small"


class Small(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2),
            torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(3, 2))


# this generator reads these families' goldens: they are regenerated first
AFTER = ["unpool"]

def small_model():
    m = Small().eval()
    sd = m.state_dict()
    for t, k in enumerate(sd):
        sd[k] = torch.from_numpy(hashweights.hash_tensor(7, t, tuple(sd[k].shape), "torch"))
    m.load_state_dict(sd)
    d = os.path.join(common.FIXTURES, SMALL_DIR)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    for k, v in m.state_dict().items():   # the export the Reference documents: one NPY per state_dict key
        with open(os.path.join(d, k + ".npy"), "wb") as f:
            f.write(common.npy_bytes(v.numpy()))
    return m


def project(m, x, layer, channel, start, rule):
    """autograd: forward features[:layer+1] on x (requires grad), backward the selected activations."""
    for mod in m.modules():
        if isinstance(mod, torch.nn.ReLU):
            mod.inplace = False
    hooks = []
    if rule != "gradient":
        for mod in m.features:
            if isinstance(mod, torch.nn.ReLU):
                if rule == "deconvnet":
                    hooks.append(mod.register_full_backward_hook(lambda mod, gin, gout: (torch.relu(gout[0]),)))
                else:
                    hooks.append(mod.register_full_backward_hook(lambda mod, gin, gout: (torch.relu(gin[0]),)))
    xt = torch.from_numpy(x).clone().requires_grad_(True)
    h = xt
    for i, mod in enumerate(m.features):
        h = mod(h)
        if i == layer:
            break
    sel = torch.zeros_like(h)
    fmap = h[0, channel].detach()
    if start == "feature_map":
        sel[0, channel] = 1
    else:
        top = int(torch.argmax(fmap.flatten()))      # torch.argmax: the first maximal index
        sel[0, channel].view(-1)[top] = 1
    # backward of sum(selected activations * their values): R at the start = the kept activations themselves
    h.backward(sel * h.detach())
    for hk in hooks:
        hk.remove()
    return xt.grad.numpy().copy(), h.detach().numpy()


def provenance(note=None):
    p = {"oracle": "PyTorch 1.13 autograd with ReLU full backward hooks (tools/oracle/cases/deconvnet.py)",
         "version": tr.version(), "debian_packages": tr.debian_packages(),
         "command": common.command(FAMILY)}
    if note:
        p["notes"] = note
    return p


def case(name, description, model_id, weights, m, x, layer, channel, start, rule, refs):
    proj, act = project(m, x, layer, channel, start, rule)
    cs = common.Case(FAMILY, name, description=description, source=SOURCE, model=model_id, method="deconvnet",
                     params=dict(model=model_id, weights=weights, layer=f"features.{layer}", channel=channel, start=start,
                                 rule=rule), fixtures=refs, provenance=provenance())
    cs.input("x", x)
    m_act = float(np.max(np.abs(act)))
    cs.output("layer_output", act, common.abs_rel(float(np.float32(1e-5 * m_act)), 1e-5, "float32 convolutions in another "
                                                  f"order; abs floor 1e-5 x the largest |value| ({m_act:.4g})"))
    m_p = float(np.max(np.abs(proj)))
    cs.output("projection", proj, common.abs_rel(float(np.float32(1e-5 * m_p)), 1e-5, "transposed convolutions in another "
                                                 f"order, and the selected values' own error; abs floor 1e-5 x the largest "
                                                 f"|value| ({m_p:.4g})"))
    cs.write()


def check_unpool_goldens():
    """The spine's unpool goldens (plain-Python transcription of TF's rule) against torch's own kernels."""
    for c in ("seed_example", "odd_5x5_ties", "batch2_c3_6x4"):
        d = os.path.join(common.GOLDEN, "unpool", c)
        man = json.load(open(os.path.join(d, "manifest.json")))
        x = np.load(os.path.join(d, "x.npy"))                                  # NHWC
        p = man["method"]["params"]
        xt = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
        pooled, idx = torch.nn.functional.max_pool2d(xt, p["pool_size"], p["strides"], return_indices=True)
        size = p.get("output_size") or list(x.shape[1:3])
        un = torch.nn.functional.max_unpool2d(pooled, idx, p["pool_size"], p["strides"], output_size=size)
        want_idx = np.load(os.path.join(d, "indices_nchw.npy"))
        want_un = np.load(os.path.join(d, "unpooled.npy"))
        if not np.array_equal(idx.numpy(), want_idx.reshape(idx.shape)):
            sys.exit(f"unpool/{c}: torch's max_pool2d indices differ from the golden indices_nchw")
        if not np.array_equal(un.numpy().transpose(0, 2, 3, 1), want_un.reshape(x.shape[0], *size, x.shape[3])):
            sys.exit(f"unpool/{c}: torch's max_unpool2d differs from the golden unpooled")
    print("deconvnet: torch 1.13 max_pool2d/max_unpool2d agree with the unpool goldens", flush=True)


def main():
    common.clean_family(FAMILY)
    check_unpool_goldens()
    m = small_model()
    small_w = {"kind": "state_dict", "dir": "fixtures/" + SMALL_DIR}
    small_refs = [common.fixture_ref(f, f"{SMALL_DIR}/{f}") for f in sorted(os.listdir(os.path.join(common.FIXTURES, SMALL_DIR)))]
    x = hashweights.uniform(21, 0, (1, 3, 16, 16)).astype(np.float32)
    for rule in ("gradient", "deconvnet", "guided"):
        case(f"small_{rule}_top", f"The small net (conv-ReLU-pool 2/2-conv-ReLU-pool 3/2, weights from a torch state_dict "
             f"export), hash-uniform input: the top activation of channel 2 after the overlapping pool (features.5) "
             f"projected to pixels with the {rule} ReLU rule", "deconv-small", small_w, m, x, 5, 2, "top_activation", rule,
             small_refs)
    case("small_deconvnet_map", "The small net: the whole map of channel 1 at features.4 (the ReLU before the last pool), "
         "deconvnet rule", "deconv-small", small_w, m, x, 4, 1, "feature_map", "deconvnet", small_refs)
    a = tr.model("alexnet", inplace=False)
    xa = tr.preprocess_image(tr.load_rgb("images/photos/chelsea.png"))
    with torch.no_grad():
        act = a.features(torch.from_numpy(xa)).numpy()
    ch = int(np.argmax(act[0].reshape(act.shape[1], -1).max(axis=1)))
    refs = [common.fixture_ref("chelsea.png", "images/photos/chelsea.png"), common.fixture_ref("hash-weights", "weights/hash-weights.json")]
    for rule in ("deconvnet", "guided"):
        case(f"alexnet_features12_{rule}", f"AlexNet (counter-hash weights), chelsea.png preprocessed as the report does: "
             f"the strongest activation of layer 5 after its pool (features.12, channel {ch}, the channel with the largest "
             f"activation) projected to pixels with the {rule} rule through three overlapping 3x3/2 pools",
             "alexnet", {"kind": "hash", "seed": 1}, a, xa, 12, ch, "top_activation", rule, refs)
