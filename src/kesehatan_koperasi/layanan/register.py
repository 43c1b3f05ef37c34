"""The register of examinations (issue 13, items 2-3): drafts, issuing, superseding, search,
the history of one cooperative, findings and their follow-up.

Every function works on a :class:`~sqlalchemy.orm.Session` inside the caller's transaction
(:func:`.db.transaksi`), so a request that fails half-way leaves nothing behind. The register
stores what the library's :class:`~kesehatan_koperasi.Hasil` carries (``hasil.json`` itself, its
``nilai_akhir``, ``predikat`` and verification code) and never computes a score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..errors import KesehatanKoperasiError
from ..outputs.tanda_tangan import sidik_hasil
from ..result.hasil import Hasil
from .agenda import AgendaBasisData
from .akun import sekarang
from .dokumen import Dokumen, buat_dokumen
from .skema import STATUS_TEMUAN, Pemeriksaan, Pengguna, Temuan


class RegisterError(KesehatanKoperasiError):
    """An operation on the register is not allowed (e.g. approving as an examiner, editing an issued record)."""

    def __init__(self, pesan: str, status: int = 409) -> None:
        super().__init__(pesan)
        self.status = status


def hasil_dari(p: Pemeriksaan) -> Hasil:
    return Hasil.model_validate_json(p.hasil_json)


def _temuan_kertas_kerja(hasil: Hasil) -> dict[str, Any]:
    kk = hasil.kertas_kerja
    return dict(kk.pemeriksaan.temuan) if kk is not None and kk.pemeriksaan is not None else {}


def simpan_draf(s: Session, hasil: Hasil, pengguna: Pengguna, nama_berkas: str, diterima: dt.date,
                menggantikan: Pemeriksaan | None = None) -> Pemeriksaan:
    """A new draft of ``hasil``; with ``menggantikan`` a new version of that issued examination."""
    if menggantikan is not None and menggantikan.status != "terbit":
        raise RegisterError("Hanya pemeriksaan yang sudah terbit yang dapat digantikan dengan versi baru; "
                            "draf cukup diunggah ulang")
    ident = hasil.identitas
    p = Pemeriksaan(
        nik=str(ident.get("nik") or ""), nama_koperasi=hasil.nama_koperasi,
        kabupaten_kota=str(ident.get("kabupaten_kota") or ""), tahun_buku=int(ident.get("tahun_buku") or 0),
        versi=(menggantikan.versi + 1) if menggantikan else 1,
        menggantikan_id=menggantikan.id if menggantikan else None, status="draf",
        nama_berkas=nama_berkas[:300], hasil_json=hasil.to_json(), kode=hasil.kode_verifikasi(),
        sidik=sidik_hasil(hasil), nilai_akhir=hasil.nilai_akhir, predikat=hasil.predikat,
        diterima_pada=menggantikan.diterima_pada if menggantikan else diterima,
        dibuat_oleh=pengguna.id, dibuat_pada=sekarang())
    s.add(p)
    s.flush()
    catatan_kk = _temuan_kertas_kerja(hasil)
    for i in hasil.temuan():
        dari_kk = catatan_kk.get(i.kode) or catatan_kk.get(i.aspek)
        s.add(Temuan(pemeriksaan_id=p.id, kode=i.kode, label=i.label[:500], rekomendasi=i.rekomendasi,
                     status="terbuka", tenggat=getattr(dari_kk, "tenggat", None), catatan=""))
    return p


def ambil(s: Session, id_: int) -> Pemeriksaan:
    p = s.get(Pemeriksaan, id_)
    if p is None:
        raise RegisterError(f"Pemeriksaan nomor {id_} tidak ada di register", 404)
    return p


def terbitkan(s: Session, id_: int, pengguna: Pengguna, kantor: Any,
              render: Callable[[Hasil, Any, AgendaBasisData], Dokumen] = buat_dokumen) -> Pemeriksaan:
    """Approve draft ``id_``: the number from the register, the documents rendered and signed."""
    if pengguna.peran != "penandatangan":
        raise RegisterError("Hanya pengguna dengan peran penandatangan yang dapat menyetujui dan menerbitkan "
                            "sertifikat", 403)
    p = ambil(s, id_)
    if p.status != "draf":
        raise RegisterError(f"Pemeriksaan nomor {id_} sudah terbit; dokumen terbit tidak diubah, hanya dapat "
                            "digantikan dengan versi baru")
    hasil = hasil_dari(p)
    dok = render(hasil, kantor, AgendaBasisData(s, kantor))
    kk = hasil.kertas_kerja
    ttd = kk.pemeriksaan.penandatangan if kk is not None and kk.pemeriksaan is not None else None
    p.status = "terbit"
    p.terbit_pada = sekarang()
    p.penandatangan_id = pengguna.id
    p.nomor_sertifikat, p.nomor_berita_acara = dok.nomor_sertifikat, dok.nomor_berita_acara
    p.penanda_tangan_dokumen = (f"{ttd.nama}" + (f", {ttd.jabatan}" if ttd.jabatan else "")) if ttd else None
    p.sertifikat_pdf, p.berita_acara_pdf = dok.sertifikat, dok.berita_acara
    s.flush()
    return p


def pengganti(s: Session, p: Pemeriksaan) -> Pemeriksaan | None:
    """The newest version that supersedes ``p`` (issued or draft), or None."""
    return s.scalar(select(Pemeriksaan).where(Pemeriksaan.menggantikan_id == p.id).order_by(Pemeriksaan.id.desc()))


def status_tampil(s: Session, p: Pemeriksaan) -> str:
    """``draf``, ``terbit``, or ``diganti`` (an issued version superseded by an issued newer one)."""
    if p.status == "terbit":
        baru = pengganti(s, p)
        if baru is not None and baru.status == "terbit":
            return "diganti"
    return p.status


def cari(s: Session, q: str = "", nik: str = "", kabupaten_kota: str = "", predikat: str = "",
         tahun_buku: int | None = None, batas: int = 500) -> list[Pemeriksaan]:
    """Examinations matching every criterion given (name or NIK text ``q``), newest first."""
    pilih = select(Pemeriksaan)
    if q.strip():
        pola = f"%{q.strip().lower()}%"
        pilih = pilih.where(or_(Pemeriksaan.nama_koperasi.ilike(pola), Pemeriksaan.nik.like(pola)))
    if nik.strip():
        pilih = pilih.where(Pemeriksaan.nik == nik.strip())
    if kabupaten_kota.strip():
        pilih = pilih.where(Pemeriksaan.kabupaten_kota.ilike(f"%{kabupaten_kota.strip()}%"))
    if predikat.strip():
        pilih = pilih.where(Pemeriksaan.predikat == predikat.strip())
    if tahun_buku is not None:
        pilih = pilih.where(Pemeriksaan.tahun_buku == tahun_buku)
    return list(s.scalars(pilih.order_by(Pemeriksaan.id.desc()).limit(batas)))


def riwayat(s: Session, nik: str) -> list[Pemeriksaan]:
    """Per tahun buku the newest issued version of cooperative ``nik`` (else its newest draft), by year."""
    semua = list(s.scalars(select(Pemeriksaan).where(Pemeriksaan.nik == nik).order_by(Pemeriksaan.id)))
    per_tahun: dict[int, Pemeriksaan] = {}
    for p in semua:
        lama = per_tahun.get(p.tahun_buku)
        if lama is None or p.status == "terbit" or lama.status != "terbit":
            per_tahun[p.tahun_buku] = p
    return [per_tahun[t] for t in sorted(per_tahun)]


def dengan_kode(s: Session, kode: str) -> Pemeriksaan | None:
    """The newest issued examination whose verification code is ``kode`` (the code on the document)."""
    k = kode.strip().upper()
    return s.scalar(select(Pemeriksaan).where(Pemeriksaan.kode == k, Pemeriksaan.status == "terbit")
                    .order_by(Pemeriksaan.id.desc()))


def temuan_dari(s: Session, p: Pemeriksaan) -> list[Temuan]:
    return list(s.scalars(select(Temuan).where(Temuan.pemeriksaan_id == p.id).order_by(Temuan.id)))


def ubah_temuan(s: Session, id_: int, status: str, tenggat: dt.date | None, catatan: str) -> Temuan:
    """Record the follow-up of a finding (the issued documents themselves are not changed)."""
    t = s.get(Temuan, id_)
    if t is None:
        raise RegisterError(f"Temuan nomor {id_} tidak ada", 404)
    if status not in STATUS_TEMUAN:
        raise RegisterError(f"status tindak lanjut harus salah satu dari {', '.join(STATUS_TEMUAN)}, bukan "
                            f"'{status[:40]}'", 422)
    if len(catatan) > 2000:
        raise RegisterError("catatan tindak lanjut paling panjang 2.000 karakter", 422)
    t.status, t.tenggat, t.catatan, t.diubah_pada = status, tenggat, catatan, sekarang()
    return t
