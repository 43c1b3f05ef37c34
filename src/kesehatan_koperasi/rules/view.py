"""Rule sets for people: the whole set as an indented tree (bands, weights, and the status and
source of every value; ``K`` = terkonfirmasi, ``S`` = sementara), and the inventory of its
provisional values. Everything here reads a validated rule set; nothing here scores.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .inventory import inventaris
from .model import Aspek, Aturan, Indikator, Komponen, Pita

# ----------------------------------------------------------------------------- helpers



# ----------------------------------------------------------------------------- helpers


def _st(status: str | None) -> str:
    return "K" if status == "terkonfirmasi" else "S"


def _g(x: float) -> str:
    """A number the Indonesian way, without trailing zeros (``7,5``, ``100``)."""
    return (f"{float(x):.6f}".rstrip("0").rstrip(".")).replace(".", ",")


def _rumus(aturan: Aturan, ind: Indikator) -> str:
    """Formula of a ratio or growth indicator with the field labels of ``aturan``."""
    lab = aturan.label_medan
    if ind.jenis == "pertumbuhan":
        assert ind.pertumbuhan is not None
        nm = lab(ind.pertumbuhan)
        return f"({nm} − {nm} tahun lalu) / |{nm} tahun lalu| × 100"
    if ind.jenis == "rasio":
        p = " + ".join(lab(n) for n in ind.pembilang or [])
        q = " + ".join(lab(n) for n in ind.penyebut or [])
        syarat = "; penyebut harus positif" if ind.penyebut_harus_positif else ""
        return f"({p}) / ({q}) × 100{syarat}"
    return f"butir terpenuhi / {len(ind.butir or [])} butir × 100"


def _rumus_nama(ind: Indikator) -> str:
    """Formula with canonical field names (stable, for comparisons)."""
    if ind.jenis == "pertumbuhan":
        return f"pertumbuhan {ind.pertumbuhan}"
    if ind.jenis == "rasio":
        syarat = ", penyebut harus positif" if ind.penyebut_harus_positif else ""
        return f"({' + '.join(ind.pembilang or [])}) / ({' + '.join(ind.penyebut or [])}){syarat}"
    return f"kuesioner {len(ind.butir or [])} butir"


def _baris_pita(p: Pita, satuan: str = " %") -> list[tuple[str, str, str]]:
    """Rows of a band table as ``(rentang, hasil, K/S)``, lowest values first."""
    return [(p.rentang(i, satuan), str(n), _st(p.status_nilai(n))) for i, n in enumerate(p.nilai)]


def _pita(p: Pita, satuan: str = " %") -> list[str]:
    rows = [f"{r:<24} → {n}  [{s}]" for r, n, s in _baris_pita(p, satuan)]
    rows.append(f"titik batas {', '.join(p.batas)} [{_st(p.status_titik)}]; sumber: {p.sumber}")
    return rows


def _pita_indikator(aturan: Aturan, ind: Indikator) -> Pita:
    pita = aturan.kuesioner.pita if ind.jenis == "kuesioner" else ind.pita
    assert pita is not None
    return pita


def _jalur(aturan: Aturan) -> dict[str, tuple[Aspek, list[Komponen]]]:
    """For each indicator code: its aspect and the chain of components above it."""
    out: dict[str, tuple[Aspek, list[Komponen]]] = {}

    def walk(a: Aspek, k: Komponen, chain: list[Komponen]) -> None:
        chain = chain + [k]
        for ind in k.indikator:
            out[ind.kode] = (a, chain)
        for sub in k.komponen:
            walk(a, sub, chain)

    for a in aturan.aspek:
        for k in a.komponen:
            walk(a, k, [])
    return out


def _semua_komponen(aturan: Aturan) -> Iterator[tuple[Aspek, Komponen, int]]:
    def walk(a: Aspek, k: Komponen, depth: int) -> Iterator[tuple[Aspek, Komponen, int]]:
        yield a, k, depth
        for sub in k.komponen:
            yield from walk(a, sub, depth + 1)

    for a in aturan.aspek:
        for k in a.komponen:
            yield from walk(a, k, 0)


# ----------------------------------------------------------------------------- provisional values


@dataclass(frozen=True)
class NilaiSementaraAturan:
    """One provisional (``sementara``) value of a rule set: where it is, what it is, its source."""

    kunci: str
    uraian: str
    sumber: str


def daftar_sementara(aturan: Aturan) -> list[NilaiSementaraAturan]:
    """Every ``sementara`` value of a rule set, from the one inventory
    (:func:`kesehatan_koperasi.rules.inventory.inventaris`) that results are reported from."""
    return [NilaiSementaraAturan(x.kunci, x.uraian, x.sumber) for x in inventaris(aturan).sementara()]


# ----------------------------------------------------------------------------- describe


def _indikator(aturan: Aturan, ind: Indikator, pad: str) -> list[str]:
    out = [f"{pad}{ind.kode} {ind.label}  [{_st(ind.status)}] ({ind.sumber})"]
    if ind.jenis == "kuesioner":
        for b in ind.butir or []:
            st = f" [{_st(b.status)}]" if b.status else ""
            out.append(f"{pad}    {b.kode}. {b.teks}{st}")
        return out
    out.append(f"{pad}    rumus: {_rumus(aturan, ind)}")
    out.append(f"{pad}    isian: {_rumus_nama(ind)}")
    if ind.bobot is not None:
        out.append(f"{pad}    bobot komponen {_g(ind.bobot.nilai)} [{_st(ind.bobot.status)}] ({ind.bobot.sumber})")
    assert ind.pita is not None and ind.tak_terdefinisi is not None
    out += [f"{pad}    {r}" for r in _pita(ind.pita)]
    t = ind.tak_terdefinisi
    out.append(f"{pad}    tak terdefinisi → Nilai {int(t.nilai)} [{_st(t.status)}] ({t.sumber})")
    return out


def _komponen(aturan: Aturan, k: Komponen, pad: str) -> list[str]:
    out = [f"{pad}{k.kode} {k.nama}"]
    for ind in k.indikator:
        out += _indikator(aturan, ind, pad + "  ")
    for sub in k.komponen:
        out += _komponen(aturan, sub, pad + "  ")
    return out


def _ringkas_metode(aturan: Aturan) -> str:
    if aturan.metode == "jumlah_berbobot":
        return ("Skor komponen = nilai (0-100) × bobot komponen / 100; skor aspek = Σ skor komponen; "
                "nilai akhir = Σ skor aspek")
    return "Skor aspek = Σ skor indikator / (4 × jumlah indikator) × 100; nilai akhir = Σ bobot × skor aspek / 100"


def describe(aturan: Aturan) -> str:
    """The whole rule set as indented text (K = terkonfirmasi, S = sementara)."""
    n_ind = len(aturan.indikator())
    n_s = len(daftar_sementara(aturan))
    out = [f"{aturan.nama} — {aturan.judul}",
           f"versi {aturan.versi}; berlaku mulai {aturan.berlaku_mulai}"
           + (f" sampai sebelum {aturan.berlaku_sampai}" if aturan.berlaku_sampai else "")
           + f"; jenis koperasi: {', '.join(aturan.jenis_koperasi)}"]
    if aturan.berkas:
        out.append(f"berkas: {aturan.berkas}")
    if aturan.dasar:
        out.append(f"turunan dari: {' ← '.join(aturan.dasar)} (ditampilkan lengkap, setelah pewarisan)")
    out.append(f"sidik isi: {aturan.content_hash()}")
    out.append(f"{n_ind} indikator, {len(aturan.kode_butir())} butir kuesioner, {n_s} nilai sementara "
               "(K = terkonfirmasi, S = sementara)")
    out.append("")
    if aturan.skala is not None:
        out.append("Skala: " + "; ".join(f"Nilai {t.nilai} = {t.kategori} (Skor {t.skor})"
                                         for t in aturan.skala.tingkat) + f" [{_st(aturan.skala.status)}]")
    pb = aturan.pembulatan
    out.append(f"Pembulatan: rasio {pb.rasio.cara} {pb.rasio.desimal} desimal [{_st(pb.rasio.status)}]; "
               f"aspek {pb.aspek.cara} {pb.aspek.desimal} desimal [{_st(pb.aspek.status)}]; "
               f"nilai akhir {pb.nilai_akhir.cara} {pb.nilai_akhir.desimal} desimal [{_st(pb.nilai_akhir.status)}]")
    out.append(_ringkas_metode(aturan))
    if aturan.kuesioner.pita is not None:
        out.append("Kuesioner (rasio = butir terpenuhi / jumlah butir × 100):")
        out += ["  " + r for r in _pita(aturan.kuesioner.pita)]
    else:
        out.append("Kuesioner: nilai = butir terpenuhi / jumlah butir × 100 (linier)")
    for nm, t in aturan.turunan.items():
        out.append(f"Turunan {nm} = " + " + ".join(f"{_g(c)} × {k}" for k, c in t.komponen.items())
                   + f" [{_st(t.status)}]")
    out.append("Predikat (dari nilai akhir):")
    out += ["  " + r for r in _pita(aturan.predikat.pita, "")]
    for nm, pb_ in (("Modal tertimbang (bobot pengakuan)", aturan.modal_tertimbang),
                    ("ATMR (bobot risiko)", aturan.atmr)):
        out.append(f"{nm} ({pb_.sumber}): " + ", ".join(f"{k} {_g(v)} % [{_st(pb_.status_dari(k))}]"
                                                      for k, v in pb_.bobot.items()))
    if aturan.istilah:
        out.append("Istilah (label isian dalam aturan ini):")
        out += [f"  {k}: {v}" for k, v in aturan.istilah.items()]
    for a in aturan.aspek:
        out.append("")
        out.append(f"{a.kode}. {a.nama} — bobot {_g(a.bobot.nilai)} % [{_st(a.bobot.status)}] ({a.bobot.sumber}); "
                   f"{len(list(a.semua_indikator()))} indikator")
        for k in a.komponen:
            out += _komponen(aturan, k, "  ")
    out += bacaan_alternatif(aturan)
    return "\n".join(out)


def bacaan_alternatif(aturan: Aturan) -> list[str]:
    """The rule set's alternative readings (spec §9), one line each plus its source and what it
    replaces; empty when it has none."""
    if not aturan.alternatif:
        return []
    out = ["", f"Bacaan alternatif ({len(aturan.alternatif)}; dipakai uji ketahanan, "
               "dimuat dengan load_rules(nama, alternatif=[id])):"]
    for a in aturan.alternatif:
        out.append(f"  {a.id}: {a.uraian}")
        out.append(f"      mengganti {', '.join(a.sasaran)}; sumber: {a.sumber}")
    return out


