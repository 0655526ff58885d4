#!/bin/sh
# The porter's bundle for one platform: tools/dist/bundle.sh RID CHECKER_BINARY OUT_DIR
# OUT_DIR/kerasvis-conformance-RID/ holds the checker, the golden set and its fixtures, the language-neutral models,
# the docs a porter needs (porting, golden format, CLI, every method page, fixtures and weights, robustness) with their
# pictures, and the protocol helpers for Python and JavaScript; then OUT_DIR/kerasvis-conformance-RID.tar.gz (.zip on
# Windows). Nothing else: no .NET, no TorchSharp, no repository.
set -eu
rid=$1; checker=$2; out=$3
name=kerasvis-conformance-$rid
root=$out/$name
rm -rf "$root" && mkdir -p "$root/docs" "$root/helpers"
cp "$checker" "$root/"
cp -r golden fixtures models "$root/"
cp docs/porting.md docs/golden-format.md docs/cli.md docs/fixtures.md docs/weights.md docs/robustness.md "$root/docs/"
cp -r docs/methods docs/images "$root/docs/"
cp tools/ports/protocol.py tools/ports/helpers/protocol.mjs "$root/helpers/"
cp tools/dist/README.md "$root/README.md"
case "$rid" in
  win-*) (cd "$out" && rm -f "$name.zip" && python3 -c "import shutil; shutil.make_archive('$name', 'zip', '.', '$name')") ; archive=$out/$name.zip ;;
  *) tar -C "$out" -czf "$out/$name.tar.gz" "$name"; archive=$out/$name.tar.gz ;;
esac
echo "bundle: $archive ($(du -h "$archive" | cut -f1))"
