"""The certificate and the minutes (spec documents.md): content, pages, safety, verification.

PDFs are rendered once per module and read back with pypdf: what a person reads on paper must be
the numbers of the ``Hasil`` it was made from.
"""

from __future__ import annotations

import functools
import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.formatting import angka
from kesehatan_koperasi.inputs.budget import MAKS_TEKS
from kesehatan_koperasi.outputs import verify as verifikasi
from kesehatan_koperasi.outputs.pdf import kantor, render
from kesehatan_koperasi.result.build import hasil_from_frame

WORKSHEETS = Path(__file__).resolve().parents[1] / "worksheets"
JAHAT = '<img src="file:///etc/passwd"> {{ 7*7 }} {% raw %}'


def _hasil(nama: str) -> kk.Hasil:
    return kk.assess(kk.KertasKerja.model_validate_json((WORKSHEETS / nama).read_text(encoding="utf-8")))


@functools.cache
def hasil(kind: str) -> kk.Hasil:
    if kind == "sehat":
        return _hasil("contoh-ksp-sehat.json")
    if kind == "khusus":
        return _hasil("contoh-ksp-dalam-pengawasan-khusus.json")
    if kind == "tabel":  # from a table: no worksheet, no examination data
        frame = contoh.koperasi(3, seed=7)
        h = hasil_from_frame(frame)[0]
        assert isinstance(h, kk.Hasil) and h.kertas_kerja is None
        return h
    if kind == "ekstrem":  # very long name, unbroken token, hostile text, sixty findings
        ws = kk.KertasKerja.model_validate_json((WORKSHEETS / "contoh-ksp-sehat.json").read_text(encoding="utf-8"))
        nama = ("Koperasi Simpan Pinjam " + JAHAT + " " + "Sejahtera Bersama Makmur Jaya Abadi " * 11
                + "X" * 60)[:MAKS_TEKS]       # the longest name the model accepts (issue 17)
        pem = ws.pemeriksaan.model_copy(update={
            "temuan": {
                "A": kk.Temuan(catatan=JAHAT + "\nBaris kedua catatan.", rekomendasi="Perbaiki " * 80),
                "C.1.1.1": kk.Temuan(catatan="Catatan atas ROA " + JAHAT),
                "lain-lain": kk.Temuan(catatan="Catatan umum pemeriksa."),
            },
            "pengurus_hadir": [kk.Pengurus(nama=f"Pengurus {n} " + "Panjang " * 5, jabatan="Anggota Pengurus")
                               for n in range(1, 9)],
            "dokumen": {"akta_pendirian": "ada", "npwp": "tidak_ada", "spt_pph": "tidak_ada"},
        })
        ws = ws.model_copy(update={"identitas": ws.identitas.model_copy(update={"nama_koperasi": nama}),
                                   "pemeriksaan": pem})
        h = kk.assess(ws)
        # sixty findings: every indicator at Nilai 4 (a constructed result, as from a poor cooperative)
        ind = [i.model_copy(update={"nilai": 4, "skor": 1, "kategori": "Tidak Sehat", "temuan": True})
               for i in h.indikator]
        h = h.model_copy(update={"indikator": ind})
        assert len(h.temuan()) == 60
        return h
    raise KeyError(kind)


@functools.cache
def pdf(kind: str, dok: str) -> bytes:
    h = hasil(kind)
    return render.certificate_pdf(h) if dok == "sertifikat" else render.minutes_pdf(h)


