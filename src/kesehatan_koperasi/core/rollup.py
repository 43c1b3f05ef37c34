"""Roll-up: aspect scores, nilai akhir and predikat (spec ``juknis-15-2021-ksp.md`` §6).

All arithmetic is exact on integers: an aspect score is carried as ``A × 10**d`` and the nilai
akhir as ``N × skala``, so 13/16 is 81.2 (not 81.25 rounded) and 79.995 is below 80.
"""

from __future__ import annotations

import numpy as np

from .bands import indeks_pita


def skor_aspek(jumlah_skor: np.ndarray, jumlah_indikator: int, desimal: int, cara: str) -> np.ndarray:
    r"""Aspect score, scaled by ``10**desimal``, computed exactly on integers.

    :math:`A = \sum skor / (4 n) \cdot 100`, truncated (``cara="potong"``) or rounded half-up
    (``cara="setengah_ke_atas"``) to ``desimal`` decimals. Returns ``A * 10**desimal`` as int64,
    so ``13 / 16`` with one decimal gives ``812`` (81.2).

    Notes
    -----
    Spec §6: "Aspect score = Σ skor of its indicators / (4 × number of indicators) × 100,
    truncated to 1 decimal (floor, computed exactly on the integers)".
    """
    s = np.asarray(jumlah_skor, dtype=np.int64)
    num = s * 100 * 10**desimal
    den = 4 * jumlah_indikator
    if cara == "potong":
        return num // den
    if cara == "setengah_ke_atas":
        return (2 * num + den) // (2 * den)
    raise ValueError(f"cara pembulatan aspek tidak dikenal: {cara}")


def nilai_akhir(aspek: np.ndarray, bobot: np.ndarray, skala_aspek: int,
                desimal: int, cara: str) -> tuple[np.ndarray, int]:
    r"""Weighted final score, exact: :math:`N = \sum_a w_a A_a / 100`.

    Parameters
    ----------
    aspek : ndarray of int64, shape (n, m)
        Aspect scores × ``skala_aspek`` (from :func:`skor_aspek`).
    bobot : ndarray of int, shape (m,)
        Aspect weights [%], whole numbers summing to 100.
    skala_aspek : int
        ``10**d`` of the aspect scores.
    desimal, cara
        Decimals of the nilai akhir and how to reach them (``"tepat"``, ``"setengah_ke_atas"``
        or ``"potong"``) when the exact value has more decimals.

    Returns
    -------
    (ndarray of int64, int)
        The nilai akhir × ``skala`` and that ``skala``. With weights 30/15/40/15 and aspect
        scores 92.6/86.9/73.6/81.2 this is ``(82435, 1000)``: 82.435.
    """
    total = np.asarray(aspek, dtype=np.int64) @ np.asarray(bobot, dtype=np.int64)
    skala = 100 * skala_aspek
    target = 10**desimal
    if target < skala:
        step = skala // target
        total = total // step if cara == "potong" else (2 * total + step) // (2 * step)
        skala = target
    return total, skala


def predikat_indeks(nilai: np.ndarray, skala: int, titik: np.ndarray, naik: np.ndarray) -> np.ndarray:
    """Row of the predicate band table for each scaled score ``nilai`` (× ``skala``).

    Cut points are scaled to integers too, so the comparison is exact: with ``[80`` a nilai
    akhir of exactly 80.000 is Sehat and 79.995 is not.
    """
    t = np.round(np.asarray(titik, dtype=float) * skala)
    return indeks_pita(np.asarray(nilai, dtype=float), t, naik)


def predikat(nilai: np.ndarray, skala: int, titik: np.ndarray, naik: np.ndarray, nama: list[str]) -> np.ndarray:
    """Predicate name of each scaled score (see :func:`predikat_indeks`)."""
    return np.asarray(nama, dtype=object)[predikat_indeks(nilai, skala, titik, naik)]
