"""The ONE neutraliser of text that leaves through a spreadsheet or a CSV (issue 17, item 1).

Whatever arrives in a result — a cooperative's name from a worksheet, a pass-through column of a
batch table of any dtype (``object``, ``string``, ``category``, pyarrow, a dictionary-encoded
column), a column *header*, a sheet name — passes through here before ``hasil.xlsx``,
``hasil-massal.csv`` or ``hasil-massal.xlsx`` is written:

- formula injection (OWASP "CSV injection"): a text that starts with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return gets a leading ``'`` (:func:`teks`), so a spreadsheet shows it as
  text instead of running it; ``hasil.xlsx`` instead keeps the text and marks the cell as quoted
  text (:func:`netralkan_buku`), which is what Excel itself does for ``'=1+1``;
- control characters (``\\x00``–``\\x1f`` but tab/LF/CR, DEL, C1), which XML cannot hold and
  openpyxl refuses, are replaced by a printable escape (``\\x00``), so a writer never crashes;
- a value openpyxl or the CSV writer cannot take (a time-zone-aware timestamp, a period, a list,
  bytes, a dict) becomes text (:func:`nilai_sel`).

Parquet keeps the values as they are (read by programs, not opened by a spreadsheet).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import numpy as np
import pandas as pd

#: First characters that make a spreadsheet read a text as a formula (or a DDE command).
AWALAN_BAHAYA = ("=", "+", "-", "@", "\t", "\r")
_KENDALI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LEMBAR_TERLARANG = re.compile(r"[\\/*?:\[\]]")


def _escape(m: re.Match[str]) -> str:
    return f"\\x{ord(m.group()):02x}"


def bersih(teks: str) -> str:
    """``teks`` with every control character that XML cannot hold written as ``\\xNN``."""
    return _KENDALI.sub(_escape, teks) if _KENDALI.search(teks) else teks


def teks(v: Any) -> Any:
    """A CSV/spreadsheet-safe value: text cleaned (:func:`bersih`) and, when it starts like a formula,
    prefixed with ``'``; any other value unchanged."""
    if isinstance(v, str):
        v = bersih(v)
        return "'" + v if v.startswith(AWALAN_BAHAYA) else v
    return v


def nama_lembar(nama: str) -> str:
    """A safe sheet name: cleaned, without the characters Excel forbids, at most 31 characters."""
    s = _LEMBAR_TERLARANG.sub("_", bersih(str(nama))).strip("'") or "Lembar"
    return s[:31]


