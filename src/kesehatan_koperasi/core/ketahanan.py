"""The robustness analysis (issue 14; spec ``juknis-15-2021-ksp.md`` §9): does a cooperative's
predikat hold under every known reading of the method?

:func:`uji` scores the frame once (:func:`~.engine.score`) and then, for each alternative reading
of the rule set (:mod:`kesehatan_koperasi.rules.alternatif`), recomputes only what the reading
changes, on the core's own arrays:

- a reading that changes a band table (or the questionnaire table) re-bands that indicator from
  the rounded ratios (or the counts of items terpenuhi) the core already computed;
- a reading that changes a formula or adds an indicator (``pertumbuhan-basis-bertanda``,
  ``npm-19``) scores just those indicators through :func:`~.engine.score`, on a rule set that
  holds only them;
- the roll-up (aspect scores, nilai akhir, predikat) is then redone from the per-aspect sums of
  Skor, with the reading's rounding (``aspek-bulat``, ``aspek-2-desimal``) and indicator count.

The **±1 bound**: every indicator whose Nilai rests on a provisional value (a ``sementara`` value
among the rule values the result used, :meth:`~.engine.Skor.nilai_aturan`: formula, band row,
cut-point placement on a cut point, Nilai of *tak terdefinisi*) moves one Nilai worse (the lower
end) or one Nilai better (the upper end), all at once, within the scale. The rule values every
indicator shares (ratio rounding, aspect weights, predicate cut points) do not move it: the
readings above cover them.

No loop runs over cooperatives: loops run over readings and indicators.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..rules import Aturan, Indikator, Komponen
from ..rules.alternatif import terapkan
from .bands import indeks_pita
from .engine import Skor, score
from .plan import Rencana, RencanaIndikator, rencana
from .rollup import nilai_akhir, predikat_indeks, skor_aspek

#: The id of the ±1 bound in :attr:`Ketahanan.pemicu`.
BATAS = "±1"


@dataclass(frozen=True)
class Bacaan:
    """The roll-up of one reading of the method, per cooperative."""

    id: str
    nilai_akhir: np.ndarray        # (n,) int64 nilai akhir × skala_akhir
    skala_akhir: int
    predikat_indeks: np.ndarray    # (n,) int8 row of the predicate table (-1 where not scored)
    predikat_nama: tuple[str, ...]

    def nilai_akhir_float(self, ok: np.ndarray) -> np.ndarray:
        return np.where(ok, self.nilai_akhir / self.skala_akhir, np.nan)

    @property
    def predikat(self) -> np.ndarray:
        names = np.asarray(list(self.predikat_nama) + [None], dtype=object)
        return names[self.predikat_indeks]


@dataclass(frozen=True)
class Ketahanan:
    """Result of :func:`uji`: the default scoring, each reading, and the ±1 bound."""

    skor: Skor
    bacaan: tuple[Bacaan, ...]     # one per alternative reading, in rule-file order
    bawah: Bacaan                  # every provisional indicator one Nilai worse
    atas: Bacaan                   # every provisional indicator one Nilai better
    bertumpu_sementara: np.ndarray  # (n, k) bool: the indicator's Nilai rests on a provisional value

    def _semua(self) -> list[Bacaan]:
        return [*self.bacaan, self.bawah, self.atas]

    def nilai_akhir_min(self) -> np.ndarray:
        ok = self.skor.ok
        return np.min([self.skor.nilai_akhir_float()] + [b.nilai_akhir_float(ok) for b in self._semua()], axis=0)

    def nilai_akhir_max(self) -> np.ndarray:
        ok = self.skor.ok
        return np.max([self.skor.nilai_akhir_float()] + [b.nilai_akhir_float(ok) for b in self._semua()], axis=0)

    def berubah(self, b: Bacaan) -> np.ndarray:
        """(n,) bool: reading ``b`` gives another predikat than the default."""
        return (b.predikat_indeks != self.skor.predikat_indeks) & self.skor.ok

    def predikat_stabil(self) -> np.ndarray:
        """(n,) bool: the same predikat under every reading and at both ends of the bound."""
        out = np.ones(len(self.skor.ok), dtype=bool)
        for b in self._semua():
            out &= ~self.berubah(b)
        return out

    def pemicu(self) -> np.ndarray:
        """(n,) object: ids of the readings that change the predikat, joined by ``", "``;
        ``"±1"`` when only the bound changes it; ``""`` when it is stable."""
        n = len(self.skor.ok)
        out = np.full(n, "", dtype=object)
        for b in self.bacaan:
            m = self.berubah(b)
            out[m] = np.where(out[m] == "", b.id, out[m] + ", " + b.id)
        batas = (self.berubah(self.bawah) | self.berubah(self.atas)) & (out == "")
        out[batas] = BATAS
        return out


def bertumpu_sementara(s: Skor) -> np.ndarray:
    """(n, k) bool: whether row ``i``'s Nilai of indicator ``j`` rests on a provisional value, i.e.
    ``any(x.sementara for x in s.nilai_aturan(i, j))``, vectorised over rows."""
    n, k = s.nilai.shape
    out = np.zeros((n, k), dtype=bool)
    for j, ri in enumerate(s.rencana.indikator):
        inv = ri.nilai_aturan
        m = np.full(n, any(x.sementara for x in inv.selalu))
        band = s.indeks_pita[:, j].astype(np.int64)
        on = band >= 0
        baris = np.array([any(x.sementara for x in row) for row in inv.per_pita], dtype=bool)
        if baris.any():
            m |= on & baris[np.clip(band, 0, len(baris) - 1)]
        if any(x.sementara for x in inv.di_titik):
            m |= on & s.di_titik[:, j]
        if ri.jenis != "kuesioner" and any(x.sementara for x in inv.tak_terdefinisi):
            m |= ~on & np.isnan(s.rasio[:, j])
        out[:, j] = m & s.ok
    return out


def _kolom_aspek(plan: Rencana) -> list[slice | np.ndarray]:
    """Per aspect, its indicator columns (a slice when they are contiguous, as in tree order)."""
    out: list[slice | np.ndarray] = []
    for m in range(len(plan.aspek_kode)):
        cols = np.flatnonzero(plan.aspek_indikator == m)
        contiguous = len(cols) and cols[-1] - cols[0] + 1 == len(cols)
        out.append(slice(int(cols[0]), int(cols[-1]) + 1) if contiguous else cols)
    return out


def _jumlah_aspek(skor: np.ndarray, plan: Rencana) -> np.ndarray:
    """(n, m) int64 Σ skor per aspect."""
    return np.column_stack([skor[:, c].sum(axis=1, dtype=np.int64) for c in _kolom_aspek(plan)])


def _tabel_skor(aturan: Aturan) -> np.ndarray:
    """Skor of each Nilai, indexed by Nilai (index 0: not scored, skor 0)."""
    assert aturan.skala is not None
    top = max(t.nilai for t in aturan.skala.tingkat)
    return np.array([0] + [aturan.skor(v) for v in range(1, top + 1)], dtype=np.int64)


def _gulung(id: str, jumlah: np.ndarray, aturan: Aturan, plan: Rencana, ok: np.ndarray) -> Bacaan:
    """Aspect scores, nilai akhir and predikat from the per-aspect sums of skor (spec §6), with the
    rule set's own rounding, weights and predicate table."""
    ra, rn = aturan.pembulatan.aspek, aturan.pembulatan.nilai_akhir
    jumlah_ind = np.bincount(plan.aspek_indikator, minlength=len(plan.aspek_kode))
    aspek = np.column_stack([skor_aspek(jumlah[:, m], int(jumlah_ind[m]), ra.desimal, ra.cara)
                             for m in range(len(plan.aspek_kode))])
    total, skala = nilai_akhir(aspek, plan.aspek_bobot.astype(np.int64), 10**ra.desimal, rn.desimal, rn.cara)
    pred = np.where(ok, predikat_indeks(total, skala, plan.predikat_titik, plan.predikat_naik), -1).astype(np.int8)
    return Bacaan(id, total, skala, pred, plan.predikat_nama)


