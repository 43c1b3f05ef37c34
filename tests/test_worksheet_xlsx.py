"""The worksheet reader's own XML reader gives openpyxl's values, cell by cell, types included
(issue 15, item 2; ``kesehatan_koperasi.worksheet.xlsx``).

The reference is what the reader did before: ``guard.open_workbook`` (openpyxl, read-only) and
``iter_rows(max_col=KOLOM_BACA, values_only=True)`` cut at the same row limits. Compared on every
workbook under ``tests/`` and ``worksheets/``, on workbooks written by ``write_worksheet`` and
``write_template``, on hand-made parts covering each rule of the format (gaps, padding, the
dimension, number/date/boolean/error/string types, rich text, the 1904 system, hidden sheets,
prefixed namespaces), and on mutated copies of the examples (the fuzzer's mutations): where
openpyxl reads a file, the reader reads the same values; where openpyxl refuses it, the reader
refuses it or reads it (a fault in a part no value depends on no longer refuses the file).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.errors import WorksheetError
from kesehatan_koperasi.inputs import guard
from kesehatan_koperasi.worksheet import layout as L
from kesehatan_koperasi.worksheet import write_template, write_worksheet
from kesehatan_koperasi.worksheet.reader import KOLOM_BACA, _muat
from tests.fuzz import hostile as H
from tests.fuzz import target as T

ROOT = Path(__file__).resolve().parent.parent
LEMBAR = frozenset(lb.nama for lb in L.susun(kk.load_rules()))
BERKAS = sorted([*ROOT.glob("worksheets/*.xlsx"), *ROOT.glob("tests/**/*.xlsx")])


def _openpyxl(path: Path, lembar: frozenset[str], data_only: bool = True) -> tuple[dict[str, list[tuple[Any, ...]]],
                                                                                   frozenset[str], bool]:
    wb = guard.open_workbook(path, read_only=True, data_only=data_only)
    try:
        with guard.workbook_errors(path):
            rows = {ws.title: list(itertools.islice(ws.iter_rows(max_col=KOLOM_BACA, values_only=True),
                                                   guard.MAKS_BARIS + 1 if ws.title in lembar else 1))
                    for ws in wb.worksheets}
            calc = getattr(wb, "calculation", None)
            return (rows, frozenset(ws.title for ws in wb.worksheets if ws.sheet_state != "visible"),
                    bool(getattr(calc, "fullCalcOnLoad", False) or getattr(calc, "forceFullCalc", False)))
    finally:
        wb.close()


def _sama(path: Path, lembar: frozenset[str] = LEMBAR, data_only: bool = True) -> None:
    _banding(_muat(path, str(path), lembar, data_only), _openpyxl(path, lembar, data_only))


def _nilai(v: Any) -> Any:
    """A value comparable by ``==``: openpyxl's formula objects (array, data table) by their fields."""
    return (type(v).__name__, vars(v)) if type(v).__module__.startswith("openpyxl") else v


def _banding(isi: Any, ref: tuple[dict[str, list[tuple[Any, ...]]], frozenset[str], bool]) -> None:
    rows, tersembunyi, hitung_ulang = ref
    assert list(isi) == list(rows)
    for judul, ref in rows.items():
        assert len(isi[judul]) == len(ref), judul
        for i, (a, b) in enumerate(zip(isi[judul], ref)):
            a, b = tuple(map(_nilai, a)), tuple(map(_nilai, b))
            assert a == b and [type(x) for x in a] == [type(y) for y in b], f"{judul} baris {i + 1}: {a} != {b}"
    assert (isi.tersembunyi, isi.hitung_ulang) == (tersembunyi, hitung_ulang)


@pytest.mark.parametrize("path", BERKAS, ids=lambda p: p.name)
@pytest.mark.parametrize("data_only", [True, False])
def test_every_workbook_in_the_repository(path, data_only):
    _sama(path, data_only=data_only)


def test_workbooks_written_by_the_package(tmp_path):
    frame = contoh.koperasi(4, seed=11)
    for i in range(4):
        write_worksheet(contoh.kertas_kerja(frame, i), tmp_path / f"kk-{i}.xlsx")
        _sama(tmp_path / f"kk-{i}.xlsx")
    for nama in ("juknis-15-2021", "juknis-15-2021-kspps"):
        write_template(tmp_path / f"{nama}.xlsx", rules=nama)
        _sama(tmp_path / f"{nama}.xlsx", frozenset(lb.nama for lb in L.susun(kk.load_rules(nama))))


