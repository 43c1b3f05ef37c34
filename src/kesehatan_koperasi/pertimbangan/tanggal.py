"""Calendar arithmetic of the service standard: years back and forth, and working days.

**"Within N years" (dalam N tahun terakhir).** A date *d* is within N years of a reference date
*r* when ``geser_tahun(r, -N) <= d <= r``: the same calendar date N years earlier still counts,
the day before does not. When that date does not exist (29 February in a common year) the last
day of the month is used — 29 Feb 2024 minus one year is 28 Feb 2023 — as Excel's
``EDATE(r; -12*N)`` does, so an examiner checking in a spreadsheet gets the same answer.

**"Running at least N years" (sudah berjalan paling sedikit N tahun).** True when
``geser_tahun(mulai, N) <= r``: a licence issued on 15 Mei 2022 has run 2 years on 15 Mei 2024.

**Working days (hari kerja).** Monday–Friday, except Indonesian national public holidays and
*cuti bersama* (the collective leave days of the SKB 3 Menteri). Both come from the ``holidays``
package: ``holidays.country_holidays("ID", categories=("public", "government"))`` — the
``government`` category of ``holidays`` ≥ 0.50 holds the cuti bersama. A deadline of *n* working
days after a date *d* is the *n*-th working day strictly after *d* (the day of receipt is not
counted, whether or not it is a working day).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Iterable

import holidays

KATEGORI_LIBUR = ("public", "government")
"""``public``: hari libur nasional; ``government``: cuti bersama (SKB 3 Menteri)."""


def geser_tahun(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` whole years; 29 February becomes 28 February in a common year."""
    y = d.year + n
    return d.replace(year=y, day=min(d.day, calendar.monthrange(y, d.month)[1]))


def dalam_tahun_terakhir(d: dt.date, acuan: dt.date, n: int = 1) -> bool:
    """``d`` lies within the ``n`` years up to ``acuan`` (both ends included; see module docs)."""
    return geser_tahun(acuan, -n) <= d <= acuan


def sudah_berjalan(mulai: dt.date, acuan: dt.date, n: int) -> bool:
    """Something started on ``mulai`` has run at least ``n`` whole years on ``acuan``."""
    return geser_tahun(mulai, n) <= acuan


@functools.cache
def _libur_tahun(tahun: int) -> dict[dt.date, str]:
    h = holidays.country_holidays("ID", years=tahun, categories=KATEGORI_LIBUR, language="id")
    return {d: str(n) for d, n in h.items()}


#: How ``holidays`` marks a date it only estimates (the name ends in "(perkiraan)" in Indonesian,
#: "(estimated)" in English; checked with holidays 0.60 and newer).
PENANDA_PERKIRAAN = ("perkiraan", "estimated", "estimasi")


@functools.cache
def _cuti_bersama(tahun: int) -> int:
    h = holidays.country_holidays("ID", years=tahun, categories=("government",), language="id")
    return len(h)


def peringatan_libur(tahun: int) -> list[str]:
    """Warnings (Indonesian) when the installed ``holidays`` cannot be trusted for ``tahun``: no
    cuti bersama for that year, or dates it only estimates. Working-day deadlines of such a year
    may be wrong; extra days can be given (``libur_tambahan`` of the office, ``--libur``)."""
    import importlib.metadata

    versi = importlib.metadata.version("holidays")
    out = []
    if not _cuti_bersama(tahun):
        out.append(f"Paket holidays {versi} tidak memuat cuti bersama tahun {tahun}: tenggat hari kerja dapat "
                   "salah; perbarui paket holidays atau tambahkan tanggalnya (libur_tambahan kantor, --libur).")
    kira = sorted((d, n) for d, n in _libur_tahun(tahun).items()
                  if any(p in n.casefold() for p in PENANDA_PERKIRAAN))
    if kira:
        daftar = ", ".join(f"{d:%d-%m-%Y} ({n})" for d, n in kira)
        out.append(f"Paket holidays {versi} hanya memperkirakan {len(kira)} tanggal libur tahun {tahun}: {daftar}; "
                   "cocokkan dengan SKB 3 Menteri.")
    return out


def hari_libur(d: dt.date, tambahan: Iterable[dt.date] = ()) -> str | None:
    """The name of the holiday on ``d`` (national holiday or cuti bersama), or None."""
    if d in set(tambahan):
        return "Hari libur tambahan"
    return _libur_tahun(d.year).get(d)


def hari_kerja(d: dt.date, tambahan: Iterable[dt.date] = ()) -> bool:
    """Monday–Friday and not a holiday."""
    return d.weekday() < 5 and hari_libur(d, tambahan) is None


def tambah_hari_kerja(d: dt.date, n: int, tambahan: Iterable[dt.date] = ()
                      ) -> tuple[dt.date, list[tuple[dt.date, str]]]:
    """The ``n``-th working day after ``d`` (``n`` ≥ 1), and the days skipped on the way
    (weekends as ``"Sabtu"``/``"Minggu"``, holidays with their name)."""
    if n < 1:
        raise ValueError("n harus paling sedikit 1")
    tambahan = frozenset(tambahan)
    dilewati: list[tuple[dt.date, str]] = []
    hari = d
    sisa = n
    while sisa:
        hari += dt.timedelta(days=1)
        if hari_kerja(hari, tambahan):
            sisa -= 1
            continue
        nama = hari_libur(hari, tambahan)
        dilewati.append((hari, nama or ("Sabtu" if hari.weekday() == 5 else "Minggu")))
    return hari, dilewati
