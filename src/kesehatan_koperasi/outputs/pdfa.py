"""A PAdES signature of the PDF itself (issue 12 item 5, optional): the office's PKCS#12
certificate — as an electronic-signature certificate from the national CA would be — signs the
finished PDF/A-3 file in an incremental update (pyHanko, ``pip install kesehatan-koperasi[pades]``).

The Ed25519 signature of the printed fields (:mod:`.tanda_tangan`) stays the one ``verify``
checks; the PAdES signature lets a PDF reader show the office's certificate.
"""

from __future__ import annotations

import io
import os
from typing import Any

from .pdf.kantor import KantorError


def tandatangani_pades(data: bytes, kantor: Any) -> bytes:
    """``data`` (a PDF) signed with the profile's ``pades.pkcs12`` certificate."""
    try:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
    except ImportError:
        raise KantorError("Profil kantor meminta tanda tangan PAdES, tetapi pyHanko belum terpasang: "
                          "pip install 'kesehatan-koperasi[pades]'") from None
    p = kantor.jalur(kantor.pades.pkcs12)
    sandi = os.environ.get(kantor.pades.sandi_env, "") if kantor.pades.sandi_env else ""
    if not p.is_file():
        raise KantorError(f"Sertifikat PAdES {p} tidak ditemukan")
    signer = signers.SimpleSigner.load_pkcs12(str(p), passphrase=sandi.encode("utf-8") or None)
    if signer is None:
        raise KantorError(f"Sertifikat PAdES {p} tidak dapat dibuka (sandi salah atau berkas rusak)")
    meta = signers.PdfSignatureMetadata(field_name="TandaTanganKantor", reason="Penerbitan dokumen",
                                        location=kantor.tempat_terbit, name=kantor.nama)
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), meta, signer=signer, output=out)
    return out.getvalue()
