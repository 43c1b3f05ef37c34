"""Canonical input fields and derived quantities (spec ``fields.md``).

This module is the one place that names the amounts a worksheet holds and how the derived
quantities are built from them. Every name here is the contract between the worksheet, the
pydantic model, the batch frame and the tests.

The derived quantities are linear combinations of input lines; they are written as data
(:data:`DERIVED`) and evaluated by :func:`kesehatan_koperasi.core.derive.derive`.
``modal_tertimbang`` and ``atmr`` take their weights from the rule file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Cooperative types (spec ``fields.md``, ``jenis``), in the order of the spec.
Jenis = Literal["KSP", "USP", "KSPPS", "USPPS"]

#: Suffix of the previous year's columns in the frame layout (``kas_lalu``).
SUFFIX_LALU = "_lalu"


@dataclass(frozen=True)
class Field:
    """One input field: canonical name, Indonesian label, group, and whether it may be negative."""

    name: str
    label: str
    group: str
    may_be_negative: bool = False


_NERACA_ASET = [
    ("kas", "Kas"),
    ("bank", "Bank (giro dan tabungan)"),
    ("deposito", "Deposito pada bank"),
    ("simpanan_koperasi_lain", "Simpanan pada koperasi lain"),
    ("surat_berharga", "Surat berharga"),
    ("pinjaman_anggota", "Pinjaman kepada anggota"),
    ("pinjaman_calon_anggota", "Pinjaman kepada calon anggota/nonanggota"),
    ("pinjaman_koperasi_lain", "Pinjaman kepada koperasi lain"),
    ("penyisihan_penghapusan_pinjaman", "Penyisihan penghapusan pinjaman (PPAP)"),
    ("aset_lancar_lain", "Aset lancar lain"),
    ("penyertaan", "Penyertaan"),
    ("aset_tetap", "Aset tetap (nilai buku)"),
    ("aset_lain", "Aset lain"),
]
_NERACA_KEWAJIBAN = [
    ("simpanan_sukarela_anggota", "Simpanan sukarela anggota"),
    ("simpanan_berjangka_anggota", "Simpanan berjangka anggota"),
    ("simpanan_calon_anggota", "Simpanan calon anggota/nonanggota"),
    ("hutang_pajak", "Utang pajak"),
    ("beban_masih_harus_dibayar", "Beban masih harus dibayar"),
    ("dana_bagian_shu", "Dana bagian SHU"),
    ("kewajiban_lancar_lain", "Kewajiban lancar lain"),
    ("pinjaman_jangka_panjang", "Pinjaman jangka panjang"),
    ("kewajiban_jangka_panjang_lain", "Kewajiban jangka panjang lain"),
]
_NERACA_EKUITAS = [
    ("simpanan_pokok", "Simpanan pokok"),
    ("simpanan_wajib", "Simpanan wajib"),
    ("modal_penyetaraan", "Modal penyetaraan"),
    ("modal_penyertaan", "Modal penyertaan"),
    ("hibah", "Hibah/modal sumbangan"),
    ("cadangan_umum", "Cadangan umum"),
    ("cadangan_tujuan_risiko", "Cadangan tujuan risiko"),
    ("shu_belum_dibagi", "SHU belum dibagi"),
]
_KOLEKTIBILITAS = [
    ("pinjaman_lancar", "Pinjaman lancar"),
    ("pinjaman_kurang_lancar", "Pinjaman kurang lancar"),
    ("pinjaman_diragukan", "Pinjaman diragukan"),
    ("pinjaman_macet", "Pinjaman macet"),
]
_PHU = [
    ("partisipasi_bruto", "Partisipasi bruto anggota"),
    ("pendapatan_non_anggota", "Pendapatan dari nonanggota dan koperasi lain"),
    ("pendapatan_lain", "Pendapatan lain"),
    ("beban_pokok", "Beban pokok (jasa simpanan dan bunga pinjaman)"),
    ("beban_usaha", "Beban usaha"),
    ("beban_perkoperasian", "Beban perkoperasian"),
    ("beban_lain", "Beban lain"),
    ("pajak", "Pajak penghasilan"),
]

#: Every amount field [Rp], in worksheet order.
AMOUNT_FIELDS: tuple[Field, ...] = tuple(
    [Field(n, lb, "aset") for n, lb in _NERACA_ASET]
    + [Field(n, lb, "kewajiban") for n, lb in _NERACA_KEWAJIBAN]
    + [Field(n, lb, "ekuitas", may_be_negative=(n == "shu_belum_dibagi")) for n, lb in _NERACA_EKUITAS]
    + [Field(n, lb, "kolektibilitas") for n, lb in _KOLEKTIBILITAS]
    + [Field(n, lb, "phu") for n, lb in _PHU]
)
AMOUNT_NAMES: tuple[str, ...] = tuple(m.name for m in AMOUNT_FIELDS)
LABELS: dict[str, str] = {m.name: m.label for m in AMOUNT_FIELDS}

#: Optional amount fields [Rp] (tahun buku): required only by the rule sets that use them
#: (``Aturan.medan_tambahan``), e.g. Perdep 06/2016.
OPTIONAL_FIELDS: tuple[Field, ...] = (
    Field("pinjaman_berisiko", "Pinjaman diberikan yang berisiko (tanpa agunan memadai)", "tambahan"),
    Field("biaya_karyawan", "Biaya karyawan", "tambahan"),
    Field("shu_bagian_anggota", "SHU bagian anggota", "tambahan"),
    Field("meppp", "Manfaat ekonomi partisipasi pinjaman dan pelayanan anggota (MEPPP)", "tambahan"),
)
LABELS.update({f.name: f.label for f in OPTIONAL_FIELDS})

#: Member counts (whole numbers ≥ 0); not scored, validated when present.
MEMBER_FIELDS: tuple[str, ...] = (
    "jumlah_anggota_awal",
    "anggota_masuk",
    "anggota_keluar",
    "jumlah_anggota_akhir",
    "jumlah_calon_anggota",
    "anggota_hadir_rat",
)

#: Derived quantities as linear combinations ``{input: coefficient}``, in dependency order
#: (a later entry may use an earlier one). Spec ``fields.md``, "Derived quantities".
DERIVED: dict[str, dict[str, float]] = {
    "pinjaman_diberikan": {"pinjaman_anggota": 1, "pinjaman_calon_anggota": 1, "pinjaman_koperasi_lain": 1},
    "pinjaman_diberikan_neto": {"pinjaman_diberikan": 1, "penyisihan_penghapusan_pinjaman": -1},
    "pinjaman_bermasalah": {"pinjaman_kurang_lancar": 1, "pinjaman_diragukan": 1, "pinjaman_macet": 1},
    "jumlah_kolektibilitas": {"pinjaman_lancar": 1, "pinjaman_bermasalah": 1},
    "aset_lancar": {
        "kas": 1, "bank": 1, "deposito": 1, "simpanan_koperasi_lain": 1, "surat_berharga": 1,
        "pinjaman_diberikan_neto": 1, "aset_lancar_lain": 1,
    },
    "total_aset": {"aset_lancar": 1, "penyertaan": 1, "aset_tetap": 1, "aset_lain": 1},
    "aset_likuid": {"kas": 1, "bank": 1, "deposito": 1, "simpanan_koperasi_lain": 1},
    "aset_produktif": {"pinjaman_diberikan": 1, "deposito": 1, "simpanan_koperasi_lain": 1, "surat_berharga": 1},
    "kewajiban_lancar": {
        "simpanan_sukarela_anggota": 1, "simpanan_berjangka_anggota": 1, "simpanan_calon_anggota": 1,
        "hutang_pajak": 1, "beban_masih_harus_dibayar": 1, "dana_bagian_shu": 1, "kewajiban_lancar_lain": 1,
    },
    "kewajiban_jangka_panjang": {"pinjaman_jangka_panjang": 1, "kewajiban_jangka_panjang_lain": 1},
    "total_kewajiban": {"kewajiban_lancar": 1, "kewajiban_jangka_panjang": 1},
    "total_ekuitas": {n: 1 for n, _ in _NERACA_EKUITAS},
    "modal_pinjaman_anggota": {"simpanan_sukarela_anggota": 1, "simpanan_berjangka_anggota": 1},
    "dana_yang_diterima": {
        "total_kewajiban": 1, "total_ekuitas": 1, "hutang_pajak": -1, "beban_masih_harus_dibayar": -1,
    },
    "total_pendapatan": {"partisipasi_bruto": 1, "pendapatan_non_anggota": 1, "pendapatan_lain": 1},
    "partisipasi_neto": {"partisipasi_bruto": 1, "beban_pokok": -1},
    "shu_kotor": {"total_pendapatan": 1, "beban_pokok": -1},
    "shu_sebelum_pajak": {
        "total_pendapatan": 1, "beban_pokok": -1, "beban_usaha": -1, "beban_perkoperasian": -1, "beban_lain": -1,
    },
    "shu_setelah_pajak": {"shu_sebelum_pajak": 1, "pajak": -1},
}

#: Derived quantities whose weights come from the rule file (``modal_tertimbang``, ``atmr``).
WEIGHTED_DERIVED: tuple[str, ...] = ("modal_tertimbang", "atmr")

DERIVED_LABELS: dict[str, str] = {
    "pinjaman_diberikan": "Pinjaman diberikan",
    "pinjaman_diberikan_neto": "Pinjaman diberikan neto",
    "pinjaman_bermasalah": "Pinjaman bermasalah",
    "jumlah_kolektibilitas": "Jumlah pinjaman menurut kolektibilitas",
    "aset_lancar": "Aset lancar",
    "total_aset": "Total aset",
    "aset_likuid": "Aset likuid",
    "aset_produktif": "Aset produktif",
    "kewajiban_lancar": "Kewajiban lancar",
    "kewajiban_jangka_panjang": "Kewajiban jangka panjang",
    "total_kewajiban": "Total kewajiban",
    "total_ekuitas": "Total ekuitas",
    "modal_pinjaman_anggota": "Modal pinjaman anggota",
    "dana_yang_diterima": "Dana yang diterima",
    "total_pendapatan": "Total pendapatan",
    "partisipasi_neto": "Partisipasi neto",
    "shu_kotor": "SHU kotor",
    "shu_sebelum_pajak": "SHU sebelum pajak",
    "shu_setelah_pajak": "SHU setelah pajak",
    "modal_tertimbang": "Modal tertimbang",
    "atmr": "Aset tertimbang menurut risiko (ATMR)",
}

#: Every name a rule formula may use: inputs, derived quantities and weighted quantities.
KNOWN_NAMES: frozenset[str] = (frozenset(AMOUNT_NAMES) | frozenset(DERIVED) | frozenset(WEIGHTED_DERIVED)
                                | frozenset(f.name for f in OPTIONAL_FIELDS))


def label(name: str) -> str:
    """Indonesian label of an input field or derived quantity."""
    return LABELS.get(name) or DERIVED_LABELS.get(name) or name


def frame_columns() -> list[str]:
    """Amount columns of the frame layout: every field for the tahun buku and for ``_lalu``."""
    return list(AMOUNT_NAMES) + [n + SUFFIX_LALU for n in AMOUNT_NAMES]


#: Definitions of the input fields in Indonesian (spec ``fields.md``, "meaning"), for the glossary.
DEFINISI: dict[str, str] = {
    "kas": "Uang tunai yang ada di koperasi.",
    "bank": "Simpanan koperasi di bank dalam bentuk giro dan tabungan.",
    "deposito": "Simpanan berjangka koperasi di bank.",
    "simpanan_koperasi_lain": "Simpanan dan simpanan berjangka koperasi pada koperasi lain.",
    "surat_berharga": "Surat berharga yang dimiliki koperasi (SBI, obligasi dan sejenisnya).",
    "pinjaman_anggota": "Saldo pinjaman yang diberikan kepada anggota (bruto).",
    "pinjaman_calon_anggota": "Saldo pinjaman yang diberikan kepada calon anggota atau nonanggota (bruto).",
    "pinjaman_koperasi_lain": "Saldo pinjaman yang diberikan kepada koperasi lain (bruto).",
    "penyisihan_penghapusan_pinjaman": "Penyisihan penghapusan pinjaman (PPAP) yang dibukukan; diisi positif "
                                       "dan dikurangkan dari pinjaman.",
    "aset_lancar_lain": "Aset lancar lain: beban dibayar di muka, pendapatan yang masih harus diterima, dan lainnya.",
    "penyertaan": "Penyertaan modal pada badan usaha lain.",
    "aset_tetap": "Aset tetap setelah dikurangi akumulasi penyusutan.",
    "aset_lain": "Aset tidak lancar lain.",
    "simpanan_sukarela_anggota": "Simpanan sukarela (tabungan) anggota.",
    "simpanan_berjangka_anggota": "Simpanan berjangka anggota.",
    "simpanan_calon_anggota": "Simpanan dan simpanan berjangka calon anggota atau nonanggota.",
    "hutang_pajak": "Utang pajak.",
    "beban_masih_harus_dibayar": "Beban yang masih harus dibayar, termasuk utang biaya lain.",
    "dana_bagian_shu": "Dana bagian SHU yang belum dibayarkan (dana pengurus, karyawan, pendidikan, sosial, dan lainnya).",
    "kewajiban_lancar_lain": "Kewajiban lancar lain, misalnya pinjaman bank jangka pendek.",
    "pinjaman_jangka_panjang": "Pinjaman jangka panjang dari bank, LPDB atau koperasi lain.",
    "kewajiban_jangka_panjang_lain": "Kewajiban jangka panjang lain.",
    "simpanan_pokok": "Simpanan pokok anggota.",
    "simpanan_wajib": "Simpanan wajib anggota.",
    "modal_penyetaraan": "Modal penyetaraan.",
    "modal_penyertaan": "Modal penyertaan.",
    "hibah": "Hibah, modal sumbangan atau donasi.",
    "cadangan_umum": "Cadangan umum yang disisihkan dari SHU.",
    "cadangan_tujuan_risiko": "Cadangan untuk tujuan risiko.",
    "shu_belum_dibagi": "SHU yang belum dibagi; boleh negatif (rugi).",
    "pinjaman_lancar": "Pinjaman dengan kolektibilitas lancar.",
    "pinjaman_kurang_lancar": "Pinjaman dengan kolektibilitas kurang lancar.",
    "pinjaman_diragukan": "Pinjaman dengan kolektibilitas diragukan.",
    "pinjaman_macet": "Pinjaman dengan kolektibilitas macet.",
    "partisipasi_bruto": "Pendapatan jasa atau bunga dari anggota (partisipasi bruto anggota).",
    "pendapatan_non_anggota": "Pendapatan jasa atau bunga dari nonanggota dan koperasi lain.",
    "pendapatan_lain": "Pendapatan lain.",
    "beban_pokok": "Beban pokok: jasa simpanan dan bunga pinjaman yang dibayar koperasi.",
    "beban_usaha": "Beban usaha: pegawai, administrasi, penyusutan, penyisihan pinjaman.",
    "beban_perkoperasian": "Beban perkoperasian: RAT, pendidikan, honorarium pengurus dan pengawas.",
    "beban_lain": "Beban lain.",
    "pajak": "Pajak penghasilan.",
    "pinjaman_berisiko": "Pinjaman diberikan yang berisiko: pinjaman tanpa agunan yang memadai.",
    "biaya_karyawan": "Biaya karyawan (bagian dari beban usaha).",
    "shu_bagian_anggota": "SHU yang dibagikan kepada anggota.",
    "meppp": "Manfaat ekonomi partisipasi pinjaman dan pelayanan yang diterima anggota.",
    "jumlah_anggota_awal": "Jumlah anggota pada awal tahun buku.",
    "anggota_masuk": "Jumlah anggota yang masuk selama tahun buku.",
    "anggota_keluar": "Jumlah anggota yang keluar selama tahun buku.",
    "jumlah_anggota_akhir": "Jumlah anggota pada akhir tahun buku (awal + masuk − keluar).",
    "jumlah_calon_anggota": "Jumlah calon anggota pada akhir tahun buku.",
    "anggota_hadir_rat": "Jumlah anggota yang hadir dalam RAT yang mengesahkan laporan tahun buku.",
}
