"""The register as a table (issue 13, item 3): one row per examination version, written as CSV or
XLSX through the library's neutraliser (:mod:`kesehatan_koperasi.outputs.netral`) so a
cooperative's name that starts like a formula stays text."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..outputs.netral import netralkan_buku, sel, tulis_csv
from .skema import Pemeriksaan
from .waktu_layanan import waktu_layanan

KOLOM = ["id", "nik", "nama_koperasi", "kabupaten_kota", "tahun_buku", "versi", "status", "nilai_akhir", "predikat",
         "kode_verifikasi", "nomor_sertifikat", "diterima", "terbit", "hari_kerja_layanan", "tenggat", "terlambat"]


def tabel_register(baris: Iterable[tuple[Pemeriksaan, str]], hari_ini: dt.date, libur: Any = ()) -> pd.DataFrame:
    """The rows ``(pemeriksaan, status shown)`` as a frame with :data:`KOLOM`."""
    data = []
    for p, status in baris:
        w = waktu_layanan(p.diterima_pada, p.terbit_pada.date() if p.terbit_pada else None, hari_ini, libur)
        data.append([p.id, p.nik, p.nama_koperasi, p.kabupaten_kota, p.tahun_buku, p.versi, status, p.nilai_akhir,
                     p.predikat, p.kode, p.nomor_sertifikat or "", p.diterima_pada.isoformat(),
                     p.terbit_pada.date().isoformat() if p.terbit_pada else "", w.hari_kerja, w.tenggat.isoformat(),
                     "ya" if w.terlambat else "tidak"])
    return pd.DataFrame(data, columns=KOLOM)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    tulis_csv(frame, buf)
    return buf.getvalue()


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Register"
    for j, k in enumerate(frame.columns, start=1):
        sel(ws, 1, j, str(k))
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        for j, v in enumerate(row, start=1):
            sel(ws, i, j, None if pd.isna(v) else (v.item() if hasattr(v, "item") else v))
    netralkan_buku(wb)      # a text that starts like a formula stays text (quoted), as Excel itself does
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
