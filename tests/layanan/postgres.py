"""A real PostgreSQL for the service's tests (issue 13): ``KK_UJI_POSTGRES`` (a URL of a server the
tests may create databases on) when set; otherwise a throwaway cluster of Debian's binaries
(``/usr/lib/postgresql/*/bin``) in a temporary folder on a free loopback port, run as the
``postgres`` user (or the current user when not root); None when there is no PostgreSQL at all."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bin() -> Path | None:
    ada = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(ada[-1]).parent if ada else None


def _sebagai(pengguna: str | None, perintah: list[str]) -> list[str]:
    return ["runuser", "-u", pengguna, "--", *perintah] if pengguna else perintah


@contextlib.contextmanager
def kluster() -> Iterator[str | None]:
    """The URL of a server whose superuser may create databases, or None."""
    env = os.environ.get("KK_UJI_POSTGRES", "").strip()
    if env:
        yield env
        return
    binari = _bin()
    if binari is None:
        yield None
        return
    pengguna = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="kk-pg-"))
    data = folder / "data"
    if pengguna:
        shutil.chown(folder, pengguna)
    port = port_bebas()
    subprocess.run(_sebagai(pengguna, [str(binari / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                       "-E", "UTF8", "--no-sync"]), check=True, capture_output=True)
    opsi = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run(_sebagai(pengguna, [str(binari / "pg_ctl"), "-D", str(data), "-o", opsi, "-l",
                                       str(folder / "log"), "-w", "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_sebagai(pengguna, [str(binari / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def database_baru(url_server: str, nama: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg

    with psycopg.connect(url_server, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{nama}"')
        c.execute(f'CREATE DATABASE "{nama}"')
    return url_server.rsplit("/", 1)[0] + "/" + nama
