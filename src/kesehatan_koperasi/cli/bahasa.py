"""argparse in Indonesian: its own strings ("usage:", "the following arguments are required", …)
translated while the command line parses and prints help.

argparse looks its strings up through ``argparse._`` and ``argparse.ngettext`` (gettext) at the
moment it needs them; :func:`berbahasa_indonesia` swaps both for the table below and restores them
afterwards, so a notebook that uses argparse for something else is not affected.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

TERJEMAHAN = {
    "usage: ": "cara pakai: ",
    "positional arguments": "argumen posisi",
    "options": "pilihan",
    "optional arguments": "pilihan",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: kesalahan: %(message)s\n",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "expected one argument": "memerlukan satu nilai",
    "expected at most one argument": "memerlukan paling banyak satu nilai",
    "expected at least one argument": "memerlukan paling sedikit satu nilai",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "pilihan taksa: %(option)s dapat berarti %(matches)s",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "argumen eksplisit %r diabaikan",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "unexpected option string: %s": "pilihan tak terduga: %s",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "perintah tidak dikenal %(parser_name)r (pilihan: %(choices)s)",
    "expected %s argument": "memerlukan %s nilai",
    "expected %s arguments": "memerlukan %s nilai",
    "subcommands": "perintah",
}


def terjemahkan(teks: str) -> str:
    """The Indonesian of one argparse string (the string itself when it has none)."""
    return TERJEMAHAN.get(teks, teks)


def _ngettext(satu: str, banyak: str, n: int) -> str:
    return terjemahkan(satu if n == 1 else banyak)


@contextlib.contextmanager
def berbahasa_indonesia() -> Iterator[None]:
    """argparse speaks Indonesian inside the ``with`` block."""
    lama = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = terjemahkan, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = lama  # type: ignore[attr-defined]
