"""Reading a worksheet: every error class of issue 3 gives located Indonesian messages, never a traceback.

Each test edits one cell (found by its key in column A, as the reader does) of a valid example
and checks the sheet, cell, field and text of the problem reported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi.cli import main
from kesehatan_koperasi.inputs.cells import FormatSalah, parse_angka, parse_bulat, parse_tanggal
from kesehatan_koperasi.worksheet import build_workbook, read_worksheet
from kesehatan_koperasi.worksheet import layout as L

WORKSHEETS = Path(__file__).resolve().parent.parent / "worksheets"
CASES = Path(__file__).resolve().parent / "cases" / "worksheet"
MODEL = kk.KertasKerja.model_validate_json((WORKSHEETS / "contoh-ksp-sehat.json").read_text())


def baris(ws, kunci: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == kunci)


def tulis(tmp_path, ubah: dict[tuple[str, str, str], object], wb=None) -> Path:
    """The example workbook with cells changed: ``{(lembar, kunci, kolom): nilai}``."""
    wb = wb or build_workbook(MODEL)
    for (lembar, kunci, kolom), v in ubah.items():
        ws = wb[lembar]
        ws[f"{kolom}{baris(ws, kunci)}"] = v
    p = tmp_path / "kk.xlsx"
    wb.save(p)
    return p


def masalah(path) -> list[kk.Masalah]:
    with pytest.raises(kk.WorksheetError) as e:
        read_worksheet(path)
    assert all(isinstance(m.pesan, str) and m.pesan for m in e.value.masalah)
    return e.value.masalah


# ----------------------------------------------------------------------------- numbers
@pytest.mark.parametrize("teks, nilai", [
    ("Rp 1.234.567,89", 1234567.89), ("1.234.567", 1234567.0), ("Rp. 1.000", 1000.0), ("0,5", 0.5),
    ("1234567", 1234567.0), (" Rp\u00a012.500 ", 12500.0), ("-", 0.0), (1500, 1500.0), (12.25, 12.25),
])
def test_parse_angka(teks, nilai):
    assert parse_angka(teks) == nilai


@pytest.mark.parametrize("teks, nilai", [("(12.500)", -12500.0), ("Rp (12.500)", -12500.0), ("-12.500", -12500.0),
                                          ("(Rp 1.234,50)", -1234.5), ("−7", -7.0)])
def test_parse_negative_where_allowed(teks, nilai):
    assert parse_angka(teks, negatif=True) == nilai
    with pytest.raises(FormatSalah, match="negatif"):
        parse_angka(teks)


@pytest.mark.parametrize("teks", ["12.5", "1,234,567.89", "1.23", "abc", "Rp", "1.2345", "", True, float("inf")])
def test_parse_angka_refuses_what_it_would_have_to_guess(teks):
    with pytest.raises(FormatSalah):
        parse_angka(teks)


def test_parse_bulat_and_tanggal():
    assert parse_bulat("1.234") == 1234
    with pytest.raises(FormatSalah, match="bulat"):
        parse_bulat("12,5")
    assert parse_tanggal("13 Mei 2026") == parse_tanggal("13-05-2026") == parse_tanggal("2026-05-13") == dt.date(2026, 5, 13)
    assert parse_tanggal(46155) == dt.date(2026, 5, 13)
    with pytest.raises(FormatSalah):
        parse_tanggal("31-02-2026")


# ----------------------------------------------------------------------------- files and sheets
def test_not_a_workbook(tmp_path):
    p = tmp_path / "bukan.xlsx"
    p.write_text("ini bukan buku kerja")
    [m] = masalah(p)
    assert "bukan buku kerja Excel" in m.pesan


def test_missing_file_and_old_format(tmp_path):
    assert "tidak ditemukan" in masalah(tmp_path / "tidak-ada.xlsx")[0].pesan
    p = tmp_path / "lama.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert ".xls tidak didukung" in masalah(p)[0].pesan


def test_missing_and_renamed_sheets_are_both_named(tmp_path):
    wb = build_workbook(MODEL)
    wb[L.NERACA].title = "Neraca 2025"
    del wb[L.DOKUMEN]
    ms = masalah(tulis(tmp_path, {}, wb))
    assert any("'Neraca' telah diganti namanya menjadi 'Neraca 2025'" in m.pesan for m in ms)
    assert any(m.pesan == f"lembar '{L.DOKUMEN}' tidak ditemukan" for m in ms)


def test_deleted_row_is_reported_by_key(tmp_path):
    wb = build_workbook(MODEL)
    ws = wb["Tata Kelola"]
    ws.delete_rows(baris(ws, "A.1.3.b"))
    [m] = masalah(tulis(tmp_path, {}, wb))
    assert m.medan == "A.1.3.b" and m.lembar == "Tata Kelola" and "tidak ditemukan" in m.pesan


def test_rows_found_by_key_not_by_address(tmp_path):
    """Inserting rows moves every cell; the reader still finds each by its code."""
    wb = build_workbook(MODEL)
    for nama in (L.NERACA, "Profil Risiko", L.IDENTITAS):
        wb[nama].insert_rows(6, 3)
    assert read_worksheet(tulis(tmp_path, {}, wb)) == MODEL


# ----------------------------------------------------------------------------- cells
def test_every_problem_is_collected_with_its_cell(tmp_path):
    p = tulis(tmp_path, {
        (L.NERACA, "kas", "D"): None,                       # empty: an error, not a zero
        (L.NERACA, "bank", "C"): "dua juta",
        (L.NERACA, "aset_tetap", "D"): -5,
        ("Tata Kelola", "A.1.1.a", "C"): "Ya",
        ("Profil Risiko", "B.2.1.1.b", "C"): None,
        (L.DOKUMEN, "npwp", "C"): "Tidak Berlaku",         # not a "jika ada" document
        (L.IDENTITAS, "nik", "C"): "61000",
        (L.IDENTITAS, "tanggal_surat_tugas", "C"): "kemarin",
    })
    ms = {(m.lembar, m.sel): m for m in masalah(p)}
    kas = ms[(L.NERACA, f"D{baris(openpyxl.load_workbook(p)[L.NERACA], 'kas')}")]
    assert kas.medan == "kas" and "kosong" in kas.pesan and "rupiah" in kas.diharapkan
    got = {m.medan: m for m in ms.values()}
    assert got["bank_lalu"].ditemukan == "'dua juta'" and got["bank_lalu"].sel.startswith("C")
    assert "negatif" in got["aset_tetap"].pesan
    assert got["A.1.1.a"].pesan == "jawaban tidak sah" and "Terpenuhi" in got["A.1.1.a"].diharapkan
    assert got["B.2.1.1.b"].pesan == "butir belum dijawab"
    assert got["dokumen.npwp"].pesan == "pilihan tidak sah" and "Tidak Berlaku" not in got["dokumen.npwp"].diharapkan
    assert "16 angka" in got["nik"].pesan
    assert "bukan tanggal" in got["tanggal_surat_tugas"].pesan
    assert len(got) == 8   # the balance check is not run on a year with unreadable amounts


def test_indonesian_text_numbers_and_loss_in_parentheses(tmp_path):
    ws = MODEL.tahun_ini
    selisih = ws.shu_belum_dibagi + 12_500     # move it to a loss of Rp 12.500 (balanced via cadangan)
    p = tulis(tmp_path, {
        (L.NERACA, "kas", "D"): "Rp " + f"{ws.kas:,.2f}".replace(",", "X").replace(".", ",").replace("X", "."),
        (L.NERACA, "bank", "D"): f"{ws.bank:,.0f}".replace(",", "."),
        (L.NERACA, "shu_belum_dibagi", "D"): "(12.500)",
        (L.NERACA, "cadangan_umum", "D"): ws.cadangan_umum + selisih,
    })
    got = read_worksheet(p)
    assert got.tahun_ini.shu_belum_dibagi == -12_500
    assert got.tahun_ini.kas == ws.kas and got.tahun_ini.bank == ws.bank


def test_unbalanced_neraca_names_the_total_cell(tmp_path):
    p = tulis(tmp_path, {(L.NERACA, "kas", "C"): MODEL.tahun_lalu.kas + 5_000_000})
    [m] = masalah(p)
    wb = openpyxl.load_workbook(p)
    assert (m.lembar, m.sel, m.medan) == (L.NERACA, f"C{baris(wb[L.NERACA], 'total_aset')}", "total_aset_lalu")
    assert "tidak seimbang" in m.pesan and "Rp 5.000.000" in m.pesan


def test_collectibility_and_member_counts(tmp_path):
    p = tulis(tmp_path, {(L.KOLEKTIBILITAS, "pinjaman_macet", "D"): MODEL.tahun_ini.pinjaman_macet + 10,
                         (L.KOLEKTIBILITAS, "anggota_masuk", "C"): MODEL.tahun_lalu.anggota_masuk + 1})
    got = {m.medan: m for m in masalah(p)}
    assert got["pinjaman_lancar"].lembar == L.KOLEKTIBILITAS and got["pinjaman_lancar"].sel.startswith("D")
    assert "kolektibilitas tahun buku" in got["pinjaman_lancar"].pesan
    akhir = got["jumlah_anggota_akhir_lalu"]
    assert akhir.sel.startswith("C") and akhir.diharapkan == str(MODEL.tahun_lalu.jumlah_anggota_akhir + 1)


def test_team_needs_two_and_rows_need_a_name(tmp_path):
    p = tulis(tmp_path, {(L.IDENTITAS, "tim_pemeriksa.2", c): None for c in "CDE"}
              | {(L.IDENTITAS, "pengurus_hadir.3", "D"): "Sekretaris"})
    got = {m.medan: m for m in masalah(p)}
    assert got["tim_pemeriksa.2.nama"].pesan == "tim pemeriksa kurang dari 2 orang"
    assert got["pengurus_hadir.3.nama"].pesan.startswith("wajib diisi")


def test_dates_out_of_order_are_placed_on_a_cell(tmp_path):
    p = tulis(tmp_path, {(L.IDENTITAS, "tanggal_selesai_pemeriksaan", "C"): dt.date(2020, 1, 1)})
    [m] = masalah(p)
    assert m.lembar == L.IDENTITAS and m.sel and "tidak boleh sebelum" in m.pesan


def test_formula_in_input_cell_without_cached_value(tmp_path):
    [m] = masalah(tulis(tmp_path, {(L.NERACA, "kas", "D"): "=1000+2000"}))
    assert m.medan == "kas" and "rumus" in m.pesan and m.ditemukan == "=1000+2000"


def test_nik_typed_as_number_is_refused(tmp_path):
    [m] = masalah(tulis(tmp_path, {(L.IDENTITAS, "nik", "C"): 6100002026000000}))
    assert m.medan == "nik" and "teks" in m.pesan


def test_libreoffice_saved_file_uses_cached_values():
    """Saved by LibreOffice: an input cell holding a formula is read through its cached value.
    (The fixture was made from the USP example as it was then, kept beside it as JSON.)"""
    expected = kk.KertasKerja.model_validate_json((CASES / "libreoffice-usp-rumus.json").read_text())
    assert read_worksheet(CASES / "libreoffice-usp-rumus.xlsx") == expected


def test_unanswered_items_of_another_rule_set(tmp_path):
    """A worksheet made for the conventional rules, read for the syariah rules: every difference reported."""
    kspps = kk.load_rules("juknis-15-2021-kspps")
    extra = set(kspps.kode_butir()) - set(kk.load_rules().kode_butir())
    if not extra:
        pytest.skip("the two rule sets have the same items")
    with pytest.raises(kk.WorksheetError) as e:
        # the workbook records the conventional set; insisting on the syariah one is explicit
        read_worksheet(WORKSHEETS / "contoh-ksp-sehat.xlsx", rules=kspps, abaikan_aturan_tercatat=True)
    assert extra <= {m.medan for m in e.value.masalah}


# ----------------------------------------------------------------------------- command line
def test_cli_validate_exit_codes_without_traceback(tmp_path, capsys):
    assert main(["validate", str(WORKSHEETS / "contoh-ksp-sehat.xlsx")]) == 0
    bad = tulis(tmp_path, {(L.NERACA, "kas", "D"): None, ("Tata Kelola", "A.1.1.a", "C"): "mungkin"})
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "2 masalah" in err and "lembar 'Neraca', sel D" in err
    junk = tmp_path / "x.xlsx"
    junk.write_bytes(b"PK\x03\x04 rusak")
    assert main(["validate", str(junk)]) == 1
    assert "Traceback" not in capsys.readouterr().err
