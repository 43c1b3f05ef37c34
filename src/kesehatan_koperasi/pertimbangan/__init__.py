"""Pertimbangan Teknis for a savings-and-loan licence (IUSP) and for opening a kantor cabang,
kantor cabang pembantu or kantor kas — services 3–6 of the service standard of the Dinas
Koperasi, UKM Provinsi Kalimantan Barat (Keputusan Kepala Dinas 631/DISKOPUKM.A/2023).

>>> from kesehatan_koperasi.pertimbangan import muat_persyaratan
>>> muat_persyaratan("kantor_cabang").butir("anggota_wilayah").syarat.minimum
100.0
"""

from __future__ import annotations

from .model import HasilKesehatan, Koperasi, Pejabat, Permohonan, Surat
from .periksa import HasilPermohonan, periksa_permohonan
from .persyaratan import LAYANAN, DaftarPersyaratan, muat_persyaratan
from .tanggal import dalam_tahun_terakhir, geser_tahun, hari_kerja, sudah_berjalan, tambah_hari_kerja

__all__ = [
    "LAYANAN",
    "DaftarPersyaratan",
    "HasilKesehatan",
    "HasilPermohonan",
    "Koperasi",
    "Pejabat",
    "Permohonan",
    "Surat",
    "baca_permohonan",
    "dalam_tahun_terakhir",
    "geser_tahun",
    "hari_kerja",
    "muat_persyaratan",
    "periksa_permohonan",
    "perintah_pertimbangan",
    "render_surat_pertimbangan",
    "sudah_berjalan",
    "tambah_hari_kerja",
    "tulis_hasil_permohonan",
    "tulis_templat_permohonan",
]


def __getattr__(name: str):  # lazy: openpyxl / weasyprint only when needed
    if name in ("baca_permohonan", "tulis_templat_permohonan"):
        from . import excel

        return getattr(excel, name)
    if name == "render_surat_pertimbangan":
        from .surat import render_surat_pertimbangan

        return render_surat_pertimbangan
    if name in ("perintah_pertimbangan", "tulis_hasil_permohonan"):
        from . import perintah

        return getattr(perintah, name)
    raise AttributeError(name)
