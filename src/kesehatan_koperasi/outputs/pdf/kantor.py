"""The issuing office (spec ``documents.md``, "The issuing office"): its profile model, loader and
discovery.

There is no silent default office. A profile is found by, in this order: the ``--kantor PATH``
option (``kantor=`` in Python), the environment variable ``KK_KANTOR``, then ``kantor.yaml`` in
the user's configuration folder (platformdirs, e.g. ``~/.config/kesehatan-koperasi/kantor.yaml``).
The name ``contoh`` stands for the bundled *example* profile (Dinas Koperasi, UKM Provinsi
Kalimantan Barat, with a published example key). Without any profile the documents carry no
office at all and are marked "CONTOH — bukan dokumen resmi" on every page.

A profile must name every key of :data:`KUNCI_WAJIB` (``null`` where the office has none, e.g. no
fax): a missing key is an error listing every missing key, never borrowed from another office.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from ...errors import KesehatanKoperasiError
from ...inputs.pesan import validation_messages

#: The placeholders of the number patterns; ``{urut}`` is the agenda number of the register.
_CONTOH_NOMOR = {"urut": 1, "tahun": 2000, "bulan": 1, "bulan_romawi": "I", "tahun_buku": 2000,
                 "nik": "", "jenis": "", "kuk": "", "singkatan": ""}

#: Keys every profile must state (``null`` allowed for telepon, faksimile, laman, pos_el).
KUNCI_WAJIB = ("kop", "nama", "singkatan", "alamat", "telepon", "faksimile", "laman", "pos_el",
               "tempat_terbit", "jabatan_kepala", "nomor_sertifikat", "nomor_berita_acara", "dasar_hukum")

#: Largest logo file accepted (the logo is embedded in every document).
LOGO_MAKS = 512 * 1024

#: Name of the bundled example profile.
CONTOH = "contoh"
_ENV = "KK_KANTOR"


class Pades(BaseModel):
    """The office's PKCS#12 certificate for a PAdES signature of the PDF itself (optional)."""

    model_config = ConfigDict(extra="forbid")
    pkcs12: str = Field(min_length=1, max_length=500)
    """Path of the ``.p12`` file, relative to the profile."""
    sandi_env: str | None = Field(default=None, max_length=100)
    """Environment variable holding the PKCS#12 password (never the password itself)."""


