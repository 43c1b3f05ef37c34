"""Command line: ``kesehatan-koperasi`` (also ``python -m kesehatan_koperasi``), spec ``api.md``.

Exit codes: 0 success, 1 the input has problems (validation errors, or some batch rows
failed), 2 a usage error. Messages in Indonesian on stderr; machine output (``--format json``)
on stdout. No traceback reaches the user for a problem in the input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from .. import __version__
from ..errors import KesehatanKoperasiError, RulesError, WorksheetError

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _jenis() -> tuple[str, ...]:
    import typing

    from ..model import Jenis

    return typing.get_args(Jenis)


_JENIS = _jenis()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        _say(f"kesalahan penggunaan: {message}")
        sys.exit(EXIT_USAGE)


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="kesehatan-koperasi",
                description="Pemeriksaan kesehatan koperasi simpan pinjam (Permenkop UKM 9/2020, Juknis 15/2021).")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="perintah", metavar="PERINTAH", parser_class=_Parser)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--rules", default=None, metavar="NAMA|BERKAS",
                        help="aturan penilaian: nama bawaan atau jalur berkas YAML (bawaan: aturan yang tercatat "
                             "di kertas kerja, atau yang dipilih menurut jenis koperasi dari jenis_koperasi dan masa "
                             "berlaku berkas aturan bawaan)")
        sp.add_argument("--menurut-tanggal", action="store_true",
                        help="tanpa --rules: pilih aturan yang berlaku pada tanggal pemeriksaan "
                             "(berlaku_mulai/berlaku_sampai berkas aturan)")
        sp.add_argument("--abaikan-aturan-tercatat", action="store_true",
                        help="pakai --rules walaupun berbeda dari aturan yang tercatat di kertas kerja")
        sp.add_argument("--format", choices=("teks", "json"), default="teks",
                        help="keluaran untuk mesin di stdout (json) atau ringkasan untuk manusia (teks)")

    sp = sub.add_parser("template", help="tulis kertas kerja kosong (.xlsx)")
    sp.add_argument("keluaran", metavar="OUT.xlsx")
    sp.add_argument("--jenis", choices=_JENIS, default=None,
                    help=f"jenis koperasi; aturannya dipilih dari jenis_koperasi berkas aturan (bawaan: {_JENIS[0]})")
    common(sp)

    sp = sub.add_parser("validate", help="periksa kertas kerja yang sudah diisi; tampilkan setiap masalah")
    sp.add_argument("kertas_kerja", metavar="KERTAS_KERJA")
    common(sp)

    sp = sub.add_parser("assess", help="nilai satu kertas kerja; tulis hasil.json, hasil.xlsx dan dokumen PDF")
    sp.add_argument("kertas_kerja", metavar="KERTAS_KERJA")
    sp.add_argument("--out", required=True, metavar="FOLDER")
    sp.add_argument("--tanpa-dokumen", action="store_true", help="jangan buat sertifikat dan berita acara")
    sp.add_argument("--kantor", metavar="BERKAS", help="profil kantor penerbit (YAML; contoh: profil contoh bawaan)")
    sp.add_argument("--nomor", metavar="NOMOR", help="nomor sertifikat (bawaan: nomor berikutnya dari buku agenda)")
    common(sp)

    sp = sub.add_parser("batch", help="nilai banyak koperasi: folder kertas kerja atau tabel CSV/XLSX/Parquet")
    sp.add_argument("masukan", metavar="MASUKAN")
    sp.add_argument("--out", required=True, metavar="FOLDER")
    sp.add_argument("--dokumen", action="store_true", help="buat juga sertifikat dan berita acara per koperasi")
    sp.add_argument("--proses", type=int, default=None, metavar="N", help="jumlah proses paralel")
    sp.add_argument("--kantor", metavar="BERKAS", help="pengaturan kantor penerbit (YAML)")
    common(sp)

    sp = sub.add_parser("rules", help="daftar aturan penilaian, tampilkan satu aturan, atau bandingkan: rules diff A B")
    sp.add_argument("nama", nargs="?", metavar="NAMA|BERKAS|diff")
    sp.add_argument("lain", nargs="*", help=argparse.SUPPRESS)
    common(sp)

    sp = sub.add_parser("pertimbangan",
                        help="periksa permohonan pertimbangan teknis; tulis hasil-permohonan.json dan surat PDF")
    sp.add_argument("permohonan", metavar="PERMOHONAN.xlsx")
    sp.add_argument("--out", required=True, metavar="FOLDER")
    sp.add_argument("--kantor", metavar="BERKAS", help="pengaturan kantor penerbit (YAML)")
    sp.add_argument("--hasil", metavar="hasil.json", help="ambil hasil pemeriksaan kesehatan dari hasil penilaian")
    common(sp)

    sp = sub.add_parser("template-permohonan", help="tulis daftar periksa permohonan pertimbangan teknis kosong")
    sp.add_argument("keluaran", metavar="OUT.xlsx")
    sp.add_argument("--layanan", required=True,
                    choices=("iusp", "kantor_cabang", "kantor_cabang_pembantu", "kantor_kas"))
    common(sp)

    from .kantor import tambah_perintah

    tambah_perintah(sub, common)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = _parser().parse_args(argv)
    if not args.perintah:
        _parser().print_help(sys.stderr)
        return EXIT_USAGE
    handler = globals()[f"_cmd_{args.perintah.replace('-', '_')}"]
    try:
        return int(handler(args))
    except RulesError as e:
        _say(str(e))
        return EXIT_USAGE
    except WorksheetError as e:
        _say(str(e))
        return EXIT_INPUT
    except KesehatanKoperasiError as e:
        _say(str(e))
        return EXIT_INPUT
    except KeyboardInterrupt:
        _say("Dihentikan oleh pengguna.")
        return 130
    except BrokenPipeError:          # e.g. `kesehatan-koperasi rules NAMA | head`
        sys.stdout = open(os.devnull, "w")
        return EXIT_OK
    except OSError as e:
        _say(f"Berkas tidak dapat dibaca atau ditulis: {e.filename or ''} ({e.strerror or e})")
        return EXIT_INPUT
    except Exception as e:  # a defect: say so briefly; KK_DEBUG=1 shows the traceback
        if os.environ.get("KK_DEBUG"):
            raise
        _say(f"Kesalahan internal ({type(e).__name__}: {e}). Jalankan ulang dengan KK_DEBUG=1 untuk rinciannya "
             "dan laporkan kepada pengembang.")
        return EXIT_INPUT


def _rules_arg(args: argparse.Namespace) -> str | None:
    """The rule set asked for with --rules; None = chosen from the cooperative's jenis."""
    return args.rules


