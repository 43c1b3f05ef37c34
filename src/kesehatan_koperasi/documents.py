"""The two documents of an examination, rendered from one :class:`~kesehatan_koperasi.hasil.Hasil`.

* **Sertifikat Penilaian Kesehatan Koperasi** — one A4 page: :func:`render_certificate`,
  :func:`certificate_html`.
* **Berita Acara Pemeriksaan** — several A4 pages, "Halaman X dari Y" on each:
  :func:`render_minutes`, :func:`minutes_html`.

Both come from Jinja2 templates and CSS shipped as package data (``kesehatan_koperasi.templates``)
and are laid out by WeasyPrint with the bundled DejaVu fonts, so the output does not depend on
the host's fonts. Every number printed is taken from the ``Hasil`` (spec ``documents.md``): the
JSON, the Excel summary, the certificate and the minutes cannot disagree.

The issuing office (letterhead, place of issue, number patterns) comes from a small settings file,
:func:`load_kantor`; the default is the Kalimantan Barat office (``data/kantor.yaml``). Signatories
come only from the worksheet (``pemeriksaan.penandatangan``, ``tim_pemeriksa``,
``pengurus_hadir``); without a worksheet the documents carry dotted blanks to be filled by hand.

Safety: Jinja2 autoescapes every value, so worksheet text such as ``<img src=…>`` or
``{{ 7*7 }}`` is printed literally; WeasyPrint's URL fetcher serves only the package's own
template resources (fonts) and refuses every other ``file:`` path and every network URL.

Determinism: the PDF's creation and modification dates are the last day of the examination (or
31 December of the tahun buku when there is no worksheet), so the same result gives the same PDF.

Verification: the certificate prints :meth:`Hasil.kode_verifikasi` (a digest of
:meth:`Hasil.canonical`) and carries it in the PDF metadata; :func:`verify` recomputes it from a
``hasil.json`` and compares.
"""

from __future__ import annotations

import datetime as dt
import functools
import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import KesehatanKoperasiError
from .formatting import (angka, pada_hari_ini, persen, rentang_tanggal, romawi, rupiah, tanggal,
                         terbilang_desimal)
from .hasil import Hasil, HasilIndikator
from .model import DOKUMEN_PEMERIKSAAN

__all__ = [
    "Kantor", "certificate_html", "load_kantor", "minutes_html", "nomor_sertifikat",
    "render_certificate", "render_minutes", "verify",
]

#: Timezone of the Kalimantan Barat office (WIB), used for the PDF metadata dates.
_WIB = dt.timezone(dt.timedelta(hours=7))


# ---------------------------------------------------------------------------------- the office
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
        masalah = "; ".join(f"{'.'.join(map(str, x['loc'])) or '(berkas)'}: "
                            f"{ {'missing': 'wajib diisi', 'extra_forbidden': 'isian tidak dikenal'}.get(x['type'], x['msg'])}"
                            for x in e.errors())
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


# ------------------------------------------------------------------------- dates and numbers
def _tanggal_terbit(hasil: Hasil) -> dt.date | None:
    """Date of issue: the last day of the examination (None without a worksheet)."""
    kk = hasil.kertas_kerja
    if kk is not None and kk.pemeriksaan is not None:
        return kk.pemeriksaan.tanggal_selesai_pemeriksaan
    return None


def _tahun_buku(hasil: Hasil) -> int | None:
    v = hasil.identitas.get("tahun_buku")
    try:
        return int(v) if v is not None and str(v).strip() != "" else None
    except (TypeError, ValueError):
        return None


def _tanggal_metadata(hasil: Hasil) -> str:
    """W3C date for the PDF metadata: the date of issue, else 31 December of the tahun buku."""
    d = _tanggal_terbit(hasil)
    if d is None:
        tb = _tahun_buku(hasil)
        d = dt.date(tb, 12, 31) if tb and 1900 <= tb <= 2200 else dt.date(2000, 1, 1)
    return dt.datetime(d.year, d.month, d.day, tzinfo=_WIB).isoformat()


