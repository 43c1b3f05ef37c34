"""The two table layouts of a scored batch (spec ``api.md``): one row per cooperative
(``detail="ringkas"``) or one row per cooperative × indicator (``detail="panjang"``), built
mechanically from the core's answer without copying the large result matrices.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ..core.engine import Skor
from ..fields import AMOUNT_NAMES, MEMBER_FIELDS, OPTIONAL_FIELDS, SUFFIX_LALU
from .teks import teks_peringatan


def _ordered_union(column_lists: list[pd.Index]) -> list[str]:
    """Columns of several result frames: pass-through first, then each result block in order."""
    seen: dict[str, None] = {}
    blocks = ["", "aturan", "nilai_akhir", "predikat", "aspek.", "nilai.", "rasio.", "temuan.", "jumlah_temuan",
              "peringatan", "galat"]

    def block(c: str) -> int:
        for b, prefix in enumerate(blocks[1:], start=1):
            if c == prefix or (prefix.endswith(".") and c.startswith(prefix)):
                return b
        return 0

    for cols in column_lists:
        for c in cols:
            seen.setdefault(c, None)
    return sorted(seen, key=lambda c: block(c))     # stable: keeps the order within each block


def _frame_output(frame: pd.DataFrame, s: Skor) -> pd.DataFrame:
    """The result columns of spec ``api.md``, built without copying the large result matrices."""
    n = len(frame)
    passthrough = frame[[c for c in frame.columns if not is_input_column(c)]]
    head: dict[str, Any] = {"aturan": _dictionary_strings(np.zeros(n, dtype=np.int32), [s.aturan.nama]),
                            "nilai_akhir": s.nilai_akhir_float(),
                            "predikat": _dictionary_strings(s.predikat_indeks, list(s.rencana.predikat_nama))}
    asp = s.aspek_float()
    for m, a in enumerate(s.aspek_kode):
        head[f"aspek.{a}"] = asp[:, m]
    mask = ~s.ok     # each column gets its own copy of the mask: a later edit of one column stays there
    nilai = {f"nilai.{k}": pd.arrays.IntegerArray(s.nilai[:, j], mask.copy()) for j, k in enumerate(s.kode)}
    rasio = pd.DataFrame(s.rasio, columns=[f"rasio.{k}" for k in s.kode], copy=False)
    temuan = {f"temuan.{k}": pd.arrays.BooleanArray(s.temuan[:, j], mask.copy()) for j, k in enumerate(s.kode)}
    aturan = s.aturan
    tail = {
        "jumlah_temuan": pd.arrays.IntegerArray(s.temuan.sum(axis=1, dtype=np.int16), mask),
        "peringatan": _strings_sparse({i: "; ".join(teks_peringatan(w, aturan) for w in m)
                                       for i, m in s.peringatan.items()}, n),
        "galat": _strings_sparse({i: "; ".join(map(str, m)) for i, m in s.masalah.items()}, n),
    }
    parts = [passthrough.reset_index(drop=True), pd.DataFrame(head, copy=False), pd.DataFrame(nilai, copy=False),
             rasio, pd.DataFrame(temuan, copy=False), pd.DataFrame(tail, copy=False)]
    out = pd.concat(parts, axis=1)
    out.index = frame.index
    out.attrs = {ATTRS: {"aturan": {s.rencana.nama: ringkas_aturan(s)}}}
    return out


#: Key of ``DataFrame.attrs`` under which ``assess_frame`` describes the rule sets it used.
ATTRS = "kesehatan_koperasi"


def ringkas_aturan(s: Skor) -> dict[str, Any]:
    """What a view of the result table needs to know of the rule set (JSON-friendly, so it
    survives Parquet): version, digest, the predicates best first, the findings rule in words,
    and each indicator's aspect and label."""
    plan = s.rencana
    return {
        "versi": plan.versi,
        "sidik": plan.sidik,
        "berkas": s.aturan.berkas,
        "predikat": list(reversed(plan.predikat_nama)),
        "temuan": s.aturan.temuan.uraian,
        "aspek": [[a.kode, a.nama] for a in s.aturan.aspek],
        "indikator": [[i.kode, i.aspek, i.label] for i in plan.indikator],
    }


