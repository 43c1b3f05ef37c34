"""Commands of the issuing office (spec ``documents.md``, "The issuing office"; issue 12):

* ``kantor init kantor.yaml``   write a profile to fill (every key, nothing borrowed);
* ``kantor kunci kantor.yaml``  make the office's Ed25519 key pair: the private key in
  ``kantor.kunci`` beside the profile (mode 0600, never shared), the public key into the profile
  and into ``kantor.pub`` (to hand to whoever verifies);
* ``verify PDF [--hasil hasil.json] [--kunci-publik KUNCI]``  check a certificate or minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

from .umum import EXIT_INPUT, EXIT_OK, EXIT_USAGE, cetak_json, perintah

PROFIL_KOSONG = """\
# Profil kantor penerbit sertifikat dan berita acara (kesehatan-koperasi).
# Isi setiap kunci; tulis null bila kantor tidak memilikinya (mis. faksimile: null).
# Pakai dengan --kantor {nama}, atau KK_KANTOR={nama}, atau salin ke {pengguna}.

# Kop surat: baris besar dari atas ke bawah, dan lambang daerah (PNG atau SVG, paling besar 512 kB,
# jalur relatif terhadap berkas ini).
kop:
  - PEMERINTAH ...
  - DINAS ...
logo: null
nama: ""
singkatan: ""
alamat: ""
telepon: null
faksimile: null
laman: null
pos_el: null

# Tempat terbit, dicetak sebelum tanggal: "<tempat>, 15 Mei 2026".
tempat_terbit: ""

# Jabatan kepala kantor; penandatangan dengan jabatan lain menandatangani "a.n." kepala kantor.
jabatan_kepala: ""

# Nomor dari buku agenda kantor ({{urut}}: nomor urut berikutnya per tahun, {{urut:03d}}: 007).
# Tempat isian lain: {{tahun}}, {{bulan}}, {{bulan_romawi}}, {{tahun_buku}}, {{nik}}, {{jenis}}, {{kuk}}, {{singkatan}}.
nomor_sertifikat: "518/{{urut:03d}}/{{singkatan}}/{{bulan_romawi}}/{{tahun}}"
nomor_berita_acara: "518/BA-{{urut:03d}}/{{singkatan}}/{{bulan_romawi}}/{{tahun}}"

# Dasar hukum yang dicetak pada sertifikat.
dasar_hukum:
  - Peraturan Menteri Koperasi dan Usaha Kecil dan Menengah Nomor 9 Tahun 2020 tentang Pengawasan Koperasi
  - Petunjuk Teknis Deputi Bidang Perkoperasian Nomor 15 Tahun 2021 tentang Pedoman Kertas Kerja Pemeriksaan Kesehatan Koperasi

# Alamat verifikasi kantor (opsional); kode QR memuatnya bila diisi.
laman_verifikasi: null

# Buku agenda (SQLite); bawaan: <nama berkas ini>.agenda.sqlite di folder yang sama.
# agenda: agenda.sqlite

# Kunci tanda tangan: jalankan `kesehatan-koperasi kantor kunci {nama}`.

