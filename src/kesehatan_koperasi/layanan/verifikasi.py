"""What the public verification page shows of an issued examination (issue 13, item 4): number,
cooperative, tahun buku, predikat, date, signer, and whether the office's signature on the stored
certificate is valid (checked by :func:`kesehatan_koperasi.outputs.verify.verify` against the
service's office profile) — nothing else.

The code looked up is the short verification code printed on the document and carried in its QR
code (``payload["kode"]``, :meth:`kesehatan_koperasi.Hasil.kode_verifikasi`).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..outputs.verify import verify
from .penilaian import berkas_sementara
from .register import dengan_kode, status_tampil
from .skema import Agenda

#: A verification code: 12 hexadecimal digits in groups of four.
POLA_KODE = re.compile(r"^[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}$")


def kode_sah(kode: str) -> bool:
    return bool(POLA_KODE.match(kode.strip()))


#: Checked signatures by (digest of the PDF, office, office key): an issued certificate never
#: changes, so a public page view does not parse it again (bounded, it cannot grow without end).
_DIPERIKSA: dict[tuple[str, str, str], tuple[bool, str]] = {}
MAKS_DIPERIKSA = 4096


def periksa_tanda_tangan(pdf_bytes: bytes, kantor: Any) -> tuple[bool, str]:
    """(valid, message) of the stored certificate, checked by the library against the office's key."""
    kunci = (hashlib.sha256(pdf_bytes).hexdigest(), str(kantor.nama), str(kantor.kunci_publik))
    if kunci not in _DIPERIKSA:
        with berkas_sementara(pdf_bytes, ".pdf") as pdf:
            sah, pesan = verify(pdf, kantor=kantor)
        if len(_DIPERIKSA) >= MAKS_DIPERIKSA:
            _DIPERIKSA.clear()
        _DIPERIKSA[kunci] = (sah, pesan.replace(f" {pdf}", "").replace(str(pdf), ""))
    return _DIPERIKSA[kunci]


def data_verifikasi(s: Session, kode: str, kantor: Any) -> dict[str, Any] | None:
    """The public facts of the issued examination with code ``kode``; None when there is none."""
    if not kode_sah(kode):
        return None
    p = dengan_kode(s, kode)
    if p is None or p.sertifikat_pdf is None:
        return None
    tanggal = s.scalar(select(Agenda.tanggal).where(Agenda.kantor == str(kantor.nama), Agenda.kunci_hasil == p.sidik))
    sah, pesan = periksa_tanda_tangan(p.sertifikat_pdf, kantor)
    return {"kode": p.kode, "nomor": p.nomor_sertifikat, "nama_koperasi": p.nama_koperasi, "tahun_buku": p.tahun_buku,
            "predikat": p.predikat, "tanggal": tanggal.isoformat() if tanggal else None,
            "penandatangan": p.penanda_tangan_dokumen, "tanda_tangan_sah": sah,
            "keterangan_tanda_tangan": pesan,
            "digantikan": status_tampil(s, p) == "diganti",
            # the service runs on an example profile (or none): its certificates are not official
            "contoh": not kantor.resmi}
