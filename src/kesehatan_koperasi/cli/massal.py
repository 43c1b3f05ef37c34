"""The command ``batch``: many cooperatives, one results table."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .umum import perintah, pilihan_aturan


def daftar(sub: Any) -> None:
    """Register ``batch``."""
    sp = perintah(sub, "batch", _batch, "nilai banyak koperasi: folder kertas kerja atau tabel CSV/XLSX/Parquet",
                  ["batch kertas-kerja/ --out massal/", "batch tabel.csv --out massal/ --format json",
                   "batch kertas-kerja/ --out massal/ --dokumen --kantor kantor.yaml --proses 2"])
    sp.add_argument("masukan", metavar="MASUKAN", help="folder kertas kerja (.xlsx, .json) atau tabel .csv/.xlsx/.parquet")
    sp.add_argument("--out", required=True, metavar="FOLDER", help="folder keluaran (dibuat bila belum ada)")
    sp.add_argument("--dokumen", action="store_true", help="buat juga sertifikat dan berita acara per koperasi")
    sp.add_argument("--proses", type=int, default=None, metavar="N", help="jumlah proses paralel")
    sp.add_argument("--kantor", metavar="BERKAS", help="pengaturan kantor penerbit (YAML), untuk --dokumen")
    pilihan_aturan(sp)


def _batch(args: argparse.Namespace) -> int:
    from ..batch import run_batch

    return run_batch(args.masukan, Path(args.out), rules=args.rules, dokumen=args.dokumen,
                     proses=args.proses, kantor=args.kantor, format=args.format,
                     menurut_tanggal=args.menurut_tanggal, abaikan_aturan_tercatat=args.abaikan_aturan_tercatat)