def nilai_sel(v: Any) -> Any:
    """A value a spreadsheet cell (and the CSV writer) can hold: None for missing, ``±∞`` as text,
    numpy scalars as Python values, naive datetimes kept, anything else unusual as text, and every
    text through :func:`teks`."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return None
        if math.isinf(f):
            return "∞" if f > 0 else "−∞"
        return f
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, str):
        return teks(v)
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        if v.tzinfo is not None:
            return teks(v.isoformat())
        return v.to_pydatetime() if isinstance(v, pd.Timestamp) else v
    if isinstance(v, (dt.date, dt.time)):
        return v
    if isinstance(v, (bytes, bytearray, memoryview)):
        return teks(bytes(v).decode("utf-8", errors="backslashreplace"))
    return teks(str(v))


def _kolom(s: pd.Series) -> pd.Series:
    """One column ready for a CSV or a spreadsheet (see :func:`nilai_sel`). Numeric, boolean and
    naive-datetime columns pass unchanged; every other dtype is turned into objects cell by cell,
    once per distinct value."""
    dt_ = s.dtype
    if (pd.api.types.is_numeric_dtype(dt_) or pd.api.types.is_bool_dtype(dt_)) and not isinstance(
            dt_, pd.CategoricalDtype) and not _pyarrow_teks(dt_):
        return s
    if isinstance(dt_, np.dtype) and dt_.kind == "M":
        return s
    if campuran(s):      # factorising would merge True, 1 and 1.0 (equal hashes): cell by cell
        return pd.Series([nilai_sel(v) for v in s.to_numpy(dtype=object)], index=s.index, name=s.name, dtype=object)
    kode, unik = pd.factorize(s.astype(object) if isinstance(dt_, pd.CategoricalDtype) else s,
                              use_na_sentinel=True)
    try:
        bersihkan = np.array([nilai_sel(v) for v in unik] + [None], dtype=object)
    except TypeError:   # unhashable values (lists): factorize refused them; cell by cell
        return pd.Series([nilai_sel(v) for v in s.to_numpy(dtype=object)], index=s.index, name=s.name,
                         dtype=object)
    return pd.Series(bersihkan[np.where(kode >= 0, kode, len(unik))], index=s.index, name=s.name, dtype=object)


def campuran(s: pd.Series) -> bool:
    """Whether ``s`` is an object column holding more than text (``True``, ``1`` and ``1.0`` hash
    alike, so such a column is never factorised)."""
    return isinstance(s.dtype, np.dtype) and s.dtype.kind == "O" and pd.api.types.infer_dtype(
        s, skipna=True) not in ("string", "empty")


def _pyarrow_teks(dt_: Any) -> bool:
    """Whether a pyarrow-backed dtype holds something other than numbers (text, dictionary, ...)."""
    pa_type = getattr(dt_, "pyarrow_dtype", None)
    if pa_type is None:
        return False
    import pyarrow as pa

    return not (pa.types.is_integer(pa_type) or pa.types.is_floating(pa_type) or pa.types.is_boolean(pa_type))


def netralkan_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` safe for a CSV or a spreadsheet: every value through :func:`nilai_sel`
    (any dtype) and every header through :func:`teks`. The copy carries no ``attrs`` (pandas would
    deep-copy them for every column taken)."""
    if frame.attrs:
        frame = frame.copy(deep=False)
        frame.attrs = {}
    out: dict[int, Any] = {}
    kepala = []
    for j in range(frame.shape[1]):
        s = frame.iloc[:, j]
        try:
            s = _kolom(s)
        except TypeError:
            s = pd.Series([nilai_sel(v) for v in s.to_numpy(dtype=object)], index=frame.index, dtype=object)
        out[j] = s.array
        kepala.append(teks(bersih(str(frame.columns[j]))))
    hasil = pd.DataFrame(out, index=frame.index, copy=False)
    hasil.columns = kepala
    return hasil


def netralkan_buku(wb: Any) -> int:
    """Make a workbook built in memory (openpyxl, not write-only) safe to save: every text cell is
    cleaned (:func:`bersih`) and one that starts like a formula becomes a *quoted text* cell
    (``quotePrefix``: Excel neither runs it on opening nor after the cell is edited; the text is kept
    exactly); every sheet name is made safe (:func:`nama_lembar`). Returns the number of cells
    quoted. (The workbooks written here never hold formulas of their own.)"""
    n = 0
    for ws in wb.worksheets:
        ws.title = nama_lembar(ws.title)
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if not isinstance(v, str):
                    continue
                b = bersih(v)
                if b.startswith(AWALAN_BAHAYA):
                    c.value = b
                    c.data_type = "s"
                    c.quotePrefix = True
                    n += 1
                elif b is not v:
                    c.value = b
    return n


def sel(ws: Any, baris: int, kolom: int, v: Any) -> Any:
    """``ws.cell(baris, kolom, v)`` with a text cleaned first (:func:`bersih`): openpyxl refuses a
    control character at assignment, before :func:`netralkan_buku` could see it."""
    return ws.cell(baris, kolom, bersih(v) if isinstance(v, str) else v)


def tulis_csv(frame: pd.DataFrame, path: Any, **opsi: Any) -> None:
    """Write ``frame`` neutralised (:func:`netralkan_frame`) as CSV, UTF-8, with RFC 4180 line ends
    (``\\r\\n``), so a value holding a carriage return or a line feed is quoted and never splits a
    row; ``opsi`` go to :meth:`pandas.DataFrame.to_csv` (separator, decimal mark, quoting)."""
    netralkan_frame(frame).to_csv(path, index=False, **({"encoding": "utf-8", "lineterminator": "\r\n"} | opsi))
