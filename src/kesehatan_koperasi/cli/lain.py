"""Commands around the assessment: ``pertimbangan``, ``template-permohonan``, ``info``
and ``completion`` (shell completion)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .umum import EXIT_OK, cetak_json, perintah, say

LAYANAN = ("iusp", "kantor_cabang", "kantor_cabang_pembantu", "kantor_kas")


def daftar(sub: Any) -> None:
    """Register ``pertimbangan``, ``template-permohonan``, ``info``, ``completion``."""
    sp = perintah(sub, "pertimbangan", _pertimbangan,
                  "periksa permohonan pertimbangan teknis; tulis hasil-permohonan.json dan surat PDF",
                  ["pertimbangan permohonan.xlsx --out surat/",
                   "pertimbangan permohonan.xlsx --out surat/ --hasil hasil/hasil.json --kantor kantor.yaml"])
    sp.add_argument("permohonan", metavar="PERMOHONAN.xlsx")
    sp.add_argument("--out", required=True, metavar="FOLDER", help="folder keluaran (dibuat bila belum ada)")
    sp.add_argument("--kantor", metavar="BERKAS", help="pengaturan kantor penerbit (YAML)")
    sp.add_argument("--hasil", metavar="hasil.json", help="ambil hasil pemeriksaan kesehatan dari hasil penilaian")
    sp.add_argument("--libur", metavar="TANGGAL[,TANGGAL…]", type=_daftar_tanggal, default=[],
                    help="hari libur tambahan, dipisah koma (31-03-2025 atau 2025-03-31), di samping libur nasional, "
                         "cuti bersama dan libur_tambahan kantor")

    sp = perintah(sub, "template-permohonan", _template_permohonan,
                  "tulis daftar periksa permohonan pertimbangan teknis kosong",
                  ["template-permohonan permohonan.xlsx --layanan kantor_cabang"])
    sp.add_argument("keluaran", metavar="OUT.xlsx")
    sp.add_argument("--layanan", required=True, choices=LAYANAN, help="layanan yang dimohon")
    sp.add_argument("--timpa", action="store_true", help="timpa berkas yang sudah ada")

    perintah(sub, "info", _info, "versi paket, aturan bawaan, WeasyPrint dan Pango",
             ["info", "info --format json"])

    sp = perintah(sub, "completion", _completion, "tulis skrip pelengkapan otomatis (tab) untuk shell",
                  ["completion bash > ~/.local/share/bash-completion/completions/kesehatan-koperasi",
                   "completion zsh >> ~/.zshrc"])
    sp.add_argument("shell", choices=("bash", "zsh"))


def _pertimbangan(args: argparse.Namespace) -> int:
    from ..pertimbangan.perintah import perintah_pertimbangan

    return perintah_pertimbangan(args.permohonan, args.out, args.kantor, args.hasil, format=args.format,
                                 libur=args.libur)


def _daftar_tanggal(teks: str) -> list[Any]:
    """``--libur``: dates separated by commas (any form the worksheet accepts: 31-03-2025, 2025-03-31)."""
    from ..inputs.cells import FormatSalah, parse_tanggal

    out = []
    for bagian in teks.split(","):
        if not bagian.strip():
            continue
        try:
            out.append(parse_tanggal(bagian.strip()))
        except FormatSalah:
            raise argparse.ArgumentTypeError(f"bukan tanggal: '{bagian.strip()}' (contoh: 31-03-2025)") from None
    return out


def _template_permohonan(args: argparse.Namespace) -> int:
    from ..pertimbangan import tulis_templat_permohonan
    from .kertas_kerja import periksa_keluaran

    p = periksa_keluaran(args.keluaran, (".xlsx",), args.timpa)
    path = tulis_templat_permohonan(p, args.layanan)
    if args.format == "json":
        cetak_json({"sah": True, "berkas": str(path), "layanan": args.layanan})
    say(f"Daftar periksa permohonan kosong ditulis: {path}")
    return EXIT_OK


def keterangan_info() -> dict[str, Any]:
    """What ``info`` reports: versions of the package, Python, the rule sets, WeasyPrint and Pango."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__
    from ..outputs.pdf.render import versi_pango
    from ..rules import builtin_rules, load_rules

    aturan = []
    for n in builtin_rules():
        try:
            r = load_rules(n)
            aturan.append({"nama": n, "versi": r.versi, "judul": r.judul})
        except Exception as e:  # listed, not fatal: info must work on a broken install
            aturan.append({"nama": n, "galat": str(e)})

    def ver(paket: str) -> str | None:
        try:
            return version(paket)
        except PackageNotFoundError:
            return None

    return {"paket": "kesehatan-koperasi", "versi": __version__, "python": platform.python_version(),
            "sistem": platform.platform(), "aturan": aturan, "weasyprint": ver("weasyprint"), "pango": versi_pango(),
            "opsional": {p: ver(p) for p in ("pyarrow", "matplotlib")}}


def _info(args: argparse.Namespace) -> int:
    d = keterangan_info()
    if args.format == "json":
        cetak_json(d)
        return EXIT_OK
    print(f"{d['paket']} {d['versi']} (Python {d['python']}, {d['sistem']})")
    print("Aturan bawaan:")
    for a in d["aturan"]:
        print(f"  {a['nama']:24} " + (f"versi {a['versi']}" if "versi" in a else f"TIDAK DAPAT DIMUAT: {a['galat']}"))
    print(f"WeasyPrint: {d['weasyprint'] or 'tidak terpasang'}")
    print(f"Pango: {d['pango'] or 'tidak dapat dimuat (dokumen PDF tidak dapat dibuat; lihat README, bagian Windows)'}")
    for p, v in d["opsional"].items():
        print(f"{p}: {v or 'tidak terpasang (opsional)'}")
    return EXIT_OK


def _completion(args: argparse.Namespace) -> int:
    from .lengkap import skrip

    sys.stdout.write(skrip(args.pengurai, args.shell))
    return EXIT_OK
