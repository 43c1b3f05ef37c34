"""The documents of an issued examination (issue 13, item 2): the certificate and the minutes,
rendered by the library (:func:`~kesehatan_koperasi.outputs.pdf.render.certificate_pdf`,
:func:`~kesehatan_koperasi.outputs.pdf.render.minutes_pdf`) with the office profile the service
was configured with and the service's own agenda register, so the number comes from the service's
register and the office key (when the profile has one) signs both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..outputs.pdf.render import certificate_pdf, minutes_pdf, nomor_dokumen
from ..result.hasil import Hasil
from .agenda import AgendaBasisData


@dataclass(frozen=True)
class Dokumen:
    sertifikat: bytes
    berita_acara: bytes
    nomor_sertifikat: str | None
    nomor_berita_acara: str | None


def buat_dokumen(hasil: Hasil, kantor: Any, agenda: AgendaBasisData) -> Dokumen:
    """Both documents of ``hasil``; the numbers are the ones the register hands out for them (taken
    once, by the library's own patterns, and printed as given)."""
    nomor_sertifikat, nomor_berita_acara = nomor_dokumen(hasil, kantor, agenda)
    return Dokumen(certificate_pdf(hasil, kantor, nomor=nomor_sertifikat),
                   minutes_pdf(hasil, kantor, nomor=nomor_berita_acara), nomor_sertifikat, nomor_berita_acara)
