"""Validates the manifests a family wrote against golden/schema/manifest.schema.json (JSON Schema draft 2020-12),
before generate.py moves them into golden/: a generator can never write a manifest that the published schema refuses.
It needs Debian's python3-jsonschema (make golden installs it); it runs in generate.py's own process, not a family's."""
import json
import os
import sys

SCHEMA = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "golden", "schema",
                      "manifest.schema.json")


def validate_tree(folder, family):
    """Exits naming the first manifest under `folder` that the schema refuses, and why."""
    try:
        import jsonschema
    except ModuleNotFoundError:
        sys.exit(f"{family}: cannot validate its manifests: python3-jsonschema is missing (Debian: apt-get install "
                 f"python3-jsonschema, or make golden-deps); golden/ is unchanged")
    with open(SCHEMA, encoding="utf-8") as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    for here, _, files in sorted(os.walk(folder)):
        if "manifest.json" not in files:
            continue
        path = os.path.join(here, "manifest.json")
        with open(path, encoding="utf-8") as f:
            error = next(iter(validator.iter_errors(json.load(f))), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
            sys.exit(f"{family}: {os.path.relpath(path, folder)} breaks the manifest schema at {where}: {error.message}; "
                     f"golden/ is unchanged")
