"""The register (issue 13, items 3-4) on SQLite and PostgreSQL: search, history of one cooperative,
follow-up of findings, service time in working days with late ones flagged, CSV/XLSX export
through the neutraliser, and the public verification page for a known and an unknown code."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from .bantu import baik, dengan_perubahan, masuk, model, unggah
from .conftest import tambah


@pytest.fixture
def klien(layanan, db_url):
    tambah(db_url, "kadis", "penandatangan")
    k = TestClient(layanan())
    k.csrf = masuk(k, "kadis")
    return k


def _terbit(k, isi: bytes, diterima: str | None = None) -> int:
    r = unggah(k, k.csrf, isi, diterima=diterima or dt.date.today().isoformat())
    assert r.status_code == 303, r.text[:1500]
    id_ = int(r.headers["location"].rsplit("/", 1)[1])
    assert k.post(f"/pemeriksaan/{id_}/setujui", data={"csrf": k.csrf}, follow_redirects=False).status_code == 303
    return id_


def _tahun(tahun: int, nama: str | None = None, kabupaten: str | None = None):
    """The example moved to another tahun buku (dates shifted with it), maybe renamed."""
    ws = model()
    geser = tahun - ws.identitas.tahun_buku
    p = ws.pemeriksaan
    tgl = {k: getattr(p, k).replace(year=getattr(p, k).year + geser) for k in
           ("tanggal_surat_tugas", "tanggal_mulai_pemeriksaan", "tanggal_selesai_pemeriksaan")}
    ident = {"tahun_buku": tahun} | ({"nama_koperasi": nama} if nama else {}) | ({"kabupaten_kota": kabupaten} if kabupaten else {})
    return ws.model_copy(update={"identitas": ws.identitas.model_copy(update=ident),
                                 "pemeriksaan": p.model_copy(update=tgl)})


def test_search_history_and_export(klien):
    from kesehatan_koperasi.worksheet import layout as L

    a = _terbit(klien, dengan_perubahan({}, _tahun(2024)))
    b = _terbit(klien, baik())                                      # tahun buku 2025
    c = _terbit(klien, dengan_perubahan({(L.IDENTITAS, "nik", "C"): "6100002026000009"},
                                        _tahun(2025, "=HYPERLINK(\"x\") Koperasi Lain", "Kabupaten Sambas")))
    teks = klien.get("/register", params={"q": "sejahtera"}).text
    assert f"/pemeriksaan/{a}" in teks and f"/pemeriksaan/{b}" in teks and f"/pemeriksaan/{c}\"" not in teks
    teks = klien.get("/register", params={"kabupaten_kota": "sambas"}).text
    assert f"/pemeriksaan/{c}" in teks and f"/pemeriksaan/{a}\"" not in teks
    teks = klien.get("/register", params={"tahun_buku": "2024"}).text
    assert f"/pemeriksaan/{a}" in teks and f"/pemeriksaan/{b}\"" not in teks
    teks = klien.get("/register", params={"q": "6100002026000009"}).text
    assert f"/pemeriksaan/{c}" in teks and f"/pemeriksaan/{a}\"" not in teks
    predikat = re.search(r'id="predikat">([^<]+)<', klien.get(f"/pemeriksaan/{a}").text).group(1)
    assert f"/pemeriksaan/{a}" in klien.get("/register", params={"predikat": predikat}).text
    assert klien.get("/register", params={"predikat": "Tidak Ada Predikat Ini"}).text.count("/pemeriksaan/") == 0
    assert klien.get("/register", params={"tahun_buku": "dua ribu"}).status_code == 422
    # history across years, with a chart
    r = klien.get("/koperasi/6100002026000000")
    assert r.status_code == 200 and 'id="grafik-riwayat"' in r.text
    tahun = re.findall(r'<td class="angka"><a href="/pemeriksaan/\d+">(\d{4})</a>', r.text)
    assert tahun == ["2024", "2025"]
    assert klien.get("/koperasi/9999999999999999").status_code == 404
    # export: CSV and XLSX, the formula-like name neutralised
    csv = pd.read_csv(io.StringIO(klien.get("/register.csv").text), dtype=str)
    assert len(csv) == 3 and set(csv["status"]) == {"terbit"}
    assert csv.loc[csv["id"] == str(c), "nama_koperasi"].iloc[0].startswith("'=")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(klien.get("/register.xlsx", params={"tahun_buku": "2025"}).content))
    ws = wb["Register"]
    assert ws.max_row == 3
    sel = next(c_ for c_ in ws["C"] if str(c_.value).startswith("=HYPERLINK"))
    assert sel.data_type == "s" and sel.quotePrefix


def test_follow_up_of_findings(klien):
    import kesehatan_koperasi as kk

    if not kk.assess(model()).temuan():
        pytest.skip("contoh tidak memiliki temuan")
    id_ = _terbit(klien, baik())
    teks = klien.get(f"/pemeriksaan/{id_}").text
    ids = re.findall(r'action="/temuan/(\d+)"', teks)
    assert ids
    r = klien.post(f"/temuan/{ids[0]}", data={"csrf": klien.csrf, "status": "ditindaklanjuti", "tenggat": "2026-12-31",
                                              "catatan": "Surat teguran dikirim"}, follow_redirects=False)
    assert r.status_code == 303
    teks = klien.get(f"/pemeriksaan/{id_}").text
    assert 'value="ditindaklanjuti" selected' in teks and "2026-12-31" in teks and "Surat teguran dikirim" in teks
    assert klien.post(f"/temuan/{ids[0]}", data={"csrf": klien.csrf, "status": "lupa"}).status_code == 422
    assert klien.post(f"/temuan/{ids[0]}", data={"csrf": klien.csrf, "status": "selesai", "tenggat": "besok"}).status_code == 422
    assert klien.post(f"/temuan/{ids[0]}", data={"status": "selesai"}).status_code == 403


def test_service_time_flags_late_ones(klien):
    tepat = _terbit(klien, baik())
    lama = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    from kesehatan_koperasi.worksheet import layout as L

    telat = _terbit(klien, dengan_perubahan({(L.IDENTITAS, "nik", "C"): "6100002026000002"}), diterima=lama)
    assert "tepat waktu" in klien.get(f"/pemeriksaan/{tepat}").text
    halaman = klien.get(f"/pemeriksaan/{telat}").text
    assert "TERLAMBAT" in halaman
    hari = int(re.search(r'id="waktu-layanan">(\d+) hari kerja', halaman).group(1))
    assert 15 <= hari <= 23
    csv = pd.read_csv(io.StringIO(klien.get("/register.csv").text), dtype=str).set_index("id")
    assert csv.loc[str(telat), "terlambat"] == "ya" and csv.loc[str(tepat), "terlambat"] == "tidak"
    assert csv.loc[str(tepat), "hari_kerja_layanan"] == "0"


def test_public_verification_page(klien):
    import kesehatan_koperasi as kk

    id_ = _terbit(klien, baik())
    kode = kk.assess(model()).kode_verifikasi()
    anon = TestClient(klien.app)
    r = anon.get(f"/verifikasi/{kode}")
    assert r.status_code == 200
    nomor = re.search(r'id="nomor">([^<]+)<', klien.get(f"/pemeriksaan/{id_}").text).group(1)
    assert f'id="v-nomor">{nomor}<' in r.text and "SAH" in r.text and "TIDAK SAH" not in r.text
    assert "Koperasi Simpan Pinjam Sejahtera Bersama" in r.text and "6100002026000000" not in r.text   # no NIK
    assert anon.get(f"/verifikasi/{kode.lower()}").status_code == 200
    r = anon.get("/verifikasi/ABCD-ABCD-ABCD")
    assert r.status_code == 404 and "tidak dikenal" in r.text
    assert anon.get("/verifikasi/<script>").status_code == 404
    assert anon.get("/verifikasi", params={"kode": kode}, follow_redirects=False).headers["location"] == f"/verifikasi/{kode}"
    assert "/statis/verifikasi.js" in anon.get("/verifikasi").text
    assert anon.get("/statis/verifikasi.js").status_code == 200
