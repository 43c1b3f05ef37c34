"""The JSON API under ``/api/v1`` (issue 13, item 5); OpenAPI at ``/docs`` and ``/openapi.json``.

* ``POST /api/v1/penilaian`` — a worksheet (.xlsx as multipart field ``berkas``, or a KertasKerja
  JSON body) → the Hasil JSON, byte for byte the ``hasil.json`` the CLI writes;
* ``POST /api/v1/validasi`` — the same input → ``{"sah": bool, "masalah": [...]}``;
* ``POST /api/v1/penilaian-massal`` — a table (CSV or Parquet, the ``assess_frame`` layout, as the
  body or multipart field ``berkas``) → the result table (CSV, or JSON with ``?format=json``);
* ``GET /api/v1/pemeriksaan`` — the register (filters as the register page).

Every call needs ``Authorization: Bearer TOKEN`` and stays within the token's rate limit. Scoring
runs in the thread pool, bounded by the request timeout. Errors are problem details
(:mod:`.masalah`).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from ..errors import KesehatanKoperasiError, Masalah, WorksheetError, masalah_json
from ..outputs.netral import netralkan_frame
from . import kolam
from .otentikasi import Ditolak, Masuk, pengguna_api
from .penilaian import nama_tampil, nilai_tabel
from .rute_register import baris_register

router = APIRouter(prefix="/api/v1", tags=["penilaian"])
T = TypeVar("T")

_MASUKAN: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["berkas"],
                                       "properties": {"berkas": {"type": "string", "format": "binary",
                                                                 "description": "kertas kerja .xlsx (atau .json)"}}}},
    "application/json": {"schema": {"$ref": "/api/v1/skema/kertas-kerja.schema.json"}},
}}}
_MASALAH: dict[int | str, dict[str, Any]] = {422: {"description": "Masukan bermasalah (problem details dengan daftar masalah)",
                  "content": {"application/problem+json": {}}},
            401: {"description": "Tanpa token API yang sah"}, 413: {"description": "Berkas melebihi batas ukuran"},
            429: {"description": "Batas laju token terlampaui"}}


def _n(request: Request) -> Any:
    return request.app.state.layanan


async def _jalankan(request: Request, fungsi: Callable[[], T]) -> T:
    """``fungsi`` in a worker thread, at most ``penilaian_serentak`` at once per process (scoring
    holds the GIL: more threads only thrash; the other cores are used by more worker processes),
    within the service's request timeout (the wait for a free slot included)."""
    import anyio

    n = _n(request)
    if n.penilai is None:
        n.penilai = anyio.CapacityLimiter(n.konfigurasi.penilaian_serentak)
    batas = n.konfigurasi.batas_waktu
    try:
        return await asyncio.wait_for(anyio.to_thread.run_sync(fungsi, limiter=n.penilai), batas)
    except TimeoutError:
        raise Ditolak(503, f"Penilaian tidak selesai dalam {batas:g} detik; coba lagi nanti") from None


async def _berkas(request: Request) -> tuple[bytes, str | None, str]:
    """(bytes, client's name, kind) of the input: multipart field ``berkas`` or the raw body."""
    jenis = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if jenis == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=5)
        b = form.get("berkas")
        if b is None or isinstance(b, str):
            raise WorksheetError(None, [Masalah("medan multipart 'berkas' tidak ada", medan="berkas",
                                                diharapkan="berkas kertas kerja .xlsx")])
        return await b.read(), b.filename, "berkas"
    return await request.body(), None, jenis


