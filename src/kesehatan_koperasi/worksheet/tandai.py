"""``validate --tandai SALINAN.xlsx``: a copy of the examiner's workbook with every problem cell
filled red and commented, and a sheet "Masalah" listing every problem (sheet, cell, field, what
was expected and found), so the examiner corrects the workbook where the problems are."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import Masalah
from ..inputs.guard import open_workbook, workbook_errors
from ..outputs.atomic import atomic_path

LEMBAR_MASALAH = "Masalah"
MERAH = "FFC7CE"


def tandai(sumber: str | Path, salinan: str | Path, masalah: Sequence[Masalah]) -> Path:
    """Write ``salinan``: ``sumber`` with each problem cell marked, plus the "Masalah" sheet."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    with workbook_errors(sumber):
        wb = open_workbook(sumber, read_only=False, data_only=False)
    isi = PatternFill(fill_type="solid", start_color=MERAH, end_color=MERAH)
    per_sel: dict[tuple[str, str], list[str]] = {}
    for m in masalah:
        if m.lembar and m.sel and m.lembar in wb.sheetnames:
            per_sel.setdefault((m.lembar, m.sel), []).append(str(Masalah(m.pesan, m.medan, None, None, m.diharapkan,
                                                                        m.ditemukan)))
    for (lembar, sel), pesan in per_sel.items():
        c = wb[lembar][sel]
        c.fill = isi
        c.comment = Comment("\n".join(pesan), "kesehatan-koperasi", width=320, height=120)
    if LEMBAR_MASALAH in wb.sheetnames:
        del wb[LEMBAR_MASALAH]
    ws = wb.create_sheet(LEMBAR_MASALAH, 0)
    ws.append(["No.", "Lembar", "Sel", "Isian", "Masalah", "Diharapkan", "Ditemukan"])
    for c in ws[1]:
        c.font = Font(bold=True)
    for i, m in enumerate(masalah, start=1):
        ws.append([i, m.lembar or "", m.sel or "", m.medan or "", m.pesan, m.diharapkan or "",
                   "" if m.ditemukan is None else str(m.ditemukan)])
    for kol, lebar in zip("ABCDEFG", (5, 26, 8, 34, 60, 30, 20)):
        ws.column_dimensions[kol].width = lebar
    ws.freeze_panes = "A2"
    if not masalah:
        ws.append(["", "", "", "", "Tidak ada masalah.", "", ""])
    wb.active = 0
    p = Path(salinan)
    with atomic_path(p) as tmp:
        wb.save(tmp)
    return p
