"""Issue 16 item 6 (packaging): the sdist carries runnable tests and their data; the wheel built
from that sdist, installed in a fresh venv outside the repository, runs the README's Python
example (which must therefore not need the repository's ``worksheets/``).

No network: the fresh venv sees the test environment's dependencies through a ``.pth`` line
(a path line is not processed as a site dir, so the editable install of the repository is NOT
picked up there; the test checks the package really comes from the wheel)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("build")
if not (ROOT / "pyproject.toml").exists():
    pytest.skip("bukan pohon sumber", allow_module_level=True)


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess[str]:
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert p.returncode == 0, f"{' '.join(map(str, cmd))}\n--- stdout\n{p.stdout[-4000:]}\n--- stderr\n{p.stderr[-4000:]}"
    return p


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """sdist, then the wheel built from the unpacked sdist (``python -m build``'s default)."""
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)])
    return out


def _sdist(dist: Path) -> tarfile.TarFile:
    (p,) = dist.glob("kesehatan_koperasi-*.tar.gz")
    return tarfile.open(p)


def _wheel(dist: Path) -> Path:
    (p,) = dist.glob("kesehatan_koperasi-*.whl")
    return p


def _repo_files(folder: str) -> list[str]:
    base = ROOT / folder
    return sorted(str(p.relative_to(ROOT)) for p in base.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and ".hypothesis" not in p.parts
                  and p.suffix != ".pyc")


def test_sdist_memuat_pengujian_dan_datanya(dist):
    with _sdist(dist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    need = [f for d in ("tests", "worksheets", "docs", "scripts") for f in _repo_files(d)]
    need += ["Makefile", "LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "mkdocs.yml"]
    missing = [f for f in need if f not in names]
    assert not missing, f"tidak ada di sdist: {missing[:20]}"
    assert "tests/cases/pita-spec.yaml" in names
    assert not any("__pycache__" in n for n in names)


def test_pengujian_berjalan_dari_sdist(dist, tmp_path):
    """Tests that read repository files (example worksheets, docs, scripts) pass from the
    unpacked sdist."""
    with _sdist(dist) as tar:
        tar.extractall(tmp_path, filter="data")
    (akar,) = tmp_path.glob("kesehatan_koperasi-*")
    p = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
              "tests/test_smoke.py", "tests/test_docs_glosarium.py"], cwd=akar, env=_env())
    assert " passed" in p.stdout


def test_wheel_memuat_contoh_dan_lisensi(dist):
    with zipfile.ZipFile(_wheel(dist)) as z:
        names = z.namelist()
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert "kesehatan_koperasi/contoh.py" in names
    assert "kesehatan_koperasi/grafik.py" in names
    assert any(n.startswith("kesehatan_koperasi/rulesets/") and n.endswith(".yaml") for n in names)
    assert not any(n.startswith("tests/") for n in names)


def _contoh_readme() -> str:
    teks = (ROOT / "README.md").read_text(encoding="utf-8")
    bagian = teks.split("### Python", 1)[1]
    m = re.search(r"```python\n(.*?)```", bagian, re.S)
    assert m, "README tidak memuat contoh Python"
    return m.group(1)


def test_contoh_readme_tanpa_folder_repositori():
    kode = _contoh_readme()
    assert "worksheets/" not in kode      # worksheets/ is not in the wheel
    assert "kk.contoh" in kode


@pytest.fixture(scope="module")
def venv_baru(dist, tmp_path_factory) -> Path:
    """A venv outside the repository with only the wheel installed in it."""
    v = tmp_path_factory.mktemp("venv-baru") / "v"
    _run([sys.executable, "-m", "venv", "--without-pip", str(v)])
    py = v / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # the test environment's packages as dependencies (no network); appended after the venv's own
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_dependensi_uji.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "--quiet",
          str(_wheel(dist))])
    return v


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["MPLBACKEND"] = "Agg"
    return env


def test_wheel_di_venv_baru_menjalankan_contoh_readme(venv_baru, tmp_path):
    py = venv_baru / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    kerja = tmp_path / "kerja"
    kerja.mkdir()
    asal = _run([str(py), "-c", "import kesehatan_koperasi as kk; print(kk.__file__); print(kk.__version__)"],
                cwd=kerja, env=_env()).stdout.split()
    assert Path(asal[0]).resolve().is_relative_to(venv_baru.resolve()), asal   # the wheel, not the repository
    assert asal[1] != "0+tidak-terpasang"
    skrip = kerja / "contoh_readme.py"
    skrip.write_text(_contoh_readme() + "\nprint('SELESAI', hasil.predikat, len(keluaran))\n", encoding="utf-8")
    p = _run([str(py), str(skrip)], cwd=kerja, env=_env())
    assert "SELESAI" in p.stdout
    assert (kerja / "sertifikat.pdf").read_bytes()[:5] == b"%PDF-"
    assert (kerja / "berita-acara.pdf").exists()


def test_perintah_contoh_dari_wheel(venv_baru, tmp_path):
    exe = venv_baru / ("Scripts/kesehatan-koperasi.exe" if os.name == "nt" else "bin/kesehatan-koperasi")
    _run([str(exe), "contoh", str(tmp_path / "c.xlsx")], cwd=tmp_path, env=_env())
    p = _run([str(exe), "validate", str(tmp_path / "c.xlsx")], cwd=tmp_path, env=_env())
    assert p.returncode == 0
