"""A rule set as a readable tree: bands, weights, and the status and source of every value."""

from __future__ import annotations

from .rules import Aturan, Indikator, Komponen, Pita


def _st(status: str) -> str:
    return "K" if status == "terkonfirmasi" else "S"


def _pita(p: Pita, satuan: str = " %") -> list[str]:
    rows = []
    for i, n in enumerate(p.nilai):
        rows.append(f"{p.rentang(i, satuan):<24} → {n}  [{_st(p.status_nilai(n))}]")
    rows.append(f"titik batas [{_st(p.status_titik)}]; sumber: {p.sumber}")
    return rows


def _indikator(ind: Indikator, pad: str) -> list[str]:
    out = [f"{pad}{ind.kode} {ind.label}  [{_st(ind.status)}] ({ind.sumber})"]
    if ind.jenis == "kuesioner":
        for b in ind.butir or []:
            st = f" [{_st(b.status)}]" if b.status else ""
            out.append(f"{pad}    {b.kode}. {b.teks}{st}")
        return out
    if ind.jenis == "pertumbuhan":
        out.append(f"{pad}    rumus: pertumbuhan {ind.pertumbuhan} = (x − x_lalu) / |x_lalu| × 100")
    else:
        syarat = ", penyebut harus positif" if ind.penyebut_harus_positif else ""
        out.append(f"{pad}    rumus: ({' + '.join(ind.pembilang or [])}) / ({' + '.join(ind.penyebut or [])}) × 100{syarat}")
    assert ind.pita is not None and ind.tak_terdefinisi is not None
    out += [f"{pad}    {r}" for r in _pita(ind.pita)]
    t = ind.tak_terdefinisi
    out.append(f"{pad}    tak terdefinisi → Nilai {int(t.nilai)} [{_st(t.status)}] ({t.sumber})")
    return out


def _komponen(k: Komponen, pad: str) -> list[str]:
    out = [f"{pad}{k.kode} {k.nama}"]
    for ind in k.indikator:
        out += _indikator(ind, pad + "  ")
    for sub in k.komponen:
        out += _komponen(sub, pad + "  ")
    return out


def describe(aturan: Aturan) -> str:
    """The whole rule set as indented text (K = terkonfirmasi, S = sementara)."""
    out = [f"{aturan.nama} — {aturan.judul}", f"versi {aturan.versi}; berlaku mulai {aturan.berlaku_mulai}; "
           f"jenis koperasi: {', '.join(aturan.jenis_koperasi)}", ""]
    out.append("Skala: " + "; ".join(f"Nilai {t.nilai} = {t.kategori} (Skor {t.skor})" for t in aturan.skala.tingkat))
    pb = aturan.pembulatan
    out.append(f"Pembulatan: rasio {pb.rasio.cara} {pb.rasio.desimal} desimal [{_st(pb.rasio.status)}]; "
               f"aspek {pb.aspek.cara} {pb.aspek.desimal} desimal [{_st(pb.aspek.status)}]")
    out.append("Kuesioner (rasio = butir terpenuhi / jumlah butir × 100):")
    out += ["  " + r for r in _pita(aturan.kuesioner.pita)]
    out.append("Predikat (dari nilai akhir):")
    out += ["  " + r for r in _pita(aturan.predikat.pita, "")]
    for nm, pb_ in (("Modal tertimbang (bobot pengakuan)", aturan.modal_tertimbang),
                    ("ATMR (bobot risiko)", aturan.atmr)):
        out.append(f"{nm} [{_st(pb_.status)}]: " + ", ".join(f"{k} {v:g} %" for k, v in pb_.bobot.items()))
    for a in aturan.aspek:
        out.append("")
        out.append(f"{a.kode}. {a.nama} — bobot {a.bobot.nilai:g} % [{_st(a.bobot.status)}] ({a.bobot.sumber})")
        for k in a.komponen:
            out += _komponen(k, "  ")
    return "\n".join(out)
