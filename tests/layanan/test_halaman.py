"""The examiner's pages (issue 13, items 1-2) through httpx/TestClient, on SQLite and PostgreSQL:
login, CSRF refusal, roles, upload with mistakes and good, approval with the register's number and
signed documents that ``verify`` accepts, supersede, the transaction on failure, restart."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient

from .bantu import baik, masuk, salah, sel_dari, unggah
from .conftest import tambah


@pytest.fixture
def klien(layanan, db_url):
    tambah(db_url, "siti", "pemeriksa")
    tambah(db_url, "kadis", "penandatangan")
    return TestClient(layanan(), base_url="https://uji.local")


def _id(r) -> int:
    assert r.status_code == 303, r.text[:2000]
    return int(r.headers["location"].rsplit("/", 1)[1])


def test_every_page_but_verification_needs_login(klien):
    for jalur in ("/register", "/unggah", "/templat", "/pemeriksaan/1", "/koperasi/1", "/register.csv"):
        r = klien.get(jalur, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/masuk"), jalur
    assert klien.get("/verifikasi").status_code == 200


def test_login_wrong_password_and_cookie_flags(klien):
    r = klien.get("/masuk")
    pra = re.search(r'name="pra" value="([^"]+)"', r.text).group(1)
    r = klien.post("/masuk", data={"nama": "siti", "sandi": "salah-sekali-sandinya", "pra": pra}, follow_redirects=False)
    assert r.status_code == 303 and "salah=1" in r.headers["location"]
    assert "salah" in klien.get(r.headers["location"]).text
    r = klien.get("/masuk")
    pra = re.search(r'name="pra" value="([^"]+)"', r.text).group(1)
    r = klien.post("/masuk", data={"nama": "siti", "sandi": "kata-sandi-uji-panjang", "pra": pra}, follow_redirects=False)
    kuki = r.headers["set-cookie"].lower()
    assert "kk_sesi=" in kuki and "httponly" in kuki and "samesite=lax" in kuki and "secure" in kuki


def test_login_form_without_its_csrf_token_is_refused(klien):
    klien.get("/masuk")
    r = klien.post("/masuk", data={"nama": "siti", "sandi": "kata-sandi-uji-panjang", "pra": "palsu"})
    assert r.status_code == 403 and "CSRF" in r.text


def test_post_without_csrf_is_refused_and_nothing_is_stored(klien):
    masuk(klien, "siti")
    r = unggah(klien, "token-palsu", baik())
    assert r.status_code == 403 and "CSRF" in r.text
    r = klien.post("/unggah", files={"berkas": ("kk.xlsx", baik())}, data={"diterima": "2026-05-11"})
    assert r.status_code == 403
    assert "Belum ada pemeriksaan" in klien.get("/register").text


def test_upload_with_mistakes_lists_sheet_and_cell_and_gives_annotated_copy(klien):
    from kesehatan_koperasi.worksheet import layout as L

    t = masuk(klien, "siti")
    r = unggah(klien, t, salah(), nama="../../etc/kk salah.xlsx")
    assert r.status_code == 422
    assert "memuat" in r.text and L.IDENTITAS in r.text and L.NERACA in r.text
    assert f"<td>{sel_dari(L.IDENTITAS, 'nik', 'C')}</td>" in r.text
    assert "16 angka" in r.text and "dua juta" in r.text
    assert "kk salah.xlsx" in r.text and "/etc/" not in r.text      # the client's name is shown, never used as a path
    m = re.search(r'href="data:[^;]+;base64,([^"]+)"', r.text)
    import base64

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(base64.b64decode(m.group(1))))
    assert "Masalah" in wb.sheetnames
    assert "Belum ada pemeriksaan" in klien.get("/register").text


def test_good_upload_gives_the_result_page(klien):
    import kesehatan_koperasi as kk
    from kesehatan_koperasi.cli.kertas_kerja import baca

    t = masuk(klien, "siti")
    id_ = _id(unggah(klien, t, baik()))
    r = klien.get(f"/pemeriksaan/{id_}")
    assert r.status_code == 200
    ws, aturan = baca("worksheets/contoh-ksp-sehat.xlsx", None)
    h = kk.assess(ws, rules=aturan)
    assert f'id="predikat">{h.predikat}<' in r.text
    assert str(h.nilai_akhir).replace(".", ",") in r.text
    assert h.kode_verifikasi() in r.text
    for a in h.aspek:
        assert a.nama in r.text
    assert 'id="grafik-aspek"' in r.text and "<rect" in r.text
    for i in h.temuan():
        assert i.rekomendasi in r.text
    assert ("nilai-sementara" in r.text) == bool(h.nilai_sementara)
    assert "Draf" in r.text and "tombol-setujui" not in r.text       # an examiner cannot approve
    assert klien.get(f"/pemeriksaan/{id_}/hasil.json").content == (h.to_json() + "\n").encode()
    assert klien.get(f"/pemeriksaan/{id_}/hasil.xlsx").content[:2] == b"PK"
    assert klien.get(f"/pemeriksaan/{id_}/sertifikat.pdf").status_code == 409


def test_examiner_cannot_approve(klien):
    t = masuk(klien, "siti")
    id_ = _id(unggah(klien, t, baik()))
    r = klien.post(f"/pemeriksaan/{id_}/setujui", data={"csrf": t})
    assert r.status_code == 403 and "penandatangan" in r.text
    assert "Draf" in klien.get(f"/pemeriksaan/{id_}").text


def test_approve_takes_the_registers_number_and_signs(klien, tmp_path):
    from kesehatan_koperasi.outputs.verify import verify

    t = masuk(klien, "kadis")
    id_ = _id(unggah(klien, t, baik()))
    assert "tombol-setujui" in klien.get(f"/pemeriksaan/{id_}").text
    r = klien.post(f"/pemeriksaan/{id_}/setujui", data={"csrf": t}, follow_redirects=False)
    assert r.status_code == 303
    halaman = klien.get(f"/pemeriksaan/{id_}").text
    nomor = re.search(r'id="nomor">([^<]+)<', halaman).group(1)
    assert re.fullmatch(r"518/001/DISKOPUKM/[IVX]+/\d{4}", nomor), nomor
    for nama in ("sertifikat.pdf", "berita-acara.pdf"):
        pdf = tmp_path / nama
        pdf.write_bytes(klien.get(f"/pemeriksaan/{id_}/{nama}").content)
        ok, pesan = verify(pdf)
        assert ok, pesan
    hasil = tmp_path / "hasil.json"
    hasil.write_bytes(klien.get(f"/pemeriksaan/{id_}/hasil.json").content)
    assert verify(tmp_path / "sertifikat.pdf", hasil)[0]
    # issued: approving again is refused, nothing changes
    r = klien.post(f"/pemeriksaan/{id_}/setujui", data={"csrf": t})
    assert r.status_code == 409
    # a second cooperative-year gets the next number of the same office and year
    from kesehatan_koperasi.worksheet import layout as L

    from .bantu import dengan_perubahan

    id2 = _id(unggah(klien, t, dengan_perubahan({(L.IDENTITAS, "nik", "C"): "6100002026000001"})))
    klien.post(f"/pemeriksaan/{id2}/setujui", data={"csrf": t})
    nomor2 = re.search(r'id="nomor">([^<]+)<', klien.get(f"/pemeriksaan/{id2}").text).group(1)
    assert nomor2.startswith("518/002/")


def test_supersede_creates_a_new_version_and_the_old_one_stays(klien):
    from kesehatan_koperasi.worksheet import layout as L

    from .bantu import dengan_perubahan

    t = masuk(klien, "kadis")
    id1 = _id(unggah(klien, t, baik()))
    klien.post(f"/pemeriksaan/{id1}/setujui", data={"csrf": t})
    lama = klien.get(f"/pemeriksaan/{id1}")
    nomor1 = re.search(r'id="nomor">([^<]+)<', lama.text).group(1)
    pdf1 = klien.get(f"/pemeriksaan/{id1}/sertifikat.pdf").content
    assert f"/unggah?menggantikan={id1}" in lama.text
    baru = dengan_perubahan({(L.IDENTITAS, "alamat", "C"): "Jalan Gajah Mada Nomor 14, Pontianak"})
    id2 = _id(unggah(klien, t, baru, menggantikan=str(id1)))
    assert id2 != id1
    assert "versi 2" in klien.get(f"/pemeriksaan/{id2}").text
    klien.post(f"/pemeriksaan/{id2}/setujui", data={"csrf": t})
    lama = klien.get(f"/pemeriksaan/{id1}").text
    assert "Digantikan" in lama and f'id="nomor">{nomor1}<' in lama
    assert klien.get(f"/pemeriksaan/{id1}/sertifikat.pdf").content == pdf1     # never edited
    # superseding a draft is refused
    id3 = _id(unggah(klien, t, baik()))
    r = unggah(klien, t, baik(), menggantikan=str(id3))
    assert r.status_code == 409


def test_failure_while_rendering_leaves_no_half_record(klien, monkeypatch):
    from kesehatan_koperasi.layanan import dokumen

    t = masuk(klien, "kadis")
    id_ = _id(unggah(klien, t, baik()))

    def rusak(*a, **k):
        raise RuntimeError("renderer rusak")

    monkeypatch.setattr(dokumen, "minutes_pdf", rusak)
    klien_rapuh = TestClient(klien.app, base_url="https://uji.local", raise_server_exceptions=False, cookies=klien.cookies)
    r = klien_rapuh.post(f"/pemeriksaan/{id_}/setujui", data={"csrf": t})
    assert r.status_code == 500 and "tidak ada yang disimpan" in r.text
    monkeypatch.undo()
    assert "Draf" in klien.get(f"/pemeriksaan/{id_}").text
    klien.post(f"/pemeriksaan/{id_}/setujui", data={"csrf": t})
    nomor = re.search(r'id="nomor">([^<]+)<', klien.get(f"/pemeriksaan/{id_}").text).group(1)
    assert nomor.startswith("518/001/")     # the number taken by the failed attempt was given back


def test_restart_loses_nothing(layanan, db_url):
    tambah(db_url, "kadis", "penandatangan")
    k1 = TestClient(layanan(), base_url="https://uji.local")
    t = masuk(k1, "kadis")
    id_ = _id(unggah(k1, t, baik()))
    k1.post(f"/pemeriksaan/{id_}/setujui", data={"csrf": t})
    pdf = k1.get(f"/pemeriksaan/{id_}/sertifikat.pdf").content
    k2 = TestClient(layanan(), base_url="https://uji.local", cookies=k1.cookies)   # a new process on the same database
    assert k2.get(f"/pemeriksaan/{id_}/sertifikat.pdf").content == pdf            # the session survived too
    assert "Terbit" in k2.get(f"/pemeriksaan/{id_}").text


def test_blank_worksheet_download(klien):
    from openpyxl import load_workbook

    masuk(klien, "siti")
    r = klien.get("/templat")
    assert "juknis-15-2021" in r.text
    r = klien.get("/templat?aturan=juknis-15-2021")
    assert r.status_code == 200 and load_workbook(io.BytesIO(r.content)).sheetnames
    assert klien.get("/templat?aturan=../../rahasia").status_code == 404