def _nama_masukan(nama: str | None, jenis: str) -> str:
    """The display name of the input; refuses a content type that is no worksheet (415)."""
    if jenis == "application/json":
        return "isi permintaan (JSON)"
    if jenis not in ("berkas", "application/octet-stream",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
        raise Ditolak(415, f"Jenis isi '{jenis[:60]}' tidak didukung: kirim multipart/form-data dengan medan "
                           "'berkas' (kertas kerja .xlsx) atau application/json (KertasKerja)")
    return nama_tampil(nama)


async def _nilai_masukan(request: Request, isi: bytes, nama: str) -> bytes:
    """The bytes of hasil.json of an upload: in the scoring processes when the service has them."""
    n = _n(request)
    if n.konfigurasi.proses_penilai <= 0:
        return await _jalankan(request, lambda: kolam.buka(kolam.nilai_bait(isi, nama)))
    if n.kolam is None:
        n.kolam = kolam.buat_kolam(n.konfigurasi.proses_penilai)
    batas = n.konfigurasi.batas_waktu
    try:
        jawaban = await asyncio.wait_for(asyncio.wrap_future(n.kolam.submit(kolam.nilai_bait, isi, nama)), batas)
    except TimeoutError:
        raise Ditolak(503, f"Penilaian tidak selesai dalam {batas:g} detik; coba lagi nanti") from None
    return kolam.buka(jawaban)


@router.post("/penilaian", summary="Nilai satu kertas kerja → Hasil (hasil.json)", openapi_extra=_MASUKAN,
             responses=_MASALAH | {200: {"description": "Hasil penilaian, sama dengan hasil.json",
                                         "content": {"application/json": {"schema": {"$ref": "/api/v1/skema/hasil.schema.json"}}}}})
async def penilaian(request: Request, masuk: Annotated[Masuk, Depends(pengguna_api)]) -> Response:
    isi, nama, jenis = await _berkas(request)
    return Response(await _nilai_masukan(request, isi, _nama_masukan(nama, jenis)), media_type="application/json")


@router.post("/validasi", summary="Periksa satu kertas kerja → {sah, masalah}", openapi_extra=_MASUKAN,
             responses=_MASALAH)
async def validasi(request: Request, masuk: Annotated[Masuk, Depends(pengguna_api)]) -> Response:
    isi, nama, jenis = await _berkas(request)
    try:
        await _nilai_masukan(request, isi, _nama_masukan(nama, jenis))
    except WorksheetError as e:
        return JSONResponse({"sah": False, "masalah": masalah_json(e)})
    return JSONResponse({"sah": True, "masalah": []})


@router.post("/penilaian-massal", summary="Nilai tabel banyak koperasi (CSV atau Parquet) → tabel hasil",
             responses=_MASALAH, openapi_extra={"requestBody": {"required": True, "content": {
                 "text/csv": {"schema": {"type": "string"}},
                 "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}},
                 "multipart/form-data": {"schema": {"type": "object", "properties": {
                     "berkas": {"type": "string", "format": "binary"}}}}}}})
async def penilaian_massal(request: Request, masuk: Annotated[Masuk, Depends(pengguna_api)], format: str = "csv") -> Response:
    if format not in ("csv", "json"):
        raise Ditolak(422, f"format harus csv atau json, bukan '{format[:20]}'")
    isi, nama, _ = await _berkas(request)
    if not isi:
        raise KesehatanKoperasiError("Tabel kosong: kirim CSV atau Parquet dalam susunan assess_frame")
    frame = await _jalankan(request, lambda: nilai_tabel(isi, nama, None))
    if format == "json":
        return Response(frame.to_json(orient="records", force_ascii=False, date_format="iso"), media_type="application/json")
    buf = io.StringIO()
    netralkan_frame(frame).to_csv(buf, index=False, lineterminator="\r\n")
    return Response(buf.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8")


@router.get("/pemeriksaan", summary="Register pemeriksaan (cari menurut nama/NIK, kabupaten/kota, predikat, tahun buku)",
            tags=["register"], responses=_MASALAH)
def pemeriksaan(request: Request, masuk: Annotated[Masuk, Depends(pengguna_api)], q: str = "", nik: str = "",
                kabupaten_kota: str = "", predikat: str = "", tahun_buku: str = "") -> Response:
    baris = baris_register(request, q, nik, kabupaten_kota, predikat, tahun_buku)
    return JSONResponse([{
        "id": p.id, "nik": p.nik, "nama_koperasi": p.nama_koperasi, "kabupaten_kota": p.kabupaten_kota,
        "tahun_buku": p.tahun_buku, "versi": p.versi, "status": st, "menggantikan": p.menggantikan_id,
        "nilai_akhir": p.nilai_akhir, "predikat": p.predikat, "kode_verifikasi": p.kode,
        "nomor_sertifikat": p.nomor_sertifikat, "diterima": p.diterima_pada.isoformat(),
        "terbit": p.terbit_pada.isoformat() if p.terbit_pada else None,
        "waktu_layanan": {"hari_kerja": w.hari_kerja, "tenggat": w.tenggat.isoformat(), "terlambat": w.terlambat},
    } for p, st, w in baris])



@router.get("/skema/{nama}", tags=["skema"], summary="JSON Schema KertasKerja atau Hasil (publik)")
def skema(nama: str) -> Response:
    from .skema_berkas import MODEL, skema_terpasang

    if nama not in MODEL:
        raise Ditolak(404, f"Skema '{nama[:40]}' tidak ada; yang ada: {', '.join(MODEL)}")
    return Response(skema_terpasang(nama), media_type="application/schema+json")
