"""Public scoring API: :func:`assess_frame` and :func:`assess` (spec ``api.md``).

Both present :func:`kesehatan_koperasi.core.engine.score`; ``assess(kertas_kerja)`` is
``assess_frame`` on a one-row frame. There is no second scoring path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .core.engine import score
from .errors import WorksheetError
from .model import KertasKerja
from .result.build import hasil_from_row
from .result.frame import ATTRS, _frame_output, _long_output, _ordered_union
from .result.hasil import Hasil
from .rules import Aturan, load_rules, pilih_aturan

DEFAULT_RULES = "juknis-15-2021"


def assess_frame(frame: pd.DataFrame, rules: str | Path | Aturan | None = None,
                 detail: str = "ringkas") -> pd.DataFrame:
    """Score one cooperative per row.

    Parameters
    ----------
    frame : DataFrame
        One row per cooperative: every canonical amount field for the tahun buku and the
        ``_lalu`` year [Rp], one column per questionnaire item code (``A.1.1.a``) holding 1 or 0.
        Other columns (``nama_koperasi``, ``kabupaten_kota``, …) pass through.
    rules : str, Path, Aturan or None
        Built-in rule set name or path to a rule file. ``None`` (default) chooses per row from the
        ``jenis`` column with :func:`~kesehatan_koperasi.rules.pilih_aturan` (KSPPS/USPPS →
        ``juknis-15-2021-kspps``, otherwise ``juknis-15-2021``); without a ``jenis`` column,
        ``juknis-15-2021``.
    detail : {"ringkas", "panjang"}
        ``"ringkas"`` (default): one row per cooperative, as below. ``"panjang"``: one row per
        cooperative × indicator (pass-through columns, ``aturan``, ``kode``, ``aspek``, ``label``,
        ``jenis``, ``rasio``, ``terpenuhi``, ``nilai``, ``skor``, ``kategori``), which groups
        easily (e.g. how often each indicator scores Nilai 3-4); rows that failed validation
        have no indicator rows.

    Returns
    -------
    DataFrame
        Same index and order: the pass-through columns, ``aturan`` (the rule set used),
        ``nilai_akhir`` (3 decimals),
        ``predikat``, ``aspek.<A-D>`` (1 decimal), ``nilai.<kode>`` (Int8, 1-4), ``rasio.<kode>``
        (percent, 2 decimals; NaN for questionnaires and *tak terdefinisi*), ``peringatan`` and
        ``galat`` (empty when the row was scored). A row that fails validation stays, with its
        ``galat`` and missing scores.

    Raises
    ------
    RulesError
        The rule set is unknown or invalid.
    FrameError
        Required columns are missing (the message lists them).
    """
    if detail not in ("ringkas", "panjang"):
        raise ValueError(f"detail harus 'ringkas' atau 'panjang', bukan {detail!r}")
    output = _frame_output if detail == "ringkas" else _long_output
    if rules is not None or "jenis" not in frame.columns:
        aturan = load_rules(rules if rules is not None else DEFAULT_RULES)
        out = output(frame, score(frame, aturan))
        return out.drop(columns="_baris") if detail == "panjang" else out
    names = _rules_per_row(frame["jenis"])
    groups = pd.unique(names)
    if len(groups) <= 1:
        out = output(frame, score(frame, load_rules(groups[0] if len(groups) else DEFAULT_RULES)))
        return out.drop(columns="_baris") if detail == "panjang" else out
    # several rule sets: score each group with its own, then restore the input order
    pos = np.arange(len(frame))
    parts = [output(frame.iloc[pos[names == g]], score(frame.iloc[pos[names == g]], load_rules(g)))
             for g in groups]
    if detail == "panjang":
        for g, part in zip(groups, parts):
            part["_baris"] = pos[names == g][part["_baris"].to_numpy()]
        long = pd.concat(parts, axis=0)
        long = long.sort_values("_baris", kind="stable").drop(columns="_baris")
        long.attrs = _merge_attrs(parts)
        return long
    order = np.concatenate([pos[names == g] for g in groups])
    out = pd.concat(parts, axis=0)
    cols = _ordered_union([p.columns for p in parts])
    out = out.iloc[np.argsort(order, kind="stable")][cols]
    for c in cols:
        if c.startswith("nilai.") and c != "nilai_akhir":
            out[c] = out[c].astype("Int8")
        elif c.startswith("temuan."):
            out[c] = out[c].astype("boolean")
    out.attrs = _merge_attrs(parts)
    return out


def _merge_attrs(parts: list[pd.DataFrame]) -> dict[str, Any]:
    """The rule sets described by several result frames, in one ``attrs`` mapping."""
    aturan: dict[str, Any] = {}
    for part in parts:
        aturan.update(part.attrs.get(ATTRS, {}).get("aturan", {}))
    return {ATTRS: {"aturan": aturan}}

def _rules_per_row(jenis: pd.Series) -> np.ndarray:
    """The built-in rule set of each row from its ``jenis`` (unknown or empty → the default, and
    the row's validation is left to the rule set)."""
    from .rules import JENIS_SYARIAH

    codes, uniques = pd.factorize(jenis, use_na_sentinel=False)     # a handful of distinct values
    names = np.array(["juknis-15-2021-kspps" if str(u).strip().upper() in JENIS_SYARIAH else DEFAULT_RULES
                      for u in uniques], dtype=object)
    return names[codes] if len(names) else np.array([], dtype=object)


def assess(kertas_kerja: KertasKerja, rules: str | Path | Aturan | None = None) -> Hasil:
    """Assess one cooperative: :func:`assess_frame` on a batch of one, returned as :class:`Hasil`.

    ``rules=None`` chooses the built-in rule set from ``identitas.jenis``
    (:func:`~kesehatan_koperasi.rules.pilih_aturan`).

    Raises
    ------
    WorksheetError
        The worksheet does not answer every questionnaire item of the rule set, or fails another
        validation rule.
    """
    aturan = load_rules(rules if rules is not None else pilih_aturan(kertas_kerja.identitas.jenis))
    frame = kertas_kerja.to_frame()
    unanswered = [c for c in aturan.kode_butir() if c not in frame.columns]
    if unanswered:   # reported as "belum dijawab", item by item, by the same validation as a batch
        frame = pd.concat([frame, pd.DataFrame({c: [np.nan] for c in unanswered})], axis=1)
    s = score(frame, aturan)
    if not s.ok[0]:
        raise WorksheetError(None, s.masalah[0])
    return hasil_from_row(s, 0, identitas=kertas_kerja.identitas.model_dump(mode="json"),
                          kertas_kerja=kertas_kerja)


