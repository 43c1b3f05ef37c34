"""Indonesian presentation of numbers and dates (STYLE: Babel with explicit patterns).

Money is float64 in the core and formatted only here: ``Rp 1.234.567``, negative as
``(Rp 1.234.567)``; percentages as ``12,34 %``; dates as ``11 Maret 2024``.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "id_ID"


def angka(x: float, desimal: int = 0) -> str:
    """A number with Indonesian grouping and decimal comma, rounded half-up: ``1.234.567,50``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, float) and math.isinf(x):
        return "∞" if x > 0 else "−∞"
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * desimal if desimal else "")
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
