"""The workbook ``hasil-massal.xlsx`` with its large sheet, Hasil, written as XML column by column
(issue 15, item 2: "the batch result workbook for large tables through a streaming writer:
100,000 rows in ≤ 15 s").

openpyxl builds the workbook: the sheets Ringkasan, Indikator and Grafik (small), the styles, the
defined names (print titles, filter) and a *placeholder* Hasil sheet set up as the real one (column
widths, frozen panes, filter, A4 page) but without rows. The rows of Hasil never become cell
objects: each column of a batch is factorised once, the XML of each distinct value is made once
(:func:`_sel_xml`) and taken for every row, and the rows are streamed straight into the sheet's
part of the final archive (deflate level 1). On :meth:`BukuHasil.tutup` the parts openpyxl wrote
are copied beside it, all but the placeholder, whose set-up (everything but the rows) must be the
one the streamed part was opened with, or the writer refuses (:class:`RuntimeError`).

Values arrive neutralised (:func:`kesehatan_koperasi.outputs.netral.netralkan_frame`): numbers,
booleans, naive dates and cleaned texts; ``±∞`` and anything unusual are already text. A text
cell is an inline string (``t="inlineStr"``), so no value is ever read as a formula. Number
formats are those :func:`kesehatan_koperasi.batch.tulis._format_angka` gives, registered in
openpyxl's style table (the cell's ``s``).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from ..outputs.netral import campuran

#: Rows whose cells are made at once (each column factorised over them), and rows per block of
#: XML written to the archive.
POTONG, BLOK = 65_536, 4096
_KOSONG = "<c/>"
#: The part openpyxl writes for the second sheet, Hasil (the placeholder the streamed part replaces).
_BAGIAN = "xl/worksheets/sheet2.xml"
_TEBAL = "\0tebal"                    # the key of the bold style (no number format is named so)
_SPASI_TEPI = re.compile(r"^\s|\s$|\n")
#: openpyxl's number formats for dates and times in a cell of no format of its own.
_FORMAT_WAKTU = {dt.datetime: "yyyy-mm-dd h:mm:ss", dt.date: "yyyy-mm-dd", dt.time: "h:mm:ss"}


def _angka_xml(f: float, gaya: str) -> str:
    """A float's cell: ``±∞`` as the text :func:`~kesehatan_koperasi.outputs.netral.nilai_sel`
    writes, an integral value without ``.0`` (as openpyxl writes it), else its shortest repr."""
    if math.isinf(f):
        return _teks_xml("∞" if f > 0 else "−∞")
    r = repr(f)
    return f"<c{gaya}><v>{r[:-2] if r.endswith('.0') else r}</v></c>"


def _teks_xml(v: str, gaya: str = "") -> str:
    ruang = ' xml:space="preserve"' if _SPASI_TEPI.search(v) else ""
    return f'<c t="inlineStr"{gaya}><is><t{ruang}>{escape(v)}</t></is></c>'


class _Gaya:
    """Style ids of number formats (and of bold headers), registered in the openpyxl workbook so
    that its ``styles.xml`` holds them."""

    def __init__(self, ws: Any) -> None:
        self._ws = ws
        self._id: dict[str, int] = {}

    def format(self, fmt: str | None) -> str:
        """The ``s`` attribute of a cell of number format ``fmt`` ("" for none)."""
        if fmt is None:
            return ""
        if fmt not in self._id:
            from openpyxl.cell import WriteOnlyCell

            c = WriteOnlyCell(self._ws)
            c.number_format = fmt
            self._id[fmt] = c.style_id
        return f' s="{self._id[fmt]}"'

    def tebal(self) -> str:
        """The ``s`` attribute of a bold header cell."""
        if _TEBAL not in self._id:
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.styles import Font

            c = WriteOnlyCell(self._ws)
            c.font = Font(bold=True)
            self._id[_TEBAL] = c.style_id
        return f' s="{self._id[_TEBAL]}"'


def _sel_xml(v: Any, fmt: str | None, gaya: _Gaya) -> str:
    """The XML of one cell holding ``v`` (a neutralised value) in a column of number format ``fmt``."""
    from openpyxl.utils.datetime import to_excel

    if v is None or v is pd.NA or v is pd.NaT:
        return _KOSONG
    if isinstance(v, (bool, np.bool_)):
        return f'<c t="b"><v>{int(v)}</v></c>'
    if isinstance(v, (int, np.integer)):
        return f"<c{gaya.format(fmt)}><v>{int(v)}</v></c>"
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return _KOSONG if math.isnan(f) else _angka_xml(f, gaya.format(fmt))
    if isinstance(v, str):
        return _teks_xml(v) if v else _KOSONG          # openpyxl writes no text for ""
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        bawaan = next(f for t, f in _FORMAT_WAKTU.items() if isinstance(v, t))
        return f"<c{gaya.format(fmt or bawaan)}><v>{to_excel(v)!r}</v></c>"
    return _teks_xml(str(v))


def _kolom_xml(s: pd.Series, fmt: str | None, gaya: _Gaya) -> np.ndarray:
    """The cell XML of every value of one neutralised column: each distinct value made once."""
    if campuran(s):                      # factorising would merge True, 1 and 1.0: cell by cell
        return np.array([_sel_xml(v, fmt, gaya) for v in s.to_numpy(dtype=object)], dtype=object)
    kode, unik = pd.factorize(s, use_na_sentinel=True)
    sel = np.array([*_unik_xml(unik, s.dtype, fmt, gaya), _KOSONG], dtype=object)
    return sel[kode]                      # the missing (code -1) take the last: an empty cell


def _unik_xml(unik: Any, dtype: Any, fmt: str | None, gaya: _Gaya) -> list[str]:
    """The XML of the distinct values of a column (no missing value among them); numbers without
    the per-value type tests of :func:`_sel_xml`."""
    nilai = unik.tolist()
    if pd.api.types.is_bool_dtype(dtype):
        return [f'<c t="b"><v>{int(v)}</v></c>' for v in nilai]
    if pd.api.types.is_integer_dtype(dtype):
        g = gaya.format(fmt)
        return [f"<c{g}><v>{v}</v></c>" for v in nilai]
    if pd.api.types.is_float_dtype(dtype):
        g = gaya.format(fmt)
        return [_angka_xml(f, g) for f in nilai]
    return [_sel_xml(v, fmt, gaya) for v in nilai]


class BukuHasil:
    """``hasil-massal.xlsx`` written as it goes: :meth:`tambah` streams rows of the Hasil sheet,
    :meth:`tutup` adds the sheets of the summary (``akhir(wb, ringkasan_ws)``) and the rest of
    the workbook.

    Parameters
    ----------
    path : Path
        The file written (the caller renames it into place).
    kolom : list of str
        The result columns, in order (their headers through ``kepala``).
    baris : int
        The rows the sheet will hold (its filter's range).
    siapkan : callable
        ``siapkan(wb, kolom, baris)`` → the placeholder Hasil sheet, set up (widths, panes, filter,
        page); called twice, on a throwaway workbook (whose sheet XML opens the streamed part) and
        on the real one.
    format_kolom, kepala : callables
        The number format of a column given its first value; the header of a column.
    """

    def __init__(self, path: Path, kolom: list[str], baris: int, siapkan: Callable[..., Any],
                 format_kolom: Callable[[str, Any], str | None], kepala: Callable[[str], str]) -> None:
        from openpyxl import Workbook

        self.kolom, self._baris_ke = list(kolom), 1
        self._format_kolom = format_kolom
        awal, self._akhir_xml = _kerangka(siapkan, self.kolom, baris)
        self._kosong_xml = awal + self._akhir_xml        # the placeholder as openpyxl writes it
        self.wb = Workbook(write_only=True)
        self.ringkasan = self.wb.create_sheet("Ringkasan")
        self._gaya = _Gaya(siapkan(self.wb, self.kolom, baris))
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._aliran = self._zip.open(_BAGIAN, "w", force_zip64=True)
        self._aliran.write(awal.encode())
        tebal = self._gaya.tebal()
        kop = "".join(_teks_xml(kepala(str(k)), tebal) for k in self.kolom)
        self._tulis_baris([kop])

    def _tulis_baris(self, isi: list[str]) -> None:
        awal = self._baris_ke
        self._aliran.write("".join(f'<row r="{awal + i}">{x}</row>' for i, x in enumerate(isi)).encode())
        self._baris_ke += len(isi)

    def tambah(self, frame: pd.DataFrame) -> None:
        """Append the rows of ``frame`` (neutralised; its columns those of the constructor, in order)."""
        if frame.empty:
            return
        formats = [self._format_kolom(str(k), _pertama(frame.iloc[:, j])) for j, k in enumerate(self.kolom)]
        for a in range(0, len(frame), POTONG):
            potong = frame.iloc[a:a + POTONG]
            kolom = [_kolom_xml(potong.iloc[:, j], f, self._gaya) for j, f in enumerate(formats)]
            for b in range(0, len(potong), BLOK):
                self._tulis_baris(["".join(baris) for baris in zip(*(k[b:b + BLOK] for k in kolom))])

    def tutup(self, akhir: Callable[[Any, Any], None]) -> None:
        """Finish the Hasil part, let ``akhir(wb, ringkasan)`` write the summary sheets, and copy
        the parts openpyxl writes beside the streamed one."""
        try:
            self._aliran.write(self._akhir_xml.encode())
            self._aliran.close()
            akhir(self.wb, self.ringkasan)
            simpan = io.BytesIO()
            self.wb.save(simpan)
            with zipfile.ZipFile(simpan) as z:
                if _BAGIAN not in z.namelist() or z.read(_BAGIAN).decode() != self._kosong_xml:
                    raise RuntimeError("lembar Hasil sementara openpyxl tidak sama dengan kerangka yang dialirkan")
                for info in z.infolist():
                    if info.filename != _BAGIAN:
                        self._zip.writestr(info.filename, z.read(info), compress_type=zipfile.ZIP_DEFLATED,
                                           compresslevel=6)
        finally:
            self._zip.close()

    def batalkan(self) -> None:
        """Close the archive without finishing it (the caller removes the file); a no-op once closed."""
        try:
            self._aliran.close()
        finally:
            self._zip.close()

    def __enter__(self) -> BukuHasil:
        return self

    def __exit__(self, jenis: type[BaseException] | None, *_: object) -> None:
        """Leaving the block on an exception (Ctrl-C included) closes the archive unfinished."""
        if jenis is not None:
            self.batalkan()


def _pertama(s: pd.Series) -> Any:
    """The first value of a column that is not missing (None when there is none): what the number
    format of the column is chosen by, as for the other sheets (:func:`.tulis._format_angka`)."""
    ada = s.notna().to_numpy()
    i = int(np.argmax(ada)) if len(ada) else 0
    return s.iloc[i] if len(ada) and ada[i] else None


def _kerangka(siapkan: Callable[..., Any], kolom: list[str], baris: int) -> tuple[str, str]:
    """The XML of the placeholder sheet ``siapkan`` sets up in a throwaway workbook, cut where the
    rows go: (up to ``<sheetData>``, from ``</sheetData>``)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.create_sheet("Ringkasan")
    siapkan(wb, kolom, baris)
    b = io.BytesIO()
    wb.save(b)
    with zipfile.ZipFile(b) as z:
        xml = z.read(_BAGIAN).decode()
    awal, tanda, akhir = xml.partition("<sheetData></sheetData>")
    if not tanda:
        raise RuntimeError("openpyxl menulis lembar Hasil tanpa <sheetData></sheetData>")
    return awal + "<sheetData>", "</sheetData>" + akhir
