"""The configuration of the web service (issue 13): database URL, office profile, public address
and the budgets on untrusted input (``docs/keamanan.md``, "Layanan web").

One frozen value built from the command line (``serve --db --kantor --laman``) or the environment
(``KK_DB``, ``KK_KANTOR``, ``KK_LAMAN``) and handed to :func:`~.app.buat_app`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..inputs.budget import MAKS_UKURAN_BERKAS

#: Largest request body accepted [byte]: one workbook (the workbook budget) plus the multipart framing.
MAKS_UNGGAHAN = MAKS_UKURAN_BERKAS + 64 * 1024
#: Largest table of a mass assessment over HTTP [byte] (the CLI accepts larger files).
MAKS_TABEL_HTTP = 50 * 1024 * 1024
#: Requests per minute allowed to one API token (per worker process).
LAJU_PER_MENIT = 600
#: Longest time one assessment or document rendering may take [s] before the request is answered 503.
BATAS_WAKTU = 60.0
#: Assessments one worker process runs at once (scoring holds the GIL; more workers use more cores).
PENILAIAN_SERENTAK = 1
#: Lifetime of a browser session [s] (one working day).
UMUR_SESI = 10 * 3600


def db_bawaan() -> str:
    """SQLite in the user's data folder (platformdirs): ``…/kesehatan-koperasi/layanan.sqlite``."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("kesehatan-koperasi"))
    return f"sqlite:///{folder / 'layanan.sqlite'}"


@dataclass(frozen=True)
class Konfigurasi:
    """Everything the application needs to start."""

    db: str
    kantor: str | None = None
    laman: str | None = None
    maks_unggahan: int = MAKS_UNGGAHAN
    maks_tabel: int = MAKS_TABEL_HTTP
    laju_per_menit: int = LAJU_PER_MENIT
    batas_waktu: float = BATAS_WAKTU
    umur_sesi: int = UMUR_SESI
    penilaian_serentak: int = PENILAIAN_SERENTAK
    #: scoring processes of the API (:mod:`.kolam`); 0: threads of the uvicorn process
    proses_penilai: int = 0


def dari_lingkungan(db: str | None = None, kantor: str | None = None, laman: str | None = None,
                    proses: int | None = None) -> Konfigurasi:
    """The configuration from the options given, else ``KK_DB``/``KK_KANTOR``/``KK_LAMAN``/
    ``KK_PROSES_PENILAI``, else the defaults."""
    teks = os.environ.get("KK_PROSES_PENILAI", "").strip()
    return Konfigurasi(db=db or os.environ.get("KK_DB", "").strip() or db_bawaan(),
                       kantor=kantor or os.environ.get("KK_KANTOR", "").strip() or None,
                       laman=laman or os.environ.get("KK_LAMAN", "").strip() or None,
                       proses_penilai=proses if proses is not None else (int(teks) if teks.isdigit() else 0))
