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
from starlette.concurrency import run_in_threadpool

from ..errors import KesehatanKoperasiError, Masalah, WorksheetError, masalah_json
from ..outputs.netral import netralkan_frame
from ..outputs.tanda_tangan import hasil_bytes
from ..result.hasil import Hasil
from .otentikasi import Ditolak, Masuk, pengguna_api
from .penilaian import baca_kertas_kerja, nama_tampil, nilai, nilai_tabel
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
    """``fungsi`` in the thread pool, within the service's request timeout."""
    batas = _n(request).konfigurasi.batas_waktu
    try:
        return await asyncio.wait_for(run_in_threadpool(fungsi), batas)
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


def _nilai_masukan(isi: bytes, nama: str | None, jenis: str) -> Hasil:
    if jenis == "application/json":
        return nilai(baca_kertas_kerja(isi, "isi permintaan (JSON)"))
    if jenis not in ("berkas", "application/octet-stream",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
        raise Ditolak(415, f"Jenis isi '{jenis[:60]}' tidak didukung: kirim multipart/form-data dengan medan "
                           "'berkas' (kertas kerja .xlsx) atau application/json (KertasKerja)")
    return nilai(baca_kertas_kerja(isi, nama_tampil(nama)))


@router.post("/penilaian", summary="Nilai satu kertas kerja → Hasil (hasil.json)", openapi_extra=_MASUKAN,
             responses=_MASALAH | {200: {"description": "Hasil penilaian, sama dengan hasil.json",
                                         "content": {"application/json": {"schema": {"$ref": "/api/v1/skema/hasil.schema.json"}}}}})
async def penilaian(request: Request, masuk: Annotated[Masuk, Depends(pengguna_api)]) -> Response:
    isi, nama, jenis = await _berkas(request)
    hasil = await _jalankan(request, lambda: _nilai_masukan(isi, nama, jenis))
    return Response(hasil_bytes(hasil), media_type="application/json")


@router.post("/validasi", summary="Periksa satu kertas kerja → {sah, masalah}", openapi_extra=_MASUKAN,
             responses=_MASALAH)
async def validasi(request: Request, masuk: Annotated[Masuk, Depends(pengguna_api)]) -> Response:
    isi, nama, jenis = await _berkas(request)

    def periksa() -> dict[str, Any]:
        try:
            _nilai_masukan(isi, nama, jenis)
        except WorksheetError as e:
            return {"sah": False, "masalah": masalah_json(e)}
        return {"sah": True, "masalah": []}

    return JSONResponse(await _jalankan(request, periksa))


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