class Kantor(BaseModel):
    """The issuing office: letterhead, contact lines, head of office, number patterns, keys."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    contoh: bool = False
    """An example profile: its documents are marked "CONTOH — bukan dokumen resmi"."""
    kop: list[str] = Field(min_length=1, max_length=5)
    """The large letterhead lines, top to bottom."""
    nama: str = Field(min_length=1, max_length=300)
    singkatan: str = Field(max_length=60)
    alamat: str = Field(min_length=1, max_length=300)
    telepon: str | None = Field(max_length=120)
    faksimile: str | None = Field(max_length=120)
    laman: str | None = Field(max_length=200)
    pos_el: str | None = Field(max_length=200)
    tempat_terbit: str = Field(min_length=1, max_length=100)
    jabatan_kepala: str = Field(min_length=1, max_length=300)
    """The head of office (Tata Naskah Dinas: a signer with another jabatan signs "a.n." the head)."""
    nomor_sertifikat: str = Field(min_length=1, max_length=200)
    nomor_berita_acara: str = Field(min_length=1, max_length=200)
    dasar_hukum: list[str] = Field(max_length=10)
    logo: str | None = Field(default=None, max_length=500)
    """PNG or SVG file of the coat of arms, relative to the profile (at most 512 kB)."""
    laman_verifikasi: str | None = Field(default=None, max_length=200)
    """The office's verification address; the QR code carries it when it is set."""
    kunci_publik: str | None = Field(default=None, max_length=100)
    """The office's Ed25519 public key (base64 of 32 bytes), written by ``kantor kunci``."""
    kunci_privat: str | None = Field(default=None, max_length=500)
    """Path of the private key (PEM), relative to the profile; kept out of the profile itself."""
    agenda: str | None = Field(default=None, max_length=500)
    """Path of the agenda register (SQLite), relative to the profile; default ``<profil>.agenda.sqlite``."""
    pades: Pades | None = None
    tujuan_pertimbangan: str | None = Field(default=None, max_length=300)
    """Addressee of the Surat Pertimbangan Teknis (``None``: the letter's default)."""
    libur_tambahan: list[dt.date] = Field(default_factory=list, max_length=366)
    """The office's extra non-working days (a regional holiday, cuti bersama missing from ``holidays``)."""

    _folder: Path | None = PrivateAttr(default=None)
    _berkas: Path | None = PrivateAttr(default=None)
    _tanpa_profil: bool = PrivateAttr(default=False)

    def kontak(self) -> list[str]:
        """The small letterhead lines: address, then phone/fax, then web/e-mail."""
        baris = [self.alamat]
        tel = " ".join(p for p in (f"Telepon {self.telepon}" if self.telepon else "",
                                   f"Faksimile {self.faksimile}" if self.faksimile else "") if p)
        web = " ".join(p for p in (f"Laman {self.laman}" if self.laman else "",
                                   f"Pos-el {self.pos_el}" if self.pos_el else "") if p)
        return baris + [b for b in (tel, web) if b]

    @property
    def resmi(self) -> bool:
        """Whether documents of this office are official (a real profile, not an example)."""
        return not (self.contoh or self._tanpa_profil)

    @property
    def berkas(self) -> Path | None:
        """The profile file this office was read from (None for a mapping or no profile)."""
        return self._berkas

    def jalur(self, nilai: str | None) -> Path | None:
        """A path of the profile (logo, key, register) resolved against the profile's folder."""
        if not nilai:
            return None
        p = Path(nilai).expanduser()
        return p if p.is_absolute() or self._folder is None else self._folder / p

    def logo_bytes(self) -> tuple[bytes, str] | None:
        """The logo's bytes and media type, checked (PNG or SVG, at most :data:`LOGO_MAKS`)."""
        p = self.jalur(self.logo)
        if p is None:
            return None
        try:
            ukuran = p.stat().st_size
            if ukuran > LOGO_MAKS:
                raise KantorError(f"Logo kantor {p} terlalu besar ({ukuran:,} bait; batas {LOGO_MAKS:,} bait)"
                                  .replace(",", "."))
            data = p.read_bytes()
        except OSError as e:
            raise KantorError(f"Logo kantor {p} tidak dapat dibaca: {e.strerror or e}") from None
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return data, "image/png"
        if b"<svg" in data[:2048] and p.suffix.lower() == ".svg":
            return data, "image/svg+xml"
        raise KantorError(f"Logo kantor {p} harus berkas PNG atau SVG")


class KantorError(KesehatanKoperasiError):
    """The issuing-office profile cannot be used."""


def _yaml_dict(teks: str, asal: str) -> dict[str, Any]:
    """The mapping of a profile, or a :class:`KantorError` naming the file."""
    try:
        data = yaml.safe_load(teks)
    except yaml.YAMLError as e:
        raise KantorError(f"Berkas kantor {asal} bukan YAML yang sah: {e}") from None
    if not isinstance(data, dict):
        raise KantorError(f"Berkas kantor {asal} harus berisi pemetaan kunci: nilai")
    return data


def _kantor_dari_dict(data: Mapping[str, Any], asal: str) -> Kantor:
    """Validate a profile; every missing key and every bad value is listed in one error."""
    masalah = []
    hilang = [k for k in KUNCI_WAJIB if k not in data]
    if hilang:
        masalah.append(f"kunci wajib tidak ada ({len(hilang)}): {', '.join(hilang)}")
    try:
        k = Kantor.model_validate(dict(data))
    except ValidationError as e:
        masalah += [f"{k or '(berkas)'}: {m}" for k, m in validation_messages(e, satuan="baris")
                    if k not in hilang]
        raise KantorError(f"Berkas kantor {asal} tidak dapat dipakai: {'; '.join(masalah)}") from None
    if masalah:
        raise KantorError(f"Berkas kantor {asal} tidak dapat dipakai: {'; '.join(masalah)}")
    for medan in ("nomor_sertifikat", "nomor_berita_acara"):
        pola = getattr(k, medan)
        try:
            pola.format(**_CONTOH_NOMOR)
        except (KeyError, IndexError, ValueError) as e:
            raise KantorError(f"Berkas kantor {asal}: pola {medan} tidak sah ({e!r}); "
                              f"tempat isian yang sah: {sorted(_CONTOH_NOMOR)}") from None
        if "{urut" not in pola:
            raise KantorError(f"Berkas kantor {asal}: pola {medan} harus memuat {{urut}} (nomor agenda)")
    return k