def _rumus(ind: Indikator) -> str:
    """What decides an indicator's value (not its bands): formula, growth basis, items."""
    return ind.model_dump_json(include={"butir", "pembilang", "penyebut", "pertumbuhan", "penyebut_harus_positif",
                                        "basis_pertumbuhan"})


def _rumus_umum(aturan: Aturan) -> str:
    """What every ratio's value depends on: ratio rounding, derived quantities, CAR weights."""
    return aturan.model_dump_json(include={"pembulatan": {"rasio"}, "turunan": True,
                                           "modal_tertimbang": {"bobot"}, "atmr": {"bobot"}})


def _pita_sama(a: RencanaIndikator, b: RencanaIndikator) -> bool:
    same = (np.array_equal(a.titik, b.titik) and np.array_equal(a.naik, b.naik) and np.array_equal(a.hasil, b.hasil)
            and a.tak_terdefinisi == b.tak_terdefinisi and a.linier == b.linier)
    if a.persen_butir is not None or b.persen_butir is not None:
        same = same and a.persen_butir is not None and b.persen_butir is not None \
            and np.array_equal(a.persen_butir, b.persen_butir)
    return same


def _pita_ulang(s: Skor, j: int, ri: RencanaIndikator) -> np.ndarray:
    """Nilai of base indicator ``j`` under the band table of ``ri``, from the core's arrays."""
    if ri.jenis == "kuesioner":
        assert ri.persen_butir is not None
        per_jumlah = ri.hasil[indeks_pita(ri.persen_butir, ri.titik, ri.naik)]
        return per_jumlah[np.clip(s.terpenuhi[:, j], 0, ri.jumlah_butir)].astype(np.int64)
    r = s.rasio[:, j]
    v = ri.hasil[indeks_pita(r, ri.titik, ri.naik)].astype(np.int64)
    assert ri.tak_terdefinisi is not None
    v[np.isnan(r)] = ri.tak_terdefinisi
    return v