# ------------------------------------------------------------------------------ hand-made parts
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_STYLES = (f'<styleSheet {_NS}><numFmts count="2"><numFmt numFmtId="164" formatCode="dd-mm-yyyy"/>'
           '<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts><cellXfs count="5"><xf numFmtId="0"/>'
           '<xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="4"/></cellXfs></styleSheet>')
_SST = (f'<sst {_NS}><si><t>satu</t></si><si><r><rPr><b/></rPr><t>du</t></r><r><t xml:space="preserve">a </t></r>'
        '<rPh sb="0" eb="1"><t>x</t></rPh></si><si><t>_x005F_x0041_</t></si><si><t/></si></sst>')


def _buku(tmp_path: Path, lembar: list[tuple[str, str, str]], workbook_pr: str = "", calc: str = "",
          styles: str | None = _STYLES, sst: str | None = _SST, nama: str = "buatan.xlsx") -> Path:
    """A workbook from its parts: ``lembar`` = (title, state, sheet XML body)."""
    sheets = "".join(f'<sheet name="{t}" sheetId="{i}" state="{s}" r:id="rId{i}"/>'
                     for i, (t, s, _) in enumerate(lembar, 1))
    rels = "".join(f'<Relationship Id="rId{i}" Target="{"/xl/" if i % 2 else ""}worksheets/sheet{i}.xml" '
                   'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
                   for i in range(1, len(lembar) + 1))
    over = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(lembar) + 1))
    if sst is not None:
        over += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
                               'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                               f'spreadsheetml.sheet.main+xml"/>{over}</Types>',
        "xl/workbook.xml": f"<workbook {_NS} {_NS_R}>{workbook_pr}<sheets>{sheets}</sheets>{calc}</workbook>",
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                      f'relationships">{rels}</Relationships>',
        **{f"xl/worksheets/sheet{i}.xml": f"<worksheet {_NS}>{x}</worksheet>" for i, (_, _, x) in enumerate(lembar, 1)},
    }
    if styles is not None:
        parts["xl/styles.xml"] = styles
    if sst is not None:
        parts["xl/sharedStrings.xml"] = sst
    return H.zip_dari({k: v.encode() for k, v in parts.items()}, tmp_path / nama)


_SEL = ('<sheetData><row r="2"><c r="A2"><v>5</v></c><c r="B2"><v>5.5</v></c><c r="C2"><v>1E3</v></c>'
        '<c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#DIV/0!</v></c><c r="F2" t="str"><f>A2</f><v>teks</v></c>'
        '<c r="G2" t="s"><v>1</v></c><c r="H2" t="s"><v>2</v></c><c r="I2" t="inlineStr"><is><r><t>a</t></r>'
        '<r><t>b</t></r></is></c><c r="J2" t="d"><v>2024-03-11T10:00:00</v></c><c r="K2" t="s"><v>3</v></c>'
        '<c r="L2"><v></v></c><c r="M2" t="inlineStr"/><c r="AA2"><v>9</v></c><c r="XFD2"><v>9</v></c></row>'
        '<row r="3"><c r="A3" s="1"><v>45362</v></c><c r="B3" s="2"><v>45362.5</v></c><c r="C3" s="3"><v>1.25</v>'
        '</c><c r="D3" s="4"><v>7</v></c><c r="E3" s="1"><v>0.25</v></c><c r="F3" s="2"><v>30</v></c>'
        '<c r="G3" s="1"><v>99999999</v></c></row>'
        '<row><c><v>1</v></c><c><v>2</v></c><c r="E4"><v>3</v></c><c><v>4</v></c></row>'
        '<row r="7"><c r="B7" t="s"><v>0</v></c></row><row r="6"><c r="A6"><v>6</v></c></row>'
        '<row r="7.0"><c r="A7"><v>7</v></c></row><row r="9"><c r="Z9"><f>1+1</f><v>2</v></c></row></sheetData>')