_CONTOH_NOMOR = {"kode": "0000-0000-0000", "kode_polos": "000000000000", "tahun": 2000,
                 "bulan_romawi": "I", "tahun_buku": 2000, "nik": "", "jenis": "", "kuk": "",
                 "singkatan": ""}


def _isian_nomor(hasil: Hasil, kantor: Kantor) -> dict[str, Any]:
    kode = hasil.kode_verifikasi()
    d = _tanggal_terbit(hasil)
    tb = _tahun_buku(hasil)
    return {
        "kode": kode, "kode_polos": kode.replace("-", ""),
        "tahun": d.year if d else "…",
        "bulan_romawi": romawi(d.month) if d else "…",
        "tahun_buku": tb if tb else "…",
        "nik": hasil.identitas.get("nik") or "…", "jenis": hasil.identitas.get("jenis") or "…",
        "kuk": hasil.identitas.get("kuk") or "…", "singkatan": kantor.singkatan,
    }


def nomor_sertifikat(hasil: Hasil, kantor: Kantor | Mapping[str, Any] | str | Path | None = None) -> str:
    """The certificate number: the office's pattern filled from the result.

    With the default pattern ``518/{kode}/{singkatan}/{bulan_romawi}/{tahun}`` the number carries
    the verification code, so it is unique per result and the same result always gets the same
    number (e.g. ``518/5C26-1C94-8CD9/DISKOPUKM/V/2026``).
    """
    k = _kantor(kantor)
    return k.nomor_sertifikat.format(**_isian_nomor(hasil, k))


def _nomor_berita_acara(hasil: Hasil, kantor: Kantor) -> str:
    return kantor.nomor_berita_acara.format(**_isian_nomor(hasil, kantor)) if kantor.nomor_berita_acara else ""


def _sebagai_tanggal(v: Any) -> dt.date | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if hasattr(v, "to_pydatetime"):
        try:
            return v.to_pydatetime().date()
        except (ValueError, TypeError):
            return None
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _teks(v: Any) -> str | None:
    """A printable identity value; None (→ a dotted blank) for missing or NaN."""
    if v is None:
        return None
    if isinstance(v, float) and v != v:
        return None
    s = str(v).strip()
    return s or None


def _utuh(rentang: str) -> str:
    """A band such as ``25 % < x ≤ 50 %`` kept on one line (no-break spaces), unless it is long."""
    return rentang.replace(" ", "\u00a0") if len(rentang) <= 30 else rentang


def _nilai_indikator(i: HasilIndikator) -> str:
    if i.tak_terdefinisi or i.rasio is None:
        return "tak terdefinisi"
    if i.jenis == "kuesioner" and i.terpenuhi is not None and i.jumlah_butir:
        return f"{i.terpenuhi} dari {i.jumlah_butir} butir ({persen(i.rasio)})".replace(" %", "\u00a0%")
    return persen(i.rasio).replace(" ", "\u00a0")


# ---------------------------------------------------------------------- templates and fetching
def _templates() -> Any:
    return resources.files("kesehatan_koperasi.templates")


@functools.lru_cache(maxsize=1)
def _root() -> Path:
    """The real folder of the template package (fonts are served from it, and only from it)."""
    return Path(str(_templates())).resolve()


@functools.lru_cache(maxsize=1)
def _env() -> Any:
    import jinja2

    def load(name: str) -> str:
        if "/" in name or "\\" in name or name.startswith("."):
            raise jinja2.TemplateNotFound(name)
        res = _templates() / name
        if not res.is_file():
            raise jinja2.TemplateNotFound(name)
        return res.read_text(encoding="utf-8")

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(angka=angka, persen=persen, rupiah=rupiah, tanggal=tanggal)
    return env


