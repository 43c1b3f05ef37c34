"""Ratio, growth and rounding functions (spec ``juknis-15-2021-ksp.md`` §3).

Every function works on a scalar, a numpy array or a pandas Series and returns the same kind
of container. Ratios are in percent (0-100 scale), never fractions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def _wrap(result: np.ndarray, like: Any) -> Any:
    if isinstance(like, pd.Series):
        return pd.Series(result, index=like.index, name=like.name)
    if np.ndim(like) == 0 and np.ndim(result) == 0:
        return float(result)
    return result


def rasio(pembilang: Any, penyebut: Any, penyebut_harus_positif: bool = False) -> Any:
    r"""Ratio of two amounts in percent.

    Parameters
    ----------
    pembilang : scalar, ndarray or Series
        Numerator [Rp].
    penyebut : scalar, ndarray or Series
        Denominator [Rp].
    penyebut_harus_positif : bool, default False
        If True, a negative denominator makes the ratio *tak terdefinisi* (NaN).

    Returns
    -------
    scalar, ndarray or Series
        :math:`100 \cdot p / q` [%]. Where ``q = 0``: ``+inf`` if ``p > 0``, ``-inf`` if
        ``p < 0``, NaN (*tak terdefinisi*) if ``p = 0``.

    Notes
    -----
    Spec §3: "Denominator zero: numerator > 0 → +∞, numerator < 0 → −∞, numerator = 0 →
    tak terdefinisi. Denominator negative, where the rule says the denominator must be
    positive → tak terdefinisi."
    """
    p = np.asarray(pembilang, dtype=float)
    q = np.asarray(penyebut, dtype=float)
    p1, q1 = np.broadcast_arrays(np.atleast_1d(p), np.atleast_1d(q))
    with np.errstate(divide="ignore", invalid="ignore"):
        r = p1 / q1
        r *= 100.0
    nol = q1 == 0
    if nol.any():   # x/0 by the rule, not by the sign of a zero: +inf, -inf or undefined
        pz = p1[nol]
        r[nol] = np.where(pz > 0, np.inf, np.where(pz < 0, -np.inf, np.nan))
    if penyebut_harus_positif:
        neg = q1 < 0
        if neg.any():
            r[neg] = np.nan
    if p.ndim == 0 and q.ndim == 0:
        r = r.reshape(())
    return _wrap(r, pembilang if np.ndim(pembilang) >= np.ndim(penyebut) else penyebut)


def pertumbuhan(nilai: Any, nilai_lalu: Any, bertanda: bool = False) -> Any:
    r"""Year-on-year growth in percent.

    Parameters
    ----------
    nilai : scalar, ndarray or Series
        Amount in the tahun buku [Rp].
    nilai_lalu : scalar, ndarray or Series
        The same amount a year earlier [Rp].
    bertanda : bool
        Divide by the signed prior-year value instead of its absolute value (alternative reading
        ``pertumbuhan-basis-bertanda``, spec §9: WD's code).

    Returns
    -------
    scalar, ndarray or Series
        :math:`100 \cdot (x - x_{lalu}) / |x_{lalu}|` [%], with the zero-denominator rules of
        :func:`rasio` (growth from zero is ±inf, or NaN if the amount stayed zero).

    Notes
    -----
    Spec §3: "Growth: (x − x_lalu) / |x_lalu| × 100". Dividing by the absolute value makes a
    smaller loss count as positive growth.
    """
    x = np.asarray(nilai, dtype=float)
    x0 = np.asarray(nilai_lalu, dtype=float)
    return _wrap(np.asarray(rasio(x - x0, x0 if bertanda else np.abs(x0))), nilai)


def bulatkan(x: Any, desimal: int = 2) -> Any:
    """Round half away from zero to ``desimal`` decimals, as Excel's ROUND does.

    Robust to binary representation: ``1.005`` (stored as 1.00499999999999989…) rounds to
    ``1.01``. A value within 10⁻⁶ of the last kept unit below a tie (floating-point noise) is
    treated as the tie. ±inf and NaN pass through unchanged.
    """
    a = np.asarray(x, dtype=float)
    f = 10.0**desimal
    out = np.abs(np.atleast_1d(a))
    out *= f
    out += 0.5 + 1e-6          # a tie within 1e-6 of the last unit is a tie (binary noise)
    np.floor(out, out=out)
    out /= f
    np.copysign(out, np.atleast_1d(a), out=out)   # ±inf and NaN pass through every step unchanged
    return _wrap(out.reshape(a.shape), x)
