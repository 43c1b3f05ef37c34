"""Rule-file inheritance (``dasar``): merge semantics, marking of inherited values, cycles and
unknown parents; the built-in KSPPS set as a child of the KSP set; ``rules`` views and diffs."""

from __future__ import annotations

import hashlib
import io
from importlib import resources

import pytest
import yaml

import kesehatan_koperasi as kk
from kesehatan_koperasi.cli import main
from kesehatan_koperasi.cli.rules import perintah_rules

IDENTITAS = {"versi": "1", "judul": "Aturan turunan uji", "jenis_koperasi": ["KSP"], "berlaku_mulai": "2021-01-01"}


def _tulis(tmp_path, nama, data):
    p = tmp_path / f"{nama}.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def _raw(nama):
    return yaml.safe_load((resources.files("kesehatan_koperasi") / "rulesets" / f"{nama}.yaml").read_text("utf-8"))


def test_child_states_only_what_differs(tmp_path):
    induk = kk.load_rules("juknis-15-2021")
    anak = kk.load_rules(_tulis(tmp_path, "anak", {
        "dasar": "juknis-15-2021", "nama": "anak", **IDENTITAS,
        "sumber_pustaka": {"DINAS": "Surat Dinas X"},                         # mapping: merged key by key
        "predikat": {"pita": {"batas": ["[50", "[65", "[80"], "sumber": "DINAS"}},
        "aspek": [{"kode": "A", "komponen": [{"kode": "A.1", "indikator": [
            {"kode": "A.1.1", "label": "Keanggotaan sukarela"},                # same kode: field by field
            {"kode": "A.1.2", "hapus": True},                                  # removed
        ]}]}],
    }))
    assert anak.dasar == ("juknis-15-2021",)
    assert anak.nama == "anak" and anak.jenis_koperasi == ["KSP"]
    assert set(induk.sumber_pustaka) < set(anak.sumber_pustaka) and anak.sumber_pustaka["DINAS"] == "Surat Dinas X"
    assert anak.predikat.pita.batas == ["[50", "[65", "[80"]
    assert anak.predikat.pita.nilai == induk.predikat.pita.nilai                 # the rest inherited
    assert anak.cari("A.1.1").label == "Keanggotaan sukarela"
    assert anak.cari("A.1.1").butir == induk.cari("A.1.1").butir
    with pytest.raises(KeyError):
        anak.cari("A.1.2")
    assert len(anak.indikator()) == len(induk.indikator()) - 1
    assert anak.aspek[1] == induk.aspek[1]                                       # untouched aspects equal


def test_new_items_are_placed_where_stated(tmp_path):
    baru = {"kode": "A.1.9", "label": "Baru", "status": "sementara", "sumber": "uji", "rekomendasi": "r",
            "butir": [{"kode": "a", "teks": "t"}]}
    def komponen(tmp_path, item, nama):
        return kk.load_rules(_tulis(tmp_path, nama, {"dasar": "juknis-15-2021", "nama": nama, **IDENTITAS,
                                                     "aspek": [{"kode": "A", "komponen": [{"kode": "A.1", "indikator": [item]}]}]}))
    akhir = [i.kode for i in komponen(tmp_path, baru, "akhir").aspek[0].komponen[0].indikator]
    assert akhir[-1] == "A.1.9"
    setelah = [i.kode for i in komponen(tmp_path, {**baru, "setelah": "A.1.1"}, "setelah").aspek[0].komponen[0].indikator]
    assert setelah[:2] == ["A.1.1", "A.1.9"]
    sebelum = [i.kode for i in komponen(tmp_path, {**baru, "sebelum": "A.1.1"}, "sebelum").aspek[0].komponen[0].indikator]
    assert sebelum[0] == "A.1.9"


def test_tandai_marks_inherited_values_unless_the_child_states_them(tmp_path):
    anak = kk.load_rules(_tulis(tmp_path, "tandai", {
        "dasar": {"aturan": "juknis-15-2021", "tandai": {"status": "sementara", "sumber": "analogi; asal: {sumber}"}},
        "nama": "tandai", **IDENTITAS,
        "skala": {"status": "terkonfirmasi", "sumber": "sendiri"},
    }))
    induk = kk.load_rules("juknis-15-2021")
    assert anak.skala.status == "terkonfirmasi" and anak.skala.sumber == "sendiri"
    for (_, i), (_, j) in zip(anak.indikator(), induk.indikator()):
        assert i.status == "sementara" and i.sumber == f"analogi; asal: {j.sumber}"
        if i.pita is not None:
            assert i.pita.status == "sementara" and i.pita.titik.tolist() == j.pita.titik.tolist()
    assert anak.aspek[0].bobot.nilai == induk.aspek[0].bobot.nilai and anak.aspek[0].bobot.status == "sementara"


