"""Methodology pages in docs/metodologi are generated from the rule files and must not be stale."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

import kesehatan_koperasi as kk
from kesehatan_koperasi.rules.metodologi import halaman_metodologi
from kesehatan_koperasi.rules.view import daftar_sementara

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "metodologi"
SCRIPT = ROOT / "scripts" / "buat_dokumentasi.py"
REGENERATE = "jalankan `python scripts/buat_dokumentasi.py` lalu commit docs/metodologi/"


def _script():
    spec = importlib.util.spec_from_file_location("buat_dokumentasi", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def harus():
    """Every page as a fresh rendering would write it (in memory)."""
    return _script().halaman()


def test_every_builtin_rule_set_has_a_page(harus):
    assert set(harus) == {f"{n}.md" for n in kk.builtin_rules()} | {"README.md"}


@pytest.mark.parametrize("nama", [f"{n}.md" for n in kk.builtin_rules()] + ["README.md"])
def test_committed_page_is_up_to_date(harus, nama):
    path = FOLDER / nama
    assert path.exists(), f"docs/metodologi/{nama} belum ada; {REGENERATE}"
    assert path.read_text(encoding="utf-8") == harus[nama], f"docs/metodologi/{nama} basi; {REGENERATE}"


def test_no_orphan_pages(harus):
    orphans = sorted(p.name for p in FOLDER.glob("*.md") if p.name not in harus)
    assert not orphans, f"halaman tanpa aturan bawaan: {orphans}; hapus, lalu {REGENERATE}"


def test_staleness_is_detected(tmp_path, harus):
    for nama, teks in harus.items():
        (tmp_path / nama).write_text(teks, encoding="utf-8")
    mod = _script()
    assert mod.basi(tmp_path) == []
    (tmp_path / "juknis-15-2021.md").write_text(harus["juknis-15-2021.md"].replace("30 %", "35 %"), encoding="utf-8")
    (tmp_path / "lama.md").write_text("x", encoding="utf-8")
    assert mod.basi(tmp_path) == ["juknis-15-2021.md", "lama.md"]


@pytest.mark.parametrize("nama", kk.builtin_rules())
def test_page_content(nama):
    aturan = kk.load_rules(nama)
    teks = halaman_metodologi(aturan)
    assert teks == halaman_metodologi(aturan)                       # deterministic
    for _, ind in aturan.indikator():
        assert f" {ind.kode} {ind.label}" in teks
    for a in aturan.aspek:
        assert f"| {a.kode} | {a.nama} |" in teks
    n = len(daftar_sementara(aturan))
    assert f"{n} nilai berstatus sementara" in teks
    assert "## Daftar nilai sementara" in teks and "Predikat dari nilai akhir" in teks


def test_page_uses_the_rule_sets_terms():
    teks = halaman_metodologi(kk.load_rules("juknis-15-2021-kspps"))
    assert "Rumus: (Piutang dan pembiayaan bermasalah) / (Piutang dan pembiayaan diberikan) × 100" in teks
    assert "#### A.4 Prinsip Kepatuhan Syariah" in teks
    assert "| x ≥ 8 % | 1 | Sehat | 4 | K |" in teks   # CAR row Nilai 1 confirmed (spec §4, evidence of Dec 2026)


def test_page_for_a_users_rule_file(tmp_path):
    """The generator works for any valid rule file, not only the shipped ones."""
    from importlib import resources

    data = yaml.safe_load((resources.files("kesehatan_koperasi") / "rulesets" / "juknis-15-2021.yaml")
                          .read_text(encoding="utf-8"))
    data["nama"] = "dinas-contoh"
    data["istilah"] = {"kas": "Kas tunai | brankas"}
    path = tmp_path / "dinas-contoh.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    teks = halaman_metodologi(kk.load_rules(str(path)), berkas_sumber="dinas-contoh.yaml")
    assert teks.startswith("# Metodologi `dinas-contoh`")
    assert "| `kas` | Kas tunai \\| brankas |" in teks                 # pipes escaped in tables
