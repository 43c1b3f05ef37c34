"""Which rule set a filled worksheet belongs to, read from its ``jenis`` cell before the full read.

``kesehatan-koperasi assess`` without ``--rules`` scores a KSPPS/USPPS with the syariah rule set
(:func:`kesehatan_koperasi.rules.pilih_aturan`): the reader must know the rule set before it
reads, because the rule set decides which questionnaire items must be answered.
"""

from __future__ import annotations

from pathlib import Path

from ..rules import pilih_aturan

DEFAULT = "juknis-15-2021"


def aturan_untuk_buku(path: str | Path, menurut_tanggal: bool = False) -> str:
    """The built-in rule set for the worksheet at ``path`` from its ``jenis`` cell (column A key
    ``jenis``, value in column C) and, with ``menurut_tanggal``, its ``tanggal_mulai_pemeriksaan``
    (before the Juknis took effect → ``perdep-06-2016``). The default rule set when the cells
    cannot be read — the full read then reports what is wrong with the file."""
    import datetime as dt

    import openpyxl

    from ..inputs.cells import parse_tanggal

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - the reader reports unreadable files properly
        return DEFAULT
    found: dict[str, object] = {}
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(min_col=1, max_col=3, max_row=200, values_only=True):
                if row and row[0] in ("jenis", "tanggal_mulai_pemeriksaan") and len(row) > 2:
                    found[str(row[0])] = row[2]
    finally:
        wb.close()
    jenis = str(found.get("jenis") or "").strip().upper() or None
    tanggal = None
    if menurut_tanggal:
        v = found.get("tanggal_mulai_pemeriksaan")
        if isinstance(v, dt.datetime):
            tanggal = v.date()
        elif isinstance(v, dt.date):
            tanggal = v
        elif isinstance(v, str):
            try:
                tanggal = parse_tanggal(v)
            except Exception:  # noqa: BLE001 - reported by the reader
                tanggal = None
    try:
        return pilih_aturan(jenis, tanggal)
    except Exception:  # noqa: BLE001 - an invalid jenis is reported by the reader
        return DEFAULT
