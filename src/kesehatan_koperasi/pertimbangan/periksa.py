"""Checking an application: :func:`periksa_permohonan` → :class:`HasilPermohonan`.

Outcome (service standard, Prosedur: "diterima, dikembalikan (apabila kurang persyaratan) dan atau
ditolak (tidak memenuhi persyaratan)"), in this order of precedence (issue 7):

1. **ditolak** — a quantitative condition fails on a document that was submitted; the missing
   documents are listed as well;
2. **dikembalikan** — otherwise, a required document is missing;
3. **diterima** — otherwise.

A condition on a document that was not submitted is not checked (it is reported as missing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..formatting import angka, rupiah, tanggal
from .model import LABEL_BANK, LABEL_OPINI, Permohonan
from .persyaratan import JENIS_SYARIAH, Butir, Syarat, muat_persyaratan
from .tanggal import dalam_tahun_terakhir, geser_tahun, peringatan_libur, sudah_berjalan, tambah_hari_kerja

Keputusan = Literal["diterima", "dikembalikan", "ditolak"]
LABEL_KEPUTUSAN: dict[str, str] = {"diterima": "Diterima", "dikembalikan": "Dikembalikan",
                                   "ditolak": "Ditolak"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HasilButir(_Model):
    """One requirement item of one application."""

    kode: str
    nomor: str
    uraian: str
    sumber: str
    berlaku: bool
    status: Literal["ada", "tidak_ada", "tidak_berlaku"]
    syarat: str | None = None
    """The condition, in words (None when the item has none or it does not apply)."""
    terpenuhi: bool | None = None
    """Whether the condition holds; None when there is none or the document is missing."""
    ditemukan: str | None = None
    diharapkan: str | None = None


class SyaratGagal(_Model):
    """A condition that fails: the value found and the value required."""

    kode: str
    nomor: str
    uraian: str
    syarat: str
    ditemukan: str
    diharapkan: str
    sumber: str


class DokumenKurang(_Model):
    kode: str
    nomor: str
    uraian: str
    sumber: str


class HariDilewati(_Model):
    tanggal: dt.date
    keterangan: str


class Tenggat(_Model):
    """Due dates of the service standard (Jangka Waktu Penyelesaian)."""

    diterima: dt.datetime
    administrasi: dt.datetime
    administrasi_menit: int
    pertimbangan_teknis: dt.date
    pertimbangan_teknis_hari_kerja: int
    hari_dilewati: list[HariDilewati]
    sumber: str


class HasilPermohonan(_Model):
    """The verification of one application — the one object the JSON and the letter render."""

    layanan: str
    nomor_layanan: int
    judul: str
    sumber: str
    permohonan: Permohonan
    keputusan: Keputusan
    alasan: str
    butir: list[HasilButir]
    dokumen_kurang: list[DokumenKurang]
    syarat_gagal: list[SyaratGagal]
    tenggat: Tenggat
    peringatan: list[str]

    @property
    def label_keputusan(self) -> str:
        return LABEL_KEPUTUSAN[self.keputusan]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


# --------------------------------------------------------------------------- conditions
def _fmt_tahun(x: float) -> str:
    return f"{angka(x, 0 if float(x).is_integer() else 2)} tahun"


def _minimum(s: Syarat, v: Any) -> tuple[bool, str, str]:
    assert s.minimum is not None
    if s.satuan == "rupiah":
        f, e = rupiah(v), rupiah(s.minimum)
    elif s.satuan == "tahun":
        f, e = _fmt_tahun(v), _fmt_tahun(s.minimum)
    else:
        f, e = f"{angka(v)} {s.satuan or ''}".strip(), f"{angka(s.minimum)} {s.satuan or ''}".strip()
    return v >= s.minimum, f, f"paling sedikit {e}"


def _cek_syarat(s: Syarat, p: Permohonan) -> tuple[bool, str, str]:
    """(terpenuhi, ditemukan, diharapkan) of condition ``s`` on application ``p``."""
    v = getattr(p, s.isian)
    acuan = p.tanggal
    if s.jenis == "minimum":
        return _minimum(s, v)
    if s.jenis == "lama_iusp":
        n = int(s.minimum or 0)
        batas = geser_tahun(v, n)
        return (sudah_berjalan(v, acuan, n), f"IUSP tanggal {tanggal(v)} (genap {n} tahun pada {tanggal(batas)})",
                f"IUSP tanggal {tanggal(geser_tahun(acuan, -n))} atau sebelumnya")
    if s.jenis == "laporan_keuangan":
        n = int(s.minimum or 0)
        wajib = list(range(acuan.year - n, acuan.year))
        ada = ", ".join(str(t) for t in v) or "tidak ada"
        return set(wajib) <= set(v), f"tahun buku {ada}", "tahun buku " + " dan ".join(str(t) for t in wajib)
    if s.jenis == "opini_audit":
        ok = v in (s.diterima or [])
        return ok, f"opini {LABEL_OPINI[v].lower()}", "opini " + " / ".join(LABEL_OPINI[d].lower() for d in s.diterima or [])
    if s.jenis == "kesehatan":
        n = int(s.maksimum or 0)
        batas = geser_tahun(acuan, -n)
        ok_pred = v.predikat == s.predikat
        ok_tgl = dalam_tahun_terakhir(v.tanggal, acuan, n)
        return (ok_pred and ok_tgl, f"{v.predikat}, tanggal hasil {tanggal(v.tanggal)}",
                f"{s.predikat}, tanggal hasil tidak sebelum {tanggal(batas)}")
    if s.jenis == "dalam_jangka":
        n = int(s.maksimum or 0)
        batas = geser_tahun(acuan, -n)
        return dalam_tahun_terakhir(v, acuan, n), f"tanggal {tanggal(v)}", f"tanggal tidak sebelum {tanggal(batas)}"
    if s.jenis == "bank_syariah":
        return v == "syariah", LABEL_BANK[v].lower(), LABEL_BANK["syariah"].lower()
    raise AssertionError(s.jenis)  # pragma: no cover


def _berlaku_syarat(s: Syarat, p: Permohonan) -> bool:
    return not (s.hanya_syariah and p.koperasi.jenis not in JENIS_SYARIAH)


def _butir(b: Butir, p: Permohonan) -> HasilButir:
    berlaku = b.berlaku(p.koperasi.jenis, p.dikuasakan)
    status = p.dokumen.get(b.kode, "tidak_berlaku") if berlaku else "tidak_berlaku"
    h = HasilButir(kode=b.kode, nomor=b.nomor, uraian=b.uraian, sumber=b.sumber, berlaku=berlaku, status=status)
    if berlaku and b.syarat is not None and _berlaku_syarat(b.syarat, p):
        h.syarat = b.syarat.uraian
        if status == "ada":
            h.terpenuhi, h.ditemukan, h.diharapkan = _cek_syarat(b.syarat, p)
    return h


def periksa_permohonan(permohonan: Permohonan, libur_tambahan: Iterable[dt.date] = ()) -> HasilPermohonan:
    """Verify an application against the requirement list of its service.

    Parameters
    ----------
    permohonan
        The application (validated).
    libur_tambahan
        Extra non-working days of the office (e.g. a regional holiday), on top of national
        public holidays and cuti bersama.

    Returns
    -------
    HasilPermohonan
        The outcome (``diterima`` / ``dikembalikan`` / ``ditolak``, precedence in the module
        docs), every item with its status, every missing document, every failed condition with
        the value found and the value required, and the due dates.
    """
    daftar = muat_persyaratan(permohonan.layanan)
    butir = [_butir(b, permohonan) for b in daftar.persyaratan]
    kurang = [DokumenKurang(kode=h.kode, nomor=h.nomor, uraian=h.uraian, sumber=h.sumber)
              for h in butir if h.berlaku and h.status == "tidak_ada"]
    gagal = [SyaratGagal(kode=h.kode, nomor=h.nomor, uraian=h.uraian, syarat=h.syarat or "",
                         ditemukan=h.ditemukan or "", diharapkan=h.diharapkan or "", sumber=h.sumber)
             for h in butir if h.terpenuhi is False]
    if gagal:
        keputusan: Keputusan = "ditolak"
        alasan = f"Tidak memenuhi persyaratan: {len(gagal)} syarat tidak terpenuhi"
        if kurang:
            alasan += f"; selain itu {len(kurang)} dokumen belum diserahkan"
    elif kurang:
        keputusan = "dikembalikan"
        alasan = f"Persyaratan belum lengkap: {len(kurang)} dokumen belum diserahkan"
    else:
        keputusan = "diterima"
        alasan = "Seluruh persyaratan lengkap dan memenuhi syarat"

    jw = daftar.jangka_waktu
    akhir, dilewati = tambah_hari_kerja(permohonan.tanggal, jw.pertimbangan_teknis_hari_kerja, libur_tambahan)
    tenggat = Tenggat(
        diterima=permohonan.diterima,
        administrasi=permohonan.diterima + dt.timedelta(minutes=jw.administrasi_menit),
        administrasi_menit=jw.administrasi_menit,
        pertimbangan_teknis=akhir,
        pertimbangan_teknis_hari_kerja=jw.pertimbangan_teknis_hari_kerja,
        hari_dilewati=[HariDilewati(tanggal=d, keterangan=k) for d, k in dilewati],
        sumber=jw.sumber,
    )
    peringatan = [w for th in range(permohonan.tanggal.year, akhir.year + 1) for w in peringatan_libur(th)]
    hk = permohonan.hasil_kesehatan
    if hk is not None and hk.sumber == "isian":
        peringatan.append("Hasil pemeriksaan kesehatan diisi manual, tidak diambil dari hasil penilaian; "
                          "cocokkan dengan sertifikatnya.")
    if permohonan.surat is not None and permohonan.surat.tanggal > akhir:
        peringatan.append(f"Tanggal surat {tanggal(permohonan.surat.tanggal)} melewati tenggat pertimbangan "
                          f"teknis {tanggal(akhir)}.")
    return HasilPermohonan(
        layanan=daftar.layanan, nomor_layanan=daftar.nomor_layanan, judul=daftar.judul, sumber=daftar.sumber,
        permohonan=permohonan, keputusan=keputusan, alasan=alasan, butir=butir, dokumen_kurang=kurang,
        syarat_gagal=gagal, tenggat=tenggat, peringatan=peringatan,
    )