@functools.lru_cache(maxsize=4)
def _css(*names: str) -> Any:
    """The package's own stylesheets, marked safe for the ``<style>`` element (never user text)."""
    from markupsafe import Markup

    css = "\n".join((_templates() / n).read_text(encoding="utf-8") for n in names)
    if "</" in css:
        raise ValueError("stylesheet must not contain '</'")
    return Markup(css)


def _url_fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = _root()

    class PaketFetcher(URLFetcher):
        """Serves ``file:`` URLs inside the template package; refuses everything else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=["file"])
            self.ditolak: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme == "file" and parsed.netloc in ("", "localhost"):
                p = Path(unquote(parsed.path)).resolve()
                if p.is_relative_to(root) and p.is_file():
                    ctype = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
                    if p.suffix == ".ttf":
                        ctype = "font/ttf"
                    return URLFetcherResponse(url, body=p.read_bytes(), headers={"Content-Type": ctype})
            self.ditolak.append(url)
            raise ValueError(f"sumber di luar paket ditolak: {url[:200]}")

    return PaketFetcher()


def _dokumen(html: str, fetcher: Any = None) -> Any:
    """Lay out ``html`` (a WeasyPrint Document) with the package-only URL fetcher."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = fetcher or _url_fetcher()
    return HTML(string=html, base_url=_root().as_uri() + "/", url_fetcher=fetcher).render(
        font_config=FontConfiguration())


def _tulis_pdf(doc: Any) -> bytes:
    return bytes(doc.write_pdf(pdf_identifier=b"kesehatan-koperasi"))


def _pdf(html: str, fetcher: Any = None) -> bytes:
    return _tulis_pdf(_dokumen(html, fetcher))


def _tulis(path: str | Path, data: bytes) -> Path:
    from .report import atomic_write_bytes

    p = Path(path)
    atomic_write_bytes(p, data)
    return p


# ------------------------------------------------------------------------------ view models
@dataclass
class _Orang:
    nama: str | None
    nip: str | None = None
    jabatan: str | None = None


def _umum(hasil: Hasil, kantor: Kantor, judul: str) -> dict[str, Any]:
    berbobot = hasil.aturan.metode == "jumlah_berbobot"   # Perdep 06/2016: aspect scores are weighted sums
    desimal = 2 if berbobot else 3
    ident = hasil.identitas
    kk = hasil.kertas_kerja
    tgl_bh = _sebagai_tanggal(ident.get("tanggal_badan_hukum"))
    nomor_bh = _teks(ident.get("nomor_badan_hukum"))
    badan_hukum = None
    if nomor_bh:
        badan_hukum = nomor_bh + (f" tanggal {tanggal(tgl_bh)}" if tgl_bh else "")
    alamat = ", ".join(p for p in (_teks(ident.get("alamat")), _teks(ident.get("kabupaten_kota")),
                                   _teks(ident.get("provinsi"))) if p) or None
    jenis = _teks(ident.get("jenis"))
    kuk = _teks(ident.get("kuk"))
    nama = hasil.nama_koperasi.strip() or None
    d_terbit = _tanggal_terbit(hasil)
    return {
        "judul": judul,
        "kantor": kantor,
        "kontak": kantor.kontak(),
        "nama": nama,
        "nama_panjang": bool(nama and len(nama) > 90),
        "identitas": [
            ("Nama koperasi", nama),
            ("Nomor Induk Koperasi", _teks(ident.get("nik"))),
            ("Badan hukum", badan_hukum),
            ("Jenis koperasi", jenis + (f", KUK {kuk}" if kuk else "") if jenis else (f"KUK {kuk}" if kuk else None)),
            ("Alamat", alamat),
            ("Tahun buku", _teks(ident.get("tahun_buku"))),
        ],
        "tahun_buku": _teks(ident.get("tahun_buku")),
        "ada_kertas_kerja": kk is not None and kk.pemeriksaan is not None,
        "aspek": [{
            "kode": a.kode, "nama": a.nama, "bobot": angka(a.bobot, 0) + " %",
            # Juknis: aspect score 0-100 and its weighted share; Perdep: share of the weight, and the score
            "skor": angka(a.skor / a.bobot * 100, 1) + " %" if berbobot else angka(a.skor, 1),
            "label": a.label,
            "tertimbang": angka(a.skor, 2) if berbobot else angka(a.skor * a.bobot / 100, 3),
            "jumlah": (f"{angka(a.jumlah_skor, 2)} dari {angka(a.bobot, 0)}" if berbobot
                       else f"{a.jumlah_skor} dari {a.jumlah_indikator * 4}"),
        } for a in hasil.aspek],
        "kolom_skor": "% dari bobot" if berbobot else "Skor",
        "kolom_tertimbang": "Skor" if berbobot else "Skor × bobot",
        "kata_terbaik": "nilai tertinggi bila" if berbobot else "Sehat bila",
        "uraian_temuan": hasil.aturan.temuan,
        "jumlah_bobot": angka(sum(a.bobot for a in hasil.aspek), 0) + " %",
        "nilai_akhir": angka(hasil.nilai_akhir, desimal),
        "nilai_akhir_terbilang": terbilang_desimal(hasil.nilai_akhir, desimal),
        "predikat": hasil.predikat,
        "kode_verifikasi": hasil.kode_verifikasi(),
        "aturan": hasil.aturan,
        "tempat": kantor.tempat_terbit,
        "tanggal_terbit": tanggal(d_terbit) if d_terbit else None,
        "meta_tanggal": _tanggal_metadata(hasil),
    }


