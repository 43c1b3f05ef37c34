"""The office's signature on a document (spec ``documents.md``, Sertifikat, "Verification").

The office signs a *canonical payload* with its Ed25519 key: the digest of the result
(``hasil.json``), the rule set's content digest (``Hasil.aturan.sidik``), the result's short code,
and every printed identity field of the document (number, name, NIK, tahun buku, dates, signer,
aspect scores, nilai akhir, predikat), each as the text printed on paper.

The printed text is signed as *chains*: ``[awal, [[kunci, label, nilai], ...], akhir]``, each
field's label and value exactly as printed (``"Nama koperasi :"``, ``"KSP Maju"``), in the order
they stand on the page, between two fixed anchors. ``verify`` reads the page's text with all white
space removed and walks each chain from its anchor: the first field whose text does not follow is
the field that differs (:func:`periksa_rantai`). A field longer than :data:`PANJANG_LITERAL`
characters is signed by its digest (``#`` and 20 hexadecimal digits), so the QR code stays small.

The payload is serialised canonically (JSON, sorted keys, no spaces, UTF-8); the QR code carries
``KK1.<signature>.<payload>`` (signature in base64url, payload as ASCII JSON), after the office's
verification address and ``#`` when the profile has one.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
from pathlib import Path
from typing import Any

from ..errors import KesehatanKoperasiError
from ..result.hasil import Hasil

FORMAT = "KK1"
#: Name of the signature attachment inside the PDF.
BERKAS_TANDA_TANGAN = "tanda-tangan.json"
BERKAS_HASIL = "hasil.json"


#: Printed fields up to this length (without white space) are signed as text, longer ones by digest.
PANJANG_LITERAL = 24


class TandaTanganError(KesehatanKoperasiError):
    """A key or a signature cannot be used."""


def hasil_bytes(hasil: Hasil) -> bytes:
    """The bytes of ``hasil.json`` as :func:`~kesehatan_koperasi.outputs.write.write_outputs` writes them."""
    return (hasil.to_json() + "\n").encode("utf-8")


def sidik(data: bytes) -> str:
    """SHA-256 of ``data``, hexadecimal."""
    return hashlib.sha256(data).hexdigest()


def sidik_hasil(hasil: Hasil) -> str:
    """The result's digest: SHA-256 of its ``hasil.json`` (the register key and the signed digest)."""
    return sidik(hasil_bytes(hasil))


def kanonik(payload: dict[str, Any]) -> bytes:
    """The canonical bytes of a payload (what is signed)."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


# ------------------------------------------------------------------------------- printed text
def padat(teks: str) -> str:
    """Text as compared with the page: NFKC, without white space, zero-width spaces or soft hyphens."""
    import unicodedata

    t = unicodedata.normalize("NFKC", teks)
    return "".join(ch for ch in t if not ch.isspace() and ch not in "\u200b\u00ad\u2060")


def _sidik_teks(teks: str) -> str:
    return "#" + hashlib.sha256(padat(teks).encode("utf-8")).hexdigest()[:20]


def unsur(kunci: str, label: str, nilai: str, utuh: bool = False) -> list[str]:
    """One signed printed field: its label as printed, and its value (the digest of a long value,
    unless ``utuh``: a field followed by no distinctive label, such as a table row)."""
    return [kunci, label, nilai if utuh or len(padat(nilai)) <= PANJANG_LITERAL else _sidik_teks(nilai)]


def rantai(awal: str, medan: list[tuple[str, str, str]], akhir: str, utuh: tuple[str, ...] = ()) -> list[Any]:
    """A signed chain of printed fields ``(kunci, label, nilai)`` between the anchors ``awal`` and
    ``akhir`` (``""``: the end of the document's text); a digested value must be followed by a
    non-empty label, so it is bounded on both sides.
    Fields whose key starts with one of ``utuh`` are signed as text whatever their length."""
    u = [unsur(k, label, n, k.startswith(utuh) if utuh else False) for k, label, n in medan]
    if not padat(awal):
        raise ValueError("rantai memerlukan jangkar awal")
    for a, b in itertools.pairwise(u):
        if a[2].startswith("#") and not padat(b[1]):
            raise ValueError(f"isian {b[0]} sesudah isian panjang {a[0]} memerlukan label")
    return [awal, u, akhir]


def periksa_rantai(halaman: str, r: list[Any]) -> str | None:
    """The key of the first field of chain ``r`` that the page text (already :func:`padat`) does
    not carry at its place; None when the whole chain stands on the page."""
    awal, medan, akhir = padat(str(r[0])), r[1], padat(str(r[2]))
    mulai = halaman.find(awal)
    if mulai < 0:
        return str(medan[0][0]) if medan else "awal"
    pos = mulai + len(awal)
    for i, (kunci, label, nilai) in enumerate(medan):
        lb = padat(str(label))
        if not halaman.startswith(lb, pos):
            return str(kunci)
        pos += len(lb)
        if str(nilai).startswith("#"):
            sesudah = padat(str(medan[i + 1][1])) if i + 1 < len(medan) else akhir
            ujung = halaman.find(sesudah, pos)
            if ujung < 0 or _sidik_teks(halaman[pos:ujung]) != nilai:
                return str(kunci)
            pos = ujung
            continue
        t = padat(str(nilai))
        if not halaman.startswith(t, pos):
            return str(kunci)
        pos += len(t)
    selesai = halaman.startswith(akhir, pos) if akhir else pos == len(halaman)   # "": the end of the text
    return None if selesai else (str(medan[-1][0]) if medan else "akhir")


# ------------------------------------------------------------------------------------ keys
def buat_kunci() -> tuple[bytes, str]:
    """A new Ed25519 key pair: (private key as PEM, public key as base64 of its 32 bytes)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    k = Ed25519PrivateKey.generate()
    pem = k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                          serialization.NoEncryption())
    raw = k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return pem, base64.b64encode(raw).decode("ascii")


