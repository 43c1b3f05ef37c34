# Two commands do all the set-up on a fresh machine:
#   make demo   creates .venv, installs, assesses the bundled example worksheet into hasil-demo/
#   make test   creates .venv, installs, runs the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.terpasang
DEMO   := hasil-demo

.PHONY: all install test test-lambat lint demo bench fuzz docs docs-site clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest

test-lambat: $(STAMP)
	$(PY) -m pytest -m slow

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts benchmarks
	$(VENV)/bin/mypy

demo: $(STAMP)
	$(VENV)/bin/kesehatan-koperasi assess worksheets/contoh-ksp-sehat.xlsx --out $(DEMO) --kantor contoh
	$(VENV)/bin/kesehatan-koperasi verify $(DEMO)/sertifikat.pdf --hasil $(DEMO)/hasil.json
	@echo "Hasil ditulis ke $(DEMO)/"

bench: $(STAMP)
	$(PY) benchmarks/bench_assess.py
	$(PY) benchmarks/bench_worksheet.py
	$(PY) benchmarks/bench_documents.py
	$(PY) benchmarks/bench_batch.py
	$(PY) benchmarks/bench_dask.py

fuzz: $(STAMP)
	$(PY) scripts/fuzz.py --cases 10000

docs: $(STAMP)
	$(PY) scripts/buat_dokumentasi.py
	$(PY) scripts/buat_glosarium.py

docs-site: $(STAMP)
	$(VENV)/bin/mkdocs build --strict --site-dir site
	@echo "Situs dokumentasi ditulis ke site/"

clean:
	rm -rf $(VENV) $(DEMO) build dist site src/*.egg-info .pytest_cache .hypothesis
