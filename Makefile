# Two entry points for a fresh machine: `make build` and `make test`.
# Both create .venv when it is missing and install ijprint into it with the pinned versions in
# constraints.txt (same versions everywhere -> byte-identical artifacts).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test fuzz bench pictures clean

$(BIN)/pip:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ijprint needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "python3 -m venv failed: install the venv module (Debian: apt-get install python3-venv)"; exit 1; }

$(STAMP): $(BIN)/pip pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@# An editable install leaves src/ uncompiled; with PYTHONDONTWRITEBYTECODE set every start would compile it again.
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

build: $(STAMP)
	@# Sources changed since the install (a pull) are compiled once here, not on every start.
	$(BIN)/python -m compileall -q src
	$(BIN)/ijprint build --out output

test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

# The long fuzz campaigns: the whole suite with 20 times the hypothesis examples `make test` runs
# (IJPRINT_FUZZ_SCALE multiplies every count; most of an hour on two cores). CI runs `make test`.
fuzz: $(STAMP)
	IJPRINT_FUZZ_SCALE=20 $(BIN)/python -m pytest -q -n auto

bench: $(STAMP)
	$(BIN)/python bench/run.py

# PNGs of the seed's pages for the README and docs (needs pdftoppm from poppler-utils).
pictures: $(STAMP)
	$(BIN)/python docs/make_pictures.py

clean:
	rm -rf $(VENV) output/*/ output/manifest.json output/.manifest.lock output/.manifest.journal
