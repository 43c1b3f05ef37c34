"""Ratio, growth and rounding functions (spec §3) over float, ndarray and Series alike."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kesehatan_koperasi.core.ratios import bulatkan, pertumbuhan, rasio


def _values(x):
    return np.atleast_1d(np.asarray(x, dtype=float))


def test_rasio_percent(array_type):
    r = rasio(array_type(25.0), array_type(200.0))
    assert type(r) is (float if array_type.kind == "float" else np.ndarray if array_type.kind == "ndarray" else pd.Series)
    assert _values(r)[0] == 12.5


@pytest.mark.parametrize("p, q, expected", [
    (5.0, 0.0, math.inf), (-5.0, 0.0, -math.inf), (0.0, 0.0, math.nan), (0.0, 10.0, 0.0), (-3.0, 4.0, -75.0),
])
def test_rasio_zero_denominator_rules(array_type, p, q, expected):
    r = _values(rasio(array_type(p), array_type(q)))[0]
    if math.isnan(expected):
        assert math.isnan(r)
    else:
        assert r == expected


def test_negative_denominator_only_undefined_when_rule_says_so(array_type):
    assert _values(rasio(array_type(10.0), array_type(-40.0)))[0] == -25.0
    assert math.isnan(_values(rasio(array_type(10.0), array_type(-40.0), penyebut_harus_positif=True))[0])
    # a zero denominator keeps its ±inf even where the denominator must be positive
    assert _values(rasio(array_type(10.0), array_type(0.0), penyebut_harus_positif=True))[0] == math.inf


@pytest.mark.parametrize("x, x0, expected", [
    (110.0, 100.0, 10.0), (90.0, 100.0, -10.0),
    (-50.0, -100.0, 50.0),      # a smaller loss is growth: divided by |x_lalu|
    (-150.0, -100.0, -50.0),
    (10.0, 0.0, math.inf), (-10.0, 0.0, -math.inf), (0.0, 0.0, math.nan),
])
def test_pertumbuhan(array_type, x, x0, expected):
    g = _values(pertumbuhan(array_type(x), array_type(x0)))[0]
    assert (math.isnan(g) and math.isnan(expected)) or g == expected


@pytest.mark.parametrize("x, expected", [
    (1.005, 1.01), (2.675, 2.68), (1.015, 1.02), (0.125, 0.13), (-1.005, -1.01), (-0.125, -0.13),
    (74.994999, 74.99), (74.995, 75.0), (100.0, 100.0), (0.0, 0.0), (12.344, 12.34), (1e9 + 0.005, 1e9 + 0.01),
])
def test_bulatkan_half_up_like_excel(array_type, x, expected):
    assert _values(bulatkan(array_type(x), 2))[0] == pytest.approx(expected, abs=1e-9)


def test_bulatkan_passes_inf_and_nan():
    out = bulatkan(np.array([np.inf, -np.inf, np.nan]), 2)
    assert out[0] == np.inf and out[1] == -np.inf and np.isnan(out[2])


def test_ratio_of_amounts_that_is_a_tie_in_exact_arithmetic():
    # 201/200 × 100 = 100.5 exactly, but float gives 100.49999999999999: must round as 100.50 → 1 decimal 100.5
    assert bulatkan(rasio(201.0, 200.0), 0) == 101.0
    # 1/8 = 12.5 % exactly → half-up to 0 decimals is 13
    assert bulatkan(rasio(1.0, 8.0), 0) == 13.0


@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=1, max_value=10**12))
def test_bulatkan_matches_exact_decimal_half_up(p, q):
    from decimal import ROUND_HALF_UP, Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = 60
        exact = (Decimal(p) / Decimal(q) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert bulatkan(rasio(float(p), float(q)), 2) == pytest.approx(float(exact), abs=1e-9, rel=1e-15)


def test_series_keeps_index_and_name():
    s = pd.Series([1.0, 2.0], index=["a", "b"], name="kas")
    out = rasio(s, pd.Series([4.0, 0.0], index=["a", "b"]))
    assert list(out.index) == ["a", "b"] and out.name == "kas" and out["b"] == np.inf
