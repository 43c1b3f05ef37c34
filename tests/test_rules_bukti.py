"""Rule data from the evidence of December 2026: sources named, statuses as the spec says.

The source-code scan works on the raw YAML (``yaml.safe_load``), not on the Python model, so it
keeps working while the loader is restructured.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import kesehatan_koperasi as kk

RULESETS = Path(kk.__file__).parent / "rulesets"
JUKNIS = RULESETS / "juknis-15-2021.yaml"

#: A source code in a ``sumber`` text: an uppercase token of 2+ characters, digits allowed
#: (``JUK``, ``FB2``, ``WD``, ``Q09``), optionally with a hyphenated suffix (``SIS-S``).
KODE = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*(?![\w-])")

#: Uppercase words in ``sumber`` texts that are terms of the domain, not sources.
ISTILAH = frozenset({
    "CAR", "ATMR", "SHU", "NPL", "BOPO", "ROA", "ROE", "MSCE", "PPAP", "PPAPWD", "KPMR", "SDM",
    "MEPPP", "RPM", "PEA", "KSP", "USP", "KSU", "KJKS", "KSPPS", "USPPS", "KUK", "UKM", "AD", "ART",
    "MUI", "DPS", "ZISWAF",
})


def _sumber(node: object, kunci: str = "") -> Iterator[tuple[str, str]]:
    """Every ``sumber`` string of a rule document, with its key path."""
    if isinstance(node, dict):
        for k, v in node.items():
            sub = f"{kunci}.{k}" if kunci else str(k)
            if k == "sumber" and isinstance(v, str):
                yield sub, v
            else:
                yield from _sumber(v, sub)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _sumber(v, f"{kunci}[{i}]")


def _raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _berkas() -> list:
    return [pytest.param(path, id=path.stem) for path in sorted(RULESETS.glob("*.yaml"))]


def test_scan_finds_codes_and_skips_terms():
    teks = "FB2 hlm. 91; HD 'optimal 8 %'; Q09 (FB1 hlm. 72); SIS-S; CAR dan SHU; WD sama; Tabel 2.57"
    assert [k for k in KODE.findall(teks) if k not in ISTILAH] == ["FB2", "HD", "Q09", "FB1", "SIS-S", "WD"]
    assert _dikenal("DSN-MUI", {"DSN"}) and not _dikenal("SIS-S", {"SIS"}) and not _dikenal("FB4", {"FB1"})


def test_every_builtin_rule_file_is_scanned():
    names = {p.stem for p in RULESETS.glob("*.yaml")}
    assert {"juknis-15-2021", "juknis-15-2021-kspps", "perdep-06-2016"} <= names


def _dikenal(kode: str, pustaka: set[str]) -> bool:
    """A code is explained, or a term; a hyphenated name (``DSN-MUI``) may be explained part by part."""
    dikenal = pustaka | ISTILAH
    return kode in dikenal or all(bagian in dikenal for bagian in kode.split("-"))


def _pustaka(data: dict) -> set[str]:
    """The codes a rule file defines: its own ``sumber_pustaka``, and its parent's (key ``dasar``:
    the child inherits the parent's ``sumber_pustaka`` by the merge of mappings)."""
    out = set(data.get("sumber_pustaka") or {})
    dasar = data.get("dasar")
    if dasar is not None:
        nama = dasar if isinstance(dasar, str) else dasar["aturan"]
        out |= _pustaka(_raw(RULESETS / f"{nama}.yaml"))
    return out


@pytest.mark.parametrize("path", _berkas())
def test_every_source_code_is_in_sumber_pustaka(path):
    data = _raw(path)
    pustaka = _pustaka(data)
    missing = sorted({(kode, kunci) for kunci, teks in _sumber(data) for kode in KODE.findall(teks)
                      if not _dikenal(kode, pustaka)})
    assert not missing, f"kode sumber tanpa uraian di sumber_pustaka: {missing}"


@pytest.mark.parametrize("path", _berkas())
def test_sumber_pustaka_entries_are_prose(path):
    for kode, uraian in _raw(path)["sumber_pustaka"].items():
        assert isinstance(uraian, str) and len(uraian.split()) >= 6, kode
        assert "§" not in uraian and "spec/" not in uraian, kode


def test_juknis_no_longer_cites_ek_or_spec():
    data = _raw(JUKNIS)
    assert not {"EK", "SPEC"} & set(data["sumber_pustaka"])
    for kunci, teks in _sumber(data):
        kode = set(KODE.findall(teks))
        assert not {"EK", "SPEC", "ASB"} & kode, (kunci, teks)
        assert "§" not in teks, (kunci, teks)
    assert "windadelia24/ta-project" in data["sumber_pustaka"]["WD"]
    assert "HarryDanan/landing-pageGian" in data["sumber_pustaka"]["HD"]


# ----------------------------------------------------------------------------- statuses


@pytest.fixture(scope="module")
def ksp():
    return kk.load_rules("juknis-15-2021")


def test_car_all_rows_confirmed(ksp):
    car = ksp.cari("D.1.2")
    assert car.status == "terkonfirmasi"
    assert [car.pita.status_nilai(n) for n in (1, 2, 3, 4)] == ["terkonfirmasi"] * 4
    assert car.pita.status_titik == "terkonfirmasi"
    assert "FB2 hlm. 91" in car.pita.sumber and "HD" in car.pita.sumber and "8 %" in car.pita.sumber
    # the band values are the contract (spec §4): x < 4 → 4; [4, 6) → 3; [6, 8) → 2; ≥ 8 → 1
    assert car.pita.nilai == [4, 3, 2, 1] and car.pita.batas == ["[4", "[6", "[8"]