_HANYA: dict[tuple[int, str, frozenset[str]], Aturan] = {}


def _hanya(aturan: Aturan, kode: set[str]) -> Aturan:
    """``aturan`` reduced to the indicators ``kode`` (for scoring only those through the core);
    cached, so that its compiled plan is reused."""
    key = (id(aturan), aturan.content_hash(), frozenset(kode))
    if key not in _HANYA:
        if len(_HANYA) > 32:
            _HANYA.clear()
        _HANYA[key] = _hanya_baru(aturan, kode)
    return _HANYA[key]


def _hanya_baru(aturan: Aturan, kode: set[str]) -> Aturan:
    def kom(k: Komponen) -> Komponen:
        return k.model_copy(update={"indikator": [i for i in k.indikator if i.kode in kode],
                                    "komponen": [kom(x) for x in k.komponen]})

    aspek = [a.model_copy(update={"komponen": [kom(k) for k in a.komponen]}) for a in aturan.aspek]
    out = aturan.model_copy(update={"aspek": [a for a in aspek if any(True for _ in a.semua_indikator())],
                                    "alternatif": []})
    out._sidik = ""
    return out


def _bacaan(frame: pd.DataFrame, s: Skor, jumlah: np.ndarray, id: str, alt: Aturan) -> Bacaan:
    """The roll-up of reading ``alt`` (the patched rule set), recomputing only what it changes."""
    base, pa = s.rencana, rencana(alt)
    aturan = s.aturan
    tabel = _tabel_skor(alt)
    ok = s.ok
    posisi = {kode: j for j, kode in enumerate(base.kode)}
    umum_sama = _rumus_umum(aturan) == _rumus_umum(alt)
    ind_base = {i.kode: i for _, i in aturan.indikator()}
    aspek_alt = {kode: m for m, kode in enumerate(pa.aspek_kode)}
    if list(pa.aspek_kode) != list(base.aspek_kode):   # another tree of aspects: sum afresh below
        jumlah = np.zeros((len(ok), len(pa.aspek_kode)), dtype=np.int64)
        ulang_semua = True
    else:
        jumlah = jumlah.copy()
        ulang_semua = False
    skor_ulang: set[str] = set()
    for (_, ind), ri in zip(alt.indikator(), pa.indikator):
        j = posisi.get(ri.kode)
        m = aspek_alt[ri.aspek]
        if j is None or not umum_sama or _rumus(ind) != _rumus(ind_base[ri.kode]):
            skor_ulang.add(ri.kode)
            if j is not None and not ulang_semua:
                jumlah[:, m] -= s.skor[:, j]
            continue
        if ulang_semua:
            jumlah[:, m] += s.skor[:, j] if _pita_sama(base.indikator[j], ri) else tabel[_pita_ulang(s, j, ri)]
        elif not _pita_sama(base.indikator[j], ri):
            jumlah[:, m] += np.where(ok, tabel[_pita_ulang(s, j, ri)] - s.skor[:, j], 0)
    if not ulang_semua:
        for kode in set(posisi) - {ri.kode for ri in pa.indikator}:    # an indicator the reading drops
            j = posisi[kode]
            jumlah[:, aspek_alt[base.indikator[j].aspek]] -= s.skor[:, j]
    if skor_ulang:
        sub = score(frame, _hanya(alt, skor_ulang))
        for j2, ri in enumerate(sub.rencana.indikator):
            jumlah[:, aspek_alt[ri.aspek]] += np.where(ok, tabel[sub.nilai[:, j2].astype(np.int64)], 0)
    return _gulung(id, jumlah, alt, pa, ok)


