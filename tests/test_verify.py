"""Signed, verifiable documents (spec documents.md "Verification"; issue 12 items 4-5).

A forger without the office's private key can change the text and re-render, but can only copy the
genuine signature: ``verify`` must then answer TIDAK COCOK naming the field. Expected field names
are the labels the certificate prints; values are changed by hand in the tests."""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path
from xml.dom.minidom import parseString

import pytest
import yaml
from pypdf import PdfReader

import kesehatan_koperasi as kk
from kesehatan_koperasi.cli import main
from kesehatan_koperasi.outputs import tanda_tangan as tt
from kesehatan_koperasi.outputs.pdf import kantor, render
from kesehatan_koperasi.outputs.verify import verify

from .test_kantor import SINTANG

WORKSHEETS = Path(__file__).resolve().parents[1] / "worksheets"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("verifikasi")
    for nama in ("sintang", "lain"):
        pem, pub = tt.buat_kunci()
        (d / f"{nama}.kunci").write_bytes(pem)
        (d / f"{nama}.pub").write_text(pub + "\n")
        profil = SINTANG | {"kunci_publik": pub, "kunci_privat": f"{nama}.kunci", "agenda": f"{nama}.sqlite",
                            "pades": None}
        (d / f"{nama}.yaml").write_text(yaml.safe_dump(profil, allow_unicode=True), encoding="utf-8")
    return d


@functools.cache
def hasil() -> kk.Hasil:
    return kk.assess(kk.KertasKerja.model_validate_json((WORKSHEETS / "contoh-ksp-sehat.json").read_text("utf-8")))


@pytest.fixture(scope="module")
def asli(folder):
    """The genuine certificate and minutes of the Sintang office, and hasil.json."""
    k = kantor.load_kantor(folder / "sintang.yaml")
    (folder / "sertifikat.pdf").write_bytes(render.certificate_pdf(hasil(), k))
    (folder / "berita-acara.pdf").write_bytes(render.minutes_pdf(hasil(), k))
    (folder / "hasil.json").write_bytes(tt.hasil_bytes(hasil()))
    return folder


def _lampiran(pdf: Path) -> dict[str, bytes]:
    return {n: v[0] for n, v in PdfReader(str(pdf)).attachments.items()}


def _palsu(asli_pdf: Path, h: kk.Hasil, k: kantor.Kantor, monkeypatch) -> bytes:
    """A re-rendered certificate of ``h`` carrying the genuine document's signature (the forger has
    no private key, so he copies the genuine signature attachment)."""
    tanda = json.loads(_lampiran(asli_pdf)[tt.BERKAS_TANDA_TANGAN])

    def salin(hasil, kantor_, ctx, jenis):
        ctx["qr"], ctx["id_kunci"], ctx["_lampiran"] = None, tanda["payload"]["kunci"], tanda

    monkeypatch.setattr(render, "_tanda_tangan", salin)
    return render.certificate_pdf(h, k, nomor=tanda["payload"]["rantai"][0][1][0][2])


def test_genuine_certificate_and_minutes_pass(asli):
    pub = asli / "sintang.pub"
    for dok in ("sertifikat.pdf", "berita-acara.pdf"):
        ok, pesan = verify(asli / dok, kunci_publik=pub)
        assert ok, pesan
        assert pesan.startswith("COCOK") and "Kabupaten Sintang" in pesan and "CONTOH" not in pesan
        ok, pesan = verify(asli / dok, asli / "hasil.json", kunci_publik=pub)
        assert ok and "dinilai ulang" in pesan, pesan


@pytest.mark.parametrize("ubah, medan", [
    ({"nama_koperasi": "Koperasi Simpan Pinjam Sejahtera Bersama Abadi"}, "nama koperasi"),   # a suffix added
    ({"nik": "6100002026000001"}, "Nomor Induk Koperasi (NIK)"),
])
def test_forged_identity_fails_naming_the_field(asli, monkeypatch, ubah, medan):
    h = hasil()
    palsu = h.model_copy(update={"identitas": h.identitas | ubah})
    p = asli / "palsu.pdf"
    p.write_bytes(_palsu(asli / "sertifikat.pdf", palsu, kantor.load_kantor(asli / "sintang.yaml"), monkeypatch))
    ok, pesan = verify(p, kunci_publik=asli / "sintang.pub")
    assert not ok
    assert pesan.startswith(f"TIDAK COCOK: {medan} yang tercetak"), pesan


