"""The examination worksheet (kertas kerja) as a validated pydantic model.

Fields follow spec ``fields.md`` (amounts, member counts, RAT) and ``documents.md`` (identity,
the examination, documents examined, the examiner's notes). Every validation rule of
``fields.md`` is applied when a :class:`KertasKerja` is built; the cross-field checks (balance,
collectibility, member counts) are the same vectorised functions the scoring core uses
(:mod:`kesehatan_koperasi.core.validate`), run on a batch of one.

:meth:`KertasKerja.to_frame` and :meth:`KertasKerja.from_frame` convert to and from the
one-row frame layout of ``assess_frame`` (spec ``api.md``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    create_model,
    field_validator,
    model_validator,
)

from .core.derive import derive_accounts
from .core.validate import merge, validate_consistency, validate_members
from .errors import Masalah, WorksheetError
from .fields import AMOUNT_FIELDS, OPTIONAL_FIELDS, SUFFIX_LALU, Jenis
from .inputs import budget as B

KUK = Literal["I", "II", "III", "IV"]
StatusDokumen = Literal["ada", "tidak_ada", "tidak_berlaku"]
Jawaban = Literal[0, 1]

#: The 14 documents required by service 9 of the service standard (documents.md):
#: (kode, uraian, bersyarat — "jika ada", so "tidak berlaku" is an acceptable answer).
DOKUMEN_PEMERIKSAAN: tuple[tuple[str, str, bool], ...] = (
    ("akta_pendirian", "Akta pendirian koperasi", False),
    ("anggaran_dasar", "Anggaran Dasar dan Anggaran Rumah Tangga", False),
    ("perubahan_anggaran_dasar", "Perubahan anggaran dasar (jika ada)", True),
    ("peraturan_khusus", "Peraturan khusus (jika ada)", True),
    ("perjanjian_kerja_sama", "Perjanjian kerja sama (jika ada)", True),
    ("laporan_rat", "Laporan RAT 2 tahun terakhir", False),
    ("buku_daftar", "Buku daftar anggota, pengurus dan pengawas", False),
    ("audit_eksternal", "Laporan hasil audit eksternal", False),
    ("npwp", "NPWP koperasi", False),
    ("spt_pph", "SPT/PPh", False),
    ("sertifikat_nik", "Sertifikat Nomor Induk Koperasi (NIK)", False),
    ("profil_risiko", "Profil risiko", False),
    ("kertas_kerja_kuk", "Kertas kerja sesuai KUK", False),
    ("laporan_keuangan", "Laporan keuangan 2 tahun terakhir", False),
)
KODE_DOKUMEN = tuple(k for k, _, _ in DOKUMEN_PEMERIKSAAN)



def _satu_baris(v: str) -> str:
    """A one-line text: no control character (the message shows it as a printable escape)."""
    m = B.KENDALI_SATU_BARIS.search(v)
    if m:
        raise ValueError(f"memuat karakter kendali {B.tampak(m.group())} di posisi {m.start() + 1}: "
                         f"'{B.tampak(v, 40)}'")
    return v


def _berbaris(v: str) -> str:
    """A text of several lines: tab, LF and CR allowed, no other control character."""
    m = B.KENDALI.search(v)
    if m:
        raise ValueError(f"memuat karakter kendali {B.tampak(m.group())} di posisi {m.start() + 1}")
    return v


def _nama(v: str) -> str:
    """A name: at least one letter (not only digits, punctuation or invisible characters) and not
    one of Excel's error values (``#DIV/0!``)."""
    if v.upper() in B.GALAT_EXCEL:
        raise ValueError(f"berisi nilai galat Excel '{v}', bukan nama")
    if not any(ch.isalpha() for ch in v):
        raise ValueError(f"harus memuat huruf, ditemukan '{B.tampak(v, 40)}'")
    return v


def _ascii_angka(v: Any) -> Any:
    """A number typed as text must use ASCII digits (not Arabic-Indic ``٢٠٢٣`` or full-width ``２０２３``,
    which Python's ``int``/``float`` would accept)."""
    if isinstance(v, str) and any(ch.isdigit() and not ("0" <= ch <= "9") for ch in v):
        raise ValueError(f"angka harus ditulis dengan angka 0-9, ditemukan '{B.tampak(v, 40)}'")
    return v


Teks = Annotated[str, Field(min_length=1, max_length=B.MAKS_TEKS), AfterValidator(_satu_baris)]
Nama = Annotated[str, Field(min_length=1, max_length=B.MAKS_TEKS), AfterValidator(_satu_baris),
                 AfterValidator(_nama)]