def _konteks_sertifikat(hasil: Hasil, kantor: Kantor, nomor: str | None) -> dict[str, Any]:
    c = _umum(hasil, kantor, "Sertifikat Penilaian Kesehatan Koperasi")
    kk = hasil.kertas_kerja
    p = kk.pemeriksaan if kk is not None else None
    c["nomor"] = nomor if nomor is not None else nomor_sertifikat(hasil, kantor)
    c["penandatangan"] = (_Orang(p.penandatangan.nama, p.penandatangan.nip, p.penandatangan.jabatan)
                          if p is not None else None)
    c["periode"] = (rentang_tanggal(p.tanggal_mulai_pemeriksaan, p.tanggal_selesai_pemeriksaan)
                    if p is not None else None)
    c["surat_tugas"] = ((p.nomor_surat_tugas, tanggal(p.tanggal_surat_tugas)) if p is not None else None)
    return c


def _catatan(kk_temuan: Mapping[str, Any], kunci: str) -> dict[str, str | None] | None:
    t = kk_temuan.get(kunci)
    if t is None:
        return None
    if not (t.catatan or t.rekomendasi):
        return None
    return {"catatan": t.catatan, "rekomendasi": t.rekomendasi}


def _konteks_berita_acara(hasil: Hasil, kantor: Kantor) -> dict[str, Any]:
    c = _umum(hasil, kantor, "Berita Acara Pemeriksaan Kesehatan Koperasi")
    c["nomor"] = _nomor_berita_acara(hasil, kantor)
    kk = hasil.kertas_kerja
    p = kk.pemeriksaan if kk is not None else None
    temuan_kk: dict[str, Any] = {k.strip(): v for k, v in (p.temuan.items() if p is not None else [])}
    kode_aspek = {a.kode for a in hasil.aspek}
    kode_ind = {i.kode for i in hasil.indikator}
    if p is not None:
        selesai = p.tanggal_selesai_pemeriksaan
        c["pembuka"] = pada_hari_ini(selesai)
        c["surat_tugas"] = (p.nomor_surat_tugas, tanggal(p.tanggal_surat_tugas))
        c["periode"] = rentang_tanggal(p.tanggal_mulai_pemeriksaan, selesai)
        c["tim"] = [_Orang(t.nama, t.nip, t.jabatan) for t in p.tim_pemeriksa]
        c["pengurus"] = [_Orang(x.nama, None, x.jabatan) for x in p.pengurus_hadir]
    else:
        c["pembuka"] = None
        c["surat_tugas"] = None
        c["periode"] = None
        c["tim"] = []
        c["pengurus"] = []

    # documents examined
    label_status = {"ada": "Ada", "tidak_ada": "Tidak ada", "tidak_berlaku": "Tidak berlaku"}
    dok = []
    for n, (kode, uraian, bersyarat) in enumerate(DOKUMEN_PEMERIKSAAN, start=1):
        st = p.dokumen.get(kode) if p is not None else None
        dok.append({"no": n, "uraian": uraian, "status": st,
                    "teks": label_status.get(st, "Tidak dicatat") if p is not None else None,
                    "kurang": st == "tidak_ada"})
    c["dokumen"] = dok
    c["dokumen_kurang"] = [d["uraian"] for d in dok if d["kurang"]]
    c["dokumen_tak_dicatat"] = [d["uraian"] for d in dok if p is not None and d["status"] is None]

    # results and findings per aspect
    aspek = []
    for a, ringkas in zip(hasil.aspek, c["aspek"]):
        temuan = []
        for i in hasil.indikator:
            if i.aspek != a.kode or not hasil.aturan.is_temuan(i.nilai):
                continue
            temuan.append({
                "kode": i.kode, "label": i.label, "nilai": i.nilai, "skor": i.skor,
                "kategori": i.kategori, "nilai_rasio": _nilai_indikator(i), "rentang": _utuh(i.rentang),
                "rentang_sehat": _utuh(i.rentang_sehat), "rekomendasi": i.rekomendasi,
                "sementara": i.status == "sementara", "peringatan": i.peringatan,
                "pemeriksa": _catatan(temuan_kk, i.kode),
            })
        # examiner's notes on indicators that are not findings still belong under the aspect
        catatan_ind = [(i.kode, i.label, _catatan(temuan_kk, i.kode)) for i in hasil.indikator
                       if i.aspek == a.kode and not hasil.aturan.is_temuan(i.nilai) and _catatan(temuan_kk, i.kode)]
        aspek.append(ringkas | {
            "temuan": temuan,
            "pemeriksa": _catatan(temuan_kk, a.kode) or _catatan(temuan_kk, a.nama),
            "catatan_indikator": catatan_ind,
        })
    c["hasil_aspek"] = aspek
    c["jumlah_temuan"] = sum(len(a["temuan"]) for a in aspek)
    lain = [(k, _catatan(temuan_kk, k)) for k in sorted(temuan_kk)
            if k not in kode_aspek and k not in kode_ind and k not in {a.nama for a in hasil.aspek}]
    c["catatan_lain"] = [(k, v) for k, v in lain if v]
    c["peringatan"] = list(hasil.peringatan)

    # annex
    c["indikator"] = [{
        "kode": i.kode, "label": i.label, "nilai_rasio": _nilai_indikator(i), "rentang": _utuh(i.rentang),
        "nilai": i.nilai, "skor": i.skor, "kategori": i.kategori, "sementara": i.status == "sementara",
        "temuan": hasil.aturan.is_temuan(i.nilai),
    } for i in hasil.indikator]
    c["nilai_sementara"] = list(hasil.nilai_sementara)
    c["tanggal_ba"] = tanggal(p.tanggal_selesai_pemeriksaan) if p is not None else None
    return c


