"""The rule file reproduces the spec, and the loader refuses what would make a bad rule set."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest
import yaml

import kesehatan_koperasi as kk
from kesehatan_koperasi.fields import KNOWN_NAMES
from kesehatan_koperasi.rules import parse_rules

RULE_FILE = Path(kk.__file__).parent / "rulesets" / "juknis-15-2021.yaml"


@pytest.fixture
def raw():
    return yaml.safe_load(RULE_FILE.read_text(encoding="utf-8"))


def test_counts_match_spec(aturan):
    # spec §5: A 17 indicators / 77 items; B 21; C 18; D 4
    per_aspek = Counter(a.kode for a, _ in aturan.indikator())
    assert per_aspek == {"A": 17, "B": 21, "C": 18, "D": 4}
    items = Counter(a.kode for a, i in aturan.indikator() for _ in (i.butir or []))
    assert items["A"] == 77
    kpmr = {i.kode: len(i.butir) for _, i in aturan.indikator() if i.kode.startswith("B.2.") and i.kode.endswith(".2")}
    assert kpmr == {"B.2.1.2": 3, "B.2.2.2": 3, "B.2.3.2": 4, "B.2.4.2": 5}


def test_weights_sum_to_100_and_match_spec(aturan):
    bobot = {a.kode: a.bobot.nilai for a in aturan.aspek}
    assert bobot == {"A": 30, "B": 15, "C": 40, "D": 15}
    assert sum(bobot.values()) == 100


def test_every_indicator_has_label_recommendation_source_status(aturan):
    for _, ind in aturan.indikator():
        assert ind.label.strip() and ind.rekomendasi.strip() and ind.sumber.strip()
        assert ind.status in ("terkonfirmasi", "sementara")
        for b in ind.butir or []:
            assert b.teks.strip().endswith("."), f"{ind.kode}.{b.kode} item text is not a sentence"


def test_every_formula_name_is_a_canonical_field(aturan):
    for _, ind in aturan.indikator():
        for name in (ind.pembilang or []) + (ind.penyebut or []) + ([ind.pertumbuhan] if ind.pertumbuhan else []):
            assert name in KNOWN_NAMES


def test_kpmr_kredit_items_provisional(aturan):
    # spec §5: "KPMR kredit items are S"
    for kode in ("B.2.1.1", "B.2.1.2", "B.2.1.3"):
        assert aturan.cari(kode).status == "sementara"


@pytest.mark.parametrize("kode, status", [
    ("B.1.1.2", "terkonfirmasi"), ("C.1.1.1", "terkonfirmasi"), ("C.2.1.2", "terkonfirmasi"),
    ("C.3.1.3", "terkonfirmasi"), ("B.1.1.1", "sementara"), ("C.1.2.1", "sementara"), ("D.2.2", "sementara"),
])
def test_band_status_per_spec(aturan, kode, status):
    assert aturan.cari(kode).pita.status_nilai(1) == status


def test_row_level_status_per_spec(aturan):
    roe = aturan.cari("C.1.1.2").pita        # K rows 1, 2, 4; row 3 S
    assert [roe.status_nilai(n) for n in (1, 2, 3, 4)] == ["terkonfirmasi", "terkonfirmasi", "sementara", "terkonfirmasi"]
    car = aturan.cari("D.1.2").pita          # all K (spec §8 / evidence 2026-12: FB2 p91 rows 2-4, row 1 the complement)
    assert [car.status_nilai(n) for n in (1, 2, 3, 4)] == ["terkonfirmasi"] * 4
    hub = aturan.cari("C.3.1.4").pita        # K row 4 only
    assert hub.status_nilai(4) == "terkonfirmasi" and hub.status_nilai(1) == "sementara"
    assert aturan.cari("D.1.1").pita.status_titik == "sementara"


def test_car_weights_per_spec(aturan):
    assert aturan.modal_tertimbang.bobot == {
        "simpanan_pokok": 100, "simpanan_wajib": 100, "modal_penyetaraan": 100, "modal_penyertaan": 50,
        "hibah": 100, "cadangan_umum": 100, "cadangan_tujuan_risiko": 50, "shu_belum_dibagi": 50}
    assert aturan.atmr.bobot == {
        "kas": 0, "bank": 20, "deposito": 20, "simpanan_koperasi_lain": 50, "surat_berharga": 50,
        "pinjaman_diberikan_neto": 100, "aset_lancar_lain": 70, "penyertaan": 100, "aset_tetap": 70,
        "aset_lain": 70}


def test_loading_from_a_path_gives_the_same_rules(aturan):
    other = kk.load_rules(RULE_FILE)
    assert other.model_dump() == aturan.model_dump()


# ------------------------------------------------------------------ loader refuses bad files

def _ratio_node(raw, kode):
    def walk(nodes):
        for n in nodes:
            for i in n.get("indikator", []):
                if i["kode"] == kode:
                    return i
            found = walk(n.get("komponen", []))
            if found:
                return found
    for a in raw["aspek"]:
        found = walk(a["komponen"])
        if found:
            return found
    raise KeyError(kode)


def _problems(data):
    with pytest.raises(kk.RulesError) as e:
        parse_rules(data, "uji.yaml")
    return e.value


def test_weights_not_summing_to_100(raw):
    raw["aspek"][0]["bobot"]["nilai"] = 31
    err = _problems(raw)
    assert "jumlah bobot aspek harus 100" in str(err) and "uji.yaml" in str(err)


def test_band_with_missing_cut_point(raw):
    _ratio_node(raw, "C.1.1.1")["pita"]["batas"] = ["[3", "[5"]
    err = _problems(raw)
    assert any("C.1.1.1" in k and "batas" in k for k, _ in err.masalah)


def test_band_cut_points_not_ascending(raw):
    _ratio_node(raw, "C.1.1.1")["pita"]["batas"] = ["[3", "[7", "[5"]
    assert "naik tegas" in str(_problems(raw))


@pytest.mark.parametrize("edge", ["3", "[3]", "<3", "tiga]"])
def test_band_edge_syntax(raw, edge):
    _ratio_node(raw, "C.1.1.1")["pita"]["batas"] = [edge, "[5", "[7"]
    assert "batas harus berbentuk" in str(_problems(raw))


def test_unknown_field_in_formula(raw):
    _ratio_node(raw, "C.1.1.1")["pembilang"] = ["laba_bersih"]
    err = _problems(raw)
    assert any("C.1.1.1" in k and "laba_bersih" in m for k, m in err.masalah)


def test_duplicate_indicator_code(raw):
    _ratio_node(raw, "C.1.1.2")["kode"] = "C.1.1.1"
    assert "ganda" in str(_problems(raw))


def test_missing_undefined_rule(raw):
    del _ratio_node(raw, "D.1.1")["tak_terdefinisi"]
    assert any("D.1.1" in k and "tak_terdefinisi" in k for k, _ in _problems(raw).masalah)


def test_unknown_key_is_reported_with_its_path(raw):
    _ratio_node(raw, "D.1.1")["bobot_indikator"] = 2
    err = _problems(raw)
    assert any(k.endswith("bobot_indikator") and m == "kunci tidak dikenal" for k, m in err.masalah)


def test_missing_status_is_reported(raw):
    del _ratio_node(raw, "D.1.1")["pita"]["status"]
    assert any("status" in k and m == "wajib diisi" for k, m in _problems(raw).masalah)


def test_nilai_outside_scale(raw):
    _ratio_node(raw, "D.1.1")["pita"]["nilai"] = [5, 3, 2, 1]
    assert "nilai di luar" in str(_problems(raw))


def test_indicator_with_two_kinds(raw):
    _ratio_node(raw, "D.1.1")["pertumbuhan"] = "total_aset"
    assert "tepat satu" in str(_problems(raw))


def test_several_problems_reported_together(raw):
    raw["aspek"][0]["bobot"]["nilai"] = 31
    _ratio_node(raw, "C.1.1.1")["pembilang"] = ["laba_bersih"]
    assert len(_problems(raw).masalah) >= 2


def test_unknown_name_and_unreadable_file(tmp_path):
    with pytest.raises(kk.RulesError, match="bukan nama aturan bawaan"):
        kk.load_rules("juknis-1999")
    with pytest.raises(kk.RulesError, match="tidak dapat dibaca"):
        kk.load_rules(tmp_path / "tidak-ada.yaml")
    bad = tmp_path / "rusak.yaml"
    bad.write_text("aspek: [\n", encoding="utf-8")
    with pytest.raises(kk.RulesError, match="YAML tidak sah"):
        kk.load_rules(bad)


def test_corrected_rule_file_changes_results_without_code(tmp_path, raw, koperasi_200):
    """A Dinas corrects a band edge in its own copy: results follow, no code touched."""
    base = kk.assess_frame(koperasi_200)
    fixed = copy.deepcopy(raw)
    _ratio_node(fixed, "C.1.1.1")["pita"]["batas"] = ["[-1000", "[-999", "[-998"]   # everything Nilai 1
    path = tmp_path / "aturan-dinas.yaml"
    path.write_text(yaml.safe_dump(fixed, allow_unicode=True), encoding="utf-8")
    out = kk.assess_frame(koperasi_200, rules=path)
    assert (out["nilai.C.1.1.1"] == 1).all()
    assert not (base["nilai.C.1.1.1"] == 1).all()


def test_car_weight_status_per_weight(aturan):
    """Juknis Tabel 4.2 confirms five bobot pengakuan (evidence 2026-12); three stay provisional."""
    mt = aturan.modal_tertimbang
    dikonfirmasi = {n for n in mt.bobot if mt.status_dari(n) == "terkonfirmasi"}
    assert dikonfirmasi == {"simpanan_pokok", "simpanan_wajib", "modal_penyetaraan", "cadangan_umum",
                            "cadangan_tujuan_risiko"}
    assert all(mt.status_dari(n) == "sementara" for n in ("modal_penyertaan", "hibah", "shu_belum_dibagi"))
    assert "Tabel 4.2" in mt.sumber_dari("simpanan_pokok")
