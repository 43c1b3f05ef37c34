"""The scoring processes of the web service (issue 13, item 6; ``docs/layanan.md``, "Kinerja").

One assessment is ~0.1 s of CPU under the GIL. The service runs one uvicorn process (HTTP, the
database, the event loop) and hands each API assessment to a pool of ``proses_penilai``
processes (one per core): a single queue, so the work is balanced across the cores whatever
connection a client holds (several uvicorn workers would each get whole keep-alive connections,
one busy and one idle). ``proses_penilai = 0`` scores in threads of the uvicorn process.

A worker returns plain values (the bytes of ``hasil.json``, or the list of :class:`Masalah`),
never an exception object, so nothing of an error is lost in pickling.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from ..errors import KesehatanKoperasiError, Masalah, WorksheetError


def _awal() -> None:
    """Warm a scoring process: the library and the built-in rule sets are loaded once."""
    from ..rules import builtin_rules, load_rules

    for nama in builtin_rules():
        load_rules(nama)


def buat_kolam(n: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn"), initializer=_awal)


def nilai_bait(isi: bytes, nama: str | None) -> tuple[str, Any, Any]:
    """Read and assess an upload: ``("hasil", bytes of hasil.json, None)``, ``("masalah", berkas,
    [Masalah])`` or ``("galat", message, None)``."""
    from ..outputs.tanda_tangan import hasil_bytes
    from .penilaian import baca_kertas_kerja, nilai

    try:
        return "hasil", hasil_bytes(nilai(baca_kertas_kerja(isi, nama))), None
    except WorksheetError as e:
        return "masalah", e.berkas, list(e.masalah)
    except KesehatanKoperasiError as e:
        return "galat", str(e), None


def buka(jawaban: tuple[str, Any, Any]) -> bytes:
    """The bytes of hasil.json, or the error the worker reported raised again here."""
    jenis, a, b = jawaban
    if jenis == "hasil":
        return bytes(a)
    if jenis == "masalah":
        raise WorksheetError(a, [m if isinstance(m, Masalah) else Masalah(str(m)) for m in b])
    raise KesehatanKoperasiError(str(a))
