"""The issuing office (spec ``documents.md``, "The issuing office"): its settings model and loader.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...errors import KesehatanKoperasiError
from ...inputs.pesan import validation_messages

# ---------------------------------------------------------------------------------- the office
#: Placeholder values with which every number pattern of a profile is tried when it is loaded.
_CONTOH_NOMOR = {"kode": "0000-0000-0000", "kode_polos": "000000000000", "tahun": 2000,
                 "bulan_romawi": "I", "tahun_buku": 2000, "nik": "", "jenis": "", "kuk": "",
                 "singkatan": ""}


class Kantor(BaseModel):
    """The issuing office: letterhead, contact lines, place of issue and number patterns."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kop: list[str] = Field(min_length=1, max_length=5)
    """The large letterhead lines, top to bottom."""
    nama: str = Field(min_length=1, max_length=300)
    singkatan: str = Field(default="", max_length=60)
    alamat: str = Field(min_length=1, max_length=300)
    telepon: str | None = Field(default=None, max_length=120)
    faksimile: str | None = Field(default=None, max_length=120)
    laman: str | None = Field(default=None, max_length=200)
    pos_el: str | None = Field(default=None, max_length=200)
    tempat_terbit: str = Field(min_length=1, max_length=100)
    nomor_sertifikat: str = Field(default="{kode}", max_length=200)
    nomor_berita_acara: str = Field(default="", max_length=200)
    dasar_hukum: list[str] = Field(default_factory=list, max_length=10)
    tujuan_pertimbangan: str | None = Field(default=None, max_length=300)
    """Addressee of the Surat Pertimbangan Teknis (``None``: the letter's default)."""
    libur_tambahan: list[dt.date] = Field(default_factory=list, max_length=366)
    """The office's extra non-working days (a regional holiday, cuti bersama missing from ``holidays``)."""

    def kontak(self) -> list[str]:
        """The small letterhead lines: address, then phone/fax, then web/e-mail."""
        baris = [self.alamat]
        tel = " ".join(p for p in (f"Telepon {self.telepon}" if self.telepon else "",
                                   f"Faksimile {self.faksimile}" if self.faksimile else "") if p)
        web = " ".join(p for p in (f"Laman {self.laman}" if self.laman else "",
                                   f"Pos-el {self.pos_el}" if self.pos_el else "") if p)
        return baris + [b for b in (tel, web) if b]


class KantorError(KesehatanKoperasiError):
    """The issuing-office settings cannot be used."""


@functools.lru_cache(maxsize=1)
def _kantor_bawaan() -> Kantor:
    teks = (resources.files("kesehatan_koperasi") / "data" / "kantor.yaml").read_text(encoding="utf-8")
    return _kantor_dari_dict(_yaml_dict(teks, "kantor.yaml (bawaan)"), "kantor.yaml (bawaan)")


def _yaml_dict(teks: str, asal: str) -> dict[str, Any]:
    """The mapping of an office settings file, or a :class:`KantorError` naming the file."""
    try:
        data = yaml.safe_load(teks)
    except yaml.YAMLError as e:
        raise KantorError(f"Berkas kantor {asal} bukan YAML yang sah: {e}") from None
    if not isinstance(data, dict):
        raise KantorError(f"Berkas kantor {asal} harus berisi pemetaan kunci: nilai")
    return data


def _kantor_dari_dict(data: Mapping[str, Any], asal: str) -> Kantor:
    try:
        k = Kantor.model_validate(dict(data))
    except ValidationError as e:
        masalah = "; ".join(f"{k or '(berkas)'}: {m}" for k, m in validation_messages(e, satuan="baris"))
        raise KantorError(f"Berkas kantor {asal} tidak dapat dipakai: {masalah}") from None
    for medan in ("nomor_sertifikat", "nomor_berita_acara"):
        try:
            getattr(k, medan).format(**_CONTOH_NOMOR)
        except (KeyError, IndexError, ValueError) as e:
            raise KantorError(f"Berkas kantor {asal}: pola {medan} tidak sah ({e!r}); "
                              f"tempat isian yang sah: {sorted(_CONTOH_NOMOR)}") from None
    return k


def load_kantor(path: str | Path | None = None) -> Kantor:
    """The issuing-office settings from a YAML file; ``None`` gives the built-in default.

    The default is the Kalimantan Barat office (``kesehatan_koperasi/data/kantor.yaml``). A file
    may set only some keys: the others keep the default's values. Raises :class:`KantorError`
    (a :class:`~kesehatan_koperasi.errors.KesehatanKoperasiError`) with an Indonesian message.
    """
    if path is None:
        return _kantor_bawaan()
    p = Path(path)
    try:
        teks = p.read_text(encoding="utf-8")
    except OSError as e:
        raise KantorError(f"Berkas kantor {p} tidak dapat dibaca: {e.strerror or e}") from None
    return _kantor_dari_dict(_kantor_bawaan().model_dump() | _yaml_dict(teks, str(p)), str(p))


def _kantor(kantor: Kantor | Mapping[str, Any] | str | Path | None) -> Kantor:
    if kantor is None or isinstance(kantor, Kantor):
        return kantor or _kantor_bawaan()
    if isinstance(kantor, Mapping):
        return _kantor_dari_dict(_kantor_bawaan().model_dump() | dict(kantor), "(argumen)")
    return load_kantor(kantor)


