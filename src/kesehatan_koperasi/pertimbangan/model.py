"""An application for a *Pertimbangan Teknis* (:class:`Permohonan`) as a validated pydantic model."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from .persyaratan import Layanan, muat_persyaratan

if TYPE_CHECKING:  # pragma: no cover
    from ..result.hasil import Hasil

Jenis = Literal["KSP", "USP", "KSPPS", "USPPS"]
StatusDokumen = Literal["ada", "tidak_ada", "tidak_berlaku"]
Predikat = Literal["Sehat", "Cukup Sehat", "Dalam Pengawasan", "Dalam Pengawasan Khusus"]
Opini = Literal["wajar", "wajar_dengan_pengecualian", "tidak_wajar", "tidak_menyatakan_pendapat"]
JenisBank = Literal["umum", "syariah"]

LABEL_OPINI: dict[str, str] = {
    "wajar": "Wajar (tanpa modifikasian)",
    "wajar_dengan_pengecualian": "Wajar dengan pengecualian",
    "tidak_wajar": "Tidak wajar",
    "tidak_menyatakan_pendapat": "Tidak menyatakan pendapat",
}
LABEL_BANK: dict[str, str] = {"umum": "Bank umum (konvensional)", "syariah": "Bank syariah"}

Teks = Annotated[str, Field(min_length=1, max_length=500)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Pejabat(_Model):
    nama: Teks
    nip: str | None = Field(default=None, max_length=40)
    jabatan: Teks


class HasilKesehatan(_Model):
    """A health examination result: from a :class:`~kesehatan_koperasi.hasil.Hasil` or entered."""

    predikat: Predikat
    tanggal: dt.date
    """Date of the result: the last day of the examination (``tanggal_selesai_pemeriksaan``)."""
    nilai_akhir: float | None = Field(default=None, ge=0, le=100)
    nik: str | None = Field(default=None, pattern=r"^\d{16}$")
    tahun_buku: int | None = None
    sumber: Literal["hasil", "isian"] = "isian"
    kode_verifikasi: str | None = None

    @classmethod
    def dari_hasil(cls, hasil: Hasil) -> HasilKesehatan:
        """Take the predicate and date of an assessment of this library.

        The date is ``kertas_kerja.pemeriksaan.tanggal_selesai_pemeriksaan``; a result without an
        examination record has no date and cannot be used (ValueError)."""
        kk = hasil.kertas_kerja
        if kk is None or kk.pemeriksaan is None:
            raise ValueError("hasil penilaian tidak memuat data pemeriksaan (tanggal selesai pemeriksaan); "
                             "isi predikat dan tanggal hasil secara manual")
        return cls(predikat=hasil.predikat, tanggal=kk.pemeriksaan.tanggal_selesai_pemeriksaan,
                   nilai_akhir=hasil.nilai_akhir, nik=hasil.identitas.get("nik"),
                   tahun_buku=hasil.identitas.get("tahun_buku"), sumber="hasil",
                   kode_verifikasi=hasil.kode_verifikasi())


class Koperasi(_Model):
    nama_koperasi: Teks
    nik: str | None = Field(default=None, pattern=r"^\d{16}$", description="Nomor Induk Koperasi, 16 angka")
    nib: str | None = Field(default=None, pattern=r"^\d{13}$", description="Nomor Induk Berusaha, 13 angka")
    jenis: Jenis
    alamat: Teks
    kabupaten_kota: Teks


class Surat(_Model):
    """The outgoing letter (Surat Pertimbangan Teknis): number, date, signatory."""

    nomor: Teks
    tanggal: dt.date
    penandatangan: Pejabat
    verifikator: Pejabat | None = None


class Permohonan(_Model):
    """One application for a Pertimbangan Teknis (services 3–6 of the service standard).

    ``dokumen`` holds, for every requirement item of the service (``kode`` of the requirement
    list), ``ada`` / ``tidak_ada`` / ``tidak_berlaku``. An item that applies to this application
    cannot be ``tidak_berlaku``; an item that does not apply may be left out. When a document
    carrying a quantitative condition is ``ada``, the value the condition reads must be filled
    (``tanggal_iusp``, ``jumlah_anggota_wilayah`` …): nothing is assumed.
    """

    layanan: Layanan
    nomor_permohonan: str | None = Field(default=None, max_length=100, description="nomor permohonan OSS")
    diterima: dt.datetime
    """When the application was received by the service officer (start of every deadline; the
    reference date of every "within N years" condition)."""
    koperasi: Koperasi
    dikuasakan: bool
    nama_pemohon: Teks
    nama_penerima_kuasa: str | None = Field(default=None, max_length=500)
    lokasi_kantor_baru: str | None = Field(default=None, max_length=500)
    dokumen: dict[str, StatusDokumen]

    tanggal_iusp: dt.date | None = None
    tahun_laporan_keuangan: list[int] | None = None
    opini_audit: Opini | None = None
    hasil_kesehatan: HasilKesehatan | None = None
    tanggal_bukti_spt: dt.date | None = None
    jumlah_anggota_wilayah: int | None = Field(default=None, ge=0)
    modal_kerja: float | None = Field(default=None, ge=0, allow_inf_nan=False, description="[Rp]")
    jangka_rencana_kerja_tahun: float | None = Field(default=None, ge=0, allow_inf_nan=False, description="[tahun]")
    jenis_bank_rekening: JenisBank | None = None

    catatan: str | None = Field(default=None, max_length=10_000)
    surat: Surat | None = None

    @field_validator("tahun_laporan_keuangan")
    @classmethod
    def _tahun(cls, v: list[int] | None) -> list[int] | None:
        if v is None:
            return v
        if any(not 1900 <= t <= 2200 for t in v):
            raise ValueError("tahun buku harus 4 angka (1900–2200)")
        return sorted(set(v))

    @property
    def tanggal(self) -> dt.date:
        """The reference date of the application."""
        return self.diterima.date()

    @model_validator(mode="after")
    def _sesuai_persyaratan(self, info: ValidationInfo) -> Permohonan:
        if info.context and info.context.get("tanpa_konsistensi"):
            return self   # the Excel reader runs periksa_konsistensi itself, to name the cells
        masalah = periksa_konsistensi(self)
        if masalah:
            raise ValueError("; ".join(f"{m}: {p}" if m else p for m, p in masalah))
        return self


def periksa_konsistensi(p: Permohonan) -> list[tuple[str, str]]:
    """Checks across fields and against the requirement list, as ``(medan, pesan)``; ``medan`` is
    a path in :class:`Permohonan` (``dokumen.npwp``, ``hasil_kesehatan.tanggal``, ``modal_kerja``)."""
    daftar = muat_persyaratan(p.layanan)
    masalah: list[tuple[str, str]] = []
    tak_dikenal = sorted(set(p.dokumen) - set(daftar.kode))
    if tak_dikenal:
        masalah.append(("dokumen", f"kode dokumen tidak dikenal untuk layanan {p.layanan}: {tak_dikenal}"))
    for b in daftar.persyaratan:
        status = p.dokumen.get(b.kode)
        if not b.berlaku(p.koperasi.jenis, p.dikuasakan):
            continue
        if status is None:
            masalah.append((f"dokumen.{b.kode}", f"status belum diisi (butir {b.nomor})"))
        elif status == "tidak_berlaku":
            masalah.append((f"dokumen.{b.kode}", f"butir {b.nomor} berlaku untuk permohonan ini "
                                                 "(isi 'ada' atau 'tidak_ada')"))
        elif status == "ada" and b.syarat is not None:
            if b.syarat.hanya_syariah and p.koperasi.jenis not in ("KSPPS", "USPPS"):
                continue
            if getattr(p, b.syarat.isian) is None:
                masalah.append((b.syarat.isian, f"wajib diisi karena dokumen {b.kode} (butir {b.nomor}) ada"))
    if p.dikuasakan and not p.nama_penerima_kuasa:
        masalah.append(("nama_penerima_kuasa", "wajib diisi bila permohonan dikuasakan"))
    if p.hasil_kesehatan is not None:
        if p.hasil_kesehatan.tanggal > p.tanggal:
            masalah.append(("hasil_kesehatan.tanggal", "sesudah tanggal permohonan diterima"))
        if p.hasil_kesehatan.nik and p.koperasi.nik and p.hasil_kesehatan.nik != p.koperasi.nik:
            masalah.append(("hasil_kesehatan.nik", f"{p.hasil_kesehatan.nik} bukan NIK koperasi pemohon "
                                                   f"({p.koperasi.nik})"))
    for medan in ("tanggal_iusp", "tanggal_bukti_spt"):
        v = getattr(p, medan)
        if v is not None and v > p.tanggal:
            masalah.append((medan, "sesudah tanggal permohonan diterima"))
    if p.surat is not None and p.surat.tanggal < p.tanggal:
        masalah.append(("surat.tanggal", "sebelum tanggal permohonan diterima"))
    return masalah
