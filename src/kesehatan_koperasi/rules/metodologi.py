"""The Markdown methodology page of a rule set (``docs/metodologi/<nama>.md``, written by
``scripts/buat_dokumentasi.py``; a test fails when a committed page is stale).
"""

from __future__ import annotations

from typing import Any

from .model import Aturan, Indikator, Komponen, Pita
from .view import _baris_pita, _g, _rumus, _rumus_nama, _st, daftar_sementara

# ----------------------------------------------------------------------------- helpers



# ----------------------------------------------------------------------------- methodology page

GENERATOR = "scripts/buat_dokumentasi.py"


def _md(x: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(x).replace("|", "\\|").replace("\n", " ")


def _tabel(kepala: list[str], baris: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(kepala) + " |", "|" + "|".join("---" for _ in kepala) + "|"]
    out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in baris]
    return out


def _tabel_pita(aturan: Aturan, p: Pita, satuan: str = " %", kategori: bool = True) -> list[str]:
    kategori = kategori and aturan.skala is not None
    rows = []
    for rentang, n, st in _baris_pita(p, satuan):
        row: list[Any] = [rentang, n]
        if kategori:
            try:
                row += [aturan.kategori(int(n)), aturan.skor(int(n))]
            except (KeyError, ValueError):
                row += ["", ""]
        rows.append(row + [st])
    kepala = ["Rentang", "Nilai"] + (["Kategori", "Skor"] if kategori else []) + ["Status"]
    if not kategori:
        kepala[1] = "Hasil"
    return _tabel(kepala, rows) + ["", f"Titik batas: `{'`, `'.join(p.batas)}` "
                                       f"(status penempatan titik: {_st(p.status_titik)}). Sumber: {p.sumber}"]


def _md_indikator(aturan: Aturan, ind: Indikator, level: int) -> list[str]:
    h = "#" * min(level, 6)
    out = [f"{h} {ind.kode} {ind.label}", ""]
    out.append(f"- Jenis: {ind.jenis}; status: **{_st(ind.status)}**; sumber: {ind.sumber}")
    if ind.jenis == "kuesioner":
        if aturan.kuesioner.pita is not None:
            out.append(f"- Rasio: butir terpenuhi / {len(ind.butir or [])} butir × 100, dipitakan dengan pita kuesioner")
        else:
            w = _g(ind.bobot.nilai) if ind.bobot else "?"
            out.append(f"- Nilai: butir terpenuhi / {len(ind.butir or [])} butir × 100; skor = nilai × {w} / 100")
        out.append(f"- Rekomendasi bila belum sehat: {ind.rekomendasi}")
        out.append("")
        for b in ind.butir or []:
            st = f" *(status {_st(b.status)})*" if b.status else ""
            out.append(f"- {b.kode}. {b.teks}{st}")
        out.append("")
        return out
    out.append(f"- Rumus: {_rumus(aturan, ind)}")
    out.append(f"- Isian: `{_rumus_nama(ind)}`")
    t = ind.tak_terdefinisi
    if t is not None:
        out.append(f"- Bila rasio tak terdefinisi: Nilai {int(t.nilai)} (status {_st(t.status)}; sumber: {t.sumber})")
    out.append(f"- Rekomendasi bila belum sehat: {ind.rekomendasi}")
    out.append("")
    if ind.pita is not None:
        if ind.bobot is not None:
            out.append(f"Bobot komponen {_g(ind.bobot.nilai)} (status {_st(ind.bobot.status)}; "
                       f"sumber: {ind.bobot.sumber}); skor = nilai × {_g(ind.bobot.nilai)} / 100.")
            out.append("")
        out += _tabel_pita(aturan, ind.pita)
        out.append("")
    return out


def _md_komponen(aturan: Aturan, k: Komponen, level: int) -> list[str]:
    out = [f"{'#' * min(level, 6)} {k.kode} {k.nama}", ""]
    for ind in k.indikator:
        out += _md_indikator(aturan, ind, level + 1)
    for sub in k.komponen:
        out += _md_komponen(aturan, sub, level + 1)
    return out


