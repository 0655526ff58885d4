"""Regenerates golden/ from fixtures/: `python3 tools/oracle/generate.py [family ...]` (all families by default)."""
import importlib
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "cases"))

FAMILIES = ["weights", "summary", "losses", "unpool", "zoom", "cam", "saliency", "get_cam", "train_step", "keras_image", "tfkv_cam", "tfkv_scorecam", "tfkv_saliency", "activations", "heatmap", "keras_h5", "torch_gradcam", "deconvnet"]


def main(argv):
    wanted = argv or FAMILIES
    for fam in wanted:
        if fam not in FAMILIES:
            sys.exit(f"unknown family '{fam}' (known: {', '.join(FAMILIES)})")
        t = time.time()
        importlib.import_module(fam).main()
        print(f"{fam}: regenerated in {time.time() - t:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
