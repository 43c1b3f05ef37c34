"""Commands of the office's web service (issue 13): ``serve``, ``pengguna tambah``, ``token buat``.

They need the extra ``[layanan]`` (FastAPI, uvicorn, SQLAlchemy, Alembic, argon2); without it each
says, in Indonesian, how to install it. All take the same ``--db URL`` (default: SQLite in the
user's data folder; ``postgresql://…`` for PostgreSQL).
"""

from __future__ import annotations

import argparse
import getpass
import importlib.util
import sys
from typing import Any

from ..errors import PaketOpsionalError
from .umum import EXIT_OK, cetak_json, perintah, say

#: The modules of the ``[layanan]`` extra (import name → package name).
PAKET_LAYANAN = {"fastapi": "fastapi", "uvicorn": "uvicorn", "sqlalchemy": "sqlalchemy", "alembic": "alembic",
                 "argon2": "argon2-cffi", "multipart": "python-multipart"}


def pastikan_layanan() -> None:
    """Raise an Indonesian install hint when a package of the ``[layanan]`` extra is missing."""
    kurang = [paket for modul, paket in PAKET_LAYANAN.items() if importlib.util.find_spec(modul) is None]
    if kurang:
        raise PaketOpsionalError(
            f"Layanan web memerlukan paket {', '.join(kurang)} yang belum terpasang. Pasang dengan: "
            "pip install \"kesehatan-koperasi[layanan]\" (atau: pipx install \"kesehatan-koperasi[layanan]\" --force).")


def _db(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--db", metavar="URL", default=None,
                    help="basis data: sqlite:///BERKAS atau postgresql://PENGGUNA@HOST/NAMA (bawaan: KK_DB, "
                         "atau SQLite di folder data pengguna)")


def daftar(sub: Any) -> None:
    """Register ``serve``, ``pengguna`` and ``token``."""
    sp = perintah(sub, "serve", _serve, "jalankan layanan web kantor (pemeriksa di peramban, aplikasi lewat HTTP)",
                  ["serve --kantor kantor.yaml", "serve --db postgresql://kk@localhost/kk --host 0.0.0.0 --pekerja 2",
                   "serve --kantor contoh --db sqlite:///demo/layanan.sqlite"],
                  "Jalankan layanan web (FastAPI + uvicorn): halaman pemeriksa, API JSON di /api/v1 (OpenAPI di "
                  "/docs), register pemeriksaan dan laman verifikasi publik /verifikasi/KODE. Skema basis data "
                  "dimigrasikan saat mulai.")
    _db(sp)
    sp.add_argument("--host", default="127.0.0.1", help="alamat yang didengarkan (bawaan: %(default)s)")
    sp.add_argument("--port", type=int, default=8000, help="port (bawaan: %(default)s)")
    sp.add_argument("--kantor", metavar="PROFIL", default=None,
                    help="profil kantor penerbit (YAML; \"contoh\": profil contoh bawaan; bawaan: KK_KANTOR)")
    sp.add_argument("--laman", metavar="URL", default=None,
                    help="alamat publik layanan (mis. https://kk.dinas.go.id); kode QR menunjuk ke URL/verifikasi "
                         "bila profil kantor tidak menyebut laman_verifikasi (bawaan: KK_LAMAN)")
    sp.add_argument("--pekerja", type=int, default=None, metavar="N",
                    help="jumlah proses penilai API (bawaan: jumlah inti prosesor; 0: menilai di thread proses layanan)")
    sp.add_argument("--proxy", action="store_true",
                    help="di belakang proxy terbalik: percayai X-Forwarded-Proto/For (cookie Secure di balik https)")

    sp = perintah(sub, "pengguna", _pengguna, "kelola akun layanan web (kata sandi dibaca dari stdin)",
                  ["pengguna tambah siti --peran pemeriksa", "pengguna tambah kadis --peran penandatangan",
                   "echo 'kata-sandi-panjang' | kesehatan-koperasi pengguna tambah budi --peran admin"])
    sp.add_argument("aksi", choices=("tambah",))
    sp.add_argument("nama", metavar="NAMA")
    sp.add_argument("--peran", required=True, choices=("pemeriksa", "penandatangan", "admin"),
                    help="pemeriksa: unggah dan nilai; penandatangan: juga menyetujui dan menerbitkan; admin: kelola")
    _db(sp)

    sp = perintah(sub, "token", _token, "buat token API untuk aplikasi (dicetak di stdout, disimpan sebagai sidik)",
                  ["token buat siti", "token buat aplikasi-sikop --db postgresql://kk@localhost/kk"])
    sp.add_argument("aksi", choices=("buat",))
    sp.add_argument("nama", metavar="NAMA")
    _db(sp)


def _serve(args: argparse.Namespace) -> int:
    pastikan_layanan()
    from ..layanan.jalankan import jalankan
    from ..layanan.konfigurasi import dari_lingkungan

    konf = dari_lingkungan(args.db, args.kantor, args.laman)
    say(f"Layanan berjalan di http://{args.host}:{args.port}/ (basis data {konf.db.split('@')[-1]}); hentikan dengan Ctrl+C.")
    import os

    pekerja = args.pekerja if args.pekerja is not None else (os.cpu_count() or 1)
    jalankan(konf, args.host, args.port, max(0, pekerja), args.proxy)
    return EXIT_OK


def _baca_sandi() -> str:
    if sys.stdin.isatty():
        a = getpass.getpass("Kata sandi: ")
        if getpass.getpass("Ulangi kata sandi: ") != a:
            from ..errors import KesehatanKoperasiError

            raise KesehatanKoperasiError("Kedua kata sandi tidak sama")
        return a
    return sys.stdin.readline().rstrip("\r\n")


def _pengguna(args: argparse.Namespace) -> int:
    pastikan_layanan()
    from ..layanan.akun import tambah_pengguna
    from ..layanan.db import pembuat_sesi, siapkan, transaksi
    from ..layanan.konfigurasi import dari_lingkungan

    konf = dari_lingkungan(args.db)
    sandi = _baca_sandi()
    with transaksi(pembuat_sesi(siapkan(konf.db))) as s:
        p = tambah_pengguna(s, args.nama, args.peran, sandi)
        nama, peran = p.nama, p.peran
    if args.format == "json":
        cetak_json({"sah": True, "pengguna": nama, "peran": peran})
    say(f"Pengguna {nama} ({peran}) dibuat.")
    return EXIT_OK


def _token(args: argparse.Namespace) -> int:
    pastikan_layanan()
    from ..layanan.akun import buat_token
    from ..layanan.db import pembuat_sesi, siapkan, transaksi
    from ..layanan.konfigurasi import dari_lingkungan

    konf = dari_lingkungan(args.db)
    with transaksi(pembuat_sesi(siapkan(konf.db))) as s:
        token = buat_token(s, args.nama)
    if args.format == "json":
        cetak_json({"sah": True, "pengguna": args.nama, "token": token})
    else:
        print(token)
    say(f"Token API untuk {args.nama} dibuat; simpan sekarang, token ini tidak dapat ditampilkan lagi.")
    return EXIT_OK
