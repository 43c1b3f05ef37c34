"""Budgets of the web service on untrusted input (issue 13, item 6; ``docs/keamanan.md``,
"Layanan web"): the size of a request body, checked before any parser runs, and the per-token
rate limit.

:class:`BatasUkuran` is an ASGI middleware: a declared ``Content-Length`` over the budget is
refused at once (HTTP 413) and a body without one (chunked) is counted as it arrives and cut off
at the budget, so the multipart parser never sees more than the budget. :class:`BatasLaju` is a
sliding one-minute window per token, in the memory of the service process (one uvicorn process,
:mod:`.jalankan`).
"""

from __future__ import annotations

import collections
import json
import threading
import time
from typing import Any

from .masalah import TIPE


def _problem(status: int, judul: str, detail: str) -> bytes:
    return json.dumps({"type": f"{TIPE}/{status}", "title": judul, "status": status, "detail": detail},
                      ensure_ascii=False).encode("utf-8")


class _TerlaluBesar(Exception):
    pass


class BatasUkuran:
    """Refuse a request body larger than ``maks`` bytes, before it is parsed."""

    def __init__(self, app: Any, maks: int, maks_tabel: int) -> None:
        self.app, self.maks, self.maks_tabel = app, maks, maks_tabel

    def _batas(self, scope: dict[str, Any]) -> int:
        return self.maks_tabel if scope.get("path", "").endswith("/penilaian-massal") else self.maks

    async def _tolak(self, send: Any, maks: int) -> None:
        isi = _problem(413, "Berkas terlalu besar",
                       f"Isi permintaan melebihi batas {maks // 2**20} MB; berkas tidak dibaca.")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/problem+json"), (b"content-length", str(len(isi)).encode())]})
        await send({"type": "http.response.body", "body": isi})

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        maks = self._batas(scope)
        panjang = dict(scope.get("headers") or []).get(b"content-length")
        if panjang is not None:
            try:
                if int(panjang) > maks:
                    await self._tolak(send, maks)
                    return
            except ValueError:
                pass
        diterima = 0
        mulai = False

        async def terima() -> Any:
            nonlocal diterima
            pesan = await receive()
            if pesan["type"] == "http.request":
                diterima += len(pesan.get("body", b""))
                if diterima > maks:
                    raise _TerlaluBesar
            return pesan

        async def kirim(pesan: Any) -> None:
            nonlocal mulai
            if pesan["type"] == "http.response.start":
                mulai = True
            await send(pesan)

        try:
            await self.app(scope, terima, kirim)
        except _TerlaluBesar:
            if not mulai:
                await self._tolak(send, maks)


class BatasLaju:
    """At most ``per_menit`` requests per key in any 60 seconds (thread-safe, one process)."""

    def __init__(self, per_menit: int) -> None:
        self.per_menit = per_menit
        self._waktu: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)
        self._kunci = threading.Lock()

    def boleh(self, kunci: str) -> bool:
        kini = time.monotonic()
        with self._kunci:
            antre = self._waktu[kunci]
            while antre and antre[0] <= kini - 60:
                antre.popleft()
            if len(antre) >= self.per_menit:
                return False
            antre.append(kini)
            return True
