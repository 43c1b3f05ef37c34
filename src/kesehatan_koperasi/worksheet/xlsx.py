"""The cell values of a guarded ``.xlsx`` workbook, read straight from its XML (issue 15, item 2).

:func:`baca_buku` gives, for every worksheet, what openpyxl 3.1 gives when it opens the
workbook read-only (``read_only=True, data_only=...``) and iterates
``ws.iter_rows(max_col=kolom, values_only=True)`` — the same values, types and row padding —
in about a tenth of the time, on the C parser of :mod:`xml.etree.ElementTree`. It reads only the
parts a value depends on (ECMA-376 Part 1, 5th ed.):

- ``[Content_Types].xml`` (Part 2 §10.1.2): the workbook part and the shared-strings part, found
  by content type as openpyxl finds them (``reader/excel.py``);
- the workbook part (§18.2.27): sheet order, titles and states (``<sheet>``, §18.2.19), the
  1904 date system (``workbookPr/@date1904``, §18.17.4.1) and ``<calcPr>`` (§18.2.2; openpyxl
  defaults ``fullCalcOnLoad`` to true when the element is present without it), with its
  relationships (Part 2 §9.3) to the sheet parts;
- ``xl/styles.xml`` (§18.8): which cell formats (``cellXfs``) carry a date or a duration number
  format (built-in or ``numFmts``), decided by ``openpyxl.styles.numbers``;
- the shared strings (§18.4.8: plain text and rich-text runs concatenated, phonetic runs left
  out, ``x005F_`` removed as openpyxl does) and each sheet's ``<sheetData>`` (§18.3.1.73): numbers
  as ``int`` when the text has no ``.``/``e``, else ``float``; dates through
  ``openpyxl.utils.datetime.from_excel``; booleans; error and formula-string texts as they are;
  the cached value of a formula cell, or with ``data_only=False`` the formula (shared formulas
  translated by ``openpyxl.formula.translate``).

Rows are emitted as openpyxl's ``_cells_by_row`` does: a missing row is a row of ``None``, every
row has ``kolom`` values, a row the ``<dimension>`` excludes ends the sheet (the rows between are
padded), a row out of order is skipped. Events are taken in openpyxl's order, so an XML error is
raised exactly when openpyxl would have reached it (a sheet read to its first row does not raise
for a fault further down). What openpyxl also parses but no value depends on (document
properties, theme, formatting, sheet views, comments) is not read, so a fault there no longer
refuses the workbook; a ``<!DOCTYPE`` anywhere in a part read is refused (defusedxml's
:class:`~defusedxml.DTDForbidden`), as the guard refuses it in the first bytes of every part.

Call only on an archive that passed :func:`~kesehatan_koperasi.inputs.guard.periksa_berkas`,
which bounds the size of every part read here.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError, XMLPullParser, fromstring

from defusedxml import DTDForbidden
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601
from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS, SHEET_MAIN_NS, XLSM, XLSX, XLTM, XLTX

_M = f"{{{SHEET_MAIN_NS}}}"
_ROW, _V, _F, _IS, _SI, _T = _M + "row", _M + "v", _M + "f", _M + "is", _M + "si", _M + "t"
_DIMENSION, _SHEET_DATA = _M + "dimension", _M + "sheetData"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
#: The sheet elements openpyxl's WorkSheetParser clears once read (its dispatcher and properties).
_DIBERSIHKAN = frozenset(_M + t for t in (
    "col", "sheetProtection", "extLst", "conditionalFormatting", "legacyDrawing", "rowBreaks", "colBreaks",
    "customSheetViews", "printOptions", "pageMargins", "pageSetup", "headerFooter", "autoFilter",
    "dataValidations", "sheetPr", "sheetViews", "sheetFormatPr", "scenarios", "tableParts", "hyperlinks",
    "mergeCells"))
#: A cell reference split as ``coordinate_to_tuple`` splits it: before the first digit, and the rest.
_KOORDINAT = re.compile(r"(\D*)(\d.*)", re.S)
_STATUS = {"visible": "visible", "hidden": "hidden", "veryHidden": "veryHidden", "none": None}


@dataclass
class Buku:
    """What :func:`baca_buku` read: rows per sheet title (workbook order), the sheets that are not
    visible, the recalculation flag, and per sheet the cells (``"D5"``) that hold a formula."""

    lembar: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    tersembunyi: frozenset[str] = frozenset()
    hitung_ulang: bool = False
    rumus: dict[str, frozenset[str]] = field(default_factory=dict)


def baca_buku(zf: zipfile.ZipFile, batas: Callable[[str], int], kolom: int, data_only: bool = True) -> Buku:
    """Every worksheet's rows, columns A to ``kolom``, at most ``batas(title)`` rows each.

    Raises what the XML parser, :mod:`zipfile` or a cell conversion raises (the caller turns it
    into a :class:`~kesehatan_koperasi.errors.WorksheetError`).
    """
    ada = set(zf.namelist())
    buku_xml, sst = _bagian_buku(_akar(zf, ARC_CONTENT_TYPES))
    strings = _strings(zf, sst) if sst is not None else []
    props = {_lokal(el.tag): el for el in _akar(zf, buku_xml)}
    pr, calc = props.get("workbookPr"), props.get("calcPr")
    epoch = CALENDAR_MAC_1904 if pr is not None and _bool(pr.get("date1904")) else WINDOWS_EPOCH
    hasil = Buku(hitung_ulang=calc is not None and (_bool(calc.get("fullCalcOnLoad", "1"))
                                                      or _bool(calc.get("forceFullCalc"))))
    tanggal, durasi = _format_tanggal(zf, ada)
    rels: dict[str, tuple[str, str]] | None = None
    tersembunyi = []
    for sh in props.get("sheets", ()):
        rid = sh.get(_R_ID, sh.get("id"))
        if not rid:
            continue
        if rels is None:                       # read when a sheet needs them, as openpyxl does
            rels = _rels(zf, buku_xml)
        tipe, target = rels[rid]
        if target not in ada or "chartsheet" in tipe:
            continue
        judul, status = sh.attrib["name"], _STATUS[sh.get("state", "visible")]
        if status != "visible":
            tersembunyi.append(judul)
        hasil.lembar[judul], hasil.rumus[judul] = _lembar(
            _peristiwa(_bytes(zf, target)), strings, tanggal, durasi, epoch, batas(judul), kolom, data_only)
    hasil.tersembunyi = frozenset(tersembunyi)
    return hasil


# ------------------------------------------------------------------------------ parts
def _bytes(zf: zipfile.ZipFile, nama: str) -> bytes:
    data = zf.read(nama)
    if b"<!DOCTYPE" in data:      # a DTD may declare entities: refused wherever it hides
        raise DTDForbidden(nama, None, None)
    return data


def _akar(zf: zipfile.ZipFile, nama: str) -> Element:
    return fromstring(_bytes(zf, nama))


def _peristiwa(data: bytes) -> tuple[list[Element], ParseError | None]:
    """The elements of ``data`` and the parse error that follows the last of them, if any.

    A well-formed part is parsed in one call of the C tree builder and its elements listed in
    document order (what the readers here use of the order — rows among rows, shared strings among
    shared strings, ``<dimension>`` before ``<sheetData>`` — is the same in the order of the end
    tags). Only a part with an XML error goes through the pull parser, for the elements before the
    error in the order their end tags come (iterparse's ``end`` events), as openpyxl meets them."""
    try:
        return list(fromstring(data).iter()), None
    except ParseError:
        pass
    p: XMLPullParser[Element] = XMLPullParser(("end",))
    p.feed(data)
    out: list[Element] = []
    try:
        out.extend(ev[1] for ev in p.read_events())   # type: ignore[misc]   # only ("end", element) events
        p.close()
    except ParseError as e:
        return out, e
    return out, None


def _lokal(tag: str) -> str:
    return tag.rpartition("}")[2]


def _bool(v: str | None) -> bool:
    """openpyxl's ``Bool`` descriptor: ``false``/``f``/``0`` and the empty text are false."""
    return v is not None and v not in ("false", "f", "0") and bool(v)


def _bagian_buku(tipe: Element) -> tuple[str, str | None]:
    """The workbook part and the shared-strings part named by ``[Content_Types].xml``."""
    override = [(el.get("ContentType"), el.get("PartName")) for el in tipe if _lokal(el.tag) == "Override"]
    sst = next((n for t, n in override if t == SHARED_STRINGS), None)
    for ct in (XLTM, XLTX, XLSM, XLSX):
        nama = next((n for t, n in override if t == ct), None)
        if nama:
            return nama[1:], sst[1:] if sst is not None else None
    if {el.get("ContentType") for el in tipe if _lokal(el.tag) == "Default"} & {XLTM, XLTX, XLSM, XLSX}:
        return "xl/workbook.xml", sst[1:] if sst is not None else None
    raise OSError("File contains no valid workbook part")


def _rels(zf: zipfile.ZipFile, buku_xml: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target in the archive), as ``openpyxl.packaging.relationship``."""
    folder, nama = posixpath.split(buku_xml)
    path = posixpath.join(folder, "_rels", f"{nama}.rels")
    akar = _akar(zf, path)
    out: dict[str, tuple[str, str]] = {}
    induk = posixpath.split(posixpath.dirname(path))[0]
    for el in akar:
        tipe, target, rid = el.get("Type"), el.get("Target"), el.get("Id")
        if tipe is None or target is None:      # openpyxl drops the whole list with a warning
            return {}
        if el.get("TargetMode") != "External":
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(induk, target))
        if rid:
            out[rid] = (tipe, target)
    return out


def _format_tanggal(zf: zipfile.ZipFile, ada: set[str]) -> tuple[frozenset[int], frozenset[int]]:
    """The indices of the cell formats (``cellXfs``) whose number format is a date, and a duration."""
    if ARC_STYLE not in ada:
        return frozenset(), frozenset()
    akar = _akar(zf, ARC_STYLE)
    bagian = {_lokal(el.tag): el for el in akar}
    custom = {int(n.get("numFmtId")): n.get("formatCode") for n in bagian.get("numFmts", ())   # type: ignore[arg-type]
              if _lokal(n.tag) == "numFmt"}
    tanggal, durasi = set(), set()
    for i, xf in enumerate(x for x in bagian.get("cellXfs", ()) if _lokal(x.tag) == "xf"):
        n = int(xf.get("numFmtId", 0))
        fmt = custom[n] if n in custom else builtin_format_code(n)
        if is_date_format(fmt):
            tanggal.add(i)
        if is_timedelta_format(fmt):
            durasi.add(i)
    return frozenset(tanggal), frozenset(durasi)


def _teks(el: Element) -> str:
    """``openpyxl.cell.text.Text.content``: the last ``<t>``, then the last ``<t>`` of each run."""
    if len(el) == 1 and el[0].tag == _T:      # plain text, the usual case
        return el[0].text or ""
    polos, runs = None, []
    for anak in el:
        nama = _lokal(anak.tag)
        if nama == "t":
            polos = anak.text
        elif nama == "r":
            t = None
            for g in anak:
                if _lokal(g.tag) == "t":
                    t = g.text
            if t is not None:
                runs.append(t)
    return (polos or "") + "".join(runs)


def _strings(zf: zipfile.ZipFile, nama: str) -> list[str]:
    """The shared strings, as ``openpyxl.reader.strings.read_string_table``."""
    ev, galat = _peristiwa(_bytes(zf, nama))
    out = []
    for el in ev:
        if el.tag == _SI:
            out.append(_teks(el).replace("x005F_", ""))
            el.clear()
    if galat is not None:
        raise galat
    return out


# ------------------------------------------------------------------------------ one sheet
def _lembar(peristiwa: tuple[list[Element], ParseError | None], strings: list[str], tanggal: frozenset[int],
            durasi: frozenset[int], epoch: Any, batas: int, kolom: int,
            data_only: bool) -> tuple[list[tuple[Any, ...]], frozenset[str]]:
    """The rows of one sheet and its formula cells (openpyxl's ``ReadOnlyWorksheet``: the dimension
    read first, then ``_cells_by_row`` through ``WorkSheetParser.parse``, cut at ``batas`` rows)."""
    ev, galat = peristiwa
    maks: int | None = None
    for el in ev:                              # ReadOnlyWorksheet._get_size
        if el.tag == _DIMENSION:
            maks = range_boundaries(el.attrib["ref"])[3]
            break
        if el.tag == _SHEET_DATA:
            break
    else:
        if galat is not None:
            raise galat
    kosong = (None,) * kolom
    rows: list[tuple[Any, ...]] = []
    rumus: set[str] = set()
    bersama: dict[str, Any] = {}
    hitung, idx, baris = 1, 1, 0
    for el in ev:
        tag = el.tag
        if tag != _ROW:
            if tag in _DIBERSIHKAN:
                el.clear()
            continue
        r = el.get("r")
        if r is None:
            baris += 1
        else:
            try:
                baris = int(r)
            except ValueError:
                f = float(r)
                if not f.is_integer():
                    raise ValueError(f"{r} is not a valid row number") from None
                baris = int(f)
        idx, nilai, berumus = baris, [None] * kolom, []
        k = 0
        for c in el:
            koordinat = c.get("r")
            if koordinat:
                k = _kolom(koordinat)
            else:
                k += 1
            v = _nilai(c, strings, tanggal, durasi, epoch, data_only, bersama)
            if 1 <= k <= kolom:
                nilai[k - 1] = v
                if c.find(_F) is not None:
                    berumus.append(k)
        el.clear()
        if maks is not None and idx > maks:
            break
        while hitung < idx:
            rows.append(kosong)
            hitung += 1
        if hitung <= idx:
            rows.append(tuple(nilai))
            rumus.update(f"{get_column_letter(k)}{idx}" for k in berumus)
            hitung += 1
        if len(rows) >= batas:
            return rows[:batas], frozenset(rumus)
    else:
        if galat is not None:
            raise galat
    if maks is not None and maks < idx:
        rows.extend(kosong for _ in range(hitung, maks + 1))
    return rows[:batas], frozenset(rumus)


def _kolom(koordinat: str) -> int:
    """The column of a cell reference, raising where ``openpyxl.utils.cell.coordinate_to_tuple`` does."""
    m = _KOORDINAT.match(koordinat)
    if m is None:
        return coordinate_to_tuple(koordinat)[1]
    int(m[2])
    return column_index_from_string(m[1])


def _nilai(c: Element, strings: list[str], tanggal: frozenset[int], durasi: frozenset[int], epoch: Any,
           data_only: bool, bersama: dict[str, Any]) -> Any:
    """One cell's value (``WorkSheetParser.parse_cell``)."""
    t = c.get("t", "n")
    s: Any = c.get("s", 0)
    if s:
        s = int(s)
    if not data_only and c.find(_F) is not None:
        return _rumus(c, bersama)
    if t == "inlineStr":
        anak = c.find(_IS)
        return None if anak is None else _teks(anak)
    v = c.findtext(_V, None) or None
    if v is None:
        return None
    if t == "n":
        angka = float(v) if "." in v or "E" in v or "e" in v else int(v)
        if s in tanggal:
            try:
                return from_excel(angka, epoch, timedelta=s in durasi)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return angka
    if t == "s":
        return strings[int(v)]
    if t == "b":
        return bool(int(v))
    if t == "d":
        return from_ISO8601(v)
    return v


def _rumus(c: Element, bersama: dict[str, Any]) -> Any:
    """The formula view of a cell (``WorkSheetParser.parse_formula``)."""
    from openpyxl.formula.translate import Translator
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    f = c.find(_F)
    assert f is not None
    jenis, teks = f.get("t"), "=" + (f.text or "")
    if jenis == "array":
        return ArrayFormula(ref=f.get("ref"), text=teks)
    if jenis == "shared":
        si = f.get("si")
        if si in bersama:
            return bersama[si].translate_formula(c.get("r"))
        if teks != "=":
            bersama[si] = Translator(teks, c.get("r"))   # type: ignore[index]
    elif jenis == "dataTable":
        return DataTableFormula(**f.attrib)
    return teks
