"""The database of the web service (issue 13): the engine, the migrations run on start, and the
unit of work.

SQLite by default (the user's data folder, WAL journal, a busy timeout, every writing transaction
``BEGIN IMMEDIATE`` so two of them never interleave a read-then-write; read-only work goes
through a second engine whose transactions begin deferred, :func:`mesin_baca`), PostgreSQL when
the URL says ``postgresql://`` (driver psycopg 3). The schema belongs to the Alembic migrations
shipped in :mod:`.migrasi` (package data); :func:`siapkan` runs them programmatically under a
lock, so several workers starting at once migrate once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ..errors import KesehatanKoperasiError


class BasisDataError(KesehatanKoperasiError):
    """The database cannot be opened or migrated."""


def url_mesin(url: str) -> str:
    """``postgresql://`` means psycopg 3 (SQLAlchemy's default would be psycopg2)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def adalah_sqlite(mesin: Engine) -> bool:
    return mesin.dialect.name == "sqlite"


def buat_mesin(url: str, tulis: bool = True) -> Engine:
    """The engine of ``url``; a SQLite file's folder is created. For SQLite, ``tulis=False`` gives
    an engine for read-only work: its transactions begin deferred, so readers never queue for the
    write lock (WAL lets them read while one writer writes)."""
    u = make_url(url_mesin(url))
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        mesin = create_engine(u, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(mesin, "connect", _sqlite_sambung)
        event.listen(mesin, "begin", _sqlite_mulai if tulis else _sqlite_mulai_baca)
        return mesin
    if u.get_backend_name() != "postgresql":
        raise BasisDataError(f"Basis data {u.get_backend_name()} tidak didukung; pakai sqlite:///BERKAS atau postgresql://…")
    return create_engine(u, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _sqlite_sambung(dbapi: Any, _rekaman: Any) -> None:
    dbapi.isolation_level = None          # transactions are begun by _sqlite_mulai
    cur = dbapi.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_mulai(koneksi: Any) -> None:
    koneksi.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_mulai_baca(koneksi: Any) -> None:
    koneksi.exec_driver_sql("BEGIN")


def mesin_baca(mesin: Engine) -> Engine:
    """The engine for read-only transactions: for SQLite a second engine on the same file
    (:func:`buat_mesin` with ``tulis=False``), for PostgreSQL the same engine."""
    if not adalah_sqlite(mesin):
        return mesin
    return buat_mesin(mesin.url.render_as_string(hide_password=False), tulis=False)


def _lokasi_migrasi() -> str:
    return str(resources.files("kesehatan_koperasi.layanan") / "migrasi")


def siapkan(url: str) -> Engine:
    """The engine of ``url`` with the schema migrated to the newest revision."""
    from alembic import command
    from alembic.config import Config

    mesin = buat_mesin(url)
    cfg = Config()
    cfg.set_main_option("script_location", _lokasi_migrasi())
    try:
        with mesin.begin() as koneksi:
            if not adalah_sqlite(mesin):   # SQLite: BEGIN IMMEDIATE already serialises the migration
                koneksi.execute(text("SELECT pg_advisory_xact_lock(13013)"))
            cfg.attributes["koneksi"] = koneksi
            command.upgrade(cfg, "head")
    except Exception as e:
        if isinstance(e, KesehatanKoperasiError):
            raise
        raise BasisDataError(f"Basis data {make_url(url_mesin(url)).render_as_string(hide_password=True)} "
                             f"tidak dapat dibuka atau dimigrasikan: {e}") from e
    return mesin


def pembuat_sesi(mesin: Engine) -> sessionmaker[Session]:
    return sessionmaker(mesin, expire_on_commit=False)


@contextlib.contextmanager
def transaksi(pembuat: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back entirely when it raises."""
    with pembuat() as s, s.begin():
        yield s
