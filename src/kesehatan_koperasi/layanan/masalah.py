"""Errors of the web service as JSON problem details (RFC 9457; issue 13, item 5): ``type``,
``title``, ``status``, ``detail`` in Indonesian, and for a worksheet the structured ``masalah``
list of the library (:func:`kesehatan_koperasi.errors.masalah_json`: sheet, cell, field, expected,
found)."""

from __future__ import annotations

from typing import Any

from ..errors import masalah_json

#: Base of the problem types (``{TIPE}/422``); documented in docs/layanan.md.
TIPE = "https://kesehatan-koperasi.github.io/kesehatan-koperasi/layanan/masalah"

JUDUL = {400: "Permintaan tidak sah", 401: "Belum masuk", 403: "Tidak diizinkan", 404: "Tidak ditemukan",
         409: "Tidak dapat dilakukan", 413: "Berkas terlalu besar", 415: "Jenis isi tidak didukung",
         422: "Masukan bermasalah", 429: "Terlalu banyak permintaan", 500: "Kesalahan internal",
         503: "Layanan sibuk"}


def problem(status: int, detail: str, e: BaseException | None = None, **lain: Any) -> dict[str, Any]:
    isi: dict[str, Any] = {"type": f"{TIPE}/{status}", "title": JUDUL.get(status, "Kesalahan"), "status": status,
                           "detail": detail}
    if e is not None:
        isi["masalah"] = masalah_json(e)
    return isi | lain
