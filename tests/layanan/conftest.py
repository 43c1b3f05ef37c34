"""Fixtures of the web service's tests (issue 13). Skipped as a whole when the ``[layanan]``
extra is not installed. Database tests run on SQLite and on a real PostgreSQL (:mod:`.postgres`)."""

from __future__ import annotations

import itertools

import pytest

pytest.importorskip("fastapi", reason="layanan web memerlukan extra [layanan] (fastapi belum terpasang)")
pytest.importorskip("sqlalchemy", reason="layanan web memerlukan extra [layanan] (sqlalchemy belum terpasang)")

from .bantu import SANDI
from .postgres import database_baru, kluster

_nomor = itertools.count()


@pytest.fixture(scope="session")
def server_postgres():
    with kluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'layanan.sqlite'}"
    server = request.getfixturevalue("server_postgres")
    if server is None:
        pytest.skip("tidak ada PostgreSQL (KK_UJI_POSTGRES tidak diisi dan /usr/lib/postgresql/*/bin/initdb tidak ada)")
    return database_baru(server, f"kk_uji_{next(_nomor)}")


@pytest.fixture
def layanan(db_url):
    """(app factory, db url): a new app on the same database is a restart."""
    from kesehatan_koperasi.layanan.app import buat_app
    from kesehatan_koperasi.layanan.konfigurasi import Konfigurasi

    dibuat = []

    def buat(**lain):
        app = buat_app(Konfigurasi(db=db_url, kantor="contoh", laman="http://uji.local", **lain))
        dibuat.append(app)
        return app

    yield buat
    for app in dibuat:
        app.state.layanan.mesin.dispose()


def tambah(db_url: str, nama: str, peran: str) -> None:
    from kesehatan_koperasi.layanan.akun import tambah_pengguna
    from kesehatan_koperasi.layanan.db import pembuat_sesi, siapkan, transaksi

    mesin = siapkan(db_url)
    with transaksi(pembuat_sesi(mesin)) as s:
        tambah_pengguna(s, nama, peran, SANDI)
    mesin.dispose()


def token(db_url: str, nama: str) -> str:
    from kesehatan_koperasi.layanan.akun import buat_token
    from kesehatan_koperasi.layanan.db import pembuat_sesi, siapkan, transaksi

    mesin = siapkan(db_url)
    with transaksi(pembuat_sesi(mesin)) as s:
        t = buat_token(s, nama)
    mesin.dispose()
    return t