@pytest.mark.parametrize("kasus", ["tanpa-dimensi", "dimensi-sempit", "dimensi-lebar", "1904", "awalan", "gaya-kosong"])
@pytest.mark.parametrize("data_only", [True, False])
def test_each_rule_of_the_format(tmp_path, kasus, data_only):
    sel, pr, styles = _SEL, "", _STYLES
    if kasus == "dimensi-sempit":
        sel = '<dimension ref="A1:C5"/>' + sel
    elif kasus == "dimensi-lebar":
        sel = '<dimension ref="B2:Z30"/>' + sel
    elif kasus == "1904":
        pr = '<workbookPr date1904="1"/>'
    elif kasus == "awalan":       # the main namespace under a prefix, as some writers do
        sel = sel.replace("<", "<x:").replace("<x:/", "</x:").replace(
            "<x:sheetData>", '<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    elif kasus == "gaya-kosong":
        styles = f'<styleSheet {_NS}><cellXfs count="1"><xf numFmtId="14"/></cellXfs></styleSheet>'
    lembar = [("Data", "visible", sel), ("Lain", "hidden", sel), ("Rahasia", "veryHidden", "<sheetData/>")]
    path = _buku(tmp_path, lembar, workbook_pr=pr, styles=styles)
    _sama(path, frozenset({"Data"}), data_only)
    _sama(path, frozenset({"Data", "Lain"}), data_only)


@pytest.mark.parametrize("calc", ["", '<calcPr calcId="191029"/>', '<calcPr fullCalcOnLoad="0"/>',
                                  '<calcPr fullCalcOnLoad="false" forceFullCalc="1"/>', '<calcPr fullCalcOnLoad="1"/>'])
def test_recalculation_flag_as_openpyxl_reads_it(tmp_path, calc):
    """openpyxl takes ``fullCalcOnLoad`` as true when ``<calcPr>`` is there without it (its default)."""
    _sama(_buku(tmp_path, [("Data", "visible", "<sheetData/>")], calc=calc, styles=None, sst=None), frozenset())


def test_shared_formulas_in_the_formula_view(tmp_path):
    sel = ('<sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*2</f><v>2</v></c></row>'
           '<row r="2"><c r="A2"><f t="shared" si="0"/><v>4</v></c></row><row r="3"><c r="A3">'
           '<f t="array" ref="A3">SUM(B1:B2)</f><v>3</v></c></row></sheetData>')
    path = _buku(tmp_path, [("Data", "visible", sel)])
    _sama(path, frozenset({"Data"}), data_only=False)
    assert _muat(path, "x", frozenset({"Data"})).rumus["Data"] == {"A1", "A2", "A3"}


def test_a_fault_past_what_openpyxl_reads_is_not_reached(tmp_path):
    """A sheet read to its first row does not raise for a fault further down, and a fault before
    what is read is refused, as openpyxl's streaming parser does."""
    rusak = '<dimension ref="A1:A2"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"></sheetData>'
    path = _buku(tmp_path, [("Data", "visible", "<sheetData/>"), ("Lain", "visible", rusak)], styles=None, sst=None)
    _sama(path, frozenset({"Data"}))
    with pytest.raises(WorksheetError, match="tidak dapat dibaca"):
        _muat(path, "x", frozenset({"Lain"}))


def test_a_doctype_anywhere_is_refused(tmp_path):
    """The guard looks for a DOCTYPE in the first bytes of each part; the reader in every byte it parses."""
    isi = "<!-- " + " " * 70_000 + ' --><!DOCTYPE x [<!ENTITY a "b">]>'
    path = _buku(tmp_path, [("Data", "visible", "<sheetData/>")], styles=None, sst=None)
    parts = H.bagian(path)
    parts["xl/worksheets/sheet1.xml"] = isi.encode() + parts["xl/worksheets/sheet1.xml"]
    with pytest.raises(WorksheetError, match="entitas XML yang ditolak"):
        _muat(H.zip_dari(parts, tmp_path / "doctype.xlsx"), "x")


# ------------------------------------------------------------------------------ mutated examples
def test_mutated_examples_read_as_openpyxl_reads_them(tmp_path):
    """The fuzzer's mutations of the examples (seeded): every file openpyxl reads gives the same values."""
    dibaca = 0
    for seed in range(120):
        data, _ = T.kasus(seed)
        path = tmp_path / f"m{seed}.xlsx"
        path.write_bytes(data)
        try:
            ref = _openpyxl(path, LEMBAR)
        except WorksheetError:
            try:        # refused by openpyxl: refused or read, never a crash
                _muat(path, str(path), LEMBAR)
            except WorksheetError:
                pass
            continue
        dibaca += 1
        _banding(_muat(path, str(path), LEMBAR), ref)
    assert dibaca >= 40
