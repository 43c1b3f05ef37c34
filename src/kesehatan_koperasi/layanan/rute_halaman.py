"""The examiner's pages (issue 13, item 2), server-rendered Jinja2 in Indonesian: a blank
worksheet per rule set, the upload (every problem with its sheet and cell, and the annotated copy
of the workbook), the result page of a register entry (what the Hasil carries: aspect table, the
four aspects as a chart, findings with recommendations, the provisional-values notice), its
downloads, the approval by a penandatangan, and a new version that supersedes an issued one."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from ..errors import Masalah, WorksheetError, masalah_json
from ..rules import builtin_rules
from .db import transaksi
from .otentikasi import Ditolak, pengguna_halaman, periksa_csrf, perlu_peran
from .penilaian import baca_kertas_kerja, berkas_sementara, nama_tampil, nilai, tandai_salinan
from .register import ambil, hasil_dari, pengganti, simpan_draf, status_tampil, temuan_dari, terbitkan
from .skema import STATUS_TEMUAN, Pengguna
from .waktu_layanan import waktu_layanan

router = APIRouter(include_in_schema=False)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _n(request: Request) -> Any:
    return request.app.state.layanan


def halaman(request: Request, nama: str, konteks: dict[str, Any], status: int = 200) -> Response:
    return _n(request).templat.TemplateResponse(request, nama, konteks, status_code=status)


def _unduh(isi: bytes, nama: str, jenis: str) -> Response:
    return Response(isi, media_type=jenis, headers={"Content-Disposition": f'attachment; filename="{nama}"'})


@router.get("/")
def beranda(request: Request) -> Response:
    return RedirectResponse("/register", status_code=303)


@router.get("/templat")
def templat(request: Request, aturan: str = "") -> Response:
    m = pengguna_halaman(request)
    nama = sorted(builtin_rules())
    if not aturan:
        return halaman(request, "templat.html.j2", {"masuk": m, "aturan": nama})
    if aturan not in nama:
        raise Ditolak(404, f"Aturan penilaian '{aturan[:60]}' tidak dikenal; pilih salah satu dari {', '.join(nama)}")
    from ..worksheet import write_template

    with berkas_sementara(b"", ".xlsx") as p:
        write_template(p, rules=aturan)
        isi = p.read_bytes()
    return _unduh(isi, f"kertas-kerja-{aturan}.xlsx", XLSX)


@router.get("/unggah")
def form_unggah(request: Request, menggantikan: int | None = None) -> Response:
    m = pengguna_halaman(request)
    return halaman(request, "unggah.html.j2", {"masuk": m, "menggantikan": menggantikan,
                                                "hari_ini": dt.date.today().isoformat()})


def _tanggal(teks: str, medan: str) -> dt.date:
    try:
        return dt.date.fromisoformat(teks.strip())
    except ValueError:
        raise WorksheetError(None, [Masalah("tanggal tidak sah", medan=medan, diharapkan="TTTT-BB-HH",
                                            ditemukan=teks[:20])]) from None


@router.post("/unggah")
def unggah(request: Request, berkas: Annotated[UploadFile, File()], csrf: Annotated[str, Form()] = "",
           diterima: Annotated[str, Form()] = "", menggantikan: Annotated[str, Form()] = "") -> Response:
    m = pengguna_halaman(request)
    periksa_csrf(m, csrf)
    perlu_peran(m, "pemeriksa", "penandatangan", "admin")
    isi = berkas.file.read()
    tampil = nama_tampil(berkas.filename)
    tanggal = _tanggal(diterima or dt.date.today().isoformat(), "diterima")
    try:
        bacaan = baca_kertas_kerja(isi, tampil)
        hasil = nilai(bacaan)
    except WorksheetError as e:
        salinan = None
        if isi.startswith(b"PK\x03\x04"):
            try:
                salinan = base64.b64encode(tandai_salinan(isi, e.masalah)).decode("ascii")
            except Exception:   # a workbook too broken to copy: the list of problems is still shown
                salinan = None
        return halaman(request, "masalah.html.j2", {"masuk": m, "berkas": tampil, "masalah": masalah_json(e),
                                                     "salinan": salinan, "xlsx": XLSX}, 422)
    with transaksi(_n(request).pembuat) as s:
        lama = ambil(s, int(menggantikan)) if menggantikan.strip().isdigit() else None
        pengguna = s.get(Pengguna, m.id)
        assert pengguna is not None
        p = simpan_draf(s, hasil, pengguna, tampil, tanggal, lama)
        id_ = p.id
    return RedirectResponse(f"/pemeriksaan/{id_}", status_code=303)


@router.get("/pemeriksaan/{id_}")
def pemeriksaan(request: Request, id_: int) -> Response:
    m = pengguna_halaman(request)
    n = _n(request)
    with transaksi(n.pembaca) as s:
        p = ambil(s, id_)
        hasil = hasil_dari(p)
        baru = pengganti(s, p)
        lama = ambil(s, p.menggantikan_id) if p.menggantikan_id else None
        konteks = {"masuk": m, "p": p, "hasil": hasil, "status": status_tampil(s, p), "temuan": temuan_dari(s, p),
                   "pengganti": baru, "digantikan": lama, "status_temuan": STATUS_TEMUAN,
                   "waktu": waktu_layanan(p.diterima_pada, p.terbit_pada.date() if p.terbit_pada else None,
                                          dt.date.today(), n.kantor.libur_tambahan),
                   "bisa_setujui": m.peran == "penandatangan" and p.status == "draf"}
    return halaman(request, "pemeriksaan.html.j2", konteks)


@router.post("/pemeriksaan/{id_}/setujui")
def setujui(request: Request, id_: int, csrf: Annotated[str, Form()] = "") -> Response:
    m = pengguna_halaman(request)
    periksa_csrf(m, csrf)
    perlu_peran(m, "penandatangan")
    n = _n(request)
    with transaksi(n.pembuat) as s:
        pengguna = s.get(Pengguna, m.id)
        assert pengguna is not None
        terbitkan(s, id_, pengguna, n.kantor)
    return RedirectResponse(f"/pemeriksaan/{id_}", status_code=303)


@router.get("/pemeriksaan/{id_}/{nama}")
def unduh(request: Request, id_: int, nama: str) -> Response:
    pengguna_halaman(request)
    with transaksi(_n(request).pembaca) as s:
        p = ambil(s, id_)
        if nama == "hasil.json":
            from ..outputs.tanda_tangan import hasil_bytes

            return _unduh(hasil_bytes(hasil_dari(p)), "hasil.json", "application/json")
        if nama == "hasil.xlsx":
            from ..outputs.excel import write_hasil_xlsx

            with berkas_sementara(b"", ".xlsx") as f:
                write_hasil_xlsx(hasil_dari(p), f)
                return _unduh(f.read_bytes(), "hasil.xlsx", XLSX)
        dokumen = {"sertifikat.pdf": p.sertifikat_pdf, "berita-acara.pdf": p.berita_acara_pdf}
        if nama not in dokumen:
            raise Ditolak(404, f"Unduhan '{nama[:40]}' tidak ada")
        isi = dokumen[nama]
        if isi is None:
            raise Ditolak(409, "Sertifikat dan berita acara dibuat ketika penandatangan menyetujui pemeriksaan ini")
        return _unduh(isi, nama, "application/pdf")
