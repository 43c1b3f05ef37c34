"""Write ``docs/glosarium.md``: every canonical field, derived quantity and result column, with
its Indonesian name, definition and unit, generated from :mod:`kesehatan_koperasi.fields`.

    python scripts/buat_glosarium.py            # (re)write the page
    python scripts/buat_glosarium.py --periksa  # only check; exit 1 when the page is stale

``tests/test_docs_glosarium.py`` fails when the committed page differs from a fresh rendering.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kesehatan_koperasi import fields as F
from kesehatan_koperasi.rules import builtin_rules, load_rules

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "glosarium.md"
_KELOMPOK = {"aset": "Neraca — aset", "kewajiban": "Neraca — kewajiban", "ekuitas": "Neraca — ekuitas",
             "kolektibilitas": "Kolektibilitas pinjaman", "phu": "Perhitungan hasil usaha",
             "tambahan": "Isian tambahan (hanya untuk aturan yang memakainya)"}


def _rumus(combo: dict[str, float]) -> str:
    parts = []
    for i, (src, c) in enumerate(combo.items()):
        sign = "−" if c < 0 else ("+" if i else "")
        k = abs(c)
        parts.append(f"{sign} {'' if k == 1 else f'{k:g} × '}`{src}`".strip())
    return " ".join(parts)


def halaman() -> str:
    aturan = [load_rules(n) for n in builtin_rules()]
    out = ["# Glosarium isian", "",
           "<!-- Dibuat otomatis oleh scripts/buat_glosarium.py dari src/kesehatan_koperasi/fields.py. "
           "Jangan disunting. -->", "",
           "Nama kanonik dipakai sama di kertas kerja (kolom Kode), model `KertasKerja`, tabel `assess_frame` "
           "dan pengujian. Setiap isian jumlah juga ada untuk tahun sebelumnya dengan akhiran `_lalu` "
           "(misalnya `kas_lalu`). Semua jumlah dalam rupiah, diisi positif kecuali yang disebut boleh negatif.",
           ""]
    for grp, judul in _KELOMPOK.items():
        rows = [f for f in F.AMOUNT_FIELDS + F.OPTIONAL_FIELDS if f.group == grp]
        out += [f"## {judul}", "", "| Nama | Label | Definisi | Satuan | Catatan |", "|---|---|---|---|---|"]
        for f in rows:
            note = "boleh negatif" if f.may_be_negative else "≥ 0"
            if grp == "tambahan":
                pakai = [a.nama for a in aturan if f.name in a.medan_tambahan()]
                note += "; dipakai: " + (", ".join(pakai) or "–") + "; tahun buku saja"
            out.append(f"| `{f.name}` | {f.label} | {F.DEFINISI.get(f.name, '')} | Rp | {note} |")
        out.append("")
    out += ["## Keanggotaan dan RAT", "", "| Nama | Definisi | Satuan |", "|---|---|---|"]
    for name in F.MEMBER_FIELDS:
        out.append(f"| `{name}` | {F.DEFINISI.get(name, '')} | orang |")
    out += ["| `tanggal_rat` | Tanggal RAT yang mengesahkan laporan tahun buku (boleh kosong). | tanggal |", ""]
    out += ["## Besaran turunan (dihitung pustaka, tidak diisi)", "",
            "| Nama | Label | Rumus | Satuan |", "|---|---|---|---|"]
    for name, combo in F.DERIVED.items():
        out.append(f"| `{name}` | {F.DERIVED_LABELS.get(name, name)} | {_rumus(combo)} | Rp |")
    out += ["| `modal_tertimbang` | Modal tertimbang | Σ pos ekuitas × bobot pengakuan (berkas aturan) | Rp |",
            "| `atmr` | Aset tertimbang menurut risiko | Σ pos aset × bobot risiko (berkas aturan) | Rp |", ""]
    for a in aturan:
        if a.turunan:
            out += [f"Besaran turunan khusus aturan `{a.nama}`:", "", "| Nama | Label | Rumus |", "|---|---|---|"]
            out += [f"| `{n}` | {t.label} | {_rumus(t.komponen)} |" for n, t in a.turunan.items()]
            out.append("")
    out += ["## Kuesioner", "",
            "Satu kolom per butir dengan kode butir (`A.1.1.a`): 1 = Terpenuhi, 0 = Tidak Terpenuhi. Daftar butir "
            "setiap aturan ada di halaman metodologi (`docs/metodologi/`).", "",
            "## Kolom hasil `assess_frame`", "", "| Kolom | Isi | Satuan |", "|---|---|---|",
            "| `aturan` | Nama aturan yang dipakai untuk baris itu | – |",
            "| `nilai_akhir` | Nilai akhir berbobot (3 desimal; Perdep 06/2016: 2 desimal) | skor 0–100 |",
            "| `predikat` | Sehat, Cukup Sehat, Dalam Pengawasan, Dalam Pengawasan Khusus | – |",
            "| `aspek.<kode>` | Skor aspek (Juknis: 1 desimal, 25–100; Perdep: jumlah skor komponen) | skor |",
            "| `nilai.<kode>` | Nilai indikator (Juknis: 1–4; Perdep: 0–100) | – |",
            "| `rasio.<kode>` | Rasio dalam persen, 2 desimal; kosong bila kuesioner atau tak terdefinisi; ±∞ bila "
            "penyebut nol | % |",
            "| `peringatan` | Rasio tak terdefinisi atau tak hingga, per indikator | – |",
            "| `galat` | Mengapa baris tidak dinilai (kosong bila dinilai) | – |", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Buat docs/glosarium.md dari kesehatan_koperasi.fields.")
    p.add_argument("--periksa", action="store_true")
    args = p.parse_args(argv)
    teks = halaman()
    if args.periksa:
        if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != teks:
            print("basi: docs/glosarium.md; jalankan python scripts/buat_glosarium.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(teks, encoding="utf-8", newline="\n")
    print(f"ditulis: {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
