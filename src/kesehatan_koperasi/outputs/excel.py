"""The formatted results workbook ``hasil.xlsx`` of ``assess`` (issue 3, item 3; spec ``api.md``).

A rendering of one :class:`~kesehatan_koperasi.hasil.Hasil`, like the JSON and the documents, so
they cannot disagree: sheet *Ringkasan* (the cooperative, the aspects with weight and score,
nilai akhir and predikat), sheet *Indikator* (value, band, Nilai, Skor, kategori, status of the rule
value, range that would be Sehat, recommendation) with a frozen header and a filter, and, when
there are any, *Peringatan* and *Nilai Sementara*. Numbers are cells with formats (``0.00``,
``0.000``), so Excel shows them with the user's (Indonesian) separators.

Text comes from the worksheet (the cooperative's name, the findings), which is untrusted: every
cell, the sheet names and the title pass through the one neutraliser, :mod:`.netral` (a text that
starts like a formula becomes a quoted *text* cell; a control character becomes a printable
escape; ``docs/keamanan.md``).
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from ..result.hasil import Hasil
from ..worksheet.template import _tinggi
from .atomic import atomic_write_bytes as _atomic
from .netral import bersih, netralkan_buku, sel

_KEPALA = PatternFill("solid", fgColor="BDD7EE")
_GARIS = Border(*(Side(style="thin", color="A6A6A6"),) * 4)
_WARNA = {"Sehat": "C6EFCE", "Cukup Sehat": "E2EFDA", "Dalam Pengawasan": "FFEB9C",
          "Dalam Pengawasan Khusus": "FFC7CE", "Kurang Sehat": "FFEB9C", "Tidak Sehat": "FFC7CE"}
_JENIS = {"kuesioner": "Kuesioner", "rasio": "Rasio", "pertumbuhan": "Pertumbuhan"}


def write_hasil_xlsx(hasil: Hasil, path: str | Path) -> Path:
    """Write ``hasil.xlsx`` for one assessment; returns the path written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    _ringkasan(wb.active, hasil)
    _indikator(wb.create_sheet("Indikator"), hasil)
    if hasil.peringatan:
        _daftar(wb.create_sheet("Peringatan"), ("Peringatan",), [(w,) for w in hasil.peringatan], (120,))
    if hasil.nilai_sementara:
        _daftar(wb.create_sheet("Nilai Sementara"), ("Kunci", "Uraian", "Sumber"),
                [(n.kunci, n.uraian, n.sumber) for n in hasil.nilai_sementara], (16, 60, 70))
    for ws in wb.worksheets:
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait" if ws.title == "Ringkasan" else "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = None if ws.title == "Ringkasan" else "1:1"
    wb.properties.title = bersih(f"Hasil penilaian kesehatan {hasil.nama_koperasi}")
    netralkan_buku(wb)
    buf = io.BytesIO()
    wb.save(buf)
    _atomic(path, buf.getvalue())
    return path


