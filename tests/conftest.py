"""Shared fixtures: the default rule set, synthetic cooperatives, and container types."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, settings

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile("ci")


@pytest.fixture(scope="session")
def aturan():
    return kk.load_rules("juknis-15-2021")


@pytest.fixture(scope="session")
def koperasi_200():
    """200 synthetic cooperatives (seed 7), all valid."""
    return contoh.koperasi(200, seed=7)


@pytest.fixture(params=["float", "ndarray", "Series"])
def array_type(request):
    """Run a test body over a scalar, an ndarray and a Series (MetPy's array_type pattern)."""
    kind = request.param

    def make(*values):
        if kind == "float":
            assert len(values) == 1
            return float(values[0])
        if kind == "ndarray":
            return np.asarray(values, dtype=float)
        return pd.Series(values, dtype=float, name="x")

    make.kind = kind
    return make


def baris(frame: pd.DataFrame, i: int = 0) -> pd.DataFrame:
    """Row ``i`` of a frame as a one-row frame with a fresh index (safe to modify)."""
    return frame.iloc[[i]].reset_index(drop=True).copy()
