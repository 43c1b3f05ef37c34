"""Synthetic cooperatives for demos, tests, notebooks and benchmarks.

:func:`koperasi` draws ``n`` cooperatives in the ``assess_frame`` layout from a seeded generator:
balanced statements for two years (the neraca balances to the rupiah, collectibility adds up to
the loans, member counts add up) and questionnaire answers, with a spread of health driven by a
latent quality per cooperative. Every amount is a whole rupiah. The generator is vectorised and
the same seed always gives the same frame.

:func:`kertas_kerja` turns one row into a :class:`~kesehatan_koperasi.model.KertasKerja` with an
examination record, for documents and worksheets.

:data:`CONTOH` and :func:`kertas_kerja_contoh` are the three filled example worksheets (the files
in the repository's ``worksheets/`` are written from them by ``scripts/buat_contoh.py``, and the
command ``kesehatan-koperasi contoh OUT.xlsx`` writes one), so an installed package has them too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from .fields import AMOUNT_NAMES, SUFFIX_LALU
from .model import DOKUMEN_PEMERIKSAAN, KertasKerja, Pemeriksaan, Penandatangan, Pengurus, Petugas
from .rules import Aturan, load_rules

_KABUPATEN = (
    ("Kota Pontianak", "Kalimantan Barat"), ("Kabupaten Kubu Raya", "Kalimantan Barat"),
    ("Kabupaten Sambas", "Kalimantan Barat"), ("Kota Singkawang", "Kalimantan Barat"),
    ("Kabupaten Sanggau", "Kalimantan Barat"), ("Kabupaten Ketapang", "Kalimantan Barat"),
    ("Kabupaten Sintang", "Kalimantan Barat"), ("Kabupaten Mempawah", "Kalimantan Barat"),
)
_NAMA_1 = ("Sejahtera", "Maju", "Mandiri", "Makmur", "Karya", "Bina", "Usaha", "Harapan", "Sumber", "Mitra")
_NAMA_2 = ("Bersama", "Jaya", "Abadi", "Sentosa", "Lestari", "Utama", "Rakyat", "Khatulistiwa", "Bahari", "Desa")


def _year(rng: np.random.Generator, n: int, ta: np.ndarray, q: np.ndarray) -> dict[str, np.ndarray]:
    """One balanced year for ``n`` cooperatives of total size ``ta`` and quality ``q`` ∈ [0, 1]."""

    def u(lo: float, hi: float) -> np.ndarray:
        return rng.uniform(lo, hi, n)

    good = q
    bad = 1.0 - q
    d: dict[str, np.ndarray] = {}
    d["kas"] = ta * u(0.005, 0.03) * (0.5 + good)
    d["bank"] = ta * u(0.02, 0.10) * (0.4 + good)
    d["deposito"] = ta * u(0.0, 0.25) * good * (u(0, 1) < 0.6)   # some keep much of their liquidity in deposits
    d["simpanan_koperasi_lain"] = ta * u(0.0, 0.03)
    d["surat_berharga"] = ta * u(0.0, 0.01) * (u(0, 1) < 0.2)
    loans = ta * u(0.60, 0.85)
    share_anggota = np.clip(u(0.55, 1.0) + 0.2 * good, 0, 1)
    d["pinjaman_anggota"] = loans * share_anggota
    d["pinjaman_calon_anggota"] = loans * (1 - share_anggota) * u(0.6, 1.0)
    d["pinjaman_koperasi_lain"] = loans * (1 - share_anggota) - d["pinjaman_calon_anggota"]
    npl = np.clip(rng.beta(1.2, 12, n) + 0.25 * bad**3, 0, 0.6)
    d["penyisihan_penghapusan_pinjaman"] = loans * npl * u(0.1, 0.9) * (0.3 + good)
    d["aset_lancar_lain"] = ta * u(0.002, 0.02)
    d["penyertaan"] = ta * u(0.0, 0.02) * (u(0, 1) < 0.3)
    d["aset_tetap"] = ta * u(0.01, 0.08)
    d["aset_lain"] = ta * u(0.0, 0.01)
    d = {k: np.round(v) for k, v in d.items()}
    loans_r = d["pinjaman_anggota"] + d["pinjaman_calon_anggota"] + d["pinjaman_koperasi_lain"]
    total = (d["kas"] + d["bank"] + d["deposito"] + d["simpanan_koperasi_lain"] + d["surat_berharga"]
             + loans_r - d["penyisihan_penghapusan_pinjaman"] + d["aset_lancar_lain"] + d["penyertaan"]
             + d["aset_tetap"] + d["aset_lain"])

    # kolektibilitas
    bermasalah = np.round(loans_r * npl)
    kl = np.round(bermasalah * u(0.3, 0.6))
    dr = np.round((bermasalah - kl) * u(0.3, 0.7))
    d["pinjaman_kurang_lancar"] = kl
    d["pinjaman_diragukan"] = dr
    d["pinjaman_macet"] = bermasalah - kl - dr
    d["pinjaman_lancar"] = loans_r - bermasalah

    # kewajiban dan ekuitas
    ekuitas = total * np.clip(u(0.06, 0.40) + 0.12 * good - 0.08 * bad, 0.02, 0.7)
    jangka_panjang = total * u(0.0, 0.15) * (0.4 + bad)
    lancar = total - ekuitas - jangka_panjang
    d["simpanan_sukarela_anggota"] = np.round(lancar * u(0.40, 0.60))
    d["simpanan_berjangka_anggota"] = np.round(lancar * u(0.20, 0.35))
    d["simpanan_calon_anggota"] = np.round(lancar * u(0.0, 0.10) * (0.3 + bad))
    d["hutang_pajak"] = np.round(lancar * u(0.001, 0.005))
    d["beban_masih_harus_dibayar"] = np.round(lancar * u(0.002, 0.01))
    d["dana_bagian_shu"] = np.round(lancar * u(0.002, 0.01))
    d["kewajiban_lancar_lain"] = np.maximum(0, np.round(lancar) - (
        d["simpanan_sukarela_anggota"] + d["simpanan_berjangka_anggota"] + d["simpanan_calon_anggota"]
        + d["hutang_pajak"] + d["beban_masih_harus_dibayar"] + d["dana_bagian_shu"]))
    jp = np.round(jangka_panjang)
    d["pinjaman_jangka_panjang"] = np.round(jp * u(0.6, 1.0))
    d["kewajiban_jangka_panjang_lain"] = jp - d["pinjaman_jangka_panjang"]
    d["simpanan_pokok"] = np.round(ekuitas * u(0.04, 0.12))
    d["simpanan_wajib"] = np.round(ekuitas * u(0.30, 0.50))
    d["modal_penyetaraan"] = np.round(ekuitas * u(0.0, 0.03) * (u(0, 1) < 0.1))
    d["modal_penyertaan"] = np.round(ekuitas * u(0.0, 0.08) * (u(0, 1) < 0.2))
    d["hibah"] = np.round(ekuitas * u(0.0, 0.05) * (u(0, 1) < 0.3))
    d["cadangan_umum"] = np.round(ekuitas * u(0.10, 0.30))
    d["cadangan_tujuan_risiko"] = np.round(ekuitas * u(0.0, 0.08))
    kewajiban = sum(d[k] for k in ("simpanan_sukarela_anggota", "simpanan_berjangka_anggota",
                                   "simpanan_calon_anggota", "hutang_pajak", "beban_masih_harus_dibayar",
                                   "dana_bagian_shu", "kewajiban_lancar_lain", "pinjaman_jangka_panjang",
                                   "kewajiban_jangka_panjang_lain"))
    d["shu_belum_dibagi"] = total - kewajiban - sum(d[k] for k in (
        "simpanan_pokok", "simpanan_wajib", "modal_penyetaraan", "modal_penyertaan", "hibah",
        "cadangan_umum", "cadangan_tujuan_risiko"))

    # perhitungan hasil usaha
    yield_ = u(0.10, 0.20)
    d["partisipasi_bruto"] = np.round(d["pinjaman_anggota"] * yield_)
    d["pendapatan_non_anggota"] = np.round((d["pinjaman_calon_anggota"] + d["pinjaman_koperasi_lain"]) * yield_
                                           + d["deposito"] * 0.04)
    d["pendapatan_lain"] = np.round(total * u(0.0, 0.005))
    d["beban_pokok"] = np.round((d["simpanan_sukarela_anggota"] + d["simpanan_berjangka_anggota"]) * u(0.03, 0.07)
                                + d["pinjaman_jangka_panjang"] * u(0.06, 0.10))
    d["beban_usaha"] = np.round(total * u(0.03, 0.07) * (0.7 + 0.6 * bad))
    d["beban_perkoperasian"] = np.round(total * u(0.003, 0.012))
    d["beban_lain"] = np.round(total * u(0.0, 0.003))
    laba = (d["partisipasi_bruto"] + d["pendapatan_non_anggota"] + d["pendapatan_lain"] - d["beban_pokok"]
            - d["beban_usaha"] - d["beban_perkoperasian"] - d["beban_lain"])
    d["pajak"] = np.round(np.maximum(laba, 0) * u(0.0, 0.1))
    # optional lines used by Perdep 06/2016
    d["pinjaman_berisiko"] = np.round(loans_r * np.clip(u(0.05, 0.35) * (0.4 + bad), 0, 1))
    d["biaya_karyawan"] = np.round(d["beban_usaha"] * u(0.3, 0.6))
    d["shu_bagian_anggota"] = np.round(np.maximum(laba - d["pajak"], 0) * u(0.3, 0.6))
    d["meppp"] = np.round(d["pinjaman_anggota"] * u(0.0, 0.02))
    return d


def koperasi(n: int, seed: int = 0, rules: str | Aturan | None = None) -> pd.DataFrame:
    """``n`` synthetic cooperatives in the ``assess_frame`` layout (seeded, vectorised).

    Parameters
    ----------
    n : int
        Number of cooperatives.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same frame.
    rules : str or Aturan
        Rule set whose questionnaire items are answered.
    """
    aturan = load_rules(rules)
    rng = np.random.default_rng(seed)
    q = rng.beta(2.2, 1.4, n)          # latent quality: most cooperatives are fine, a tail is not
    ta = np.round(np.exp(rng.normal(np.log(4e9), 1.3, n)), -3)
    growth = rng.normal(0.02 + 0.12 * q, 0.06, n)
    ini = _year(rng, n, ta, q)
    lalu = _year(rng, n, ta / (1 + growth), np.clip(q + rng.normal(0, 0.1, n), 0, 1))

    cols: dict[str, Any] = {}
    idx = np.arange(n)
    kab = rng.integers(0, len(_KABUPATEN), n)
    jenis = np.where(rng.uniform(0, 1, n) < 0.8, "KSP", "USP")
    cols["nama_koperasi"] = [f"Koperasi {'Simpan Pinjam' if j == 'KSP' else 'Serba Usaha'} "
                             f"{_NAMA_1[a]} {_NAMA_2[b]} {i + 1}"
                             for i, j, a, b in zip(idx, jenis, rng.integers(0, 10, n), rng.integers(0, 10, n))]
    cols["nik"] = [f"{6100000000000000 + seed * 1_000_000 + i:016d}"[-16:] for i in idx]
    cols["jenis"] = jenis
    cols["kabupaten_kota"] = [_KABUPATEN[k][0] for k in kab]
    cols["provinsi"] = [_KABUPATEN[k][1] for k in kab]
    cols["tahun_buku"] = np.full(n, 2025)
    for name in AMOUNT_NAMES:
        cols[name] = ini[name]
    for name in AMOUNT_NAMES:
        cols[name + SUFFIX_LALU] = lalu[name]
    for name in aturan.medan_tambahan():   # optional lines, only where the rule set uses them (tahun buku)
        cols[name] = ini[name]
    for suf, _base in (("", None), (SUFFIX_LALU, None)):
        awal = rng.integers(80, 3000, n)
        masuk = rng.binomial(awal // 5 + 1, 0.2 + 0.6 * q)
        keluar = rng.binomial(awal // 5 + 1, 0.5 - 0.3 * q)
        cols["jumlah_anggota_awal" + suf] = awal
        cols["anggota_masuk" + suf] = masuk
        cols["anggota_keluar" + suf] = keluar
        cols["jumlah_anggota_akhir" + suf] = awal + masuk - keluar
        cols["jumlah_calon_anggota" + suf] = rng.integers(0, 200, n)
    # this year opens with last year's closing members (same draws as before, so the amounts and the
    # examples chosen from them do not move)
    awal = cols["jumlah_anggota_akhir" + SUFFIX_LALU]
    cols["jumlah_anggota_awal"] = awal
    cols["anggota_keluar"] = np.minimum(cols["anggota_keluar"], awal)
    cols["jumlah_anggota_akhir"] = awal + cols["anggota_masuk"] - cols["anggota_keluar"]
    p_yes = np.clip(0.25 + 0.8 * q, 0, 0.98)
    for kode in aturan.kode_butir():
        cols[kode] = (rng.uniform(0, 1, n) < p_yes).astype(np.int8)
    return pd.DataFrame(cols)


def kertas_kerja(frame: pd.DataFrame, i: int = 0) -> KertasKerja:
    """Row ``i`` of a :func:`koperasi` frame as a complete worksheet with an examination record."""
    row = frame.iloc[[i]].copy()
    nik = str(row["nik"].iloc[0])
    tahun = int(row["tahun_buku"].iloc[0])
    row["nomor_badan_hukum"] = f"{100 + i}/BH/XIV.{i % 30 + 1}/2012"
    row["tanggal_badan_hukum"] = dt.date(2012, 3, 14)
    row["kuk"] = "II"
    row["alamat"] = f"Jalan Gajah Mada Nomor {i + 12}"
    row["tanggal_rat"] = dt.date(tahun + 1, 3, 20)
    row["tanggal_rat_lalu"] = dt.date(tahun, 3, 22)
    row["anggota_hadir_rat"] = int(row["jumlah_anggota_akhir"].iloc[0] * 0.6)
    row["anggota_hadir_rat_lalu"] = int(row["jumlah_anggota_akhir_lalu"].iloc[0] * 0.6)
    pem = Pemeriksaan(
        nomor_surat_tugas=f"800/{1200 + i}/DISKOPUKM-C/{tahun + 1}",
        tanggal_surat_tugas=dt.date(tahun + 1, 5, 6),
        tanggal_mulai_pemeriksaan=dt.date(tahun + 1, 5, 13),
        tanggal_selesai_pemeriksaan=dt.date(tahun + 1, 5, 15),
        tim_pemeriksa=[
            Petugas(nama="Rina Marlina, S.E.", nip="198503122010012015", jabatan="Pengawas Koperasi Ahli Muda"),
            Petugas(nama="Agus Setiawan, S.Sos.", nip="198807232014021003", jabatan="Pengawas Koperasi Ahli Pertama"),
        ],
        penandatangan=Penandatangan(nama="Drs. H. Yusuf Hamdani, M.Si.", nip="196905141994031006",
                              jabatan="Kepala Bidang Pengawasan Koperasi"),
        pengurus_hadir=[Pengurus(nama="Suryadi", jabatan="Ketua"), Pengurus(nama="Maria Ulfa", jabatan="Bendahara")],
        dokumen={k: ("tidak_berlaku" if bersyarat else "ada") for k, _, bersyarat in DOKUMEN_PEMERIKSAAN},
    )
    row["pemeriksaan"] = pem.model_dump_json()
    row["nik"] = nik
    return KertasKerja.from_frame(row)[0]


#: The example worksheets: file stem → (jenis, predikat wanted, name, kabupaten/kota).
CONTOH: dict[str, tuple[str, str, str, str]] = {
    "contoh-ksp-sehat": ("KSP", "Sehat", "Koperasi Simpan Pinjam Sejahtera Bersama", "Kota Pontianak"),
    "contoh-usp-cukup-sehat": ("USP", "Cukup Sehat", "Koperasi Serba Usaha Maju Mandiri (Unit Simpan Pinjam)",
                               "Kabupaten Kubu Raya"),
    "contoh-ksp-dalam-pengawasan-khusus": ("KSP", "Dalam Pengawasan Khusus", "Koperasi Simpan Pinjam Harapan Desa",
                                           "Kabupaten Sambas"),
}


def kertas_kerja_contoh(nama: str = "contoh-ksp-sehat") -> KertasKerja:
    """The filled example worksheet ``nama`` (a key of :data:`CONTOH`): the first cooperative of a
    seeded draw of the wanted jenis and predikat, without warnings, renamed. Always the same."""
    from .api import assess_frame

    if nama not in CONTOH:
        raise KeyError(f"contoh tidak dikenal: {nama!r} (pilihan: {', '.join(CONTOH)})")
    jenis, predikat, nama_kop, kab = CONTOH[nama]
    frame = _undian_contoh()
    hasil = assess_frame(frame)
    rows = hasil.index[(hasil["predikat"] == predikat) & (frame["jenis"] == jenis) & (hasil["peringatan"] == "")]
    ws = kertas_kerja(frame, int(rows[0]))
    ident = ws.identitas.model_copy(update={"nama_koperasi": nama_kop, "kabupaten_kota": kab,
                                            "alamat": ws.identitas.alamat + ", " + kab.split(" ", 1)[1]})
    return ws.model_copy(update={"identitas": ident})


def _undian_contoh() -> pd.DataFrame:
    return koperasi(4000, seed=2026)
