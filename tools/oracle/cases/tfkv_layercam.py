"""Golden cases for tf-keras-vis 0.8.7 Layercam (tf_keras_vis/layercam.py; docs/methods/layercam.md), called as the VGG16
lab calls Gradcam:
    layercam = Layercam(model, model_modifier=ReplaceToLinear(), clone=True)
    cam = layercam(CategoricalScore(indices), X, penultimate_layer=-1)
Layercam is Gradcam with gradient_modifier = relu and its own _calculate_cam: the positive gradient weights A position
by position (no spatial mean), cam = relu(sum_c A * relu(g)), then zoom order 1 and normalize as Gradcam. The model
parts come from TF.js (A on the wasm backend, g on the cpu backend); the arithmetic is tfkv.layercam."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import images  # noqa: E402
import tfkv  # noqa: E402
from lab_models import HASH, TRAINED, cam_provenance, forward, keras_layers, model_parts, vgg_input, weight_refs  # noqa: E402
from cam_outputs import write_maps  # noqa: E402
from tolerances import conv_depth, tol_scaled  # noqa: E402

FAMILY = "tfkv_layercam"
NEEDS = ["scipy", "PIL", "tfjs", "keras_applications"]  # beyond NumPy (generate.py)
SOURCE = "Layercam(model, model_modifier=ReplaceToLinear(), clone=True)(CategoricalScore(indices), X, penultimate_layer=-1); " \
         "tf-keras-vis 0.8.7"


def write_case(name, description, model, weights, X, fixture_refs, indices, penultimate=-1, linear=True):
    layer = tfkv.seek_penultimate_conv(keras_layers(model), penultimate)
    r1, r2, A, outputs, g = model_parts(model, weights, X, indices, layer=layer, linear=linear)
    scores = outputs[np.arange(len(indices)), indices]
    params = dict(model=model, weights=weights, linear=linear, penultimate_layer=penultimate, resolved_layer=layer,
                  indices=[int(i) for i in indices])
    cs = common.Case(FAMILY, name, description=description, source=SOURCE, model=model, method="tfkv_layercam",
                     params=params, fixtures=fixture_refs + weight_refs(weights), provenance=cam_provenance(FAMILY, r1, r2))
    cs.input("x", X)
    depth = conv_depth(model)
    cs.output("penultimate", A, tol_scaled(depth, A, "float32 convolutions summed in another order"))
    cs.output("outputs", outputs, tol_scaled(depth, outputs, f"the model's ({'linear' if linear else 'softmax'}) "
                                                              "outputs, accumulating the same error"))
    cs.output("scores", scores, tol_scaled(depth, outputs, "CategoricalScore: outputs[n, indices[n]]"))
    cs.output("grads", g, tol_scaled(depth, g, "backprop of the score through the layers after the penultimate one"))
    pos, raw = tfkv.layercam(A, g)
    cs.output("positive_grads", pos, tol_scaled(depth, g, "relu(g): exact on the gradient, so the gradient's tolerance"))
    terms = float(np.max(np.sum(np.abs(A) * pos, axis=-1)))
    write_maps(cs, raw, X.shape, terms, depth, f"sum over {A.shape[-1]} channels of A * relu(g) per position, relu")
    cs.write()


def main():
    common.clean_family(FAMILY)
    names = ["test-00000.png", "test-00001.png", "test-00002.png"]
    fx = images.fashion(names)
    _, fl = forward("lab1", TRAINED, fx, ["dense"])
    lb = np.argmax(fl["dense"], axis=1)
    write_case("lab1_trained_predicted", f"LayerCAM on the trained Lab1 model, three Fashion-MNIST items, their predicted "
               f"classes {lb.tolist()}. Lab1's head is global average pooling, so g is the same at every position of conv2d_3 "
               "and LayerCAM equals Grad-CAM with relu'd weights here: these cases pin the gradient ReLU, the VGG16 cases "
               "the per-position weighting", "lab1", TRAINED, fx,
               images.refs("fashion-mnist", names), lb)
    low = np.argmin(fl["dense"], axis=1)
    write_case("lab1_trained_lowest", f"LayerCAM for each item's lowest-scoring class ({low.tolist()}): most of the gradient "
               "is negative, so relu(g) zeroes most of it and a port without the gradient ReLU fails", "lab1", TRAINED, fx,
               images.refs("fashion-mnist", names), low)
    X, refs = vgg_input(["chelsea.png", "coffee.png"])
    _, fw = forward("vgg16", HASH, X, ["predictions"])
    best = np.argmax(fw["predictions"], axis=1)
    write_case("vgg16_best_class", f"LayerCAM on VGG16 (counter-hash weights) at block5_conv3 for chelsea.png and coffee.png, "
               f"each image's best class ({best.tolist()}); the gradient is zero where block5_pool did not pick the position",
               "vgg16", HASH, X, refs, best)
    order = np.argsort(-fw["predictions"][0], kind="stable")
    X2 = np.concatenate([X[:1], X[:1]])
    picks = np.array([order[1], order[-1]])
    write_case("vgg16_rank2_lowest", f"LayerCAM for chelsea.png's 2nd best and lowest-scoring classes ({picks.tolist()}), one "
               "CategoricalScore index per batch item: VGG16's flatten + dense head gives every position its own gradient, "
               "so weighting by the spatial mean of relu(g) (Grad-CAM's weights) fails", "vgg16", HASH, X2, refs[:1], picks)
    # the softmax case takes the two items the trained model is least sure of (p 0.78 and 0.66), at their predicted
    # classes: elsewhere p is within 1e-3 of 1 and the softmax Jacobian shrinks the gradient to a float32 cancellation
    soft = ["test-00000.png", "test-00004.png"]
    sx = images.fashion(soft)
    _, sl = forward("lab1", TRAINED, sx, ["dense"], linear=False)
    sk = np.argmax(sl["dense"], axis=1)
    write_case("lab1_trained_conv2d_2_softmax", "LayerCAM at penultimate_layer='conv2d_2' (a convolution's own name; 7x7x64, "
               "where max_pooling2d_2 gives each position its own gradient) without ReplaceToLinear: the score is the "
               f"softmax probability of the predicted class ({sk.tolist()}) of the two least confident items", "lab1",
               TRAINED, sx, images.refs("fashion-mnist", soft), sk, penultimate="conv2d_2", linear=False)
    write_case("lab1_trained_index_2", "LayerCAM with penultimate_layer=2: model.layers[2] of the Sequential Lab1 model is "
               "conv2d_1 (14x14x32; counting an InputLayer would give max_pooling2d and so conv2d)", "lab1", TRAINED, fx,
               images.refs("fashion-mnist", names), lb, penultimate=2)
