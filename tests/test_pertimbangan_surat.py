"""Surat Pertimbangan Teknis (PDF) and the command function ``perintah_pertimbangan``."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from kesehatan_koperasi.pertimbangan import muat_persyaratan, periksa_permohonan, perintah_pertimbangan
from kesehatan_koperasi.pertimbangan.excel import PERMOHONAN
from kesehatan_koperasi.pertimbangan.surat import SuratError, _fetcher, surat_html, surat_pdf

from .test_pertimbangan import permohonan
from .test_pertimbangan_excel import SURAT, _isi


def _teks(pdf: bytes) -> tuple[str, int]:
    r = PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in r.pages), len(r.pages)


def test_pdf_carries_outcome_name_failures_and_page_numbers():
    p = permohonan(surat=SURAT, jumlah_anggota_wilayah=99, dokumen={"npwp": "tidak_ada"})
    teks, n = _teks(surat_pdf(periksa_permohonan(p)))
    assert "DITOLAK" in teks and "KSP Sejahtera Bersama" in teks
    assert "99 orang" in teks and "paling sedikit 100 orang" in teks
    assert "Fotokopi Nomor Pokok Wajib Pajak" in teks
    assert f"Halaman 1 dari {n}" in teks and f"Halaman {n} dari {n}" in teks
    assert "518/123/DISKOPUKM.C/2024" in teks and "13 Juni 2024" in teks


def test_html_accepted_outcome_escapes_names():
    nama = "KSP <b>Maju</b> & Jaya"
    p = permohonan(surat=SURAT, koperasi=dict(nama_koperasi=nama, jenis="KSP", alamat="Jl. A",
                                              kabupaten_kota="Kota Pontianak"))
    html = surat_html(periksa_permohonan(p))
    assert "DITERIMA" in html and "DITOLAK" not in html
    assert "KSP &lt;b&gt;Maju&lt;/b&gt; &amp; Jaya" in html and "<b>Maju</b>" not in html


def test_html_returned_outcome_lists_holidays():
    p = permohonan(surat=SURAT.model_copy(update={"tanggal": dt.date(2024, 5, 27)}),
                   diterima=dt.datetime(2024, 5, 21, 9, 0), tanggal_iusp=dt.date(2021, 1, 1),
                   dokumen={"bukti_kantor": "tidak_ada"})
    html = surat_html(periksa_permohonan(p))
    assert "DIKEMBALIKAN" in html and "Bukti kepemilikan" in html
    assert "Selasa, 28 Mei 2024" in html and "Waisak" in html and "Cuti Bersama" in html


def test_letter_needs_number_date_and_signatory():
    with pytest.raises(SuratError, match="nomor surat"):
        surat_html(periksa_permohonan(permohonan()))


def test_fetcher_refuses_anything_outside_the_package(tmp_path):
    f = _fetcher()
    (tmp_path / "x.css").write_text("body{}")
    for url in ("https://example.com/a.css", (tmp_path / "x.css").as_uri(), "file:///etc/passwd"):
        with pytest.raises(ValueError, match="ditolak"):
            f.fetch(url)


def test_command_writes_json_and_pdf(tmp_path, capsys):
    p = permohonan(surat=SURAT, modal_kerja=2_499_999_999)
    path = _isi(tmp_path, p)
    out = tmp_path / "keluar"
    assert perintah_pertimbangan(str(path), str(out), None) == 0
    data = json.loads((out / "hasil-permohonan.json").read_text(encoding="utf-8"))
    assert data["keputusan"] == "ditolak"
    assert data["syarat_gagal"][0]["ditemukan"] == "Rp 2.499.999.999"
    assert data["tenggat"]["pertimbangan_teknis"] == "2024-06-13"
    teks, _ = _teks((out / "surat-pertimbangan.pdf").read_bytes())
    assert "DITOLAK" in teks and "KSP Sejahtera Bersama" in teks
    err = capsys.readouterr().err
    assert "Keputusan: DITOLAK" in err and "Rp 2.500.000.000" in err


def test_command_input_problem_exit_1(tmp_path, capsys):
    path = _isi(tmp_path, permohonan(surat=SURAT), {(PERMOHONAN, "tanggal_diterima", "C"): "kemarin"})
    assert perintah_pertimbangan(str(path), str(tmp_path / "o"), None) == 1
    err = capsys.readouterr().err
    assert "lembar 'Permohonan', sel C" in err and "bukan tanggal" in err
    assert not (tmp_path / "o" / "hasil-permohonan.json").exists()


def test_command_health_result_from_hasil_json(tmp_path, capsys):
    import kesehatan_koperasi as kk
    from kesehatan_koperasi.contoh import kertas_kerja, koperasi
    from kesehatan_koperasi.pertimbangan.perintah import _ganti_hasil_kesehatan

    hasil = kk.assess(kertas_kerja(koperasi(1, seed=3)))
    (tmp_path / "hasil.json").write_text(hasil.to_json(), encoding="utf-8")
    tgl = hasil.kertas_kerja.pemeriksaan.tanggal_selesai_pemeriksaan
    p = permohonan(diterima=dt.datetime.combine(tgl, dt.time(9)) + dt.timedelta(days=30),
                   tanggal_iusp=dt.date(2000, 1, 1), tanggal_bukti_spt=tgl,
                   tahun_laporan_keuangan=[tgl.year - 2, tgl.year - 1, tgl.year],
                   koperasi=dict(nama_koperasi="KSP X", jenis="KSP", alamat="Jl. A", kabupaten_kota="Kota Pontianak"))
    q = _ganti_hasil_kesehatan(p, str(tmp_path / "hasil.json"))
    assert q.hasil_kesehatan.sumber == "hasil" and q.hasil_kesehatan.predikat == hasil.predikat
    h = periksa_permohonan(q)
    assert (h.keputusan == "diterima") is (hasil.predikat == "Sehat")


def test_signature_never_alone_on_a_page():
    """Tata Naskah Dinas: the signature block keeps the letter's last paragraph and the closing
    sentence on its page, wherever the body's length puts the page break."""
    kode = [b.kode for b in muat_persyaratan("kantor_cabang").persyaratan if b.berlaku("KSP", False)]
    halaman_ttd = set()
    for n in range(len(kode) + 1):
        for alamat in ("Jl. Gajah Mada No. 1", "Jl. Gajah Mada No. 1, " + "Kelurahan Darat Sekip, " * 12):
            p = permohonan(surat=SURAT, dokumen=dict.fromkeys(kode[:n], "tidak_ada"),
                           koperasi=dict(nama_koperasi="KSP Sejahtera Bersama", nik="6171010203040001",
                                         jenis="KSP", alamat=alamat.strip(", "), kabupaten_kota="Kota Pontianak"))
            r = PdfReader(io.BytesIO(surat_pdf(periksa_permohonan(p))))
            teks = [" ".join(pg.extract_text().split()) for pg in r.pages]
            (i,) = [i for i, t in enumerate(teks) if SURAT.penandatangan.nama in t and "Lampiran" not in t[:40]]
            assert "Demikian disampaikan" in teks[i], (n, alamat)
            assert "Jangka waktu penyelesaian" in teks[i], (n, alamat)
            halaman_ttd.add(i)
    assert len(halaman_ttd) >= 2   # the lengths tried put the signature on more than one page number
