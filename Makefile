# Two commands for a fresh machine: `make run` (the check table) and `make test` (the test suite; .ci/run calls it).
DOTNET ?= dotnet
PYTHON ?= /usr/bin/python3
CONFIG ?= Release
CLI = tools/Conformance.Cli/bin/$(CONFIG)/net10.0/conformance.dll

.PHONY: all help build bench bench-deps dist dist-all test run golden golden-deps port-deps port-report mutants list clean pictures fuzz

help:
	@echo "make run          build, then check the Reference on CPU against every golden case (the table)"
	@echo "make test         build, make dist, install Debian's python3-torch/-scipy/-pil/-matplotlib if missing (apt), run every test"
	@echo "make golden       install the oracles' Debian and npm packages if missing, regenerate golden/ and fixtures/, then VERIFY"
	@echo "                  they are byte-identical to the committed files (fails otherwise); one family, unverified:"
	@echo "                  /usr/bin/python3 tools/oracle/generate.py FAMILY"
	@echo "make mutants      the full mutant kill table (docs/mutants-table.md)"
	@echo "make bench        every method against the Python baseline (docs/performance.md)"
	@echo "make dist         the porter's checker and bundle (out/dist/kerasvis-conformance-linux-x64.tar.gz); dist-all: every platform"
	@echo "make pictures     the labs' pictures in docs/images/"
	@echo "make fuzz         a million fuzz executions per reader, writer and the argument parser"

all: build

build:
	$(DOTNET) build Conformance.sln -c $(CONFIG) --nologo -v q

