"""Derived quantities (spec ``fields.md``, "Derived quantities").

The definitions are data (:data:`kesehatan_koperasi.fields.DERIVED`); the weights of
``modal_tertimbang`` and ``atmr`` come from the rule file (spec §4, "Weights inside CAR").
"""

from __future__ import annotations

from collections.abc import Mapping

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


def derive(jumlah: Mapping[str, np.ndarray], aturan: Aturan) -> dict[str, np.ndarray]:
    """:func:`derive_accounts` plus ``modal_tertimbang`` and ``atmr`` [Rp].

    Parameters
    ----------
    jumlah : mapping of str to ndarray
        Input amounts by canonical name (one year, one element per cooperative) [Rp].
    aturan : Aturan
        Rule set; supplies the bobot pengakuan and bobot risiko [%].
    """
    out = derive_accounts(jumlah)
    for name, t in aturan.turunan.items():   # the rule set's own derived quantities, in file order
        out[name] = _combine(out, t.komponen)
    for name, pembobotan in (("modal_tertimbang", aturan.modal_tertimbang), ("atmr", aturan.atmr)):
        out[name] = _combine(out, {src: w / 100.0 for src, w in pembobotan.bobot.items()})
    return out
