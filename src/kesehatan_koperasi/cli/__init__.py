"""Command line: ``kesehatan-koperasi`` (also ``python -m kesehatan_koperasi``), spec ``api.md``.

Exit codes: 0 success, 1 the input has problems (validation errors, or some batch rows failed),
2 a usage error (a bad rule file, an option that does not exist, no Pango for the PDFs), 3 an
internal defect. Messages and help in Indonesian on stderr, argparse's own strings included;
machine output (``--format json``, every command) on stdout — for bad input
``{"sah": false, "masalah": [...]}``. Output is UTF-8 whatever the console's code page. No
traceback reaches the user.

Each command lives in a module with one registration function ``daftar(sub)``
(:data:`MODUL_PERINTAH`); adding a command is adding a module to that list.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__
from ..errors import KesehatanKoperasiError, RulesError, masalah_json
from . import kantor, kertas_kerja, lain, layanan, massal, rules
from .bahasa import berbahasa_indonesia
from .umum import EXIT_DEFECT, EXIT_INPUT, EXIT_OK, EXIT_USAGE, cetak_json, pipa_tertutup, say

__all__ = ["EXIT_DEFECT", "EXIT_INPUT", "EXIT_OK", "EXIT_USAGE", "MODUL_PERINTAH", "main"]

#: The modules that register commands, in the order of the help.
MODUL_PERINTAH = (kertas_kerja, massal, rules, lain, kantor, layanan)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        say(f"kesalahan penggunaan: {message}")
        raise _Penggunaan(message)


class _Penggunaan(Exception):
    """A usage error found by argparse (exit code 2)."""


def _parser() -> argparse.ArgumentParser:
    with berbahasa_indonesia():
        p = _Parser(prog="kesehatan-koperasi",
                    description="Pemeriksaan kesehatan koperasi simpan pinjam (Permenkop UKM 9/2020, Juknis 15/2021).",
                    epilog="contoh:\n  kesehatan-koperasi contoh contoh.xlsx\n"
                           "  kesehatan-koperasi assess contoh.xlsx --out hasil/\n"
                           "  kesehatan-koperasi PERINTAH --help\n\n"
                           "kode keluar: 0 berhasil, 1 masukan bermasalah, 2 kesalahan penggunaan, 3 kesalahan internal",
                    formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                       help="tampilkan versi program lalu keluar")
        sub = p.add_subparsers(dest="perintah", metavar="PERINTAH", parser_class=_Parser, title="perintah")
        for modul in MODUL_PERINTAH:
            modul.daftar(sub)
    return p


def _utf8() -> None:
    """stdout and stderr in UTF-8 whatever the console's code page (cp1252 on many Windows
    laptops cannot write →, Σ, ≤); characters that still cannot be written are replaced."""
    for s in (sys.stdout, sys.stderr):
        enc = (getattr(s, "encoding", None) or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(s, "reconfigure"):
            try:
                s.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):  # a closed or unusual stream: leave it
                pass


def _mau_json(argv: Sequence[str]) -> bool:
    argv = list(argv)
    return "--format=json" in argv or any(a == "--format" and b == "json" for a, b in itertools.pairwise(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    _utf8()
    argv = list(sys.argv[1:] if argv is None else argv)
    json_diminta = _mau_json(argv)
    try:
        with berbahasa_indonesia():
            pengurai = _parser()
            args = pengurai.parse_args(argv)
            args.pengurai = pengurai   # for commands that describe the CLI itself (completion)
    except _Penggunaan as e:
        if json_diminta:
            cetak_json({"sah": False, "masalah": [{"pesan": f"kesalahan penggunaan: {e}"}]})
        return EXIT_USAGE
    except SystemExit as e:   # --help, --version
        return int(e.code or 0)
    if not args.perintah:
        with berbahasa_indonesia():
            _parser().print_help(sys.stderr)
        return EXIT_USAGE
    return _jalankan(args, json_diminta)


def _jalankan(args: argparse.Namespace, json_diminta: bool) -> int:
    from ..outputs.pdf.render import PangoError

    def gagal(e: BaseException, kode: int, pesan: str | None = None) -> int:
        say(pesan or str(e))
        if json_diminta:
            berkas = getattr(args, "kertas_kerja", None) or getattr(args, "masukan", None)
            cetak_json(({"berkas": berkas} if berkas else {}) | {"sah": False, "masalah": masalah_json(e)}
                       | ({"galat": "internal"} if kode == EXIT_DEFECT else {}))
        return kode

    try:
        return int(args.jalankan(args))
    except (RulesError, PangoError) as e:
        return gagal(e, EXIT_USAGE)
    except KesehatanKoperasiError as e:
        return gagal(e, EXIT_INPUT)
    except KeyboardInterrupt:
        say("Dihentikan oleh pengguna.")
        return 130
    except BrokenPipeError:          # e.g. `kesehatan-koperasi rules NAMA | head`
        pipa_tertutup()
        return EXIT_OK
    except OSError as e:
        return gagal(e, EXIT_INPUT, f"Berkas tidak dapat dibaca atau ditulis: {e.filename or ''} ({e.strerror or e})")
    except Exception as e:  # a defect: say so briefly; KK_DEBUG=1 shows the traceback
        if os.environ.get("KK_DEBUG"):
            raise
        return gagal(e, EXIT_DEFECT, f"Kesalahan internal ({type(e).__name__}: {e}). Ini cacat program, bukan "
                                     "kesalahan masukan: jalankan ulang dengan KK_DEBUG=1 untuk rinciannya dan "
                                     "laporkan kepada pengembang.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
