"""The command ``kesehatan-koperasi rules``: list the rule sets, show one, or compare two.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any, TextIO

from ..rules import builtin_rules, load_rules
from ..rules.diff import _nama_aturan, bandingkan, diff
from ..rules.view import describe
from .umum import EXIT_USAGE, perintah, say


def daftar(sub: Any) -> None:
    """Register ``rules``."""
    sp = perintah(sub, "rules", _rules, "daftar aturan penilaian, tampilkan satu aturan, atau bandingkan: rules diff A B",
                  ["rules", "rules juknis-15-2021", "rules aturan-dinas.yaml --format json",
                   "rules diff juknis-15-2021 aturan-dinas.yaml"])
    sp.add_argument("nama", nargs="?", metavar="NAMA|BERKAS|diff")
    sp.add_argument("lain", nargs="*", help=argparse.SUPPRESS)
    sp.add_argument("--rules", default=None, metavar="NAMA|BERKAS", help="sama dengan NAMA (aturan yang ditampilkan)")


def _rules(args: argparse.Namespace) -> int:
    if args.nama == "diff":
        if len(args.lain) != 2:
            say("kesalahan penggunaan: rules diff A B")
            return EXIT_USAGE
        return perintah_rules(args.lain[0], args.lain[1], args.format)
    if args.lain:
        say("kesalahan penggunaan: terlalu banyak argumen untuk 'rules'")
        return EXIT_USAGE
    return perintah_rules(args.nama or args.rules, None, args.format)


def perintah_rules(nama: str | None, kedua: str | None, format: str, out: TextIO | None = None) -> int:
    """Body of ``kesehatan-koperasi rules``: list, show one set, or compare two.

    Parameters
    ----------
    nama : str or None
        ``None``: list the built-in sets. A built-in name or a rule-file path: show that set.
    kedua : str or None
        With ``nama``: compare ``nama`` (A) with ``kedua`` (B).
    format : {"teks", "json"}
        Readable text, or JSON for machines.
    out : text stream, optional
        Where to write (standard output by default).

    Returns
    -------
    int
        0; 1 when listing and a built-in set cannot be loaded (the others are still listed).

    Raises
    ------
    RulesError
        A named set is unknown or invalid (the caller reports it; exit code 2).
    """
    out = out or sys.stdout
    if nama is None:
        rows: list[dict[str, Any]] = []
        gagal = 0
        for n in builtin_rules():
            try:
                r = load_rules(n)
            except Exception as e:
                gagal += 1
                rows.append({"nama": n, "galat": str(e)})
                continue
            rows.append({"nama": n, "judul": r.judul, "versi": r.versi, "jenis_koperasi": r.jenis_koperasi,
                         "berlaku_mulai": r.berlaku_mulai.isoformat()})
        if format == "json":
            print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)
        else:
            for row in rows:
                if "galat" in row:
                    print(f"{row['nama']:24} TIDAK DAPAT DIMUAT: {row['galat']}", file=out)
                else:
                    print(f"{row['nama']:24} {row['judul']} (versi {row['versi']}; "
                          f"{', '.join(row['jenis_koperasi'])}; berlaku mulai {row['berlaku_mulai']})", file=out)
        return 1 if gagal else 0
    a = load_rules(nama)
    if kedua is None:
        print(a.model_dump_json(indent=2) if format == "json" else describe(a), file=out)
        return 0
    b = load_rules(kedua)
    if format == "json":
        print(json.dumps({"a": _nama_aturan(a), "b": _nama_aturan(b),
                          "perbedaan": [asdict(p) for p in bandingkan(a, b)]}, ensure_ascii=False, indent=2), file=out)
    else:
        print(diff(a, b), file=out)
    return 0
