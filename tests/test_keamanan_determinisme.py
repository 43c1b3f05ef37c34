"""Determinism (issue 8, item 6): the same worksheet gives a byte-identical ``hasil.json`` (in the
library and through the command line, into two folders) and PDFs whose text and metadata dates are
identical and come from the examination, not from the clock."""

from __future__ import annotations

import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi.cli import main
from tests.fuzz import hostile as H


def test_to_json_is_byte_identical():
    a = kk.assess(kk.read_worksheet(H.SUMBER)).to_json()
    b = kk.assess(kk.read_worksheet(H.SUMBER)).to_json()
    assert a.encode() == b.encode()


def test_cli_assess_twice_gives_identical_hasil_json(tmp_path, capsys):
    for d in ("satu", "dua"):
        assert main(["assess", str(H.SUMBER), "--out", str(tmp_path / d), "--tanpa-dokumen"]) == 0
    capsys.readouterr()
    a, b = ((tmp_path / d / "hasil.json").read_bytes() for d in ("satu", "dua"))
    assert a == b and len(a) > 1000


def test_pdf_text_and_metadata_dates_are_deterministic(tmp_path, monkeypatch):
    pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    from kesehatan_koperasi.outputs.pdf import render_certificate, render_minutes

    hasil = kk.assess(kk.read_worksheet(H.SUMBER))
    teks, tanggal = {}, {}
    for d in ("satu", "dua"):
        for nama, f in (("sertifikat", render_certificate), ("berita-acara", render_minutes)):
            p = f(hasil, tmp_path / d / f"{nama}.pdf")
            r = pypdf.PdfReader(p)
            teks[d, nama] = "\n".join(pg.extract_text() for pg in r.pages)
            m = r.metadata or {}
            tanggal[d, nama] = (m.get("/CreationDate"), m.get("/ModDate"))
    for nama in ("sertifikat", "berita-acara"):
        assert teks["satu", nama] == teks["dua", nama]
        assert tanggal["satu", nama] == tanggal["dua", nama]
        dibuat = str(tanggal["satu", nama][0] or "")
        assert dibuat, "the PDF carries a creation date"
        # the date comes from the examination (its year), not from today
        assert str(hasil.identitas.get("tahun_buku")) in dibuat or dibuat[2:6] in {
            str(y) for y in range(int(hasil.identitas.get("tahun_buku")), int(hasil.identitas.get("tahun_buku")) + 3)}
