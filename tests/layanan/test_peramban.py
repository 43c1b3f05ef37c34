"""A real browser against the running service (issue 13): Debian's chromium, headless, through
selenium, against uvicorn on a free loopback port. An examiner logs in, uploads a worksheet with
mistakes and reads the problems, uploads the fixed one; the penandatangan approves and downloads
the certificate; the verification page its QR code names (decoded from the PDF with pdftoppm +
zbarimg when present, else the code on the record) says the signature is valid.

Screenshots of each page go to the folder ``$KK_TANGKAPAN`` when it is set.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .bantu import SANDI, baik, salah
from .conftest import tambah
from .postgres import port_bebas

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
                                reason="chromium dan chromium-driver Debian tidak terpasang")


@pytest.fixture
def server(tmp_path):
    db = f"sqlite:///{tmp_path / 'layanan.sqlite'}"
    tambah(db, "siti", "pemeriksa")
    tambah(db, "kadis", "penandatangan")
    port = port_bebas()
    alamat = f"http://127.0.0.1:{port}"
    env = os.environ | {"KK_DB": db, "KK_KANTOR": "contoh", "KK_LAMAN": alamat}
    proses = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory",
                               "kesehatan_koperasi.layanan.jalankan:app_dari_lingkungan",
                               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(200):
        try:
            urllib.request.urlopen(alamat + "/verifikasi", timeout=1)
            break
        except OSError:
            if proses.poll() is not None:
                pytest.fail(f"uvicorn berhenti: {proses.stdout.read().decode(errors='replace')}")
            time.sleep(0.1)
    yield alamat
    proses.terminate()
    proses.wait(10)


@pytest.fixture
def peramban(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    opsi = webdriver.ChromeOptions()
    opsi.binary_location = CHROMIUM
    for f in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1600",
              f"--user-data-dir={tmp_path / 'profil'}"):
        opsi.add_argument(f)
    unduhan = tmp_path / "unduhan"
    unduhan.mkdir()
    opsi.add_experimental_option("prefs", {"download.default_directory": str(unduhan), "download.prompt_for_download": False})
    d = webdriver.Chrome(options=opsi, service=Service(CHROMEDRIVER))
    d.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(unduhan)})
    d.implicitly_wait(5)
    d.unduhan = unduhan
    yield d
    d.quit()


def _tangkap(d, nama: str) -> None:
    folder = os.environ.get("KK_TANGKAPAN")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        d.set_window_size(1280, 800)
        tinggi = d.execute_script("return document.documentElement.scrollHeight")
        d.set_window_size(1280, min(max(int(tinggi), 800), 6000))
        d.save_screenshot(str(Path(folder) / f"{nama}.png"))


def _masuk(d, alamat: str, nama: str) -> None:
    from selenium.webdriver.common.by import By

    d.get(alamat + "/masuk")
    d.find_element(By.ID, "nama").send_keys(nama)
    d.find_element(By.ID, "sandi").send_keys(SANDI)
    d.find_element(By.ID, "tombol-masuk").click()
    assert d.find_element(By.ID, "tabel-register")


def _keluar(d) -> None:
    """Log out and wait for the logout's redirect to land: a navigation started before it would
    otherwise be overtaken by the redirect to /masuk."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    d.find_element(By.CSS_SELECTOR, "header form button").click()
    WebDriverWait(d, 30).until(lambda d: d.current_url.endswith("/masuk"))


def _unggah(d, alamat: str, path: Path) -> None:
    from selenium.webdriver.common.by import By

    d.get(alamat + "/unggah")
    d.find_element(By.ID, "berkas").send_keys(str(path))
    d.find_element(By.ID, "tombol-unggah").click()


def _tunggu_berkas(folder: Path, nama: str) -> Path:
    for _ in range(100):
        p = folder / nama
        if p.exists() and not list(folder.glob("*.crdownload")):
            return p
        time.sleep(0.1)
    raise AssertionError(f"{nama} tidak terunduh: {list(folder.iterdir())}")


def test_examiner_to_verification_in_a_real_browser(server, peramban, tmp_path):
    from selenium.webdriver.common.by import By

    from kesehatan_koperasi.outputs.verify import verify
    from kesehatan_koperasi.worksheet import layout as L

    d = peramban
    _masuk(d, server, "siti")
    _tangkap(d, "01-register-kosong")
    d.get(server + "/templat")
    _tangkap(d, "02-kertas-kerja-kosong")
    keliru = tmp_path / "kertas kerja keliru.xlsx"
    keliru.write_bytes(salah())
    _unggah(d, server, keliru)
    baris = d.find_elements(By.CSS_SELECTOR, "#daftar-masalah tr")[1:]
    sel = {(b.find_elements(By.TAG_NAME, "td")[1].text, b.find_elements(By.TAG_NAME, "td")[3].text):
           b.find_elements(By.TAG_NAME, "td")[2].text for b in baris}
    assert sel[(L.IDENTITAS, "nik")].startswith("C") and (L.NERACA, "bank_lalu") in sel
    assert d.find_element(By.ID, "unduh-bertanda")
    _tangkap(d, "03-masalah")
    benar = tmp_path / "kertas kerja.xlsx"
    benar.write_bytes(baik())
    _unggah(d, server, benar)
    assert d.find_element(By.ID, "status").text == "Draf"
    assert not d.find_elements(By.ID, "tombol-setujui")           # an examiner cannot approve
    halaman = d.current_url
    _tangkap(d, "04-hasil-draf")
    _keluar(d)

    _masuk(d, server, "kadis")
    d.get(halaman)
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    tombol = d.find_element(By.ID, "tombol-setujui")
    tombol.click()                                   # rendering and signing take a few seconds
    WebDriverWait(d, 120).until(EC.staleness_of(tombol))
    WebDriverWait(d, 30).until(EC.text_to_be_present_in_element((By.ID, "status"), "Terbit"))
    nomor = d.find_element(By.ID, "nomor").text
    kode = d.find_element(By.ID, "kode").text
    _tangkap(d, "05-hasil-terbit")
    d.find_element(By.ID, "unduh-sertifikat").click()
    pdf = _tunggu_berkas(d.unduhan, "sertifikat.pdf")
    ok, pesan = verify(pdf)
    assert ok, pesan

    tujuan = f"{server}/verifikasi/{kode}"
    if shutil.which("pdftoppm") and shutil.which("zbarimg"):
        subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "hal")], check=True)
        png = next(tmp_path.glob("hal*.png"))
        isi = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, check=True).stdout.strip()
        assert isi.startswith(f"{server}/verifikasi#KK1."), isi[:80]
        tujuan = isi
    d.get(server + "/register")
    _tangkap(d, "06-register")
    _keluar(d)
    d.get(tujuan)                        # the QR's address: the page's script opens /verifikasi/<kode>
    for _ in range(50):
        if d.current_url.endswith(f"/verifikasi/{kode}"):
            break
        time.sleep(0.1)
    assert d.current_url.endswith(f"/verifikasi/{kode}")
    assert "SAH" in d.find_element(By.ID, "hasil-verifikasi").text and "TIDAK" not in d.find_element(By.ID, "hasil-verifikasi").text
    assert d.find_element(By.ID, "v-nomor").text == nomor
    _tangkap(d, "07-verifikasi")
    d.get(server + "/verifikasi/0000-0000-0000")
    assert d.find_element(By.ID, "tidak-dikenal")
    _tangkap(d, "08-verifikasi-tidak-dikenal")
