"""The two documents of an examination (spec ``documents.md``): the office profile
(:mod:`.kantor`), the view models (:mod:`.context`) and the renderer (:mod:`.render`)."""

from __future__ import annotations

from .kantor import Kantor, KantorError, load_kantor
from .render import certificate_html, certificate_pdf, minutes_html, minutes_pdf, render_certificate, render_minutes

__all__ = ["Kantor", "KantorError", "certificate_html", "certificate_pdf", "load_kantor", "minutes_html",
           "minutes_pdf", "render_certificate", "render_minutes"]
