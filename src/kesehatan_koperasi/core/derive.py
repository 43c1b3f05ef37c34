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
    """Σ weight × array, accumulated in place in one new float64 array."""
    total = np.zeros(np.shape(arrays["kas"]), dtype=np.float64)
    for src, w in weights.items():
        if w == 1:
            total += arrays[src]
        elif w == -1:
            total -= arrays[src]
        elif w != 0:
            total += w * arrays[src]
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
