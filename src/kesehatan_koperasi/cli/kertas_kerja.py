"""Commands on one worksheet: ``template``, ``contoh``, ``validate``, ``assess``."""

from __future__ import annotations

import argparse
import sys
import typing
from pathlib import Path
from typing import Any

from ..errors import KesehatanKoperasiError, Masalah, WorksheetError
from .umum import EXIT_OK, cetak_json, perintah, pilihan_aturan, say


def _jenis() -> tuple[str, ...]:
    from ..model import Jenis

    return typing.get_args(Jenis)


def daftar(sub: Any) -> None:
    """Register ``template``, ``contoh``, ``validate`` and ``assess``."""
    jenis = _jenis()
    sp = perintah(sub, "template", _template, "tulis kertas kerja kosong (.xlsx)",
                  ["template kosong.xlsx", "template kspps.xlsx --jenis KSPPS", "template lama.xlsx --rules perdep-06-2016"],
                  "Tulis kertas kerja kosong untuk diisi pemeriksa. Berkas yang sudah ada tidak ditimpa tanpa --timpa.")
    sp.add_argument("keluaran", metavar="OUT.xlsx")
    sp.add_argument("--jenis", choices=jenis, default=None,
                    help=f"jenis koperasi; aturannya dipilih dari jenis_koperasi berkas aturan (bawaan: {jenis[0]})")
    pilihan_aturan(sp, tercatat=False)
    sp.add_argument("--timpa", action="store_true", help="timpa berkas yang sudah ada")

    from ..contoh import CONTOH

    sp = perintah(sub, "contoh", _contoh, "tulis contoh kertas kerja yang sudah diisi (.xlsx atau .json)",
                  ["contoh contoh.xlsx", "contoh usp.xlsx --nama contoh-usp-cukup-sehat"])
    sp.add_argument("keluaran", metavar="OUT.xlsx")
    sp.add_argument("--nama", choices=tuple(CONTOH), default="contoh-ksp-sehat", help="contoh mana (bawaan: %(default)s)")
    sp.add_argument("--timpa", action="store_true", help="timpa berkas yang sudah ada")

    sp = perintah(sub, "validate", _validate, "periksa kertas kerja yang sudah diisi; tampilkan setiap masalah",
                  ["validate kertas-kerja.xlsx", "validate kertas-kerja.xlsx --format json",
                   "validate kertas-kerja.xlsx --tandai bertanda.xlsx"])
    sp.add_argument("kertas_kerja", metavar="KERTAS_KERJA")
    sp.add_argument("--tandai", metavar="SALINAN.xlsx",
                    help="tulis salinan buku kerja: sel bermasalah diwarnai merah dengan komentar, dan lembar Masalah")
    pilihan_aturan(sp)

    sp = perintah(sub, "assess", _assess, "nilai satu kertas kerja; tulis hasil.json, hasil.xlsx dan dokumen PDF",
                  ["assess kertas-kerja.xlsx --out hasil/", "assess kertas-kerja.json --out hasil/ --tanpa-dokumen",
                   "assess kertas-kerja.xlsx --out hasil/ --kantor kantor.yaml --format json"])
    sp.add_argument("kertas_kerja", metavar="KERTAS_KERJA")
    sp.add_argument("--out", required=True, metavar="FOLDER", help="folder keluaran (dibuat bila belum ada)")
    sp.add_argument("--tanpa-dokumen", action="store_true", help="jangan buat sertifikat dan berita acara")
    sp.add_argument("--kantor", metavar="BERKAS", help="profil kantor penerbit (YAML; \"contoh\": profil contoh bawaan)")
    sp.add_argument("--nomor", metavar="NOMOR", help="nomor sertifikat (bawaan: nomor berikutnya dari buku agenda kantor)")
    sp.add_argument("--ketahanan", action="store_true",
                    help="uji ketahanan: apakah predikat tetap pada setiap bacaan metode yang diketahui")
    pilihan_aturan(sp)


def periksa_keluaran(path: str, ekstensi: tuple[str, ...], timpa: bool) -> Path:
    """``path`` as an output file: the right extension, and not an existing file unless ``timpa``."""
    p = Path(path)
    if p.suffix.lower() not in ekstensi:
        raise KesehatanKoperasiError(f"{path}: berkas keluaran harus berakhiran {' atau '.join(ekstensi)}, "
                                     f"bukan '{p.suffix or '(tanpa akhiran)'}'")
    if p.is_dir():
        raise KesehatanKoperasiError(f"{path} adalah folder; sebutkan nama berkas keluaran")
    if p.exists() and not timpa:
        raise KesehatanKoperasiError(f"{path} sudah ada dan tidak ditimpa; pakai --timpa untuk menimpanya")
    return p


