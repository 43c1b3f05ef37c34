"""Worksheet round trip (issue 3, item 5): model → worksheet → model is identical.

Models come from the synthetic generator (:mod:`kesehatan_koperasi.contoh`) with perturbations
drawn by hypothesis: decimals, a loss in ``shu_belum_dibagi``, every questionnaire answer, more
team members than the template's default rows, free text, optional RAT fields and documents.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import warnings
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.model import DOKUMEN_PEMERIKSAAN, Pemeriksaan, Penandatangan, Pengurus, Petugas, Temuan
from kesehatan_koperasi.worksheet import build_workbook, read_worksheet, write_template, write_worksheet
from kesehatan_koperasi.worksheet import layout as L

WORKSHEETS = Path(__file__).resolve().parent.parent / "worksheets"
ATURAN = kk.load_rules("juknis-15-2021")
FRAME = contoh.koperasi(12, seed=7)
BASE = [contoh.kertas_kerja(FRAME, i) for i in range(len(FRAME))]

teks = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
                                      blacklist_characters="_"), min_size=1, max_size=40
               ).map(lambda t: ("K" + t).strip())       # a name holds a letter (issue 17)
tanggal = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))
uang = st.floats(0, 5e9, allow_nan=False).map(lambda x: round(x, 2))
petugas = st.builds(Petugas, nama=teks, nip=st.none() | st.from_regex(r"[0-9]{18}", fullmatch=True),
                    jabatan=st.none() | teks)
penandatangan = st.builds(Penandatangan, nama=teks, nip=st.none() | st.from_regex(r"[0-9]{18}", fullmatch=True),
                          jabatan=st.none() | teks, pangkat=st.none() | teks, untuk_beliau=st.none() | teks)
temuan = st.builds(Temuan, catatan=st.none() | teks, rekomendasi=teks)


@st.composite
def kertas_kerja(draw: st.DrawFn) -> kk.KertasKerja:
    ws = draw(st.sampled_from(BASE))
    tahun = {}
    tb = ws.identitas.tahun_buku
    for nama, tahun_ke in (("tahun_ini", tb), ("tahun_lalu", tb - 1)):
        k = getattr(ws, nama)
        tambah, geser = draw(uang), draw(uang)
        # plausible by the worksheet's checks (issue 16): the RAT after its year ended, attendance
        # at most the members
        rat = st.dates(min_value=dt.date(tahun_ke + 1, 1, 1), max_value=dt.date(tahun_ke + 1, 12, 31))
        # amounts rounded to the cent: Excel (and openpyxl) keep 15 significant digits, so a
        # round trip is exact for any amount an examiner can type, not for every binary float
        upd = {"kas": round(k.kas + tambah, 2), "simpanan_pokok": round(k.simpanan_pokok + tambah, 2),
               "cadangan_umum": round(k.cadangan_umum + geser, 2),
               "shu_belum_dibagi": round(k.shu_belum_dibagi - geser, 2),
               "tanggal_rat": draw(st.none() | rat),
               "anggota_hadir_rat": draw(st.none() | st.integers(0, k.jumlah_anggota_akhir))}
        tahun[nama] = kk.Keuangan.model_validate(k.model_dump() | upd)
    mulai = draw(st.dates(min_value=dt.date(tb + 1, 1, 1), max_value=dt.date(tb + 2, 12, 31)))   # the year has ended
    pem = Pemeriksaan(
        nomor_surat_tugas=draw(teks), tanggal_surat_tugas=mulai - dt.timedelta(days=draw(st.integers(0, 30))),
        tanggal_mulai_pemeriksaan=mulai, tanggal_selesai_pemeriksaan=mulai + dt.timedelta(days=draw(st.integers(0, 9))),
        tim_pemeriksa=draw(st.lists(petugas, min_size=2, max_size=9)), penandatangan=draw(penandatangan),
        pengurus_hadir=draw(st.lists(st.builds(Pengurus, nama=teks, jabatan=teks), max_size=11)),
        dokumen={k: draw(st.sampled_from(["ada", "tidak_ada", "tidak_berlaku"] if b else ["ada", "tidak_ada"]))
                 for k, _, b in DOKUMEN_PEMERIKSAAN},
        temuan=draw(st.dictionaries(st.sampled_from("ABCD"), temuan, max_size=4)),
    )
    ident = ws.identitas.model_copy(update={"nama_koperasi": draw(teks), "alamat": draw(teks),
                                            "tanggal_badan_hukum": draw(tanggal), "kuk": draw(st.sampled_from(["I", "IV"]))})
    jawaban = {k: draw(st.sampled_from([0, 1])) for k in ATURAN.kode_butir()}
    return kk.KertasKerja(identitas=ident, pemeriksaan=pem, jawaban=jawaban, **tahun)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kertas_kerja())
def test_round_trip(ws):
    with tempfile.TemporaryDirectory() as d:
        path = write_worksheet(ws, Path(d) / "kk.xlsx")
        assert read_worksheet(path) == ws


@pytest.mark.parametrize("stem", ["contoh-ksp-sehat", "contoh-usp-cukup-sehat", "contoh-ksp-dalam-pengawasan-khusus"])
def test_example_workbooks_match_json(stem):
    """The committed examples are in step with the template (regenerate: scripts/buat_contoh.py)."""
    json_model = kk.KertasKerja.model_validate_json((WORKSHEETS / f"{stem}.json").read_text())
    assert read_worksheet(WORKSHEETS / f"{stem}.xlsx") == json_model


@pytest.mark.parametrize("rules", ["juknis-15-2021", "juknis-15-2021-kspps"])
def test_template_has_every_item_with_dropdown(tmp_path, rules):
    aturan = kk.load_rules(rules)
    wb = openpyxl.load_workbook(write_template(tmp_path / "kosong.xlsx", rules=rules))
    found: dict[str, str] = {}
    for ws in wb.worksheets:
        lists = {f"{get_column_letter(col)}{row}": dv.formula1 for dv in ws.data_validations.dataValidation
                 for r in dv.sqref.ranges for row, col in r.cells}
        for row in ws.iter_rows(min_col=1, max_col=3):
            kode = row[0].value
            if kode in aturan.kode_butir():
                found[kode] = ws.title
                assert lists.get(row[2].coordinate) == '"Terpenuhi,Tidak Terpenuhi"', (ws.title, kode)
                assert row[2].protection.locked is False and row[1].protection.locked is True
        assert ws.protection.sheet, ws.title
    assert set(found) == set(aturan.kode_butir())
    kuesioner_aspek = {a.kode: a.nama for a, i in aturan.indikator() if i.jenis == "kuesioner"}
    assert {found[k] for k in found} == set(kuesioner_aspek.values())


def test_template_formulas_and_balance_check():
    wb = build_workbook(BASE[0])
    ws = wb[L.NERACA]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for kunci in ("total_aset", "total_kewajiban", "total_ekuitas", "selisih_neraca"):
        for k in ("C", "D"):
            assert str(ws[f"{k}{rows[kunci]}"].value).startswith("="), kunci
    assert "TIDAK SEIMBANG" in ws[f"D{rows['cek_neraca']}"].value
    # total aset adds the right rows: PPAP subtracted, aset tetap added
    f = ws[f"D{rows['total_aset']}"].value
    assert f"D{rows['aset_tetap']}" in f and f"D{rows['aset_lancar']}" in f
    assert f"-D{rows['penyisihan_penghapusan_pinjaman']}" in ws[f"D{rows['aset_lancar']}"].value
    phu = wb[L.PHU]
    prow = {phu.cell(r, 1).value: r for r in range(1, phu.max_row + 1)}
    assert str(phu[f"D{prow['shu_setelah_pajak']}"].value).startswith("=")
    assert ws.freeze_panes == "C4"
    assert ws[f"D{rows['kas']}"].number_format.startswith("#,##0")


def test_only_input_cells_unlocked():
    wb = build_workbook(None)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.protection.locked is False and not isinstance(c, MergedCell):
                    assert c.fill.fgColor.rgb.endswith("FFF2CC"), (ws.title, c.coordinate)
                if isinstance(c.value, str) and c.value.startswith("="):
                    assert c.protection.locked, (ws.title, c.coordinate)


def test_more_team_rows_than_template_default(tmp_path):
    base = BASE[1]
    tim = [Petugas(nama=f"Pemeriksa {i}") for i in range(L.JUMLAH_TIM + 3)]
    ws = base.model_copy(update={"pemeriksaan": base.pemeriksaan.model_copy(update={"tim_pemeriksa": tim})})
    assert read_worksheet(write_worksheet(ws, tmp_path / "x.xlsx")) == ws


def test_text_starting_with_equals_stays_text(tmp_path):
    base = BASE[2]
    ident = base.identitas.model_copy(update={"alamat": "=Jalan Merdeka 1"})
    ws = base.model_copy(update={"identitas": ident})
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # a text is no formula: no stale-value warning
        assert read_worksheet(write_worksheet(ws, tmp_path / "x.xlsx")).identitas.alamat == "=Jalan Merdeka 1"


def test_build_workbook_saves_in_memory():
    buf = io.BytesIO()
    build_workbook(BASE[0]).save(buf)
    assert buf.getvalue()[:2] == b"PK"
