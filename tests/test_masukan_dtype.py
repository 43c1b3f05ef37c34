"""The same cooperatives give the same result whatever the input dtypes (issue 15): float64, int64
(``pd.DataFrame(records)`` of whole rupiah), pandas nullable and pyarrow-backed columns, with and
without a missing answer (a nullable answer column with NA is reported, not scored)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh

_F = contoh.koperasi(300, seed=11)
_HARAP = kk.assess_frame(_F)
_HASIL = [c for c in _HARAP.columns if c not in _F.columns]


def _ubah(frame: pd.DataFrame, jenis: str) -> pd.DataFrame:
    cols = {}
    for c in frame.columns:
        s = frame[c]
        if pd.api.types.is_numeric_dtype(s.dtype):
            bulat = s.dtype.kind in "iu" or bool((s.dropna() == np.floor(s.dropna())).all())
            s = s.astype({"int64": np.int64 if bulat else s.dtype,
                          "nullable": "Int64" if bulat else "Float64",
                          "pyarrow": "int64[pyarrow]" if bulat else "double[pyarrow]"}[jenis])
        cols[c] = s
    return pd.DataFrame(cols, index=frame.index)


@pytest.mark.parametrize("jenis", ["int64", "nullable", "pyarrow"])
def test_every_input_dtype_gives_the_float64_result(jenis):
    dapat = kk.assess_frame(_ubah(_F, jenis))
    pd.testing.assert_frame_equal(dapat[_HASIL], _HARAP[_HASIL])


@pytest.mark.parametrize("jenis", ["nullable", "pyarrow"])
def test_a_missing_answer_in_a_nullable_column_is_reported(jenis):
    f = _ubah(_F, jenis)
    butir = kk.load_rules().kode_butir()[0]
    f[butir] = f[butir].astype("Int64" if jenis == "nullable" else "int64[pyarrow]")
    f.loc[f.index[3], butir] = None
    out = kk.assess_frame(f)
    assert "belum dijawab" in out.loc[f.index[3], "galat"]
    lain = out.drop(index=f.index[3])
    pd.testing.assert_frame_equal(lain[_HASIL], _HARAP.drop(index=f.index[3])[_HASIL])
