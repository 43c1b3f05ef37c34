"""Which rule set a filled worksheet belongs to, read from its ``jenis`` cell before the full read.

``kesehatan-koperasi assess`` without ``--rules`` scores a KSPPS/USPPS with the syariah rule set
(:func:`kesehatan_koperasi.rules.pilih_aturan`): the reader must know the rule set before it
reads, because the rule set decides which questionnaire items must be answered.
"""

from __future__ import annotations

from pathlib import Path

from ..rules import pilih_aturan

DEFAULT = "juknis-15-2021"


def aturan_untuk_buku(path: str | Path) -> str:
    """The built-in rule set for the worksheet at ``path`` from its ``jenis`` cell (column A key
    ``jenis``, value in column C); the default rule set when the cell cannot be read — the full
    read then reports what is wrong with the file."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - the reader reports unreadable files properly
        return DEFAULT
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(min_col=1, max_col=3, max_row=200, values_only=True):
                if row and row[0] == "jenis":
                    jenis = str(row[2] or "").strip().upper() if len(row) > 2 else ""
                    try:
                        return pilih_aturan(jenis or None)
                    except Exception:  # noqa: BLE001 - an invalid jenis is reported by the reader
                        return DEFAULT
    finally:
        wb.close()
    return DEFAULT
