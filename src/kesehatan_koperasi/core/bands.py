"""Band lookup (spec ``juknis-15-2021-ksp.md`` §2, §4).

A band table is a list of results (lowest range of values first) and the ascending cut points
between them; ``naik[i]`` says whether cut point ``i`` itself belongs to the upper range. The
lookup is a count of cut points passed, so every value, including ±inf, gets exactly one result.
"""

from __future__ import annotations

import numpy as np


def indeks_pita(x: np.ndarray, titik: np.ndarray, naik: np.ndarray) -> np.ndarray:
    """Index of the range of a band table that each value falls in (0 = lowest range).

    Parameters
    ----------
    x : ndarray
        Values [same unit as ``titik``]; NaN falls in range 0 and must be handled by the caller.
    titik : ndarray
        Ascending cut points.
    naik : ndarray of bool
        For each cut point, True if the point itself belongs to the range above it.
    """
    x = np.asarray(x, dtype=float)
    idx = np.zeros(x.shape, dtype=np.int8)
    for t, up in zip(titik, naik):
        idx += (x >= t) if up else (x > t)
    return idx


def pita(x: np.ndarray, titik: np.ndarray, naik: np.ndarray, hasil: np.ndarray) -> np.ndarray:
    """Result of a band table for each value: ``hasil[indeks_pita(x, titik, naik)]``."""
    return np.asarray(hasil)[indeks_pita(x, titik, naik)]
