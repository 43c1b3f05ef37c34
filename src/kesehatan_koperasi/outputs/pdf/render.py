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

import functools
import mimetypes
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ...errors import KesehatanKoperasiError
from ...formatting import angka, persen, rupiah, tanggal
from ...result.hasil import Hasil
from .context import _konteks_berita_acara, _konteks_sertifikat
from .kantor import Kantor, _kantor


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


def _url_fetcher() -> Any:
    muat_weasyprint()
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
    muat_weasyprint()
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
    from ..atomic import atomic_write_bytes

    p = Path(path)
    atomic_write_bytes(p, data)
    return p


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


