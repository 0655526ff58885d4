"""Shared helpers for the golden generators: deterministic NPY/JSON writing, hashes, manifests.

Every generator writes golden/<family>/<case>/manifest.json + data files. Output must be byte-identical on every
run (sorted keys, fixed float formatting, no timestamps), so `make golden` followed by `git diff --exit-code golden/`
proves the goldens regenerate from fixtures/.
"""
import contextlib
import hashlib
import io
import json
import os
import platform
import shutil
import sys

import numpy as np

import kernels

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GOLDEN = os.path.join(ROOT, "golden")
# where a family writes: generate.py points it at a staging folder and moves the family's folders into golden/ only
# when the whole family has been generated (a failed run leaves golden/ as it was); families read from GOLDEN
GOLDEN_OUT = os.environ.get("KERASVIS_GOLDEN_OUT", GOLDEN)
FIXTURES = os.path.join(ROOT, "fixtures")
SCHEMA = "kerasvis-golden/1"


def sha256_bytes(b):
    return hashlib.sha256(b).hexdigest()


def sha256_file(path):
    with open(path, "rb") as f:
        return sha256_bytes(f.read())


def npy_bytes(a):
    buf = io.BytesIO()
    np.save(buf, np.array(a, order="C", copy=True), allow_pickle=False)
    return buf.getvalue()


def fixture_ref(name, rel):
    """A reference to a file under fixtures/, with its hash, as a manifest records it."""
    path = os.path.join(FIXTURES, rel)
    return {"name": name, "file": "fixtures/" + rel, "sha256": sha256_file(path)}


def versions(*mods):
    out = {"python": platform.python_version()}
    for m in mods:
        mod = sys.modules.get(m) or __import__(m)
        out[m] = getattr(mod, "__version__", "unknown")
    return out


class Case:
    """One golden case. Add inputs/outputs, then write() creates golden/<family>/<name>/ afresh."""

    def __init__(self, family, name, *, description, source, method, params, provenance, model=None, fixtures=()):
        self.family, self.name = family, name
        self.manifest = {
            "schema": SCHEMA,
            "id": f"{family}/{name}",
            "description": description,
            "source": source,
            "model": model,
            "method": {"name": method, "params": params},
            "fixtures": list(fixtures),
            "inputs": [],
            "outputs": [],
            "provenance": provenance,
        }
        self.files = {}

    def _array(self, name, a):
        a = np.asarray(a)
        fname = name + ".npy"
        data = npy_bytes(a)
        self.files[fname] = data
        return {"name": name, "dtype": a.dtype.str, "shape": list(a.shape), "file": fname, "sha256": sha256_bytes(data)}

    def input(self, name, a):
        self.manifest["inputs"].append(self._array(name, a))

    def output(self, name, a, tolerance):
        e = self._array(name, a)
        e["kind"] = "array"
        e["tolerance"] = tolerance
        self.manifest["outputs"].append(e)

    def text_output(self, name, fname, text, compare, tolerance):
        data = text.encode("utf-8")
        self.files[fname] = data
        self.manifest["outputs"].append({"name": name, "kind": "text", "file": fname, "compare": compare,
                                         "sha256": sha256_bytes(data), "tolerance": tolerance})

    def write(self):
        self.manifest["provenance"]["kernels"] = kernels.SETTINGS
        d = os.path.join(GOLDEN_OUT, self.family, self.name)
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
        for fname, data in self.files.items():
            with open(os.path.join(d, fname), "wb") as f:
                f.write(data)
        with open(os.path.join(d, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump(self.manifest, f, indent=2, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        return d


def exact(reason):
    return {"kind": "exact", "reason": reason}


def ulp(n, reason):
    return {"kind": "ulp", "max_ulp": n, "reason": reason}


def abs_rel(a, r, reason, outlier_fraction=None, outlier_abs=None):
    t = {"kind": "abs_rel", "abs": a, "rel": r, "reason": reason}
    if outlier_fraction is not None:
        t["outlier_fraction"], t["outlier_abs"] = outlier_fraction, outlier_abs
    return t


def sharp(tol, why):
    """Marks a tolerance as sharp on purpose: the output tests a rule on exact given values (a tie, a bin edge, a clip
    bound, a truncation), so a 1-ulp change of those values is meant to change it; the conditioning check does not
    hold it to its 50 % target for nudges (docs/conditioning.md)."""
    return {**tol, "sharp": why}


def command(family):
    """The command that regenerates a family, as its manifests' provenance records it."""
    return f"python3 tools/oracle/generate.py {family}"


def clean_family(family):
    d = os.path.join(GOLDEN_OUT, family)
    if os.path.isdir(d):
        shutil.rmtree(d)


# ---- the TF.js oracle (tools/oracle/js) ----

ORACLE = os.path.dirname(os.path.abspath(__file__))


def tfjs(task, backend="cpu", **params):
    """Runs js/tasks/<task>.mjs under Node with the given TF.js backend; returns (result.json dict, {name: ndarray})
    for every NPY file the task wrote."""
    import subprocess
    import tempfile
    needs = os.environ.get("KERASVIS_ORACLE_NEEDS")
    if needs is not None and "tfjs" not in needs.split():
        sys.exit(f"oracle task {task}: this family runs TF.js but its NEEDS does not declare \"tfjs\"")
    with tempfile.TemporaryDirectory(prefix=f"oracle-{task}-") as out:
        job = dict(params, task=task, backend=backend, out_dir=out, root=ROOT)
        jpath = os.path.join(out, "job.json")
        with open(jpath, "w") as f:
            json.dump(job, f)
        p = subprocess.run(["node", os.path.join(ORACLE, "js", "run.mjs"), jpath], cwd=ORACLE,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            sys.exit(f"oracle task {task} failed (exit {p.returncode}):\n{p.stderr[-4000:]}")
        with open(os.path.join(out, "result.json")) as f:
            result = json.load(f)
        arrays = {fn[:-4]: np.load(os.path.join(out, fn)) for fn in sorted(os.listdir(out)) if fn.endswith(".npy")}
        return result, arrays


@contextlib.contextmanager
def npy_files(**arrays):
    """Writes each array to a temporary NPY file for a TF.js task; yields {name: path}."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="oracle-in-") as d:
        paths = {}
        for name, a in arrays.items():
            paths[name] = os.path.join(d, name + ".npy")
            np.save(paths[name], a)
        yield paths


def tfjs_provenance(result, command):
    return {"oracle": f"TensorFlow.js {result['tfjs']} Layers, '{result['backend']}' backend",
            "version": f"@tensorflow/tfjs {result['tfjs']} (tools/oracle/package-lock.json), Node {node_version()}",
            "debian_packages": {p: debian_version(p) for p in ("python3-numpy", "python3-scipy", "python3-pil")},
            "command": command}


def node_version():
    import subprocess
    return subprocess.run(["node", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()


def debian_version(pkg):
    import subprocess
    p = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return p.stdout.strip() or "not installed"


def write_json(path, obj):
    """Deterministic JSON (sorted keys, 2-space indent, trailing newline), written atomically."""
    tmp = path + ".tmp"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, path)
