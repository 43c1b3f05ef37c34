"""The *Surat Pertimbangan Teknis* (PDF) rendered from one :class:`~.periksa.HasilPermohonan`.

One Jinja2 template and one stylesheet of the template package (``surat-pertimbangan.html.j2``,
``surat-pertimbangan.css``), A4, "Halaman X dari Y", bundled fonts (``templates/fonts``),
autoescape, and a URL fetcher that serves files of the template package only: no network and no
file outside the package is ever read while rendering.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel.dates import format_date

from ..errors import KesehatanKoperasiError
from ..formatting import LOCALE, tanggal
from ..outputs.pdf.kantor import Kantor, KantorError, _kantor  # the one office-settings model and loader
from ..outputs.pdf.render import _env, _root, _templates  # the certificate's template package and environment …
from ..outputs.pdf.render import _url_fetcher as _fetcher  # … and its package-only URL fetcher
from .periksa import HasilPermohonan

TEMPLAT = "surat-pertimbangan.html.j2"
CSS = "surat-pertimbangan.css"

#: Addressee of the letter: the service standard (layanan 6, Prosedur c) sends the Pertimbangan
#: Teknis to the DPMPTSP of the province. A settings file may override it with ``tujuan_pertimbangan``.
TUJUAN_BAWAAN = "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Kalimantan Barat"
LABEL_STATUS = {"ada": "Ada", "tidak_ada": "Tidak ada", "tidak_berlaku": "Tidak berlaku"}


class SuratError(KesehatanKoperasiError):
    """The letter cannot be produced (e.g. number, date or signatory missing)."""


def muat_kantor(kantor: str | Path | Mapping[str, Any] | Kantor | None = None) -> Kantor:
    """The issuing office, parsed by the one office-settings model
    (:class:`~kesehatan_koperasi.outputs.pdf.kantor.Kantor`, as for the certificate): a settings
    YAML (path), a mapping, a :class:`Kantor`, or ``None`` for the package's ``data/kantor.yaml``.
    Missing keys take the default's values; an unknown key is refused."""
    try:
        return _kantor(kantor)
    except KantorError as e:
        raise SuratError(str(e)) from None


def _hari(d: Any) -> str:
    return format_date(d, format="EEEE", locale=LOCALE)


def konteks(hasil: HasilPermohonan, kantor: str | Path | Mapping[str, Any] | Kantor | None = None) -> dict[str, Any]:
    """Everything the template shows, from ``hasil`` and the office settings."""
    p = hasil.permohonan
    if p.surat is None:
        raise SuratError("Surat Pertimbangan Teknis tidak dapat dibuat: nomor surat, tanggal surat dan "
                         "penandatangan belum diisi (lembar 'Permohonan', bagian SURAT PERTIMBANGAN TEKNIS)")
    k = muat_kantor(kantor)
    from .persyaratan import muat_persyaratan

    daftar = muat_persyaratan(hasil.layanan)
    kontak = [k.alamat, " · ".join(x for x in (
        f"Telepon {k.telepon}" if k.telepon else "",
        f"Faksimile {k.faksimile}" if k.faksimile else "",
        f"Laman {k.laman}" if k.laman else "",
        f"Pos-el {k.pos_el}" if k.pos_el else "") if x)]
    libur = [x for x in hasil.tenggat.hari_dilewati if x.keterangan not in ("Sabtu", "Minggu")]
    libur_teks = "; ".join(f"{tanggal(x.tanggal)} {x.keterangan}" for x in libur)
    return {
        "h": hasil, "surat": p.surat, "verifikator": p.surat.verifikator, "kantor": k, "kontak": kontak,
        "tujuan": k.tujuan_pertimbangan or TUJUAN_BAWAAN,
        "judul_singkat": daftar.judul_singkat,
        "sumber_standar": ("Keputusan Kepala Dinas Koperasi, UKM Provinsi Kalimantan Barat Nomor "
                           f"631/DISKOPUKM.A/2023 tentang Standar Pelayanan Publik, Lampiran, layanan {hasil.nomor_layanan}"),
        "keputusan_kata": hasil.label_keputusan.upper(),
        "hari_diterima": _hari(hasil.tenggat.diterima.date()),
        "jam_diterima": hasil.tenggat.diterima.strftime("%H.%M"),
        "jam_administrasi": hasil.tenggat.administrasi.strftime("%H.%M"),
        "hari_tenggat": _hari(hasil.tenggat.pertimbangan_teknis),
        "libur": libur_teks,
        "label_status": LABEL_STATUS,
    }


def surat_html(hasil: HasilPermohonan, kantor: str | Path | Mapping[str, Any] | Kantor | None = None) -> str:
    """The letter as HTML (the input of the PDF)."""
    return _env().get_template(TEMPLAT).render(**konteks(hasil, kantor))


def surat_pdf(hasil: HasilPermohonan, kantor: str | Path | Mapping[str, Any] | Kantor | None = None) -> bytes:
    """The letter as PDF bytes."""
    from ..outputs.pdf.render import muat_weasyprint

    muat_weasyprint()
    from weasyprint import CSS as WCSS
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = surat_html(hasil, kantor)
    fetcher = _fetcher()
    fonts = FontConfiguration()
    base = _root().as_uri() + "/"
    css = WCSS(string=(_templates() / CSS).read_text(encoding="utf-8"), base_url=base, url_fetcher=fetcher,
               font_config=fonts)
    doc = HTML(string=html, base_url=base, url_fetcher=fetcher).render(stylesheets=[css], font_config=fonts)
    return bytes(doc.write_pdf(pdf_identifier=b"kesehatan-koperasi-pertimbangan"))


def render_surat_pertimbangan(hasil: HasilPermohonan, path: str | Path,
                              kantor: str | Path | Mapping[str, Any] | Kantor | None = None) -> Path:
    """Write the *Surat Pertimbangan Teknis* of ``hasil`` to ``path`` (atomically); returns the path."""
    from ..outputs.atomic import atomic_write_bytes

    p = Path(path)
    atomic_write_bytes(p, surat_pdf(hasil, kantor))
    return p