Alamat = Annotated[str, Field(min_length=1, max_length=B.MAKS_TEKS_ALAMAT), AfterValidator(_satu_baris)]
TeksPanjang = Annotated[str, Field(max_length=B.MAKS_TEKS_CATATAN), AfterValidator(_berbaris)]
Bulat = Annotated[int, BeforeValidator(_ascii_angka)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Identitas(_Model):
    """Identity of the cooperative (documents.md, "Identitas koperasi")."""

    nama_koperasi: Nama
    nik: str = Field(pattern=r"^[0-9]{16}$", description="Nomor Induk Koperasi, 16 angka 0-9")
    nomor_badan_hukum: Teks
    tanggal_badan_hukum: dt.date
    jenis: Jenis
    kuk: KUK
    alamat: Alamat
    kabupaten_kota: Nama
    provinsi: Nama
    tahun_buku: Bulat = Field(ge=1900, le=2200)


class Petugas(_Model):
    """A person of the examination team or the signatory: nama, NIP, jabatan."""

    nama: Nama
    nip: str | None = Field(default=None, max_length=B.MAKS_TEKS_NIP, pattern=r"^[0-9][0-9 ]*$",
                            description="NIP, 18 angka (spasi pemisah boleh)")
    jabatan: Teks | None = None
    pangkat: Teks | None = None
    """Pangkat/golongan, printed under the name in the signature block (e.g. "Pembina, IV/a")."""

    @field_validator("nip", mode="before")
    @classmethod
    def _nip_18_digits(cls, v: Any) -> Any:
        if v is None or not isinstance(v, str):
            return v
        nip = "".join(v.split())
        if not nip:
            return None
        if not (nip.isascii() and nip.isdigit() and len(nip) == 18):
            raise ValueError(f"NIP harus 18 angka (ditemukan {sum(c.isdigit() for c in nip)} angka)"
                             if nip.isascii() and nip.isdigit() else "NIP harus 18 angka")
        return nip


class Penandatangan(Petugas):
    """The signatory of the certificate. Tata Naskah Dinas (Permendagri 1/2023, Lampiran I): a signer
    who is not the head of office signs "a.n." the head; one further step down, the signer signs
    "u.b." the official named in ``untuk_beliau`` (e.g. the Sekretaris), under the head's "a.n."."""

    untuk_beliau: Teks | None = None
    """Jabatan of the official between the head of office and the signer ("u.b."), if any."""


class Pengurus(_Model):
    """An officer of the cooperative present at the examination."""

    nama: Nama
    jabatan: Teks


class Temuan(_Model):
    """The examiner's own notes on one aspect (optional)."""

    catatan: TeksPanjang | None = None
    rekomendasi: TeksPanjang | None = None
    tenggat: dt.date | None = None
    """Deadline of the follow-up (tindak lanjut) set by the examiner, printed in the minutes."""


class Pemeriksaan(_Model):
    """The examination itself (documents.md, "Pemeriksaan")."""

    nomor_surat_tugas: Teks
    tanggal_surat_tugas: dt.date
    tanggal_mulai_pemeriksaan: dt.date
    tanggal_selesai_pemeriksaan: dt.date
    tim_pemeriksa: list[Petugas] = Field(min_length=2, max_length=B.MAKS_TIM)
    penandatangan: Penandatangan
    pengurus_hadir: list[Pengurus] = Field(default_factory=list, max_length=B.MAKS_PENGURUS)
    dokumen: dict[str, StatusDokumen] = Field(default_factory=dict)
    temuan: dict[Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\- ]{0,19}$")], Temuan] = Field(
        default_factory=dict, max_length=B.MAKS_TEMUAN,
        description="kode aspek (atau indikator, atau 'lain-lain') → catatan pemeriksa")

    @field_validator("penandatangan", mode="before")
    @classmethod
    def _petugas_sebagai_penandatangan(cls, v: Any) -> Any:
        """A :class:`Petugas` given as the signatory (code written before ``untuk_beliau``) is taken as is."""
        return v.model_dump() if isinstance(v, Petugas) and not isinstance(v, Penandatangan) else v

    @field_validator("dokumen")
    @classmethod
    def _known_documents(cls, v: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(v) - set(KODE_DOKUMEN))
        if unknown:
            raise ValueError(f"kode dokumen tidak dikenal: {unknown}; yang sah: {list(KODE_DOKUMEN)}")
        return v

    @model_validator(mode="after")
    def _dates_in_order(self) -> Pemeriksaan:
        if self.tanggal_selesai_pemeriksaan < self.tanggal_mulai_pemeriksaan:
            raise ValueError("tanggal_selesai_pemeriksaan tidak boleh sebelum tanggal_mulai_pemeriksaan")
        if self.tanggal_mulai_pemeriksaan < self.tanggal_surat_tugas:
            raise ValueError("tanggal_mulai_pemeriksaan tidak boleh sebelum tanggal_surat_tugas")
        return self