def _langkah_berbobot(aturan: Aturan) -> list[str]:
    """The calculation steps of a ``jumlah_berbobot`` rule set (Perdep 06/2016)."""
    pb = aturan.pembulatan
    linier = aturan.kuesioner.linier
    skor = pb.skor
    return [
        f"1. Rasio keuangan dihitung dalam persen, lalu dibulatkan sebelum dipitakan: "
        f"{pb.rasio.cara.replace('_', ' ')}, {pb.rasio.desimal} desimal (status {_st(pb.rasio.status)}; "
        f"sumber: {pb.rasio.sumber}).",
        "2. Setiap komponen mendapat nilai 0-100 dari pitanya; komponen kuesioner: nilai = butir terpenuhi / "
        "jumlah butir × 100" + (f" (status {_st(linier.status)}; sumber: {linier.sumber})." if linier else "."),
        "3. Skor komponen = nilai × bobot komponen / 100"
        + (f", {skor.desimal} desimal (status {_st(skor.status)}; sumber: {skor.sumber})." if skor else "."),
        f"4. Skor aspek = Σ skor komponennya (sumber: {pb.aspek.sumber}).",
        f"5. Nilai akhir = Σ skor aspek, {pb.nilai_akhir.desimal} desimal (sumber: {pb.nilai_akhir.sumber}).",
        "6. Predikat dari nilai akhir:",
        "",
    ]


