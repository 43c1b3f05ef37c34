"""Rule set perdep-06-2016 (issue 6): structure, weights, a worked case by hand, the management
questionnaire's fixed skor per "Ya", and the published Kartika Sriwijaya roll-up.

Band edges: against the independent transcription ``cases/pita-perdep.yaml`` in
``test_pita_transkripsi.py``; end to end against ``reference_perdep.py`` in
``test_engine_reference.py``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh

from ._internal import AMOUNT_NAMES, predikat_indeks

CASE = yaml.safe_load((Path(__file__).parent / "cases" / "perdep-kasus.yaml").read_text(encoding="utf-8"))
CASE_TAMBAHAN = {k: v * 1e6 for k, v in CASE["tambahan"].items()}


@pytest.fixture(scope="module")
def perdep():
    return kk.load_rules("perdep-06-2016")


def test_structure_and_weights(perdep):
    assert perdep.metode == "jumlah_berbobot"
    bobot = {a.nama: a.bobot.nilai for a in perdep.aspek}
    assert bobot == {"Permodalan": 15, "Kualitas Aktiva Produktif": 25, "Manajemen": 15, "Efisiensi": 10,
                     "Likuiditas": 15, "Kemandirian dan Pertumbuhan": 10, "Jatidiri Koperasi": 10}
    assert sum(bobot.values()) == 100
    for a in perdep.aspek:
        assert sum(i.bobot.nilai for i in a.semua_indikator()) == a.bobot.nilai
    per_component = {i.kode: len(i.butir) for _, i in perdep.indikator() if i.jenis == "kuesioner"}
    assert per_component == {"C.1": 12, "C.2": 6, "C.3": 5, "C.4": 10, "C.5": 5}    # 38 questions
    assert len(perdep.indikator()) == 22


@pytest.mark.parametrize("kode, per_ya", [("C.1", 0.25), ("C.2", 0.5), ("C.3", 0.6), ("C.4", 0.3), ("C.5", 0.6)])
def test_management_fixed_skor_per_ya(perdep, kode, per_ya):
    """Each "Ya" adds 0,25 / 0,5 / 0,6 / 0,3 / 0,6 (domain perdep §5), whatever the others answer."""
    frame = contoh.koperasi(1, seed=4, rules=perdep)
    ind = perdep.cari(kode)
    for k in range(len(ind.butir) + 1):
        row = frame.copy()
        for j, c in enumerate(ind.kode_butir):
            row[c] = 1 if j < k else 0
        long = kk.assess_frame(row, rules=perdep, detail="panjang").set_index("kode")
        assert long.loc[kode, "skor"] == pytest.approx(round(k * per_ya, 2), abs=1e-9)


def _case_frame(perdep):
    row = dict.fromkeys(AMOUNT_NAMES, 0.0) | {k + "_lalu": 0.0 for k in AMOUNT_NAMES}
    for k, v in CASE["tahun_ini"].items():
        row[k] = row[k + "_lalu"] = v * 1e6
    row.update({k: v * 1e6 for k, v in CASE["tambahan"].items()})
    for _, ind in perdep.indikator():
        for j, c in enumerate(ind.kode_butir):
            row[c] = 1 if j < CASE["terpenuhi"][ind.kode] else 0
    return pd.DataFrame([row])


def test_worked_case_by_hand(perdep):
    frame = _case_frame(perdep)
    out = kk.assess_frame(frame, rules=perdep).iloc[0]
    assert out["galat"] == ""
    long = kk.assess_frame(frame, rules=perdep, detail="panjang").set_index("kode")
    for kode, (rasio, nilai, skor) in CASE["harapan"].items():
        assert out[f"nilai.{kode}"] == nilai, kode
        assert long.loc[kode, "skor"] == pytest.approx(skor), kode
        if rasio is not None:
            assert out[f"rasio.{kode}"] == pytest.approx(rasio), kode
    for a, v in CASE["aspek"].items():
        assert out[f"aspek.{a}"] == pytest.approx(v), a
    assert out["nilai_akhir"] == pytest.approx(CASE["nilai_akhir"])
    assert out["predikat"] == CASE["predikat"]


def test_worked_case_as_hasil(perdep):
    base = contoh.kertas_kerja(contoh.koperasi(1, seed=1, rules=perdep), 0)   # identity and examination
    rec = _case_frame(perdep).iloc[0].to_dict()
    members = {"jumlah_anggota_awal": 10, "anggota_masuk": 1, "anggota_keluar": 1, "jumlah_anggota_akhir": 10,
               "jumlah_calon_anggota": 0}
    ini = kk.Keuangan(**{k: rec[k] for k in AMOUNT_NAMES}, **CASE_TAMBAHAN, **members)
    lalu = kk.Keuangan(**{k: rec[k + "_lalu"] for k in AMOUNT_NAMES}, **members)
    jawaban = {c: int(rec[c]) for c in perdep.kode_butir()}
    ws = base.model_copy(update={"tahun_ini": ini, "tahun_lalu": lalu, "jawaban": jawaban})
    h = kk.assess(ws, rules=perdep)
    assert h.nilai_akhir == pytest.approx(86.90) and h.predikat == "Sehat"
    assert {a.kode: a.skor for a in h.aspek} == pytest.approx(CASE["aspek"])
    e1 = h.indikator_kode("E.1")
    assert e1.nilai == 25 and e1.skor == 2.5 and e1.bobot == 10
    # findings: components below 50 (rule file `temuan`)
    assert [i.kode for i in h.temuan()] == ["E.1"]
    assert any(s.kunci == "kuesioner.linier" for s in h.nilai_sementara)


def test_kartika_sriwijaya_published_rollup(perdep):
    """Pusat Koperasi Kartika Sriwijaya (Perdep 06/2016): 12,00 / 8,75 / 15,00 / 8,00 / 3,75 / 6,00 /
    7,00 → 60,50, Dalam Pengawasan (domain perdep §6; issue 6)."""
    aspek = np.array([[1200, 875, 1500, 800, 375, 600, 700]])      # hundredths, as the engine carries them
    total = aspek.sum(axis=1)
    assert total[0] == 6050
    pp = perdep.predikat.pita
    assert perdep.predikat.pita.nilai[predikat_indeks(total, 100, pp.titik, pp.naik_di_titik)[0]] == "Dalam Pengawasan"


@pytest.mark.parametrize("nilai_akhir, predikat", [(80.0, "Sehat"), (79.99, "Cukup Sehat"), (66.0, "Cukup Sehat"),
                                                    (65.99, "Dalam Pengawasan"), (51.0, "Dalam Pengawasan"),
                                                    (50.99, "Dalam Pengawasan Khusus")])
def test_predicate_edges(perdep, nilai_akhir, predikat):
    pp = perdep.predikat.pita
    i = predikat_indeks(np.array([round(nilai_akhir * 100)]), 100, pp.titik, pp.naik_di_titik)[0]
    assert pp.nilai[i] == predikat


def test_optional_fields_required_only_by_perdep():
    f = contoh.koperasi(3, seed=2)                         # a Juknis frame: no optional lines
    with pytest.raises(kk.FrameError, match="pinjaman_berisiko"):
        kk.assess_frame(f.assign(**dict.fromkeys(kk.load_rules("perdep-06-2016").kode_butir(), 1)),
                        rules="perdep-06-2016")
    assert (kk.assess_frame(f)["galat"] == "").all()


def test_rule_set_by_examination_date():
    import datetime as dt

    assert kk.pilih_aturan("KSP", dt.date(2019, 5, 1)) == "perdep-06-2016"
    assert kk.pilih_aturan("USP", dt.date(2022, 5, 1)) == "juknis-15-2021"


def test_worksheet_has_the_optional_lines_and_round_trips(perdep, tmp_path):
    from kesehatan_koperasi.worksheet import read_worksheet, write_worksheet

    ws = contoh.kertas_kerja(contoh.koperasi(3, seed=8, rules=perdep), 2)
    assert ws.tahun_ini.pinjaman_berisiko is not None
    path = write_worksheet(ws, tmp_path / "perdep.xlsx", rules=perdep)
    assert read_worksheet(path, rules=perdep) == ws
    # the Juknis worksheet has no such lines
    import openpyxl

    wb = openpyxl.load_workbook(kk.write_template(tmp_path / "juknis.xlsx"), read_only=True)
    keys = {r[0] for s in wb.worksheets for r in s.iter_rows(max_col=1, values_only=True)}
    assert "pinjaman_berisiko" not in keys


def test_documents_speak_the_method_of_the_rule_set(perdep):
    import io

    from pypdf import PdfReader

    from kesehatan_koperasi.formatting import angka
    from kesehatan_koperasi.outputs.pdf import render

    ws = contoh.kertas_kerja(contoh.koperasi(4, seed=9, rules=perdep), 3)
    h = kk.assess(ws, rules=perdep)
    sert = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render.certificate_pdf(h))).pages)
    ba = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render.minutes_pdf(h))).pages)
    assert angka(h.nilai_akhir, 2) in sert and h.predikat.upper() in sert.upper()
    assert "% dari bobot" in sert and "Skor × bobot" not in sert
    assert "nilai di bawah 50" in " ".join(ba.split()) and "Nilai 3 atau 4" not in ba
    assert "()" not in ba
