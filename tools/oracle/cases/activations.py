"""Golden cases for the VGG16 lab's intermediate activations (seed 003, "Visualizing intermediate activations"):
    activation_model = models.Model(model.input, [layer.output for layer in model.layers])
    activations = activation_model.predict(X_one_image)
and its display grid (16 channels per row, each channel divided by its own max, in place):
    display_grid = np.zeros((size * n_cols, 16 * size)); channel_image /= np.max(channel_image)   # 0/0 -> NaN
plus a guarded grid (a channel whose max is 0 stays 0). Forward passes from TF.js (wasm backend, forward only);
the grid in NumPy as the lab writes it."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import images  # noqa: E402
from lab_models import HASH, TRAINED, forward, vgg_input, weight_refs  # noqa: E402
from tolerances import tol_scaled  # noqa: E402

FAMILY = "activations"
NEEDS = ["PIL", "tfjs", "keras_applications"]  # beyond NumPy (generate.py)
SOURCE = "seed 003 (VGG16 lab): activation_model.predict + the display grid (images_per_row = {})"


def lab_grid(act, guarded=False, images_per_row=16):
    a = act.copy()
    n_maps, size = a.shape[-1], a.shape[1]
    n_cols = n_maps // images_per_row          # integer division: channels past n_cols x images_per_row are not drawn
    grid = np.zeros((size * n_cols, images_per_row * size))
    with np.errstate(invalid="ignore", divide="ignore"):
        for col in range(n_cols):
            for row in range(images_per_row):
                ch = a[0, :, :, col * images_per_row + row]
                m = np.max(ch)
                if not guarded or m != 0:
                    ch /= m
                grid[col * size:(col + 1) * size, row * size:(row + 1) * size] = ch
    return grid


def write_case(name, description, model, weights, X, fixture_refs, layers, grid_layers, depth, images_per_row=16):
    r, fw = forward(model, weights, X, layers, linear=False)
    prov = common.tfjs_provenance(r, common.command(FAMILY))
    prov["numpy"] = f"numpy {np.__version__} (the display grid)"
    cs = common.Case(FAMILY, name, description=description, source=SOURCE.format(images_per_row), model=model, method="keras_activations",
                     params=dict(model=model, weights=weights, layers=layers, grid_layers=grid_layers,
                                 images_per_row=images_per_row),
                     fixtures=fixture_refs + weight_refs(weights), provenance=prov)
    cs.input("x", X)
    for i, l in enumerate(layers):
        cs.output(l, fw[l], tol_scaled(depth, fw[l], "float32 convolutions summed in another order, through every "
                                                     "layer up to this one"))
    for l in grid_layers:
        g, gg = lab_grid(fw[l], images_per_row=images_per_row), lab_grid(fw[l], True, images_per_row)
        maxes = np.max(fw[l][0], axis=(0, 1))
        live = maxes[maxes > 0]
        dead = int(np.sum(maxes == 0))
        tol = float(np.float32(depth * 2 * np.max(np.abs(fw[l])) / live.min() + 1e-6)) if live.size else 0.0
        why = (f"each channel / its own max: the layer's abs tolerance divided by the smallest positive channel max "
               f"({live.min():.4g}), twice; {dead} dead channel(s) give NaN blocks (0/0) that must match exactly")
        cs.output(f"grid_{l}", g, common.abs_rel(tol, 0.0, why))
        cs.output(f"grid_guarded_{l}", gg, common.abs_rel(tol, 0.0, why.replace("give NaN blocks (0/0) that must match "
                                                                                   "exactly", "stay 0")))
    cs.write()


def main():
    common.clean_family(FAMILY)
    names = ["test-00000.png"]
    fx = images.fashion(names)
    lab1 = ["conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "conv2d_2", "max_pooling2d_2", "conv2d_3",
            "global_average_pooling2d", "dense"]
    write_case("lab1_trained_every_layer", "Every layer of the trained Lab1 model (the lab's activation_model) for "
               "Fashion-MNIST item 0, with the display grids of conv2d (16 channels: one row) and conv2d_3 (128: 8 rows)",
               "lab1", TRAINED, fx, images.refs("fashion-mnist", names), lab1, ["conv2d", "conv2d_3"], 2e-6)
    X, refs = vgg_input(["chelsea.png"])
    write_case("vgg16_late_layers", "The lab's VGG16 (counter-hash weights) on chelsea.png: block4_pool, block5_conv1, "
               "block5_conv3, block5_pool, fc1, fc2, predictions (early layers are 224x224x64 each: too large for the golden "
               "set), and the display grid of block5_conv3, whose dead channels (max 0) make the lab divide 0 by 0",
               "vgg16", HASH, X, refs, ["block4_pool", "block5_conv1", "block5_conv3", "block5_pool", "fc1", "fc2",
                                         "predictions"], ["block5_conv3"], 1e-5)
    # images_per_row: the grid is n_cols = C // images_per_row rows of images_per_row channels; a count that does not
    # divide C drops the last C mod images_per_row channels (the lab's integer division)
    more = ["test-00001.png", "test-00002.png"]
    mx = images.fashion(more)
    write_case("lab1_trained_rows_of_8", "Trained Lab1, Fashion-MNIST item 1: grids of conv2d (16 channels: 2 rows) and "
               "conv2d_2 (64: 8 rows) at images_per_row 8", "lab1", TRAINED, mx[:1],
               images.refs("fashion-mnist", more[:1]), ["conv2d", "conv2d_2"], ["conv2d", "conv2d_2"], 2e-6, 8)
    write_case("lab1_trained_rows_of_12", "Trained Lab1, Fashion-MNIST item 2: grids of conv2d (16 channels: 1 row of 12, "
               "4 not drawn) and conv2d_1 (32: 2 rows, 8 not drawn) at images_per_row 12", "lab1", TRAINED, mx[1:],
               images.refs("fashion-mnist", more[1:]), ["conv2d", "conv2d_1"], ["conv2d", "conv2d_1"], 2e-6, 12)
