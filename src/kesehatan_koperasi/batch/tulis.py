"""The outputs of a batch: ``hasil-massal.csv``, ``hasil-massal.parquet`` and ``hasil-massal.xlsx``
(sheets Ringkasan, Hasil, Indikator), each written to a temporary name beside it and renamed, so an
interrupted run never leaves a half-written file.

Every value and header written to CSV and XLSX, of any dtype, passes through the one neutraliser
(:mod:`kesehatan_koperasi.outputs.netral`: formula injection, control characters, values a
spreadsheet cannot hold). Parquet keeps the values as they are (read by programs).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..outputs import netral
from ..outputs.atomic import atomic_path
from ..outputs.netral import netralkan_frame, nilai_sel
from ..outputs.netral import teks as netralkan
from ..result.frame import ATTRS

NAMA = "hasil-massal"
#: Data rows an Excel sheet can hold (1,048,576 minus the header row).
BARIS_EXCEL_MAKS = 1_048_575
GAGAL = "Gagal dinilai"


# ------------------------------------------------------------------------------ summaries
def _aturan(hasil: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The rule sets the result table was scored with, as ``assess_frame`` described them
    (``DataFrame.attrs``); never reloaded by name, so a rule file of the user's own works."""
    return dict(hasil.attrs.get(ATTRS, {}).get("aturan", {}))


def _urutan_predikat(hasil: pd.DataFrame) -> list[str]:
    """Every predicate, best first, of the rule sets used, then any other value seen."""
    urut: dict[str, None] = {}
    for info in _aturan(hasil).values():
        for p in info["predikat"]:
            urut.setdefault(str(p), None)
    for p in hasil.get("predikat", pd.Series([], dtype="string")).dropna().unique():
        urut.setdefault(str(p), None)
    return list(urut)


def _kategori(hasil: pd.DataFrame) -> pd.Series:
    """The predicate of each row, or "Gagal dinilai" for a row with a ``galat``."""
    pred = hasil["predikat"].astype("string") if "predikat" in hasil else pd.Series(pd.NA, index=hasil.index,
                                                                                    dtype="string")
    gagal = hasil["galat"].fillna("").astype("string") != ""
    return pred.mask(gagal, GAGAL).fillna(GAGAL)


def hitung_predikat(hasil: pd.DataFrame) -> pd.DataFrame:
    """Count and share of each predicate (and of failed rows)."""
    kat = _kategori(hasil)
    urut = _urutan_predikat(hasil) + [GAGAL]
    n = kat.value_counts().reindex(urut, fill_value=0)
    total = max(len(hasil), 1)
    return pd.DataFrame({"predikat": urut, "jumlah": n.to_numpy(dtype=np.int64),
                         "persen": np.round(n.to_numpy() / total * 100, 1)})


def tabel_silang(hasil: pd.DataFrame, kolom: str) -> pd.DataFrame | None:
    """Counts per value of ``kolom`` × predicate, with a total column; None without ``kolom``."""
    if kolom not in hasil:
        return None
    kat = pd.Categorical(_kategori(hasil), categories=_urutan_predikat(hasil) + [GAGAL])
    kunci = hasil[kolom].astype("string").fillna("(tidak diisi)")
    t = pd.crosstab(kunci.to_numpy(), kat, dropna=False)
    t.index.name = kolom
    t.columns = [str(c) for c in t.columns]
    t["Jumlah"] = t.sum(axis=1)
    t = t[t["Jumlah"] > 0]
    nilai = hasil.get("nilai_akhir")
    if nilai is not None:
        t["Rata-rata nilai akhir"] = pd.Series(nilai.to_numpy(dtype=float), index=kunci.to_numpy()) \
            .groupby(level=0).mean().round(3).reindex(t.index)
    return t.reset_index()


def hitung_indikator(hasil: pd.DataFrame) -> pd.DataFrame:
    """How often each indicator was a finding, per rule set, by each rule set's own findings rule.

    Counted from the ``temuan.<kode>`` columns of the one scoring call (the same counts as
    grouping ``assess_frame(..., detail="panjang")`` by ``aturan`` and ``kode``, without scoring
    again); the rule set's indicators and labels come from the table's description of it.
    """
    rows = []
    dinilai = hasil[hasil["galat"].fillna("") == ""] if "galat" in hasil else hasil
    kolom = ["aturan", "kode", "aspek", "indikator", "temuan_menurut", "dinilai", "temuan", "persen_temuan"]
    if "aturan" not in dinilai or dinilai.empty:
        return pd.DataFrame(columns=kolom)
    aturan = _aturan(hasil)
    for nama, grup in dinilai.groupby(dinilai["aturan"].astype(str), sort=False):
        info = aturan.get(nama)
        if info is None:
            continue
        for kode, asp, label in info["indikator"]:
            c = f"temuan.{kode}"
            if c not in grup:
                continue
            v = grup[c]
            n = int(v.notna().sum())
            t = int(v.fillna(False).astype(bool).sum())
            rows.append({"aturan": nama, "kode": kode, "aspek": asp, "indikator": label,
                         "temuan_menurut": info["temuan"], "dinilai": n, "temuan": t,
                         "persen_temuan": round(t / n * 100, 1) if n else math.nan})
    return pd.DataFrame(rows, columns=kolom)


