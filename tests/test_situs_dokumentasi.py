"""Issue 16 item 8 (docs site): ``mkdocs build --strict`` passes — every page of docs/ in the
nav, no broken link, the API reference rendered by mkdocstrings, the notebook included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("mkdocs")
pytest.importorskip("material")
pytest.importorskip("mkdocstrings_handlers.python")


@pytest.fixture(scope="module")
def situs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("situs")
    p = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[-6000:]
    return out


def test_semua_halaman_docs_di_nav():
    import yaml

    conf = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))

    def pages(nav):
        for item in nav:
            for v in item.values():
                yield from (pages(v) if isinstance(v, list) else [v])

    nav = set(pages(conf["nav"]))
    docs = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*")
            if p.suffix in (".md", ".ipynb") and ".ipynb_checkpoints" not in p.parts}
    assert docs <= nav, sorted(docs - nav)


def test_mkdocs_build_strict(situs):
    assert (situs / "index.html").exists()
    beranda = (situs / "index.html").read_text(encoding="utf-8")
    assert "kesehatan-koperasi" in beranda and "lang=\"id\"" in beranda
    api = (situs / "api" / "index.html").read_text(encoding="utf-8")
    for nama in ("api.assess", "api.assess_frame", "rules.load_rules", "api.uji_ketahanan",
                 "worksheet.read_worksheet", "result.hasil.Hasil", "grafik.radar_aspek"):
        assert f'id="kesehatan_koperasi.{nama}"' in api, nama
    assert (situs / "metodologi" / "juknis-15-2021" / "index.html").exists()
    assert (situs / "glosarium" / "index.html").exists()
    assert (situs / "notebooks" / "penilaian-massal" / "index.html").exists()
