"""Pages without login (issue 13, items 1 and 4): the login form, logging out, and the public
verification of a certificate (``/verifikasi/{kode}``, the page the certificate's QR code names;
``/verifikasi`` takes a code typed in, or the token after ``#`` that the QR code carries)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from . import akun
from .db import transaksi
from .otentikasi import COOKIE, COOKIE_PRA, Ditolak, pengguna_halaman
from .sandi import rahasia_baru, sama
from .verifikasi import data_verifikasi

router = APIRouter()


def _n(request: Request) -> Any:
    return request.app.state.layanan


def _lanjut_aman(lanjut: str | None) -> str:
    return lanjut if lanjut and lanjut.startswith("/") and not lanjut.startswith("//") and "\\" not in lanjut else "/"


def _aman(request: Request) -> bool:
    return request.url.scheme == "https"


@router.get("/masuk", include_in_schema=False)
def halaman_masuk(request: Request, lanjut: str = "/", salah: int = 0) -> Response:
    pra = rahasia_baru()
    r = _n(request).templat.TemplateResponse(request, "masuk.html.j2", {"pra": pra, "lanjut": _lanjut_aman(lanjut),
                                                                         "salah": salah, "masuk": None})
    r.set_cookie(COOKIE_PRA, pra, httponly=True, samesite="lax", secure=_aman(request), max_age=3600)
    return r


@router.post("/masuk", include_in_schema=False)
def masuk(request: Request, nama: Annotated[str, Form(max_length=100)], sandi: Annotated[str, Form(max_length=1000)],
          pra: Annotated[str, Form()] = "", lanjut: Annotated[str, Form()] = "/") -> Response:
    kuki = request.cookies.get(COOKIE_PRA, "")
    if not kuki or not pra or not sama(kuki, pra):
        raise Ditolak(403, "Formulir masuk ditolak: token CSRF tidak cocok. Muat ulang halaman masuk lalu coba lagi.")
    n = _n(request)
    with transaksi(n.pembuat) as s:
        ada = akun.masuk(s, nama, sandi, n.konfigurasi.umur_sesi)
    if ada is None:
        return RedirectResponse(f"/masuk?salah=1&lanjut={_lanjut_aman(lanjut)}", status_code=303)
    r = RedirectResponse(_lanjut_aman(lanjut), status_code=303)
    r.set_cookie(COOKIE, ada[0], httponly=True, samesite="lax", secure=_aman(request), max_age=n.konfigurasi.umur_sesi)
    r.delete_cookie(COOKIE_PRA)
    return r


@router.post("/keluar", include_in_schema=False)
def keluar(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    from .otentikasi import periksa_csrf

    m = pengguna_halaman(request)
    periksa_csrf(m, csrf)
    with transaksi(_n(request).pembuat) as s:
        akun.keluar(s, request.cookies.get(COOKIE, ""))
    r = RedirectResponse("/masuk", status_code=303)
    r.delete_cookie(COOKIE)
    return r


@router.get("/verifikasi", include_in_schema=False)
def cari_verifikasi(request: Request, kode: str = "") -> Response:
    if kode.strip():
        return RedirectResponse(f"/verifikasi/{kode.strip()[:20]}", status_code=303)
    return _n(request).templat.TemplateResponse(request, "verifikasi-cari.html.j2", {"masuk": None})


@router.get("/verifikasi/{kode}", include_in_schema=False)
def halaman_verifikasi(request: Request, kode: str) -> Response:
    n = _n(request)
    with transaksi(n.pembaca) as s:
        data = data_verifikasi(s, kode, n.kantor)
    return n.templat.TemplateResponse(request, "verifikasi.html.j2", {"data": data, "kode": kode[:20], "masuk": None},
                                      status_code=200 if data else 404)


@router.get("/api/v1/verifikasi/{kode}", tags=["verifikasi"], summary="Verifikasi sertifikat menurut kodenya (publik)",
            responses={404: {"description": "Kode tidak dikenal (problem details)"}})
def api_verifikasi(request: Request, kode: str) -> Response:
    n = _n(request)
    with transaksi(n.pembaca) as s:
        data = data_verifikasi(s, kode, n.kantor)
    if data is None:
        raise Ditolak(404, f"Kode verifikasi {kode[:20]} tidak dikenal: tidak ada sertifikat terbit dengan kode ini")
    return JSONResponse(data)
