"""The Excel checklist of an application: blank template (:func:`tulis_templat_permohonan`) and
reader (:func:`baca_permohonan`).

Same conventions as the examiner's worksheet: column A of every data row holds the canonical key
(a field of :class:`~.model.Permohonan` or a requirement code of the service's list); the reader
finds rows by that key, never by a fixed address. Labels are protected (no password), input
cells are unlocked and highlighted, choices are dropdowns. Every problem is reported at once, in
Indonesian, naming the sheet and the cell (:class:`~kesehatan_koperasi.errors.WorksheetError`);
an empty required cell is an error, never a default.

Sheets: ``Petunjuk``; ``Permohonan`` (the application, the values the conditions read, the
letter); ``Persyaratan`` (one row per requirement item: Ada / Tidak Ada / Tidak Berlaku).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError

from ..errors import Masalah, WorksheetError
from ..inputs import guard
from ..inputs.cells import FormatSalah, parse_angka, parse_bulat, parse_jam, parse_tanggal
from ..inputs.pesan import translate_error
from ..worksheet.template import GARIS, ISIAN, JUDUL, KEPALA, KODE, TEBAL  # the examiner's worksheet look
from .model import LABEL_BANK, LABEL_OPINI, Permohonan, periksa_konsistensi
from .persyaratan import LAYANAN, muat_persyaratan

PETUNJUK = "Petunjuk"
PERMOHONAN = "Permohonan"
PERSYARATAN = "Persyaratan"
PENANDA = "kesehatan-koperasi:permohonan"
BARIS_AWAL = 4                    # row 1: title, row 2: hint, row 3: column headers
KOLOM_ISIAN = "C"                 # Permohonan: the value
KOLOM_STATUS = "E"                # Persyaratan: Ada / Tidak Ada / Tidak Berlaku

YA_TIDAK = (("Ya", True), ("Tidak", False))
JENIS = tuple((j, j) for j in ("KSP", "USP", "KSPPS", "USPPS"))
PREDIKAT = tuple((p, p) for p in ("Sehat", "Cukup Sehat", "Dalam Pengawasan", "Dalam Pengawasan Khusus"))
OPINI = tuple((v, k) for k, v in LABEL_OPINI.items())
BANK = tuple((v, k) for k, v in LABEL_BANK.items())
STATUS = (("Ada", "ada"), ("Tidak Ada", "tidak_ada"), ("Tidak Berlaku", "tidak_berlaku"))
LABEL_LAYANAN = {"iusp": "Pertimbangan Teknis Ijin Usaha Simpan Pinjam",
                 "kantor_cabang": "Pertimbangan Teknis Ijin Pembukaan Kantor Cabang",
                 "kantor_cabang_pembantu": "Pertimbangan Teknis Ijin Pembukaan Kantor Cabang Pembantu",
                 "kantor_kas": "Pertimbangan Teknis Ijin Pembukaan Kantor Kas"}


@dataclass(frozen=True)
class Baris:
    """One row of the Permohonan sheet: key, label, kind, and whether it must be filled."""

    kunci: str
    label: str
    tipe: str                     # teks, tanggal, jam, pilihan, bulat, rupiah, angka, tahun_daftar, judul
    wajib: bool = True
    pilihan: tuple[tuple[str, Any], ...] = ()
    keterangan: str = ""
    pola: str | None = None       # regex for text


def _syarat_isian(layanan: str) -> set[str]:
    return {b.syarat.isian for b in muat_persyaratan(layanan).persyaratan if b.syarat}


def susun_baris(layanan: str) -> tuple[Baris, ...]:
    """The rows of the Permohonan sheet for ``layanan`` (template and reader share this table).

    Values read by a condition are *wajib bersyarat*: required when the document carrying the
    condition is marked Ada (checked after reading)."""
    isian = _syarat_isian(layanan)
    kantor = layanan != "iusp"
    b: list[Baris] = [
        Baris("_permohonan", "PERMOHONAN", "judul"),
        Baris("layanan", "Layanan", "layanan", keterangan="diisi oleh templat; jangan diubah"),
        Baris("nomor_permohonan", "Nomor permohonan (OSS)", "teks", wajib=False),
        Baris("tanggal_diterima", "Tanggal permohonan diterima", "tanggal", keterangan="dd-mm-yyyy"),
        Baris("jam_diterima", "Jam permohonan diterima", "jam", keterangan="jj:mm, mis. 09:30"),
        Baris("_koperasi", "KOPERASI PEMOHON", "judul"),
        Baris("nama_koperasi", "Nama koperasi", "teks"),
        Baris("nik", "Nomor Induk Koperasi (NIK)", "teks", wajib=False, pola=r"\d{16}", keterangan="16 angka"),
        Baris("nib", "Nomor Induk Berusaha (NIB)", "teks", wajib=False, pola=r"\d{13}", keterangan="13 angka"),
        Baris("jenis", "Jenis koperasi / unit", "pilihan", pilihan=JENIS),
        Baris("alamat", "Alamat", "teks"),
        Baris("kabupaten_kota", "Kabupaten/kota", "teks"),
        Baris("dikuasakan", "Pengurusan dikuasakan (tidak langsung oleh Ketua Koperasi)?", "pilihan",
              pilihan=YA_TIDAK),
        Baris("nama_pemohon", "Nama pemohon", "teks"),
        Baris("nama_penerima_kuasa", "Nama penerima kuasa", "teks", wajib=False, keterangan="wajib bila dikuasakan"),
    ]
    if kantor:
        b.append(Baris("lokasi_kantor_baru", "Lokasi jaringan pelayanan yang akan dibuka", "teks", wajib=False))
    b.append(Baris("_syarat", "NILAI YANG DIPERIKSA (wajib bila dokumennya Ada)", "judul"))
    bersyarat = [
        Baris("tanggal_iusp", "Tanggal terbit IUSP", "tanggal", wajib=False, keterangan="dd-mm-yyyy"),
        Baris("tahun_laporan_keuangan", "Tahun buku laporan keuangan tahunan yang diserahkan", "tahun_daftar",
              wajib=False, keterangan="mis. 2023, 2024"),
        Baris("opini_audit", "Opini akuntan publik", "pilihan", wajib=False, pilihan=OPINI),
        Baris("predikat_kesehatan", "Predikat hasil pemeriksaan kesehatan", "pilihan", wajib=False, pilihan=PREDIKAT),
        Baris("tanggal_hasil_kesehatan", "Tanggal hasil pemeriksaan kesehatan (selesai pemeriksaan)", "tanggal",
              wajib=False, keterangan="dd-mm-yyyy"),
        Baris("nilai_akhir_kesehatan", "Nilai akhir pemeriksaan kesehatan", "angka", wajib=False,
              keterangan="tidak wajib"),
        Baris("tanggal_bukti_spt", "Tanggal bukti penerimaan SPT tahunan pajak", "tanggal", wajib=False,
              keterangan="dd-mm-yyyy"),
        Baris("jumlah_anggota_wilayah", "Jumlah anggota di daerah jaringan pelayanan baru [orang]", "bulat",
              wajib=False),
        Baris("modal_kerja", "Modal kerja [Rp]", "rupiah", wajib=False),
        Baris("jangka_rencana_kerja_tahun", "Jangka waktu rencana kerja [tahun]", "angka", wajib=False),
        Baris("jenis_bank_rekening", "Rekening tabungan setoran modal pada", "pilihan", wajib=False, pilihan=BANK,
              keterangan="bank syariah wajib bagi KSPPS/USPPS"),
    ]
    ada = {"predikat_kesehatan": "hasil_kesehatan", "tanggal_hasil_kesehatan": "hasil_kesehatan",
           "nilai_akhir_kesehatan": "hasil_kesehatan"}
    b += [x for x in bersyarat if ada.get(x.kunci, x.kunci) in isian]
    b += [
        Baris("_surat", "SURAT PERTIMBANGAN TEKNIS", "judul"),
        Baris("nomor_surat", "Nomor surat", "teks"),
        Baris("tanggal_surat", "Tanggal surat", "tanggal", keterangan="dd-mm-yyyy"),
        Baris("penandatangan_nama", "Penandatangan: nama", "teks"),
        Baris("penandatangan_nip", "Penandatangan: NIP", "teks", wajib=False),
        Baris("penandatangan_jabatan", "Penandatangan: jabatan", "teks"),
        Baris("verifikator_nama", "Petugas verifikasi: nama", "teks", wajib=False),
        Baris("verifikator_nip", "Petugas verifikasi: NIP", "teks", wajib=False),
        Baris("verifikator_jabatan", "Petugas verifikasi: jabatan", "teks", wajib=False),
        Baris("catatan", "Catatan petugas", "teks", wajib=False),
    ]
    return tuple(b)


#: Path in the Permohonan data → row key (to put a model error on its cell).
JALUR_KE_KUNCI: dict[str, str] = {
    "diterima": "tanggal_diterima",
    **{f"koperasi.{k}": k for k in ("nama_koperasi", "nik", "nib", "jenis", "alamat", "kabupaten_kota")},
    "hasil_kesehatan": "predikat_kesehatan", "hasil_kesehatan.predikat": "predikat_kesehatan",
    "hasil_kesehatan.tanggal": "tanggal_hasil_kesehatan", "hasil_kesehatan.nilai_akhir": "nilai_akhir_kesehatan",
    "hasil_kesehatan.nik": "nik",
    "surat.nomor": "nomor_surat", "surat.tanggal": "tanggal_surat",
    **{f"surat.{p}.{k}": f"{p}_{k}" for p in ("penandatangan", "verifikator") for k in ("nama", "nip", "jabatan")},
}


# --------------------------------------------------------------------------- template
FMT = {"tanggal": "dd-mm-yyyy", "jam": "hh:mm", "rupiah": "#,##0", "bulat": "#,##0", "angka": "0.##",
       "teks": "@", "tahun_daftar": "@", "pilihan": "@", "layanan": "@"}

PETUNJUK_TEKS = (
    "Daftar periksa permohonan Pertimbangan Teknis (Standar Pelayanan DISKOPUKM Kalbar, "
    "Kep. Kadis 631/DISKOPUKM.A/2023, layanan 3–6).",
    "",
    "1. Isi sel berwarna kuning saja. Kolom A (Kode) dibaca oleh program: jangan diubah, baris boleh "
    "dipindah.",
    "2. Lembar Permohonan: data permohonan, nilai yang diperiksa, dan data surat. Sel wajib yang kosong "
    "dilaporkan sebagai kesalahan; tidak ada nilai yang diandaikan.",
    "3. Nilai pada bagian NILAI YANG DIPERIKSA wajib diisi bila dokumen yang memuatnya bertanda Ada.",
    "4. Lembar Persyaratan: untuk setiap butir pilih Ada, Tidak Ada, atau Tidak Berlaku. Tidak Berlaku "
    "hanya untuk butir yang memang tidak berlaku (kolom 'Berlaku untuk').",
    "5. Uang ditulis sebagai angka (2500000000) atau teks Indonesia (Rp 2.500.000.000). Tanggal dd-mm-yyyy.",
    "6. Jalankan: kesehatan-koperasi pertimbangan BERKAS.xlsx --out FOLDER",
    "",
    "Keputusan: ditolak bila ada syarat yang tidak terpenuhi pada dokumen yang diserahkan (dokumen yang "
    "kurang tetap dicantumkan); jika tidak, dikembalikan bila ada dokumen yang kurang; jika tidak, diterima.",
    "Satu tahun terakhir: tanggal yang sama setahun sebelum tanggal permohonan masih memenuhi, sehari "
    "sebelumnya tidak (29 Februari → 28 Februari).",
    "Tenggat: administrasi 15 menit; pertimbangan teknis 3 hari kerja sesudah hari diterima (Sabtu, Minggu, "
    "hari libur nasional dan cuti bersama tidak dihitung).",
)


def _berlaku_untuk(b: Any) -> str:
    bagian = []
    if b.hanya_kuasa:
        bagian.append("bila dikuasakan")
    if b.hanya_syariah:
        bagian.append("KSPPS/USPPS")
    if b.hanya_jenis:
        bagian.append("/".join(b.hanya_jenis))
    return "; ".join(bagian) or "semua"


def _kepala(ws: Any, judul: str, petunjuk: str, kolom: list[tuple[str, int]]) -> None:
    ws["A1"], ws["A1"].font = judul, Font(name="Calibri", size=14, bold=True)
    ws["A2"], ws["A2"].font = petunjuk, Font(italic=True, color="595959")
    for i, (teks, lebar) in enumerate(kolom):
        c = ws.cell(row=3, column=i + 1, value=teks)
        c.font, c.fill, c.border = TEBAL, KEPALA, GARIS
        ws.column_dimensions[c.column_letter].width = lebar
    ws.freeze_panes = "A4"


def _lindungi(ws: Any) -> None:
    ws.protection.sheet = True
    for a in ("formatColumns", "formatRows", "formatCells", "selectLockedCells", "selectUnlockedCells"):
        setattr(ws.protection, a, False)


def buat_buku(layanan: str) -> Workbook:
    """The blank checklist workbook for ``layanan``."""
    daftar = muat_persyaratan(layanan)
    wb = Workbook()
    ws0 = wb.active
    ws0.title = PETUNJUK
    ws0["A1"], ws0["A1"].font = f"{daftar.judul}", Font(size=14, bold=True)
    ws0["A2"] = f"Sumber: {daftar.sumber}"
    for i, t in enumerate(PETUNJUK_TEKS):
        ws0.cell(row=4 + i, column=1, value=t).alignment = Alignment(wrap_text=True, vertical="top")
    ws0.column_dimensions["A"].width = 120
    ws0["Z1"] = PENANDA
    ws0["Z1"].font = Font(color="FFFFFF")

    ws = wb.create_sheet(PERMOHONAN)
    _kepala(ws, f"Permohonan — {daftar.judul}", "Isi sel kuning. Kolom A: kode (jangan diubah).",
            [("Kode", 26), ("Uraian", 58), ("Isian", 34), ("Keterangan", 34)])
    dvs: dict[tuple[str, ...], DataValidation] = {}
    for r, b in enumerate(susun_baris(layanan), start=BARIS_AWAL):
        ws[f"A{r}"], ws[f"A{r}"].font = b.kunci, KODE
        ws[f"B{r}"] = b.label
        if b.tipe == "judul":
            for k in "ABCD":
                ws[f"{k}{r}"].fill = JUDUL
            ws[f"B{r}"].font = TEBAL
            continue
        c = ws[f"{KOLOM_ISIAN}{r}"]
        c.border, c.number_format = GARIS, FMT[b.tipe]
        if b.tipe == "layanan":
            c.value = LABEL_LAYANAN[layanan]
        else:
            c.fill, c.protection = ISIAN, Protection(locked=False)
        ket = b.keterangan or ("wajib" if b.wajib else "")
        ws[f"D{r}"] = ket
        ws[f"D{r}"].font = Font(italic=True, color="595959")
        if b.pilihan:
            key = tuple(lbl for lbl, _ in b.pilihan)
            if key not in dvs:
                dvs[key] = DataValidation(type="list", formula1='"' + ",".join(key) + '"', allow_blank=True,
                                          showErrorMessage=True, errorTitle="Pilihan tidak sah",
                                          error="Pilih salah satu dari daftar.")
                ws.add_data_validation(dvs[key])
            dvs[key].add(c.coordinate)
    _lindungi(ws)

    ws2 = wb.create_sheet(PERSYARATAN)
    _kepala(ws2, f"Persyaratan — {daftar.judul}", "Kolom E: Ada / Tidak Ada / Tidak Berlaku.",
            [("Kode", 30), ("No.", 5), ("Persyaratan", 70), ("Berlaku untuk", 16), ("Status", 14), ("Sumber", 36)])
    dv = DataValidation(type="list", formula1='"' + ",".join(lbl for lbl, _ in STATUS) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="Pilihan tidak sah", error="Ada, Tidak Ada atau Tidak Berlaku")
    ws2.add_data_validation(dv)
    for r, ps in enumerate(daftar.persyaratan, start=BARIS_AWAL):
        ws2[f"A{r}"], ws2[f"A{r}"].font = ps.kode, KODE
        ws2[f"B{r}"] = ps.nomor
        syarat = f" — syarat: {ps.syarat.uraian}" if ps.syarat else ""
        ws2[f"C{r}"] = ps.uraian + syarat
        ws2[f"C{r}"].alignment = Alignment(wrap_text=True, vertical="top")
        ws2[f"D{r}"] = _berlaku_untuk(ps)
        c = ws2[f"{KOLOM_STATUS}{r}"]
        c.fill, c.border, c.protection = ISIAN, GARIS, Protection(locked=False)
        dv.add(c.coordinate)
        ws2[f"F{r}"] = ps.sumber
        ws2[f"F{r}"].font = Font(size=9, color="595959")
    _lindungi(ws2)
    wb.active = 1
    return wb


def tulis_templat_permohonan(path: str | Path, layanan: str) -> Path:
    """Write a blank checklist for ``layanan`` (``iusp``, ``kantor_cabang``,
    ``kantor_cabang_pembantu``, ``kantor_kas``); returns the path."""
    if layanan not in LAYANAN:
        raise ValueError(f"layanan tidak dikenal: {layanan!r}; yang sah: {', '.join(LAYANAN)}")
    import io

    from ..outputs.atomic import atomic_write_bytes

    buf = io.BytesIO()
    buat_buku(layanan).save(buf)
    p = Path(path)
    atomic_write_bytes(p, buf.getvalue())
    return p


# --------------------------------------------------------------------------- reader
class _Lembar:
    """One sheet's values (columns A–:data:`_KOLOM_BACA`), read once through the guarded opener in
    read-only mode, with cells looked up by address (``ws["C12"].value``) as the reader needs."""

    def __init__(self, title: str, rows: list[tuple[Any, ...]]):
        self.title, self.rows, self.max_row = title, rows, len(rows)

    def __getitem__(self, sel: str) -> SimpleNamespace:
        m = re.fullmatch(r"([A-Z])(\d+)", sel)
        v = None
        if m:
            i, j = int(m[2]) - 1, ord(m[1]) - ord("A")
            v = self.rows[i][j] if i < len(self.rows) and j < len(self.rows[i]) else None
        return SimpleNamespace(value=v)


_KOLOM_BACA = 5                   # A-E: code, label, value, note, status


def _muat_lembar(path: Path, berkas: str) -> dict[str, _Lembar]:
    """The Permohonan and Persyaratan sheets of a checklist, through
    :func:`~kesehatan_koperasi.inputs.guard.open_workbook` (size, zip bomb, macros, XML entities
    refused first); at most :data:`~kesehatan_koperasi.inputs.guard.MAKS_BARIS` rows a sheet."""
    wb = guard.open_workbook(path, berkas=berkas, read_only=True, data_only=True)
    try:
        with guard.workbook_errors(path, berkas):
            out: dict[str, _Lembar] = {}
            for ws in wb.worksheets:
                if ws.title not in (PERMOHONAN, PERSYARATAN):
                    continue
                rows = list(itertools.islice(ws.iter_rows(max_col=_KOLOM_BACA, values_only=True),
                                             guard.MAKS_BARIS + 1))
                if len(rows) > guard.MAKS_BARIS:
                    raise WorksheetError(berkas, [Masalah(
                        f"lembar terlalu panjang untuk daftar periksa (paling banyak {guard.MAKS_BARIS:,} baris)"
                        .replace(",", "."), lembar=ws.title)])
                out[ws.title] = _Lembar(ws.title, rows)
            return out
    finally:
        wb.close()


def _nilai(b: Baris, v: Any) -> Any:
    if b.tipe == "pilihan":
        s = str(v).strip()
        for lbl, val in b.pilihan:
            if s.casefold() == lbl.casefold():
                return val
        raise FormatSalah("bukan salah satu pilihan: " + ", ".join(lbl for lbl, _ in b.pilihan))
    if b.tipe == "tanggal":
        return parse_tanggal(v)
    if b.tipe == "jam":
        return parse_jam(v)
    if b.tipe in ("rupiah", "angka"):
        return parse_angka(v)
    if b.tipe == "bulat":
        return parse_bulat(v)
    if b.tipe == "tahun_daftar":
        s = str(int(v)) if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() else str(v)
        if not re.fullmatch(r"\s*\d{4}(\s*[,;]\s*\d{4})*\s*", s):
            raise FormatSalah("tulis tahun buku 4 angka dipisah koma, mis. 2023, 2024")
        return [int(t) for t in re.findall(r"\d{4}", s)]
    if b.tipe == "layanan":
        s = str(v).strip()
        for k, lbl in LABEL_LAYANAN.items():
            if s in (lbl, k):
                return k
        raise FormatSalah("layanan tidak dikenal; pakai templat dari tulis_templat_permohonan")
    s = str(v).strip() if not isinstance(v, float) else str(int(v)) if v.is_integer() else str(v)
    if b.pola and not re.fullmatch(b.pola, s):
        raise FormatSalah(f"format tidak sah ({b.keterangan})")
    return s


def _kosong(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _kunci_baris(ws: Any) -> tuple[dict[str, int], list[Masalah]]:
    rows: dict[str, int] = {}
    masalah = []
    for r in range(BARIS_AWAL, ws.max_row + 1):
        k = ws[f"A{r}"].value
        if isinstance(k, str) and k.strip():
            k = k.strip()
            if k in rows:
                masalah.append(Masalah(f"kode {k!r} muncul dua kali (juga baris {rows[k]})", lembar=ws.title,
                                       sel=f"A{r}"))
            rows[k] = r
    return rows, masalah


def baca_permohonan(path: str | Path) -> Permohonan:
    """Read a filled checklist into a validated :class:`Permohonan`.

    Raises
    ------
    WorksheetError
        Listing every problem with sheet and cell (Indonesian messages).
    """
    berkas = str(path)
    wb = _muat_lembar(Path(path), berkas)
    kurang = [n for n in (PERMOHONAN, PERSYARATAN) if n not in wb]
    if kurang:
        raise WorksheetError(berkas, [Masalah(f"lembar '{n}' tidak ada; pakai templat dari "
                                              "tulis_templat_permohonan", lembar=n) for n in kurang])
    ws = wb[PERMOHONAN]
    rows, masalah = _kunci_baris(ws)
    # the service decides the rows; read it first
    if "layanan" not in rows:
        raise WorksheetError(berkas, masalah + [Masalah("baris berkode 'layanan' tidak ada", lembar=PERMOHONAN,
                                                         sel="A")])
    sel_layanan = f"{KOLOM_ISIAN}{rows['layanan']}"
    try:
        layanan = _nilai(Baris("layanan", "Layanan", "layanan"), ws[sel_layanan].value)
    except FormatSalah as e:
        raise WorksheetError(berkas, masalah + [Masalah(str(e), medan="layanan", lembar=PERMOHONAN, sel=sel_layanan,
                                                         ditemukan=repr(ws[sel_layanan].value))]) from None
    baris = {b.kunci: b for b in susun_baris(layanan) if b.tipe != "judul"}
    nilai: dict[str, Any] = {}
    sel: dict[str, str] = {}
    for k, b in baris.items():
        if k not in rows:
            masalah.append(Masalah(f"baris berkode '{k}' ({b.label}) tidak ada di kolom A", lembar=PERMOHONAN))
            continue
        sel[k] = f"{KOLOM_ISIAN}{rows[k]}"
        v = ws[sel[k]].value
        if _kosong(v):
            if b.wajib:
                masalah.append(Masalah("wajib diisi", medan=k, lembar=PERMOHONAN, sel=sel[k],
                                       diharapkan=b.label))
            continue
        try:
            nilai[k] = _nilai(b, v)
        except FormatSalah as e:
            masalah.append(Masalah(str(e), medan=k, lembar=PERMOHONAN, sel=sel[k], ditemukan=repr(v)[:60]))
    asing = sorted(set(rows) - set(baris) - {k for k in rows if k.startswith("_")})
    for k in asing:
        masalah.append(Masalah(f"kode {k!r} tidak dikenal untuk layanan {layanan}", lembar=PERMOHONAN,
                               sel=f"A{rows[k]}"))

    # requirement items
    ws2 = wb[PERSYARATAN]
    rows2, m2 = _kunci_baris(ws2)
    masalah += m2
    daftar = muat_persyaratan(layanan)
    dokumen: dict[str, str] = {}
    sel_dok: dict[str, str] = {}
    jenis = nilai.get("jenis")
    dikuasakan = nilai.get("dikuasakan")
    for ps in daftar.persyaratan:
        if ps.kode not in rows2:
            masalah.append(Masalah(f"baris persyaratan berkode '{ps.kode}' (butir {ps.nomor}) tidak ada di kolom A",
                                   lembar=PERSYARATAN))
            continue
        sel_dok[ps.kode] = f"{KOLOM_STATUS}{rows2[ps.kode]}"
        v = ws2[sel_dok[ps.kode]].value
        if jenis is None or dikuasakan is None:   # unknown yet: only items that apply to every application
            berlaku = not (ps.hanya_kuasa or ps.hanya_syariah or ps.hanya_jenis)
        else:
            berlaku = ps.berlaku(jenis, dikuasakan)
        if _kosong(v):
            if berlaku:
                masalah.append(Masalah(f"status butir {ps.nomor} wajib diisi", medan=f"dokumen.{ps.kode}",
                                       lembar=PERSYARATAN, sel=sel_dok[ps.kode], diharapkan="Ada atau Tidak Ada"))
            continue
        try:
            dokumen[ps.kode] = _nilai(Baris(ps.kode, "", "pilihan", pilihan=STATUS), v)
        except FormatSalah as e:
            masalah.append(Masalah(str(e), medan=f"dokumen.{ps.kode}", lembar=PERSYARATAN, sel=sel_dok[ps.kode],
                                   ditemukan=repr(v)[:60]))
    for k in sorted(set(rows2) - set(daftar.kode)):
        masalah.append(Masalah(f"kode persyaratan {k!r} tidak dikenal untuk layanan {layanan}",
                               lembar=PERSYARATAN, sel=f"A{rows2[k]}"))
    kesehatan = ("predikat_kesehatan", "tanggal_hasil_kesehatan", "nilai_akhir_kesehatan")
    if any(k in nilai for k in kesehatan):
        for k in kesehatan[:2]:
            if k not in nilai and k in sel:
                masalah.append(Masalah("wajib diisi bila hasil pemeriksaan kesehatan diisi", medan=k,
                                       lembar=PERMOHONAN, sel=sel[k], diharapkan=baris[k].label))
        if not all(k in nilai for k in kesehatan[:2]):
            for k in kesehatan:
                nilai.pop(k, None)
    data = _ke_model(layanan, nilai, dokumen)

    def tempat(jalur: str) -> tuple[str | None, str | None, str]:
        if jalur.startswith("dokumen."):
            return PERSYARATAN, sel_dok.get(jalur.split(".", 1)[1]), jalur
        kunci = JALUR_KE_KUNCI.get(jalur, jalur)
        return PERMOHONAN, sel.get(kunci), kunci

    if masalah and not all(k in nilai for k in ("jenis", "dikuasakan", "tanggal_diterima", "jam_diterima",
                                                "nama_koperasi", "alamat", "kabupaten_kota", "nama_pemohon")):
        raise WorksheetError(berkas, masalah)
    try:
        p = Permohonan.model_validate(data, context={"tanpa_konsistensi": True})
    except ValidationError as e:
        for x in e.errors():
            jalur = ".".join(str(s) for s in x["loc"])
            lembar, c, kunci = tempat(jalur)
            pesan = translate_error(x)
            if not any(m.medan == kunci for m in masalah):
                masalah.append(Masalah(pesan, medan=kunci, lembar=lembar, sel=c))
        raise WorksheetError(berkas, masalah) from None
    for jalur, pesan in periksa_konsistensi(p):
        lembar, c, kunci = tempat(jalur)
        if not any(m.medan == kunci for m in masalah):
            masalah.append(Masalah(pesan, medan=kunci, lembar=lembar, sel=c))
    if masalah:
        raise WorksheetError(berkas, masalah)
    return p


def _ke_model(layanan: str, n: dict[str, Any], dokumen: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "layanan": layanan,
        "nomor_permohonan": n.get("nomor_permohonan"),
        "koperasi": {k: n.get(k) for k in ("nama_koperasi", "nik", "nib", "jenis", "alamat", "kabupaten_kota")},
        "dikuasakan": n.get("dikuasakan"),
        "nama_pemohon": n.get("nama_pemohon"),
        "nama_penerima_kuasa": n.get("nama_penerima_kuasa"),
        "dokumen": dokumen,
        "catatan": n.get("catatan"),
    }
    if "tanggal_diterima" in n and "jam_diterima" in n:
        data["diterima"] = dt.datetime.combine(n["tanggal_diterima"], n["jam_diterima"])
    if layanan != "iusp":
        data["lokasi_kantor_baru"] = n.get("lokasi_kantor_baru")
    for k in ("tanggal_iusp", "tahun_laporan_keuangan", "opini_audit", "tanggal_bukti_spt",
              "jumlah_anggota_wilayah", "modal_kerja", "jangka_rencana_kerja_tahun", "jenis_bank_rekening"):
        if k in n:
            data[k] = n[k]
    if any(k in n for k in ("predikat_kesehatan", "tanggal_hasil_kesehatan", "nilai_akhir_kesehatan")):
        data["hasil_kesehatan"] = {"predikat": n.get("predikat_kesehatan"), "tanggal": n.get("tanggal_hasil_kesehatan"),
                                   "nilai_akhir": n.get("nilai_akhir_kesehatan"), "nik": n.get("nik"),
                                   "sumber": "isian"}
    surat = {"nomor": n.get("nomor_surat"), "tanggal": n.get("tanggal_surat"),
             "penandatangan": {k: n.get(f"penandatangan_{k}") for k in ("nama", "nip", "jabatan")}}
    if any(n.get(f"verifikator_{k}") for k in ("nama", "nip", "jabatan")):
        surat["verifikator"] = {k: n.get(f"verifikator_{k}") for k in ("nama", "nip", "jabatan")}
    data["surat"] = surat
    return data


def isi_buku(permohonan: Permohonan) -> Workbook:
    """A checklist filled from ``permohonan`` (for tests, examples and round trips)."""
    wb = buat_buku(permohonan.layanan)
    ws, ws2 = wb[PERMOHONAN], wb[PERSYARATAN]
    p = permohonan
    hk = p.hasil_kesehatan
    s = p.surat
    label = {k: {v: lbl for lbl, v in opts} for k, opts in
             (("jenis", JENIS), ("dikuasakan", YA_TIDAK), ("opini_audit", OPINI), ("jenis_bank_rekening", BANK))}
    v: dict[str, Any] = {
        "nomor_permohonan": p.nomor_permohonan, "tanggal_diterima": p.diterima.date(),
        "jam_diterima": p.diterima.time(), **p.koperasi.model_dump(),
        "jenis": p.koperasi.jenis, "dikuasakan": label["dikuasakan"][p.dikuasakan], "nama_pemohon": p.nama_pemohon,
        "nama_penerima_kuasa": p.nama_penerima_kuasa, "lokasi_kantor_baru": p.lokasi_kantor_baru,
        "tanggal_iusp": p.tanggal_iusp,
        "tahun_laporan_keuangan": ", ".join(map(str, p.tahun_laporan_keuangan or [])) or None,
        "opini_audit": label["opini_audit"].get(p.opini_audit or ""), "tanggal_bukti_spt": p.tanggal_bukti_spt,
        "jumlah_anggota_wilayah": p.jumlah_anggota_wilayah, "modal_kerja": p.modal_kerja,
        "jangka_rencana_kerja_tahun": p.jangka_rencana_kerja_tahun,
        "jenis_bank_rekening": label["jenis_bank_rekening"].get(p.jenis_bank_rekening or ""),
        "predikat_kesehatan": hk.predikat if hk else None, "tanggal_hasil_kesehatan": hk.tanggal if hk else None,
        "nilai_akhir_kesehatan": hk.nilai_akhir if hk else None, "catatan": p.catatan,
    }
    if s is not None:
        v |= {"nomor_surat": s.nomor, "tanggal_surat": s.tanggal}
        for peran in ("penandatangan", "verifikator"):
            pj = getattr(s, peran)
            if pj is not None:
                v |= {f"{peran}_{k}": getattr(pj, k) for k in ("nama", "nip", "jabatan")}
    rows, _ = _kunci_baris(ws)
    for k, r in rows.items():
        if k in v and v[k] is not None:
            ws[f"{KOLOM_ISIAN}{r}"] = v[k]
    rows2, _ = _kunci_baris(ws2)
    st = {val: lbl for lbl, val in STATUS}
    for k, r in rows2.items():
        if k in p.dokumen:
            ws2[f"{KOLOM_STATUS}{r}"] = st[p.dokumen[k]]
    return wb


__all__ = ["baca_permohonan", "buat_buku", "isi_buku", "susun_baris", "tulis_templat_permohonan"]
