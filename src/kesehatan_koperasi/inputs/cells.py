"""Numbers and dates typed as text in Indonesian style (issue 3, spec ``fields.md``).

``Rp 1.234.567,89`` → 1234567.89; ``1.234.567`` → 1234567; ``Rp1.200.000,-`` → 1200000 (the
``,-`` of "no cents"); ``(12.500)`` → −12500 (only where a negative is allowed:
``shu_belum_dibagi``); ``-`` alone is the accountant's nil → 0. A dot is
always a thousands separator and a comma the decimal mark; anything else (``12.5``,
``1,234,567.00``) is refused rather than guessed, because deleting dots silently loses decimals
(STYLE, "Pitfalls"). Cells that already hold a number are taken as they are.

This is the one parser of cell values: the examiner's worksheet, the application checklist and
the text in the amount columns of a batch table all read amounts and dates through it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

_RIBUAN = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_POLOS = re.compile(r"^\d+(?:,\d+)?$")
_RP = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_MINUS = ("-", "−", "–")
_NIHIL = {"-", "−", "–", "—"}
_TANPA_SEN = re.compile(r"(?<=\d),[-−–—]{1,2}$")     # "1.200.000,-": no cents

BULAN = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7, "agustus": 8,
    "september": 9, "oktober": 10, "november": 11, "desember": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8, "ags": 8, "sep": 9,
    "okt": 10, "nov": 11, "des": 12,
}


#: Largest amount accepted [Rp]: Rp 1.000 triliun, far above any cooperative's balance and well
#: inside the integers float64 holds exactly (2**53 ≈ 9·10**15). A larger number is a typing error
#: or a hostile file, and sums of such numbers overflow (issue 8: found by the fuzzer).
MAKS_ANGKA = 1e15


class FormatSalah(ValueError):
    """The cell's content cannot be read as the expected kind of value; the message is Indonesian."""


def parse_angka(value: Any, negatif: bool = False) -> float:
    """A rupiah amount from a cell value (number or Indonesian text) [Rp].

    Parameters
    ----------
    value : int, float or str
        The cell's value.
    negatif : bool
        Whether a negative amount is allowed (``shu_belum_dibagi``).

    Raises
    ------
    FormatSalah
        Not a number in Indonesian style, not finite, or negative where not allowed.
    """
    if isinstance(value, bool):
        raise FormatSalah("bukan angka")
    if isinstance(value, int) and abs(value) > MAKS_ANGKA:   # float() of a huge int raises OverflowError
        raise FormatSalah("angka terlalu besar (paling besar 1.000.000.000.000.000)")
    if isinstance(value, (int, float)):
        x = float(value)
    elif isinstance(value, str):
        x = _parse_teks(value)
    else:
        raise FormatSalah("bukan angka")
    if not math.isfinite(x):
        raise FormatSalah("harus bilangan terhingga")
    if abs(x) > MAKS_ANGKA:
        raise FormatSalah("angka terlalu besar (paling besar 1.000.000.000.000.000)")
    if x < 0 and not negatif:
        raise FormatSalah("tidak boleh negatif")
    return x


def _parse_teks(text: str) -> float:
    s = text.replace("\u00a0", " ").replace("\u202f", " ").strip()
    neg = False
    for _ in range(2):                      # "Rp (12.500)" and "(Rp 12.500)" alike
        s = _RP.sub("", s).strip()
        if s.startswith("(") and s.endswith(")"):
            neg, s = True, s[1:-1].strip()
    if s in _NIHIL:
        return 0.0
    if s[:1] in _MINUS:
        neg, s = True, _RP.sub("", s[1:].strip()).strip()
    s = _TANPA_SEN.sub("", s.replace(" ", ""))
    if _RIBUAN.match(s):
        s = s.replace(".", "")
    elif not _POLOS.match(s):
        if re.fullmatch(r"\d+\.\d{1,2}", s) or re.fullmatch(r"[\d,]+\.\d+", s):
            raise FormatSalah("format angka tidak dikenali: titik adalah pemisah ribuan, koma adalah "
                              "pemisah desimal (mis. 1.234.567,89)")
        raise FormatSalah("bukan angka dalam format Indonesia (mis. Rp 1.234.567,89)")
    try:
        x = float(Decimal(s.replace(",", ".")))
    except InvalidOperation:  # pragma: no cover - the patterns above exclude it
        raise FormatSalah("bukan angka") from None
    return -x if neg else x


def parse_bulat(value: Any) -> int:
    """A whole number ≥ 0 (member counts), from a number or Indonesian text (``1.234``)."""
    x = parse_angka(value)
    if x != math.floor(x):
        raise FormatSalah("harus bilangan bulat")
    return int(x)


def parse_tanggal(value: Any) -> dt.date:
    """A date from a date cell, an Excel serial number, or text ``13-05-2026``, ``13/05/2026``,
    ``2026-05-13`` or ``13 Mei 2026``."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise FormatSalah("harus tanggal tanpa jam")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466 and float(value).is_integer():
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise FormatSalah("bukan tanggal")
    if not isinstance(value, str):
        raise FormatSalah("bukan tanggal")
    s = " ".join(value.strip().split())
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", s)
    if m:
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif (m := re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})", s)) and m[2].lower() in BULAN:
        d, mo, y = int(m[1]), BULAN[m[2].lower()], int(m[3])
    else:
        raise FormatSalah("bukan tanggal (tulis dd-mm-yyyy, mis. 13-05-2026)")
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise FormatSalah("tanggal tidak ada di kalender") from None


def parse_jam(value: Any) -> dt.time:
    """A time of day (minutes) from a time cell, an Excel day fraction, or text ``09:30``/``09.30``."""
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, dt.datetime) and value.date() == dt.date(1899, 12, 30):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        menit = round(value * 24 * 60)
        if menit < 24 * 60:
            return dt.time(menit // 60, menit % 60)
    if isinstance(value, str):
        m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", value.strip())
        if m and int(m[1]) < 24 and int(m[2]) < 60:
            return dt.time(int(m[1]), int(m[2]))
    raise FormatSalah("bukan jam (tulis jj:mm, mis. 09:30)")


def parse_tahun(value: Any) -> int:
    """A year of four digits."""
    if isinstance(value, str):
        value = value.strip()
        if not re.fullmatch(r"\d{4}", value):
            raise FormatSalah("bukan tahun 4 angka")
        return int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    raise FormatSalah("bukan tahun 4 angka")