def test_forged_score_fails_naming_the_aspect(asli, monkeypatch):
    h = hasil()
    aspek = [a.model_copy(update={"skor": a.skor + 10}) if a.kode == "C" else a for a in h.aspek]
    palsu = h.model_copy(update={"aspek": aspek})
    p = asli / "palsu-skor.pdf"
    p.write_bytes(_palsu(asli / "sertifikat.pdf", palsu, kantor.load_kantor(asli / "sintang.yaml"), monkeypatch))
    ok, pesan = verify(p, kunci_publik=asli / "sintang.pub")
    assert not ok and pesan.startswith("TIDAK COCOK: skor aspek C yang tercetak"), pesan


def test_other_key_fails_and_the_key_inside_is_not_trusted(asli, monkeypatch):
    ok, pesan = verify(asli / "sertifikat.pdf", kunci_publik=asli / "lain.pub")
    assert not ok and "tidak dibuat dengan kunci yang dipercaya" in pesan
    # without --kunci-publik and without a configured profile: only the example key is trusted,
    # although the document carries its own public key
    monkeypatch.delenv("KK_KANTOR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(asli / "kosong"))
    assert json.loads(_lampiran(asli / "sertifikat.pdf")[tt.BERKAS_TANDA_TANGAN])["kunci_publik"]
    ok, pesan = verify(asli / "sertifikat.pdf")
    assert not ok and "tidak dibuat dengan kunci yang dipercaya" in pesan
    # the configured profile's key is trusted
    monkeypatch.setenv("KK_KANTOR", str(asli / "sintang.yaml"))
    assert verify(asli / "sertifikat.pdf")[0]


def test_other_result_fails(asli, tmp_path):
    lain = kk.assess(kk.KertasKerja.model_validate_json(
        (WORKSHEETS / "contoh-ksp-dalam-pengawasan-khusus.json").read_text("utf-8")))
    (tmp_path / "hasil.json").write_bytes(tt.hasil_bytes(lain))
    ok, pesan = verify(asli / "sertifikat.pdf", tmp_path / "hasil.json", kunci_publik=asli / "sintang.pub")
    assert not ok and "bukan hasil yang ditandatangani" in pesan


def test_qr_decodes_to_the_signed_payload(asli, tmp_path):
    for dok, halaman in (("sertifikat.pdf", 1), ("berita-acara.pdf", 2)):
        png = tmp_path / dok
        subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", str(halaman), "-l", str(halaman), "-singlefile",
                        str(asli / dok), str(png)], check=True)
        keluar = subprocess.run(["zbarimg", "-q", "--raw", str(png) + ".png"], capture_output=True, check=True)
        payload, ttd = tt.baca_token(keluar.stdout.decode("utf-8"))
        tanda = json.loads(_lampiran(asli / dok)[tt.BERKAS_TANDA_TANGAN])
        assert payload == tanda["payload"] and ttd == tanda["tanda_tangan"]
        pub = tt.baca_kunci_publik((asli / "sintang.pub").read_text())
        assert tt.sah(payload, ttd, pub)
        assert payload["hasil"] == tt.sidik((asli / "hasil.json").read_bytes())
        assert payload["aturan"][2] == hasil().aturan.sidik


def test_pdfa_tagged_with_attachments(asli):
    for dok in ("sertifikat.pdf", "berita-acara.pdf"):
        info = subprocess.run(["pdfinfo", str(asli / dok)], capture_output=True, text=True, check=True).stdout
        assert "Tagged:          yes" in info
        daftar = subprocess.run(["pdfdetach", "-list", str(asli / dok)], capture_output=True, text=True,
                                check=True).stdout
        assert "hasil.json" in daftar and "tanda-tangan.json" in daftar
        meta = subprocess.run(["pdfinfo", "-meta", str(asli / dok)], capture_output=True, text=True, check=True).stdout
        assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="U"' in meta
        assert "Koperasi Simpan Pinjam Sejahtera Bersama" in meta
        # XMP in Indonesian: the language and the title as an "id" alternative, well-formed
        xmp = parseString(meta[meta.index("<x:xmpmeta"):meta.index("</x:xmpmeta>") + len("</x:xmpmeta>")])
        bahasa = [li.firstChild.data for el in xmp.getElementsByTagName("dc:language")
                  for li in el.getElementsByTagName("rdf:li")]
        assert bahasa == ["id"]
        judul = {li.getAttribute("xml:lang") for el in xmp.getElementsByTagName("dc:title")
                 for li in el.getElementsByTagName("rdf:li")}
        assert judul == {"x-default", "id"}
        assert _lampiran(asli / dok)["hasil.json"] == (asli / "hasil.json").read_bytes()


