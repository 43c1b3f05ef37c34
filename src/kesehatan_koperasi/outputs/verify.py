"""Verification of a signed document (``kesehatan-koperasi verify PDF [--hasil] [--kunci-publik]``).

Spec ``documents.md``: "``verify`` checks the signature and compares every printed field with the
signed data, naming any field that differs". The steps, each a reason for TIDAK COCOK:

1. the signed payload and its signature are read from the PDF's attachment ``tanda-tangan.json``
   (the same payload the QR code carries);
2. the signature must be by a *trusted* key: the key given with ``--kunci-publik``, else the key of
   the configured office profile (``--kantor``/``KK_KANTOR``/the user's folder) or of the bundled
   example profile (reported as an example). A key carried inside the document is never trusted;
3. every printed field is compared with the signed text (:func:`~.tanda_tangan.periksa_rantai`),
   so a changed name, NIK, date, score or signatory is named;
4. the embedded ``hasil.json`` (and the one given with ``--hasil``) must have the signed digest;
   a result that carries its worksheet is scored again when its built-in rule set is at hand.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import KesehatanKoperasiError
from ..result.hasil import Hasil
from .tanda_tangan import (
    BERKAS_HASIL,
    BERKAS_TANDA_TANGAN,
    FORMAT,
    TandaTanganError,
    baca_kunci_publik,
    id_kunci,
    padat,
    periksa_rantai,
    sah,
    sidik,
)

#: Names of printed fields in messages (the signed key → Indonesian).
LABEL = {"nomor": "nomor", "pengantar": "kalimat pengantar (tanggal pemeriksaan, surat tugas, kantor)",
         "nama": "nama koperasi", "nik": "Nomor Induk Koperasi (NIK)", "badan_hukum": "badan hukum",
         "jenis": "jenis koperasi", "alamat": "alamat", "tahun_buku": "tahun buku",
         "dasar_penilaian": "aturan penilaian", "kepala_tabel": "kepala tabel aspek",
         "nilai_akhir.tabel": "nilai akhir (tabel)", "nilai_akhir": "nilai akhir", "predikat": "predikat",
         "tanggal_terbit": "tempat dan tanggal terbit",
         "penandatangan": "penandatangan (a.n., jabatan, nama, pangkat/golongan)", "penandatangan.nip": "NIP penandatangan",
         "pembuka": "hari dan tanggal pemeriksaan", "surat_tugas": "surat tugas dan tanggal pemeriksaan",
         "kesimpulan": "nilai akhir dan predikat (kesimpulan)", "tanpa_kertas_kerja": "catatan tanpa kertas kerja",
         "tim.kepala": "kepala tabel tim pemeriksa", "tim.kosong": "tabel tim pemeriksa"}

_CONTOH = "CONTOH — bukan dokumen resmi"


def label(kunci: str) -> str:
    """The Indonesian name of a printed field."""
    if kunci.startswith("aspek."):
        return f"skor aspek {kunci.split('.', 1)[1]}"
    if kunci.startswith("tim."):
        return f"anggota tim pemeriksa {kunci.split('.', 1)[1]}"
    return LABEL.get(kunci, kunci)


def _baca_pdf(path: Path) -> tuple[list[str], dict[str, bytes]]:
    """(text of every page, attachments by name) of a PDF."""
    from pypdf import PdfReader

    r = PdfReader(io.BytesIO(path.read_bytes()))
    halaman = [(pg.extract_text() or "") for pg in r.pages]
    lampiran: dict[str, bytes] = {}
    for nama, isi in (r.attachments or {}).items():
        if isi:
            lampiran[nama] = isi[0]
    return halaman, lampiran


def kunci_tepercaya(kunci_publik: str | Path | None = None, kantor: Any = None) -> list[tuple[bytes, str, bool]]:
    """The trusted public keys: (32 bytes, origin, is the example key).

    ``kunci_publik``: a ``.pub`` file (or the base64 text itself) — then only that key. Otherwise
    the configured office profile's key and the bundled example profile's key.
    """
    from .pdf.kantor import cari_profil, kantor_contoh, load_kantor

    if kunci_publik is not None:
        p = Path(kunci_publik)
        try:
            teks = p.read_text(encoding="utf-8") if p.is_file() else str(kunci_publik)
        except OSError as e:
            raise TandaTanganError(f"Kunci publik {p} tidak dapat dibaca: {e.strerror or e}") from None
        return [(baca_kunci_publik(teks, f"kunci publik {kunci_publik}"), f"kunci publik {kunci_publik}", False)]
    daftar: list[tuple[bytes, str, bool]] = []
    lokasi = cari_profil(kantor) if not hasattr(kantor, "kunci_publik") else None
    profil = kantor if hasattr(kantor, "kunci_publik") else (load_kantor(lokasi) if lokasi is not None else None)
    for k in (profil, kantor_contoh()):
        if k is not None and k.kunci_publik:
            raw = baca_kunci_publik(k.kunci_publik, f"kunci_publik profil kantor {k.nama}")
            if all(raw != d[0] for d in daftar):
                daftar.append((raw, f"profil kantor {k.nama}", bool(k.contoh)))
    return daftar


def verify(pdf_path: str | Path, hasil_json_path: str | Path | None = None, *,
           kunci_publik: str | Path | None = None, kantor: Any = None) -> tuple[bool, str]:
    """Whether a certificate or minutes PDF is genuine; the message (Indonesian) names what differs.

    For compatibility, ``verify("hasil.json", "sertifikat.pdf")`` (the old argument order) is
    accepted too.
    """
    pp, hp = Path(pdf_path), (Path(hasil_json_path) if hasil_json_path is not None else None)
    if pp.suffix.lower() == ".json" and hp is not None and hp.suffix.lower() == ".pdf":
        pp, hp = hp, pp
    try:
        halaman, lampiran = _baca_pdf(pp)
    except OSError as e:
        return False, f"Berkas {pp} tidak dapat dibaca: {e.strerror or e}."
    except Exception as e:  # pypdf raises many types for a damaged file
        return False, f"Berkas {pp} bukan PDF yang dapat dibaca ({type(e).__name__})."

    # 1. the signed payload
    if BERKAS_TANDA_TANGAN not in lampiran:
        return False, (f"TIDAK COCOK: {pp} tidak memuat tanda tangan elektronik kantor ({BERKAS_TANDA_TANGAN}); "
                       "dokumen tanpa profil kantor tidak dapat diverifikasi.")
    try:
        data = json.loads(lampiran[BERKAS_TANDA_TANGAN])
        payload, ttd = data["payload"], str(data["tanda_tangan"])
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return False, f"TIDAK COCOK: tanda tangan di dalam {pp} rusak."

    # 2. a trusted key
    try:
        tepercaya = kunci_tepercaya(kunci_publik, kantor)
    except KesehatanKoperasiError as e:
        return False, str(e)
    cocok = next(((o, c) for raw, o, c in tepercaya if sah(payload, ttd, raw)), None)
    if cocok is None:
        asal = ", ".join(o for _, o, _ in tepercaya) or "tidak ada kunci yang dikenal"
        return False, (f"TIDAK COCOK: tanda tangan {pp} tidak dibuat dengan kunci yang dipercaya ({asal}); "
                       f"dokumen menyebut kunci {payload.get('kunci', '?')}. Berikan kunci publik kantor penerbit "
                       "dengan --kunci-publik.")
    asal_kunci, contoh = cocok

    # 3. every printed field against the signed text
    teks = _teks_tanpa_kaki(halaman, payload)
    for r in payload.get("rantai", []):
        beda = periksa_rantai(teks, r)
        if beda is not None:
            return False, (f"TIDAK COCOK: {label(beda)} yang tercetak pada {pp} berbeda dengan data yang "
                           "ditandatangani kantor; dokumen telah diubah.")

    # 4. the result
    sidik_hasil = str(payload.get("hasil", ""))
    if BERKAS_HASIL in lampiran and sidik(lampiran[BERKAS_HASIL]) != sidik_hasil:
        return False, f"TIDAK COCOK: {BERKAS_HASIL} di dalam {pp} bukan hasil yang ditandatangani."
    catatan = ""
    if hp is not None:
        try:
            isi = hp.read_bytes()
            hasil = Hasil.model_validate_json(isi)
        except OSError as e:
            return False, f"Berkas hasil {hp} tidak dapat dibaca: {e.strerror or e}."
        except ValidationError as e:
            return False, f"Berkas hasil {hp} bukan hasil penilaian yang sah ({e.error_count()} masalah)."
        if sidik(isi) != sidik_hasil:
            return False, (f"TIDAK COCOK: {hp} bukan hasil yang ditandatangani pada {pp} (kode {hasil.kode_verifikasi()}, "
                           f"dokumen: {payload.get('kode')}); salah satunya telah diubah.")
        ulang = _periksa_ulang(hasil)
        if ulang is not None and not ulang[0]:
            return False, ulang[1]
        if ulang is not None:
            catatan = " " + ulang[1]
    jenis = "berita acara" if payload.get("dokumen") == "berita_acara" else "sertifikat"
    pesan = (f"COCOK: {jenis} {pp} ditandatangani oleh {payload.get('kantor')} (kunci {payload.get('kunci')}, "
             f"{asal_kunci}); kode {payload.get('kode')}; setiap isian tercetak sama dengan data yang ditandatangani.")
    if contoh:
        pesan += " PERHATIAN: kunci ini kunci CONTOH yang disertakan dengan perangkat lunak; dokumen bukan dokumen resmi."
    return True, pesan + catatan


def _teks_tanpa_kaki(halaman: list[str], payload: dict[str, Any]) -> str:
    """The pages' text without the running footer and the example mark (they repeat on each page)."""
    n = len(halaman)
    kaki = padat(str(payload.get("kaki", ""))) if payload.get("kaki") else ""
    bagian = []
    for i, t in enumerate(halaman, start=1):
        p = padat(t).replace(padat(f"Halaman {i} dari {n}"), "").replace(padat(_CONTOH), "")
        bagian.append(p.replace(kaki, "") if kaki else p)
    return "".join(bagian)


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


__all__ = ["id_kunci", "kunci_tepercaya", "label", "verify"]
