"""The one scoring path: from an input frame to arrays of results (spec §2-§6).

:func:`score` takes a frame in the ``assess_frame`` layout (one row per cooperative) and a rule
set, and returns :class:`Skor`: numpy arrays with one row per cooperative and one column per
indicator or aspect. No Python loop runs over cooperatives: loops run over indicators (26 ratios,
38 questionnaires) and build messages only for rows that need one. A row's result depends on
that row alone.

Everything above this module (``assess``, ``assess_frame``, the worksheet, the documents, the
batch command) presents these arrays; none of it scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import FrameError, Masalah
from ..fields import AMOUNT_NAMES, MEMBER_FIELDS, SUFFIX_LALU, label
from ..rules import Aturan, Indikator
from . import validate
from .bands import indeks_pita
from .rollup import nilai_akhir, predikat, skor_aspek
from .derive import derive
from .ratios import bulatkan, pertumbuhan, rasio


@dataclass
class Skor:
    """Results of :func:`score`; ``n`` rows (cooperatives), ``k`` indicators, ``m`` aspects.

    Rows that failed validation (``ok`` False) carry ``nilai`` 0 and must not be shown as scored.
    """

    aturan: Aturan
    kode: list[str]                  # k indicator codes, tree order
    aspek_indikator: list[str]       # k aspect codes
    rasio: np.ndarray                # (n, k) percent, rounded; NaN if tak terdefinisi
    terpenuhi: np.ndarray            # (n, k) items answered 1; -1 for ratio indicators
    nilai: np.ndarray                # (n, k) int8 Nilai 1-4 (0 where not scored)
    skor: np.ndarray                 # (n, k) int8 Skor 4-1
    pita_indeks: np.ndarray          # (n, k) int8 range of the band table the value fell in
    tak_terdefinisi: np.ndarray      # (n, k) bool
    di_batas: np.ndarray             # (n, k) bool: value equals a cut point of its band table
    aspek_kode: list[str]            # m aspect codes
    aspek: np.ndarray                # (n, m) int64 aspect score × 10**desimal_aspek
    skala_aspek: int                 # 10**desimal_aspek
    nilai_akhir: np.ndarray          # (n,) int64 nilai akhir × skala_akhir
    skala_akhir: int
    predikat: np.ndarray             # (n,) object: predicate name (None where not scored)
    ok: np.ndarray                   # (n,) bool
    masalah: dict[int, list[Masalah]] = field(default_factory=dict)
    peringatan: dict[int, list[str]] = field(default_factory=dict)

    def nilai_akhir_float(self) -> np.ndarray:
        """Nilai akhir as float (NaN where not scored)."""
        return np.where(self.ok, self.nilai_akhir / self.skala_akhir, np.nan)

    def aspek_float(self) -> np.ndarray:
        """Aspect scores as float (NaN where not scored)."""
        return np.where(self.ok[:, None], self.aspek / self.skala_aspek, np.nan)


def required_columns(aturan: Aturan) -> list[str]:
    """Columns that ``assess_frame`` needs: every amount for both years and every item code."""
    return list(AMOUNT_NAMES) + [n + SUFFIX_LALU for n in AMOUNT_NAMES] + aturan.kode_butir()


def _numeric(col: pd.Series) -> tuple[np.ndarray, np.ndarray | None]:
    """A column as float64, and a mask of cells that held something that is not a number."""
    if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
        return col.to_numpy(dtype=float, na_value=np.nan), None
    coerced = pd.to_numeric(col, errors="coerce")
    x = coerced.to_numpy(dtype=float, na_value=np.nan)
    blank = col.isna().to_numpy() | (col.astype("string").str.strip() == "").fillna(True).to_numpy()
    bad = np.isnan(x) & ~blank
    return x, (bad if bad.any() else None)


def score(frame: pd.DataFrame, aturan: Aturan) -> Skor:
    """Score every row of ``frame`` with ``aturan`` (spec §2-§6). Pure: ``frame`` is not changed.

    Raises
    ------
    FrameError
        Required columns are missing (the message lists them).
    """
    missing = [c for c in required_columns(aturan) if c not in frame.columns]
    if missing:
        raise FrameError(
            f"Tabel masukan tidak memuat {len(missing)} kolom yang diperlukan: {', '.join(missing[:40])}"
            + (" …" if len(missing) > 40 else "")
        )
    n = len(frame)

    # --- inputs at the boundary
    jumlah: dict[str, np.ndarray] = {}
    bukan_angka: dict[str, np.ndarray] = {}
    for name in AMOUNT_NAMES:
        for suf in ("", SUFFIX_LALU):
            x, bad = _numeric(frame[name + suf])
            jumlah[name + suf] = x
            if bad is not None:
                bukan_angka[name + suf] = bad
    jawaban: dict[str, np.ndarray] = {}
    for kode in aturan.kode_butir():
        x, bad = _numeric(frame[kode])
        if bad is not None:
            x = np.where(bad, -1.0, x)   # text in an answer cell: reported as "jawaban tidak sah"
        jawaban[kode] = x
    anggota = {
        c: _numeric(frame[c])[0]
        for m in MEMBER_FIELDS for c in (m, m + SUFFIX_LALU) if c in frame.columns
    }

    # --- derived quantities, both years
    tahun = {
        "": derive({k: jumlah[k] for k in AMOUNT_NAMES}, aturan),
        SUFFIX_LALU: derive({k: jumlah[k + SUFFIX_LALU] for k in AMOUNT_NAMES}, aturan),
    }

    # --- validation (fields.md): a failing row is not scored; the others go on
    per_field = validate.validate_amounts(jumlah, bukan_angka, n)
    skip = np.zeros(n, dtype=bool)
    skip[list(per_field)] = True
    masalah = validate.merge(
        per_field,
        validate.validate_consistency(tahun, skip),
        validate.validate_members(anggota),
        validate.validate_answers(jawaban),
    )
    ok = np.ones(n, dtype=bool)
    ok[list(masalah)] = False

    # --- indicators
    indikator = aturan.indikator()
    k = len(indikator)
    r_all = np.full((n, k), np.nan)
    terpenuhi = np.full((n, k), -1, dtype=np.int16)
    nilai = np.zeros((n, k), dtype=np.int8)
    pidx = np.zeros((n, k), dtype=np.int8)
    undef = np.zeros((n, k), dtype=bool)
    di_batas = np.zeros((n, k), dtype=bool)
    warn: dict[int, list[str]] = {}
    desimal = aturan.pembulatan.rasio.desimal
    kq = aturan.kuesioner.pita

    def add_warning(mask: np.ndarray, text: str) -> None:
        for i in np.flatnonzero(mask & ok):
            warn.setdefault(int(i), []).append(text)

    for j, (_, ind) in enumerate(indikator):
        if ind.jenis == "kuesioner":
            codes = ind.kode_butir
            yes = np.zeros(n, dtype=np.int16)
            for c in codes:
                yes += np.where(jawaban[c] == 1, 1, 0).astype(np.int16)
            terpenuhi[:, j] = yes
            r = bulatkan(yes / len(codes) * 100.0, desimal)
            pita_ = kq
        else:
            r_raw, sebab, nama_q = _ratio(ind, tahun)
            r = bulatkan(r_raw, desimal)
            pita_ = ind.pita
            assert pita_ is not None and ind.tak_terdefinisi is not None
            u = np.isnan(r)
            undef[:, j] = u
            for mask, why in sebab:
                add_warning(mask, f"{ind.kode} {ind.label}: rasio tak terdefinisi ({why}); "
                                  f"diberi Nilai {int(ind.tak_terdefinisi.nilai)}")
            inf = np.isinf(r)
            if inf.any():
                add_warning(inf & (r > 0), f"{ind.kode} {ind.label}: penyebut ({nama_q}) nol dan pembilang "
                                           f"positif, rasio +∞ dinilai menurut pita")
                add_warning(inf & (r < 0), f"{ind.kode} {ind.label}: penyebut ({nama_q}) nol dan pembilang "
                                           f"negatif, rasio −∞ dinilai menurut pita")
        titik, naik = pita_.titik, pita_.naik_di_titik
        idx = indeks_pita(r, titik, naik)
        hasil = np.asarray(pita_.nilai, dtype=np.int8)
        v = hasil[idx]
        if ind.jenis != "kuesioner":
            v = np.where(undef[:, j], np.int8(ind.tak_terdefinisi.nilai), v)  # type: ignore[union-attr]
        r_all[:, j] = r
        nilai[:, j] = np.where(ok, v, 0)
        pidx[:, j] = idx
        di_batas[:, j] = np.isin(r, titik)

    skor_map = np.zeros(5, dtype=np.int8)
    for t in aturan.skala.tingkat:
        skor_map[t.nilai] = t.skor
    skor = skor_map[nilai]

    # --- aspects, nilai akhir, predikat (spec §6), exact integer arithmetic
    ra = aturan.pembulatan.aspek
    aspek_kode = [a.kode for a in aturan.aspek]
    aspek_indikator = np.array([a.kode for a, _ in indikator])
    aspek = np.zeros((n, len(aspek_kode)), dtype=np.int64)
    for m, a in enumerate(aturan.aspek):
        cols = np.flatnonzero(aspek_indikator == a.kode)
        s = skor[:, cols].sum(axis=1, dtype=np.int64)
        aspek[:, m] = skor_aspek(s, len(cols), ra.desimal, ra.cara)
    skala_aspek = 10**ra.desimal
    bobot = np.array([int(a.bobot.nilai) for a in aturan.aspek])
    ra_akhir = aturan.pembulatan.nilai_akhir
    total, skala_akhir = nilai_akhir(aspek, bobot, skala_aspek, ra_akhir.desimal, ra_akhir.cara)
    pp = aturan.predikat.pita
    pred = np.where(ok, predikat(total, skala_akhir, pp.titik, pp.naik_di_titik, pp.nilai), None)

    return Skor(
        aturan=aturan,
        kode=[i.kode for _, i in indikator],
        aspek_indikator=list(aspek_indikator),
        rasio=r_all,
        terpenuhi=terpenuhi,
        nilai=nilai,
        skor=np.where(ok[:, None], skor, 0).astype(np.int8),
        pita_indeks=pidx,
        tak_terdefinisi=undef,
        di_batas=di_batas,
        aspek_kode=aspek_kode,
        aspek=aspek,
        skala_aspek=skala_aspek,
        nilai_akhir=total,
        skala_akhir=skala_akhir,
        predikat=pred,
        ok=ok,
        masalah=masalah,
        peringatan=warn,
    )


def _ratio(
    ind: Indikator, tahun: dict[str, dict[str, np.ndarray]]
) -> tuple[np.ndarray, list[tuple[np.ndarray, str]], str]:
    """Unrounded percentage of a ratio or growth indicator, why it is undefined where it is, and
    the label of its denominator."""
    d = tahun[""]
    if ind.jenis == "pertumbuhan":
        assert ind.pertumbuhan is not None
        x, x0 = d[ind.pertumbuhan], tahun[SUFFIX_LALU][ind.pertumbuhan]
        r = np.asarray(pertumbuhan(x, x0))
        nama = label(ind.pertumbuhan).lower()
        sebab = [(np.isnan(r), f"{nama} tahun lalu dan tahun ini sama-sama nol")]
        return r, sebab, f"{nama} tahun lalu"
    assert ind.pembilang and ind.penyebut
    p = sum((d[nm] for nm in ind.pembilang), np.zeros_like(d["kas"]))
    q = sum((d[nm] for nm in ind.penyebut), np.zeros_like(d["kas"]))
    r = np.asarray(rasio(p, q, ind.penyebut_harus_positif))
    nama_q = " + ".join(label(x).lower() for x in ind.penyebut)
    sebab = [((q == 0) & (p == 0), f"pembilang dan penyebut ({nama_q}) sama-sama nol")]
    if ind.penyebut_harus_positif:
        sebab.append((q < 0, f"penyebut ({nama_q}) negatif"))
    return r, sebab, nama_q
