"""Golden cases for tf-keras-vis Scorecam as the VGG16 lab calls it (seed 003; docs/methods/score-cam.md):
    scorecam = Scorecam(model)                       # no modifier: the model still ends in softmax
    cam = scorecam(CategoricalScore(indices), X, penultimate_layer=-1[, max_N=k])
Model parts from TF.js (forward passes only, wasm backend): the penultimate output and the predictions of the masked
inputs, with keras.activations.softmax applied by TF.js. The rest (channel choice, scipy zoom 'nearest', masks, weights,
Dot, relu, zoom, normalize) is tf-keras-vis's arithmetic (tfkv.py)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import images  # noqa: E402
import tfkv  # noqa: E402
from lab_models import HASH, OUTPUT, TRAINED, forward, keras_layers, vgg_input, weight_refs  # noqa: E402
from cam_outputs import write_maps  # noqa: E402
from tolerances import conv_depth, tol_scaled  # noqa: E402

FAMILY = "tfkv_scorecam"
NEEDS = ["scipy", "PIL", "tfjs", "keras_applications"]  # beyond NumPy (generate.py)
SOURCE = "seed 003 (VGG16 lab): Scorecam(model)(CategoricalScore(indices), X, penultimate_layer=-1); tf-keras-vis 0.8.x"
MASKS_MAX_BYTES = 4 << 20


def write_case(name, description, model, weights, X, fixture_refs, indices, max_N, note=None, penultimate=-1, linear=False):
    layer = tfkv.seek_penultimate_conv(keras_layers(model), penultimate)
    r1, fw = forward(model, weights, X, [layer], linear=linear)
    A = fw[layer]
    keep = tfkv.scorecam_select(A, max_N)
    sel = np.ascontiguousarray(A[..., keep])
    M = tfkv.scorecam_masks(sel, X.shape)
    masked = tfkv.scorecam_masked_inputs(X, M)
    r2, pr = forward(model, weights, masked, [OUTPUT[model]], linear=linear, softmax=True)
    preds, soft = pr[OUTPUT[model]], pr[OUTPUT[model] + ".softmax"]
    C, N = len(keep), X.shape[0]
    idx = np.resize(np.asarray(indices), N)
    w = np.array([[soft[c * N + n, idx[n]] for c in range(C)] for n in range(N)], dtype=np.float32)
    raw = tfkv.scorecam_cam(sel, w)
    params = dict(model=model, weights=weights, linear=linear, penultimate_layer=penultimate, resolved_layer=layer,
                  indices=[int(i) for i in indices], max_N=max_N)
    prov = common.tfjs_provenance(r2, common.command(FAMILY))
    prov["oracle"] = (f"TensorFlow.js {r2['tfjs']} Layers, '{r2['backend']}' backend (forward passes and softmax only); "
                      "tf-keras-vis arithmetic in NumPy/SciPy (tools/oracle/tfkv.py)")
    prov["numpy_scipy"] = f"numpy {np.__version__}, scipy {__import__('scipy').__version__}"
    if note:
        prov["notes"] = note
    cs = common.Case(FAMILY, name, description=description, source=SOURCE, model=model, method="tfkv_scorecam",
                     params=params, fixtures=fixture_refs + weight_refs(weights), provenance=prov)
    cs.input("x", X)
    depth = conv_depth(model)
    cs.output("penultimate", A, tol_scaled(depth, A, "float32 convolutions summed in another order"))
    cs.output("channels", np.asarray(keep, dtype=np.int64),
              common.exact("channel indices: top_k of the per-channel std (population), first occurrence kept"))
    if M.nbytes <= MASKS_MAX_BYTES:
        cs.output("masks", M, common.abs_rel(float(np.float32(depth * 20)), 0.0,
                                             "zoomed maps divided by their own range: the penultimate output's relative "
                                             "error, amplified where a channel's range is small"))
    cs.output("masked_predictions", preds, tol_scaled(depth * 10, preds, "the model on the masked inputs"))
    cs.output("weights", w, tol_scaled(depth * 10, w, "softmax(model output)[index]"))
    terms = float(np.max(np.einsum("nhwc,nc->nhw", np.abs(sel), np.abs(w))))
    write_maps(cs, raw, X.shape, terms, depth, f"Dot over {C} channels")
    cs.write()


def main():
    common.clean_family(FAMILY)
    X, refs = vgg_input(["chelsea.png"])
    _, fw = forward("vgg16", HASH, X, ["predictions"], linear=False)
    best = np.argmax(fw["predictions"], axis=1)
    write_case("vgg16_max_n_4", "Faster-Score-CAM on the lab's VGG16 (counter-hash weights, softmax kept: the double "
               f"softmax), chelsea.png, best class {best.tolist()}, max_N=4: the 4 block5_conv3 channels of largest std. "
               "The full 512-channel run is the same arithmetic with 512 forward passes (a benchmark, not CI)",
               "vgg16", HASH, X, refs, best, 4)
    names = ["test-00000.png", "test-00001.png"]
    fx = images.fashion(names)
    _, fl = forward("lab1", TRAINED, fx, ["dense"], linear=False)
    lb = np.argmax(fl["dense"], axis=1)
    frefs = images.refs("fashion-mnist", names)
    write_case("lab1_trained_all_channels", "Score-CAM over all 128 conv2d_3 channels of the trained Lab1 model (softmax "
               f"head: weights are softmax(softmax(logits))[class]), two Fashion-MNIST items, predicted classes {lb.tolist()}",
               "lab1", TRAINED, fx, frefs, lb, None)
    write_case("lab1_trained_max_n_8_union", "Faster-Score-CAM with max_N=8 on two samples: each sample's top 8 channels "
               "are pooled (first occurrence kept), so more than 8 channels can be used and both samples use all of them",
               "lab1", TRAINED, fx, frefs, lb, 8)
    write_case("lab1_trained_linear_max_n_8", "Score-CAM with ReplaceToLinear (linear=True): the channel weights are "
               "softmax(logits)[class], the probabilities themselves, where the lab's Scorecam(model) takes the softmax of "
               "the softmax; max_N=8 on the two items above", "lab1", TRAINED, fx, frefs, lb, 8, linear=True)
    write_case("lab1_trained_conv2d_2_max_n_8", "Faster-Score-CAM (max_N=8) at penultimate_layer='conv2d_2': the 7x7x64 "
               "maps, zoomed by 4 to the 28x28 input, mask it", "lab1", TRAINED, fx, frefs, lb, 8, penultimate="conv2d_2")
    low = np.argmin(fl["dense"], axis=1)
    write_case("lab1_trained_lowest_max_n_8", "Faster-Score-CAM (max_N=8) for each item's lowest-scoring class "
               f"({low.tolist()}): the weights are that class's (doubly) softmaxed probability on each masked input",
               "lab1", TRAINED, fx, frefs, low, 8)
    p = images.photos(["chelsea-300.png"])
    write_case("lab2_sigmoid_degenerate", "Score-CAM on the Lab2 model (Dense(1, sigmoid)), counter-hash weights, "
               "chelsea-300.png / 255: softmax over a single output is exactly 1, so every channel weight is 1 and the map "
               "is relu(sum of the channels): the scores play no part", "lab2", HASH, p,
               images.refs("photos", ["chelsea-300.png"]), np.array([0]), None,
               note="a known limitation of tf-keras-vis's Scorecam on single-output (binary) models")
