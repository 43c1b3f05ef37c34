"""Command-line entry of ``kesehatan-koperasi pertimbangan PERMOHONAN.xlsx --out DIR`` and the
JSON writer. Reads the checklist, checks the application, writes ``hasil-permohonan.json`` and
``surat-pertimbangan.pdf``; messages in Indonesian on stderr.

Exit code 0 when the application could be checked — whatever the outcome (diterima,
dikembalikan or ditolak is a result, not an error) — and 1 when the input has problems.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from ..errors import KesehatanKoperasiError, WorksheetError
from ..formatting import tanggal
from .periksa import HasilPermohonan, periksa_permohonan

BERKAS_JSON = "hasil-permohonan.json"
BERKAS_PDF = "surat-pertimbangan.pdf"


def tulis_hasil_permohonan(hasil: HasilPermohonan, out: str | Path) -> Path:
    """Write ``out/hasil-permohonan.json`` atomically; returns its path."""
    from ..outputs.atomic import atomic_write_bytes

    p = Path(out) / BERKAS_JSON
    atomic_write_bytes(p, (hasil.to_json() + "\n").encode("utf-8"))
    return p


def _ganti_hasil_kesehatan(permohonan, hasil_json: str):
    from ..result.hasil import Hasil
    from .model import HasilKesehatan, Permohonan

    try:
        teks = Path(hasil_json).read_text(encoding="utf-8")
    except OSError as e:
        raise WorksheetError(hasil_json, [__masalah(f"berkas hasil tidak dapat dibaca: {e.strerror or e}")]) from None
    try:
        hk = HasilKesehatan.dari_hasil(Hasil.model_validate_json(teks))
    except ValueError as e:
        raise WorksheetError(hasil_json, [__masalah(f"bukan hasil penilaian yang dapat dipakai: {str(e)[:300]}")]) from None
    data = permohonan.model_dump()
    data["hasil_kesehatan"] = hk.model_dump()
    try:
        return Permohonan.model_validate(data)
    except ValueError as e:
        raise WorksheetError(hasil_json, [__masalah(str(e)[:500])]) from None


def __masalah(pesan: str):
    from ..errors import Masalah

    return Masalah(pesan)


def perintah_pertimbangan(path: str, out: str, kantor: str | None, hasil: str | None = None,
                          format: str = "teks", libur: Sequence[dt.date] = ()) -> int:
    """``pertimbangan PERMOHONAN.xlsx --out DIR [--kantor BERKAS] [--hasil hasil.json]``.

    ``hasil``: optionally the ``hasil.json`` of an assessment by this library; its predicate and
    date (last day of the examination) replace the health result entered in the checklist.
    ``libur``: extra non-working days (``--libur``), on top of the office's ``libur_tambahan``.
    ``format="json"``: the result (``hasil-permohonan.json``) on stdout, or
    ``{"sah": false, "masalah": [...]}`` when the input has problems.
    Returns the exit code (0 checked, 1 input problems)."""
    import json

    from ..errors import masalah_json
    from .excel import baca_permohonan
    from .surat import render_surat_pertimbangan

    def say(t: str) -> None:
        print(t, file=sys.stderr)

    def gagal(e: BaseException, pesan: str) -> int:
        say(pesan)
        if format == "json":
            print(json.dumps({"berkas": path, "sah": False, "masalah": masalah_json(e)}, ensure_ascii=False))
        return 1

    try:
        permohonan = baca_permohonan(path)
        if hasil:
            permohonan = _ganti_hasil_kesehatan(permohonan, hasil)
        from .surat import muat_kantor

        h = periksa_permohonan(permohonan, [*muat_kantor(kantor).libur_tambahan, *libur])
        folder = Path(out)
        j = tulis_hasil_permohonan(h, folder)
        pdf = render_surat_pertimbangan(h, folder / BERKAS_PDF, kantor=kantor)
    except (WorksheetError, KesehatanKoperasiError) as e:
        return gagal(e, str(e))
    except OSError as e:
        return gagal(e, f"Tidak dapat menulis ke {out}: {e.strerror or e}")
    if format == "json":
        print(h.to_json())
    say(f"{h.permohonan.koperasi.nama_koperasi} — {h.judul}")
    say(f"  Keputusan: {h.label_keputusan.upper()} — {h.alasan}")
    for g in h.syarat_gagal:
        say(f"  - butir {g.nomor} {g.uraian}: ditemukan {g.ditemukan}; dipersyaratkan {g.diharapkan}")
    for d in h.dokumen_kurang:
        say(f"  - butir {d.nomor} belum diserahkan: {d.uraian}")
    say(f"  Tenggat pertimbangan teknis: {tanggal(h.tenggat.pertimbangan_teknis)} "
        f"({h.tenggat.pertimbangan_teknis_hari_kerja} hari kerja)")
    for w in h.peringatan:
        say(f"  Peringatan: {w}")
    say(f"  ditulis: {j}")
    say(f"  ditulis: {pdf}")
    return 0