# Tanda tangan PAdES dengan sertifikat elektronik kantor (opsional):
# pades:
#   pkcs12: kantor.p12
#   sandi_env: KK_PADES_SANDI
"""


def daftar(sub: Any) -> None:
    """Register ``kantor`` and ``verify`` (one registration per command module, :mod:`.umum`)."""
    sp = perintah(sub, "kantor", perintah_kantor, "profil kantor penerbit: tulis profil kosong, atau buat kunci tanda tangan",
                  ["kantor init kantor.yaml", "kantor kunci kantor.yaml"])
    sp.add_argument("aksi", choices=("init", "kunci"))
    sp.add_argument("profil", metavar="BERKAS.yaml")
    sp.add_argument("--ganti", action="store_true", help="kantor kunci: ganti kunci yang sudah ada")
    sp = perintah(sub, "verify", perintah_verify, "periksa keaslian sertifikat atau berita acara PDF",
                  ["verify hasil/sertifikat.pdf", "verify hasil/berita-acara.pdf --hasil hasil/hasil.json",
                   "verify sertifikat.pdf --kunci-publik kantor.pub"])
    sp.add_argument("berkas", nargs="+", metavar="PDF", help="dokumen PDF (bentuk lama: hasil.json PDF)")
    sp.add_argument("--hasil", metavar="hasil.json", help="periksa juga bahwa dokumen dibuat dari hasil ini")
    sp.add_argument("--kunci-publik", metavar="KUNCI", help="percayai hanya kunci publik ini (berkas .pub)")
    sp.add_argument("--kantor", metavar="BERKAS", help="profil kantor yang kuncinya dipercaya")


def _say(s: str) -> None:
    print(s, file=sys.stderr)


def perintah_kantor(args: argparse.Namespace) -> int:
    from ..outputs.pdf.kantor import profil_pengguna

    p = Path(args.profil)
    if args.aksi == "init":
        if p.exists():
            _say(f"Berkas {p} sudah ada; tidak ditimpa.")
            return EXIT_INPUT
        from ..outputs.atomic import atomic_write_bytes

        atomic_write_bytes(p, PROFIL_KOSONG.format(nama=p.name, pengguna=profil_pengguna()).encode("utf-8"))
        _say(f"Profil kantor ditulis: {p}. Isi setiap kunci, lalu buat kunci tanda tangan: "
             f"kesehatan-koperasi kantor kunci {p}")
        return EXIT_OK
    return _kunci(p, args.ganti)


def _kunci(p: Path, ganti: bool) -> int:
    from ..outputs.atomic import atomic_write_bytes
    from ..outputs.tanda_tangan import baca_kunci_publik, buat_kunci, id_kunci

    try:
        teks = p.read_text(encoding="utf-8")
    except OSError as e:
        _say(f"Profil kantor {p} tidak dapat dibaca: {e.strerror or e}")
        return EXIT_INPUT
    privat, pub = p.with_suffix(".kunci"), p.with_suffix(".pub")
    if (privat.exists() or re.search(r"^kunci_publik:", teks, re.M)) and not ganti:
        _say(f"Profil {p} sudah memiliki kunci ({privat}); pakai --ganti untuk membuat kunci baru "
             "(dokumen lama tetap dapat diperiksa dengan kunci publik lama).")
        return EXIT_INPUT
    pem, b64 = buat_kunci()
    fd = os.open(privat, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    atomic_write_bytes(pub, (b64 + "\n").encode("ascii"))
    baris = {"kunci_publik": f'kunci_publik: "{b64}"', "kunci_privat": f"kunci_privat: {privat.name}"}
    for kunci, isi in baris.items():
        if re.search(rf"^{kunci}:.*$", teks, re.M):
            teks = re.sub(rf"^{kunci}:.*$", isi, teks, flags=re.M)
        else:
            teks = teks.rstrip("\n") + "\n" + isi + "\n"
    atomic_write_bytes(p, teks.encode("utf-8"))
    _say(f"Kunci kantor dibuat (sidik {id_kunci(baca_kunci_publik(b64))}): kunci privat {privat} (rahasia, "
         f"jangan dibagikan), kunci publik {pub} dan di profil {p}.")
    return EXIT_OK


def perintah_verify(args: argparse.Namespace) -> int:
    from ..outputs.verify import verify

    berkas = list(args.berkas)
    hasil = args.hasil
    if len(berkas) == 2 and hasil is None:          # the old form: verify hasil.json sertifikat.pdf
        json_ = [b for b in berkas if b.lower().endswith(".json")]
        if len(json_) == 1:
            hasil = json_[0]
            berkas.remove(hasil)
    if len(berkas) != 1:
        _say("kesalahan penggunaan: verify PDF [--hasil hasil.json] [--kunci-publik KUNCI]")
        return EXIT_USAGE
    ok, pesan = verify(berkas[0], hasil, kunci_publik=args.kunci_publik, kantor=args.kantor)
    if args.format == "json":
        cetak_json({"sah": ok, "berkas": berkas[0], "hasil": hasil, "pesan": pesan}
                   | ({} if ok else {"masalah": [{"pesan": pesan, "berkas": berkas[0]}]}))
    else:
        print(pesan)
    return EXIT_OK if ok else EXIT_INPUT
