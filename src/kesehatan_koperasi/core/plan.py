"""A rule set compiled once into the arrays the scoring core needs (spec ``juknis-15-2021-ksp.md``
§2-§7), and the inventory of rule values each indicator depends on
(:mod:`kesehatan_koperasi.rules.inventory`).

:func:`rencana` compiles an :class:`~kesehatan_koperasi.rules.Aturan` into a :class:`Rencana`:
per indicator its band table as arrays (cut points, which side each cut point belongs to, the
result of each band), the Nilai of a *tak terdefinisi* ratio, the rounded percentage of every
possible count of questionnaire items, and the rule values a result uses under each condition.
Plans are cached by the rule set's content digest, so a batch compiles its rule set once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..rules import Aturan
from ..rules.inventory import InventarisIndikator, NilaiAturan, inventaris
from .ratios import bulatkan


@dataclass(frozen=True)
class RencanaIndikator:
    """One indicator, compiled."""

    kode: str
    aspek: str
    label: str
    jenis: str                       # "kuesioner", "rasio" or "pertumbuhan"
    titik: np.ndarray                # ascending cut points (questionnaires: the shared table) [%]
    naik: np.ndarray                 # per cut point: True if the point belongs to the band above
    hasil: np.ndarray                # int16, result of each band (Nilai 1-4; Perdep 0-100)
    tak_terdefinisi: int | None      # Nilai of a tak terdefinisi ratio (None for questionnaires)
    jumlah_butir: int                # questionnaire items (0 for ratios)
    persen_butir: np.ndarray | None  # rounded percentage for 0 … jumlah_butir items terpenuhi
    linier: bool                     # questionnaire scored linearly (Perdep 06/2016)
    bobot: float | None              # component weight (metode jumlah_berbobot)
    nilai_aturan: InventarisIndikator

    @property
    def pita_sementara(self) -> np.ndarray:
        """Per band: whether the row's status, or anything the indicator always uses, is provisional."""
        base = any(x.sementara for x in self.nilai_aturan.selalu)
        return np.array([base or any(x.sementara for x in row) for row in self.nilai_aturan.per_pita], dtype=bool)


@dataclass(frozen=True)
class Rencana:
    """A rule set compiled for the core; see the module docstring."""

    aturan: Aturan
    nama: str
    versi: str
    sidik: str                       # Aturan.content_hash()
    indikator: tuple[RencanaIndikator, ...]
    aspek_kode: tuple[str, ...]
    aspek_bobot: np.ndarray          # int64 [%] (Juknis) or float (Perdep) per aspect
    aspek_indikator: np.ndarray      # per indicator: index of its aspect
    predikat_nama: tuple[str, ...]   # predicate of each row of the predicate table
    predikat_titik: np.ndarray
    predikat_naik: np.ndarray
    temuan_nilai: frozenset[int] | None
    temuan_kurang_dari: float | None
    umum: tuple[NilaiAturan, ...]
    predikat_per_pita: tuple[tuple[NilaiAturan, ...], ...]

    @property
    def kode(self) -> list[str]:
        return [i.kode for i in self.indikator]

    def is_temuan(self, nilai: np.ndarray) -> np.ndarray:
        """Whether each indicator result is a finding by the rule set's own ``temuan`` rule.

        The result has the memory order of ``nilai`` (the core's (n, k) matrices are column-major),
        so every comparison streams through memory once."""
        out = np.zeros_like(nilai, dtype=bool)
        if self.temuan_nilai is not None:
            for v in self.temuan_nilai:
                np.logical_or(out, nilai == v, out=out)
        if self.temuan_kurang_dari is not None:
            np.logical_or(out, nilai < self.temuan_kurang_dari, out=out)
        return out


def _compile(aturan: Aturan) -> Rencana:
    inv = inventaris(aturan)
    desimal = aturan.pembulatan.rasio.desimal
    kq = aturan.kuesioner.pita
    out: list[RencanaIndikator] = []
    aspek_kode = tuple(a.kode for a in aturan.aspek)
    pos = {k: m for m, k in enumerate(aspek_kode)}
    for a, ind in aturan.indikator():
        if ind.jenis == "kuesioner":
            m = len(ind.butir or [])
            pita = kq
            persen = bulatkan(np.arange(m + 1) / m * 100.0, desimal) if m else np.zeros(1)
            tak = None
        else:
            assert ind.pita is not None and ind.tak_terdefinisi is not None
            m, pita, persen, tak = 0, ind.pita, None, int(ind.tak_terdefinisi.nilai)
        if pita is None:   # linear questionnaire: nilai = share × 100
            titik, naik, hasil = np.zeros(0), np.zeros(0, dtype=bool), np.zeros(1, dtype=np.int16)
        else:
            titik, naik = pita.titik, pita.naik_di_titik
            hasil = np.asarray([int(v) for v in pita.nilai], dtype=np.int16)
        out.append(RencanaIndikator(
            kode=ind.kode, aspek=a.kode, label=ind.label, jenis=ind.jenis, titik=titik, naik=naik, hasil=hasil,
            tak_terdefinisi=tak, jumlah_butir=m, persen_butir=persen, linier=pita is None,
            bobot=ind.bobot.nilai if ind.bobot is not None else None, nilai_aturan=inv.indikator[ind.kode]))
    pp = aturan.predikat.pita
    t = aturan.temuan
    berbobot = aturan.metode == "jumlah_berbobot"
    return Rencana(
        aturan=aturan, nama=aturan.nama, versi=aturan.versi, sidik=aturan.content_hash(),
        indikator=tuple(out), aspek_kode=aspek_kode,
        aspek_bobot=np.array([a.bobot.nilai if berbobot else int(a.bobot.nilai) for a in aturan.aspek]),
        aspek_indikator=np.array([pos[i.aspek] for i in out], dtype=np.int64),
        predikat_nama=tuple(str(x) for x in pp.nilai), predikat_titik=pp.titik, predikat_naik=pp.naik_di_titik,
        temuan_nilai=frozenset(int(v) for v in t.nilai) if t.nilai is not None else None,
        temuan_kurang_dari=t.nilai_kurang_dari, umum=inv.umum, predikat_per_pita=inv.predikat_per_pita,
    )


_CACHE: dict[tuple[int, str], Rencana] = {}


def rencana(aturan: Aturan) -> Rencana:
    """The compiled plan of ``aturan`` (cached by its content digest)."""
    key = (id(aturan), aturan.content_hash())
    plan = _CACHE.get(key)
    if plan is None or plan.aturan is not aturan:
        plan = _compile(aturan)
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[key] = plan
    return plan

