# Two commands for a fresh machine: `make run` (the check table) and `make test` (the test suite; .ci/run calls it).
DOTNET ?= dotnet
PYTHON ?= /usr/bin/python3
CONFIG ?= Release
CLI = tools/Conformance.Cli/bin/$(CONFIG)/net10.0/conformance.dll

.PHONY: all build test run golden golden-deps list clean

all: build

build:
	$(DOTNET) build Conformance.sln -c $(CONFIG) --nologo -v q

# the unit tests and every golden case × backend × device (CUDA rows are skipped with their reason where absent)
test: build
	@if find . -name '*.received.*' -not -path '*/bin/*' -not -path '*/obj/*' | grep -q .; then \
	  echo "error: *.received.* snapshot files exist; goldens are never accepted from our output"; exit 1; fi
	$(DOTNET) test Conformance/Conformance.csproj -c $(CONFIG) --no-build --nologo

# runs the reference backend on CPU over every golden case and prints the table
run: build
	$(DOTNET) $(CLI) check --backend reference --device cpu

list: build
	$(DOTNET) $(CLI) list

# regenerates every golden from fixtures/ with the pinned oracles, then proves the tree is byte-identical
golden-deps:
	@$(PYTHON) -c "import numpy, rich" 2>/dev/null || { \
	  echo "installing Debian's python3-numpy and python3-rich (the oracles' packages)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy python3-rich; }

golden: golden-deps
	$(PYTHON) tools/oracle/generate.py
	git diff --exit-code --stat -- golden/ && test -z "$$(git status --porcelain -- golden/)" \
	  && echo "golden/: byte-identical to the committed goldens"

clean:
	$(DOTNET) clean Conformance.sln -c $(CONFIG) --nologo -v q
