"""Choosing the rule set for a cooperative: by its type (``jenis``) and, optionally, the date
of the examination (the rule files' own ``jenis_koperasi`` and ``berlaku_mulai``).
"""

from __future__ import annotations

import datetime as dt

from ..errors import RulesError
from .load import builtin_rules, load_rules

#: Cooperative types examined as syariah (KSPPS/USPPS); spec ``fields.md`` (``jenis``).
JENIS_SYARIAH: frozenset[str] = frozenset({"KSPPS", "USPPS"})
JENIS_KONVENSIONAL: frozenset[str] = frozenset({"KSP", "USP"})
_ATURAN_JUKNIS = "juknis-15-2021"
_ATURAN_JUKNIS_SYARIAH = "juknis-15-2021-kspps"
_ATURAN_PERDEP = "perdep-06-2016"


def pilih_aturan(jenis: str | None = None, tanggal: dt.date | None = None) -> str:
    """Name of the built-in rule set for a cooperative type and, optionally, an examination date.

    Parameters
    ----------
    jenis : str, optional
        ``KSP``, ``USP``, ``KSPPS`` or ``USPPS`` (case-insensitive); ``None`` means conventional.
    tanggal : datetime.date, optional
        Date of the examination. When given and earlier than the ``berlaku_mulai`` of the Juknis
        rule set that would apply, the previous regime is chosen: ``perdep-06-2016`` for KSP/USP
        if that built-in exists.

    Returns
    -------
    str
        ``juknis-15-2021-kspps`` for KSPPS/USPPS, ``juknis-15-2021`` otherwise, or
        ``perdep-06-2016`` before the Juknis took effect.

    Raises
    ------
    RulesError
        ``jenis`` is unknown, or no built-in rule set covers the date (for example a KSPPS
        examined before the Juknis: Perdep 07/2016 is not shipped).

    Notes
    -----
    The effective date is read from the rule file (``berlaku_mulai``), not from the code, so a
    corrected date needs only a corrected rule file.
    """
    j = None if jenis is None else str(jenis).strip().upper()
    if j is not None and j not in JENIS_SYARIAH | JENIS_KONVENSIONAL:
        raise RulesError("bawaan", [("jenis", f"jenis koperasi '{jenis}' tidak dikenal; pilih salah satu dari "
                                           f"{', '.join(sorted(JENIS_KONVENSIONAL | JENIS_SYARIAH))}")])
    syariah = j in JENIS_SYARIAH
    nama = _ATURAN_JUKNIS_SYARIAH if syariah else _ATURAN_JUKNIS
    if tanggal is None:
        return nama
    if isinstance(tanggal, dt.datetime):
        tanggal = tanggal.date()
    mulai = load_rules(nama).berlaku_mulai
    if tanggal >= mulai:
        return nama
    tgl, awal = tanggal.isoformat(), mulai.isoformat()
    if syariah:
        raise RulesError(nama, [("tanggal", f"pemeriksaan {j} tanggal {tgl} mendahului berlakunya {nama} "
                                             f"({awal}); aturan rezim lama untuk koperasi syariah (Perdep "
                                             "07/Per/Dep.6/IV/2016) belum tersedia sebagai aturan bawaan. "
                                             "Pilih aturan secara eksplisit dengan --rules NAMA|BERKAS.")])
    if _ATURAN_PERDEP in builtin_rules():
        return _ATURAN_PERDEP
    raise RulesError(_ATURAN_PERDEP, [("tanggal", f"pemeriksaan tanggal {tgl} mendahului berlakunya {nama} ({awal}), "
                                         f"tetapi aturan rezim lama '{_ATURAN_PERDEP}' belum tersedia sebagai "
                                         "aturan bawaan. Pilih aturan secara eksplisit dengan --rules NAMA|BERKAS.")])
