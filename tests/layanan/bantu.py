"""Helpers of the web service's tests: worksheets with and without mistakes, logging in."""

from __future__ import annotations

import io
import re
from pathlib import Path

WORKSHEETS = Path(__file__).resolve().parents[2] / "worksheets"
SANDI = "kata-sandi-uji-panjang"


def baik() -> bytes:
    return (WORKSHEETS / "contoh-ksp-sehat.xlsx").read_bytes()


def model():
    import kesehatan_koperasi as kk

    return kk.KertasKerja.model_validate_json((WORKSHEETS / "contoh-ksp-sehat.json").read_text())


def _baris(ws, kunci: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == kunci)


def dengan_perubahan(ubah: dict, ws_model=None) -> bytes:
    """The example workbook with cells changed: ``{(lembar, kunci, kolom): nilai}``."""
    from kesehatan_koperasi.worksheet import build_workbook

    wb = build_workbook(ws_model or model())
    for (lembar, kunci, kolom), v in ubah.items():
        ws = wb[lembar]
        ws[f"{kolom}{_baris(ws, kunci)}"] = v
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def salah() -> bytes:
    """The example with two mistakes: a NIK too short and an amount written in words."""
    from kesehatan_koperasi.worksheet import layout as L

    return dengan_perubahan({(L.IDENTITAS, "nik", "C"): "61000", (L.NERACA, "bank", "C"): "dua juta"})


def sel_dari(ubah_lembar: str, kunci: str, kolom: str) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(baik()))
    return f"{kolom}{_baris(wb[ubah_lembar], kunci)}"


def csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "halaman tidak memuat token CSRF"
    return m.group(1)


def masuk(client, nama: str, sandi: str = SANDI) -> str:
    """Log in through the form; the CSRF token of the session."""
    r = client.get("/masuk")
    pra = re.search(r'name="pra" value="([^"]+)"', r.text).group(1)
    r = client.post("/masuk", data={"nama": nama, "sandi": sandi, "pra": pra, "lanjut": "/register"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/register", r.text
    return csrf(client.get("/register").text)


def unggah(client, token_csrf: str, isi: bytes, nama: str = "kk.xlsx", **lain):
    return client.post("/unggah", data={"csrf": token_csrf, "diterima": lain.pop("diterima", "2026-05-11"), **lain},
                       files={"berkas": (nama, isi, "application/octet-stream")}, follow_redirects=False)
