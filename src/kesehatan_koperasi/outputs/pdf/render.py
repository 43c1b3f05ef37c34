"""Rendering the two documents of an examination with Jinja2 and WeasyPrint.

* **Sertifikat Penilaian Kesehatan Koperasi** — one A4 page: :func:`render_certificate`,
  :func:`certificate_html`.
* **Berita Acara Pemeriksaan** — several A4 pages, "Halaman X dari Y" on each:
  :func:`render_minutes`, :func:`minutes_html`.

Templates and CSS are package data (``kesehatan_koperasi.templates``), laid out with the
bundled DejaVu fonts, so the output does not depend on the host's fonts.

Safety: Jinja2 autoescapes every value; WeasyPrint's URL fetcher serves only the package's own
template resources (fonts) and refuses every other ``file:`` path and every network URL.

Determinism: the PDF's creation and modification dates are the last day of the examination (or
31 December of the tahun buku when there is no worksheet), so the same result gives the same PDF.
"""

from __future__ import annotations

import datetime as dt
import functools
import mimetypes
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ...errors import KesehatanKoperasiError
from ...formatting import angka, persen, rupiah, tanggal
from ...result.hasil import Hasil
from .context import _konteks_berita_acara, _konteks_sertifikat, _tanggal_terbit, isian_nomor
from .kantor import Kantor, KantorError, _kantor


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


#: Where WeasyPrint explains how to install Pango (Windows: the GTK runtime).
HALAMAN_PASANG = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"


class PangoError(KesehatanKoperasiError):
    """WeasyPrint cannot load the Pango system library: no PDF can be made on this computer."""


def muat_weasyprint() -> Any:
    """The ``weasyprint`` module, or :class:`PangoError` with an Indonesian message naming Pango.

    WeasyPrint loads Pango (and GObject, HarfBuzz, Fontconfig) with ``dlopen`` when it is
    imported; where they are missing the import raises ``OSError`` ("cannot load library …"),
    which would otherwise read as a file that cannot be read or written."""
    try:
        import weasyprint
    except OSError as e:
        raise PangoError(
            "Dokumen PDF tidak dapat dibuat: WeasyPrint tidak dapat memuat pustaka sistem Pango "
            f"({str(e)[:200]}). Pasang Pango — di Windows: GTK runtime (MSYS2 atau penginstal GTK3), "
            f"di Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 — lihat {HALAMAN_PASANG}"
        ) from None
    return weasyprint


def versi_pango() -> str | None:
    """The version of Pango WeasyPrint loaded, or None when it cannot be loaded."""
    try:
        muat_weasyprint()
        from weasyprint.text.ffi import pango
    except (PangoError, ImportError):
        return None
    v = int(pango.pango_version())   # major * 10000 + minor * 100 + micro
    return f"{v // 10000}.{v // 100 % 100}.{v % 100}"


def _url_fetcher(sumber: Mapping[str, tuple[bytes, str]] | None = None) -> Any:
    muat_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = _root()
    izin = dict(sumber or {})

    class PaketFetcher(URLFetcher):
        """Serves ``file:`` URLs inside the template package and the office's own logo (read and
        checked by :meth:`Kantor.logo_bytes`); refuses everything else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=["file"])
            self.ditolak: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in izin:
                body, ctype = izin[url]
                return URLFetcherResponse(url, body=body, headers={"Content-Type": ctype})
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


def _dokumen(html: str, fetcher: Any = None, gambar: Mapping[str, str] | None = None,
             gaya: tuple[str, ...] = ()) -> Any:
    """Lay out ``html`` (a WeasyPrint Document) with the package-only URL fetcher.

    ``gambar``: SVG images by the URL the HTML names them (the QR code), each drawn once in the
    PDF and shown on every page that has it (:mod:`.xobject`). ``gaya``: the package stylesheets
    to apply, parsed once per thread (:mod:`.cache`), for HTML rendered without its ``<style>``."""
    muat_weasyprint()
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from .cache import lembar_gaya
    from .xobject import cache_gambar

    fetcher = fetcher or _url_fetcher()
    fonts, lembar = (lembar_gaya(gaya, _templates(), _root().as_uri() + "/", _url_fetcher()) if gaya
                     else (FontConfiguration(), None))
    return HTML(string=html, base_url=_root().as_uri() + "/", url_fetcher=fetcher).render(
        font_config=fonts, stylesheets=lembar, cache=cache_gambar(dict(gambar or {})))


def _xmp_berbahasa(metadata: Any) -> None:
    """XMP metadata in Indonesian (issue 12 item 5): ``dc:language`` = the document's language, and
    the title and description as ``xml:lang`` alternatives besides WeasyPrint's ``x-default``."""
    asli = metadata.generate_rdf_metadata
    lang = (metadata.lang or "id").encode("ascii")

    def rdf(variant: Any, version: Any, conformance: Any) -> bytes:
        xml = asli(variant, version, conformance)
        for medan in (b"title", b"description"):   # <dc:title><rdf:Alt><rdf:li xml:lang="x-default">T</rdf:li>
            awal = xml.find(b"<dc:" + medan + b">")
            if awal < 0:
                continue
            li_awal = xml.find(b"<rdf:li", awal)
            li_akhir = xml.find(b"</rdf:li>", li_awal) + len(b"</rdf:li>")
            li = xml[li_awal:li_akhir]
            xml = xml[:li_akhir] + li.replace(b'xml:lang="x-default"', b'xml:lang="' + lang + b'"') + xml[li_akhir:]
        bahasa = (b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:language><rdf:Bag><rdf:li>' + lang
                  + b"</rdf:li></rdf:Bag></dc:language></rdf:Description>")
        return xml.replace(b"</rdf:RDF>", bahasa + b"</rdf:RDF>")

    metadata.generate_rdf_metadata = rdf


