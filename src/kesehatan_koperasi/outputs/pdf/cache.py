"""What a process keeps between two documents, and how it lays one out (issue 15 item 2).

* **Stylesheets and fonts, once per thread.** WeasyPrint parses a ``<style>`` element with every
  document and loads each ``@font-face`` of it into a new Fontconfig configuration and Pango font
  map, whose caches start empty. :func:`lembar_gaya` parses the package's stylesheets once per
  thread into ``weasyprint.CSS`` objects sharing one ``FontConfiguration`` (the reuse WeasyPrint's
  documentation shows for several documents); the PDF renderer passes them as ``stylesheets`` and
  leaves the ``<style>`` element out. The rules are the same, in the same order, and no other
  stylesheet is present, so every element gets the same computed style. Per thread, because a
  Pango font map must not be used by two threads at once; dropped when the thread ends or, for
  the threads still running, when the interpreter exits (the configuration's temporary font
  folder is removed then, while the modules its clean-up needs are still loaded).
* **No cyclic garbage collection during a layout.** One minutes document allocates some 10^5
  objects in reference cycles (boxes and their parents); the collector's full passes during the
  layout walk every long-lived object of the process too, about a sixth of the render's CPU
  time. :func:`tanpa_gc` pauses the collector while a document is laid out and written, then
  restores it; the next ordinary collection frees the document's cycles (+20 MB peak for the
  nineteen-page example minutes).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class _Gaya:
    """One thread's font configuration and parsed stylesheets."""

    def __init__(self) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.fonts: Any = FontConfiguration()
        self.css: dict[str, Any] = {}

    def lepas(self) -> None:
        self.fonts, self.css = None, {}


_utas = threading.local()
_semua: weakref.WeakSet[_Gaya] = weakref.WeakSet()
_kunci_gc = threading.Lock()
_jeda = [0, False]   # documents being laid out now, whether the collector was on before the first


def lembar_gaya(nama: tuple[str, ...], folder: Path, base_url: str, fetcher: Any) -> tuple[Any, list[Any]]:
    """(``FontConfiguration``, one ``weasyprint.CSS`` per stylesheet name) of this thread; a
    stylesheet is read from ``folder`` and parsed (relative URLs against ``base_url``, fetched by
    ``fetcher``) the first time this thread asks for it."""
    from weasyprint import CSS

    g = getattr(_utas, "gaya", None)
    if g is None or g.fonts is None:
        g = _utas.gaya = _Gaya()
        _semua.add(g)
    for n in nama:
        if n not in g.css:
            g.css[n] = CSS(string=(folder / n).read_text(encoding="utf-8"), base_url=base_url,
                           url_fetcher=fetcher, font_config=g.fonts)
    return g.fonts, [g.css[n] for n in nama]


@atexit.register
def _lepas_semua() -> None:
    for g in list(_semua):
        g.lepas()


@contextlib.contextmanager
def tanpa_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a block (nested and concurrent blocks: until the
    last one ends); the collector's state before the first block is restored."""
    with _kunci_gc:
        if _jeda[0] == 0:
            _jeda[1] = gc.isenabled()
            gc.disable()
        _jeda[0] += 1
    try:
        yield
    finally:
        with _kunci_gc:
            _jeda[0] -= 1
            if _jeda[0] == 0 and _jeda[1]:
                gc.enable()