def halaman_metodologi(aturan: Aturan, berkas_sumber: str | None = None) -> str:
    """The methodology page (Markdown) of a rule set, generated from its rule file.

    Deterministic: the same rule set always gives the same text (the staleness test relies on it).
    """
    sumber = berkas_sumber or f"src/kesehatan_koperasi/rulesets/{aturan.nama}.yaml"
    sementara = daftar_sementara(aturan)
    pb = aturan.pembulatan
    out = [
        f"# Metodologi `{aturan.nama}`: {aturan.judul}",
        "",
        f"<!-- Dibuat otomatis oleh {GENERATOR} dari {sumber}. Jangan disunting; "
        f"jalankan `python {GENERATOR}` setelah mengubah berkas aturan. -->",
        "",
        f"- Versi aturan: {aturan.versi}",
        f"- Berlaku mulai: {aturan.berlaku_mulai.isoformat()}",
        f"- Jenis koperasi: {', '.join(aturan.jenis_koperasi)}",
        f"- Berkas aturan: `{sumber}`",
        f"- {len(aturan.indikator())} indikator, {len(aturan.kode_butir())} butir kuesioner, "
        f"{len(sementara)} nilai sementara",
        "",
        "Status setiap nilai: **K** = terkonfirmasi (terlihat pada tabel yang mengutip sumber resmi, atau terbukti "
        "dengan hitungan atas hasil yang dipublikasikan); **S** = sementara (dari implementasi pihak ketiga, "
        "analogi, atau pilihan proyek). Hasil penilaian yang memakai nilai sementara mencantumkannya pada lampiran.",
        "",
        "## Aspek dan bobot",
        "",
    ]
    rows = [[a.kode, a.nama, f"{_g(a.bobot.nilai)} %", len(list(a.semua_indikator())), _st(a.bobot.status),
             a.bobot.sumber] for a in aturan.aspek]
    out += _tabel(["Kode", "Aspek", "Bobot", "Indikator", "Status", "Sumber"], rows)
    if aturan.skala is not None:
        out += ["", "## Skala", ""]
        out += _tabel(["Nilai", "Kategori", "Skor"], [[t.nilai, t.kategori, t.skor] for t in aturan.skala.tingkat])
        out += ["", f"Status {_st(aturan.skala.status)}. Sumber: {aturan.skala.sumber}", ""]
    else:
        out.append("")
    out += ["## Perhitungan dan predikat", ""]
    out += _langkah_berbobot(aturan) if aturan.metode == "jumlah_berbobot" else [
        f"1. Rasio keuangan dihitung dalam persen, lalu dibulatkan sebelum dipitakan: "
        f"{pb.rasio.cara.replace('_', ' ')}, {pb.rasio.desimal} desimal (status {_st(pb.rasio.status)}; "
        f"sumber: {pb.rasio.sumber}).",
        "2. Indikator kuesioner: setiap butir Terpenuhi = "
        f"{aturan.kuesioner.jawaban.get('terpenuhi', 1)}, Tidak Terpenuhi = "
        f"{aturan.kuesioner.jawaban.get('tidak_terpenuhi', 0)}; rasio = butir terpenuhi / jumlah butir × 100.",
        "3. Setiap indikator mendapat Nilai dari pitanya, lalu Skor menurut skala.",
        "4. Skor aspek = Σ skor indikator / (4 × jumlah indikator) × 100, "
        f"{pb.aspek.cara.replace('_', ' ')} {pb.aspek.desimal} desimal (status {_st(pb.aspek.status)}; "
        f"sumber: {pb.aspek.sumber}).",
        "5. Nilai akhir = " + " + ".join(f"{_g(a.bobot.nilai / 100)} × {a.kode}" for a in aturan.aspek)
        + f", {pb.nilai_akhir.cara.replace('_', ' ')} {pb.nilai_akhir.desimal} desimal "
          f"(status {_st(pb.nilai_akhir.status)}; sumber: {pb.nilai_akhir.sumber}).",
        "6. Predikat dari nilai akhir:",
        "",
    ]
    out += _tabel_pita(aturan, aturan.predikat.pita, "", kategori=False)
    if aturan.kuesioner.pita is not None:
        out += ["", "### Pita kuesioner", ""]
        out += _tabel_pita(aturan, aturan.kuesioner.pita)
    if aturan.turunan:
        out += ["", "### Besaran turunan aturan ini", ""]
        out += _tabel(["Nama", "Label", "Rumus", "Status", "Sumber"],
                      [[f"`{nm}`", t.label, " + ".join(f"{_g(c)} × `{k}`" for k, c in t.komponen.items()),
                        _st(t.status), t.sumber] for nm, t in aturan.turunan.items()])
    out += ["", f"Temuan dalam berita acara: {aturan.temuan.uraian}."]
    out += ["", "### Bobot di dalam CAR", ""]
    for judul, pb_ in (("Modal tertimbang (bobot pengakuan)", aturan.modal_tertimbang),
                       ("Aset tertimbang menurut risiko (bobot risiko)", aturan.atmr)):
        out += [f"{judul}, status {_st(pb_.status)}. Sumber: {pb_.sumber}", ""]
        out += _tabel(["Isian", "Label", "Bobot", "Status", "Sumber"],
                      [[f"`{k}`", aturan.label_medan(k), f"{_g(v)} %", _st(pb_.status_dari(k)), pb_.sumber_dari(k)]
                       for k, v in pb_.bobot.items()])
        out.append("")
    if aturan.istilah:
        out += ["## Istilah", "", "Label isian yang dipakai aturan ini (nama isian kanonik tetap sama):", ""]
        out += _tabel(["Isian", "Label"], [[f"`{k}`", v] for k, v in aturan.istilah.items()])
        out.append("")
    out += ["## Indikator", ""]
    for a in aturan.aspek:
        out += [f"### {a.kode}. {a.nama} (bobot {_g(a.bobot.nilai)} %)", ""]
        for k in a.komponen:
            out += _md_komponen(aturan, k, 4)
    if aturan.alternatif:
        out += ["## Bacaan alternatif", "",
                "Bacaan lain metode yang diketahui. Uji ketahanan (`kk.uji_ketahanan`, `assess --ketahanan`) "
                "menilai setiap koperasi di bawah setiap bacaan, satu per satu; bacaan tidak mengubah penilaian "
                "bawaan.", ""]
        out += _tabel(["Id", "Bacaan", "Mengganti", "Sumber"],
                      [[f"`{a.id}`", a.uraian, ", ".join(a.sasaran), a.sumber] for a in aturan.alternatif])
        out.append("")
    out += ["## Daftar nilai sementara", "",
            f"{len(sementara)} nilai berstatus sementara. Periksa terhadap kertas kerja resmi bila tersedia.", ""]
    out += _tabel(["No.", "Kunci", "Uraian", "Sumber"],
                  [[i + 1, f"`{s.kunci}`", s.uraian, s.sumber] for i, s in enumerate(sementara)])
    out += ["", "## Sumber pustaka", ""]
    out += _tabel(["Kode", "Sumber"], [[k, v] for k, v in aturan.sumber_pustaka.items()])
    out.append("")
    return "\n".join(out)


def indeks_metodologi(daftar: list[Aturan]) -> str:
    """``docs/metodologi/README.md``: one line per rule set, linking its page."""
    out = [
        "# Metodologi penilaian",
        "",
        f"<!-- Dibuat otomatis oleh {GENERATOR}. Jangan disunting. -->",
        "",
        "Satu halaman per aturan bawaan, dibuat dari berkas aturannya (`src/kesehatan_koperasi/rulesets/`). "
        "Setelah mengubah berkas aturan, jalankan:",
        "",
        "```",
        f"python {GENERATOR}",
        "```",
        "",
        "Uji `tests/test_docs_metodologi.py` gagal bila halaman yang tersimpan tidak sama dengan hasil "
        "pembuatan ulang.",
        "",
    ]
    out += _tabel(["Aturan", "Judul", "Jenis koperasi", "Berlaku mulai", "Versi", "Nilai sementara"],
                  [[f"[{x.nama}]({x.nama}.md)", x.judul, ", ".join(x.jenis_koperasi), x.berlaku_mulai.isoformat(),
                    x.versi, len(daftar_sementara(x))] for x in daftar])
    out.append("")
    return "\n".join(out)