def _read(path: str, rules: str | None, menurut_tanggal: bool = False,
          abaikan_aturan_tercatat: bool = False) -> tuple[Any, Any]:
    """Read a worksheet — ``.xlsx`` (the examiner's workbook) or ``.json`` (a KertasKerja) — and
    the rule set to assess it with: ``--rules``, else the one the workbook records, else resolved
    from its jenis (and examination date). Warnings (a recorded built-in set that changed since)
    go to stderr."""
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
        _say(f"Peringatan: {w.message}")
    return ws, ws._aturan


def _cmd_validate(args: argparse.Namespace) -> int:
    from ..api import assess

    ws, rules = _read(args.kertas_kerja, _rules_arg(args), args.menurut_tanggal, args.abaikan_aturan_tercatat)
    hasil = assess(ws, rules=rules)   # also checks that every item of the rule set is answered
    if args.format == "json":
        print(json.dumps({"berkas": args.kertas_kerja, "sah": True, "masalah": []}, ensure_ascii=False))
    _say(f"Kertas kerja {args.kertas_kerja} sah: {len(hasil.indikator)} indikator dapat dinilai "
         f"dengan aturan {rules.nama} versi {rules.versi}.")
    return EXIT_OK


def _cmd_assess(args: argparse.Namespace) -> int:
    from ..api import assess
    from ..outputs.write import write_outputs
    from .summary import print_summary

    ws, rules = _read(args.kertas_kerja, _rules_arg(args), args.menurut_tanggal, args.abaikan_aturan_tercatat)
    hasil = assess(ws, rules=rules)
    written = write_outputs(hasil, Path(args.out), dokumen=not args.tanpa_dokumen, kantor=args.kantor, nomor=args.nomor)
    if args.format == "json":
        print(hasil.to_json())
    else:
        print_summary(hasil, sys.stdout)
        for p in written:
            print(f"  ditulis: {p}")
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace) -> int:
    from .rules import perintah_rules

    if args.nama == "diff":
        if len(args.lain) != 2:
            _say("kesalahan penggunaan: rules diff A B")
            return EXIT_USAGE
        return perintah_rules(args.lain[0], args.lain[1], args.format)
    if args.lain:
        _say("kesalahan penggunaan: terlalu banyak argumen untuk 'rules'")
        return EXIT_USAGE
    return perintah_rules(args.nama or args.rules, None, args.format)


def _cmd_template(args: argparse.Namespace) -> int:
    from ..rules.resolve import aturan_atau_pilih
    from ..worksheet import write_template

    aturan = aturan_atau_pilih(_rules_arg(args), args.jenis)
    path = write_template(args.keluaran, rules=aturan)
    _say(f"Kertas kerja kosong ditulis: {path} (aturan {aturan.nama} versi {aturan.versi}, tercatat di berkas)")
    return EXIT_OK


def _cmd_batch(args: argparse.Namespace) -> int:
    from ..batch import run_batch

    return run_batch(args.masukan, Path(args.out), rules=_rules_arg(args), dokumen=args.dokumen,
                     proses=args.proses, kantor=args.kantor, format=args.format,
                     menurut_tanggal=args.menurut_tanggal, abaikan_aturan_tercatat=args.abaikan_aturan_tercatat)


def _cmd_pertimbangan(args: argparse.Namespace) -> int:
    from ..pertimbangan.perintah import perintah_pertimbangan

    return perintah_pertimbangan(args.permohonan, args.out, args.kantor, args.hasil)


def _cmd_template_permohonan(args: argparse.Namespace) -> int:
    from ..pertimbangan import tulis_templat_permohonan

    path = tulis_templat_permohonan(args.keluaran, args.layanan)
    _say(f"Daftar periksa permohonan kosong ditulis: {path}")
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from .kantor import perintah_verify

    return perintah_verify(args)


def _cmd_kantor(args: argparse.Namespace) -> int:
    from .kantor import perintah_kantor

    return perintah_kantor(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
