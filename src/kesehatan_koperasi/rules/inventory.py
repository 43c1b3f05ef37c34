"""The one inventory of a rule set's values, and when a result uses each (spec §7: "the list of
``sementara`` values that influenced this result").

Every value of a rule file that a score can depend on is listed once, with its ``status`` and
``sumber``, and with the condition under which a result uses it:

- ``umum``: every result (the Nilai scale, the rounding rules, the aspect weights, the
  predicate's cut points);
- per indicator, ``selalu``: every result (the indicator's formula and scope, its questionnaire
  items, the CAR weights or the rule set's derived quantities its formula uses, its component
  weight);
- per indicator, ``per_pita[b]``: when the value falls in band ``b`` (the status of that row);
- per indicator, ``di_titik``: when the value lies exactly on a cut point (where the cut point
  was placed, ``[a`` or ``a]``);
- per indicator, ``tak_terdefinisi``: when the ratio is *tak terdefinisi*;
- ``predikat_per_pita[b]``: when the nilai akhir falls in predicate row ``b``.

The scoring core compiles this into its plan (:mod:`kesehatan_koperasi.core.plan`) and reports,
per result, the values actually used; the methodology pages and ``rules NAME`` list the whole
inventory. There is no second list.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import SEMENTARA, Aturan, Indikator, Pita, Status


@dataclass(frozen=True)
class NilaiAturan:
    """One value of a rule set: a stable key, what it is (Indonesian), its status and source."""

    kunci: str
    uraian: str
    status: Status
    sumber: str

    @property
    def sementara(self) -> bool:
        return self.status == SEMENTARA


@dataclass(frozen=True)
class InventarisIndikator:
    """The values one indicator can use, by the condition under which it uses them."""

    selalu: tuple[NilaiAturan, ...]
    per_pita: tuple[tuple[NilaiAturan, ...], ...]
    di_titik: tuple[NilaiAturan, ...]
    tak_terdefinisi: tuple[NilaiAturan, ...]


@dataclass(frozen=True)
class Inventaris:
    """Every value of a rule set, with when a result uses it (see the module docstring)."""

    umum: tuple[NilaiAturan, ...]
    indikator: dict[str, InventarisIndikator]
    predikat_per_pita: tuple[tuple[NilaiAturan, ...], ...]
    lain: tuple[NilaiAturan, ...]
    """Values that no result of this rule set uses (e.g. a derived quantity no formula names)."""

    def semua(self) -> list[NilaiAturan]:
        """Every value once, in file order."""
        seen: dict[str, NilaiAturan] = {}

        def add(xs: tuple[NilaiAturan, ...]) -> None:
            for x in xs:
                seen.setdefault(x.kunci, x)

        add(self.umum)
        for b in self.predikat_per_pita:
            add(b)
        for ii in self.indikator.values():
            add(ii.selalu)
            for b in ii.per_pita:
                add(b)
            add(ii.di_titik)
            add(ii.tak_terdefinisi)
        add(self.lain)
        return list(seen.values())

    def sementara(self) -> list[NilaiAturan]:
        """Every provisional value, in file order."""
        return [x for x in self.semua() if x.sementara]


def _g(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def _pita(kunci: str, nama: str, p: Pita, satuan: str = " %") -> tuple[tuple[tuple[NilaiAturan, ...], ...],
                                                                       NilaiAturan]:
    rows = tuple((NilaiAturan(f"{kunci}.nilai_{n}", f"{nama}: baris {n} ({p.rentang(i, satuan)})",
                              p.status_nilai(n), p.sumber),) for i, n in enumerate(p.nilai))
    batas = NilaiAturan(f"{kunci}.batas", f"{nama}: penempatan titik batas ({', '.join(p.batas)})",
                        p.status_titik, p.sumber)
    return rows, batas


def _nama_rumus(ind: Indikator) -> list[str]:
    return (ind.pembilang or []) + (ind.penyebut or []) + ([ind.pertumbuhan] if ind.pertumbuhan else [])


def inventaris(aturan: Aturan) -> Inventaris:
    """The inventory of ``aturan`` (see the module docstring)."""
    umum: list[NilaiAturan] = []
    if aturan.skala is not None:
        umum.append(NilaiAturan("skala", "Skala Nilai, kategori dan skor", aturan.skala.status, aturan.skala.sumber))
    for nm in ("rasio", "skor", "aspek", "nilai_akhir"):
        pb = getattr(aturan.pembulatan, nm)
        if pb is not None:
            umum.append(NilaiAturan(f"pembulatan.{nm}", f"Pembulatan {nm.replace('_', ' ')}: "
                                    f"{pb.cara.replace('_', ' ')}, {pb.desimal} desimal", pb.status, pb.sumber))
    for a in aturan.aspek:
        umum.append(NilaiAturan(f"aspek.{a.kode}.bobot", f"Bobot aspek {a.kode} {a.nama} ({_g(a.bobot.nilai)} %)",
                                a.bobot.status, a.bobot.sumber))
    pred_rows, pred_batas = _pita("predikat.pita", "Pita predikat", aturan.predikat.pita, "")
    umum.append(pred_batas)   # the predicate's cut points decide every result (spec §6: "S for the edges")

    kuesioner_rows: tuple[tuple[NilaiAturan, ...], ...] = ()
    kuesioner_batas: NilaiAturan | None = None
    linier: NilaiAturan | None = None
    if aturan.kuesioner.pita is not None:
        kuesioner_rows, kuesioner_batas = _pita("kuesioner.pita", "Pita kuesioner", aturan.kuesioner.pita)
    elif aturan.kuesioner.linier is not None:
        linier = NilaiAturan("kuesioner.linier", "Kuesioner: nilai = butir terpenuhi / jumlah butir × 100",
                             aturan.kuesioner.linier.status, aturan.kuesioner.linier.sumber)

    turunan = {nm: NilaiAturan(f"turunan.{nm}", f"Besaran turunan {t.label}", t.status, t.sumber)
               for nm, t in aturan.turunan.items()}

    def turunan_dipakai(names: list[str]) -> list[str]:
        """The rule set's derived quantities that ``names`` use, directly or through another one."""
        out: list[str] = []
        todo = list(names)
        while todo:
            nm = todo.pop(0)
            if nm in aturan.turunan and nm not in out:
                out.append(nm)
                todo.extend(aturan.turunan[nm].komponen)
        return out

    bobot_car: dict[str, list[NilaiAturan]] = {
        nm: [NilaiAturan(f"{nm}.{w}", f"Bobot {aturan.label_medan(w)} di dalam {aturan.label_medan(nm)} "
                                      f"({_g(v)} %)", pb.status_dari(w), pb.sumber_dari(w))
             for w, v in pb.bobot.items()]
        for nm, pb in (("modal_tertimbang", aturan.modal_tertimbang), ("atmr", aturan.atmr))}

    per_ind: dict[str, InventarisIndikator] = {}
    dipakai_turunan: set[str] = set()
    for ind in (i for _, i in aturan.indikator()):
        selalu = [NilaiAturan(ind.kode, f"{ind.kode} {ind.label}: rumus dan cakupan indikator", ind.status,
                              ind.sumber)]
        if ind.jenis == "kuesioner":
            selalu += [NilaiAturan(f"{ind.kode}.{b.kode}", f"Butir {ind.kode}.{b.kode}: {b.teks}", b.status,
                                   ind.sumber) for b in ind.butir or [] if b.status is not None]
            if linier is not None:
                selalu.append(linier)
            per_pita = kuesioner_rows
            di_titik = (kuesioner_batas,) if kuesioner_batas is not None else ()
            tak: tuple[NilaiAturan, ...] = ()
        else:
            assert ind.pita is not None and ind.tak_terdefinisi is not None
            names = _nama_rumus(ind)
            for nm in ("modal_tertimbang", "atmr"):
                if nm in names or any(nm in _nama_rumus_turunan(aturan, t) for t in turunan_dipakai(names)):
                    selalu += bobot_car[nm]
            for t in turunan_dipakai(names):
                dipakai_turunan.add(t)
                selalu.append(turunan[t])
            rows, batas = _pita(f"{ind.kode}.pita", f"{ind.kode} {ind.label}", ind.pita)
            per_pita, di_titik = rows, (batas,)
            t_ = ind.tak_terdefinisi
            tak = (NilaiAturan(f"{ind.kode}.tak_terdefinisi",
                               f"{ind.kode} {ind.label}: Nilai {int(t_.nilai)} bila rasio tak terdefinisi",
                               t_.status, t_.sumber),)
        if ind.bobot is not None:
            selalu.append(NilaiAturan(f"{ind.kode}.bobot", f"Bobot {ind.kode} {ind.label} ({_g(ind.bobot.nilai)})",
                                      ind.bobot.status, ind.bobot.sumber))
        per_ind[ind.kode] = InventarisIndikator(tuple(selalu), per_pita, di_titik, tak)
    lain = tuple(v for nm, v in turunan.items() if nm not in dipakai_turunan)
    return Inventaris(tuple(umum), per_ind, pred_rows, lain)


def _nama_rumus_turunan(aturan: Aturan, nama: str) -> list[str]:
    return list(aturan.turunan[nama].komponen)
