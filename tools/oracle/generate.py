"""Regenerates golden/ from fixtures/: `python3 tools/oracle/generate.py [family ...]` (all families by default)."""
import importlib
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "cases"))

import kernels  # noqa: E402  (first: it pins NumPy's and PyTorch's kernels before either loads)

kernels.pin_environment()

# every module in cases/ is a family: adding a family is adding its generator. A generator that reads another family's
# goldens names it in AFTER (deconvnet reads unpool's, heatmap reads tfkv_cam's and keras_image's); "weights" runs
# first because the other families read the hash-weight digests it writes.
CASES = os.path.join(os.path.dirname(__file__), "cases")
NAMES = sorted(f[:-3] for f in os.listdir(CASES) if f.endswith(".py") and not f.startswith("_"))


def ordered(names):
    """The families with every family after the ones it names in AFTER (and after "weights")."""
    done, order = set(), []

    def visit(n, path=()):
        if n in done:
            return
        if n in path:
            sys.exit(f"families depend on each other in a cycle: {' -> '.join(path + (n,))}")
        deps = getattr(importlib.import_module(n), "AFTER", [])
        for d in (["weights"] if n != "weights" else []) + list(deps):
            visit(d, path + (n,))
        done.add(n)
        order.append(n)

    for n in names:
        visit(n)
    return order


FAMILIES = ordered(NAMES)


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