# ------------------------------------------------------------------------------- public API
def certificate_html(hasil: Hasil, kantor: Kantor | Mapping[str, Any] | str | Path | None = None,
                     *, nomor: str | None = None, rapat: int = 0) -> str:
    """The certificate as a standalone HTML document (CSS inline), for apps that embed it.

    ``nomor`` overrides the number made from the office's pattern (e.g. a register number).
    Fonts are referenced relative to the template package; an embedding app that does not serve
    ``fonts/`` falls back to its own serif font.
    """
    k = _kantor(kantor)
    ctx = _konteks_sertifikat(hasil, k, nomor)
    ctx["css"] = _css("umum.css", "sertifikat.css")
    ctx["rapat"] = int(rapat)
    return str(_env().get_template("sertifikat.html.j2").render(**ctx))


def minutes_html(hasil: Hasil, kantor: Kantor | Mapping[str, Any] | str | Path | None = None) -> str:
    """The minutes (Berita Acara Pemeriksaan) as a standalone HTML document (CSS inline)."""
    k = _kantor(kantor)
    ctx = _konteks_berita_acara(hasil, k)
    ctx["css"] = _css("umum.css", "berita-acara.css")
    return str(_env().get_template("berita-acara.html.j2").render(**ctx))


def certificate_pdf(hasil: Hasil, kantor: Kantor | Mapping[str, Any] | str | Path | None = None,
                    *, nomor: str | None = None) -> bytes:
    """The certificate as PDF bytes (one A4 page).

    Should a very long name or address push the page over, the layout is tightened (``rapat``
    1, then 2) and laid out again, so the certificate stays on one page.
    """
    k = _kantor(kantor)
    for rapat in (0, 1, 2):
        doc = _dokumen(certificate_html(hasil, k, nomor=nomor, rapat=rapat))
        if len(doc.pages) == 1:
            break
    return _tulis_pdf(doc)