_Jumlah = Annotated[float, BeforeValidator(_ascii_angka)]
_amount_fields: dict[str, Any] = {
    f.name: (_Jumlah, Field(allow_inf_nan=False, description=f.label, le=1e15,
                          **({"ge": -1e15} if f.may_be_negative else {"ge": 0})))
    for f in AMOUNT_FIELDS
}
_amount_fields.update({
    f.name: (_Jumlah | None, Field(default=None, allow_inf_nan=False, ge=0, le=1e15,
                                 description=f"{f.label} (hanya untuk aturan yang memakainya)"))
    for f in OPTIONAL_FIELDS
})
_AmountBase = create_model("_AmountBase", __base__=_Model, **_amount_fields)


class Keuangan(_AmountBase):
    """One financial year: neraca, perhitungan hasil usaha, kolektibilitas, anggota and RAT [Rp]."""

    jumlah_anggota_awal: Bulat = Field(ge=0)
    anggota_masuk: Bulat = Field(ge=0)
    anggota_keluar: Bulat = Field(ge=0)
    jumlah_anggota_akhir: Bulat = Field(ge=0)
    jumlah_calon_anggota: Bulat = Field(ge=0)
    tanggal_rat: dt.date | None = None
    anggota_hadir_rat: Bulat | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> Keuangan:
        arrays = {k: np.array([float(v)]) for k, v in self.model_dump().items() if isinstance(v, (int, float))}
        d = derive_accounts(arrays)
        problems = merge(
            validate_consistency({"": d}, np.zeros(1, dtype=bool)),
            validate_members({k: arrays[k] for k in ("jumlah_anggota_awal", "anggota_masuk", "anggota_keluar",
                                                     "jumlah_anggota_akhir", "anggota_hadir_rat") if k in arrays}),
        )
        if problems:
            raise ValueError("; ".join(f"{m.medan}: {m.pesan}" for m in problems[0]))
        return self


class KertasKerja(_Model):
    """The whole examination worksheet of one cooperative."""

    identitas: Identitas
    pemeriksaan: Pemeriksaan | None = None
    tahun_ini: Keuangan
    tahun_lalu: Keuangan
    jawaban: dict[str, Jawaban] = Field(default_factory=dict, description="kode butir → 1 atau 0")
    #: The rule set (:class:`~kesehatan_koperasi.rules.Aturan`) the worksheet was read with, set by
    #: :func:`~kesehatan_koperasi.worksheet.read_worksheet`; :func:`~kesehatan_koperasi.api.assess`
    #: scores with it when no rule set is given. Not data: not serialised, not compared.
    _aturan: Any = PrivateAttr(default=None)
    #: Warnings of :func:`~kesehatan_koperasi.worksheet.read_worksheet` (:class:`~kesehatan_koperasi.errors.Masalah`,
    #: e.g. opening members ≠ last year's closing, or a text naming cells whose cached formula
    #: values may be stale): listed, they do not stop the scoring. Not data.
    _peringatan: list[Any] = PrivateAttr(default_factory=list)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    @field_validator("jawaban")
    @classmethod
    def _item_codes(cls, v: dict[str, int]) -> dict[str, int]:
        import re

        bad = [k for k in v if not re.fullmatch(r"[A-Z](\.\d+)+\.[a-z]", k)]
        if bad:
            raise ValueError(f"kode butir tidak sah: {bad[:5]}")
        return v

    # ------------------------------------------------------------------ frame layout
    def to_row(self) -> dict[str, Any]:
        """The row of ``assess_frame`` (spec ``api.md``) as a mapping of column to value: what a batch
        worker sends back (a dict pickles in a fraction of a one-row frame's time, and the parent makes
        ONE frame of all the rows)."""
        row: dict[str, Any] = dict(self.identitas.model_dump())
        for suf, tahun in (("", self.tahun_ini), (SUFFIX_LALU, self.tahun_lalu)):
            for k, v in tahun.model_dump().items():
                row[k + suf] = v
        row.update(self.jawaban)
        row["pemeriksaan"] = self.pemeriksaan.model_dump_json() if self.pemeriksaan else None
        return row

    def to_frame(self) -> pd.DataFrame:
        """The one-row frame of ``assess_frame`` (spec ``api.md``)."""
        return pd.DataFrame([self.to_row()])

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> list[KertasKerja]:
        """One :class:`KertasKerja` per row of a frame in the ``assess_frame`` layout."""
        out = []
        tahun_fields = list(Keuangan.model_fields)
        for rec in frame.to_dict(orient="records"):
            rec = {k: (None if _is_missing(v) else v) for k, v in rec.items()}
            pem = rec.get("pemeriksaan")
            out.append(cls.model_validate({
                "identitas": {k: rec.get(k) for k in Identitas.model_fields},
                "pemeriksaan": json.loads(pem) if isinstance(pem, str) else pem,
                "tahun_ini": {k: rec.get(k) for k in tahun_fields},
                "tahun_lalu": {k: rec.get(k + SUFFIX_LALU) for k in tahun_fields},
                "jawaban": {k: int(v) for k, v in rec.items()
                            if v is not None and _looks_like_item(k)},
            }))
        return out


