"""Regenerates golden/ from fixtures/: `python3 tools/oracle/generate.py [family ...]` (all families by default).

Every module in cases/ is a family: adding a family is adding its generator. A family declares, as literals at module
level, what it needs and what it reads:
  NEEDS = ["scipy", "PIL", "tfjs"]   Python packages beyond NumPy (import names) and "tfjs" for the Node oracle
  AFTER = ["unpool"]                 families whose goldens it reads ("weights" always runs first: the other families
                                     read the hash-weight digests it writes)
This script reads both without importing the family (so one family never needs another's packages), refuses before
running anything when a needed package is missing (naming the family and the Debian package), and runs each family in
a process of its own in which importing an undeclared package fails: a family runs with only what it declares."""
import ast
import functools
import importlib.abc
import importlib.util
import os
import shutil
import subprocess
import sys
import time

import schema_check

ORACLE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(ORACLE))
GOLDEN = os.path.join(ROOT, "golden")
CASES = os.path.join(ORACLE, "cases")
sys.path.insert(0, ORACLE)
sys.path.insert(0, CASES)

# what a family may declare: import name -> the Debian package that installs it (NumPy is every family's base)
PACKAGES = {
    "numpy": "python3-numpy", "scipy": "python3-scipy", "PIL": "python3-pil", "matplotlib": "python3-matplotlib",
    "rich": "python3-rich", "h5py": "python3-h5py", "torch": "python3-torch", "torchvision": "python3-torchvision",
    "cv2": "python3-opencv", "skimage": "python3-skimage", "keras_applications": "python3-keras-applications",
}
TFJS = "tfjs"
BASE = ["numpy"]


@functools.cache
def declared(family):
    """The family's NEEDS and AFTER literals, read from its source without importing it."""
    path = os.path.join(CASES, family + ".py")
    found = {}
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in ("NEEDS", "AFTER"):
            found[node.targets[0].id] = ast.literal_eval(node.value)
    if "NEEDS" not in found:
        sys.exit(f"tools/oracle/cases/{family}.py: declares no NEEDS list (the packages it imports beyond NumPy)")
    unknown = [n for n in found["NEEDS"] if n not in PACKAGES and n != TFJS]
    if unknown:
        sys.exit(f"tools/oracle/cases/{family}.py: NEEDS names unknown packages {unknown} (known: {sorted(PACKAGES)}, {TFJS})")
    return BASE + list(found["NEEDS"]), list(found.get("AFTER", []))


NAMES = sorted(f[:-3] for f in os.listdir(CASES) if f.endswith(".py") and not f.startswith("_"))


def ordered(names):
    """The families with every family after the ones it names in AFTER (and after "weights")."""
    done, order = set(), []

    def visit(n, path=()):
        if n in done:
            return
        if n in path:
            sys.exit(f"families depend on each other in a cycle: {' -> '.join(path + (n,))}")
        if n not in NAMES:
            sys.exit(f"unknown family '{n}' (known: {', '.join(NAMES)})")
        for d in (["weights"] if n != "weights" else []) + declared(n)[1]:
            visit(d, path + (n,))
        done.add(n)
        order.append(n)

    for n in names:
        visit(n)
    return order


def missing(need):
    if need == TFJS:
        if shutil.which("node") is None:
            return "node (Debian: nodejs)"
        if not os.path.isdir(os.path.join(ORACLE, "node_modules", "@tensorflow", "tfjs")):
            return "@tensorflow/tfjs (run: cd tools/oracle && npm ci)"
        return None
    return None if importlib.util.find_spec(need) else f"{need} (Debian: {PACKAGES[need]})"


class UndeclaredImport(importlib.abc.MetaPathFinder):
    """Makes a package the family did not declare look uninstalled."""

    def __init__(self, family, allowed):
        self.family, self.allowed = family, set(allowed)

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in PACKAGES and top not in self.allowed:
            raise ModuleNotFoundError(f"family {self.family} imports {top}, which its NEEDS does not declare "
                                      f"(tools/oracle/cases/{self.family}.py)", name=name)
        return None


def run_one(family):
    """In the family's own process: pin the kernels, hide undeclared packages, generate."""
    needs, _ = declared(family)
    import kernels  # first: it pins NumPy's and PyTorch's kernels before either loads
    kernels.pin_environment()
    sys.meta_path.insert(0, UndeclaredImport(family, needs))
    os.environ["KERASVIS_ORACLE_NEEDS"] = " ".join(needs)
    importlib.import_module(family).main()


def run_staged(family):
    """Runs a family in its own process, writing into a staging folder; on success, and when every manifest it wrote
    passes the published schema, its folders replace golden/'s; otherwise golden/ is left as it was."""
    staging = os.path.join(ROOT, "out", "oracle-staging", family)
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    try:
        p = subprocess.run([sys.executable, os.path.abspath(__file__), "--family", family],
                           env=dict(os.environ, KERASVIS_GOLDEN_OUT=staging))
        if p.returncode != 0:
            sys.exit(f"{family}: generation failed (exit {p.returncode}); golden/ is unchanged")
        schema_check.validate_tree(staging, family)
        for name in sorted(os.listdir(staging)):
            target = os.path.join(GOLDEN, name)
            if os.path.isdir(target):
                shutil.rmtree(target)
            os.rename(os.path.join(staging, name), target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv):
    if argv[:1] == ["--family"] and len(argv) == 2:
        return run_one(argv[1])
    order = ordered(argv or NAMES)
    wanted = set(argv) if argv else set(order)
    gaps = [(f, m) for f in order if f in wanted for m in map(missing, declared(f)[0]) if m]
    if gaps:
        sys.exit("missing oracle dependencies:\n" + "\n".join(f"  {f} needs {m}" for f, m in gaps))
    for fam in order:
        if fam not in wanted:
            continue
        t = time.time()
        run_staged(fam)
        print(f"{fam}: regenerated in {time.time() - t:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