def minutes_pdf(hasil: Hasil, kantor: Kantor | Mapping[str, Any] | str | Path | None = None) -> bytes:
    """The minutes as PDF bytes (A4, "Halaman X dari Y")."""
    return _pdf(minutes_html(hasil, kantor))


def render_certificate(hasil: Hasil, path: str | Path,
                       kantor: Kantor | Mapping[str, Any] | str | Path | None = None,
                       *, nomor: str | None = None) -> Path:
    """Write the Sertifikat Penilaian Kesehatan Koperasi to ``path`` (PDF, atomically); return the path.

    ``kantor``: None (the built-in Kalimantan Barat office), a path to a settings YAML, a mapping
    of keys to override, or a :class:`Kantor`.
    """
    return _tulis(path, certificate_pdf(hasil, kantor, nomor=nomor))


def render_minutes(hasil: Hasil, path: str | Path,
                   kantor: Kantor | Mapping[str, Any] | str | Path | None = None) -> Path:
    """Write the Berita Acara Pemeriksaan to ``path`` (PDF, atomically); return the path."""
    return _tulis(path, minutes_pdf(hasil, kantor))


# ------------------------------------------------------------------------------ verification
_POLA_KODE = re.compile(r"Kode\s+verifikasi\s*:?\s*([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})")


def _teks_pdf(path: Path) -> tuple[str, str]:
    """(text of every page, metadata keywords) of a PDF."""
    from pypdf import PdfReader

    r = PdfReader(str(path))
    teks = "\n".join((pg.extract_text() or "") for pg in r.pages)
    meta = r.metadata or {}
    return teks, str(meta.get("/Keywords", "") or "")


