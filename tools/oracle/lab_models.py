"""The lab models as the TF.js oracle runs them: the weights every family uses, the layer each CAM method reads,
forward passes, score gradients and the fixture references a manifest records. A helper of the generators, never a
family: no module under cases/ imports another (docs/oracle.md)."""
import os

import numpy as np

import common
import keras_io

HASH = {"kind": "hash", "seed": 1}
TRAINED = {"kind": "npy", "dir": "fixtures/weights/lab1-fashion-mnist"}
TRAINED_REL = "weights/lab1-fashion-mnist"
LAST_CONV = {"vgg16": "block5_conv3", "lab1": "conv2d_3", "lab2": "conv2d_3"}
OUTPUT = {"vgg16": "predictions", "lab1": "dense", "lab2": "dense"}


def keras_layers(model):
    """Keras's model.layers of a lab model as (name, class name): the Lab1/Lab2 Sequential lists no InputLayer, the
    VGG16 Functional lists its InputLayer first (what tf-keras-vis's penultimate_layer index counts)."""
    if model in ("lab1", "lab2"):
        convs = [("conv2d", "Conv2D"), ("max_pooling2d", "MaxPooling2D"), ("conv2d_1", "Conv2D"),
                 ("max_pooling2d_1", "MaxPooling2D"), ("conv2d_2", "Conv2D"), ("max_pooling2d_2", "MaxPooling2D"),
                 ("conv2d_3", "Conv2D")]
        return convs + [("global_average_pooling2d", "GlobalAveragePooling2D"), ("dense", "Dense")]
    if model == "vgg16":
        out = [("input_1", "InputLayer")]
        for b, n in enumerate([2, 2, 3, 3, 3]):
            out += [(f"block{b + 1}_conv{c + 1}", "Conv2D") for c in range(n)] + [(f"block{b + 1}_pool", "MaxPooling2D")]
        return out + [("flatten", "Flatten"), ("fc1", "Dense"), ("fc2", "Dense"), ("predictions", "Dense")]
    raise KeyError(model)


def weight_refs(weights):
    """The fixture references of a weights object: the hash-weight digests, or every file of the trained weights."""
    if weights["kind"] == "hash":
        return [common.fixture_ref("hash-weights", "weights/hash-weights.json")]
    d = os.path.join(common.ROOT, weights["dir"])
    return [common.fixture_ref(f, f"{TRAINED_REL}/{f}") for f in sorted(os.listdir(d))]


def vgg_input(names):
    """Photo fixtures through the VGG16 lab's load_img(224, 224) + preprocess_input (caffe); with their references."""
    rels = [f"images/photos/{n}" for n in names]
    imgs = np.asarray([keras_io.load_img(os.path.join(common.FIXTURES, r), (224, 224)) for r in rels])
    return keras_io.preprocess_caffe(imgs), [common.fixture_ref(n, r) for n, r in zip(names, rels)]


def forward(model, weights, X, layers, linear=True, backend="wasm", softmax=False):
    """TF.js forward pass: (result, {layer: output}) for each named layer (and '<layer>.softmax' with softmax)."""
    with common.npy_files(x=X) as f:
        r, o = common.tfjs("forward", backend=backend, model=model, weights=weights, input=f["x"], layers=layers,
                           linear=linear, softmax=softmax)
    return r, o


def score_grad(model, weights, inp, wrt, indices, linear=True):
    """TF.js gradient of sum_n outputs[n, indices[n]] with respect to layer `wrt`'s output (or 'input'), fed `inp`."""
    with common.npy_files(x=inp) as f:
        return common.tfjs("score_grad", model=model, weights=weights, input=f["x"], wrt=wrt,
                           indices=[int(i) for i in indices], linear=linear)


def model_parts(model, weights, X, indices, layer=None, linear=True):
    """The CAM methods' model parts: (forward result, gradient result, A, outputs, g) at `layer` (the model's last conv
    layer unless given); `linear` False keeps the output activation (no ReplaceToLinear: scores on probabilities)."""
    layer = layer or LAST_CONV[model]
    r1, fw = forward(model, weights, X, [layer])
    A = fw[layer]
    r2, g = score_grad(model, weights, A, layer, indices, linear=linear)
    return r1, r2, A, g["outputs"], g["grads"]


def cam_provenance(family, r_fwd, r_grad, note=None):
    """The provenance of a tf-keras-vis CAM case: TF.js for A and g, tf-keras-vis's arithmetic in NumPy/SciPy."""
    p = common.tfjs_provenance(r_grad, common.command(family))
    p["oracle"] = (f"TensorFlow.js {r_fwd['tfjs']} Layers: penultimate output on the '{r_fwd['backend']}' backend, "
                   f"gradient on the '{r_grad['backend']}' backend; tf-keras-vis arithmetic in NumPy/SciPy (tools/oracle/tfkv.py)")
    p["numpy_scipy"] = f"numpy {np.__version__}, scipy {__import__('scipy').__version__}"
    if note:
        p["notes"] = note
    return p