def teks(data: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def rata(s: str) -> str:
    return re.sub(r"\s+", " ", s)


KINDS = ["sehat", "khusus", "tabel", "ekstrem"]


# ------------------------------------------------------------------------------------ content
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("dok", ["sertifikat", "berita-acara"])
def test_pdf_carries_the_numbers_of_its_result(kind, dok):
    h = hasil(kind)
    halaman = teks(pdf(kind, dok))
    semua = rata(" ".join(halaman))
    assert angka(h.nilai_akhir, 3) in semua
    assert h.predikat.upper() in semua.upper()
    for a in h.aspek:
        assert angka(a.skor, 1) in semua, a.kode
        assert a.nama in semua
    # the name (first words are enough for a name that wraps over lines)
    assert rata(h.nama_koperasi)[:40] in semua
    assert h.kode_verifikasi() in semua


@pytest.mark.parametrize("kind", KINDS)
def test_certificate_is_one_page(kind):
    assert len(teks(pdf(kind, "sertifikat"))) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_minutes_footer_on_every_page(kind):
    halaman = teks(pdf(kind, "berita-acara"))
    n = len(halaman)
    assert n >= 3
    for i, t in enumerate(halaman, start=1):
        assert f"Halaman {i} dari {n}" in t


def test_minutes_content_from_the_worksheet():
    h = hasil("khusus")
    semua = rata(" ".join(teks(pdf("khusus", "berita-acara"))))
    p = h.kertas_kerja.pemeriksaan
    assert "Pada hari ini Jumat, tanggal lima belas bulan Mei tahun dua ribu dua puluh enam (15-05-2026)" in semua
    assert p.nomor_surat_tugas in semua
    for orang in [*p.tim_pemeriksa, *p.pengurus_hadir]:
        assert orang.nama in semua
    # every finding with its band, its Sehat band and the rule file's recommendation
    for t in h.temuan():
        assert t.kode in semua
        assert rata(t.rekomendasi)[:50] in semua
    # annex: the rule set and every provisional value, with its source
    assert h.aturan.versi in semua
    for s in h.nilai_sementara:
        assert rata(s.sumber)[:12] in semua
    assert "Lampiran I" in semua and "Lampiran II" in semua


def test_minutes_lists_missing_documents_and_notes():
    semua = rata(" ".join(teks(pdf("ekstrem", "berita-acara"))))
    assert "Dokumen yang tidak ada (2): NPWP koperasi; SPT/PPh" in semua
    assert "Belum dicatat pada kertas kerja" in semua
    assert "Catatan atas ROA" in semua
    assert "Catatan umum pemeriksa." in semua
    assert "jumlah temuan: 60" in semua


def test_signatory_only_from_the_worksheet():
    h = hasil("sehat")
    semua = rata(teks(pdf("sehat", "sertifikat"))[0])
    assert h.kertas_kerja.pemeriksaan.penandatangan.nama in semua
    assert h.kertas_kerja.pemeriksaan.penandatangan.nip in semua
    # without a worksheet: no name at all, dotted blanks, and the note in the minutes
    html = render.certificate_html(hasil("tabel"))
    assert "Yusuf" not in html and "Rina" not in html
    assert 'class="kosong"' in html
    assert "tidak memuat data pemeriksaan" in render.minutes_html(hasil("tabel"))


# ---------------------------------------------------------------------------------- no overflow
def _kotak_keluar(doc) -> list[str]:
    """Text boxes whose right edge passes the right page margin (tolerance 0.5 px)."""
    from weasyprint.formatting_structure import boxes

    keluar = []
    for page in doc.pages:
        pb = page._page_box
        batas = pb.margin_width() - pb.margin_right + 0.5
        for b in pb.descendants():
            if isinstance(b, boxes.TextBox) and b.position_x + b.width > batas:
                keluar.append(b.text[:40])
    return keluar


@pytest.mark.parametrize("kind", ["ekstrem", "tabel"])
def test_no_text_outside_the_page(kind):
    h = hasil(kind)
    assert _kotak_keluar(render._dokumen(render.certificate_html(h, rapat=2))) == []
    assert _kotak_keluar(render._dokumen(render.minutes_html(h))) == []


# ---------------------------------------------------------------------------------------- safety
def test_worksheet_text_is_printed_literally():
    h = hasil("ekstrem")
    for html in (render.certificate_html(h), render.minutes_html(h)):
        assert '<img src="file:///etc/passwd">' not in html
        assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    semua = rata(" ".join(teks(pdf("ekstrem", "berita-acara"))))
    assert '<img src="file:///etc/passwd">' in semua
    assert "{{ 7*7 }}" in semua and "{% raw %}" in semua


def test_fetcher_serves_only_package_resources(tmp_path):
    f = render._url_fetcher()
    for url in ("file:///etc/passwd", "http://example.invalid/x.css", "https://example.invalid/a.png",
                render._root().as_uri() + "/../pyproject.toml", "data:text/plain,hi"):
        with pytest.raises(ValueError):
            f.fetch(url)
    ok = f.fetch(render._root().as_uri() + "/fonts/DejaVuSerif.ttf")
    assert ok.read(4) == b"\x00\x01\x00\x00"
    # end to end: a document that asks for outside resources gets none of them, and still renders
    secret = tmp_path / "rahasia.css"
    secret.write_text("body { color: red }")
    f = render._url_fetcher()
    data = render._pdf(f'<link rel="stylesheet" href="{secret.as_uri()}"><img src="file:///etc/passwd">'
                          '<img src="http://example.invalid/x.png"><p>isi</p>', f)
    assert set(f.ditolak) >= {secret.as_uri(), "file:///etc/passwd", "http://example.invalid/x.png"}
    assert "isi" in teks(data)[0]


def test_templates_autoescape_everything():
    env = render._env()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


# ------------------------------------------------------------------------------- determinism
def test_same_result_same_pdf():
    h = hasil("sehat")
    a, b = render.certificate_pdf(h), pdf("sehat", "sertifikat")
    assert teks(a) == teks(b)
    meta, meta_b = PdfReader(io.BytesIO(a)).metadata, PdfReader(io.BytesIO(b)).metadata
    assert dict(meta) == dict(meta_b)  # dates come from the examination, not the clock
    assert meta["/CreationDate"].startswith("D:20260515")
    assert meta["/ModDate"] == meta["/CreationDate"]
    assert h.kode_verifikasi() in meta["/Keywords"]


def test_minutes_deterministic():
    h = hasil("sehat")
    assert teks(render.minutes_pdf(h)) == teks(pdf("sehat", "berita-acara"))


# ------------------------------------------------------------------------------- files, office
def test_render_writes_files(tmp_path):
    h = hasil("sehat")
    s = render.render_certificate(h, tmp_path / "a" / "sertifikat.pdf")
    m = render.render_minutes(h, tmp_path / "a" / "berita-acara.pdf")
    assert s.read_bytes()[:5] == b"%PDF-" and m.read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["berita-acara.pdf", "sertifikat.pdf"]


def test_example_profile_is_the_kalimantan_barat_office():
    # values of the decree as the spec (documents.md, "The issuing office") quotes them
    k = kantor.load_kantor("contoh")
    assert k.contoh and k.kop[-1] == "DINAS KOPERASI, USAHA KECIL DAN MENENGAH"
    assert "Jalan Sutan Syahrir Nomor 5 Pontianak" in k.alamat and "78116" in k.alamat
    assert k.telepon == "(0561) 732771, 739684" and k.faksimile is None
    assert k.pos_el == "diskopukm@kalbarprov.go.id" and k.laman == "www.kalbarprov.go.id"
    assert k.tempat_terbit == "Pontianak"


@pytest.mark.parametrize("ubah, pesan", [
    ({"warna": "merah"}, "warna"),
    ({"nomor_sertifikat": "{tidak_ada}"}, "nomor_sertifikat"),
])
def test_kantor_errors_are_clear(tmp_path, ubah, pesan):
    import yaml

    from .test_kantor import SINTANG

    berkas = tmp_path / "kantor.yaml"
    berkas.write_text(yaml.safe_dump(SINTANG | ubah), encoding="utf-8")
    with pytest.raises(kk.KesehatanKoperasiError, match=pesan):
        kantor.load_kantor(berkas)
    berkas.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(kk.KesehatanKoperasiError, match="pemetaan"):
        kantor.load_kantor(berkas)
    with pytest.raises(kk.KesehatanKoperasiError, match="tidak dapat dibaca"):
        kantor.load_kantor(tmp_path / "tidak-ada.yaml")


# ------------------------------------------------------------------------------ text for people
def test_certificate_body_has_no_rule_ids_versions_or_commands():
    h = hasil("sehat")
    badan = rata(teks(pdf("sehat", "sertifikat"))[0])
    for kata in (h.aturan.nama, h.aturan.versi, "kesehatan-koperasi", "verify", "hasil.json", "sha256"):
        assert kata not in badan, kata
    meta = PdfReader(io.BytesIO(pdf("sehat", "sertifikat"))).metadata
    assert h.aturan.nama in meta["/Keywords"] and h.aturan.versi in meta["/Keywords"]   # moved to metadata


def test_signature_block_an_pangkat():
    h = hasil("sehat")
    p = h.kertas_kerja.pemeriksaan
    ttd = p.penandatangan.model_copy(update={"pangkat": "Pembina Tingkat I, IV/b"})
    h2 = h.model_copy(update={"kertas_kerja": h.kertas_kerja.model_copy(update={
        "pemeriksaan": p.model_copy(update={"penandatangan": ttd})})})
    k = kantor.load_kantor("contoh")
    html = render.certificate_html(h2, k, nomor="1")
    assert f"a.n. {k.jabatan_kepala}" in html and "Pembina Tingkat I, IV/b" in html
    # the head of office signs without a.n.
    kepala = ttd.model_copy(update={"jabatan": k.jabatan_kepala})
    h3 = h.model_copy(update={"kertas_kerja": h.kertas_kerja.model_copy(update={
        "pemeriksaan": p.model_copy(update={"penandatangan": kepala})})})
    assert "a.n." not in render.certificate_html(h3, k, nomor="1")


def _dengan_penandatangan(h, **ubah):
    p = h.kertas_kerja.pemeriksaan
    ttd = p.penandatangan.model_copy(update=ubah)
    return h.model_copy(update={"kertas_kerja": h.kertas_kerja.model_copy(update={
        "pemeriksaan": p.model_copy(update={"penandatangan": ttd})})})


def test_signature_block_ub():
    """Tata Naskah Dinas: a.n. the head, the jabatan in between, u.b., then the signer's jabatan;
    the printed (and signed) block carries every line, and the head of office cannot sign u.b."""
    h = hasil("sehat")
    k = kantor.load_kantor("contoh")
    h2 = _dengan_penandatangan(h, jabatan="Kepala Bidang Pengawasan Koperasi", untuk_beliau="Sekretaris")
    baris = rata(teks(render.certificate_pdf(h2, k, nomor="1"))[0])
    i_an, i_sek, i_ub, i_jab = (baris.index(s) for s in (f"a.n. {k.jabatan_kepala}", "Sekretaris,", "u.b.",
                                                          "Kepala Bidang Pengawasan Koperasi"))
    assert i_an < i_sek < i_ub < i_jab
    # without u.b. none of its lines
    assert "u.b." not in render.certificate_html(_dengan_penandatangan(h, jabatan="Kepala Bidang"), k, nomor="1")
    kepala = _dengan_penandatangan(h, jabatan=k.jabatan_kepala, untuk_beliau="Sekretaris")
    with pytest.raises(kantor.KantorError, match="penandatangan.untuk_beliau"):
        render.certificate_html(kepala, k, nomor="1")


def test_annex_in_plain_indonesian():
    h = hasil("sehat")
    semua = rata(" ".join(teks(pdf("sehat", "berita-acara"))))
    lampiran = semua[semua.upper().index("LAMPIRAN II. ATURAN"):]
    for s in h.nilai_sementara:             # no internal keys such as kuesioner.pita.batas
        if "." in s.kunci and not s.kunci[0].isupper():
            assert s.kunci not in lampiran
    assert ".pita." not in lampiran and "[51, [66" not in lampiran and "docs/" not in lampiran
    assert "batas 51, 66 dan 80 masuk ke pita di atasnya" in lampiran
    assert "Keterangan sumber" in lampiran
    # HD named in full (the rule set's own list of sources)
    assert "HD Aplikasi penilaian kesehatan KSP/USP buatan pihak ketiga" in lampiran
    assert "C.1.1.1" in lampiran or "B.1.1.1" in lampiran    # grouped per indicator


def test_minutes_follow_up_with_deadline():
    import datetime as dt

    h = hasil("khusus")
    p = h.kertas_kerja.pemeriksaan
    aspek = h.temuan()[0].aspek
    temuan = dict(p.temuan) | {aspek: kk.Temuan(rekomendasi="Susun rencana perbaikan", tenggat=dt.date(2026, 8, 31))}
    h2 = h.model_copy(update={"kertas_kerja": h.kertas_kerja.model_copy(update={
        "pemeriksaan": p.model_copy(update={"temuan": temuan})})})
    html = render.minutes_html(h2, nomor="1")
    bagian = html[html.index("IV. Tindak Lanjut"):html.index('class="penutup"')]
    for t in h.temuan():
        assert t.kode in bagian
    assert bagian.count("31 Agustus 2026") == sum(1 for t in h.temuan() if t.aspek == aspek)


def test_certificate_one_page_with_500_character_name_and_signatory(tmp_path, monkeypatch):
    monkeypatch.setenv("KK_AGENDA", str(tmp_path / "agenda.sqlite"))
    h = hasil("ekstrem")
    p = h.kertas_kerja.pemeriksaan
    panjang = ("Dr. " + "Muhammad Abdurrahman Wahid Syarifuddin " * 13)[:500]
    ttd = p.penandatangan.model_construct(nama=panjang, nip=p.penandatangan.nip, jabatan=("Kepala Bidang " * 40)[:200],
                                          pangkat="Pembina Utama Muda, IV/c")
    h2 = h.model_copy(update={"kertas_kerja": h.kertas_kerja.model_copy(update={
        "pemeriksaan": p.model_copy(update={"penandatangan": ttd})})})
    # the name at its budget (issue 17: names are at most MAKS_TEKS characters); the signatory
    # built past every budget (model_construct) still fits the one page
    from kesehatan_koperasi.inputs.budget import MAKS_TEKS

    assert len(h2.nama_koperasi) == MAKS_TEKS and len(h2.kertas_kerja.pemeriksaan.penandatangan.nama) == 500
    data = render.certificate_pdf(h2, "contoh")
    assert len(teks(data)) == 1
    f = tmp_path / "panjang.pdf"
    f.write_bytes(data)
    ok, pesan = verifikasi.verify(f)
    assert ok, pesan


# ------------------------------------------------------------------------------ verification
@pytest.fixture(scope="module")
def pasangan(tmp_path_factory):
    d = tmp_path_factory.mktemp("verify")
    mp = pytest.MonkeyPatch()
    mp.setenv("KK_AGENDA", str(d / "agenda.sqlite"))
    h = hasil("sehat")
    (d / "hasil.json").write_text(h.to_json() + "\n", encoding="utf-8")
    (d / "sertifikat.pdf").write_bytes(render.certificate_pdf(h, "contoh"))
    (d / "lain.pdf").write_bytes(render.certificate_pdf(hasil("khusus"), "contoh"))
    mp.undo()
    return d


def test_verify_matching_pair(pasangan):
    ok, pesan = verifikasi.verify(pasangan / "hasil.json", pasangan / "sertifikat.pdf")   # the old argument order
    assert ok, pesan
    assert pesan.startswith("COCOK") and hasil("sehat").kode_verifikasi() in pesan
    assert "dinilai ulang" in pesan and "kunci CONTOH" in pesan


def test_verify_other_certificate(pasangan):
    ok, pesan = verifikasi.verify(pasangan / "lain.pdf", pasangan / "hasil.json")
    assert not ok and pesan.startswith("TIDAK COCOK")


@pytest.mark.parametrize("ubah", ["nilai_akhir", "predikat", "indikator", "skor_konsisten"])
def test_verify_tampered_hasil(pasangan, tmp_path, ubah):
    data = json.loads((pasangan / "hasil.json").read_text(encoding="utf-8"))
    if ubah == "nilai_akhir":
        data["nilai_akhir"] = 91.0
    elif ubah == "predikat":
        data["predikat"] = "Cukup Sehat"
    elif ubah == "indikator":
        data["indikator"][0]["nilai"] = 4
    else:
        data["kertas_kerja"]["tahun_ini"]["kas"] += 1e9
        data["kertas_kerja"]["tahun_ini"]["simpanan_sukarela_anggota"] += 1e9
    p = tmp_path / "hasil.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    ok, pesan = verifikasi.verify(pasangan / "sertifikat.pdf", p)
    assert not ok, pesan
    assert "TIDAK COCOK" in pesan


def test_verify_bad_files(pasangan, tmp_path):
    (tmp_path / "rusak.pdf").write_bytes(b"bukan pdf")
    (tmp_path / "rusak.json").write_text("{}", encoding="utf-8")
    ok, pesan = verifikasi.verify(tmp_path / "rusak.pdf", pasangan / "hasil.json")
    assert not ok and "PDF" in pesan
    ok, pesan = verifikasi.verify(pasangan / "sertifikat.pdf", tmp_path / "rusak.json")
    assert not ok and "bukan hasil penilaian" in pesan
    ok, pesan = verifikasi.verify(pasangan / "sertifikat.pdf", tmp_path / "tidak-ada.json")
    assert not ok and "tidak dapat dibaca" in pesan


def test_cli_verify(pasangan):
    from kesehatan_koperasi.cli import main

    assert main(["verify", str(pasangan / "hasil.json"), str(pasangan / "sertifikat.pdf")]) == 0
    assert main(["verify", str(pasangan / "sertifikat.pdf")]) == 0
    assert main(["verify", str(pasangan / "lain.pdf"), "--hasil", str(pasangan / "hasil.json")]) == 1


def test_signature_columns_aligned():
    """Minutes: the n-th signature of the team and of the cooperative's officers stand on one line,
    although officers have no NIP line."""
    from weasyprint.formatting_structure import boxes

    doc = render._dokumen(render.minutes_html(hasil("sehat"), nomor="1"))
    kolom: dict[int, list[float]] = {}
    for n, page in enumerate(doc.pages):
        for b in page._page_box.descendants():
            el = getattr(b, "element", None)
            if isinstance(b, boxes.BlockBox) and el is not None and el.get("class") == "ttd-nama":
                kolom.setdefault(round(b.position_x), []).append((n, round(b.position_y, 1)))
    tim, pengurus = (kolom[x] for x in sorted(kolom))
    assert len(tim) == 2 and len(pengurus) == 2
    assert tim == pengurus