def verify(hasil_json_path: str | Path, pdf_path: str | Path) -> tuple[bool, str]:
    """Whether a certificate PDF was made from a ``hasil.json``; the message is in Indonesian.

    The verification code is recomputed from the canonical content of ``hasil.json``
    (:meth:`Hasil.kode_verifikasi`) and compared with the code printed on the certificate and
    stored in its metadata; the nilai akhir and predikat printed must be those of the result.
    When ``hasil.json`` carries its worksheet and was scored with a built-in rule set of the same
    version, the worksheet is scored again, so a ``hasil.json`` whose numbers were edited by hand
    is caught as well.
    """
    hp, pp = Path(hasil_json_path), Path(pdf_path)
    try:
        hasil = Hasil.model_validate_json(hp.read_text(encoding="utf-8"))
    except OSError as e:
        return False, f"Berkas hasil {hp} tidak dapat dibaca: {e.strerror or e}."
    except ValidationError as e:
        return False, f"Berkas hasil {hp} bukan hasil penilaian yang sah ({e.error_count()} masalah)."
    try:
        teks, kata_kunci = _teks_pdf(pp)
    except OSError as e:
        return False, f"Berkas sertifikat {pp} tidak dapat dibaca: {e.strerror or e}."
    except Exception as e:  # pypdf raises many types for a damaged file
        return False, f"Berkas sertifikat {pp} bukan PDF yang dapat dibaca ({type(e).__name__})."

    kode = hasil.kode_verifikasi()
    tercetak = _POLA_KODE.findall(re.sub(r"[ \t]+", " ", teks))
    if not tercetak:
        return False, f"Sertifikat {pp} tidak memuat kode verifikasi; bukan sertifikat buatan kesehatan-koperasi?"
    if any(t != kode for t in tercetak):
        return False, (f"TIDAK COCOK: kode verifikasi pada sertifikat {tercetak[0]}, sedangkan {hp} "
                       f"menghasilkan {kode}. Sertifikat tidak berasal dari hasil ini, atau salah satunya telah diubah.")
    meta_kode = re.findall(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", kata_kunci)
    if meta_kode and any(m != kode for m in meta_kode):
        return False, f"TIDAK COCOK: kode verifikasi pada metadata sertifikat ({meta_kode[0]}) berbeda dengan {kode}."
    rata = re.sub(r"\s+", " ", teks)
    nilai = angka(hasil.nilai_akhir, 3)
    if nilai not in rata or hasil.predikat.upper() not in rata.upper():
        return False, (f"TIDAK COCOK: nilai akhir {nilai} atau predikat {hasil.predikat} dari {hp} "
                       f"tidak tercetak pada sertifikat {pp}.")
    catatan = _periksa_ulang(hasil)
    if catatan is not None and not catatan[0]:
        return False, catatan[1]
    pesan = (f"COCOK: sertifikat {pp} berasal dari {hp} (kode verifikasi {kode}; {hasil.nama_koperasi}; "
             f"nilai akhir {nilai}; {hasil.predikat}).")
    if catatan is not None:
        pesan += " " + catatan[1]
    return True, pesan


def _periksa_ulang(hasil: Hasil) -> tuple[bool, str] | None:
    """Score the worksheet inside ``hasil`` again, when that is possible; None when it is not."""
    if hasil.kertas_kerja is None:
        return None
    from .assessment import assess
    from .errors import RulesError
    from .rules import builtin_rules, load_rules

    if hasil.aturan.nama not in builtin_rules():
        return True, f"(Aturan {hasil.aturan.nama} bukan aturan bawaan; kertas kerja tidak dinilai ulang.)"
    try:
        aturan = load_rules(hasil.aturan.nama)
    except RulesError:
        return None
    if aturan.versi != hasil.aturan.versi:
        return True, (f"(Aturan bawaan kini versi {aturan.versi}, hasil memakai versi {hasil.aturan.versi}; "
                      "kertas kerja tidak dinilai ulang.)")
    try:
        ulang = assess(hasil.kertas_kerja, rules=aturan)
    except KesehatanKoperasiError as e:
        return False, f"TIDAK COCOK: kertas kerja di dalam hasil tidak dapat dinilai ulang: {e}"
    if ulang.kode_verifikasi() != hasil.kode_verifikasi():
        return False, ("TIDAK COCOK: angka di dalam hasil tidak sama dengan penilaian ulang atas kertas kerjanya "
                       f"(kode {ulang.kode_verifikasi()} ≠ {hasil.kode_verifikasi()}); hasil telah diubah.")
    return True, "Kertas kerja di dalamnya telah dinilai ulang dan memberi angka yang sama."
