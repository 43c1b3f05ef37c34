"""The one mapping table between the worksheet and the canonical names (pvlib ``VARIABLE_MAP`` style).

Every sheet is a list of rows (:class:`Baris`). Column A of every row that carries data holds its
canonical key — a field name of spec ``fields.md`` (``kas``), a questionnaire item code of the rule
set (``A.1.1.a``), a document code of ``documents.md`` (``akta_pendirian``) or a table row
(``tim_pemeriksa.1``). The reader finds rows by that key, never by a fixed cell address; each
input cell (:class:`Sel`) names the path in :class:`~kesehatan_koperasi.model.KertasKerja` it
fills. The template writer and the reader both read this table, so they cannot disagree.

Sheets follow issue 3: Petunjuk; Identitas & Pemeriksaan; Neraca (tahun lalu | tahun ini);
Perhitungan Hasil Usaha; Kolektibilitas & Keanggotaan; one questionnaire sheet per aspect that
has questionnaire items (for ``juknis-15-2021``: Tata Kelola, Profil Risiko); Dokumen; Temuan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.validate import TOLERANSI_KOLEKTIBILITAS_RP, TOLERANSI_NERACA_RELATIF, TOLERANSI_NERACA_RP
from ..fields import AMOUNT_FIELDS, DERIVED, DERIVED_LABELS
from ..model import DOKUMEN_PEMERIKSAAN
from ..rules import Aturan, Komponen

PETUNJUK = "Petunjuk"
IDENTITAS = "Identitas & Pemeriksaan"
NERACA = "Neraca"
PHU = "Perhitungan Hasil Usaha"
KOLEKTIBILITAS = "Kolektibilitas & Keanggotaan"
DOKUMEN = "Dokumen"
TEMUAN = "Temuan"

#: Column letters of the two years (same letters on every sheet that has both years).
KOLOM_LALU, KOLOM_INI = "C", "D"
#: First row of data (row 1: sheet marker and title, row 2: hint, row 3: column headers).
BARIS_KEPALA = 3
BARIS_AWAL = 4
#: Default number of rows of the two tables of the Identitas sheet (more if a model needs them).
JUMLAH_TIM, JUMLAH_PENGURUS = 6, 8

JAWABAN_BUTIR: tuple[tuple[str, int], ...] = (("Terpenuhi", 1), ("Tidak Terpenuhi", 0))
STATUS_DOKUMEN: tuple[tuple[str, str], ...] = (("Ada", "ada"), ("Tidak Ada", "tidak_ada"),
                                               ("Tidak Berlaku", "tidak_berlaku"))
JENIS: tuple[tuple[str, str], ...] = tuple((j, j) for j in ("KSP", "USP", "KSPPS", "USPPS"))
KUK: tuple[tuple[str, str], ...] = tuple((k, k) for k in ("I", "II", "III", "IV"))

#: Quantities shown only in the worksheet (checks), as linear combinations like ``fields.DERIVED``.
GABUNGAN_LOKAL: dict[str, dict[str, float]] = {
    "total_kewajiban_dan_ekuitas": {"total_kewajiban": 1, "total_ekuitas": 1},
    "selisih_neraca": {"total_aset": 1, "total_kewajiban_dan_ekuitas": -1},
    "selisih_kolektibilitas": {"jumlah_kolektibilitas": 1, "pinjaman_diberikan": -1},
}
GABUNGAN: dict[str, dict[str, float]] = {**DERIVED, **GABUNGAN_LOKAL}
LABEL_LOKAL = {
    "total_kewajiban_dan_ekuitas": "Total kewajiban dan ekuitas",
    "selisih_neraca": "Selisih (total aset − total kewajiban dan ekuitas)",
    "selisih_kolektibilitas": "Selisih (jumlah kolektibilitas − pinjaman diberikan)",
}

#: Check rows: an Excel formula; ``{kunci}`` becomes the cell of that row in the same column.
CEK: dict[str, tuple[str, str]] = {
    "cek_neraca": ("Pemeriksaan keseimbangan neraca",
                   '=IF({total_aset}=0,"(belum diisi)",IF(ABS({selisih_neraca})<=MAX('
                   f'{TOLERANSI_NERACA_RP:g},{TOLERANSI_NERACA_RELATIF:g}*ABS({{total_aset}})),'
                   '"Seimbang","TIDAK SEIMBANG"))'),
    "cek_kolektibilitas": ("Pemeriksaan kolektibilitas",
                           '=IF({jumlah_kolektibilitas}=0,"(belum diisi)",IF(ABS({selisih_kolektibilitas})<='
                           f'{TOLERANSI_KOLEKTIBILITAS_RP:g},"Sesuai","TIDAK SESUAI"))'),
    "cek_anggota": ("Pemeriksaan jumlah anggota",
                    '=IF({jumlah_anggota_akhir}="","(belum diisi)",IF({jumlah_anggota_awal}+{anggota_masuk}'
                    '-{anggota_keluar}={jumlah_anggota_akhir},"Cocok","TIDAK COCOK"))'),
}


@dataclass(frozen=True)
class Sel:
    """One input cell of a row: its column, the path it fills in the model, and its type.

    ``tipe`` is one of ``teks``, ``teks_panjang``, ``nik``, ``tanggal``, ``tahun``, ``rupiah``,
    ``bulat``, ``pilihan``. ``pilihan`` pairs what the examiner sees with the model's value.
    """

    kolom: str
    jalur: tuple[Any, ...]
    tipe: str
    wajib: bool = True
    pilihan: tuple[tuple[str, Any], ...] = ()
    negatif: bool = False

    @property
    def diharapkan(self) -> str:
        if self.tipe == "pilihan":
            return "salah satu dari: " + ", ".join(p for p, _ in self.pilihan)
        return {
            "rupiah": ("angka rupiah, rugi dalam kurung, mis. (12.500)" if self.negatif
                       else "angka rupiah ≥ 0, mis. 1.234.567"),
            "bulat": "bilangan bulat ≥ 0",
            "tanggal": "tanggal, mis. 13-05-2026",
            "tahun": "tahun 4 angka, mis. 2025",
            "nik": "16 angka, diketik sebagai teks",
        }.get(self.tipe, "teks")


@dataclass(frozen=True)
class Baris:
    """One row. ``jenis``: ``judul`` (section heading), ``kepala`` (table header), ``isian``
    (input), ``rumus`` (a total, formula from :data:`GABUNGAN`), ``cek`` (a check from
    :data:`CEK`), ``indikator`` (questionnaire indicator heading with a count formula)."""

    kunci: str | None
    label: str
    jenis: str
    sel: tuple[Sel, ...] = ()
    kepala: tuple[str, ...] = ()
    tingkat: int = 0
    butir: tuple[str, ...] = ()  # item codes of an ``indikator`` row


@dataclass(frozen=True)
class Lembar:
    """One sheet: name, marker (cell A1, to recognise a renamed sheet), title, columns, rows."""

    nama: str
    penanda: str
    judul: str
    petunjuk: str
    kolom: tuple[tuple[str, str, float], ...]   # (letter, header, width)
    baris: tuple[Baris, ...] = field(default=())

    def isian(self) -> list[Baris]:
        return [b for b in self.baris if b.jenis == "isian"]


# ----------------------------------------------------------------------------- builders


def _dua_tahun(kunci: str, label: str, tipe: str = "rupiah", wajib: bool = True,
               negatif: bool = False, tingkat: int = 1) -> Baris:
    return Baris(kunci, label, "isian", (
        Sel(KOLOM_LALU, ("tahun_lalu", kunci), tipe, wajib, negatif=negatif),
        Sel(KOLOM_INI, ("tahun_ini", kunci), tipe, wajib, negatif=negatif),
    ), tingkat=tingkat)


def _amount(name: str) -> Baris:
    f = next(f for f in AMOUNT_FIELDS if f.name == name)
    return _dua_tahun(f.name, f.label, negatif=f.may_be_negative)


def _rumus(kunci: str, tingkat: int = 0) -> Baris:
    return Baris(kunci, DERIVED_LABELS.get(kunci) or LABEL_LOKAL[kunci], "rumus", tingkat=tingkat)


_KOLOM_DUA_TAHUN = (("A", "Kode", 24.0), ("B", "Uraian", 52.0), (KOLOM_LALU, "Tahun lalu [Rp]", 20.0),
                    (KOLOM_INI, "Tahun buku [Rp]", 20.0))


def _neraca() -> Lembar:
    g = {f.name: f.group for f in AMOUNT_FIELDS}
    rows: list[Baris] = [Baris(None, "ASET", "judul")]
    for name in [n for n, grp in g.items() if grp == "aset"]:
        rows.append(_amount(name))
        if name == "pinjaman_koperasi_lain":
            rows.append(_rumus("pinjaman_diberikan", 1))
        if name == "aset_lancar_lain":
            rows.append(_rumus("aset_lancar"))
    rows += [_rumus("total_aset"), Baris(None, "KEWAJIBAN", "judul")]
    for name in [n for n, grp in g.items() if grp == "kewajiban"]:
        rows.append(_amount(name))
        if name == "kewajiban_lancar_lain":
            rows.append(_rumus("kewajiban_lancar"))
    rows += [_rumus("kewajiban_jangka_panjang"), _rumus("total_kewajiban"), Baris(None, "EKUITAS", "judul")]
    rows += [_amount(n) for n, grp in g.items() if grp == "ekuitas"]
    rows += [_rumus("total_ekuitas"), _rumus("total_kewajiban_dan_ekuitas"), _rumus("selisih_neraca"),
             Baris("cek_neraca", CEK["cek_neraca"][0], "cek")]
    return Lembar(NERACA, "#neraca", "Neraca", "Isi sel kuning dengan angka neraca per 31 Desember, "
                  "positif; PPAP sebagai angka positif; rugi pada SHU belum dibagi dalam kurung.",
                  _KOLOM_DUA_TAHUN, tuple(rows))


def _phu(aturan: Aturan | None = None) -> Lembar:
    rows: list[Baris] = [Baris(None, "PENDAPATAN", "judul")]
    rows += [_amount(n) for n in ("partisipasi_bruto", "pendapatan_non_anggota", "pendapatan_lain")]
    rows += [_rumus("total_pendapatan"), Baris(None, "BEBAN", "judul"), _amount("beban_pokok"),
             _rumus("shu_kotor")]
    rows += [_amount(n) for n in ("beban_usaha", "beban_perkoperasian", "beban_lain")]
    rows += [_rumus("shu_sebelum_pajak"), _amount("pajak"), _rumus("shu_setelah_pajak")]
    tambahan = aturan.medan_tambahan() if aturan is not None else []
    if tambahan:   # optional lines that only this rule set uses (e.g. Perdep 06/2016), tahun buku only
        rows.append(Baris(None, "DATA TAMBAHAN UNTUK ATURAN INI (tahun buku)", "judul"))
        rows += [Baris(n, aturan.label_medan(n), "isian",  # type: ignore[union-attr]
                       (Sel(KOLOM_INI, ("tahun_ini", n), "rupiah", True),), tingkat=1) for n in tambahan]
    return Lembar(PHU, "#phu", "Perhitungan Hasil Usaha", "Isi sel kuning dengan angka perhitungan hasil "
                  "usaha satu tahun buku; beban sebagai angka positif.", _KOLOM_DUA_TAHUN, tuple(rows))


def _kolektibilitas() -> Lembar:
    rows: list[Baris] = [Baris(None, "KOLEKTIBILITAS PINJAMAN", "judul")]
    rows += [_amount(n) for n in ("pinjaman_lancar", "pinjaman_kurang_lancar", "pinjaman_diragukan",
                                  "pinjaman_macet")]
    rows += [_rumus("jumlah_kolektibilitas"), _rumus("pinjaman_diberikan"), _rumus("selisih_kolektibilitas"),
             Baris("cek_kolektibilitas", CEK["cek_kolektibilitas"][0], "cek"),
             Baris(None, "KEANGGOTAAN", "judul")]
    for kunci, label in (("jumlah_anggota_awal", "Jumlah anggota awal tahun"), ("anggota_masuk", "Anggota masuk"),
                         ("anggota_keluar", "Anggota keluar"), ("jumlah_anggota_akhir", "Jumlah anggota akhir tahun")):
        rows.append(_dua_tahun(kunci, label, "bulat"))
    rows += [Baris("cek_anggota", CEK["cek_anggota"][0], "cek"),
             _dua_tahun("jumlah_calon_anggota", "Jumlah calon anggota akhir tahun", "bulat"),
             Baris(None, "RAPAT ANGGOTA TAHUNAN (boleh kosong bila RAT belum diadakan)", "judul"),
             _dua_tahun("tanggal_rat", "Tanggal RAT yang mengesahkan laporan tahun buku", "tanggal", wajib=False),
             _dua_tahun("anggota_hadir_rat", "Jumlah anggota hadir dalam RAT", "bulat", wajib=False)]
    kolom = (("A", "Kode", 24.0), ("B", "Uraian", 52.0), (KOLOM_LALU, "Tahun lalu", 20.0),
             (KOLOM_INI, "Tahun buku", 20.0))
    return Lembar(KOLEKTIBILITAS, "#kolektibilitas", "Kolektibilitas Pinjaman dan Keanggotaan",
                  "Jumlah keempat kolektibilitas harus sama dengan pinjaman diberikan di lembar Neraca.",
                  kolom, tuple(rows))


def _identitas(n_tim: int, n_pengurus: int) -> Lembar:
    def satu(kunci: str, label: str, tipe: str = "teks", bagian: str = "identitas", **kw: Any) -> Baris:
        return Baris(kunci, label, "isian", (Sel("C", (bagian, kunci), tipe, **kw),))

    pem = "pemeriksaan"
    rows = [
        Baris(None, "IDENTITAS KOPERASI", "judul"),
        satu("nama_koperasi", "Nama koperasi"),
        satu("nik", "Nomor Induk Koperasi (NIK, 16 angka)", "nik"),
        satu("nomor_badan_hukum", "Nomor badan hukum"),
        satu("tanggal_badan_hukum", "Tanggal badan hukum", "tanggal"),
        satu("jenis", "Jenis koperasi", "pilihan", pilihan=JENIS),
        satu("kuk", "Klasifikasi Usaha Koperasi (KUK)", "pilihan", pilihan=KUK),
        satu("alamat", "Alamat"),
        satu("kabupaten_kota", "Kabupaten/kota"),
        satu("provinsi", "Provinsi"),
        satu("tahun_buku", "Tahun buku yang diperiksa", "tahun"),
        Baris(None, "PEMERIKSAAN", "judul"),
        satu("nomor_surat_tugas", "Nomor surat tugas", bagian=pem),
        satu("tanggal_surat_tugas", "Tanggal surat tugas", "tanggal", bagian=pem),
        satu("tanggal_mulai_pemeriksaan", "Tanggal mulai pemeriksaan", "tanggal", bagian=pem),
        satu("tanggal_selesai_pemeriksaan", "Tanggal selesai pemeriksaan", "tanggal", bagian=pem),
        Baris(None, "TIM PEMERIKSA (paling sedikit 2 orang)", "judul"),
        Baris(None, "", "kepala", kepala=("Nama", "NIP", "Jabatan")),
    ]
    for i in range(n_tim):
        rows.append(Baris(f"tim_pemeriksa.{i + 1}", f"Pemeriksa {i + 1}", "isian", (
            Sel("C", (pem, "tim_pemeriksa", i, "nama"), "teks", wajib=False),
            Sel("D", (pem, "tim_pemeriksa", i, "nip"), "teks", wajib=False),
            Sel("E", (pem, "tim_pemeriksa", i, "jabatan"), "teks", wajib=False))))
    rows += [Baris(None, "PEJABAT PENANDATANGAN SERTIFIKAT", "judul"),
             Baris(None, "", "kepala", kepala=("Nama", "NIP", "Jabatan", "Pangkat/golongan",
                                                  "u.b. (jabatan antara, bila ada)")),
             Baris("penandatangan", "Penandatangan", "isian", (
                 Sel("C", (pem, "penandatangan", "nama"), "teks"),
                 Sel("D", (pem, "penandatangan", "nip"), "teks", wajib=False),
                 Sel("E", (pem, "penandatangan", "jabatan"), "teks", wajib=False),
                 Sel("F", (pem, "penandatangan", "pangkat"), "teks", wajib=False),
                 Sel("G", (pem, "penandatangan", "untuk_beliau"), "teks", wajib=False))),
             Baris(None, "PENGURUS/PENGAWAS KOPERASI YANG HADIR", "judul"),
             Baris(None, "", "kepala", kepala=("Nama", "Jabatan"))]
    for i in range(n_pengurus):
        rows.append(Baris(f"pengurus_hadir.{i + 1}", f"Pengurus/pengawas {i + 1}", "isian", (
            Sel("C", (pem, "pengurus_hadir", i, "nama"), "teks", wajib=False),
            Sel("D", (pem, "pengurus_hadir", i, "jabatan"), "teks", wajib=False))))
    kolom = (("A", "Kode", 22.0), ("B", "Uraian", 40.0), ("C", "Isian", 34.0), ("D", "", 24.0),
             ("E", "", 34.0), ("F", "", 18.0), ("G", "", 26.0))
    return Lembar(IDENTITAS, "#identitas", "Identitas Koperasi dan Pemeriksaan",
                  "Tanggal ditulis dd-mm-yyyy; NIK diketik sebagai teks (16 angka).", kolom, tuple(rows))


def _kuesioner(aturan: Aturan, kode_aspek: str) -> Lembar | None:
    aspek = next(a for a in aturan.aspek if a.kode == kode_aspek)
    rows: list[Baris] = []

    def walk(k: Komponen, tingkat: int) -> None:
        inds = [i for i in k.semua_indikator() if i.jenis == "kuesioner"]
        if not inds:
            return
        rows.append(Baris(None, f"{k.kode} {k.nama}", "judul", tingkat=tingkat))
        for ind in k.indikator:
            if ind.jenis != "kuesioner":
                continue
            rows.append(Baris(ind.kode, ind.label, "indikator", butir=tuple(ind.kode_butir)))
            for b, kode in zip(ind.butir or [], ind.kode_butir):
                rows.append(Baris(kode, f"{b.kode}. {b.teks}", "isian",
                                  (Sel("C", ("jawaban", kode), "pilihan", pilihan=JAWABAN_BUTIR),), tingkat=1))
        for sub in k.komponen:
            walk(sub, tingkat + 1)

    for k in aspek.komponen:
        walk(k, 0)
    if not rows:
        return None
    kolom = (("A", "Kode", 11.0), ("B", "Butir pertanyaan", 84.0), ("C", "Jawaban", 18.0))
    return Lembar(aspek.nama[:31], f"#aspek.{aspek.kode}", f"{aspek.kode}. {aspek.nama}",
                  "Pilih Terpenuhi atau Tidak Terpenuhi untuk setiap butir.", kolom, tuple(rows))


def _dokumen() -> Lembar:
    rows = [Baris(None, "DOKUMEN PERSYARATAN (standar pelayanan, layanan 9)", "judul")]
    for kode, uraian, bersyarat in DOKUMEN_PEMERIKSAAN:
        pilihan = STATUS_DOKUMEN if bersyarat else STATUS_DOKUMEN[:2]
        rows.append(Baris(kode, uraian, "isian", (Sel("C", ("pemeriksaan", "dokumen", kode), "pilihan",
                                                      pilihan=pilihan),)))
    kolom = (("A", "Kode", 24.0), ("B", "Dokumen", 52.0), ("C", "Status", 18.0))
    return Lembar(DOKUMEN, "#dokumen", "Dokumen yang Diperiksa",
                  "Ada / Tidak Ada; Tidak Berlaku hanya untuk dokumen \"jika ada\".", kolom, tuple(rows))


def _temuan(aturan: Aturan) -> Lembar:
    rows = [Baris(a.kode, f"{a.kode}. {a.nama}", "isian", (
        Sel("C", ("pemeriksaan", "temuan", a.kode, "catatan"), "teks_panjang", wajib=False),
        Sel("D", ("pemeriksaan", "temuan", a.kode, "rekomendasi"), "teks_panjang", wajib=False),
        Sel("E", ("pemeriksaan", "temuan", a.kode, "tenggat"), "tanggal", wajib=False)))
        for a in aturan.aspek]
    kolom = (("A", "Kode", 8.0), ("B", "Aspek", 22.0), ("C", "Catatan temuan", 60.0), ("D", "Rekomendasi", 60.0),
             ("E", "Tenggat tindak lanjut", 16.0))
    return Lembar(TEMUAN, "#temuan", "Catatan Temuan dan Rekomendasi Pemeriksa",
                  "Boleh dikosongkan. Temuan indikator bernilai 3-4 dicantumkan otomatis di berita acara.",
                  kolom, tuple(rows))


def petunjuk_lembar() -> Lembar:
    return Lembar(PETUNJUK, "#petunjuk", "Petunjuk Pengisian Kertas Kerja", "", (("A", "", 3.0), ("B", "", 110.0)))


#: The layouts made, by (rule set object, team rows, board rows): a batch reads thousands of
#: worksheets of one rule set, and the layout (frozen dataclasses) depends on nothing else.
_SUSUNAN: dict[tuple[int, int, int], tuple[Aturan, tuple[Lembar, ...]]] = {}
_SUSUNAN_MAKS = 32


def susun(aturan: Aturan, n_tim: int = JUMLAH_TIM, n_pengurus: int = JUMLAH_PENGURUS) -> tuple[Lembar, ...]:
    """Every sheet of the worksheet for rule set ``aturan``, in workbook order (made once per rule
    set object and table sizes)."""
    kunci = (id(aturan), n_tim, n_pengurus)
    ada = _SUSUNAN.get(kunci)
    if ada is not None and ada[0] is aturan:
        return ada[1]
    if len(_SUSUNAN) >= _SUSUNAN_MAKS:
        _SUSUNAN.clear()
    hasil = _susun(aturan, n_tim, n_pengurus)
    _SUSUNAN[kunci] = (aturan, hasil)       # the set kept alive with its entry: its id stays its own
    return hasil


def _susun(aturan: Aturan, n_tim: int, n_pengurus: int) -> tuple[Lembar, ...]:
    kues = [lb for a in aturan.aspek if (lb := _kuesioner(aturan, a.kode)) is not None]
    return (petunjuk_lembar(), _identitas(max(n_tim, 2), n_pengurus), _neraca(), _phu(aturan), _kolektibilitas(),
            *kues, _dokumen(), _temuan(aturan))
