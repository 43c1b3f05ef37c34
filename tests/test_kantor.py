"""The issuing office (spec documents.md, "The issuing office"; issue 12 items 1-3): profiles are
found, never defaulted; a missing key is listed; the agenda register hands out the office's own
numbers; the key pair is made by ``kantor kunci``."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
import yaml

import kesehatan_koperasi as kk
from kesehatan_koperasi.cli import main
from kesehatan_koperasi.outputs.agenda import Agenda, jalur_agenda
from kesehatan_koperasi.outputs.pdf import kantor, render

WORKSHEETS = Path(__file__).resolve().parents[1] / "worksheets"

#: A complete profile of another office (values written by hand for the tests).
SINTANG = {
    "kop": ["PEMERINTAH KABUPATEN SINTANG", "DINAS KOPERASI, USAHA KECIL DAN MENENGAH"],
    "nama": "Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Sintang", "singkatan": "DKUKM-STG",
    "alamat": "Jalan Lintas Melawi Nomor 9, Sintang 78614", "telepon": "(0565) 21001", "faksimile": None,
    "laman": "koperasi.sintang.go.id", "pos_el": "dkukm@sintang.go.id", "tempat_terbit": "Sintang",
    "jabatan_kepala": "Kepala Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Sintang",
    "nomor_sertifikat": "500.3/{urut:03d}/{singkatan}/{tahun}", "nomor_berita_acara": "500.3/BA-{urut:03d}/{tahun}",
    "dasar_hukum": ["Peraturan Menteri Koperasi dan Usaha Kecil dan Menengah Nomor 9 Tahun 2020"],
}


@pytest.fixture(autouse=True)
def _tanpa_lingkungan(monkeypatch, tmp_path):
    """No profile from the developer's machine: empty KK_KANTOR, a fresh configuration folder."""
    monkeypatch.delenv("KK_KANTOR", raising=False)
    monkeypatch.delenv("KK_AGENDA", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    kantor._diperingatkan.clear()


def tulis_profil(folder: Path, **ubah) -> Path:
    p = folder / "sintang.yaml"
    p.write_text(yaml.safe_dump(SINTANG | ubah, allow_unicode=True), encoding="utf-8")
    return p


def hasil() -> kk.Hasil:
    return kk.assess(kk.KertasKerja.model_validate_json((WORKSHEETS / "contoh-ksp-sehat.json").read_text("utf-8")))


# --------------------------------------------------------------------------- no silent default
def test_without_profile_documents_are_marked_and_stderr_warns(capsys):
    html_s, html_b = render.certificate_html(hasil()), render.minutes_html(hasil())
    for html in (html_s, html_b):
        assert "CONTOH — bukan dokumen resmi" in html
        assert "Sutan Syahrir" not in html and "732771" not in html and "kalbarprov" not in html
    assert "tidak ada profil kantor" in capsys.readouterr().err


def test_profile_found_by_option_then_environment_then_user_folder(tmp_path, monkeypatch):
    a = tulis_profil(tmp_path / "a" if (tmp_path / "a").mkdir() is None else tmp_path, tempat_terbit="Opsi")
    b_dir = tmp_path / "b"
    b_dir.mkdir()
    b = tulis_profil(b_dir, tempat_terbit="Lingkungan")
    c_dir = tmp_path / "config" / "kesehatan-koperasi"
    c_dir.mkdir(parents=True)
    (c_dir / "kantor.yaml").write_text(yaml.safe_dump(SINTANG | {"tempat_terbit": "Pengguna"}), encoding="utf-8")
    assert kantor._kantor(None).tempat_terbit == "Pengguna"
    monkeypatch.setenv("KK_KANTOR", str(b))
    assert kantor._kantor(None).tempat_terbit == "Lingkungan"
    assert kantor._kantor(str(a)).tempat_terbit == "Opsi"


def test_missing_keys_are_refused_and_listed(tmp_path):
    data = {k: v for k, v in SINTANG.items() if k not in ("faksimile", "jabatan_kepala", "nomor_berita_acara")}
    p = tmp_path / "sebagian.yaml"
    p.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(kantor.KantorError) as e:
        kantor.load_kantor(p)
    pesan = str(e.value)
    assert "kunci wajib tidak ada (3): faksimile, jabatan_kepala, nomor_berita_acara" in pesan
    assert str(p) in pesan
    # the old partial file of the issue: Kalimantan Barat's fax never comes back
    p.write_text("kop: [PEMERINTAH KABUPATEN KUBU RAYA]\ntempat_terbit: Sungai Raya\n", encoding="utf-8")
    with pytest.raises(kantor.KantorError, match="faksimile"):
        kantor.load_kantor(p)


def test_a_hash_is_never_the_number(tmp_path):
    p = tulis_profil(tmp_path, nomor_sertifikat="518/{kode}/{tahun}")
    with pytest.raises(kantor.KantorError, match="nomor_sertifikat"):
        kantor.load_kantor(p)
    p = tulis_profil(tmp_path, nomor_sertifikat="518/{tahun}")
    with pytest.raises(kantor.KantorError, match=r"\{urut\}"):
        kantor.load_kantor(p)


def test_other_office_has_no_kalimantan_barat(tmp_path):
    k = kantor.load_kantor(tulis_profil(tmp_path))
    h = hasil()
    for html in (render.certificate_html(h, k), render.minutes_html(h, k)):
        assert "Kalimantan Barat" not in html.replace(h.identitas["provinsi"], "")
        assert "Pontianak" not in html.replace("Kota Pontianak", "").replace("Gajah Mada Nomor 12, Pontianak", "")
        assert "PEMERINTAH KABUPATEN SINTANG" in html and "CONTOH — bukan" not in html
    assert "Sintang, 15 Mei 2026" in render.certificate_html(h, k)


def test_example_profile_is_marked_as_example():
    k = kantor.kantor_contoh()
    assert k.contoh and not k.resmi and k.kunci_publik
    assert "CONTOH — bukan dokumen resmi" in render.certificate_html(hasil(), k, nomor="1")


# ------------------------------------------------------------------------------------ logo
def test_logo_is_embedded_and_limited(tmp_path):
    png = tmp_path / "lambang.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    k = kantor.load_kantor(tulis_profil(tmp_path, logo="lambang.png"))
    assert k.logo_bytes() == (png.read_bytes(), "image/png")
    assert 'class="logo"' in render.certificate_html(hasil(), k, nomor="1")
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (kantor.LOGO_MAKS + 1))
    with pytest.raises(kantor.KantorError, match="terlalu besar"):
        k.logo_bytes()
    (tmp_path / "lambang.gif").write_bytes(b"GIF89a")
    with pytest.raises(kantor.KantorError, match="PNG atau SVG"):
        kantor.load_kantor(tulis_profil(tmp_path, logo="lambang.gif")).logo_bytes()


