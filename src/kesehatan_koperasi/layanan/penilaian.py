"""Reading and scoring an upload (issue 13, items 2 and 5): a worksheet workbook (.xlsx), a
KertasKerja JSON, or a table of many cooperatives.

The upload is written to a temporary file with a generated name (:func:`berkas_sementara`; nothing
the client sends is used as a path) and read through the library's own readers —
:func:`kesehatan_koperasi.worksheet.read_worksheet` (which opens the workbook through the guard of
:mod:`kesehatan_koperasi.inputs.guard`), :func:`kesehatan_koperasi.model.read_json`,
:func:`kesehatan_koperasi.batch.baca.read_table` — and scored by
:func:`kesehatan_koperasi.api.assess` / :func:`~kesehatan_koperasi.api.assess_frame` with the rule
set the worksheet records, exactly as the CLI does. Problems carry the upload's display name, not
the temporary path.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..api import assess, assess_frame
from ..errors import KesehatanKoperasiError, Masalah, WorksheetError
from ..model import KertasKerja, read_json
from ..result.hasil import Hasil
from ..rules.resolve import aturan_atau_pilih

#: Kinds of upload by their first bytes (never by the name the client sends).
ZIP, JSON = b"PK\x03\x04", (b"{", b"\xef\xbb\xbf{")


@dataclass
class Bacaan:
    """A worksheet read: the model, its rule set and the reader's warnings."""

    kertas_kerja: KertasKerja
    aturan: Any
    peringatan: list[str] = field(default_factory=list)


def nama_tampil(nama: str | None) -> str:
    """The client's file name as shown in messages: its last part, printable, at most 100 characters."""
    dasar = re.split(r"[\\/]", nama or "")[-1]
    bersih = "".join(ch for ch in dasar if ch.isprintable())[:100].strip()
    return bersih or "berkas unggahan"


@contextlib.contextmanager
def berkas_sementara(isi: bytes, akhiran: str) -> Iterator[Path]:
    """``isi`` in a new temporary file with a generated name ending in ``akhiran``; removed afterwards."""
    fd, nama = tempfile.mkstemp(prefix="kk-unggah-", suffix=akhiran)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(isi)
        yield Path(nama)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(nama)


def _ganti_berkas(e: WorksheetError, tampil: str) -> WorksheetError:
    return WorksheetError(tampil, list(e.masalah))


def jenis_unggahan(isi: bytes) -> str:
    """``"xlsx"`` or ``"json"`` from the first bytes; a WorksheetError for anything else."""
    if isi.startswith(ZIP):
        return "xlsx"
    if isi.lstrip()[:1] == b"{" or isi.startswith(JSON[1]):
        return "json"
    raise WorksheetError(None, [Masalah("berkas bukan kertas kerja", medan="berkas",
                                        diharapkan="buku kerja Excel (.xlsx) atau JSON KertasKerja")])


def baca_kertas_kerja(isi: bytes, nama: str | None = None, rules: str | None = None) -> Bacaan:
    """Read an uploaded worksheet (.xlsx or JSON) with its rule set."""
    tampil = nama_tampil(nama)
    jenis = jenis_unggahan(isi)
    with berkas_sementara(isi, "." + jenis) as p:
        try:
            if jenis == "json":
                ws = read_json(p)
                return Bacaan(ws, aturan_atau_pilih(rules, ws.identitas.jenis, None))
            from ..worksheet import read_worksheet
            from ..worksheet.pilih import PeringatanAturan

            with warnings.catch_warnings(record=True) as dicatat:
                warnings.simplefilter("always", PeringatanAturan)
                ws = read_worksheet(p, rules=rules)
            pesan = [str(w.message).replace(str(p), tampil) for w in dicatat] + [str(m) for m in ws._peringatan]
            return Bacaan(ws, ws._aturan, pesan)
        except WorksheetError as e:
            raise _ganti_berkas(e, tampil) from None


def nilai(bacaan: Bacaan) -> Hasil:
    """The assessment of a worksheet read (also checks every questionnaire item is answered)."""
    try:
        return assess(bacaan.kertas_kerja, rules=bacaan.aturan)
    except WorksheetError as e:
        raise _ganti_berkas(e, e.berkas or "kertas kerja") from None


def tandai_salinan(isi: bytes, masalah: list[Masalah]) -> bytes:
    """The annotated copy of an uploaded workbook (red cells, comments, a "Masalah" sheet)."""
    from ..worksheet.tandai import tandai

    with berkas_sementara(isi, ".xlsx") as sumber, berkas_sementara(b"", ".xlsx") as salinan:
        tandai(sumber, salinan, masalah)
        return salinan.read_bytes()


def nilai_tabel(isi: bytes, nama: str | None, jenis_isi: str | None) -> pd.DataFrame:
    """Score a table in the :func:`~kesehatan_koperasi.api.assess_frame` layout (CSV or Parquet)."""
    from ..batch.baca import read_table

    akhiran = ".parquet" if isi.startswith(b"PAR1") else ".csv"
    with berkas_sementara(isi, akhiran) as p:
        try:
            frame = read_table(p)
        except KesehatanKoperasiError as e:
            raise KesehatanKoperasiError(str(e).replace(str(p), nama_tampil(nama))) from None
    return assess_frame(frame)
