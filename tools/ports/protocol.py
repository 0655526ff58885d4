"""The external backend's file protocol for the ports in tools/ports (docs/porting.md), shared by them: only the files,
no arithmetic. argv = case folders (manifest.json, input .npy files, empty out/); for each, write out/<file> per output
the manifest lists, out/_unsupported.txt with a reason, or (on a crash) out/_error.txt; one case's crash never stops
the batch. Fixture paths in manifests (fixtures/...) resolve under KERASVIS_FIXTURES (default ./fixtures)."""
import json
import os
import traceback

import numpy as np

FIXTURES = os.environ.get("KERASVIS_FIXTURES", os.path.join(os.getcwd(), "fixtures"))


class Unsupported(Exception):
    """The port does not compute this case; the message is the reason the report shows."""


def fixture(path):
    """A manifest's fixture path (fixtures/...) on this machine."""
    if not path.startswith("fixtures/"):
        raise Unsupported(f"fixture path {path!r} outside fixtures/")
    return os.path.join(FIXTURES, path[len("fixtures/"):])


def run_case(case_dir, compute, cast=False):
    """compute(manifest, inputs) -> {output name: array-like}; cast: write each output in its manifest's dtype."""
    out = os.path.join(case_dir, "out")
    with open(os.path.join(case_dir, "manifest.json")) as f:
        m = json.load(f)
    try:
        x = {i["name"]: np.load(os.path.join(case_dir, i["file"])) for i in m["inputs"]}
        result = compute(m, x)
    except Unsupported as e:
        with open(os.path.join(out, "_unsupported.txt"), "w") as f:
            f.write(str(e) + "\n")
        return
    for o in m["outputs"]:
        if o["kind"] == "array" and o["name"] in result:
            v = np.asarray(result[o["name"]])
            if cast:
                v = v.astype(np.dtype(o["dtype"]))
            np.save(os.path.join(out, o["file"]), np.array(v, order="C"))   # C order; keeps 0-d arrays 0-d


def main(dirs, compute, cast=False):
    for d in dirs:
        try:
            run_case(d, compute, cast)
        except Exception:                                # one case's crash must not stop the batch
            with open(os.path.join(d, "out", "_error.txt"), "w") as f:
                f.write(traceback.format_exc(limit=3))
