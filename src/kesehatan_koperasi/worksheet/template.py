"""Writing the worksheet: blank (:func:`write_template`) or filled from a model (:func:`write_worksheet`).

Built from the rule file through :mod:`.layout` (issue 3, item 1): a corrected rule file yields a
matching worksheet. Labels are protected (sheet protection without password), input cells are
unlocked and highlighted, totals are Excel formulas built from ``fields.DERIVED``, the neraca
balance, the collectibility and the member counts carry a visible check, amounts use ``#,##0``
(Excel shows the user's locale separators, 1.234.567 in Indonesian).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..model import KertasKerja
from ..rules import Aturan
from ..rules.resolve import aturan_atau_pilih
from . import layout as L
from .petunjuk import PETUNJUK_TEKS
from .pilih import catat

FMT = {"rupiah": "#,##0;(#,##0)", "bulat": "#,##0", "tanggal": "dd-mm-yyyy", "tahun": "0", "nik": "@",
       "teks": "@", "teks_panjang": "@", "pilihan": "@"}
ISIAN = PatternFill("solid", fgColor="FFF2CC")
RUMUS = PatternFill("solid", fgColor="EDEDED")
JUDUL = PatternFill("solid", fgColor="D9E1F2")
KEPALA = PatternFill("solid", fgColor="BDD7EE")
GARIS = Border(*(Side(style="thin", color="A6A6A6"),) * 4)
KODE = Font(name="Calibri", size=8, color="808080")
TEBAL = Font(name="Calibri", size=11, bold=True)
TERKUNCI = Protection(locked=True)
TERBUKA = Protection(locked=False)


def write_template(path: str | Path, rules: str | Path | Aturan | None = None) -> Path:
    """Write a blank worksheet for rule set ``rules`` (``None``: the set the resolver chooses for the
    default jenis, :func:`~kesehatan_koperasi.rules.resolve.resolve_rules`); returns the path written.

    The workbook records the rule set it was made from (:mod:`.pilih`, custom document properties),
    so that reading it later uses the same set without ``--rules``."""
    return write_worksheet(None, path, rules=rules)


def write_worksheet(kertas_kerja: KertasKerja | None, path: str | Path,
                    rules: str | Path | Aturan | None = None) -> Path:
    """Write the worksheet filled with ``kertas_kerja`` (blank if ``None``); returns the path.

    :func:`~kesehatan_koperasi.worksheet.read_worksheet` of the file gives back the same model.
    ``rules=None``: the set the worksheet was read with, else resolved from its ``jenis``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    build_workbook(kertas_kerja, rules).save(buf)
    from ..outputs.atomic import atomic_write_bytes

    atomic_write_bytes(path, buf.getvalue())      # no half-written workbook remains
    return path


def build_workbook(kertas_kerja: KertasKerja | None, rules: str | Path | Aturan | None = None) -> Workbook:
    """The :class:`openpyxl.Workbook` of :func:`write_worksheet` (recording its rule set)."""
    if rules is None and kertas_kerja is not None and kertas_kerja._aturan is not None:
        rules = kertas_kerja._aturan
    aturan = aturan_atau_pilih(rules, kertas_kerja.identitas.jenis if kertas_kerja is not None else None)
    data: dict[str, Any] = kertas_kerja.model_dump(mode="python") if kertas_kerja else {}
    pem = data.get("pemeriksaan") or {}
    lembar = L.susun(aturan, n_tim=max(L.JUMLAH_TIM, len(pem.get("tim_pemeriksa", []))),
                     n_pengurus=max(L.JUMLAH_PENGURUS, len(pem.get("pengurus_hadir", []))))
    wb = Workbook()
    wb.remove(wb.active)
    posisi: dict[str, tuple[str, int]] = {}
    for lb in lembar:
        r = L.BARIS_AWAL
        for b in lb.baris:
            if b.kunci and b.jenis in ("isian", "rumus") and b.kunci not in posisi:
                posisi[b.kunci] = (lb.nama, r)
            r += 1
    for lb in lembar:
        ws = wb.create_sheet(lb.nama)
        if lb.nama == L.PETUNJUK:
            _petunjuk(ws, lb, aturan)
        else:
            _lembar(ws, lb, data, posisi)
    wb.properties.title = f"Kertas kerja pemeriksaan kesehatan koperasi ({aturan.nama})"
    wb.properties.creator = "kesehatan-koperasi"
    catat(wb, aturan)
    return wb