def _is_missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _looks_like_item(k: str) -> bool:
    parts = k.split(".")
    return len(parts) >= 3 and len(parts[0]) == 1 and parts[0].isupper() and len(parts[-1]) == 1 and parts[-1].islower()


#: Largest JSON worksheet read [byte] (:data:`~kesehatan_koperasi.inputs.budget.MAKS_UKURAN_JSON`).
BATAS_JSON_BYTE = B.MAKS_UKURAN_JSON
#: Largest amount accepted [Rp] (Rp 1.000 triliun, as the worksheet reader).
BATAS_JUMLAH = 1e15


def read_json(path: str | Path) -> KertasKerja:
    """Read a :class:`KertasKerja` from a JSON file; problems become a :class:`WorksheetError`.

    Budgets (:mod:`~kesehatan_koperasi.inputs.budget`) are checked before pydantic sees the text:
    the size, the nesting depth; a key repeated in one object is refused (JSON parsers keep the
    last one silently, so the file would say two things)."""
    from pydantic import ValidationError

    berkas = str(path)
    try:
        ukuran = Path(path).stat().st_size
        if ukuran > BATAS_JSON_BYTE:
            raise WorksheetError(berkas, [Masalah("berkas terlalu besar untuk sebuah kertas kerja",
                                                  diharapkan=f"paling besar {BATAS_JSON_BYTE // 2**20} MB",
                                                  ditemukan=f"{ukuran / 2**20:.1f} MB".replace(".", ","))])
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as e:
        raise WorksheetError(berkas, [Masalah(f"berkas tidak dapat dibaca: {e.strerror or e}")]) from None
    except UnicodeDecodeError:
        raise WorksheetError(berkas, [Masalah("berkas bukan teks UTF-8", diharapkan="JSON kertas kerja")]) from None
    _periksa_json(text, berkas)
    try:
        return KertasKerja.model_validate_json(text)
    except ValidationError as e:
        raise WorksheetError(berkas, problems_from_validation(e)) from None


def _periksa_json(text: str, berkas: str) -> None:
    """Refuse JSON nested deeper than :data:`~kesehatan_koperasi.inputs.budget.MAKS_KEDALAMAN_JSON`
    (counted on the text, before any parser recurses) and duplicate keys in one object."""
    dalam = paling = 0
    dalam_teks = lolos = False
    for ch in text:
        if dalam_teks:
            if lolos:
                lolos = False
            elif ch == "\\":
                lolos = True
            elif ch == '"':
                dalam_teks = False
        elif ch == '"':
            dalam_teks = True
        elif ch in "[{":
            dalam += 1
            if dalam > paling:
                paling = dalam
                if paling > B.MAKS_KEDALAMAN_JSON:
                    raise WorksheetError(berkas, [Masalah("JSON bersarang terlalu dalam untuk kertas kerja",
                                                          diharapkan=f"paling dalam {B.MAKS_KEDALAMAN_JSON} tingkat")])
        elif ch in "]}":
            dalam -= 1

    ganda: list[str] = []

    def pasangan(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for k, v in pairs:
            if k in d and len(ganda) < 10:
                ganda.append(k)
            d[k] = v
        return d

    try:
        json.loads(text, object_pairs_hook=pasangan)
    except ValueError:
        return                    # not JSON: pydantic reports where
    if ganda:
        raise WorksheetError(berkas, [Masalah(f"kunci '{B.tampak(k, 40)}' muncul dua kali dalam satu objek JSON",
                                              medan=k, diharapkan="setiap kunci satu kali") for k in ganda])


def problems_from_validation(err: Any) -> list[Masalah]:
    """pydantic errors as :class:`Masalah` in Indonesian, naming the field path in the model
    (:func:`~kesehatan_koperasi.inputs.pesan.validation_problems`)."""
    from .inputs.pesan import validation_problems

    return validation_problems(err, satuan="baris")
