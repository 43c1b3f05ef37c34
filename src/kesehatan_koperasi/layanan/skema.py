"""The tables of the web service's database (issue 13): accounts, API tokens, browser sessions,
the register of examinations with their findings, and the office's agenda register.

SQLAlchemy 2 declarative models; the schema itself is created and changed only by the Alembic
migrations in :mod:`.migrasi` (run on start, :func:`.db.siapkan`). An issued examination
(``status == "terbit"``) is never updated: a correction is a new row (``versi + 1``) whose
``menggantikan_id`` names the one it supersedes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Roles of an account: examiners upload and prepare, signatories approve, admins manage accounts.
PERAN = ("pemeriksa", "penandatangan", "admin")
#: Follow-up states of a finding.
STATUS_TEMUAN = ("terbuka", "ditindaklanjuti", "selesai")


class Dasar(DeclarativeBase):
    pass


class Pengguna(Dasar):
    __tablename__ = "pengguna"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nama: Mapped[str] = mapped_column(String(100), unique=True)
    peran: Mapped[str] = mapped_column(String(20))
    sandi_hash: Mapped[str] = mapped_column(String(200))
    dibuat_pada: Mapped[dt.datetime] = mapped_column(DateTime)


class TokenApi(Dasar):
    __tablename__ = "token_api"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pengguna_id: Mapped[int] = mapped_column(ForeignKey("pengguna.id"))
    sidik: Mapped[str] = mapped_column(String(64), unique=True)
    dibuat_pada: Mapped[dt.datetime] = mapped_column(DateTime)


class Sesi(Dasar):
    __tablename__ = "sesi"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sidik: Mapped[str] = mapped_column(String(64), unique=True)
    pengguna_id: Mapped[int] = mapped_column(ForeignKey("pengguna.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    kedaluwarsa: Mapped[dt.datetime] = mapped_column(DateTime)


class Pemeriksaan(Dasar):
    """One version of the examination of one cooperative for one tahun buku."""

    __tablename__ = "pemeriksaan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nik: Mapped[str] = mapped_column(String(100), index=True)
    nama_koperasi: Mapped[str] = mapped_column(String(300), index=True)
    kabupaten_kota: Mapped[str] = mapped_column(String(200), default="")
    tahun_buku: Mapped[int] = mapped_column(Integer, index=True)
    versi: Mapped[int] = mapped_column(Integer, default=1)
    menggantikan_id: Mapped[int | None] = mapped_column(ForeignKey("pemeriksaan.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draf")
    nama_berkas: Mapped[str] = mapped_column(String(300), default="")
    hasil_json: Mapped[str] = mapped_column(Text)
    kode: Mapped[str] = mapped_column(String(20), index=True)
    sidik: Mapped[str] = mapped_column(String(64))
    nilai_akhir: Mapped[float] = mapped_column(Float)
    predikat: Mapped[str] = mapped_column(String(100), index=True)
    diterima_pada: Mapped[dt.date] = mapped_column(Date)
    dibuat_oleh: Mapped[int] = mapped_column(ForeignKey("pengguna.id"))
    dibuat_pada: Mapped[dt.datetime] = mapped_column(DateTime)
    terbit_pada: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    penandatangan_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"), nullable=True)
    nomor_sertifikat: Mapped[str | None] = mapped_column(String(200), nullable=True)
    nomor_berita_acara: Mapped[str | None] = mapped_column(String(200), nullable=True)
    penanda_tangan_dokumen: Mapped[str | None] = mapped_column(String(300), nullable=True)
    sertifikat_pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    berita_acara_pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class Temuan(Dasar):
    """A finding of an examination (an indicator the core flagged) and its follow-up."""

    __tablename__ = "temuan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pemeriksaan_id: Mapped[int] = mapped_column(ForeignKey("pemeriksaan.id"), index=True)
    kode: Mapped[str] = mapped_column(String(50))
    label: Mapped[str] = mapped_column(String(500))
    rekomendasi: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="terbuka")
    tenggat: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    catatan: Mapped[str] = mapped_column(Text, default="")
    diubah_pada: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Agenda(Dasar):
    """The office's agenda register: one sequence per office and year of issue."""

    __tablename__ = "agenda"
    __table_args__ = (UniqueConstraint("kantor", "tahun", "kunci_hasil"),)
    kantor: Mapped[str] = mapped_column(String(300), primary_key=True)
    tahun: Mapped[int] = mapped_column(Integer, primary_key=True)
    urut: Mapped[int] = mapped_column(Integer, primary_key=True)
    kunci_hasil: Mapped[str] = mapped_column(String(64))
    tanggal: Mapped[dt.date] = mapped_column(Date)
