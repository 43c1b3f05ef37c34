"""The ASGI application of the web service (issue 13): :func:`buat_app` builds it from a
:class:`~.konfigurasi.Konfigurasi`.

On start the database is migrated (:func:`.db.siapkan`) and the office profile loaded once
(``--kantor``/``KK_KANTOR``; without one the library marks every document CONTOH). The routes
live in :mod:`.rute_api` (``/api/v1``), :mod:`.rute_halaman` (the examiner's pages),
:mod:`.rute_register` (the register) and :mod:`.rute_publik` (login, verification). Errors of
``/api/`` are problem details (:mod:`.masalah`), errors of pages an Indonesian error page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import KesehatanKoperasiError, PemilihanAturanError, RulesError, WorksheetError
from ..outputs.pdf.kantor import cari_profil, load_kantor
from .batas import BatasLaju, BatasUkuran
from .db import mesin_baca, pembuat_sesi, siapkan
from .kepala import KepalaKeamanan
from .konfigurasi import Konfigurasi
from .masalah import problem
from .otentikasi import Ditolak, PerluMasuk
from .register import RegisterError


@dataclass
class Negara:
    """What every request reaches through ``request.app.state.layanan``."""

    konfigurasi: Konfigurasi
    mesin: Engine
    pembuat: sessionmaker[Session]
    #: sessions for read-only work (SQLite: deferred transactions; see :func:`.db.mesin_baca`)
    pembaca: sessionmaker[Session]
    kantor: Any
    laju: BatasLaju
    templat: Jinja2Templates
    #: the limiter of concurrent assessments of this process (made on first use, in the event loop)
    penilai: Any = None
    #: the pool of scoring processes (:mod:`.kolam`), made on first use; shut down with the app
    kolam: Any = None


def muat_kantor(konf: Konfigurasi) -> Any:
    """The office profile of the service; its verification address defaults to the service's own
    ``/verifikasi`` page when the service knows its public address (``--laman``)."""
    k = load_kantor(cari_profil(konf.kantor))
    if konf.laman and not k.laman_verifikasi:
        k = k.model_copy(update={"laman_verifikasi": konf.laman.rstrip("/") + "/verifikasi"})
    return k


def desimal(x: float | int) -> str:
    """A number as the Hasil carries it, with the Indonesian decimal comma (no rounding here)."""
    return str(x).replace(".", ",")


def tanggal_teks(d: dt.date | str) -> str:
    from ..formatting import tanggal

    return tanggal(dt.date.fromisoformat(d) if isinstance(d, str) else d)


def _templat() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(resources.files("kesehatan_koperasi.layanan") / "templat"))
    from ..formatting import angka

    t.env.filters["angka"] = angka
    t.env.filters["desimal"] = desimal
    t.env.filters["tanggal"] = tanggal_teks
    t.env.globals["versi"] = __version__
    return t


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _galat(request: Request, status: int, pesan: str, e: BaseException | None = None,
           header: dict[str, str] | None = None) -> Response:
    if _api(request):
        return JSONResponse(problem(status, pesan, e), status_code=status, media_type="application/problem+json",
                            headers=header)
    n: Negara = request.app.state.layanan
    return n.templat.TemplateResponse(request, "galat.html.j2", {"status": status, "pesan": pesan, "masuk": None},
                                      status_code=status, headers=header)


def _pasang_penangan(app: FastAPI) -> None:
    @app.exception_handler(PerluMasuk)
    async def _perlu_masuk(request: Request, e: PerluMasuk) -> Response:
        return RedirectResponse(f"/masuk?lanjut={request.url.path}", status_code=303)

    @app.exception_handler(Ditolak)
    async def _ditolak(request: Request, e: Ditolak) -> Response:
        return _galat(request, e.status, e.pesan, header=e.header)

    @app.exception_handler(RegisterError)
    async def _register(request: Request, e: RegisterError) -> Response:
        return _galat(request, e.status, str(e))

    @app.exception_handler(WorksheetError)
    async def _kertas_kerja(request: Request, e: WorksheetError) -> Response:
        return _galat(request, 422, f"Kertas kerja memuat {len(e.masalah)} masalah", e)

    @app.exception_handler(RulesError)
    async def _aturan(request: Request, e: RulesError) -> Response:
        return _galat(request, 422 if isinstance(e, PemilihanAturanError) else 400, str(e), e)

    @app.exception_handler(KesehatanKoperasiError)
    async def _pustaka(request: Request, e: KesehatanKoperasiError) -> Response:
        return _galat(request, 422, str(e), e)

    @app.exception_handler(RequestValidationError)
    async def _validasi(request: Request, e: RequestValidationError) -> Response:
        rinci = "; ".join(f"{'.'.join(str(x) for x in err.get('loc', ()))}: {err.get('msg')}" for err in e.errors())
        return _galat(request, 422, f"Permintaan tidak sah: {rinci}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException) -> Response:
        pesan = {404: "Halaman atau sumber tidak ditemukan", 405: "Metode tidak diizinkan"}.get(e.status_code, str(e.detail))
        return _galat(request, e.status_code, pesan if not isinstance(e.detail, str) or e.status_code in (404, 405)
                      else e.detail)

    @app.exception_handler(Exception)
    async def _internal(request: Request, e: Exception) -> Response:
        return _galat(request, 500, f"Kesalahan internal ({type(e).__name__}); tidak ada yang disimpan. "
                                    "Laporkan kepada pengelola layanan.")


@contextlib.asynccontextmanager
async def _umur(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown: the scoring processes stop and the database connections close."""
    yield
    n: Negara = app.state.layanan
    if n.kolam is not None:
        n.kolam.shutdown(cancel_futures=True)
    n.mesin.dispose()
    n.pembaca.kw["bind"].dispose()


def buat_app(konf: Konfigurasi) -> FastAPI:
    """The application: database migrated, office profile loaded, every route registered."""
    from . import rute_api, rute_halaman, rute_publik, rute_register

    mesin = siapkan(konf.db)
    app = FastAPI(title="kesehatan-koperasi — layanan pemeriksaan kesehatan koperasi", version=__version__,
                  description="Penilaian kesehatan koperasi simpan pinjam (Permenkop UKM 9/2020) melalui HTTP: "
                              "penilaian kertas kerja, validasi, penilaian massal, register pemeriksaan, verifikasi "
                              "sertifikat. Setiap permintaan API memerlukan `Authorization: Bearer TOKEN`.",
                  docs_url="/docs", redoc_url=None, openapi_url="/openapi.json", lifespan=_umur)
    baca = mesin_baca(mesin)
    app.state.layanan = Negara(konf, mesin, pembuat_sesi(mesin), pembuat_sesi(baca), muat_kantor(konf),
                               BatasLaju(konf.laju_per_menit), _templat())
    _pasang_penangan(app)
    app.mount("/statis", StaticFiles(directory=str(resources.files("kesehatan_koperasi.layanan") / "statis")), name="statis")
    for modul in (rute_publik, rute_halaman, rute_register, rute_api):
        app.include_router(modul.router)

    app.add_middleware(KepalaKeamanan)
    app.add_middleware(BatasUkuran, maks=konf.maks_unggahan, maks_tabel=konf.maks_tabel)
    return app