def _kepala(ws: Worksheet, row: int, judul: tuple[str, ...]) -> None:
    for j, t in enumerate(judul, start=1):
        c = sel(ws, row, j, t)
        c.font, c.fill, c.border = Font(bold=True), _KEPALA, _GARIS
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _ringkasan(ws: Worksheet, h: Hasil) -> None:
    ws.title = "Ringkasan"
    ws["A1"] = "Hasil Penilaian Kesehatan Koperasi"
    ws["A1"].font = Font(size=14, bold=True)
    ident = h.identitas
    baris = [("Nama koperasi", h.nama_koperasi), ("NIK", ident.get("nik")), ("Jenis", ident.get("jenis")),
             ("Kabupaten/kota", ident.get("kabupaten_kota")), ("Tahun buku", ident.get("tahun_buku")),
             ("Aturan penilaian", f"{h.aturan.judul} ({h.aturan.nama}, versi {h.aturan.versi})")]
    r = 3
    for k, v in baris:
        sel(ws, r, 1, k).font = Font(bold=True)
        sel(ws, r, 2, v).alignment = Alignment(horizontal="left")
        r += 1
    r += 1
    berbobot = h.aturan.metode == "jumlah_berbobot"
    _kepala(ws, r, ("Kode", "Aspek", "Bobot [%]", "Jumlah indikator", "Jumlah skor", "Skor aspek",
                    "Kontribusi ke nilai akhir", "Keterangan"))
    for a in h.aspek:
        r += 1
        for j, (v, fmt) in enumerate(((a.kode, None), (a.nama, None), (a.bobot, "0.##"), (a.jumlah_indikator, "0"),
                                      (a.jumlah_skor, "0.00" if berbobot else "0"), (a.skor, "0.00" if berbobot
                                                                                      else "0.0"),
                                      (a.kontribusi, "0.00" if berbobot else "0.000"), (a.label, None)), start=1):
            c = sel(ws, r, j, v)
            c.border = _GARIS
            if fmt:
                c.number_format = fmt
    r += 2
    sel(ws, r, 1, "Nilai akhir").font = Font(bold=True, size=12)
    c = sel(ws, r, 2, h.nilai_akhir)
    c.number_format, c.font, c.alignment = "0.000", Font(bold=True, size=12), Alignment(horizontal="left")
    r += 1
    sel(ws, r, 1, "Predikat").font = Font(bold=True, size=12)
    c = sel(ws, r, 2, h.predikat)
    c.font = Font(bold=True, size=14)
    c.fill = PatternFill("solid", fgColor=_WARNA.get(h.predikat, "FFFFFF"))
    r += 2
    sel(ws, r, 1, f"Temuan ({h.aturan.temuan}): {len(h.temuan())}; peringatan: {len(h.peringatan)}; "
                  f"nilai aturan sementara yang dipakai: {len(h.nilai_sementara)}.").font = Font(italic=True)
    for k, w in zip("ABCDEFGH", (18, 34, 11, 12, 12, 11, 14, 20)):
        ws.column_dimensions[k].width = w


def _indikator(ws: Worksheet, h: Hasil) -> None:
    judul = ("Kode", "Aspek", "Indikator", "Jenis", "Nilai rasio [%]", "Rentang (pita)", "Nilai", "Skor",
             "Kategori", "Temuan", "Status nilai aturan", "Rentang sehat", "Peringatan", "Rekomendasi")
    _kepala(ws, 1, judul)
    for r, i in enumerate(h.indikator, start=2):
        rasio: float | str | None = i.rasio
        if isinstance(rasio, float) and math.isinf(rasio):
            rasio = "∞" if rasio > 0 else "−∞"
        nilai_rasio = "tak terdefinisi" if i.tak_terdefinisi else rasio
        vals = (i.kode, i.aspek, i.label, _JENIS[i.jenis], nilai_rasio, i.rentang, i.nilai, i.skor, i.kategori,
                "Ya" if i.temuan else None, i.status, i.rentang_sehat, "; ".join(i.peringatan) or None,
                i.rekomendasi if i.temuan else None)
        for j, v in enumerate(vals, start=1):
            c = sel(ws, r, j, v)
            c.border = _GARIS
            c.alignment = Alignment(vertical="top", wrap_text=j in (3, 13, 14))
        ws.cell(r, 5).number_format = "0.00"
        for teks, lebar in ((i.label, 44), (i.rekomendasi if i.temuan else "", 60), ("; ".join(i.peringatan), 30)):
            _tinggi(ws, r, teks, lebar)
        ws.cell(r, 9).fill = PatternFill("solid", fgColor=_WARNA.get(i.kategori, "FFFFFF"))
    for k, w in zip("ABCDEFGHIJKLMN", (10, 7, 44, 12, 13, 20, 7, 7, 14, 8, 15, 16, 30, 60)):
        ws.column_dimensions[k].width = w
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:N{len(h.indikator) + 1}"


def _daftar(ws: Worksheet, judul: tuple[str, ...], rows: list[tuple[str, ...]], lebar: tuple[int, ...]) -> None:
    _kepala(ws, 1, judul)
    for r, row in enumerate(rows, start=2):
        for j, v in enumerate(row, start=1):
            sel(ws, r, j, v).alignment = Alignment(wrap_text=True, vertical="top")
    for j, w in enumerate(lebar):
        ws.column_dimensions[chr(ord("A") + j)].width = w
    ws.freeze_panes = "A2"
