# Two commands do all the set-up on a fresh machine:
#   make demo   creates .venv, installs, assesses the bundled example worksheet into hasil-demo/
#   make test   creates .venv, installs, runs the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.terpasang
DEMO   := hasil-demo

.PHONY: all install test test-lambat lint demo serve bench fuzz docs docs-site clean

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

# The web service on the example data: example office profile, a demo database in layanan-demo/.
serve: $(STAMP)
	@mkdir -p layanan-demo
	@echo "Buat akun dulu (di terminal lain), mis.:"
	@echo "  $(VENV)/bin/kesehatan-koperasi pengguna tambah siti --peran pemeriksa --db sqlite:///layanan-demo/layanan.sqlite"
	@echo "  $(VENV)/bin/kesehatan-koperasi pengguna tambah kadis --peran penandatangan --db sqlite:///layanan-demo/layanan.sqlite"
	@echo "lalu buka http://127.0.0.1:8000/ (contoh kertas kerja: worksheets/contoh-ksp-sehat.xlsx)"
	$(VENV)/bin/kesehatan-koperasi serve --kantor contoh --db sqlite:///layanan-demo/layanan.sqlite --laman http://127.0.0.1:8000

bench: $(STAMP)
	$(PY) benchmarks/bench_assess.py
	$(PY) benchmarks/bench_worksheet.py
	$(PY) benchmarks/bench_documents.py
	$(PY) benchmarks/bench_batch.py
	$(PY) benchmarks/bench_dask.py
	$(PY) benchmarks/bench_layanan.py

fuzz: $(STAMP)
	$(PY) scripts/fuzz.py --cases 10000

docs: $(STAMP)
	$(PY) scripts/buat_dokumentasi.py
	$(PY) scripts/buat_glosarium.py

docs-site: $(STAMP)
	$(VENV)/bin/mkdocs build --strict --site-dir site
	@echo "Situs dokumentasi ditulis ke site/"

clean:
	rm -rf $(VENV) $(DEMO) layanan-demo build dist site src/*.egg-info .pytest_cache .hypothesis
