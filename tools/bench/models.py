"""The benchmark baseline's models in plain PyTorch, as a Python user would write them, on the same counter-hash
weights as the Reference (tools/oracle/hashweights.py): Keras's VGG16 ('same' 3x3 convolutions, 2x2 pools, Keras's
channels-last Flatten order, linear head) and the labs' CNN (four 'same' 3x3 convolutions, pools, global average
pooling, one Dense). Both take NCHW input; `features` returns the last convolution's output too."""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "oracle"))
import hashweights  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
CACHE = os.path.join(ROOT, "out", "bench", "weights")


def weights(model_id, seed=1):
    """weights(model_id, seed) as (name, array) pairs, kept as .npy files under out/bench/weights after the
    first call: the bench's whole-process runs read them as a user's program reads its weights (NumPy's counter hash
    takes seconds for VGG16, ours a fraction of one, which would flatter the Reference)."""
    folder = os.path.join(CACHE, f"{model_id}-{seed}")
    if os.path.isdir(folder):
        with open(os.path.join(folder, "names.txt")) as f:
            names = f.read().splitlines()
        return [(n, np.load(os.path.join(folder, f"{i:04d}.npy"))) for i, n in enumerate(names)]
    pairs = list(hashweights.weights(model_id, seed))
    staging = f"{folder}.{os.getpid()}.tmp"
    os.makedirs(staging, exist_ok=True)
    for i, (_, w) in enumerate(pairs):
        np.save(os.path.join(staging, f"{i:04d}.npy"), w)
    with open(os.path.join(staging, "names.txt"), "w") as f:
        f.write("".join(f"{n}\n" for n, _ in pairs))
    try:
        os.rename(staging, folder)
    except OSError:   # another process wrote it first
        import shutil
        shutil.rmtree(staging, ignore_errors=True)
    return pairs


def _conv(k, b):
    conv = torch.nn.Conv2d(k.shape[2], k.shape[3], k.shape[0], padding=k.shape[0] // 2)
    conv.weight.data = torch.from_numpy(np.ascontiguousarray(k.transpose(3, 2, 0, 1)))
    conv.bias.data = torch.from_numpy(b)
    return conv


def _linear(k, b):
    fc = torch.nn.Linear(k.shape[0], k.shape[1])
    fc.weight.data = torch.from_numpy(np.ascontiguousarray(k.T))
    fc.bias.data = torch.from_numpy(b)
    return fc


class Vgg16(torch.nn.Module):
    def __init__(self, seed=1):
        super().__init__()
        it = iter(w for _, w in weights("vgg16", seed))
        self.convs = torch.nn.ModuleList(_conv(next(it), next(it)) for _ in range(13))
        self.fcs = torch.nn.ModuleList(_linear(next(it), next(it)) for _ in range(3))
        self.pools_after = {1, 3, 6, 9, 12}
        self.hook = None   # called on block5_conv3's output (after its ReLU)

    def forward(self, x):
        for i, conv in enumerate(self.convs):
            x = F.relu(conv(x))
            if i == 12 and self.hook is not None:
                x = self.hook(x)
            if i in self.pools_after:
                x = F.max_pool2d(x, 2)
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        x = F.relu(self.fcs[0](x))
        x = F.relu(self.fcs[1](x))
        return self.fcs[2](x)


class LabCnn(torch.nn.Module):
    def __init__(self, model_id, seed=1):
        super().__init__()
        it = iter(w for _, w in weights(model_id, seed))
        self.convs = torch.nn.ModuleList(_conv(next(it), next(it)) for _ in range(4))
        self.kernel = next(it)          # Keras [in, out], what the lab's get_weights()[0] returns
        self.dense = _linear(self.kernel, next(it))
        self.head = torch.sigmoid if self.kernel.shape[1] == 1 else (lambda z: torch.softmax(z, -1))

    def features(self, x):
        for i, conv in enumerate(self.convs):
            x = F.relu(conv(x))
            if i < 3:
                x = F.max_pool2d(x, 2)
        return x, self.head(self.dense(x.mean((2, 3))))


def vgg_input():
    """chelsea.png through load_img (nearest resize to 224x224) and preprocess_input (caffe: BGR minus the means)."""
    img = Image.open(os.path.join(ROOT, "fixtures", "images", "photos", "chelsea.png")).convert("RGB").resize((224, 224), Image.NEAREST)
    a = np.asarray(img, dtype=np.float32)[..., ::-1] - np.array([103.939, 116.779, 123.68], dtype=np.float32)
    return torch.from_numpy(np.ascontiguousarray(a.transpose(2, 0, 1)))[None]


def pattern(shape):
    """The labs' and the zooms' input: (i mod 251) / 251 in row-major order, float32 (the same in C#)."""
    n = int(np.prod(shape))
    return ((np.arange(n) % 251) / np.float32(251)).astype(np.float32).reshape(shape)
