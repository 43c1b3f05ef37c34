"""The register pages (issue 13, item 3): search by name, NIK, kabupaten/kota, predikat and year;
the history of one cooperative across years (nilai akhir and predikat per year, a chart); the
follow-up of findings; the service time against the standard, late ones flagged; the export as
CSV or XLSX."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from .db import transaksi
from .ekspor import csv_bytes, tabel_register, xlsx_bytes
from .otentikasi import Ditolak, pengguna_halaman, periksa_csrf, perlu_peran
from .register import cari, riwayat, status_tampil, ubah_temuan
from .rute_halaman import XLSX, halaman
from .waktu_layanan import STANDAR_HARI_KERJA, waktu_layanan

router = APIRouter(include_in_schema=False)


def _n(request: Request) -> Any:
    return request.app.state.layanan


def _tahun(teks: str) -> int | None:
    t = teks.strip()
    if not t:
        return None
    if not t.isdigit() or not 1900 <= int(t) <= 2200:
        raise Ditolak(422, f"tahun buku harus angka tahun 1900-2200, bukan '{t[:10]}'")
    return int(t)


def baris_register(request: Request, q: str, nik: str, kabupaten_kota: str, predikat: str, tahun_buku: str) -> list[Any]:
    n = _n(request)
    hari_ini = dt.date.today()
    with transaksi(n.pembaca) as s:
        hasil = []
        for p in cari(s, q[:100], nik[:40], kabupaten_kota[:100], predikat[:60], _tahun(tahun_buku)):
            st = status_tampil(s, p)
            w = waktu_layanan(p.diterima_pada, p.terbit_pada.date() if p.terbit_pada else None, hari_ini,
                              n.kantor.libur_tambahan)
            hasil.append((p, st, w))
    return hasil


@router.get("/register")
def register(request: Request, q: str = "", nik: str = "", kabupaten_kota: str = "", predikat: str = "",
             tahun_buku: str = "") -> Response:
    m = pengguna_halaman(request)
    baris = baris_register(request, q, nik, kabupaten_kota, predikat, tahun_buku)
    saring = {"q": q, "nik": nik, "kabupaten_kota": kabupaten_kota, "predikat": predikat, "tahun_buku": tahun_buku}
    return halaman(request, "register.html.j2", {"masuk": m, "baris": baris, "saring": saring,
                                                  "standar": STANDAR_HARI_KERJA})


@router.get("/register.{format}")
def ekspor(request: Request, format: str, q: str = "", nik: str = "", kabupaten_kota: str = "", predikat: str = "",
           tahun_buku: str = "") -> Response:
    pengguna_halaman(request)
    if format not in ("csv", "xlsx"):
        raise Ditolak(404, "Ekspor register tersedia sebagai register.csv atau register.xlsx")
    baris = baris_register(request, q, nik, kabupaten_kota, predikat, tahun_buku)
    frame = tabel_register(((p, st) for p, st, _ in baris), dt.date.today(), _n(request).kantor.libur_tambahan)
    if format == "csv":
        return Response(csv_bytes(frame), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="register.csv"'})
    return Response(xlsx_bytes(frame), media_type=XLSX, headers={"Content-Disposition": 'attachment; filename="register.xlsx"'})


@router.get("/koperasi/{nik}")
def koperasi(request: Request, nik: str) -> Response:
    m = pengguna_halaman(request)
    with transaksi(_n(request).pembaca) as s:
        tahun = riwayat(s, nik[:40])
        baris = [(p, status_tampil(s, p)) for p in tahun]
    if not baris:
        raise Ditolak(404, f"Tidak ada pemeriksaan koperasi dengan NIK {nik[:40]} di register")
    return halaman(request, "koperasi.html.j2", {"masuk": m, "baris": baris, "nik": nik, "nama": baris[-1][0].nama_koperasi})


@router.post("/temuan/{id_}")
def tindak_lanjut(request: Request, id_: int, status: Annotated[str, Form(max_length=40)], csrf: Annotated[str, Form()] = "",
                  tenggat: Annotated[str, Form()] = "", catatan: Annotated[str, Form(max_length=4000)] = "") -> Response:
    m = pengguna_halaman(request)
    periksa_csrf(m, csrf)
    perlu_peran(m, "pemeriksa", "penandatangan", "admin")
    try:
        batas = dt.date.fromisoformat(tenggat.strip()) if tenggat.strip() else None
    except ValueError:
        raise Ditolak(422, f"tenggat tindak lanjut harus tanggal TTTT-BB-HH, bukan '{tenggat[:20]}'") from None
    with transaksi(_n(request).pembuat) as s:
        t = ubah_temuan(s, id_, status.strip(), batas, catatan.strip())
        ke = t.pemeriksaan_id
    return RedirectResponse(f"/pemeriksaan/{ke}#temuan", status_code=303)