def _long_output(frame: pd.DataFrame, s: Skor) -> pd.DataFrame:
    """One row per scored cooperative × indicator (``detail="panjang"``), built with numpy."""
    rows = np.flatnonzero(s.ok)
    k = len(s.kode)
    plan = s.rencana
    kategori = np.array([""] + [s.aturan.kategori(v) for v in range(1, 5)], dtype=object)
    nilai = s.nilai[rows]
    terpenuhi = s.terpenuhi[rows]
    rasio = s.persen()[rows]
    band = s.indeks_pita[rows]
    ident = frame.iloc[np.repeat(rows, k)][[c for c in frame.columns if not is_input_column(c)]]
    out = ident.reset_index(drop=True)
    cols = {
        "_baris": np.repeat(rows, k),
        "aturan": plan.nama,
        "kode": np.tile(np.array(s.kode, dtype=object), len(rows)),
        "aspek": np.tile(np.array(s.aspek_indikator, dtype=object), len(rows)),
        "label": np.tile(np.array([i.label for i in plan.indikator], dtype=object), len(rows)),
        "jenis_indikator": np.tile(np.array([i.jenis for i in plan.indikator], dtype=object), len(rows)),
        "rasio": rasio.reshape(-1),
        "terpenuhi": pd.array(np.where(terpenuhi >= 0, terpenuhi, 0).reshape(-1), dtype="Int16"),
        "indeks_pita": pd.arrays.IntegerArray(band.reshape(-1), band.reshape(-1) < 0),
        "nilai": pd.array(nilai.reshape(-1), dtype="Int8"),
        "skor": (pd.array(s.skor[rows].reshape(-1), dtype="Int8") if s.skala_skor == 1
                 else s.skor[rows].reshape(-1) / s.skala_skor),
        "kategori": kategori[np.clip(nilai.reshape(-1), 0, 4)] if s.aturan.skala else "",
        "temuan": s.temuan[rows].reshape(-1),
    }
    out = pd.concat([out, pd.DataFrame(cols)], axis=1)
    out["terpenuhi"] = out["terpenuhi"].mask(out["jenis_indikator"] != "kuesioner")
    out.index = frame.index[np.repeat(rows, k)]
    out.attrs = {ATTRS: {"aturan": {plan.nama: ringkas_aturan(s)}}}
    return out


_AMOUNTS = list(AMOUNT_NAMES) + [f.name for f in OPTIONAL_FIELDS]
_INPUTS = frozenset(_AMOUNTS) | {n + SUFFIX_LALU for n in _AMOUNTS} | frozenset(MEMBER_FIELDS) \
    | {n + SUFFIX_LALU for n in MEMBER_FIELDS} | {"tanggal_rat", "tanggal_rat_lalu", "pemeriksaan"}
_ITEM = re.compile(r"^[A-Z](\.\d+)+\.[a-z]$")


def is_input_column(name: object) -> bool:
    """Whether a frame column is an input of the scoring (amount, member count, questionnaire
    item of any rule set) rather than an identity column that passes through."""
    return isinstance(name, str) and (name in _INPUTS or bool(_ITEM.match(name)))


def _strings_sparse(sparse: dict[int, str], n: int) -> pd.api.extensions.ExtensionArray:
    """A string column that is empty except at a few rows, built from dictionary codes."""
    codes = np.zeros(n, dtype=np.int32)
    lookup = {"": 0}
    for i, text in sparse.items():
        codes[i] = lookup.setdefault(text, len(lookup))
    return _dictionary_strings(codes, list(lookup))


def _dictionary_strings(codes: np.ndarray, texts: list[str]) -> pd.api.extensions.ExtensionArray:
    """String array from integer codes into distinct ``texts`` (−1 = missing), with no Python
    object per row: one Arrow ``take`` of the few distinct texts where pyarrow (the optional extra
    ``[parquet]``) is installed, else through a Categorical (pandas' ``string`` dtype either way)."""
    if _pa is None:
        cat = pd.Categorical.from_codes(codes, categories=pd.Index(texts or [""], dtype=object))
        return pd.Series(cat, copy=False).astype("string").array
    idx = _pa.array(codes, mask=codes < 0)
    return pd.arrays.ArrowStringArray(_pa.array(texts or [""], type=_pa.large_string()).take(idx))


try:   # pyarrow is the optional extra [parquet]: faster string columns where it is there
    import pyarrow as _pa
except ImportError:  # pragma: no cover - exercised by tests/test_tanpa_pyarrow.py in a subprocess
    _pa = None
