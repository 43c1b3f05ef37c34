"""``assess_frame`` over a ``dask.dataframe.DataFrame``: lazy, partition by partition, through the
same core (issue 15, "Past one machine").

:func:`petakan` maps a scoring function (``assess_frame`` with its arguments bound, passed in by
:mod:`kesehatan_koperasi.api`, so this layer imports nothing above it) over every partition with
``map_partitions`` and a declared output ``meta``. Each partition is scored as an ordinary pandas
frame; a row's result depends on that row alone, so the partitioned result is the in-memory
result, row for row. Every partition's output is conformed to the declared columns and dtypes
(a partition scored with fewer rule sets than the meta lists gets the missing columns as NA).

Dask is an optional dependency (``pip install 'kesehatan-koperasi[dask]'``); :func:`adalah_dask`
recognises a Dask frame without importing Dask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

PESAN_PASANG = ("Dask belum terpasang: pasang dengan `pip install 'kesehatan-koperasi[dask]'` "
                "(dask[dataframe] dan distributed).")


def adalah_dask(frame: object) -> bool:
    """Whether ``frame`` is a ``dask.dataframe.DataFrame`` (legacy or dask-expr), without importing Dask."""
    mod = type(frame).__module__
    return mod.startswith("dask.") or mod.startswith("dask_expr")


def perlu_dask() -> Any:
    """``dask.dataframe``, or an ImportError that says how to install it."""
    try:
        import dask.dataframe as dd
    except ImportError as e:   # pragma: no cover - the test extra installs Dask
        raise ImportError(PESAN_PASANG) from e
    return dd


def meta_keluaran(contoh: Sequence[pd.DataFrame], urutkan: Callable[[list[pd.Index]], list[str]],
                  masukan: pd.Index) -> pd.DataFrame:
    """The declared output of every partition: the union of the columns of ``contoh`` (the
    outputs on an empty partition for each rule set a row may be scored with), in the order
    ``urutkan`` gives, each with its dtype in the first output that has it. A text column made by
    the scoring that is ``object`` on an empty output (pandas infers nothing from no rows) is
    declared with the dtype pandas infers for text, as a non-empty partition has it; the
    ``masukan`` (pass-through) columns keep their own dtypes."""
    cols = urutkan([c.columns for c in contoh])
    teks = pd.Series(["teks"]).dtype
    dtypes: dict[str, Any] = {}
    for c in contoh:
        for name, dt in c.dtypes.items():
            dtypes.setdefault(str(name), teks if pd.api.types.is_object_dtype(dt) and name not in masukan else dt)
    index = contoh[0].index[:0]
    meta = pd.DataFrame({c: pd.Series([], dtype=dtypes[c]) for c in cols}, index=index)
    meta.attrs = {}
    return meta


def gabung_kolom(column_lists: list[pd.Index]) -> list[str]:
    """Columns of several outputs in the order first seen (the long layout: no blocks to keep)."""
    seen: dict[str, None] = {}
    for cols in column_lists:
        for c in cols:
            seen.setdefault(str(c), None)
    return list(seen)


def sesuaikan(out: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """``out`` with exactly the columns and dtypes of ``meta`` (missing columns as NA)."""
    if list(out.columns) == list(meta.columns) and (out.dtypes == meta.dtypes).all():
        return out
    kolom = {}
    for c, dt in meta.dtypes.items():
        if c in out.columns:
            s = out[c]
            kolom[c] = s if s.dtype == dt else s.astype(dt)
        else:
            kosong = np.full(len(out), np.nan) if pd.api.types.is_float_dtype(dt) else pd.array([None] * len(out), dtype=dt)
            kolom[c] = pd.Series(kosong, index=out.index, dtype=dt)
    res = pd.DataFrame(kolom, index=out.index)
    res.attrs = out.attrs
    return res


def petakan(ddf: Any, nilai: Callable[[pd.DataFrame], pd.DataFrame], meta: pd.DataFrame) -> Any:
    """``nilai`` (``assess_frame`` with its arguments bound) on every partition of ``ddf``, lazily,
    with the declared ``meta``; returns a ``dask.dataframe.DataFrame`` with the same divisions."""
    perlu_dask()
    return ddf.map_partitions(partial(_partisi, nilai=nilai, meta=meta), meta=meta)


def _partisi(part: pd.DataFrame, nilai: Callable[[pd.DataFrame], pd.DataFrame], meta: pd.DataFrame) -> pd.DataFrame:
    """One partition scored and conformed to the declared meta."""
    out = sesuaikan(nilai(part), meta)
    out.attrs = {}     # per-partition attrs do not survive concatenation; the meta carries none
    return out
