"""The office's agenda register (spec ``documents.md``: "The number is the office's own agenda
number from its register (or given explicitly), never a hash").

One SQLite file holds, per office and year of issue, the sequence of numbers handed out. The
number of a certificate is the office's pattern (``nomor_sertifikat``, e.g.
``518/{urut:03d}/DISKOPUKM/{bulan_romawi}/{tahun}``) filled with the next sequence number
``{urut}``. Reissuing the same result (same digest of ``hasil.json``) in the same year gives the
number it got the first time. A number is taken in one ``BEGIN IMMEDIATE`` transaction, so two
processes never hand out the same one.

The API is small on purpose (the web service keeps its own database through it)::

    agenda = Agenda("kantor.agenda.sqlite", kantor)
    agenda.nomor_untuk(kunci_hasil, tanggal)      # -> "518/007/DISKOPUKM/V/2026"
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from ..errors import KesehatanKoperasiError
from ..formatting import romawi

_SKEMA = """
CREATE TABLE IF NOT EXISTS agenda (
    kantor      TEXT    NOT NULL,
    tahun       INTEGER NOT NULL,
    urut        INTEGER NOT NULL,
    kunci_hasil TEXT    NOT NULL,
    tanggal     TEXT    NOT NULL,
    PRIMARY KEY (kantor, tahun, urut),
    UNIQUE (kantor, tahun, kunci_hasil)
)
"""


class AgendaError(KesehatanKoperasiError):
    """The agenda register cannot be read or written."""


def isi_nomor(pola: str, urut: int, tanggal: dt.date, isian: dict[str, Any] | None = None) -> str:
    """``pola`` filled with the sequence number and the date of issue (and ``isian``)."""
    nilai = {"tahun_buku": "…", "nik": "", "jenis": "", "kuk": "", "singkatan": ""} | (isian or {})
    return pola.format(**(nilai | {"urut": urut, "tahun": tanggal.year, "bulan": tanggal.month,
                                   "bulan_romawi": romawi(tanggal.month)}))


class Agenda:
    """The register in the SQLite file ``path`` for the office ``kantor`` (a profile)."""

    def __init__(self, path: str | Path, kantor: Any) -> None:
        self.path = Path(path)
        self.kantor = kantor

    def _sambung(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            con.execute(_SKEMA)
        except (OSError, sqlite3.Error) as e:
            raise AgendaError(f"Buku agenda {self.path} tidak dapat dibuka: {e}") from None
        return con

    def urut_untuk(self, kunci_hasil: str, tanggal: dt.date) -> int:
        """The sequence number of the result ``kunci_hasil`` in the year of ``tanggal``: the one it
        already has, else the next one of this office and year."""
        con = self._sambung()
        try:
            con.execute("BEGIN IMMEDIATE")
            baris = con.execute("SELECT urut FROM agenda WHERE kantor = ? AND tahun = ? AND kunci_hasil = ?",
                                (self.kantor.nama, tanggal.year, kunci_hasil)).fetchone()
            if baris is None:
                (akhir,) = con.execute("SELECT COALESCE(MAX(urut), 0) FROM agenda WHERE kantor = ? AND tahun = ?",
                                       (self.kantor.nama, tanggal.year)).fetchone()
                urut = int(akhir) + 1
                con.execute("INSERT INTO agenda VALUES (?, ?, ?, ?, ?)",
                            (self.kantor.nama, tanggal.year, urut, kunci_hasil, tanggal.isoformat()))
            else:
                urut = int(baris[0])
            con.execute("COMMIT")
            return urut
        except sqlite3.Error as e:
            raise AgendaError(f"Buku agenda {self.path} tidak dapat ditulis: {e}") from None
        finally:
            con.close()

    def nomor_untuk(self, kunci_hasil: str, tanggal: dt.date, isian: dict[str, Any] | None = None) -> str:
        """The certificate number of the result ``kunci_hasil`` issued on ``tanggal``."""
        urut = self.urut_untuk(kunci_hasil, tanggal)
        return isi_nomor(self.kantor.nomor_sertifikat, urut, tanggal, {"singkatan": self.kantor.singkatan} | (isian or {}))


def jalur_agenda(kantor: Any) -> Path | None:
    """Where an office keeps its register: ``$KK_AGENDA``, else the profile's ``agenda`` key, else
    ``<profil>.agenda.sqlite`` beside the profile; the bundled example profile keeps its register in
    the user's data folder (the package folder is not written). None for an office without a file."""
    import os

    env = os.environ.get("KK_AGENDA", "").strip()
    if env:
        return Path(env).expanduser()
    if kantor.agenda:
        return Path(kantor.jalur(kantor.agenda))
    berkas = kantor.berkas
    if berkas is None:
        return None
    if kantor.contoh:
        import platformdirs

        return Path(platformdirs.user_data_dir("kesehatan-koperasi")) / f"{berkas.stem}.agenda.sqlite"
    return berkas.with_name(f"{berkas.stem}.agenda.sqlite")
