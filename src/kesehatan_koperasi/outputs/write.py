"""Writing every output of one assessment (command ``assess``): ``hasil.json``, ``hasil.xlsx``
and the two PDFs, each a rendering of the same result. The JSON and the Excel come first, so a
computer without Pango (no PDF) still gets them.
"""

from __future__ import annotations

from pathlib import Path

from ..result.hasil import Hasil
from .atomic import atomic_write_bytes


def write_outputs(hasil: Hasil, out: Path, dokumen: bool = True, kantor: str | None = None,
                  nomor: str | None = None) -> list[Path]:
    """Write ``hasil.json``, ``hasil.xlsx`` and (with ``dokumen``) ``sertifikat.pdf`` and
    ``berita-acara.pdf`` into ``out``; every file is written under a temporary name and renamed.
    ``kantor``: the office profile (None: found as :func:`~.pdf.kantor.cari_profil` says); ``nomor``:
    the certificate number (None: the next number of the office's agenda register)."""
    from .excel import write_hasil_xlsx

    out.mkdir(parents=True, exist_ok=True)
    p = out / "hasil.json"
    atomic_write_bytes(p, (hasil.to_json() + "\n").encode("utf-8"))
    written = [p, write_hasil_xlsx(hasil, out / "hasil.xlsx")]
    if dokumen:
        from .pdf import render_certificate, render_minutes
        from .pdf.kantor import _kantor
        from .pdf.render import PangoError

        office = _kantor(kantor)
        try:
            written.append(render_certificate(hasil, out / "sertifikat.pdf", office, nomor=nomor))
            written.append(render_minutes(hasil, out / "berita-acara.pdf", office, nomor=nomor))
        except PangoError as e:   # the JSON and the Excel are written; say which
            e.ditulis = list(written)  # type: ignore[attr-defined]
            raise
    return written


