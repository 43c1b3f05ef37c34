"""Running the web service (issue 13): ``kesehatan-koperasi serve`` → uvicorn.

The configuration travels to uvicorn's application factory through the environment (``KK_DB``,
``KK_KANTOR``, ``KK_LAMAN``, ``KK_PROSES_PENILAI``; :func:`app_dari_lingkungan`). One assessment is ~0.1 s
of CPU under the GIL, so the API hands assessments to ``pekerja`` scoring processes
(:mod:`.kolam`, ``KK_PROSES_PENILAI``) behind one uvicorn process (``docs/layanan.md``, "Kinerja").
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from .app import buat_app
from .db import siapkan
from .konfigurasi import Konfigurasi, dari_lingkungan


def app_dari_lingkungan() -> FastAPI:
    """The application configured by ``KK_DB``/``KK_KANTOR``/``KK_LAMAN`` (uvicorn's factory)."""
    return buat_app(dari_lingkungan())


def jalankan(konf: Konfigurasi, host: str = "127.0.0.1", port: int = 8000, pekerja: int = 1,
             proxy: bool = False) -> None:
    """Migrate the database, then serve: one uvicorn process, ``pekerja`` scoring processes."""
    import uvicorn

    siapkan(konf.db).dispose()
    os.environ["KK_DB"] = konf.db
    if konf.kantor:
        os.environ["KK_KANTOR"] = konf.kantor
    if konf.laman:
        os.environ["KK_LAMAN"] = konf.laman
    os.environ["KK_PROSES_PENILAI"] = str(pekerja)
    uvicorn.run("kesehatan_koperasi.layanan.jalankan:app_dari_lingkungan", factory=True, host=host, port=port,
                workers=1, proxy_headers=proxy, forwarded_allow_ips="*" if proxy else None,
                timeout_keep_alive=5, limit_concurrency=200, log_level="info")