def test_cycles_and_unknown_parents_are_rules_errors(tmp_path):
    _tulis(tmp_path, "a", {"dasar": "b.yaml", "nama": "a", **IDENTITAS})
    _tulis(tmp_path, "b", {"dasar": "a.yaml", "nama": "b", **IDENTITAS})
    with pytest.raises(kk.RulesError, match="berputar"):
        kk.load_rules(tmp_path / "a.yaml")
    with pytest.raises(kk.RulesError, match="tidak dikenal"):
        kk.load_rules(_tulis(tmp_path, "yatim", {"dasar": "tidak-ada", "nama": "yatim", **IDENTITAS}))
    with pytest.raises(kk.RulesError, match="tidak ada di aturan dasar"):
        kk.load_rules(_tulis(tmp_path, "hapus", {"dasar": "juknis-15-2021", "nama": "hapus", **IDENTITAS,
                                                "aspek": [{"kode": "Z", "hapus": True}]}))
    with pytest.raises(kk.RulesError, match="nama"):                     # identity is never inherited
        kk.load_rules(_tulis(tmp_path, "tanpa-nama", {"dasar": "juknis-15-2021", **IDENTITAS}))


def test_kspps_is_a_child_of_the_ksp_set():
    raw = _raw("juknis-15-2021-kspps")
    assert raw["dasar"]["aturan"] == "juknis-15-2021" and "tandai" in raw["dasar"]
    assert "modal_tertimbang" not in raw and "kuesioner" not in raw        # stated only where it differs
    s, k = kk.load_rules("juknis-15-2021-kspps"), kk.load_rules("juknis-15-2021")
    assert s.dasar == ("juknis-15-2021",)
    a4 = next(c for c in s.aspek[0].komponen if c.kode == "A.4")
    assert a4.nama == "Prinsip Kepatuhan Syariah" and len(list(a4.semua_indikator())) == 10
    assert sum(len(i.butir or []) for i in a4.semua_indikator()) == 36   # as in the former full file
    assert s.istilah["pinjaman_anggota"].startswith("Piutang")
    # inherited and not restated: provisional by analogy, with the KSP source kept
    for kode in ("C.1.1.2", "C.2.1.2", "B.1.2.1"):
        assert s.cari(kode).status == "sementara"
        assert s.cari(kode).sumber == f"analogi dengan juknis-15-2021 (KSP); sumber KSP: {k.cari(kode).sumber}"
    # restated where a source covers syariah
    assert s.skala.status == "terkonfirmasi" and s.cari("D.1.1").status == "terkonfirmasi"
    for (_, i), (_, j) in zip(s.indikator(), [x for x in k.indikator()]):
        if i.pita is not None and j.pita is not None and i.kode == j.kode:
            assert i.pita.batas == j.pita.batas and i.pita.nilai == j.pita.nilai   # band values unchanged


def test_resolved_kspps_scores_exactly_as_the_full_file_did():
    """Digest of the nilai/aspek/predikat columns computed with the former, complete KSPPS file."""
    f = kk.contoh.koperasi(2000, seed=3, rules="juknis-15-2021-kspps").assign(jenis="KSPPS")
    out = kk.assess_frame(f)
    assert (out["aturan"] == "juknis-15-2021-kspps").all()
    cols = [c for c in out.columns if c.startswith(("nilai", "aspek.", "predikat"))]
    assert len(cols) == 76
    digest = hashlib.sha256(out[cols].to_csv(index=False).encode()).hexdigest()
    assert digest == "cbded3ae9af156cba10311997ad3a3dc4b2518fdb4535867259fbd315852d6e1"


def test_rules_view_says_what_a_set_derives_from():
    buf = io.StringIO()
    assert perintah_rules("juknis-15-2021-kspps", None, "teks", out=buf) == 0
    assert "turunan dari: juknis-15-2021" in buf.getvalue()
    assert "A.4" in buf.getvalue()                                          # the resolved set is shown


@pytest.mark.parametrize("a, b", [("juknis-15-2021", "perdep-06-2016"), ("perdep-06-2016", "juknis-15-2021-kspps"),
                                  ("juknis-15-2021", "juknis-15-2021-kspps")])
def test_rules_diff_between_any_two_sets(a, b, capsys):
    assert main(["rules", "diff", a, b]) == 0
    assert "Perbedaan aturan" in capsys.readouterr().out
    assert main(["rules", "diff", a, b, "--format", "json"]) == 0
