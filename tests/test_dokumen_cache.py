"""What the PDF renderer keeps between documents (outputs/pdf/cache.py, issue 15 item 2): the
stylesheets parsed once per thread lay a document out exactly as its standalone HTML with the
``<style>`` element does, and the garbage-collector pause restores the collector's state."""

from __future__ import annotations

import functools
import gc
import threading
from pathlib import Path

import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi.outputs.pdf import cache, kantor, render

WORKSHEETS = Path(__file__).resolve().parents[1] / "worksheets"


@functools.cache
def hasil() -> kk.Hasil:
    return kk.assess(kk.KertasKerja.model_validate_json((WORKSHEETS / "contoh-ksp-sehat.json").read_text("utf-8")))


def _kotak(doc) -> list[tuple[int, float, float, float, str]]:
    """Every text box of the document: page, position, width and text."""
    from weasyprint.formatting_structure import boxes

    return [(n, round(b.position_x, 3), round(b.position_y, 3), round(b.width, 3), b.text)
            for n, page in enumerate(doc.pages) for b in page._page_box.descendants()
            if isinstance(b, boxes.TextBox)]


@pytest.mark.parametrize("template, ctx_of", [("berita-acara.html.j2", render._ctx_berita_acara),
                                              ("sertifikat.html.j2", render._ctx_sertifikat)])
def test_cached_stylesheets_lay_out_as_the_standalone_html(template, ctx_of):
    k = kantor.kantor_contoh()
    ctx = ctx_of(hasil(), k, "1", None)
    lain = {"rapat": 0} if template.startswith("sertifikat") else {}
    berdiri = str(render._env().get_template(template).render(**(ctx | lain)))
    assert "<style>" in berdiri and "<style>" not in render._html_pdf(template, ctx, **lain)
    dua_kali = [render._dokumen(render._html_pdf(template, ctx, **lain), render._fetcher(k), ctx["_gambar"],
                                ctx["_gaya"]) for _ in range(2)]
    asli = _kotak(render._dokumen(berdiri, render._fetcher(k), ctx["_gambar"]))
    assert len(asli) > 50
    assert _kotak(dua_kali[0]) == asli and _kotak(dua_kali[1]) == asli


def _lembar_gaya(nama: tuple[str, ...]):
    return cache.lembar_gaya(nama, render._templates(), render._root().as_uri() + "/", render._url_fetcher())


def test_stylesheets_parsed_once_per_thread():
    nama = ("umum.css", "berita-acara.css")
    fonts, lembar = _lembar_gaya(nama)
    assert _lembar_gaya(nama)[0] is fonts and _lembar_gaya(nama)[1] == lembar
    assert _lembar_gaya(("umum.css", "sertifikat.css"))[1][0] is lembar[0]
    lain: list = []
    t = threading.Thread(target=lambda: lain.append(_lembar_gaya(nama)))
    t.start()
    t.join()
    assert lain[0][0] is not fonts and lain[0][1][0] is not lembar[0]


@pytest.mark.parametrize("semula", [True, False])
def test_gc_pause_nests_and_restores(semula):
    nyala = gc.isenabled()
    try:
        (gc.enable if semula else gc.disable)()
        with cache.tanpa_gc():
            assert not gc.isenabled()
            with cache.tanpa_gc():
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled() is semula
        with pytest.raises(RuntimeError), cache.tanpa_gc():
            raise RuntimeError
        assert gc.isenabled() is semula
    finally:
        (gc.enable if nyala else gc.disable)()