def _tulis_pdf(doc: Any, lampiran: list[Any] | None = None) -> bytes:
    """The PDF: PDF/A-3u, tagged, XMP in Indonesian, with the result and its signature attached."""
    _xmp_berbahasa(doc.metadata)
    return bytes(doc.write_pdf(pdf_identifier=b"kesehatan-koperasi", pdf_variant="pdf/a-3u", pdf_tags=True,
                               attachments=lampiran or None))


def _pdf(html: str, fetcher: Any = None) -> bytes:
    return _tulis_pdf(_dokumen(html, fetcher))


def _tulis(path: str | Path, data: bytes) -> Path:
    from ..atomic import atomic_write_bytes

    p = Path(path)
    atomic_write_bytes(p, data)
    return p


# ------------------------------------------------------------------ number, signature, sources
_URL_LOGO = "file:///kesehatan-koperasi/kantor/logo"
_diperingatkan: list[str] = []


def _peringatan(pesan: str) -> None:
    if pesan not in _diperingatkan:
        _diperingatkan.append(pesan)
        print(f"Peringatan: {pesan}", file=sys.stderr)


def _tanggal_agenda(hasil: Hasil) -> dt.date:
    """The date a number is taken for: the date of issue, else today (a result without worksheet)."""
    return _tanggal_terbit(hasil) or dt.date.today()


def _nomor(hasil: Hasil, k: Kantor, nomor: str | None, agenda: Any) -> tuple[str | None, str | None]:
    """(certificate number, minutes number): given explicitly, else from the office's register."""
    if nomor is not None:
        return nomor, nomor
    from ..agenda import Agenda, isi_nomor, jalur_agenda
    from ..tanda_tangan import sidik_hasil

    if agenda is None:
        jalur = jalur_agenda(k) if not k._tanpa_profil else None
        if jalur is None:
            return None, None
        agenda = Agenda(jalur, k)
    tgl = _tanggal_agenda(hasil)
    urut = agenda.urut_untuk(sidik_hasil(hasil), tgl)
    isian = isian_nomor(hasil, k)
    return isi_nomor(k.nomor_sertifikat, urut, tgl, isian), isi_nomor(k.nomor_berita_acara, urut, tgl, isian)


def nomor_dokumen(hasil: Hasil, kantor: Kantor | Mapping[str, Any] | str | Path | None, agenda: Any) -> tuple[str, str]:
    """(certificate number, minutes number) of ``hasil`` from the register ``agenda`` (any object
    with ``urut_untuk(kunci_hasil, tanggal)``), by the office's patterns: what the renderers print
    when they are given that register, for a caller that also records the numbers."""
    nomor = _nomor(hasil, _kantor(kantor), None, agenda)
    return str(nomor[0]), str(nomor[1])


def _kunci_privat(k: Kantor) -> Any:
    from ..tanda_tangan import kunci_publik_b64, muat_kunci_privat

    jalur = k.jalur(k.kunci_privat)
    if jalur is None:
        if k.resmi:
            _peringatan(f"profil kantor {k.berkas or k.nama} tidak memuat kunci_privat; dokumen tidak "
                        "ditandatangani (buat kunci: kesehatan-koperasi kantor kunci PROFIL)")
        return None
    kunci = muat_kunci_privat(jalur)
    if k.kunci_publik and kunci_publik_b64(kunci) != k.kunci_publik:
        raise KantorError(f"Kunci privat {jalur} bukan pasangan kunci_publik profil kantor {k.berkas or k.nama}")
    return kunci


