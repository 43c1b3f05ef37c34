"""The streamed Hasil sheet of ``hasil-massal.xlsx`` (issue 15, item 2; ``batch/lembar_hasil.py``)
against an obviously-correct reference: the same neutralised table written cell by cell with
openpyxl's ordinary (not write-only) workbook, with the same number formats. Every cell must read
back the same — value, kind, number format, bold header — for every dtype a result can carry."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kesehatan_koperasi.batch import lembar_hasil, tulis
from kesehatan_koperasi.outputs.netral import netralkan_frame, nilai_sel


def _tabel(tmp_path: Path, n: int = 9) -> pd.DataFrame:
    """A batch result of ``n`` synthetic cooperatives, with columns of every odd dtype a
    pass-through column can carry put in place of some of its own."""
    from kesehatan_koperasi import batch, contoh

    contoh.koperasi(n, seed=3).to_parquet(tmp_path / "t.parquet", index=False)
    t = batch.assess_table(tmp_path / "t.parquet")
    assert len(t) == n and t.attrs                       # attrs: the writer must not copy them per column
    ganti = {
        "nama_koperasi": ["=HYPERLINK(\"x\")", " a & b < c ", "baris\nbaru", "", "Kop \"Maju\"", "]]>", "-1", "@x", None],
        "nik": pd.array(["6100000007000000"] * 8 + [None], dtype="string"),
        "jenis": pd.Categorical(["KSP", "KSPPS"] * 4 + ["KSP"]),
        "nilai_akhir": [84.0, 63.25, np.nan, 100.0, 0.1, 1e-05, 51.0, 1e20, 80.125],
        "aspek.A": [1.5, 2.0, np.nan, 3.0, np.inf, -np.inf, 4.0, 5.0, 6.0],
        "tanggal_pemeriksaan": pd.to_datetime(["2026-01-02"] * 8 + [None]),
        "lain": [True, 1, 1.5, "teks", None, dt.date(2026, 3, 4), dt.datetime(2026, 3, 4, 5, 6), 2, "x"],
        "int_nullable": pd.array([1, 2, None, 4, 1, 2, 3, 4, 1], dtype="Int8"),
        "bool_nullable": pd.array([True, False, None, True, False, True, True, False, True], dtype="boolean"),
    }
    for k, v in ganti.items():
        ulang = pd.Series(v).take(np.arange(n) % 9)
        t[k] = ulang.to_numpy() if not isinstance(ulang.dtype, pd.api.extensions.ExtensionDtype) else ulang.array
    return t


def _rujukan(path: Path, tabel: pd.DataFrame) -> None:
    """The reference: every cell set one by one on an ordinary openpyxl sheet."""
    from openpyxl.styles import Font

    aman = netralkan_frame(tabel)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Hasil"
    for j, k in enumerate(tabel.columns, start=1):
        c = ws.cell(1, j, tulis.netralkan(tulis.kepala(str(k))))
        c.font = Font(bold=True)
    for j, k in enumerate(tabel.columns, start=1):
        nilai = [nilai_sel(v) for v in aman.iloc[:, j - 1].to_numpy(dtype=object)]
        contoh = next((v for v in nilai if v is not None), None)
        fmt = tulis._format_angka(str(k), contoh)
        for i, v in enumerate(nilai, start=2):
            c = ws.cell(i, j, v)
            if fmt is not None and v is not None and not isinstance(v, str) and not isinstance(v, bool):
                c.number_format = fmt
    wb.save(path)


def _sel(ws) -> list[list[tuple]]:
    out = []
    for baris in ws.iter_rows():
        out.append([(c.value, None if c.value is None else "s" if c.data_type == "inlineStr" else c.data_type,
                     c.number_format if c.value is not None else None, bool(c.font.b)) for c in baris])
    return out


def test_streamed_sheet_reads_back_as_the_cell_by_cell_reference(tmp_path):
    tabel = _tabel(tmp_path)
    tulis.tulis_xlsx(tmp_path / "h.xlsx", tabel, tulis.ringkasan(tabel), tulis.hitung_indikator(tabel))
    _rujukan(tmp_path / "r.xlsx", tabel)
    baru = openpyxl.load_workbook(tmp_path / "h.xlsx")["Hasil"]
    rujukan = openpyxl.load_workbook(tmp_path / "r.xlsx")["Hasil"]
    a, b = _sel(baru), _sel(rujukan)
    assert len(a) == len(tabel) + 1 and len(a) == len(b)
    for i, (ra, rb) in enumerate(zip(a, b), start=1):
        for j, (ca, cb) in enumerate(zip(ra, rb), start=1):
            assert ca == cb and type(ca[0]) is type(cb[0]), (i, tabel.columns[j - 1], ca, cb)
    # what a spreadsheet must never see: a live formula, or an integer column read back as text
    nama = openpyxl.utils.get_column_letter(list(tabel.columns).index("nama_koperasi") + 1)
    aspek = openpyxl.utils.get_column_letter(list(tabel.columns).index("aspek.A") + 1)
    assert baru[f"{nama}2"].value == "'=HYPERLINK(\"x\")" and baru[f"{nama}2"].data_type != "f"
    assert baru[f"{nama}3"].value == " a & b < c "
    assert baru[f"{aspek}6"].value == "∞" and baru[f"{aspek}7"].value == "−∞"


def test_the_sheet_keeps_its_setup_and_the_other_sheets(tmp_path):
    tabel = _tabel(tmp_path)
    tulis.tulis_xlsx(tmp_path / "h.xlsx", tabel, tulis.ringkasan(tabel), tulis.hitung_indikator(tabel))
    wb = openpyxl.load_workbook(tmp_path / "h.xlsx")
    assert wb.sheetnames[:3] == ["Ringkasan", "Hasil", "Indikator"]
    ws = wb["Hasil"]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(tabel.shape[1])}{len(tabel) + 1}"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    with zipfile.ZipFile(tmp_path / "h.xlsx") as z:
        assert z.testzip() is None
        assert len(z.namelist()) == len(set(z.namelist()))       # the placeholder was not copied twice


def test_batches_are_appended_in_order(tmp_path):
    tabel = _tabel(tmp_path, 21)
    tabel["baris"] = np.arange(1, len(tabel) + 1)
    buku = tulis.buku_hasil(tmp_path / "h.xlsx", list(tabel.columns), len(tabel))
    for a in range(0, len(tabel), 7):
        buku.tambah(netralkan_frame(tabel.iloc[a:a + 7]))
    buku.tutup(lambda wb, ws: None)
    ws = openpyxl.load_workbook(tmp_path / "h.xlsx", read_only=True)["Hasil"]
    baris = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert baris == list(range(1, len(tabel) + 1))


def test_more_rows_than_one_block(tmp_path, monkeypatch):
    monkeypatch.setattr(lembar_hasil, "POTONG", 5)
    monkeypatch.setattr(lembar_hasil, "BLOK", 2)
    tabel = _tabel(tmp_path)
    tulis.tulis_xlsx(tmp_path / "h.xlsx", tabel, tulis.ringkasan(tabel), tulis.hitung_indikator(tabel))
    ws = openpyxl.load_workbook(tmp_path / "h.xlsx", read_only=True)["Hasil"]
    assert [r[1] for r in ws.iter_rows(min_row=2, values_only=True)] == list(range(1, 10))


def test_a_placeholder_set_up_otherwise_is_refused(tmp_path):
    """The streamed part opens with the set-up of a throwaway placeholder; the real placeholder
    must match it, or the workbook would carry a sheet whose set-up differs from what was asked."""
    panggilan = []

    def siapkan(wb, kolom, baris):
        panggilan.append(1)
        return tulis._lembar_hasil(wb, kolom, baris + len(panggilan))     # differs on the 2nd call

    buku = lembar_hasil.BukuHasil(tmp_path / "h.xlsx", ["a"], 1, siapkan, tulis._format_angka, str)
    buku.tambah(pd.DataFrame({"a": [1]}))
    with pytest.raises(RuntimeError, match="tidak sama"):
        buku.tutup(lambda wb, ws: None)


def test_a_failure_in_the_block_closes_the_workbook_unfinished(tmp_path, monkeypatch):
    """tulis_xlsx: an exception while the rows stream (Ctrl-C included) closes the archive and
    leaves neither the file nor its temporary name behind."""
    tabel = _tabel(tmp_path)
    ditutup = []
    asli = lembar_hasil.BukuHasil.batalkan

    def batalkan(self):
        ditutup.append(self)
        asli(self)

    def gagal(self, frame):
        raise KeyboardInterrupt

    monkeypatch.setattr(lembar_hasil.BukuHasil, "batalkan", batalkan)
    monkeypatch.setattr(lembar_hasil.BukuHasil, "tambah", gagal)
    with pytest.raises(KeyboardInterrupt):
        tulis.tulis_xlsx(tmp_path / "h.xlsx", tabel, tulis.ringkasan(tabel), tulis.hitung_indikator(tabel))
    assert len(ditutup) == 1 and ditutup[0]._zip.fp is None          # the archive is closed
    assert not any(p.name.startswith("h.") or p.suffix == ".tmp" for p in tmp_path.iterdir())


def test_the_batch_writer_closes_every_file_on_a_failure(tmp_path):
    from kesehatan_koperasi import batch, contoh

    contoh.koperasi(5, seed=3).to_parquet(tmp_path / "t.parquet", index=False)
    tabel = batch.assess_table(tmp_path / "t.parquet")
    with pytest.raises(ZeroDivisionError), tulis.TulisBertahap(tmp_path, len(tabel)) as penulis:
        penulis.tambah(tabel)
        raise ZeroDivisionError("gagal di tengah")
    assert penulis._csv.closed and penulis._buku is not None and penulis._buku._zip.fp is None
