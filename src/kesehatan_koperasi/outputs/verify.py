"""Verification of a document against its result (``kesehatan-koperasi verify``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import KesehatanKoperasiError
from ..formatting import angka
from ..result.hasil import Hasil

# ------------------------------------------------------------------------------ verification
_POLA_KODE = re.compile(r"Kode\s+verifikasi\s*:?\s*([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})")


def _teks_pdf(path: Path) -> tuple[str, str]:
    """(text of every page, metadata keywords) of a PDF."""
    from pypdf import PdfReader

    r = PdfReader(str(path))
    teks = "\n".join((pg.extract_text() or "") for pg in r.pages)
    meta: Any = r.metadata or {}
    return teks, str(meta.get("/Keywords", "") or "")


def verify(hasil_json_path: str | Path, pdf_path: str | Path) -> tuple[bool, str]:
    """Whether a certificate PDF was made from a ``hasil.json``; the message is in Indonesian.

    The verification code is recomputed from the canonical content of ``hasil.json``
    (:meth:`Hasil.kode_verifikasi`) and compared with the code printed on the certificate and
    stored in its metadata; the nilai akhir and predikat printed must be those of the result.
    When ``hasil.json`` carries its worksheet and was scored with a built-in rule set of the same
    version, the worksheet is scored again, so a ``hasil.json`` whose numbers were edited by hand
    is caught as well.
    """
    hp, pp = Path(hasil_json_path), Path(pdf_path)
    try:
        hasil = Hasil.model_validate_json(hp.read_text(encoding="utf-8"))
    except OSError as e:
        return False, f"Berkas hasil {hp} tidak dapat dibaca: {e.strerror or e}."
    except ValidationError as e:
        return False, f"Berkas hasil {hp} bukan hasil penilaian yang sah ({e.error_count()} masalah)."
    try:
        teks, kata_kunci = _teks_pdf(pp)
    except OSError as e:
        return False, f"Berkas sertifikat {pp} tidak dapat dibaca: {e.strerror or e}."
    except Exception as e:  # pypdf raises many types for a damaged file
        return False, f"Berkas sertifikat {pp} bukan PDF yang dapat dibaca ({type(e).__name__})."

    kode = hasil.kode_verifikasi()
    tercetak = _POLA_KODE.findall(re.sub(r"[ \t]+", " ", teks))
    if not tercetak:
        return False, f"Sertifikat {pp} tidak memuat kode verifikasi; bukan sertifikat buatan kesehatan-koperasi?"
    if any(t != kode for t in tercetak):
        return False, (f"TIDAK COCOK: kode verifikasi pada sertifikat {tercetak[0]}, sedangkan {hp} "
                       f"menghasilkan {kode}. Sertifikat tidak berasal dari hasil ini, atau salah satunya telah diubah.")
    meta_kode = re.findall(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", kata_kunci)
    if meta_kode and any(m != kode for m in meta_kode):
        return False, f"TIDAK COCOK: kode verifikasi pada metadata sertifikat ({meta_kode[0]}) berbeda dengan {kode}."
    rata = re.sub(r"\s+", " ", teks)
    nilai = angka(hasil.nilai_akhir, 3)
    if nilai not in rata or hasil.predikat.upper() not in rata.upper():
        return False, (f"TIDAK COCOK: nilai akhir {nilai} atau predikat {hasil.predikat} dari {hp} "
                       f"tidak tercetak pada sertifikat {pp}.")
    catatan = _periksa_ulang(hasil)
    if catatan is not None and not catatan[0]:
        return False, catatan[1]
    pesan = (f"COCOK: sertifikat {pp} berasal dari {hp} (kode verifikasi {kode}; {hasil.nama_koperasi}; "
             f"nilai akhir {nilai}; {hasil.predikat}).")
    if catatan is not None:
        pesan += " " + catatan[1]
    return True, pesan


def _periksa_ulang(hasil: Hasil) -> tuple[bool, str] | None:
    """Score the worksheet inside ``hasil`` again, when that is possible; None when it is not."""
    if hasil.kertas_kerja is None:
        return None
    from ..api import assess
    from ..errors import RulesError
    from ..rules import builtin_rules, load_rules

    if hasil.aturan.nama not in builtin_rules():
        return True, f"(Aturan {hasil.aturan.nama} bukan aturan bawaan; kertas kerja tidak dinilai ulang.)"
    try:
        aturan = load_rules(hasil.aturan.nama)
    except RulesError:
        return None
    if aturan.versi != hasil.aturan.versi or (hasil.aturan.sidik and aturan.content_hash() != hasil.aturan.sidik):
        return True, (f"(Aturan bawaan kini versi {aturan.versi} ({aturan.content_hash()}), hasil memakai versi "
                      f"{hasil.aturan.versi} ({hasil.aturan.sidik or 'sidik tidak tercatat'}); "
                      "kertas kerja tidak dinilai ulang.)")
    try:
        ulang = assess(hasil.kertas_kerja, rules=aturan)
    except KesehatanKoperasiError as e:
        return False, f"TIDAK COCOK: kertas kerja di dalam hasil tidak dapat dinilai ulang: {e}"
    if ulang.kode_verifikasi() != hasil.kode_verifikasi():
        return False, ("TIDAK COCOK: angka di dalam hasil tidak sama dengan penilaian ulang atas kertas kerjanya "
                       f"(kode {ulang.kode_verifikasi()} ≠ {hasil.kode_verifikasi()}); hasil telah diubah.")
    return True, "Kertas kerja di dalamnya telah dinilai ulang dan memberi angka yang sama."