def uji(frame: pd.DataFrame, aturan: Aturan, alternatif: list[str] | None = None,
        skor: Skor | None = None) -> Ketahanan:
    """The robustness analysis of every row of ``frame`` under ``aturan`` (see the module docstring).

    Parameters
    ----------
    frame : DataFrame
        The ``assess_frame`` layout.
    aturan : Aturan
        A rule set with ``metode: rata_rata_skor`` (Juknis 15/2021).
    alternatif : list of str, optional
        Ids of the readings to try (default: every reading of the rule set, in file order).
    skor : Skor, optional
        ``score(frame, aturan)`` when the caller has it already.

    Raises
    ------
    RulesError
        An unknown reading id, or a rule set without a Nilai scale (Perdep 06/2016).
    """
    from ..errors import RulesError

    if aturan.metode != "rata_rata_skor" or aturan.skala is None:
        raise RulesError(aturan.berkas or aturan.nama, [
            ("metode", "uji ketahanan hanya untuk aturan bermetode rata_rata_skor (skala Nilai 1-4)")])
    s = skor if skor is not None else score(frame, aturan)
    ids = [a.id for a in aturan.alternatif] if alternatif is None else list(alternatif)
    jumlah = _jumlah_aspek(s.skor, s.rencana)
    bacaan = tuple(_bacaan(frame, s, jumlah, i, terapkan(aturan, [i])) for i in ids)
    sementara = bertumpu_sementara(s)
    tabel = _tabel_skor(aturan)
    puncak = len(tabel) - 1
    ujung = []
    for arah, id in ((1, "±1 bawah"), (-1, "±1 atas")):
        geser = jumlah.copy()
        for j in np.flatnonzero(sementara.any(axis=0)):   # one indicator column at a time
            v = s.nilai[:, j].astype(np.int64)
            baru = np.where(sementara[:, j], np.clip(v + arah, 1, puncak), v)
            geser[:, s.rencana.aspek_indikator[j]] += tabel[baru] - tabel[v]
        ujung.append(_gulung(id, geser, aturan, s.rencana, s.ok))
    return Ketahanan(s, bacaan, ujung[0], ujung[1], sementara)