def _tanda_tangan(hasil: Hasil, k: Kantor, ctx: dict[str, Any], jenis: str) -> None:
    """Sign the printed fields and the result; put the QR code and the attachments into ``ctx``."""
    from ..tanda_tangan import FORMAT, baca_kunci_publik, id_kunci, kunci_publik_b64, qr_svg, sidik_hasil, tandatangani, token_qr
    from .context import rantai_tercetak
    from .xobject import data_uri_svg

    ctx["qr"], ctx["id_kunci"], ctx["_lampiran"], ctx["_gambar"] = None, None, None, {}
    kunci = _kunci_privat(k)
    if kunci is None:
        return
    pub = kunci_publik_b64(kunci)
    payload = {"format": FORMAT, "dokumen": jenis, "kantor": k.nama, "kunci": id_kunci(baca_kunci_publik(pub)),
               "kode": hasil.kode_verifikasi(), "hasil": sidik_hasil(hasil),
               "aturan": [hasil.aturan.nama, hasil.aturan.versi, hasil.aturan.sidik],
               "rantai": rantai_tercetak(ctx, jenis)}
    if jenis == "berita_acara":
        payload["kaki"] = ctx["kaki"]
    ttd = tandatangani(payload, kunci)
    svg = qr_svg(token_qr(payload, ttd, k.laman_verifikasi))
    ctx["qr"] = data_uri_svg(svg)   # the <img> source; the PDF draws the SVG itself once
    ctx["_gambar"] = {ctx["qr"]: svg}
    ctx["id_kunci"] = payload["kunci"]
    ctx["_lampiran"] = {"payload": payload, "tanda_tangan": ttd, "kunci_publik": pub}


