"""Derived quantities (spec ``fields.md``, "Derived quantities").

The definitions are data (:data:`kesehatan_koperasi.fields.DERIVED`); the weights of
``modal_tertimbang`` and ``atmr`` come from the rule file (spec §4, "Weights inside CAR").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

from ..fields import DERIVED
from ..rules import Aturan


def derive_accounts(jumlah: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every input amount and the accounting identities of one year (no rule needed) [Rp].

    Parameters
    ----------
    jumlah : mapping of str to ndarray
        Input amounts by canonical name (one year, one element per cooperative) [Rp].
    """
    out: dict[str, np.ndarray] = dict(jumlah)
    for name, combo in DERIVED.items():
        out[name] = _combine(out, combo)
    return out


def _combine(arrays: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """Σ weight × array in one new float64 array, accumulated in place.

    The sum starts from ``0.0`` and adds the terms in the order of ``weights``, exactly as
    ``0.0 + w₁a₁ + w₂a₂ + …`` (so ``-0.0`` becomes ``0.0``); the first term is written straight
    into the new array instead of being added to zeros."""
    total: np.ndarray | None = None
    tmp: np.ndarray | None = None
    for src, w in weights.items():
        a = arrays[src]
        if w == 0:
            continue
        if total is None:
            if w == 1:
                total = np.add(a, 0.0, dtype=np.float64)
            elif w == -1:
                total = np.subtract(0.0, a, dtype=np.float64)
            else:
                total = np.multiply(a, w, dtype=np.float64)
                total += 0.0
        elif w == 1:
            total += a
        elif w == -1:
            total -= a
        else:
            tmp = np.multiply(a, w, out=tmp, dtype=np.float64) if tmp is not None else np.multiply(a, w, dtype=np.float64)
            total += tmp
    if total is None:
        return np.zeros(np.shape(arrays["kas"]), dtype=np.float64)
    return total


class Turunan(Mapping[str, np.ndarray]):
    """One year's amounts and derived quantities, each derived quantity computed on first use
    (and kept): the year before needs only the quantities of the growth indicators and of the
    validation, so most of its derived arrays are never made.

    Amounts given as integers (whole rupiah) stay integers inside the sums of :func:`_combine`
    (each term is converted to float64 as the sum reads it: the same values as converting first);
    an amount read itself (a ratio's single numerator, a growth) is converted once, on first use,
    and kept. So an integer table costs no float64 copy of every column."""

    def __init__(self, jumlah: Mapping[str, np.ndarray], resep: dict[str, dict[str, float]]) -> None:
        self._nilai: dict[str, np.ndarray] = dict(jumlah)
        self._resep = resep
        self._mentah = _Mentah(self)

    def __getitem__(self, name: str) -> np.ndarray:
        v = self._nilai.get(name)
        if v is None:
            if name not in self._resep:
                raise KeyError(name)
            v = self._nilai[name] = _combine(self._mentah, self._resep[name])
        elif v.dtype != np.float64:
            v = self._nilai[name] = v.astype(np.float64)
        return v

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._nilai) + [k for k in self._resep if k not in self._nilai])

    def __len__(self) -> int:
        return len(self._nilai) + sum(k not in self._nilai for k in self._resep)


class _Mentah(Mapping[str, np.ndarray]):
    """The quantities of a :class:`Turunan` as the sums read them: an amount as given (an integer
    array unconverted), a derived quantity through the :class:`Turunan` (computed and kept)."""

    def __init__(self, turunan: Turunan) -> None:
        self._t = turunan

    def __getitem__(self, name: str) -> np.ndarray:
        v = self._t._nilai.get(name)
        return v if v is not None else self._t[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._t)

    def __len__(self) -> int:
        return len(self._t)


def _resep(aturan: Aturan) -> list[tuple[str, dict[str, float]]]:
    """Every derived quantity of ``aturan`` and its weights, in the order they are defined."""
    out = [(name, dict(combo)) for name, combo in DERIVED.items()]
    out += [(name, dict(t.komponen)) for name, t in aturan.turunan.items()]
    for name, pembobotan in (("modal_tertimbang", aturan.modal_tertimbang), ("atmr", aturan.atmr)):
        out.append((name, {src: w / 100.0 for src, w in pembobotan.bobot.items()}))
    return out


def derive(jumlah: Mapping[str, np.ndarray], aturan: Aturan) -> Mapping[str, np.ndarray]:
    """:func:`derive_accounts` plus ``modal_tertimbang`` and ``atmr`` [Rp].

    Parameters
    ----------
    jumlah : mapping of str to ndarray
        Input amounts by canonical name (one year, one element per cooperative) [Rp].
    aturan : Aturan
        Rule set; supplies the bobot pengakuan and bobot risiko [%].

    Returns
    -------
    Mapping of str to ndarray
        Each derived quantity is computed when first read (:class:`Turunan`). A rule set that
        redefines a name (an input, or a quantity defined before it) is evaluated eagerly in file
        order, so every definition sees exactly the quantities defined before it.
    """
    resep = _resep(aturan)
    names = [n for n, _ in resep]
    if len(set(names)) == len(names) and not set(names) & set(jumlah):
        return Turunan(jumlah, dict(resep))
    out: dict[str, np.ndarray] = {k: np.asarray(v, dtype=np.float64) for k, v in jumlah.items()}
    for name, combo in resep:
        out[name] = _combine(out, combo)
    return out