# the porter's checker: one self-contained linux-x64 file with no TorchSharp (check --backend external, list, methods);
# it needs no .NET on the machine that runs it
DIST = out/dist
dist:
	$(DOTNET) publish tools/Checker/Checker.csproj -c Release -r linux-x64 -o $(DIST) --nologo -v q
	@rm -f $(DIST)/*.pdb
	@echo "checker: $(DIST)/conformance ($$(du -h $(DIST)/conformance | cut -f1))"
	@tools/dist/bundle.sh linux-x64 $(DIST)/conformance $(DIST)

# the bundle for every desktop platform (self-contained cross-publishing; the runtime packs come from NuGet)
DIST_RIDS = linux-arm64 osx-arm64 osx-x64 win-x64
dist-all: dist
	@for rid in $(DIST_RIDS); do \
	  $(DOTNET) publish tools/Checker/Checker.csproj -c Release -r $$rid -o $(DIST)/$$rid --nologo -v q || exit 1; \
	  bin=$(DIST)/$$rid/conformance; [ -f $$bin.exe ] && bin=$$bin.exe; tools/dist/bundle.sh $$rid $$bin $(DIST) || exit 1; \
	done

# every workload against the Python baseline on Debian's PyTorch and SciPy (two BLAS), alternating, then each method in fresh
# processes (docs/performance.md; ~16 min
# on 2 cores, Score-CAM 512 included)
bench: build port-deps bench-deps
	@mkdir -p out
	$(DOTNET) $(CLI) bench --reps 5 --heavy-reps 1 --markdown out/performance-table.md
	@cat docs/performance.md | sed '/^## Measured/q' > out/performance.md && echo >> out/performance.md && cat out/performance-table.md >> out/performance.md
	@mv out/performance.md docs/performance.md && echo "docs/performance.md updated"

# a million fuzz executions per target (NPY, manifest + parameters, request, expectations, the writers, the CLI parser);
# make test runs a smoke
fuzz: build
	$(DOTNET) tools/Fuzz/bin/$(CONFIG)/net10.0/kerasvis-fuzz.dll all 1000000

# the unit tests, every golden case × backend × device (CUDA rows are skipped with their reason where absent), the
# mutation catalogue (first kill per mutant) and the example Python port through the external backend
test: build dist port-deps
	@if find . -name '*.received.*' -not -path '*/bin/*' -not -path '*/obj/*' | grep -q .; then \
	  echo "error: *.received.* snapshot files exist; goldens are never accepted from our output"; exit 1; fi
	$(DOTNET) test Tests/Tests.csproj -c $(CONFIG) --no-build --nologo

# the bench's second baseline runtime: Debian's OpenBLAS, put in front of the reference BLAS for the baseline process only
# (LD_LIBRARY_PATH); installing it makes it the system's libblas.so.3, so the alternatives are set back to the reference
# BLAS the oracles pin (tools/oracle/kernels.py)
bench-deps:
	@if ! dpkg-query -W -f='$${Status}' libopenblas0-pthread 2>/dev/null | grep -q 'ok installed'; then \
	  echo "installing Debian's libopenblas0-pthread (the bench's OpenBLAS baseline)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libopenblas0-pthread >/dev/null) \
	  || echo "warning: could not install libopenblas0-pthread: the bench runs the reference-BLAS baseline only"; fi
	@for lib in blas lapack; do alt=/usr/lib/x86_64-linux-gnu/$$lib/lib$$lib.so.3; \
	  [ -f $$alt ] && update-alternatives --set lib$$lib.so.3-x86_64-linux-gnu $$alt >/dev/null 2>&1 || true; done

# Debian's python3-torch for the example port (tools/ports/python-torch); where apt cannot install it, the port's test
# is skipped with that reason
PORT_APT = python3-torch python3-numpy python3-scipy python3-pil python3-matplotlib nodejs
port-deps:
	@missing=$$(for p in $(PORT_APT); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing Debian packages for the example Python port: $$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null) \
	  || echo "warning: could not install $$missing: the example-port test will be skipped with the reason"; fi

# the example PyTorch port checked through the external backend, with its expectations and a report
# (out/python-torch-port/report.html); with chromium installed, a screenshot of it in docs/images/report/
PORT = $(PYTHON) tools/ports/python-torch/port.py
port-report: build port-deps
	@$(DOTNET) $(CLI) check --backend external --batch --command "$(PORT)" \
	  --expectations tools/ports/python-torch/expectations.jsonc --filter '^(cam|get_cam|saliency|losses)/' --report out/python-torch-port \
	  --junit out/python-torch-port/junit.xml; code=$$?; \
	if command -v chromium >/dev/null; then \
	  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1800 \
	    --screenshot=out/python-torch-port/screenshot.png "file://$$(pwd)/out/python-torch-port/report.html" 2>/dev/null \
	  && echo "screenshot: out/python-torch-port/screenshot.png (copy it to docs/images/report/ to publish it)"; \
	else echo "chromium not installed (apt-get install chromium): no screenshot"; fi; exit $$code

# the mutation catalogue's full kill table (every touched case, not only the first kill): docs/mutants-table.md
mutants: build
	$(DOTNET) $(CLI) mutants --markdown docs/mutants-table.md

# runs the reference backend on CPU over every golden case and prints the table
# the CLI is rebuilt only when a source, project or embedded file is newer than it: a no-op `make run` skips the
# 4 s of an up-to-date `dotnet build` (make build and make test always build)
CLI_INPUTS := $(wildcard $(shell git ls-files '*.cs' '*.csproj' '*.props' '*.targets' 'global.json' 'docs/methods/methods.json' 2>/dev/null))
$(CLI): $(CLI_INPUTS)
	$(DOTNET) build Conformance.sln -c $(CONFIG) --nologo -v q
	@touch $(CLI)

run: $(CLI)
	$(DOTNET) $(CLI) check --backend reference --device cpu

list: build
	$(DOTNET) $(CLI) list

# regenerates every golden from fixtures/ with the pinned oracles, then proves the tree is byte-identical
APT_ORACLE = python3-numpy python3-rich python3-scipy python3-matplotlib python3-pil python3-skimage dataset-fashion-mnist \
  python3-torch python3-torchvision python3-opencv \
  python3-keras-applications python3-h5py python3-jsonschema
golden-deps:
	@missing=$$(for p in $(APT_ORACLE); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing Debian packages for the oracles: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
	cd tools/oracle && npm ci --no-audit --no-fund --loglevel=error

golden: golden-deps
	$(PYTHON) tools/oracle/generate.py
	git diff --exit-code --stat -- golden/ fixtures/ && test -z "$$(git status --porcelain -- golden/ fixtures/)" \
	  && echo "golden/ and fixtures/: byte-identical to the committed files"

# the VGG16 lab's pictures in docs/images/vgg16-lab/ and the PyTorch report's in docs/images/torch-report/ (counter-hash weights: the maps show the arithmetic, not ImageNet
# knowledge), one per method, drawn by `conformance explain` from the Reference
PHOTO = fixtures/images/photos/chelsea.png
PICS = docs/images/vgg16-lab
TPICS = docs/images/torch-report
pictures: build
	$(PYTHON) tools/oracle/render_cam_family.py
	$(DOTNET) $(CLI) explain --method gradcam --image $(PHOTO) --out $(PICS)/chelsea-gradcam.png
	$(DOTNET) $(CLI) explain --method gradcampp --image $(PHOTO) --class 828 --out $(PICS)/chelsea-gradcampp-class828.png
	$(DOTNET) $(CLI) explain --method scorecam --max-n 32 --image $(PHOTO) --out $(PICS)/chelsea-scorecam-max32.png
	$(DOTNET) $(CLI) explain --method saliency --image $(PHOTO) --out $(PICS)/chelsea-saliency.png
	$(DOTNET) $(CLI) explain --method smoothgrad --samples 20 --image $(PHOTO) --out $(PICS)/chelsea-smoothgrad.png
	$(DOTNET) $(CLI) explain --layer block5_conv3 --image $(PHOTO) --out $(PICS)/chelsea-block5_conv3-grid.png
	$(DOTNET) $(CLI) explain --model alexnet,vgg16-torch --method gradcam-torch --class 243 --image $(PHOTO) --out $(TPICS)/chelsea-gradcam-alexnet-vgg16-class243.png
	$(DOTNET) $(CLI) explain --model alexnet,vgg16-torch --method gradcam-torch --class 56 --image fixtures/images/photos/coffee.png --out $(TPICS)/coffee-gradcam-alexnet-vgg16-class56.png
	$(DOTNET) $(CLI) explain --model alexnet --method deconvnet --image $(PHOTO) --out $(TPICS)/chelsea-deconvnet-alexnet-features12.png

clean:
	$(DOTNET) clean Conformance.sln -c $(CONFIG) --nologo -v q
