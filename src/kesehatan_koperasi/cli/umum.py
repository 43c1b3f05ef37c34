"""What every command module of the CLI shares: exit codes, messages, the shared options and the
JSON printer.

A command module has one function ``daftar(sub)`` that adds its subcommands to the argparse
sub-parser collection ``sub`` with :func:`perintah`, and a handler per subcommand that takes the
parsed arguments and returns the exit code. Options are added only where they act.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from ..errors import masalah_json

__all__ = ["EXIT_DEFECT", "EXIT_INPUT", "EXIT_OK", "EXIT_USAGE", "cetak_json", "masalah_json", "perintah",
           "pilihan_aturan", "pipa_tertutup", "say"]

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_DEFECT = 0, 1, 2, 3

Handler = Callable[[argparse.Namespace], int]


def say(text: str) -> None:
    """A message for the user, on stderr."""
    print(text, file=sys.stderr)


def pipa_tertutup() -> None:
    """The reader of stdout has gone (``kesehatan-koperasi … | head``): the rest of the output goes
    to the null device, so that neither this write nor the flush at exit raises again."""
    try:
        nol = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nol, sys.stdout.fileno())
        os.close(nol)
    except (OSError, ValueError, AttributeError):   # stdout without a file descriptor (a test's capture)
        pass


def cetak_json(data: Any) -> None:
    """Machine output on stdout (UTF-8, keys in the order given); a closed pipe is no error."""
    try:
        print(json.dumps(data, ensure_ascii=False, default=str), flush=True)
    except BrokenPipeError:
        pipa_tertutup()


def perintah(sub: Any, nama: str, handler: Handler, ringkas: str, contoh: list[str],
             keterangan: str | None = None) -> argparse.ArgumentParser:
    """Add subcommand ``nama``: one-line help, a description and examples in its ``--help``,
    ``--format`` (every command has it) and the handler it runs."""
    epilog = "contoh:\n" + "\n".join(f"  kesehatan-koperasi {c}" for c in contoh)
    sp = sub.add_parser(nama, help=ringkas, description=keterangan or (ringkas[0].upper() + ringkas[1:] + "."),
                        epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    sp.add_argument("--format", choices=("teks", "json"), default="teks",
                    help="json: keluaran untuk mesin di stdout (juga bila masukan bermasalah); "
                         "teks: ringkasan untuk manusia (bawaan)")
    sp.set_defaults(jalankan=handler)
    return sp


def pilihan_aturan(sp: argparse.ArgumentParser, tercatat: bool = True) -> None:
    """``--rules``; with ``tercatat`` (commands that read filled worksheets) also
    ``--menurut-tanggal`` and ``--abaikan-aturan-tercatat``."""
    sp.add_argument("--rules", default=None, metavar="NAMA|BERKAS",
                    help="aturan penilaian: nama bawaan atau jalur berkas YAML (bawaan: aturan yang tercatat "
                         "di kertas kerja, atau yang dipilih menurut jenis koperasi)")
    if tercatat:
        sp.add_argument("--menurut-tanggal", action="store_true",
                        help="tanpa --rules: pilih aturan yang berlaku pada tanggal pemeriksaan")
        sp.add_argument("--abaikan-aturan-tercatat", action="store_true",
                        help="pakai --rules walaupun berbeda dari aturan yang tercatat di kertas kerja")