def _lampiran(hasil: Hasil, ctx: dict[str, Any]) -> list[Any]:
    """hasil.json and the signature as PDF/A-3 attachments (the file verifies itself offline)."""
    import json

    from weasyprint import Attachment

    from ..tanda_tangan import BERKAS_HASIL, BERKAS_TANDA_TANGAN, hasil_bytes

    waktu = dt.datetime.fromisoformat(ctx["meta_tanggal"])
    daftar = [Attachment(string=hasil_bytes(hasil), name=BERKAS_HASIL, description="Hasil penilaian (hasil.json)",
                         created=waktu, modified=waktu, relationship="Source")]
    if ctx.get("_lampiran"):
        teks = json.dumps(ctx["_lampiran"], ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        daftar.append(Attachment(string=teks, name=BERKAS_TANDA_TANGAN, description="Tanda tangan elektronik kantor",
                                 created=waktu, modified=waktu, relationship="Data"))
    return daftar


def _siapkan(ctx: dict[str, Any], k: Kantor, css: tuple[str, ...]) -> dict[str, Any]:
    ctx["css"], ctx["_gaya"] = _css(*css), css
    logo = k.logo_bytes()
    ctx["logo"] = _URL_LOGO if logo else None
    return ctx


def _fetcher(k: Kantor) -> Any:
    logo = k.logo_bytes()
    return _url_fetcher({_URL_LOGO: logo} if logo else None)


# ------------------------------------------------------------------------------- public API
def _ctx_sertifikat(hasil: Hasil, k: Kantor, nomor: str | None, agenda: Any) -> dict[str, Any]:
    ctx = _siapkan(_konteks_sertifikat(hasil, k, _nomor(hasil, k, nomor, agenda)[0]), k, ("umum.css", "sertifikat.css"))
    _tanda_tangan(hasil, k, ctx, "sertifikat")
    return ctx


def _ctx_berita_acara(hasil: Hasil, k: Kantor, nomor: str | None, agenda: Any) -> dict[str, Any]:
    ctx = _siapkan(_konteks_berita_acara(hasil, k, _nomor(hasil, k, nomor, agenda)[1]), k, ("umum.css", "berita-acara.css"))
    _tanda_tangan(hasil, k, ctx, "berita_acara")
    return ctx


def certificate_html(hasil: Hasil, kantor: Kantor | Mapping[str, Any] | str | Path | None = None,
                     *, nomor: str | None = None, rapat: int = 0, agenda: Any = None) -> str:
    """The certificate as a standalone HTML document (CSS inline), for apps that embed it.

    ``nomor`` sets the number explicitly; otherwise it comes from the office's agenda register
    (``agenda``: an :class:`~kesehatan_koperasi.outputs.agenda.Agenda`, else the profile's own).
    """
    k = _kantor(kantor)
    return _html_sertifikat(_ctx_sertifikat(hasil, k, nomor, agenda), rapat)


def _html_sertifikat(ctx: dict[str, Any], rapat: int) -> str:
    return str(_env().get_template("sertifikat.html.j2").render(**(ctx | {"rapat": int(rapat)})))


def _html_pdf(template: str, ctx: dict[str, Any], **lain: Any) -> str:
    """The HTML the PDF is laid out from: the standalone HTML without its ``<style>`` (the PDF
    gets the same stylesheets parsed once per thread: ``_dokumen(..., gaya=ctx["_gaya"])``)."""
    return str(_env().get_template(template).render(**(ctx | lain | {"css": ""})))


def minutes_html(hasil: Hasil, kantor: Kantor | Mapping[str, Any] | str | Path | None = None,
                 *, nomor: str | None = None, agenda: Any = None) -> str:
    """The minutes (Berita Acara Pemeriksaan) as a standalone HTML document (CSS inline)."""
    k = _kantor(kantor)
    return str(_env().get_template("berita-acara.html.j2").render(**_ctx_berita_acara(hasil, k, nomor, agenda)))


def certificate_pdf(hasil: Hasil, kantor: Kantor | Mapping[str, Any] | str | Path | None = None,
                    *, nomor: str | None = None, agenda: Any = None) -> bytes:
    """The certificate as PDF bytes: one A4 page, PDF/A-3u, tagged, signed when the office has a key.

    Should a very long name, address or signatory push the page over, the layout is tightened
    (``rapat`` 1, 2, then 3) and laid out again, so the certificate stays on one page.
    """
    k = _kantor(kantor)
    from .cache import tanpa_gc

    ctx = _ctx_sertifikat(hasil, k, nomor, agenda)
    with tanpa_gc():
        for rapat in (0, 1, 2, 3):
            doc = _dokumen(_html_pdf("sertifikat.html.j2", ctx, rapat=rapat), _fetcher(k), ctx.get("_gambar"), ctx["_gaya"])
            if len(doc.pages) == 1:
                break
        return _pades(k, _tulis_pdf(doc, _lampiran(hasil, ctx)))


def minutes_pdf(hasil: Hasil, kantor: Kantor | Mapping[str, Any] | str | Path | None = None,
                *, nomor: str | None = None, agenda: Any = None) -> bytes:
    """The minutes as PDF bytes (A4, "Halaman X dari Y", PDF/A-3u, tagged, QR code on every page)."""
    k = _kantor(kantor)
    from .cache import tanpa_gc

    ctx = _ctx_berita_acara(hasil, k, nomor, agenda)
    html = _html_pdf("berita-acara.html.j2", ctx)
    with tanpa_gc():
        return _pades(k, _tulis_pdf(_dokumen(html, _fetcher(k), ctx.get("_gambar"), ctx["_gaya"]), _lampiran(hasil, ctx)))


def _pades(k: Kantor, data: bytes) -> bytes:
    """Sign the PDF itself (PAdES) with the office's PKCS#12 certificate, when the profile has one."""
    if k.pades is None:
        return data
    from ..pdfa import tandatangani_pades

    return tandatangani_pades(data, k)


def render_certificate(hasil: Hasil, path: str | Path,
                       kantor: Kantor | Mapping[str, Any] | str | Path | None = None,
                       *, nomor: str | None = None, agenda: Any = None) -> Path:
    """Write the Sertifikat Penilaian Kesehatan Koperasi to ``path`` (PDF, atomically); return the path.

    ``kantor``: a path to a profile (``"contoh"``: the bundled example), a profile mapping, a
    :class:`Kantor`, or None (``$KK_KANTOR``, then the user's configuration folder; without any
    profile the document is marked "CONTOH — bukan dokumen resmi").
    """
    return _tulis(path, certificate_pdf(hasil, kantor, nomor=nomor, agenda=agenda))


def render_minutes(hasil: Hasil, path: str | Path,
                   kantor: Kantor | Mapping[str, Any] | str | Path | None = None,
                   *, nomor: str | None = None, agenda: Any = None) -> Path:
    """Write the Berita Acara Pemeriksaan to ``path`` (PDF, atomically); return the path."""
    return _tulis(path, minutes_pdf(hasil, kantor, nomor=nomor, agenda=agenda))
