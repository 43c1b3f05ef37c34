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

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import FrameError, Masalah
from ..fields import AMOUNT_NAMES, MEMBER_FIELDS, SUFFIX_LALU
from ..rules import Aturan, Indikator
from ..rules.inventory import NilaiAturan
from . import ratios, validate
from .bands import indeks_pita
from .derive import derive
from .plan import Rencana, rencana
from .rollup import nilai_akhir, predikat_indeks, skor_aspek


@dataclass(frozen=True)
class Peringatan:
    """A warning about one indicator of one row, as data; the text is made at the edge
    (:func:`kesehatan_koperasi.result.teks.teks_peringatan`).

    ``jenis`` is ``"tak_terdefinisi"`` (the indicator took the Nilai the rule states for it) or
    ``"tak_hingga"`` (a zero denominator gave ±∞, banded normally); ``sebab`` says why:
    ``"nol_per_nol"``, ``"penyebut_negatif"``, ``"lalu_dan_kini_nol"`` (growth),
    ``"penyebut_nol_positif"``, ``"penyebut_nol_negatif"``. ``medan`` names the quantities of the
    denominator (or the growing quantity), ``nilai`` the Nilai given.
    """

    indikator: str
    jenis: str
    sebab: str
    medan: tuple[str, ...]
    nilai: int


@dataclass
class Skor:
    """Results of :func:`score`; ``n`` rows (cooperatives), ``k`` indicators, ``m`` aspects.

    Rows that failed validation (``ok`` False) carry ``nilai`` 0 and must not be shown as scored.
    """

    aturan: Aturan
    rencana: Rencana                 # the compiled rule set (bands, weights, inventory of rule values)
    kode: list[str]                  # k indicator codes, tree order
    aspek_indikator: list[str]       # k aspect codes
    rasio: np.ndarray                # (n, k) percent, rounded; NaN if tak terdefinisi or a questionnaire
    terpenuhi: np.ndarray            # (n, k) int8 (int16 past 127 items) items answered 1; -1 for ratios
    nilai: np.ndarray                # (n, k) int8 Nilai 1-4 (Perdep: 0-100); see ``ok`` for rows not scored
    indeks_pita: np.ndarray          # (n, k) int8 band of the value (-1: tak terdefinisi, linear, not scored)
    di_titik: np.ndarray             # (n, k) bool: the value lies exactly on a cut point
    temuan: np.ndarray               # (n, k) bool: a finding by the rule set's own findings rule
    skor: np.ndarray                 # (n, k) skor × skala_skor (Juknis: int8 Skor 4-1; 0 where not scored)
    skala_skor: int                  # 1 (Juknis) or 100 (Perdep: skor in hundredths)
    aspek_kode: list[str]            # m aspect codes
    aspek: np.ndarray                # (n, m) int64 aspect score × 10**desimal_aspek
    skala_aspek: int                 # 10**desimal_aspek
    kontribusi: np.ndarray           # (n, m) int64 weighted contribution to the nilai akhir × skala_kontribusi
    skala_kontribusi: int
    persen_bobot: np.ndarray | None  # (n, m) int64 Perdep: aspect score as a share of its weight × 100
    label_aspek: np.ndarray          # (n, m) int8 row of the predicate table for each aspect (information)
    nilai_akhir: np.ndarray          # (n,) int64 nilai akhir × skala_akhir
    skala_akhir: int
    predikat_indeks: np.ndarray      # (n,) int8 row of the predicate table (-1 where not scored)
    ok: np.ndarray                   # (n,) bool
    masalah: dict[int, list[Masalah]] = field(default_factory=dict)
    peringatan: dict[int, list[Peringatan]] = field(default_factory=dict)

    @property
    def predikat(self) -> np.ndarray:
        """(n,) object: predicate name (None where not scored)."""
        names = np.asarray(list(self.rencana.predikat_nama) + [None], dtype=object)
        return names[self.predikat_indeks]

    @property
    def tak_terdefinisi(self) -> np.ndarray:
        """(n, k) bool: the ratio is *tak terdefinisi* (the indicator took the rule's Nilai)."""
        ratio = np.array([i.jenis != "kuesioner" for i in self.rencana.indikator])
        return np.isnan(self.rasio) & ratio[None, :] & self.ok[:, None]

    def persen(self) -> np.ndarray:
        """(n, k) the percentage of every indicator: the rounded ratio, or for a questionnaire the
        rounded share of items terpenuhi (NaN where tak terdefinisi or not scored)."""
        out = self.rasio.copy()
        for j, ind in enumerate(self.rencana.indikator):
            if ind.persen_butir is not None:
                t = self.terpenuhi[:, j]
                out[:, j] = np.where(t >= 0, ind.persen_butir[np.clip(t, 0, None)], np.nan)
        return out

    def nilai_aturan(self, i: int, j: int) -> list[NilaiAturan]:
        """The rule values that row ``i``'s result for indicator ``j`` used (spec §7), in order:
        what the indicator always uses, the row of the band its value fell in, the cut point's
        placement when the value lies on one, the Nilai of *tak terdefinisi* when it was that."""
        ind = self.rencana.indikator[j]
        inv = ind.nilai_aturan
        out = list(inv.selalu)
        b = int(self.indeks_pita[i, j])
        if b >= 0:
            out += inv.per_pita[b]
            if self.di_titik[i, j]:
                out += inv.di_titik
        elif ind.jenis != "kuesioner" and np.isnan(self.rasio[i, j]):
            out += inv.tak_terdefinisi
        return out

    def nilai_aturan_umum(self, i: int) -> list[NilaiAturan]:
        """The rule values every indicator of row ``i`` shares: scale, rounding, aspect weights,
        the predicate's cut points, and the row of the predicate table it reached."""
        out = list(self.rencana.umum)
        p = int(self.predikat_indeks[i])
        if p >= 0:
            out += self.rencana.predikat_per_pita[p]
        return out

    def nilai_akhir_float(self) -> np.ndarray:
        """Nilai akhir as float (NaN where not scored)."""
        return np.where(self.ok, self.nilai_akhir / self.skala_akhir, np.nan)

    def aspek_float(self) -> np.ndarray:
        """Aspect scores as float (NaN where not scored)."""
        return np.where(self.ok[:, None], self.aspek / self.skala_aspek, np.nan)