def muat_kunci_privat(path: Path) -> Any:
    """The Ed25519 private key in the PEM file ``path``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        k = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as e:
        raise TandaTanganError(f"Kunci privat {path} tidak dapat dibaca: {e.strerror or e}") from None
    except (ValueError, TypeError):
        raise TandaTanganError(f"Berkas {path} bukan kunci privat PEM yang sah") from None
    if not isinstance(k, Ed25519PrivateKey):
        raise TandaTanganError(f"Kunci privat {path} bukan kunci Ed25519")
    return k


def kunci_publik_b64(kunci_privat: Any) -> str:
    """The public key of a private key, as base64 of its 32 bytes."""
    from cryptography.hazmat.primitives import serialization

    raw = kunci_privat.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def baca_kunci_publik(teks: str, asal: str = "kunci publik") -> bytes:
    """The 32 bytes of a public key given as base64 (a line of a profile or of a ``.pub`` file)."""
    try:
        raw = base64.b64decode(teks.strip(), validate=True)
    except ValueError:
        raise TandaTanganError(f"{asal} bukan base64 yang sah") from None
    if len(raw) != 32:
        raise TandaTanganError(f"{asal} harus 32 bait (Ed25519), bukan {len(raw)}")
    return raw


def id_kunci(raw: bytes) -> str:
    """A short fingerprint of a public key (16 hexadecimal digits, grouped)."""
    h = hashlib.sha256(raw).hexdigest()[:16].upper()
    return "-".join(h[i:i + 4] for i in range(0, 16, 4))


# ------------------------------------------------------------------------- sign and check
def tandatangani(payload: dict[str, Any], kunci_privat: Any) -> str:
    """The signature of the canonical payload (base64url)."""
    return _b64(kunci_privat.sign(kanonik(payload)))


def sah(payload: dict[str, Any], tanda_tangan: str, kunci_publik: bytes) -> bool:
    """Whether ``tanda_tangan`` is the signature of ``payload`` by the key ``kunci_publik``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(kunci_publik).verify(_unb64(tanda_tangan), kanonik(payload))
    except (InvalidSignature, ValueError):
        return False
    return True


def token_qr(payload: dict[str, Any], tanda_tangan: str, laman: str | None = None) -> str:
    """The QR code's text: ``[laman#]KK1.<signature>.<payload>``, the payload as canonical JSON in
    ASCII (``\\u`` escapes), so every QR reader decodes it alike whatever character set it guesses."""
    teks = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    token = f"{FORMAT}.{tanda_tangan}.{teks}"
    return f"{laman.rstrip('#')}#{token}" if laman else token


def baca_token(teks: str) -> tuple[dict[str, Any], str]:
    """(payload, signature) of a QR code's text."""
    t = teks.strip()
    mulai = t.find(FORMAT + ".")
    bagian = t[mulai:].split(".", 2) if mulai >= 0 else []
    if len(bagian) != 3:
        raise TandaTanganError("Kode QR bukan kode verifikasi kesehatan-koperasi")
    try:
        payload = json.loads(bagian[2])
    except ValueError:
        raise TandaTanganError("Isi kode QR rusak") from None
    if not isinstance(payload, dict):
        raise TandaTanganError("Isi kode QR rusak")
    return payload, bagian[1]


def qr_svg(teks: str) -> str:
    """The QR code of ``teks`` as an SVG document without XML declaration (black on white, error correction L, one path)."""
    import io

    import segno

    buf = io.BytesIO()
    segno.make(teks, error="l", micro=False).save(buf, kind="svg", xmldecl=False, svgns=True, border=2,
                                                 svgclass="qr", lineclass=None, omitsize=True)
    return buf.getvalue().decode("utf-8")