TERKONFIRMASI_TABEL_4_2 = {"simpanan_pokok": 100, "simpanan_wajib": 100, "modal_penyetaraan": 100,
                           "cadangan_umum": 100, "cadangan_tujuan_risiko": 50}
SEMENTARA_MODAL = {"modal_penyertaan": 50, "hibah": 100, "shu_belum_dibagi": 50}


def test_capital_weights_source_names_each_weight(ksp):
    mt = ksp.modal_tertimbang
    assert mt.bobot == {**TERKONFIRMASI_TABEL_4_2, **SEMENTARA_MODAL}
    # one status per block today: three weights are still provisional, so the block is
    assert mt.status == "sementara"
    konfirmasi, sementara = mt.sumber.split("Sementara", 1)
    assert "JUK hlm. 198-199 Tabel 4.2" in konfirmasi
    for nama, w in TERKONFIRMASI_TABEL_4_2.items():
        assert f"{nama} {w}" in konfirmasi and nama not in sementara
    for nama, w in SEMENTARA_MODAL.items():
        assert f"{nama} {w}" in sementara and nama not in konfirmasi


def test_per_weight_status_block_matches_weights(ksp):
    mt = ksp.modal_tertimbang
    blok = {"status_bobot": dict(mt.status_bobot), "sumber_bobot": dict(mt.sumber_bobot)}
    bobot = mt.bobot
    assert set(blok["status_bobot"]) == set(bobot) == set(blok["sumber_bobot"])
    assert {k for k, s in blok["status_bobot"].items() if s == "terkonfirmasi"} == set(TERKONFIRMASI_TABEL_4_2)
    assert {k for k, s in blok["status_bobot"].items() if s == "sementara"} == set(SEMENTARA_MODAL)
    for nama in TERKONFIRMASI_TABEL_4_2:
        assert blok["sumber_bobot"][nama] == "JUK hlm. 198-199 Tabel 4.2"


WD_HD = "tabel dari aplikasi WD; batas Nilai 1 dikuatkan uraian Juknis pada HD"
HD_SAJA = "batas Nilai 1 dari HD"


@pytest.mark.parametrize("kode", ["B.1.4.1", "B.1.4.2", "C.1.2.1", "C.1.2.2", "C.2.2.1", "C.2.2.2", "C.2.2.3",
                                  "C.3.1.1", "C.3.2.1", "C.3.2.2", "C.3.2.3", "D.2.1", "D.2.2"])
def test_wd_tables(ksp, kode):
    pita = ksp.cari(kode).pita
    assert pita.sumber.startswith(WD_HD)
    assert pita.status == "sementara"


def test_asset_growth_pattern_of_equity_growth(ksp):
    assert "pola sama dengan Tabel 2.57 (pertumbuhan ekuitas" in ksp.cari("C.3.1.1").pita.sumber
    assert ksp.cari("C.3.1.1").pita.batas == ksp.cari("C.3.1.3").pita.batas


@pytest.mark.parametrize("kode", ["B.1.1.1", "C.2.1.1", "C.2.1.3", "C.3.1.2"])
def test_only_nilai_1_edge_has_a_source(ksp, kode):
    pita = ksp.cari(kode).pita
    assert pita.sumber.startswith(HD_SAJA) and "baris lain tanpa sumber" in pita.sumber
    assert pita.status == "sementara"


def test_net_income_growth_rows(ksp):
    pita = ksp.cari("C.3.1.4").pita
    assert [pita.status_nilai(n) for n in (1, 2, 3, 4)] == ["sementara", "sementara", "sementara", "terkonfirmasi"]
    assert "FB1 hlm. 85" in pita.sumber and "HD" in pita.sumber and "Nilai 2 dan 3 dari aplikasi WD" in pita.sumber


def test_reserve_ratio_records_open_question(ksp):
    assert "PPAP terhadap PPAPWD" in ksp.cari("C.2.1.3").sumber and "FB1 hlm. 77" in ksp.cari("C.2.1.3").sumber


def test_kspps_inherits_the_corrected_sources():
    """The KSPPS set (a child of juknis-15-2021) carries the December 2026 corrections: CAR confirmed,
    the new WD/HD source texts behind its analogy mark, and no EK or SPEC code."""
    kspps = kk.load_rules("juknis-15-2021-kspps")
    car = kspps.cari("D.1.2")
    assert [car.pita.status_nilai(n) for n in (1, 2, 3, 4)] == ["terkonfirmasi"] * 4
    assert "HD" in car.pita.sumber and "8 %" in car.pita.sumber
    assert WD_HD in kspps.cari("C.2.2.1").pita.sumber
    data = _raw(RULESETS / "juknis-15-2021-kspps.yaml")
    assert not {"EK", "SPEC"} & set(data["sumber_pustaka"])
    for kunci, teks in _sumber(data):
        assert not {"EK", "SPEC"} & set(KODE.findall(teks)), (kunci, teks)
        assert "§" not in teks, (kunci, teks)
