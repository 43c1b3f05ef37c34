"""Indonesian presentation of numbers and dates (STYLE: Babel with explicit patterns).

Money is float64 in the core and formatted only here: ``Rp 1.234.567``, negative as
``(Rp 1.234.567)``; percentages as ``12,34 %``; dates as ``11 Maret 2024``.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "id_ID"


def angka(x: float, desimal: int = 0) -> str:
    """A number with Indonesian grouping and decimal comma, rounded half-up: ``1.234.567,50``."""
    if x is None or math.isnan(float(x)):
        return "–"
    if math.isinf(float(x)):
        return "∞" if x > 0 else "−∞"
    pattern = "#,##0" + ("." + "0" * desimal if desimal else "")
    with localcontext() as ctx:     # enough digits for any finite float, however large
        ctx.prec = 400
        q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
        return format_decimal(q, format=pattern, locale=LOCALE, decimal_quantization=False)


def rupiah(x: float, desimal: int = 0) -> str:
    """Rupiah amount: ``Rp 1.234.567``; a negative amount in parentheses: ``(Rp 1.234.567)``."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return angka(x)
    teks = "Rp " + angka(abs(x), desimal)
    return f"({teks})" if x < 0 else teks


def persen(x: float | None, desimal: int = 2) -> str:
    """Percentage with a decimal comma: ``12,34 %``; NaN as ``–``; ±inf as ``∞ %``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{angka(x, desimal)} %"


def tanggal(d: dt.date) -> str:
    """Date in words of the month: ``11 Maret 2024``."""
    return format_date(d, format="d MMMM y", locale=LOCALE)


# ---------------------------------------------------------------- words, days, the minutes opening
_ROMAWI = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def terbilang(n: int) -> str:
    """A whole number in Indonesian words (num2words, ``lang="id"``): ``2024`` → ``dua ribu dua puluh empat``.

    A negative number reads ``minus …``.
    """
    from num2words import num2words

    n = int(n)
    if n < 0:
        return "minus " + num2words(-n, lang="id")
    return str(num2words(n, lang="id"))


def terbilang_desimal(x: float, desimal: int = 3) -> str:
    """A number in words with its decimals read digit by digit, as on official documents.

    ``82.435`` with ``desimal=3`` → ``delapan puluh dua koma empat tiga lima``. The number is first
    rounded half-up to ``desimal`` places, exactly as :func:`angka` prints it, so the words and the
    figures agree; trailing zeros are read (``82,400`` → ``… koma empat nol nol``).
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    with localcontext() as ctx:     # enough digits for any finite float, however large
        ctx.prec = 400
        q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    tanda = "minus " if q < 0 else ""
    teks = f"{abs(q):f}"
    bulat, _, pecahan = teks.partition(".")
    kata = tanda + terbilang(int(bulat))
    if desimal and pecahan:
        kata += " koma " + " ".join(terbilang(int(c)) for c in pecahan)
    return kata


def terbilang_rupiah(x: float) -> str:
    """A rupiah amount in words, rounded half-up to the rupiah: ``1500`` → ``seribu lima ratus rupiah``."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    q = int(Decimal(repr(float(x))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{terbilang(q)} rupiah"


def hari(d: dt.date) -> str:
    """The Indonesian day name: ``Senin`` … ``Minggu`` (Babel, pattern ``EEEE``)."""
    return format_date(d, format="EEEE", locale=LOCALE)


def bulan(d: dt.date) -> str:
    """The Indonesian month name: ``Maret`` (Babel, pattern ``MMMM``)."""
    return format_date(d, format="MMMM", locale=LOCALE)


def tanggal_angka(d: dt.date) -> str:
    """The date in figures as the minutes write it in brackets: ``11-03-2024``."""
    return format_date(d, format="dd-MM-y", locale=LOCALE)


def tanggal_hari(d: dt.date) -> str:
    """Day name and date: ``Senin, 11 Maret 2024``."""
    return f"{hari(d)}, {tanggal(d)}"


def tanggal_terbilang(d: dt.date) -> str:
    """The date in words as in the minutes: ``tanggal sebelas bulan Maret tahun dua ribu dua puluh empat``."""
    return f"tanggal {terbilang(d.day)} bulan {bulan(d)} tahun {terbilang(d.year)}"


def pada_hari_ini(d: dt.date) -> str:
    """The customary opening of the minutes (berita acara).

    >>> import datetime as dt
    >>> pada_hari_ini(dt.date(2024, 3, 11))
    'Pada hari ini Senin, tanggal sebelas bulan Maret tahun dua ribu dua puluh empat (11-03-2024)'
    """
    return f"Pada hari ini {hari(d)}, {tanggal_terbilang(d)} ({tanggal_angka(d)})"


def rentang_tanggal(mulai: dt.date, selesai: dt.date) -> str:
    """A period of days: ``13 s.d. 15 Mei 2026``, ``30 April s.d. 2 Mei 2026``, or one date if equal."""
    if mulai == selesai:
        return tanggal(mulai)
    if (mulai.year, mulai.month) == (selesai.year, selesai.month):
        return f"{mulai.day} s.d. {tanggal(selesai)}"
    if mulai.year == selesai.year:
        return f"{format_date(mulai, format='d MMMM', locale=LOCALE)} s.d. {tanggal(selesai)}"
    return f"{tanggal(mulai)} s.d. {tanggal(selesai)}"


def romawi(n: int) -> str:
    """A positive whole number in Roman numerals (month in letter numbers): ``3`` → ``III``."""
    n = int(n)
    if n <= 0:
        raise ValueError("angka romawi hanya untuk bilangan bulat positif")
    out = []
    for nilai, huruf in _ROMAWI:
        while n >= nilai:
            out.append(huruf)
            n -= nilai
    return "".join(out)
