"""The vectorised core (rule file + engine) agrees with the scalar references written from the
spec and the domain documents (``reference.py``, ``reference_perdep.py``), for every built-in rule
set, on random cooperatives, including zero denominators, ±inf and losses, and on ratios exactly
half a hundredth from a band edge (half-up rounding, spec §3)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh

from . import checks
from .perturb import perturb

RULE_SETS = ["juknis-15-2021", "juknis-15-2021-kspps", "perdep-06-2016"]
SIZE = {"juknis-15-2021": 1500, "juknis-15-2021-kspps": 600, "perdep-06-2016": 600}


def _compare(frame, aturan):
    bad = checks.reference_mismatches(frame, aturan)
    assert not bad, bad[:10]
    return kk.assess_frame(frame, rules=aturan)


@pytest.mark.parametrize("nama", RULE_SETS)
def test_core_matches_reference_on_synthetic_cooperatives(nama):
    aturan = kk.load_rules(nama)
    _compare(contoh.koperasi(SIZE[nama], seed=11, rules=aturan), aturan)


@pytest.mark.parametrize("nama, seed", [("juknis-15-2021", 1), ("juknis-15-2021", 2), ("juknis-15-2021", 3),
                                        ("juknis-15-2021-kspps", 4), ("perdep-06-2016", 5)])
def test_core_matches_reference_with_zeroed_lines(nama, seed):
    aturan = kk.load_rules(nama)
    frame = perturb(contoh.koperasi(600, seed=100 + seed, rules=aturan), seed=seed, p=0.2)
    out = _compare(frame, aturan)
    # the perturbation really reaches the special cases
    rasio = out.filter(like="rasio.")
    assert rasio.isna().any().sum() >= 5
    assert np.isinf(rasio.to_numpy()).any()


@pytest.mark.parametrize("nama", RULE_SETS)
def test_half_up_rounding_at_band_edges(nama):
    """cases/pembulatan.yaml: 75,005 → 75,01 and 5,005 → 5,01 (not 75,00 / 5,00), 15,005 → 15,01."""
    assert any(nama in c["aturan"] for c in checks.load_case("pembulatan.yaml")["kasus"])
    bad = checks.rounding_mismatches(kk.load_rules(nama))
    assert not bad, bad


def test_the_references_read_every_input_amount():
    """The hand-written list of inputs in reference.py is the library's list (fields.md)."""
    from ._internal import AMOUNT_NAMES
    from .reference import AMOUNT_NAMES as REF

    assert sorted(REF) == sorted(AMOUNT_NAMES)


CASES = checks.load_case("koperasi-minimal.yaml")
_minimal_frame = checks.minimal_frame


@pytest.mark.parametrize("case", CASES["kasus"], ids=lambda c: c["nama"])
def test_zero_and_negative_denominator_rules(aturan, case):
    out = kk.assess_frame(_minimal_frame(case, aturan)).iloc[0]
    assert out["galat"] == ""
    for kode, (rasio, nilai) in case["harapan"].items():
        got = out[f"rasio.{kode}"]
        if rasio == "tak_terdefinisi":
            assert math.isnan(got), (kode, got)
            assert f"{kode} " in out["peringatan"] and "tak terdefinisi" in out["peringatan"]
        elif rasio in ("inf", "-inf"):
            assert got == float(rasio), (kode, got)
            assert f"{kode} " in out["peringatan"]
        else:
            assert got == pytest.approx(float(rasio)), (kode, got)
        assert out[f"nilai.{kode}"] == nilai, (kode, out[f"nilai.{kode}"])


def test_minimal_cases_agree_with_reference(aturan):
    for case in CASES["kasus"]:
        _compare(_minimal_frame(case, aturan), aturan)
