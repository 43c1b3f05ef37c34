"""The JSON API (issue 13, item 5) and its limits (item 6), on SQLite and PostgreSQL: Bearer
tokens, the Hasil identical to hasil.json, validation, problem details with the Masalah list, the
mass assessment, the register, public verification, OpenAPI, the upload budget (declared and
chunked) refused before parsing, the per-token rate limit."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
import yaml
from fastapi.testclient import TestClient

from kesehatan_koperasi.layanan.app import buat_app
from kesehatan_koperasi.layanan.konfigurasi import Konfigurasi
from kesehatan_koperasi.outputs import tanda_tangan as tt

from ..test_kantor import SINTANG
from .bantu import baik, masuk, model, salah, unggah
from .conftest import tambah, token


@pytest.fixture
def api(layanan, db_url):
    tambah(db_url, "aplikasi", "pemeriksa")
    t = token(db_url, "aplikasi")
    k = TestClient(layanan(), headers={"Authorization": f"Bearer {t}"})
    return k


def _hasil_cli():
    import kesehatan_koperasi as kk
    from kesehatan_koperasi.cli.kertas_kerja import baca

    ws, aturan = baca("worksheets/contoh-ksp-sehat.xlsx", None)
    return kk.assess(ws, rules=aturan)


def test_token_is_required_and_stored_hashed(api, db_url):
    from sqlalchemy import create_engine, text

    from kesehatan_koperasi.layanan.db import url_mesin

    anon = TestClient(api.app)
    r = anon.post("/api/v1/penilaian", files={"berkas": ("kk.xlsx", baik())})
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["title"] == "Belum masuk" and "Bearer" in r.json()["detail"]
    r = anon.post("/api/v1/penilaian", files={"berkas": ("kk.xlsx", baik())}, headers={"Authorization": "Bearer kk_palsu"})
    assert r.status_code == 401
    mesin = create_engine(url_mesin(db_url))
    with mesin.connect() as c:
        sidik = [r[0] for r in c.execute(text("SELECT sidik FROM token_api"))]
    mesin.dispose()
    t = api.headers["authorization"].split()[1]
    assert t not in sidik and len(sidik) == 1 and len(sidik[0]) == 64


def test_penilaian_xlsx_is_hasil_json(api):
    r = api.post("/api/v1/penilaian", files={"berkas": ("kk.xlsx", baik())})
    assert r.status_code == 200, r.text
    assert r.content == (_hasil_cli().to_json() + "\n").encode("utf-8")


def test_penilaian_json_body(api):
    import kesehatan_koperasi as kk

    ws = model()
    r = api.post("/api/v1/penilaian", content=ws.model_dump_json(), headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.content == (kk.assess(ws).to_json() + "\n").encode("utf-8")


def test_problem_details_name_the_cells(api):
    r = api.post("/api/v1/penilaian", files={"berkas": ("kk.xlsx", salah())})
    assert r.status_code == 422
    p = r.json()
    assert r.headers["content-type"].startswith("application/problem+json")
    assert {"type", "title", "status", "detail", "masalah"} <= set(p) and p["status"] == 422
    medan = {m["medan"]: m for m in p["masalah"]}
    assert medan["nik"]["lembar"] and medan["nik"]["sel"].startswith("C") and "16 angka" in medan["nik"]["pesan"]
    assert medan["bank_lalu"]["ditemukan"] == "'dua juta'"
    r = api.post("/api/v1/penilaian", content=b'{"identitas": {}}', headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["masalah"]
    r = api.post("/api/v1/penilaian", content=b"bukan apa-apa", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and "multipart" in r.json()["detail"]
    r = api.post("/api/v1/penilaian", files={"berkas": ("kk.xlsx", b"GIF89a bukan kertas kerja")})
    assert r.status_code == 422 and r.json()["masalah"][0]["medan"] == "berkas"


def test_validasi(api):
    r = api.post("/api/v1/validasi", files={"berkas": ("kk.xlsx", baik())})
    assert r.json() == {"sah": True, "masalah": []}
    r = api.post("/api/v1/validasi", files={"berkas": ("kk.xlsx", salah())})
    j = r.json()
    assert r.status_code == 200 and j["sah"] is False and {m["medan"] for m in j["masalah"]} >= {"nik", "bank_lalu"}


def test_penilaian_massal_csv_and_json(api):
    import kesehatan_koperasi as kk
    from kesehatan_koperasi.contoh import koperasi

    frame = koperasi(5, seed=3)
    frame.loc[frame.index[0], "nama_koperasi"] = "=HYPERLINK(\"http://jahat\")"
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    r = api.post("/api/v1/penilaian-massal", content=buf.getvalue().encode(), headers={"Content-Type": "text/csv"})
    assert r.status_code == 200, r.text
    keluar = pd.read_csv(io.StringIO(r.text), dtype=str)
    harap = kk.assess_frame(frame)
    assert list(keluar["predikat"]) == list(harap["predikat"].astype(str))
    assert keluar["nama_koperasi"].iloc[0].startswith("'=")     # neutralised against formula injection
    r = api.post("/api/v1/penilaian-massal?format=json", files={"berkas": ("t.csv", buf.getvalue().encode())})
    assert [b["predikat"] for b in r.json()] == list(harap["predikat"])
    pytest.importorskip("pyarrow")
    pq = io.BytesIO()
    frame.to_parquet(pq)
    r = api.post("/api/v1/penilaian-massal?format=json", content=pq.getvalue(),
                 headers={"Content-Type": "application/vnd.apache.parquet"})
    assert r.status_code == 200 and len(r.json()) == 5
    r = api.post("/api/v1/penilaian-massal", content=b"a,b\n1,2\n", headers={"Content-Type": "text/csv"})
    assert r.status_code == 422 and r.json()["detail"]


def test_register_and_verification_over_the_api(api, db_url):
    tambah(db_url, "kadis", "penandatangan")
    web = TestClient(api.app)
    t = masuk(web, "kadis")
    id_ = int(unggah(web, t, baik()).headers["location"].rsplit("/", 1)[1])
    kode = _hasil_cli().kode_verifikasi()
    assert api.get(f"/api/v1/verifikasi/{kode}").status_code == 404      # a draft is not verifiable
    web.post(f"/pemeriksaan/{id_}/setujui", data={"csrf": t})
    daftar = api.get("/api/v1/pemeriksaan", params={"q": "sejahtera"}).json()
    assert [d["id"] for d in daftar] == [id_] and daftar[0]["status"] == "terbit"
    assert daftar[0]["nomor_sertifikat"].startswith("518/001/")
    v = TestClient(api.app).get(f"/api/v1/verifikasi/{kode}")              # public, no token
    assert v.status_code == 200
    j = v.json()
    assert set(j) == {"kode", "nomor", "nama_koperasi", "tahun_buku", "predikat", "tanggal", "penandatangan",
                      "tanda_tangan_sah", "keterangan_tanda_tangan", "digantikan", "contoh"}
    assert j["tanda_tangan_sah"] is True and j["nomor"] == daftar[0]["nomor_sertifikat"]
    assert j["contoh"] is True     # the service of these tests runs on the bundled example profile
    halaman = TestClient(api.app).get(f"/verifikasi/{kode}").text
    assert "CONTOH — bukan dokumen resmi" in halaman and 'class="kotak galat"' in halaman
    r = TestClient(api.app).get("/api/v1/verifikasi/0000-0000-0000")
    assert r.status_code == 404 and r.json()["status"] == 404 and "tidak dikenal" in r.json()["detail"]


def test_openapi_lists_the_endpoints(api):
    spek = TestClient(api.app).get("/openapi.json").json()
    for jalur in ("/api/v1/penilaian", "/api/v1/validasi", "/api/v1/penilaian-massal", "/api/v1/pemeriksaan",
                  "/api/v1/verifikasi/{kode}"):
        assert jalur in spek["paths"], jalur
    assert "multipart/form-data" in spek["paths"]["/api/v1/penilaian"]["post"]["requestBody"]["content"]
    assert "/masuk" not in spek["paths"]
    assert TestClient(api.app).get("/docs").status_code == 200
    from kesehatan_koperasi.layanan.skema_berkas import teks_skema

    r = TestClient(api.app).get("/api/v1/skema/hasil.schema.json")
    assert r.status_code == 200 and r.text == teks_skema("hasil.schema.json")
    assert TestClient(api.app).get("/api/v1/skema/..%2F..%2Fkonfigurasi.py").status_code == 404


def test_upload_over_the_budget_is_refused_before_parsing(layanan, db_url, monkeypatch):
    from kesehatan_koperasi.layanan import penilaian

    tambah(db_url, "aplikasi", "pemeriksa")
    t = token(db_url, "aplikasi")
    k = TestClient(layanan(maks_unggahan=100_000), headers={"Authorization": f"Bearer {t}"})
    dibaca = []
    monkeypatch.setattr(penilaian, "baca_kertas_kerja", lambda *a, **kw: dibaca.append(a))
    besar = baik() + b"\0" * 200_000
    r = k.post("/api/v1/penilaian", files={"berkas": ("kk.xlsx", besar)})
    assert r.status_code == 413 and r.json()["title"] == "Berkas terlalu besar"

    def potongan():            # no Content-Length: a chunked body
        for i in range(0, len(besar), 16_384):
            yield besar[i:i + 16_384]

    r = k.post("/api/v1/penilaian", content=potongan(), headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 413
    assert dibaca == []


def test_rate_limit_per_token(layanan, db_url):
    tambah(db_url, "aplikasi", "pemeriksa")
    t1, t2 = token(db_url, "aplikasi"), token(db_url, "aplikasi")
    app = layanan(laju_per_menit=3)
    k1 = TestClient(app, headers={"Authorization": f"Bearer {t1}"})
    kode = [k1.get("/api/v1/pemeriksaan").status_code for _ in range(4)]
    assert kode == [200, 200, 200, 429]
    r = k1.get("/api/v1/pemeriksaan")
    assert r.headers["retry-after"] == "60" and "per menit" in r.json()["detail"]
    assert TestClient(app, headers={"Authorization": f"Bearer {t2}"}).get("/api/v1/pemeriksaan").status_code == 200


def test_timeout_answers_503(layanan, db_url, monkeypatch):
    import time

    from kesehatan_koperasi.layanan import kolam

    tambah(db_url, "aplikasi", "pemeriksa")
    t = token(db_url, "aplikasi")
    k = TestClient(layanan(batas_waktu=0.2), headers={"Authorization": f"Bearer {t}"})
    monkeypatch.setattr(kolam, "nilai_bait", lambda *a: time.sleep(1))
    r = k.post("/api/v1/penilaian", files={"berkas": ("kk.xlsx", baik())})
    assert r.status_code == 503 and "detik" in r.json()["detail"]


def test_json_body_budget(api):
    r = api.post("/api/v1/penilaian", content=b"[" * 100 + b"]" * 100, headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and json.dumps(r.json(), ensure_ascii=False)


def test_scoring_processes_give_the_same_answers(layanan, db_url):
    tambah(db_url, "aplikasi", "pemeriksa")
    t = token(db_url, "aplikasi")
    with TestClient(layanan(proses_penilai=1), headers={"Authorization": f"Bearer {t}"}) as k:   # lifespan: pool stops
        r = k.post("/api/v1/penilaian", files={"berkas": ("kk.xlsx", baik())})
        assert r.content == (_hasil_cli().to_json() + "\n").encode("utf-8")
        r = k.post("/api/v1/penilaian", files={"berkas": ("kk.xlsx", salah())})
        assert r.status_code == 422 and {m["medan"] for m in r.json()["masalah"]} >= {"nik", "bank_lalu"}
        assert k.app.state.layanan.kolam is not None


def test_verification_with_an_office_profile_is_official(db_url, tmp_path):
    """With a real office profile (its own key) the public page says SAH with no CONTOH mark."""
    pem, pub = tt.buat_kunci()
    (tmp_path / "sintang.kunci").write_bytes(pem)
    profil = SINTANG | {"kunci_publik": pub, "kunci_privat": "sintang.kunci", "pades": None}
    (tmp_path / "sintang.yaml").write_text(yaml.safe_dump(profil, allow_unicode=True), encoding="utf-8")
    app = buat_app(Konfigurasi(db=db_url, kantor=str(tmp_path / "sintang.yaml"), laman="http://uji.local"))
    try:
        tambah(db_url, "kadis", "penandatangan")
        web = TestClient(app)
        t = masuk(web, "kadis")
        id_ = int(unggah(web, t, baik()).headers["location"].rsplit("/", 1)[1])
        web.post(f"/pemeriksaan/{id_}/setujui", data={"csrf": t})
        kode = _hasil_cli().kode_verifikasi()
        j = TestClient(app).get(f"/api/v1/verifikasi/{kode}").json()
        assert j["tanda_tangan_sah"] is True and j["contoh"] is False
        halaman = TestClient(app).get(f"/verifikasi/{kode}").text
        assert 'class="kotak sah"' in halaman and "CONTOH" not in halaman and "Kabupaten Sintang" in j["keterangan_tanda_tangan"]
    finally:
        app.state.layanan.mesin.dispose()
