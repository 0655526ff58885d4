"""Golden cases for one training step of Lab1-Lab3 (seed 000: Lab1 sparse CCE with integer labels, Lab2 BCE with a
Dense(1, sigmoid) and 0/1 labels, Lab3 CCE with one-hot labels): the loss Keras's fit() minimises
(sum_over_batch_size) for a fixed batch and fixed counter-hash weights, and its gradient with respect to every
weight, in Keras layouts (conv HWIO, dense [in, out]) and layer order. All from TF.js (cpu backend)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import hashweights  # noqa: E402
import images  # noqa: E402
from lab_models import TRAINED, weight_refs  # noqa: E402

NEEDS = ["PIL", "tfjs"]  # beyond NumPy (generate.py)


def case(name, description, model, loss, x, labels, fixture_refs, w=None):
    w = w or {"kind": "hash", "seed": 1}
    with common.npy_files(x=x, y=labels) as f:
        result, out = common.tfjs("train_step", model=model, weights=w, input=f["x"], labels=f["y"], loss=loss)
    shapes, _ = hashweights.weight_shapes(model)
    cs = common.Case(
        "train_step", name, description=description,
        source="seed 000 (Lab1-Lab3 compile(loss=...)): the loss and gradients of one optimizer step" +
               ("" if w["kind"] == "hash" else " (the trained Lab1 weights: a point near a minimum)"),
        model=model, method="keras_train_step", params={"model": model, "weights": w, "loss": loss},
        fixtures=fixture_refs + weight_refs(w),
        provenance={**common.tfjs_provenance(result, common.command("train_step")),
                    "notes": "gradient outputs are named grad_<tensor index>_<layer>.<kernel|bias>, Keras layouts"})
    cs.input("x", x)
    cs.input("labels", labels)
    cs.output("loss", out["loss"], common.abs_rel(0.0, 1e-5, "a mean of cross-entropies of predictions carrying float32 conv rounding"))
    cs.output("predictions", out["predictions"], common.abs_rel(2e-6, 1e-5, "softmax/sigmoid of logits carrying float32 conv rounding"))
    for t, (wname, shape) in enumerate(shapes):
        g = out[f"grad_{t:02d}"]
        assert list(g.shape) == list(shape), (wname, g.shape, shape)
        gmax = float(np.abs(g).max())
        cs.output(f"grad_{t:02d}_{wname.replace('/', '.')}", g,
                  common.abs_rel(float(np.float32(1e-4 * gmax)), 1e-4,
                                 "weight gradients sum products over every position of the batch (up to 2 x 300 x 300) in "
                                 "float32, in an order each library picks, with heavy cancellation in the bias sums: "
                                 "measured up to 6e-5 of the tensor's largest |gradient| (Lab2 conv2d_3 bias)"))
    cs.write()


def main():
    common.clean_family("train_step")
    fashion = ["test-00000.png", "test-00001.png", "test-00002.png", "test-00004.png"]
    case("lab1_scce", "Lab1 (10-way softmax) with sparse_categorical_crossentropy, integer labels, batch of 4 Fashion-MNIST items",
         "lab1", "sparse_categorical_crossentropy", images.fashion(fashion), np.array([9, 2, 1, 6], np.int64),
         images.refs("fashion-mnist", fashion))
    photos = ["chelsea-300.png", "coffee-300.png"]
    px = images.dither(images.photos(photos), 1 / 255)   # no exact max-pool ties (images.dither)
    case("lab2_bce", "Lab2 (Dense(1, sigmoid)) with binary_crossentropy, labels (2, 1) = [[1], [0]], two 300x300 photos "
         "with a one-grey-level dither",
         "lab2", "binary_crossentropy", px, np.array([[1], [0]], np.float32), images.refs("photos", photos))
    case("lab3_cce", "Lab3 (2-way softmax) with categorical_crossentropy, one-hot labels [[1, 0], [0, 1]], two dithered "
         "300x300 photos",
         "lab3", "categorical_crossentropy", px, np.array([[1, 0], [0, 1]], np.float32), images.refs("photos", photos))
    # the trained Lab1 weights: small losses and gradients near a minimum, where a wrong reduction or label cast shows
    # as a relative, not an absolute, change
    case("lab1_scce_trained", "Trained Lab1 with sparse_categorical_crossentropy, integer labels, Fashion-MNIST items "
         "0, 1, 2, 4 (their true classes 9, 2, 1, 6) and one wrong label (item 4 labelled 0)", "lab1",
         "sparse_categorical_crossentropy", images.fashion(fashion), np.array([9, 2, 1, 0], np.int64),
         images.refs("fashion-mnist", fashion), TRAINED)
