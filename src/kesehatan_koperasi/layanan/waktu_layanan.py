"""The service time of an examination (issue 13, item 3): from the day the request was received to
the day the documents were issued, in working days, against the service standard.

Working days are the library's calendar (:mod:`kesehatan_koperasi.pertimbangan.tanggal`:
Monday–Friday without national holidays, cuti bersama and the office's ``libur_tambahan``); the day
of receipt is not counted, as for every deadline of that calendar. An examination is late when its
documents were issued after the :data:`STANDAR_HARI_KERJA`-th working day after receipt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..pertimbangan.tanggal import hari_kerja, tambah_hari_kerja

#: The service standard of the health examination: documents within 3 working days of the request.
STANDAR_HARI_KERJA = 3


@dataclass(frozen=True)
class WaktuLayanan:
    diterima: dt.date
    tenggat: dt.date
    terbit: dt.date | None
    hari_kerja: int | None
    terlambat: bool


def hari_kerja_antara(awal: dt.date, akhir: dt.date, libur: Iterable[dt.date] = ()) -> int:
    """Working days after ``awal`` up to and including ``akhir`` (0 when ``akhir`` <= ``awal``)."""
    libur = frozenset(libur)
    n, d = 0, awal
    while d < akhir:
        d += dt.timedelta(days=1)
        n += hari_kerja(d, libur)
    return n


def waktu_layanan(diterima: dt.date, terbit: dt.date | None, hari_ini: dt.date,
                  libur: Iterable[dt.date] = ()) -> WaktuLayanan:
    """The service time; an examination not issued yet is late once today is past its deadline."""
    libur = tuple(libur)
    tenggat, _ = tambah_hari_kerja(diterima, STANDAR_HARI_KERJA, libur)
    if terbit is None:
        return WaktuLayanan(diterima, tenggat, None, None, hari_ini > tenggat)
    return WaktuLayanan(diterima, tenggat, terbit, hari_kerja_antara(diterima, terbit, libur), terbit > tenggat)