def _ref(kunci: str, kolom: str, lembar: str, posisi: dict[str, tuple[str, int]]) -> str:
    """The cell of ``kunci`` in column ``kolom``, or its formula expanded if it has no row."""
    if kunci in posisi:
        sh, row = posisi[kunci]
        return f"{kolom}{row}" if sh == lembar else f"'{sh}'!{kolom}{row}"
    return "(" + _gabungan(kunci, kolom, lembar, posisi) + ")"


def _gabungan(kunci: str, kolom: str, lembar: str, posisi: dict[str, tuple[str, int]]) -> str:
    out = ""
    for src, coef in L.GABUNGAN[kunci].items():
        term = _ref(src, kolom, lembar, posisi)
        out += ("-" if coef < 0 else "+") + (term if abs(coef) == 1 else f"{abs(coef):g}*{term}")
    return out.lstrip("+")


def _nilai(data: dict[str, Any], jalur: tuple[Any, ...]) -> Any:
    cur: Any = data
    for p in jalur:
        if isinstance(cur, dict):
            cur = cur.get(p)
        elif isinstance(cur, list):
            cur = cur[p] if p < len(cur) else None
        else:
            return None
        if cur is None:
            return None
    return cur


def _tulis(cell: Any, sel: L.Sel, v: Any) -> None:
    if v is None:
        return
    if sel.tipe == "pilihan":
        v = next(label for label, nilai in sel.pilihan if nilai == v)
    elif sel.tipe in ("rupiah", "bulat") and isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        v = int(v)
    cell.value = v
    if isinstance(v, str) and cell.data_type == "f":   # a text that starts with "=" stays text
        cell.data_type = "s"


def _lembar(ws: Worksheet, lb: L.Lembar, data: dict[str, Any], posisi: dict[str, tuple[str, int]]) -> None:
    kolom_nilai = [k for k, _, _ in lb.kolom if k not in ("A", "B")]
    last = lb.kolom[-1][0]
    ws["A1"] = lb.penanda
    ws["A1"].font = KODE
    ws["B1"] = lb.judul
    ws["B1"].font = Font(size=14, bold=True)
    ws["B2"] = lb.petunjuk
    ws["B2"].font = Font(italic=True, size=9, color="595959")
    for k, judul_kolom, lebar_kolom in lb.kolom:
        ws.column_dimensions[k].width = lebar_kolom
        c = ws[f"{k}{L.BARIS_KEPALA}"]
        c.value, c.font, c.fill, c.border = judul_kolom, TEBAL, KEPALA, GARIS
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if lb.nama in (L.NERACA, L.PHU, L.KOLEKTIBILITAS):
        tahun = f"'{L.IDENTITAS}'!C{posisi['tahun_buku'][1]}"
        satuan = " [Rp]" if lb.nama != L.KOLEKTIBILITAS else ""
        ws[f"{L.KOLOM_LALU}{L.BARIS_KEPALA}"] = f'=IF(ISNUMBER({tahun}),"Tahun "&({tahun}-1)&"{satuan}","Tahun lalu{satuan}")'
        ws[f"{L.KOLOM_INI}{L.BARIS_KEPALA}"] = f'=IF(ISNUMBER({tahun}),"Tahun buku "&{tahun}&"{satuan}","Tahun buku{satuan}")'
    validasi: dict[tuple[str, ...], DataValidation] = {}
    lebar = {k: w for k, _, w in lb.kolom}
    r = L.BARIS_AWAL
    for b in lb.baris:
        a, lab = ws[f"A{r}"], ws[f"B{r}"]
        a.value, a.font = b.kunci, KODE
        a.alignment = Alignment(vertical="top")
        lab.value = b.label
        judul = b.jenis == "judul"
        lab.alignment = Alignment(indent=b.tingkat, wrap_text=not judul, vertical="top")
        if not judul:
            _tinggi(ws, r, b.label, lebar["B"] - 2 * b.tingkat)
        if b.jenis == "judul":
            for k, _, _ in lb.kolom[1:]:
                ws[f"{k}{r}"].fill = JUDUL
            lab.font = TEBAL
        elif b.jenis == "kepala":
            for k, t in zip(kolom_nilai, b.kepala):
                c = ws[f"{k}{r}"]
                c.value, c.font, c.fill, c.border = t, TEBAL, KEPALA, GARIS
        elif b.jenis == "isian":
            for s in b.sel:
                c = ws[f"{s.kolom}{r}"]
                c.fill, c.border, c.protection, c.number_format = ISIAN, GARIS, TERBUKA, FMT[s.tipe]
                c.alignment = Alignment(wrap_text=s.tipe == "teks_panjang", vertical="top",
                                        horizontal="left" if lb.nama == L.IDENTITAS else None)
                _tulis(c, s, _nilai(data, s.jalur))
                if s.pilihan:
                    key = tuple(p for p, _ in s.pilihan)
                    if key not in validasi:
                        dv = DataValidation(type="list", formula1='"' + ",".join(key) + '"', allow_blank=True,
                                            showErrorMessage=True, errorTitle="Isian tidak sah",
                                            error="Pilih salah satu: " + ", ".join(key),
                                            promptTitle="Pilihan", prompt=" / ".join(key), showInputMessage=True)
                        ws.add_data_validation(dv)
                        validasi[key] = dv
                    validasi[key].add(c)
            if lb.nama == L.IDENTITAS and len(b.sel) == 1:
                ws.merge_cells(f"C{r}:E{r}")
            if lb.nama == L.TEMUAN:
                ws.row_dimensions[r].height = 90
        elif b.jenis == "rumus":
            lab.font = TEBAL if b.tingkat == 0 else Font(italic=True)
            for k in (L.KOLOM_LALU, L.KOLOM_INI):
                c = ws[f"{k}{r}"]
                c.value = "=" + _gabungan(b.kunci or "", k, lb.nama, posisi)
                c.fill, c.border, c.number_format = RUMUS, GARIS, FMT["rupiah"]
                c.font = TEBAL if b.tingkat == 0 else Font()
        elif b.jenis == "cek":
            lab.font = TEBAL
            for k in (L.KOLOM_LALU, L.KOLOM_INI):
                c = ws[f"{k}{r}"]
                inner = L.CEK[b.kunci or ""][1].format(**{n: _ref(n, k, lb.nama, posisi) for n in _names(b.kunci)})
                c.value = f'=IFERROR({inner[1:]},"TIDAK DAPAT DIHITUNG: ada isian bukan angka")'
                c.font, c.border, c.fill = TEBAL, GARIS, RUMUS
                c.alignment = Alignment(horizontal="center")
            ws.conditional_formatting.add(
                f"{L.KOLOM_LALU}{r}:{L.KOLOM_INI}{r}",
                FormulaRule(formula=[f'LEFT({L.KOLOM_LALU}{r},5)="TIDAK"'],
                            fill=PatternFill("solid", fgColor="F4B6B0"), font=Font(bold=True, color="9C0006")))
        elif b.jenis == "indikator":
            lab.font = TEBAL
            a.font = Font(size=9, bold=True, color="595959")
            c = ws[f"C{r}"]
            n = len(b.butir)
            c.value = f'=COUNTIF(C{r + 1}:C{r + n},"Terpenuhi")&" dari {n}"'
            c.font, c.fill, c.alignment = Font(italic=True, color="595959"), RUMUS, Alignment(horizontal="center")
        r += 1
    ws.freeze_panes = f"C{L.BARIS_AWAL}"
    ws.print_title_rows = f"1:{L.BARIS_KEPALA}"
    ws.print_area = f"A1:{last}{r - 1}"
    _cetak(ws)
    _lindungi(ws)