def _bawaan_path() -> Path:
    return Path(str(resources.files("kesehatan_koperasi") / "data" / "kantor-contoh.yaml"))


def load_kantor(path: str | Path | None = None) -> Kantor:
    """The office profile in the YAML file ``path`` (``"contoh"``: the bundled example profile;
    None: found by :func:`cari_profil`, else the marked office of :func:`tanpa_profil`).

    Raises :class:`KantorError` (a :class:`~kesehatan_koperasi.errors.KesehatanKoperasiError`)
    with an Indonesian message listing every missing key.
    """
    if path is None:
        return _kantor(None)
    p = _bawaan_path() if str(path) == CONTOH else Path(path).expanduser()
    try:
        teks = p.read_text(encoding="utf-8")
    except OSError as e:
        raise KantorError(f"Berkas kantor {p} tidak dapat dibaca: {e.strerror or e}") from None
    k = _kantor_dari_dict(_yaml_dict(teks, str(p)), str(p))
    k._folder, k._berkas = p.resolve().parent, p.resolve()
    return k


@functools.lru_cache(maxsize=1)
def kantor_contoh() -> Kantor:
    """The bundled example profile (Kalimantan Barat, example key)."""
    return load_kantor(CONTOH)


def profil_pengguna() -> Path:
    """``kantor.yaml`` in the user's configuration folder (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_config_dir("kesehatan-koperasi")) / "kantor.yaml"


def cari_profil(path: str | Path | None = None) -> Path | str | None:
    """Where the profile is: ``path``, else ``$KK_KANTOR``, else the user's configuration folder."""
    if path is not None and str(path) != "":
        return path
    env = os.environ.get(_ENV, "").strip()
    if env:
        return env
    p = profil_pengguna()
    return p if p.is_file() else None


def tanpa_profil() -> Kantor:
    """The office of a document made without any profile: no letterhead values, marked CONTOH."""
    k = Kantor(kop=["KANTOR PENERBIT BELUM DIATUR"], nama="(kantor penerbit belum diatur)", singkatan="",
               alamat="Profil kantor penerbit belum dibuat",
               telepon=None, faksimile=None, laman=None, pos_el=None, tempat_terbit="…",
               jabatan_kepala="Kepala Kantor", nomor_sertifikat="{urut}", nomor_berita_acara="{urut}",
               dasar_hukum=[])
    k._tanpa_profil = True
    return k


_diperingatkan: list[bool] = []


def _peringatkan() -> None:
    if not _diperingatkan:
        _diperingatkan.append(True)
        print("Peringatan: tidak ada profil kantor (--kantor, KK_KANTOR, atau "
              f"{profil_pengguna()}); dokumen ditandai \"CONTOH — bukan dokumen resmi\" dan tidak "
              "ditandatangani. Buat profil: kesehatan-koperasi kantor init kantor.yaml", file=sys.stderr)


def _kantor(kantor: Kantor | Mapping[str, Any] | str | Path | None) -> Kantor:
    """The office of a document: a :class:`Kantor`, a profile mapping, a path, or None (discovery)."""
    if isinstance(kantor, Kantor):
        return kantor
    if isinstance(kantor, Mapping):
        return _kantor_dari_dict(dict(kantor), "(argumen)")
    lokasi = cari_profil(kantor)
    if lokasi is None:
        _peringatkan()
        return tanpa_profil()
    return load_kantor(lokasi)
