"""The documents of an issued examination (issue 13, item 2): the certificate and the minutes,
rendered by the library (:func:`~kesehatan_koperasi.outputs.pdf.render.certificate_pdf`,
:func:`~kesehatan_koperasi.outputs.pdf.render.minutes_pdf`) with the office profile the service
was configured with and the service's own agenda register, so the number comes from the service's
register and the office key (when the profile has one) signs both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..outputs.agenda import isi_nomor
from ..outputs.pdf.context import isian_nomor
from ..outputs.pdf.render import certificate_pdf, minutes_pdf
from ..result.hasil import Hasil
from .agenda import AgendaBasisData


@dataclass(frozen=True)
class Dokumen:
    sertifikat: bytes
    berita_acara: bytes
    nomor_sertifikat: str | None
    nomor_berita_acara: str | None


def buat_dokumen(hasil: Hasil, kantor: Any, agenda: AgendaBasisData) -> Dokumen:
    """Both documents of ``hasil``; the numbers are the ones the register handed out for them."""
    sertifikat = certificate_pdf(hasil, kantor, agenda=agenda)
    berita_acara = minutes_pdf(hasil, kantor, agenda=agenda)
    if agenda.terakhir is None:
        return Dokumen(sertifikat, berita_acara, None, None)
    urut, tanggal = agenda.terakhir
    isian = isian_nomor(hasil, kantor)
    return Dokumen(sertifikat, berita_acara, isi_nomor(kantor.nomor_sertifikat, urut, tanggal, isian),
                   isi_nomor(kantor.nomor_berita_acara, urut, tanggal, isian))