# ------------------------------------------------------------------------------ writers
def _tulis_tabel(ws: Any, frame: pd.DataFrame, judul: str | None = None) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    tebal = Font(bold=True)
    if judul:
        c = WriteOnlyCell(ws, value=netralkan(judul))
        c.font = tebal
        ws.append([c])
    kepala = []
    for k in frame.columns:
        c = WriteOnlyCell(ws, value=netralkan(str(k)))
        c.font = tebal
        kepala.append(c)
    ws.append(kepala)
    aman = netralkan_frame(frame)
    kolom = [aman[c].to_numpy(dtype=object, na_value=None) for c in aman.columns]
    for baris in zip(*kolom):
        ws.append([nilai_sel(v) for v in baris])


def _lebar(ws: Any, lebar: list[float]) -> None:
    """Column widths (set before the first row: the sheet is write-only)."""
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(lebar, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def tulis_xlsx(path: Path, hasil: pd.DataFrame, ringkasan: list[tuple[str, pd.DataFrame]],
               indikator: pd.DataFrame) -> Path:
    """Workbook with sheets Ringkasan, Hasil and Indikator (write-only, then renamed)."""
    from openpyxl import Workbook

    def tulis(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Ringkasan")
        _lebar(ws, [34.0] + [18.0] * max((t.shape[1] for _, t in ringkasan), default=1))
        for i, (judul, tabel) in enumerate(ringkasan):
            if i:
                ws.append([])
            _tulis_tabel(ws, tabel, judul)
        ws = wb.create_sheet("Hasil")
        ws.freeze_panes = "C2"
        _lebar(ws, [min(45, max(12, len(str(c)) + 2)) for c in hasil.columns])
        if len(hasil) > BARIS_EXCEL_MAKS:
            _tulis_tabel(ws, hasil.iloc[:BARIS_EXCEL_MAKS])
        else:
            _tulis_tabel(ws, hasil)
        ws = wb.create_sheet("Indikator")
        ws.freeze_panes = "A2"
        _lebar(ws, [12 if str(c) != "label" else 60 for c in indikator.columns])
        _tulis_tabel(ws, indikator)
        wb.save(tmp)

    with atomic_path(path) as tmp:
        tulis(tmp)
    return path


def tulis_csv(path: Path, hasil: pd.DataFrame) -> Path:
    with atomic_path(path) as tmp:
        netral.tulis_csv(hasil, tmp)
    return path


def tulis_parquet(path: Path, hasil: pd.DataFrame) -> Path:
    with atomic_path(path) as tmp:
        hasil.to_parquet(tmp, index=False)
    return path


def ringkasan(hasil: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The tables of the Ringkasan sheet: per predikat, per kabupaten/kota, per jenis."""
    out: list[tuple[str, pd.DataFrame]] = [("Jumlah koperasi per predikat", hitung_predikat(hasil))]
    for kolom, judul in (("kabupaten_kota", "Per kabupaten/kota"), ("jenis", "Per jenis koperasi")):
        t = tabel_silang(hasil, kolom)
        if t is not None:
            out.append((judul, t))
    if len(hasil) > BARIS_EXCEL_MAKS:
        out.append(("Catatan", pd.DataFrame({"catatan": [
            f"Lembar Hasil memuat {BARIS_EXCEL_MAKS:,} baris pertama dari {len(hasil):,} (batas Excel); "
            f"hasil lengkap ada di {NAMA}.csv dan {NAMA}.parquet."]})))
    return out


def tulis_hasil(hasil: pd.DataFrame, out: str | Path) -> dict[str, Path]:
    """Write ``hasil-massal.csv``, ``.parquet`` and ``.xlsx`` into ``out``; returns the paths by format."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return {
        "csv": tulis_csv(out / f"{NAMA}.csv", hasil),
        "parquet": tulis_parquet(out / f"{NAMA}.parquet", hasil),
        "xlsx": tulis_xlsx(out / f"{NAMA}.xlsx", hasil, ringkasan(hasil), hitung_indikator(hasil)),
    }