# ---------------------------------------------------------------------------------- agenda
def test_agenda_numbers_per_office_and_year(tmp_path):
    k = kantor.load_kantor(tulis_profil(tmp_path))
    lain = kantor.load_kantor(tulis_profil(tmp_path / ".." / tmp_path.name, nama="Kantor Lain"))
    a = Agenda(tmp_path / "agenda.sqlite", k)
    mei = dt.date(2026, 5, 15)
    assert a.nomor_untuk("h1", mei) == "500.3/001/DKUKM-STG/2026"
    assert a.nomor_untuk("h2", mei) == "500.3/002/DKUKM-STG/2026"
    assert a.nomor_untuk("h1", dt.date(2026, 12, 1)) == "500.3/001/DKUKM-STG/2026"   # reissued: same number
    assert a.nomor_untuk("h3", dt.date(2027, 1, 2)) == "500.3/001/DKUKM-STG/2027"    # a new year starts at 1
    assert Agenda(tmp_path / "agenda.sqlite", lain).urut_untuk("h9", mei) == 1       # another office
    assert a.urut_untuk("h4", mei) == 3


def test_register_beside_profile_and_reissue_reuses_number(tmp_path):
    p = tulis_profil(tmp_path)
    k = kantor.load_kantor(p)
    assert jalur_agenda(k) == tmp_path / "sintang.agenda.sqlite"
    h = hasil()
    html = render.certificate_html(h, k)
    assert "Nomor: 500.3/001/DKUKM-STG/2026" in html
    assert "Nomor: 500.3/001/DKUKM-STG/2026" in render.certificate_html(h, k)         # same result
    assert "500.3/BA-001/2026" in render.minutes_html(h, k)                           # its minutes
    assert h.kode_verifikasi() not in html.split("Nomor:")[1][:60]
    assert "Nomor: 77/KHUSUS" in render.certificate_html(h, k, nomor="77/KHUSUS")   # --nomor
    ubah = h.model_copy(update={"nilai_akhir": h.nilai_akhir - 1})
    assert "Nomor: 500.3/002/DKUKM-STG/2026" in render.certificate_html(ubah, k)


# ------------------------------------------------------------------------------ init, kunci
def test_kantor_init_and_kunci(tmp_path, capsys):
    p = tmp_path / "kantor.yaml"
    assert main(["kantor", "init", str(p)]) == 0
    assert main(["kantor", "init", str(p)]) == 1                       # never overwritten
    with pytest.raises(kantor.KantorError, match="nama"):               # still to be filled
        kantor.load_kantor(p)
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    assert set(kantor.KUNCI_WAJIB) <= set(data)
    p.write_text(yaml.safe_dump(data | SINTANG), encoding="utf-8")
    assert main(["kantor", "kunci", str(p)]) == 0
    assert main(["kantor", "kunci", str(p)]) == 1                      # an existing key is kept
    k = kantor.load_kantor(p)
    privat = tmp_path / "kantor.kunci"
    assert k.kunci_privat == "kantor.kunci" and k.jalur(k.kunci_privat) == privat
    assert stat.S_IMODE(os.stat(privat).st_mode) == 0o600
    assert "PRIVATE KEY" not in p.read_text(encoding="utf-8")          # the private key stays out
    assert (tmp_path / "kantor.pub").read_text().strip() == k.kunci_publik