def test_minutes_qr_is_one_vector_form_on_every_page(asli):
    """Issue 15 item 2: the QR code of the minutes is written once, a Form XObject (vector, not an
    image) that every page paints, and it decodes on the last page as on the second."""
    halaman = PdfReader(str(asli / "berita-acara.pdf")).pages
    assert len(halaman) > 2
    dipakai = []
    for p in halaman:
        xo = p["/Resources"].get_object().get("/XObject", {})
        nama = [n for n, v in xo.items() if v.get_object().get("/Subtype") == "/Form"]
        isi = p.get_contents().get_data()
        dipakai.append({xo.raw_get(n).idnum for n in nama if f"{n} Do".encode() in isi})
    assert all(len(d) == 1 for d in dipakai) and len(set.union(*dipakai)) == 1, dipakai
    png = asli / "akhir"
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", str(len(halaman)), "-l", str(len(halaman)),
                    "-singlefile", str(asli / "berita-acara.pdf"), str(png)], check=True)
    keluar = subprocess.run(["zbarimg", "-q", "--raw", str(png) + ".png"], capture_output=True, check=True)
    assert tt.baca_token(keluar.stdout.decode("utf-8"))[0]["dokumen"] == "berita_acara"


def test_cli_verify_exit_codes(asli, capsys):
    pub = str(asli / "sintang.pub")
    assert main(["verify", str(asli / "sertifikat.pdf"), "--kunci-publik", pub]) == 0
    assert main(["verify", str(asli / "berita-acara.pdf"), "--hasil", str(asli / "hasil.json"),
                 "--kunci-publik", pub]) == 0
    assert main(["verify", str(asli / "sertifikat.pdf"), "--kunci-publik", str(asli / "lain.pub")]) == 1
    assert "TIDAK COCOK" in capsys.readouterr().out


def test_unsigned_document_is_not_genuine(tmp_path, monkeypatch):
    monkeypatch.delenv("KK_KANTOR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    p = tmp_path / "tanpa.pdf"
    p.write_bytes(render.certificate_pdf(hasil()))
    ok, pesan = verify(p)
    assert not ok and "tidak memuat tanda tangan" in pesan


def test_pades_signature_with_a_certificate_made_here(folder, tmp_path):
    """The optional PAdES signature: a self-signed certificate (made in the test) in PKCS#12."""
    import datetime as dt

    pytest.importorskip("pyhanko")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.reader import PdfFileReader

    kunci = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    nama = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Dinas Koperasi Kabupaten Sintang (uji)")])
    mulai = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    sert = (x509.CertificateBuilder().subject_name(nama).issuer_name(nama).public_key(kunci.public_key())
            .serial_number(1).not_valid_before(mulai).not_valid_after(mulai + dt.timedelta(days=3650))
            .sign(kunci, hashes.SHA256()))
    (tmp_path / "kantor.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"uji", kunci, sert, None, serialization.BestAvailableEncryption(b"rahasia")))
    profil = yaml.safe_load((folder / "sintang.yaml").read_text(encoding="utf-8"))
    profil |= {"pades": {"pkcs12": str(tmp_path / "kantor.p12"), "sandi_env": "KK_UJI_SANDI"},
               "kunci_privat": str(folder / "sintang.kunci"), "agenda": str(tmp_path / "agenda.sqlite")}
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(profil, allow_unicode=True), encoding="utf-8")
    import os

    os.environ["KK_UJI_SANDI"] = "rahasia"
    try:
        data = render.certificate_pdf(hasil(), kantor.load_kantor(tmp_path / "p.yaml"))
    finally:
        del os.environ["KK_UJI_SANDI"]
    r = PdfFileReader(io_bytes(data))
    assert [s.field_name for s in r.embedded_signatures] == ["TandaTanganKantor"]
    assert r.embedded_signatures[0].signer_cert.subject.human_friendly.endswith("(uji)")
    (tmp_path / "s.pdf").write_bytes(data)
    ok, pesan = verify(tmp_path / "s.pdf", kunci_publik=folder / "sintang.pub")   # the printed fields still verify
    assert ok, pesan


def io_bytes(data: bytes):
    import io

    return io.BytesIO(data)