def _tinggi(ws: Worksheet, r: int, teks: str, lebar: float) -> None:
    """Row height for wrapped text (neither openpyxl nor LibreOffice sizes it on load)."""
    baris = max(1, -(-len(teks) // max(int(lebar * 1.2), 10)))
    if baris > 1:
        ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 0, 15.0 * baris)


def _names(kunci: str | None) -> list[str]:
    import re

    return re.findall(r"\{(\w+)\}", L.CEK[kunci or ""][1])


def _cetak(ws: Worksheet) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "&A — halaman &P dari &N"


def _lindungi(ws: Worksheet) -> None:
    """Protect labels and formulas (no password); input cells were unlocked one by one."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _petunjuk(ws: Worksheet, lb: L.Lembar, aturan: Aturan) -> None:
    ws["A1"] = lb.penanda
    ws["A1"].font = KODE
    ws["B1"] = lb.judul
    ws["B1"].font = Font(size=14, bold=True)
    ws["B2"] = f"Aturan penilaian: {aturan.judul} ({aturan.nama}, versi {aturan.versi})."
    ws["B2"].font = Font(italic=True, size=9, color="595959")
    for k, _, w in lb.kolom:
        ws.column_dimensions[k].width = w
    r = L.BARIS_AWAL
    for baris in PETUNJUK_TEKS:
        c = ws[f"B{r}"]
        c.value = baris.lstrip("#").strip()
        c.alignment = Alignment(wrap_text=True, vertical="top")
        _tinggi(ws, r, c.value, 100)
        if baris.startswith("#"):
            c.font = TEBAL
        elif baris.startswith("·"):
            c.alignment = Alignment(wrap_text=True, vertical="top", indent=1)
        r += 1
    _cetak(ws)
    _lindungi(ws)