def required_columns(aturan: Aturan) -> list[str]:
    """Columns that ``assess_frame`` needs: every amount for both years, the optional fields the
    rule set uses (tahun buku), and every item code."""
    return (list(AMOUNT_NAMES) + [n + SUFFIX_LALU for n in AMOUNT_NAMES] + aturan.medan_tambahan()
            + aturan.kode_butir())


def _numeric(col: pd.Series, keep_int: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """A column as a numeric array, and a mask of cells that held something that is not a number.

    float64 columns come back as a read-only view (no copy); integer columns as float64, or in
    their own dtype with ``keep_int`` (answers: 0/1 in int8 stay int8; nullable or Arrow integers
    with nothing missing come back as their integers, without a float64 copy).
    """
    dtype = col.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        if dtype == np.float64:
            return col.to_numpy(copy=False), None
        if isinstance(dtype, np.dtype) and dtype.kind in "iu":   # nothing missing: one conversion, no mask pass
            return (col.to_numpy(copy=False) if keep_int else col.to_numpy(copy=False).astype(np.float64)), None
        if keep_int and pd.api.types.is_integer_dtype(dtype) and not col.hasnans:
            # nullable or Arrow integers with nothing missing: their integers, no float copy
            data = getattr(col.array, "_data", None)
            return (data if isinstance(data, np.ndarray) else col.to_numpy(dtype=np.int64)), None
        return col.to_numpy(dtype=np.float64, na_value=np.nan), None
    coerced = pd.to_numeric(col, errors="coerce")
    x = coerced.to_numpy(dtype=np.float64, na_value=np.nan)
    blank = col.isna().to_numpy() | (col.astype("string").str.strip() == "").fillna(True).to_numpy()
    bad = np.isnan(x) & ~blank
    return x, (bad if bad.any() else None)


def tolak_kolom_ganda(frame: pd.DataFrame) -> None:
    """Raise :class:`FrameError` when a column name occurs more than once (which column would be
    scored?)."""
    ganda = list(dict.fromkeys(str(c) for c in frame.columns[frame.columns.duplicated()]))
    if ganda:
        raise FrameError(f"Tabel masukan memuat kolom yang sama lebih dari sekali: {', '.join(ganda[:40])}")


def score(frame: pd.DataFrame, aturan: Aturan) -> Skor:
    """Score every row of ``frame`` with ``aturan`` (spec §2-§6). Pure: ``frame`` is not changed.

    Raises
    ------
    FrameError
        Required columns are missing (the message lists them).
    """
    tolak_kolom_ganda(frame)
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
        for suf in ("", SUFFIX_LALU):   # integers kept as given: derive converts them as it reads them
            x, bad = _numeric(frame[name + suf], keep_int=True)
            jumlah[name + suf] = x
            if bad is not None:
                bukan_angka[name + suf] = bad
    tambahan = aturan.medan_tambahan()
    for name in tambahan:
        x, bad = _numeric(frame[name])
        jumlah[name] = x
        if bad is not None:
            bukan_angka[name] = bad
        if name + SUFFIX_LALU in frame.columns:
            jumlah[name + SUFFIX_LALU] = _numeric(frame[name + SUFFIX_LALU])[0]
        else:   # only the tahun buku is required; a growth of it would be tak terdefinisi
            jumlah[name + SUFFIX_LALU] = np.full(n, np.nan)
    jawaban: dict[str, np.ndarray] = {}
    for kode in aturan.kode_butir():
        x, bad = _numeric(frame[kode], keep_int=True)
        if bad is not None:
            x = np.where(bad, -1.0, x)   # text in an answer cell: reported as "jawaban tidak sah"
        jawaban[kode] = x
    anggota = {
        c: _numeric(frame[c])[0]
        for m in MEMBER_FIELDS for c in (m, m + SUFFIX_LALU) if c in frame.columns
    }

    # --- derived quantities, both years
    names = list(AMOUNT_NAMES) + tambahan
    tahun = {
        "": derive({k: jumlah[k] for k in names}, aturan),
        SUFFIX_LALU: derive({k: jumlah[k + SUFFIX_LALU] for k in names}, aturan),
    }

    # --- validation (fields.md): a failing row is not scored; the others go on
    per_field = validate.validate_amounts(jumlah, bukan_angka, n, tambahan)
    skip = np.zeros(n, dtype=bool)
    skip[list(per_field)] = True
    masalah = validate.merge(
        per_field,
        validate.validate_consistency(tahun, skip),
        validate.validate_members(anggota),
        validate.validate_answers(jawaban),
        validate.validate_identity(frame),
    )
    ok = np.ones(n, dtype=bool)
    ok[list(masalah)] = False

    # --- indicators: (n, k) results in column-major order, so each indicator writes one
    #     contiguous column
    plan = rencana(aturan)
    k = len(plan.indikator)
    #     (every column is written exactly once below: no fill pass over fresh memory first)
    r_all = np.empty((n, k), order="F")
    #     (counts of items in int8 while no questionnaire has more than 127 items)
    hitung: Any = np.int8 if max((ri.jumlah_butir for ri in plan.indikator), default=0) <= 127 else np.int16
    terpenuhi = np.empty((n, k), dtype=hitung, order="F")
    nilai = np.zeros((n, k), dtype=np.int8, order="F")
    band = np.empty((n, k), dtype=np.int8, order="F")
    on_cut = np.zeros((n, k), dtype=bool, order="F")
    berbobot = aturan.metode == "jumlah_berbobot"
    # jumlah_berbobot: skor of each component in hundredths, exact (nilai × bobot / 100 × 100)
    skor_h = np.zeros((n, k), dtype=np.int64, order="F") if berbobot else None
    warn: dict[int, list[Peringatan]] = {}
    desimal = aturan.pembulatan.rasio.desimal

    def add_warning(mask: np.ndarray, w: Peringatan) -> None:
        for i in np.flatnonzero(mask & ok):
            warn.setdefault(int(i), []).append(w)

    for j, (ri, (_, ind)) in enumerate(zip(plan.indikator, aturan.indikator())):
        if ri.jenis == "kuesioner":
            r_all[:, j] = np.nan
            yes = np.zeros(n, dtype=hitung)
            for c in ind.kode_butir:
                yes += jawaban[c] == 1
            m = ri.jumlah_butir
            terpenuhi[:, j] = yes
            if ri.linier:   # nilai = share of items × 100; skor = yes × bobot / m, exact
                band[:, j] = -1
                w = round(ri.bobot * 100)  # type: ignore[operator]
                nilai[:, j] = ((yes.astype(np.int64) * 200 + m) // (2 * m)).astype(np.int8)
                skor_h[:, j] = (yes.astype(np.int64) * 2 * w + m) // (2 * m)  # type: ignore[index]
                continue
            # the percentage is monotone in the count: band on the count of items at which each
            # cut point is passed (computed from the rounded percentages of 0 … m items)
            pct = ri.persen_butir
            assert pct is not None
            passed = indeks_pita(pct, ri.titik, ri.naik)
            y_cut = [int(np.argmax(passed > e)) if (passed > e).any() else m + 1 for e in range(len(ri.titik))]
            idx = np.zeros(n, dtype=np.int8)
            for y in y_cut:
                idx += yes >= y
            band[:, j] = idx
            nilai[:, j] = _lookup(ri.hasil, idx)
            exact = np.isin(pct, ri.titik)
            if exact.any():
                on_cut[:, j] = exact[np.clip(yes, 0, m)]
        else:
            assert ri.tak_terdefinisi is not None
            r_raw, sebab, medan = _ratio(ind, tahun)
            r = ratios.bulatkan(r_raw, desimal)
            idx = indeks_pita(r, ri.titik, ri.naik)
            v = _lookup(ri.hasil, idx)
            if not np.isfinite(r).all():   # the usual case is all finite: one pass, no mask
                u = np.isnan(r)
                if u.any():
                    for mask, why in sebab():
                        add_warning(mask, Peringatan(ri.kode, "tak_terdefinisi", why, medan, ri.tak_terdefinisi))
                inf = np.isinf(r)
                if inf.any():
                    for sign, why in ((1, "penyebut_nol_positif"), (-1, "penyebut_nol_negatif")):
                        mask = inf & (np.sign(r) == sign)
                        for i in np.flatnonzero(mask & ok):
                            warn.setdefault(int(i), []).append(Peringatan(ri.kode, "tak_hingga", why, medan, int(v[i])))
                if u.any():
                    v[u] = ri.tak_terdefinisi
                    idx[u] = -1
            r_all[:, j] = r
            terpenuhi[:, j] = -1
            nilai[:, j] = v
            band[:, j] = idx
            cut = on_cut[:, j]           # a contiguous column of the column-major matrix
            for t in ri.titik:
                cut |= r == t
    if berbobot:   # band results are nilai 0-100: skor = nilai × bobot / 100, in hundredths
        for j, ri in enumerate(plan.indikator):
            if not ri.linier:
                skor_h[:, j] = nilai[:, j].astype(np.int64) * round(ri.bobot)  # type: ignore
    if not ok.all():   # a row that failed validation carries no score
        nilai[~ok] = 0
        r_all[~ok] = np.nan
        terpenuhi[~ok] = -1
        band[~ok] = -1
        on_cut[~ok] = False
        if skor_h is not None:
            skor_h[~ok] = 0
    temuan = plan.is_temuan(nilai)
    if not ok.all():
        temuan[~ok] = False
    aspek_kode = list(plan.aspek_kode)
    aspek_indikator = np.array([ri.aspek for ri in plan.indikator])
    aspek = np.zeros((n, len(aspek_kode)), dtype=np.int64)
    ra_akhir = aturan.pembulatan.nilai_akhir
    pp_t, pp_n = plan.predikat_titik, plan.predikat_naik
    persen_bobot = None
    if berbobot:
        # --- Perdep 06/2016: aspect = Σ component skor; nilai akhir = Σ aspects (hundredths)
        assert skor_h is not None
        skor = skor_h
        skala_skor = 100
        for m, a in enumerate(aspek_kode):
            aspek[:, m] = skor_h[:, aspek_indikator == a].sum(axis=1)
        skala_aspek = 100
        total, skala_akhir = aspek.sum(axis=1), 100
        kontribusi, skala_kontribusi = aspek, skala_aspek
        # the aspect's label: the predicate table on the score as a share of its weight (the
        # Gurindam study's reading of Perdep 06/2016), in hundredths of a percent
        w100 = np.round(plan.aspek_bobot.astype(float) * 100).astype(np.int64)
        persen_bobot = aspek * 100 * 100 // (skala_aspek * np.maximum(w100, 1) // 100)
        label_aspek = predikat_indeks(persen_bobot, 100, pp_t, pp_n).astype(np.int8)
    else:
        # --- Juknis 15/2021 (spec §6): exact integer arithmetic
        skor_per_nilai = [aturan.skor(v) for v in range(1, 5)]
        skor = _lookup(skor_per_nilai, nilai - 1)
        skala_skor = 1
        if not ok.all():
            skor[~ok] = 0
        ra = aturan.pembulatan.aspek
        for m, a in enumerate(aspek_kode):
            cols = np.flatnonzero(aspek_indikator == a)
            s = _jumlah_kolom(skor, cols)
            aspek[:, m] = skor_aspek(s, len(cols), ra.desimal, ra.cara)
        skala_aspek = 10**ra.desimal
        bobot = plan.aspek_bobot.astype(np.int64)
        total, skala_akhir = nilai_akhir(aspek, bobot, skala_aspek, ra_akhir.desimal, ra_akhir.cara)
        kontribusi, skala_kontribusi = aspek * bobot[None, :], skala_aspek * 100
        label_aspek = predikat_indeks(aspek, skala_aspek, pp_t, pp_n).astype(np.int8)
    pred = np.where(ok, predikat_indeks(total, skala_akhir, pp_t, pp_n), -1).astype(np.int8)
    if not ok.all():
        label_aspek[~ok] = -1

    return Skor(
        aturan=aturan,
        rencana=plan,
        kode=plan.kode,
        aspek_indikator=list(aspek_indikator),
        rasio=r_all,
        terpenuhi=terpenuhi,
        nilai=nilai,
        indeks_pita=band,
        di_titik=on_cut,
        temuan=temuan,
        skor=skor,
        skala_skor=skala_skor,
        aspek_kode=aspek_kode,
        aspek=aspek,
        skala_aspek=skala_aspek,
        kontribusi=kontribusi,
        skala_kontribusi=skala_kontribusi,
        persen_bobot=persen_bobot,
        label_aspek=label_aspek,
        nilai_akhir=total,
        skala_akhir=skala_akhir,
        predikat_indeks=pred,
        ok=ok,
        masalah=masalah,
        peringatan=warn,
    )


def _ratio(ind: Indikator, tahun: Mapping[str, Mapping[str, np.ndarray]]
           ) -> tuple[np.ndarray, Callable[[], list[tuple[np.ndarray, str]]], tuple[str, ...]]:
    """Unrounded percentage of a ratio or growth indicator, a function that says why it is
    undefined where it is (a :class:`Peringatan` ``sebab``; called only when some value is),
    and the quantities of its denominator."""
    d = tahun[""]
    if ind.jenis == "pertumbuhan":
        assert ind.pertumbuhan is not None
        x, x0 = d[ind.pertumbuhan], tahun[SUFFIX_LALU][ind.pertumbuhan]
        r = np.asarray(ratios.pertumbuhan(x, x0, bertanda=ind.basis_pertumbuhan == "bertanda"))
        return r, lambda: [(np.isnan(r), "lalu_dan_kini_nol")], (ind.pertumbuhan,)
    assert ind.pembilang and ind.penyebut
    p = _total(d, ind.pembilang)
    q = _total(d, ind.penyebut)
    r = np.asarray(ratios.rasio(p, q, ind.penyebut_harus_positif))
    harus_positif = ind.penyebut_harus_positif

    def sebab() -> list[tuple[np.ndarray, str]]:
        out = [((q == 0) & (p == 0), "nol_per_nol")]
        if harus_positif:
            out.append((q < 0, "penyebut_negatif"))
        return out

    return r, sebab, tuple(ind.penyebut)


def _total(d: Mapping[str, np.ndarray], names: list[str]) -> np.ndarray:
    """Sum of the named quantities (the array itself when there is one name)."""
    if len(names) == 1:
        return d[names[0]]
    out = d[names[0]] + d[names[1]]
    for nm in names[2:]:
        out += d[nm]
    return out


def _jumlah_kolom(x: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Row sums of the columns ``cols`` of a small-integer matrix, as int64: added column by
    column (each a contiguous column of the column-major matrix) in int16, then widened once."""
    if len(cols) == 0 or len(cols) > 4000:
        return x[:, cols].sum(axis=1, dtype=np.int64)
    acc = x[:, cols[0]].astype(np.int16)
    for c in cols[1:]:
        acc += x[:, c]
    return acc.astype(np.int64)


def _lookup(table: list[int] | np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``table[idx]`` as int8 — by arithmetic when the table is an arithmetic progression
    (``[4, 3, 2, 1]``, ``[1, 2, 3, 4]``), which is several times faster than a gather."""
    t = np.asarray(table, dtype=np.int16)
    step = np.diff(t)
    if len(t) > 1 and (step == step[0]).all():
        return (idx.astype(np.int8) * np.int8(step[0]) + np.int8(t[0])).astype(np.int8, copy=False)
    return t.astype(np.int8)[idx]
