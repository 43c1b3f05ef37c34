"""Who is asking (issue 13, item 1): browser sessions and API tokens, the CSRF check and the role
check, as FastAPI dependencies.

* A browser carries the session cookie :data:`COOKIE` (random, HttpOnly, SameSite=Lax, Secure over
  https); the database holds its digest, the user and the session's CSRF token, which every form
  carries in the field ``csrf`` and every POST must return (:func:`periksa_csrf`).
* An app sends ``Authorization: Bearer TOKEN``; each token has its own rate limit.
* The login form itself is protected by a double-submit token (cookie :data:`COOKIE_PRA` = field).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from . import akun
from .db import transaksi
from .sandi import sama, sidik

COOKIE = "kk_sesi"
COOKIE_PRA = "kk_pra"


@dataclass(frozen=True)
class Masuk:
    """The user of a request."""

    id: int
    nama: str
    peran: str
    csrf: str = ""


class PerluMasuk(Exception):
    """A page asked without a valid session: the browser is sent to the login page."""


class Ditolak(Exception):
    """A request refused: ``status`` (401, 403, 429) and an Indonesian message."""

    def __init__(self, status: int, pesan: str, header: dict[str, str] | None = None) -> None:
        super().__init__(pesan)
        self.status, self.pesan, self.header = status, pesan, header or {}


def _negara(request: Request) -> Any:
    return request.app.state.layanan


def pengguna_halaman(request: Request) -> Masuk:
    """The logged-in user of a page request (else :class:`PerluMasuk`)."""
    nilai = request.cookies.get(COOKIE)
    if not nilai:
        raise PerluMasuk
    with transaksi(_negara(request).pembaca) as s:
        ada = akun.sesi_dari_cookie(s, nilai)
        if ada is None:
            raise PerluMasuk
        sesi, p = ada
        return Masuk(p.id, p.nama, p.peran, sesi.csrf)


def pengguna_api(request: Request) -> Masuk:
    """The user of an API request: ``Authorization: Bearer TOKEN``, within its rate limit."""
    kepala = request.headers.get("authorization", "")
    skema, _, token = kepala.partition(" ")
    if skema.lower() != "bearer" or not token.strip():
        raise Ditolak(401, "Permintaan API memerlukan kepala Authorization: Bearer TOKEN "
                           "(buat token: kesehatan-koperasi token buat NAMA)", {"WWW-Authenticate": "Bearer"})
    n = _negara(request)
    with transaksi(n.pembaca) as s:
        p = akun.pengguna_token(s, token.strip())
        if p is None:
            raise Ditolak(401, "Token API tidak dikenal", {"WWW-Authenticate": "Bearer"})
        masuk = Masuk(p.id, p.nama, p.peran)
    if not n.laju.boleh(sidik(token.strip())):
        raise Ditolak(429, f"Batas {n.konfigurasi.laju_per_menit} permintaan per menit untuk token ini terlampaui; "
                           "coba lagi sebentar lagi", {"Retry-After": "60"})
    return masuk


def periksa_csrf(masuk: Masuk, csrf: str | None) -> None:
    """Refuse a form whose CSRF token is not the session's."""
    if not csrf or not masuk.csrf or not sama(csrf, masuk.csrf):
        raise Ditolak(403, "Formulir ditolak: token CSRF tidak ada atau tidak cocok. Muat ulang halaman lalu kirim lagi.")


def perlu_peran(masuk: Masuk, *peran: str) -> None:
    if masuk.peran not in peran:
        raise Ditolak(403, f"Tindakan ini memerlukan peran {' atau '.join(peran)}; Anda masuk sebagai {masuk.peran}.")