def _template(args: argparse.Namespace) -> int:
    from ..rules.resolve import aturan_atau_pilih
    from ..worksheet import write_template

    p = periksa_keluaran(args.keluaran, (".xlsx",), args.timpa)
    aturan = aturan_atau_pilih(args.rules, args.jenis)
    path = write_template(p, rules=aturan)
    if args.format == "json":
        cetak_json({"sah": True, "berkas": str(path), "aturan": aturan.nama, "versi": aturan.versi})
    say(f"Kertas kerja kosong ditulis: {path} (aturan {aturan.nama} versi {aturan.versi}, tercatat di berkas)")
    return EXIT_OK


def _contoh(args: argparse.Namespace) -> int:
    from ..contoh import kertas_kerja_contoh

    p = periksa_keluaran(args.keluaran, (".xlsx", ".json"), args.timpa)
    ws = kertas_kerja_contoh(args.nama)
    if p.suffix.lower() == ".json":
        from ..outputs.atomic import atomic_write_bytes

        atomic_write_bytes(p, (ws.model_dump_json(indent=2) + "\n").encode("utf-8"))
    else:
        from ..worksheet import write_worksheet

        write_worksheet(ws, p)
    if args.format == "json":
        cetak_json({"sah": True, "berkas": str(p), "contoh": args.nama})
    say(f"Contoh kertas kerja ditulis: {p} ({ws.identitas.nama_koperasi})")
    return EXIT_OK


def baca(path: str, rules: str | None, menurut_tanggal: bool = False,
         abaikan_aturan_tercatat: bool = False) -> tuple[Any, Any]:
    """Read a worksheet — ``.xlsx`` (the examiner's workbook) or ``.json`` (a KertasKerja) — and
    the rule set to assess it with: ``--rules``, else the one the workbook records, else resolved
    from its jenis (and examination date). Warnings go to stderr."""
    import warnings

    from ..rules.resolve import aturan_atau_pilih

    if path.lower().endswith(".json"):
        from ..model import read_json

        ws = read_json(path)
        tanggal = ws.pemeriksaan.tanggal_mulai_pemeriksaan if (menurut_tanggal and ws.pemeriksaan) else None
        return ws, aturan_atau_pilih(rules, ws.identitas.jenis, tanggal)
    from ..worksheet import read_worksheet
    from ..worksheet.pilih import PeringatanAturan

    with warnings.catch_warnings(record=True) as dicatat:
        warnings.simplefilter("always", PeringatanAturan)
        ws = read_worksheet(path, rules=rules, menurut_tanggal=menurut_tanggal,
                            abaikan_aturan_tercatat=abaikan_aturan_tercatat)
    for w in dicatat:
        say(f"Peringatan: {w.message}")
    for m in ws._peringatan:   # plausibility warnings of the reader: listed, scoring goes on
        say(f"Peringatan: {m}")
    return ws, ws._aturan


def _validate(args: argparse.Namespace) -> int:
    from ..api import assess

    if args.tandai:
        periksa_keluaran(args.tandai, (".xlsx",), True)
        if not args.kertas_kerja.lower().endswith(".xlsx"):
            raise KesehatanKoperasiError("--tandai hanya untuk kertas kerja .xlsx")
    try:
        ws, rules = baca(args.kertas_kerja, args.rules, args.menurut_tanggal, args.abaikan_aturan_tercatat)
        hasil = assess(ws, rules=rules)   # also checks that every item of the rule set is answered
    except WorksheetError as e:
        if args.tandai:
            _tandai(args.kertas_kerja, args.tandai, e.masalah)
        raise
    if args.tandai:
        _tandai(args.kertas_kerja, args.tandai, [])
    if args.format == "json":
        cetak_json({"berkas": args.kertas_kerja, "sah": True, "masalah": [],
                    "peringatan": [str(m) for m in ws._peringatan], "aturan": rules.nama, "versi": rules.versi,
                    "indikator": len(hasil.indikator)})
    say(f"Kertas kerja {args.kertas_kerja} sah: {len(hasil.indikator)} indikator dapat dinilai "
        f"dengan aturan {rules.nama} versi {rules.versi}.")
    return EXIT_OK


def _tandai(sumber: str, salinan: str, masalah: list[Masalah]) -> None:
    from ..worksheet.tandai import tandai

    p = tandai(sumber, salinan, masalah)
    say(f"Salinan bertanda ditulis: {p} ({len(masalah)} masalah)")


def _assess(args: argparse.Namespace) -> int:
    from ..api import assess
    from ..outputs.pdf.render import PangoError
    from ..outputs.write import write_outputs
    from .summary import print_summary

    ws, rules = baca(args.kertas_kerja, args.rules, args.menurut_tanggal, args.abaikan_aturan_tercatat)
    hasil = assess(ws, rules=rules, ketahanan=args.ketahanan)
    try:
        written = write_outputs(hasil, Path(args.out), dokumen=not args.tanpa_dokumen, kantor=args.kantor,
                                nomor=args.nomor)
    except PangoError as e:
        for p in getattr(e, "ditulis", []):
            say(f"  ditulis: {p}")
        raise
    if args.format == "json":
        print(hasil.to_json())
    else:
        print_summary(hasil, sys.stdout)
        for p in written:
            print(f"  ditulis: {p}")
    return EXIT_OK
