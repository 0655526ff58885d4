#!/usr/bin/python3
"""An honest float64 port: the labs' methods written from docs/ alone in NumPy and SciPy, every step in float64 (the
spec's float32 constants kept: Keras's epsilon f32(1e-7), the caffe means as float32), each output rounded once to the
dtype its manifest names. It shares no code with the Reference or the oracles (its Lab1 backward pass is hand-written).

It is the suite's standing false-positive test: a correct port that computes in another precision and another op
order must pass every case its expectations.jsonc does not list, and each listed reason must be a semantic difference
(float64 does not round where the lab's float32 does), never arithmetic noise.

Protocol (docs/porting.md): argv = case folders (manifest.json, input .npy files, empty out/); write out/<file> per
output, or out/_unsupported.txt with a reason. Fixture paths are under KERASVIS_FIXTURES (default ./fixtures)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if os.environ.get("KERASVIS_HELPERS"):  # the porter's bundle's copy of the protocol helper, as a port outside this repository uses it
    sys.path.insert(0, os.environ["KERASVIS_HELPERS"])
import protocol  # noqa: E402
from arrays import (dlai_saliency_scale, jet_heatmap, keras_load_img, keras_loss, max_pool_unpool,  # noqa: E402
                    spline_zoom, torch_preprocess)
from lab1 import dlai_cam, dlai_get_cam, dlai_saliency, tfkv_cam, tfkv_saliency  # noqa: E402
import bundle_models  # noqa: E402

METHODS = {
    "keras_loss": keras_loss, "spline_zoom": spline_zoom, "max_pool_unpool": max_pool_unpool, "jet_heatmap": jet_heatmap,
    "dlai_saliency_scale": dlai_saliency_scale, "keras_load_img": keras_load_img, "torch_preprocess": torch_preprocess,
    "dlai_cam": dlai_cam, "dlai_get_cam": dlai_get_cam, "dlai_saliency": dlai_saliency,
    "tfkv_gradcam": lambda p, x: tfkv_cam(p, x, False), "tfkv_gradcampp": lambda p, x: tfkv_cam(p, x, True),
    "tfkv_layercam": lambda p, x: tfkv_cam(p, x, False, layercam=True),
    "tfkv_saliency": lambda p, x: tfkv_saliency(p, x, False), "tfkv_smoothgrad": lambda p, x: tfkv_saliency(p, x, True),
    # every model built from the bundle alone: models/<id>.json and the counter-hash algorithm (or the NPY weights)
    "keras_activations": bundle_models.keras_activations,
}


def compute(m, x):
    fn = METHODS.get(m["method"]["name"])
    if fn is None:
        raise protocol.Unsupported(f"method '{m['method']['name']}' is not ported")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return fn(m["method"]["params"], x)


if __name__ == "__main__":
    protocol.main(sys.argv[1:], compute, cast=True)
