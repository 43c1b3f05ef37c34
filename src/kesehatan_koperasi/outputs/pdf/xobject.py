"""A vector image drawn once per PDF and shown on every page (issue 15 item 2).

WeasyPrint draws an SVG image into the content stream of every page that shows it: the QR code in
the footer of the minutes (a version-30 code, about 4,400 path segments) was parsed, drawn and
compressed again on each of the document's pages. :class:`SVGSekali` wraps WeasyPrint's own SVG
image and draws it the first time into a Form XObject (ISO 32000-1:2008 §8.10, "Form XObjects")
of the resources the document's pages share; every later page paints that XObject with one ``Do``
operator. The drawing is the path WeasyPrint would draw (still vector); the file holds it once.

WeasyPrint receives the object through the image cache of ``HTML.render(cache=...)``, keyed by the
``<img>`` element's URL (:func:`cache_gambar`), so it asks no URL fetcher for it.
"""

from __future__ import annotations

import base64
from typing import Any


def data_uri_svg(svg: str) -> str:
    """``svg`` as a ``data:`` URI (base64), for an ``<img>`` of a standalone HTML document."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


class SVGSekali:
    """An SVG image for WeasyPrint (``get_intrinsic_size``, ``draw``) written once per PDF.

    ``svg``: the SVG document; ``url``: the URL the document's ``<img>`` names it by."""

    def __init__(self, svg: str, url: str) -> None:
        from xml.etree import ElementTree

        from weasyprint.images import SVGImage

        # The SVG is made by this package (segno), never by the worksheet: no fetcher, no context.
        self._svg = SVGImage(ElementTree.fromstring(svg.encode("utf-8")), url, None, None)
        # (the resources dictionary, width, height, XObject name): the resources are held, so an
        # XObject of one PDF is never looked up for another one whose dictionary got the same id.
        self._form: list[tuple[Any, float, float, str]] = []

    def get_intrinsic_size(self, image_resolution: float, font_size: float) -> Any:
        return self._svg.get_intrinsic_size(image_resolution, font_size)

    def draw(self, stream: Any, concrete_width: float, concrete_height: float, style: Any) -> None:
        resources = getattr(stream, "_resources", None)
        if not isinstance(resources, dict) or not hasattr(stream, "add_group"):
            # A WeasyPrint whose page streams keep no shared resources: draw as WeasyPrint would.
            self._svg.draw(stream, concrete_width, concrete_height, style)
            return
        for res, w, h, nama in self._form:
            if res is resources and (w, h) == (concrete_width, concrete_height):
                stream.draw_x_object(nama)
                return
        form = stream.add_group(0, 0, concrete_width, concrete_height)
        del form.extra["Group"]   # opaque black on white: a plain form, no transparency group
        self._svg.draw(form, concrete_width, concrete_height, style)
        self._form.append((resources, concrete_width, concrete_height, form.id))
        stream.draw_x_object(form.id)


def cache_gambar(gambar: dict[str, str]) -> dict[str, Any]:
    """WeasyPrint's image cache for a document: each URL of ``gambar`` (URL → SVG) drawn once."""
    return {url: SVGSekali(svg, url) for url, svg in gambar.items()}
