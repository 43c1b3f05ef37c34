"""Public scoring API: :func:`assess_frame` and :func:`assess` (spec ``api.md``).

Both present :func:`kesehatan_koperasi.core.engine.score`; ``assess(kertas_kerja)`` is
``assess_frame`` on a one-row frame. There is no second scoring path.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from .core.engine import required_columns, score, tolak_kolom_ganda
from .core.ketahanan import uji
from .errors import RulesError, WorksheetError
from .model import KertasKerja
from .result import dask_frame
from .result.build import hasil_from_row
from .result.frame import ATTRS, _frame_output, _long_output, _ordered_union
from .result.hasil import Hasil
from .result.ketahanan import KOLOM_AKHIR, KOLOM_AWAL, hasil_ketahanan, ketahanan_frame
from .rules import Aturan, load_rules
from .rules.resolve import aturan_atau_pilih, aturan_bawaan, normalisasi_jenis, resolve_rules, tanggal_dari

#: Column of the examination date used by ``menurut_tanggal`` (spec ``fields.md``).
KOLOM_TANGGAL = "tanggal_mulai_pemeriksaan"


def assess_frame(frame: pd.DataFrame, rules: str | Path | Aturan | Sequence[str | Path | Aturan | None] | None = None,
                 detail: str = "ringkas", *, menurut_tanggal: bool = False) -> pd.DataFrame:
    """Score one cooperative per row.

    Parameters
    ----------
    frame : DataFrame
        One row per cooperative: every canonical amount field for the tahun buku and the
        ``_lalu`` year [Rp], one column per questionnaire item code (``A.1.1.a``) holding 1 or 0.
        Other columns (``nama_koperasi``, ``kabupaten_kota``, …) pass through.
    rules : str, Path, Aturan or None
        Built-in rule set name or path to a rule file. ``None`` (default) resolves per row from the
        ``jenis`` column with :func:`~kesehatan_koperasi.rules.resolve.resolve_rules` (the rule
        files' ``jenis_koperasi`` and validity); an empty or unknown jenis, or no ``jenis``
        column, counts as the default jenis (the row's validation is left to the rule set).
        A sequence (one entry per row: a name, a path, an Aturan, or ``None`` = resolved) scores
        each row with its own set (a folder of worksheets, each read with its recorded set).
    detail : {"ringkas", "panjang"}
        ``"ringkas"`` (default): one row per cooperative, as below. ``"panjang"``: one row per
        cooperative × indicator (pass-through columns, ``aturan``, ``kode``, ``aspek``, ``label``,
        ``jenis``, ``rasio``, ``terpenuhi``, ``nilai``, ``skor``, ``kategori``), which groups
        easily (e.g. how often each indicator scores Nilai 3-4); rows that failed validation
        have no indicator rows.
    menurut_tanggal : bool
        With ``rules=None``: choose by the examination date too (column
        ``tanggal_mulai_pemeriksaan``, when present): the set in force on that date. A row whose
        date no rule set covers is not scored; its ``galat`` says why.

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
    if dask_frame.adalah_dask(frame):
        return _assess_dask(frame, rules, detail, menurut_tanggal)
    output = _frame_output if detail == "ringkas" else _long_output
    tolak_kolom_ganda(frame)
    if rules is not None and not _per_baris(rules):
        aturan = load_rules(cast("str | Path | Aturan", rules))
        out = output(frame, score(frame, aturan))
        return out.drop(columns="_baris") if detail == "panjang" else out
    names, galat, sets = _rules_per_row(frame, menurut_tanggal, None if rules is None else list(cast("Sequence[object]", rules)))
    # every row's key is a key of ``sets``: with one set known, no pass over the rows
    groups = list(sets) if len(sets) == 1 and len(names) else pd.unique(names)
    if len(groups) <= 1:
        out = output(frame, score(frame, sets[groups[0]] if len(groups) else resolve_rules()))
        out = _tanpa_aturan(out, galat, detail)
        return out.drop(columns="_baris") if detail == "panjang" else out
    # several rule sets: score each group with its own, then restore the input order
    pos = np.arange(len(frame))
    parts = [output(frame.iloc[pos[names == g]], score(frame.iloc[pos[names == g]], sets[g]))
             for g in groups]
    if detail == "panjang":
        for g, part in zip(groups, parts):
            part["_baris"] = pos[names == g][part["_baris"].to_numpy()]
        long = pd.concat(parts, axis=0)
        long = _tanpa_aturan(long, galat, detail)
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
    return _tanpa_aturan(out, galat, detail)


def _assess_dask(ddf: Any, rules: object, detail: str, menurut_tanggal: bool) -> Any:
    """:func:`assess_frame` on a ``dask.dataframe.DataFrame``: lazy, partition by partition through
    the same core, with the output meta declared (see :func:`meta_keluaran` and
    :mod:`kesehatan_koperasi.result.dask_frame`)."""
    if rules is not None and _per_baris(rules):
        raise ValueError("rules per baris tidak didukung untuk Dask DataFrame: beri satu aturan, "
                         "atau None (dipilih per baris dari kolom jenis)")
    meta = meta_keluaran(ddf._meta, cast("Any", rules), detail)
    meta.attrs = {}                        # a Dask frame carries no attrs: partitions' do not concatenate
    nilai = partial(_nilai_partisi, rules=rules, detail=detail, menurut_tanggal=menurut_tanggal)
    return dask_frame.petakan(ddf, nilai, meta)


def meta_keluaran(kosong: pd.DataFrame, rules: str | Path | Aturan | None = None, detail: str = "ringkas") -> pd.DataFrame:
    """The empty output that :func:`assess_frame` declares for a frame shaped like ``kosong`` when
    it is scored in parts (Dask partitions, Parquet batches): the union of the outputs, on an
    empty frame, of every rule set a row may get — the one given, or with ``rules=None`` each
    built-in set whose columns the frame has."""
    kosong = kosong.iloc[:0]
    if rules is not None:
        calon = [load_rules(rules)]
    else:
        ada = set(kosong.columns)
        calon = [a for a in aturan_bawaan() if all(c in ada for c in required_columns(a))] or [resolve_rules()]
    contoh = [assess_frame(kosong, a, detail) for a in calon]
    urut = _ordered_union if detail == "ringkas" else dask_frame.gabung_kolom
    meta = dask_frame.meta_keluaran(contoh, urut, kosong.columns)
    meta.attrs = _merge_attrs(contoh)      # every rule set that may score a row
    return meta


def _nilai_partisi(part: pd.DataFrame, rules: Any, detail: str, menurut_tanggal: bool) -> pd.DataFrame:
    """One partition of a Dask frame: the in-memory :func:`assess_frame` (module level, so it pickles)."""
    return assess_frame(part, rules, detail, menurut_tanggal=menurut_tanggal)


def _merge_attrs(parts: list[pd.DataFrame]) -> dict[str, Any]:
    """The rule sets described by several result frames, in one ``attrs`` mapping."""
    aturan: dict[str, Any] = {}
    for part in parts:
        aturan.update(part.attrs.get(ATTRS, {}).get("aturan", {}))
    return {ATTRS: {"aturan": aturan}}



def _per_baris(rules: object) -> bool:
    """Whether ``rules`` is one rule set per row (a list, tuple, array or Series) rather than one."""
    return isinstance(rules, (list, tuple, np.ndarray, pd.Series))


def _rules_per_row(frame: pd.DataFrame, menurut_tanggal: bool = False,
                   per_baris: list[object] | None = None) -> tuple[np.ndarray, np.ndarray, dict[str, Aturan]]:
    """The rule set of each row (a key into the returned mapping), each row's selection error
    (``""`` when none) and the rule sets by key.

    A row's entry of ``per_baris`` (a name, a path or an Aturan) is used as given; ``None`` (or
    no ``per_baris``) resolves from the row's ``jenis`` and, with ``menurut_tanggal``, its
    ``tanggal_mulai_pemeriksaan``. An empty or unknown jenis resolves as the default jenis (its
    validation is left to the rule set); a row no rule set covers gets the default set (not
    scored: see :func:`_tanpa_aturan`) and its error. Resolution runs once per distinct
    (jenis, date)."""
    n = len(frame)
    sets: dict[str, Aturan] = {}

    def kunci_aturan(a: Aturan) -> str:
        k = f"{a.nama} {a.content_hash()}"
        sets.setdefault(k, a)
        return k

    if n == 0:
        return np.array([], dtype=object), np.array([], dtype=object), sets
    if per_baris is not None and len(per_baris) != n:
        raise ValueError(f"rules per baris harus {n} unsur (satu per baris), bukan {len(per_baris)}")
    jenis = frame["jenis"] if "jenis" in frame.columns else pd.Series([None] * n, index=frame.index, dtype=object)
    cj, uj = pd.factorize(jenis, use_na_sentinel=False)
    if menurut_tanggal and KOLOM_TANGGAL in frame.columns:
        ct, ut = pd.factorize(frame[KOLOM_TANGGAL], use_na_sentinel=False)
    else:
        ct, ut = np.zeros(n, dtype=np.intp), [None]
    if len(ut) == 1:   # the jenis alone: its codes are already 0 … len(uj) - 1, every one present
        uk: np.ndarray = np.arange(len(uj), dtype=np.int64)
        inv = cj
    else:
        uk, inv = np.unique(cj.astype(np.int64) * len(ut) + ct, return_inverse=True)
    nama = np.empty(len(uk), dtype=object)
    pesan = np.empty(len(uk), dtype=object)
    bawaan = kunci_aturan(resolve_rules())
    for m, k in enumerate(uk):
        j, t = normalisasi_jenis(uj[k // len(ut)]), tanggal_dari(ut[k % len(ut)])
        nama[m], pesan[m] = bawaan, ""
        try:
            nama[m] = kunci_aturan(resolve_rules(j, t))
        except RulesError as e:
            if e.masalah and e.masalah[0][0] == "jenis":
                try:           # unknown jenis: the default jenis, and the rule set validates the row
                    nama[m] = kunci_aturan(resolve_rules(None, t))
                    continue
                except RulesError as e2:
                    e = e2
            pesan[m] = "; ".join(msg for _, msg in e.masalah)
    names, galat = nama[inv], pesan[inv]
    if per_baris is not None:
        dimuat: dict[object, str] = {}
        for i, r in enumerate(per_baris):
            if r is None or (isinstance(r, float) and r != r):
                continue
            k = str(r) if isinstance(r, (str, Path)) else id(r)
            if k not in dimuat:
                dimuat[k] = kunci_aturan(load_rules(r))   # type: ignore[arg-type]
            names[i], galat[i] = dimuat[k], ""
    return names, galat, sets


def _tanpa_aturan(out: pd.DataFrame, galat: np.ndarray, detail: str) -> pd.DataFrame:
    """Rows for which no rule set could be chosen: no scores, their ``galat`` says why."""
    gagal = np.flatnonzero(galat != "")
    if not len(gagal):
        return out
    if detail == "panjang":
        return out[~np.isin(out["_baris"].to_numpy(), gagal)]
    out = out.copy()
    skor = [c for c in out.columns if c in ("nilai_akhir", "predikat", "aturan", "peringatan", "jumlah_temuan")
            or c.startswith(("aspek.", "nilai.", "rasio.", "temuan."))]
    for c in skor:
        j = out.columns.get_loc(c)
        out.iloc[gagal, j] = "" if c == "peringatan" else pd.NA if out[c].dtype != float else np.nan
    out.iloc[gagal, out.columns.get_loc("galat")] = galat[gagal]
    return out


def assess(kertas_kerja: KertasKerja, rules: str | Path | Aturan | None = None, *,
           menurut_tanggal: bool = False, ketahanan: bool = False) -> Hasil:
    """Assess one cooperative: :func:`assess_frame` on a batch of one, returned as :class:`Hasil`.

    ``rules=None``: the rule set the worksheet was read with (:func:`~kesehatan_koperasi.worksheet.read_worksheet`
    records it), else resolved from ``identitas.jenis`` and, with ``menurut_tanggal``, the
    examination date (:func:`~kesehatan_koperasi.rules.resolve.resolve_rules`).

    ``ketahanan=True`` adds the robustness analysis (``Hasil.ketahanan``; :func:`uji_ketahanan`).

    Raises
    ------
    WorksheetError
        The worksheet does not answer every questionnaire item of the rule set, or fails another
        validation rule.
    """
    if rules is None and getattr(kertas_kerja, "_aturan", None) is not None:
        rules = kertas_kerja._aturan          # the set the worksheet was read with (and made from)
    pem = kertas_kerja.pemeriksaan
    tanggal = pem.tanggal_mulai_pemeriksaan if (menurut_tanggal and pem is not None) else None
    aturan = aturan_atau_pilih(rules, kertas_kerja.identitas.jenis, tanggal)
    frame = kertas_kerja.to_frame()
    unanswered = [c for c in aturan.kode_butir() if c not in frame.columns]
    if unanswered:   # reported as "belum dijawab", item by item, by the same validation as a batch
        frame = pd.concat([frame, pd.DataFrame({c: [np.nan] for c in unanswered})], axis=1)
    s = score(frame, aturan)
    if not s.ok[0]:
        raise WorksheetError(None, s.masalah[0])
    hasil = hasil_from_row(s, 0, identitas=kertas_kerja.identitas.model_dump(mode="json"),
                           kertas_kerja=kertas_kerja)
    if ketahanan:
        hasil = hasil.model_copy(update={"ketahanan": hasil_ketahanan(uji(frame, aturan, skor=s), 0)})
    return hasil


def uji_ketahanan(frame: pd.DataFrame, rules: str | Path | Aturan | Sequence[str | Path | Aturan | None] | None = None,
                  alternatif: Sequence[str] | None = None, *, menurut_tanggal: bool = False) -> pd.DataFrame:
    """The robustness analysis (issue 14): does each cooperative's predikat hold under every known
    reading of the method (spec ``juknis-15-2021-ksp.md`` §9)?

    Parameters
    ----------
    frame : DataFrame
        The :func:`assess_frame` layout.
    rules : str, Path, Aturan, sequence or None
        As :func:`assess_frame` (``None``: resolved per row from ``jenis``; a sequence: one per
        row). Its ``alternatif`` entries are the readings tried; an office's rule file adds its own.
    alternatif : sequence of str, optional
        Only these readings (default: every reading of each rule set).
    menurut_tanggal : bool
        As :func:`assess_frame`.

    Returns
    -------
    DataFrame
        Same index and order: ``nilai_akhir`` and ``predikat`` (as :func:`assess_frame`),
        ``predikat@<id>`` for each reading, ``nilai_akhir_min`` and ``nilai_akhir_max`` (over the
        readings one at a time and over the ±1 bound, in which every indicator whose Nilai rests
        on a provisional value moves one Nilai worse or better), ``predikat_stabil`` (the same
        predikat at both ends; NA for a row not scored) and ``pemicu`` (the ids that change the
        predikat, ``"±1"`` when only the bound does). Vectorised through the one core
        (:mod:`kesehatan_koperasi.core.ketahanan`). With rules chosen per row, rows of a rule set
        without a Nilai scale (Perdep 06/2016) or without a rule set are NA.

    Raises
    ------
    RulesError
        The rule set is unknown or invalid, a reading id is unknown, or the one rule set given
        has no Nilai scale (Perdep 06/2016).
    FrameError
        Required columns are missing.
    """
    ids = None if alternatif is None else list(alternatif)
    if rules is not None and not _per_baris(rules):
        return ketahanan_frame(uji(frame, load_rules(cast("str | Path | Aturan", rules)), ids), frame.index)
    names, galat, sets = _rules_per_row(frame, menurut_tanggal,
                                        None if rules is None else list(cast("Sequence[object]", rules)))
    groups = [g for g in pd.unique(names) if sets[g].metode == "rata_rata_skor" and sets[g].skala is not None]
    if len(groups) == len(pd.unique(names)) == 1 and not (galat != "").any():
        return ketahanan_frame(uji(frame, sets[groups[0]], ids), frame.index)
    pos = np.arange(len(frame))
    parts = [ketahanan_frame(uji(frame.iloc[pos[names == g]], sets[g], ids), frame.index[pos[names == g]])
             for g in groups]
    per_bacaan = [c for c in _ordered_union([p.columns for p in parts]) if c.startswith("predikat@")]
    cols = [*KOLOM_AWAL, *per_bacaan, *KOLOM_AKHIR]
    if parts:   # positions, not labels: the frame's index need not be unique
        out = pd.concat(parts, axis=0)
        out.index = np.concatenate([pos[names == g] for g in groups])
        out = out.reindex(pd.RangeIndex(len(frame)))[cols]
    else:
        out = pd.DataFrame(index=pd.RangeIndex(len(frame)), columns=cols)
    out.index = frame.index
    for c in cols:
        if c == "predikat_stabil":
            out[c] = out[c].astype("boolean")
        elif c.startswith("predikat") or c == "pemicu":
            out[c] = out[c].astype("string")
        else:
            out[c] = out[c].astype(float)
    gagal = np.flatnonzero(galat != "")
    if len(gagal):
        out = out.copy()
        for c in cols:
            out.iloc[gagal, out.columns.get_loc(c)] = np.nan if out[c].dtype == float else pd.NA
    return out
