"""The four requirement lists (services 3–6 of the service standard) as data.

Each list is a YAML file ``data/persyaratan-<layanan>.yaml`` (package data): the requirement items
in the order and with the numbers of Keputusan Kepala Dinas KUKM Kalbar 631/DISKOPUKM.A/2023,
each with its ``sumber``; items that apply only through a proxy (``hanya_kuasa``), only to
KSPPS/USPPS (``hanya_syariah``) or only to some kinds (``hanya_jenis``); and the quantitative
condition (``syarat``) checked on a submitted document.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import RulesError
from ..inputs.pesan import validation_messages

Layanan = Literal["iusp", "kantor_cabang", "kantor_cabang_pembantu", "kantor_kas"]
LAYANAN: tuple[str, ...] = ("iusp", "kantor_cabang", "kantor_cabang_pembantu", "kantor_kas")
JENIS_SYARIAH = frozenset({"KSPPS", "USPPS"})

JenisSyarat = Literal["minimum", "lama_iusp", "laporan_keuangan", "opini_audit", "kesehatan",
                      "dalam_jangka", "bank_syariah"]

#: Which field of :class:`~kesehatan_koperasi.pertimbangan.model.Permohonan` each kind of
#: condition reads.
ISIAN_SYARAT: dict[str, tuple[str, ...]] = {
    "minimum": ("jumlah_anggota_wilayah", "modal_kerja", "jangka_rencana_kerja_tahun"),
    "lama_iusp": ("tanggal_iusp",),
    "laporan_keuangan": ("tahun_laporan_keuangan",),
    "opini_audit": ("opini_audit",),
    "kesehatan": ("hasil_kesehatan",),
    "dalam_jangka": ("tanggal_bukti_spt",),
    "bank_syariah": ("jenis_bank_rekening",),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Syarat(_Model):
    """A quantitative condition on a submitted document."""

    jenis: JenisSyarat
    isian: str
    uraian: str
    status: Literal["terkonfirmasi", "sementara"]
    minimum: float | None = None
    maksimum: float | None = None
    satuan: str | None = None
    predikat: str | None = None
    diterima: list[str] | None = None
    hanya_syariah: bool = False
    catatan: str | None = None

    @model_validator(mode="after")
    def _cek(self) -> Syarat:
        if self.isian not in ISIAN_SYARAT[self.jenis]:
            raise ValueError(f"syarat {self.jenis} tidak dapat membaca isian {self.isian!r}; "
                             f"yang sah: {list(ISIAN_SYARAT[self.jenis])}")
        perlu = {"minimum": "minimum", "lama_iusp": "minimum", "laporan_keuangan": "minimum",
                 "kesehatan": "maksimum", "dalam_jangka": "maksimum", "opini_audit": "diterima"}.get(self.jenis)
        if perlu and getattr(self, perlu) is None:
            raise ValueError(f"syarat {self.jenis} memerlukan '{perlu}'")
        if self.jenis == "kesehatan" and not self.predikat:
            raise ValueError("syarat kesehatan memerlukan 'predikat'")
        return self


class Butir(_Model):
    """One requirement item."""

    kode: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    nomor: str
    uraian: str
    sumber: str
    hanya_kuasa: bool = False
    hanya_syariah: bool = False
    hanya_jenis: list[Literal["KSP", "USP", "KSPPS", "USPPS"]] | None = None
    syarat: Syarat | None = None
    catatan: str | None = None

    def berlaku(self, jenis: str, dikuasakan: bool) -> bool:
        """Whether the item is required of an application of this kind."""
        if self.hanya_kuasa and not dikuasakan:
            return False
        if self.hanya_syariah and jenis not in JENIS_SYARIAH:
            return False
        return self.hanya_jenis is None or jenis in self.hanya_jenis


class JangkaWaktu(_Model):
    administrasi_menit: int = Field(gt=0)
    pertimbangan_teknis_hari_kerja: int = Field(gt=0)
    sumber: str
    catatan: str | None = None
    status: Literal["terkonfirmasi", "sementara"]


class Keputusan(_Model):
    sumber: str


class DaftarPersyaratan(_Model):
    """The requirement list of one service."""

    layanan: Layanan
    nomor_layanan: int
    judul: str
    judul_singkat: str
    sumber: str
    jangka_waktu: JangkaWaktu
    keputusan: Keputusan
    persyaratan: list[Butir] = Field(min_length=1)

    @model_validator(mode="after")
    def _kode_unik(self) -> DaftarPersyaratan:
        kode = [b.kode for b in self.persyaratan]
        dobel = sorted({k for k in kode if kode.count(k) > 1})
        if dobel:
            raise ValueError(f"kode butir ganda: {dobel}")
        return self

    def butir(self, kode: str) -> Butir:
        return next(b for b in self.persyaratan if b.kode == kode)

    @property
    def kode(self) -> tuple[str, ...]:
        return tuple(b.kode for b in self.persyaratan)


def nama_berkas(layanan: str) -> str:
    return f"persyaratan-{layanan.replace('_', '-')}.yaml"


@functools.cache
def muat_persyaratan(layanan: str) -> DaftarPersyaratan:
    """The requirement list of ``layanan`` (``iusp``, ``kantor_cabang``, ``kantor_cabang_pembantu``,
    ``kantor_kas``), read from package data and validated."""
    if layanan not in LAYANAN:
        raise ValueError(f"layanan tidak dikenal: {layanan!r}; yang sah: {', '.join(LAYANAN)}")
    berkas = nama_berkas(layanan)
    teks = resources.files("kesehatan_koperasi").joinpath("data", berkas).read_text(encoding="utf-8")
    try:
        daftar = DaftarPersyaratan.model_validate(yaml.safe_load(teks))
    except ValidationError as e:
        raise RulesError(berkas, validation_messages(e)) from None
    if daftar.layanan != layanan:
        raise RulesError(berkas, [("layanan", f"berisi {daftar.layanan!r}, diharapkan {layanan!r}")])
    return daftar
