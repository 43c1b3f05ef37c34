"""Validation of the input frame before any scoring (spec ``fields.md``, "Validation").

Every check is vectorised over all rows; messages are built only for the rows that fail.
The result maps a row position to its problems; a row with problems is not scored, the others
go on (spec ``api.md``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import Masalah
from ..fields import AMOUNT_FIELDS, OPTIONAL_FIELDS, SUFFIX_LALU
from ..formatting import rupiah
from ..inputs import budget as B

#: Tolerance of the balance check: max(Rp 1.000, 0,01 % of total aset).
TOLERANSI_NERACA_RP = 1000.0
TOLERANSI_NERACA_RELATIF = 0.0001
#: Tolerance of the collectibility check [Rp].
TOLERANSI_KOLEKTIBILITAS_RP = 1.0

_TAHUN = {"": "tahun buku", SUFFIX_LALU: "tahun lalu"}


def validate_amounts(
    jumlah: Mapping[str, np.ndarray], bukan_angka: Mapping[str, np.ndarray], n: int,
    tambahan: Sequence[str] = (),
) -> dict[int, list[Masalah]]:
    """Per-field checks: present, a number, finite, ≥ 0 (except those that may be negative).

    ``tambahan``: optional fields the rule set uses, checked for the tahun buku only."""
    out: dict[int, list[Masalah]] = defaultdict(list)
    cols = [(f, suf) for f in AMOUNT_FIELDS for suf in ("", SUFFIX_LALU)]
    cols += [(f, "") for f in OPTIONAL_FIELDS if f.name in tambahan]
    for f, suf in cols:
        name = f.name + suf
        x = jumlah[name]
        teks = bukan_angka.get(name)
        fine = np.isfinite(x) if f.may_be_negative else (x >= 0) & (x < np.inf)
        if teks is None and fine.all():
            continue                                  # the usual case: one pass, no message
        bukan = teks if teks is not None else np.zeros(n, dtype=bool)
        for i in np.flatnonzero(bukan):
            out[int(i)].append(Masalah("bukan angka", medan=name, diharapkan="angka rupiah"))
        for i in np.flatnonzero(np.isnan(x) & ~bukan):
            out[int(i)].append(Masalah("wajib diisi, ditemukan kosong", medan=name))
        for i in np.flatnonzero(np.isinf(x)):
            out[int(i)].append(Masalah("harus bilangan terhingga", medan=name, ditemukan=str(x[i])))
        if not f.may_be_negative:
            for i in np.flatnonzero(x < 0):
                out[int(i)].append(Masalah("tidak boleh negatif", medan=name,
                                           diharapkan="≥ 0", ditemukan=rupiah(float(x[i]))))
    return out


def validate_consistency(
    tahun: Mapping[str, Mapping[str, np.ndarray]], skip: np.ndarray
) -> dict[int, list[Masalah]]:
    """Cross-field checks per year: total aset > 0, the neraca balances, collectibility adds up.

    ``tahun`` maps the suffix (``""`` or ``"_lalu"``) to that year's amounts and derived
    quantities. Rows in ``skip`` (already failing per-field checks) are not checked again.
    A check whose inputs are not all present (NaN) is not run on that row: the worksheet reader
    passes what is filled, so an empty income line does not hide an unbalanced neraca.
    """
    out: dict[int, list[Masalah]] = defaultdict(list)
    for suf, d in tahun.items():
        label = _TAHUN[suf]
        ta = d["total_aset"]
        for i in np.flatnonzero(~skip & ~np.isnan(ta) & ~(ta > 0)):
            out[int(i)].append(Masalah(f"total aset {label} harus lebih dari nol", medan="total_aset" + suf,
                                       diharapkan="> 0", ditemukan=rupiah(ta[i])))
        pasiva = d["total_kewajiban"] + d["total_ekuitas"]
        selisih = ta - pasiva
        tol = np.maximum(TOLERANSI_NERACA_RP, TOLERANSI_NERACA_RELATIF * np.abs(ta))
        for i in np.flatnonzero(~skip & (np.abs(selisih) > tol)):
            out[int(i)].append(Masalah(
                f"neraca {label} tidak seimbang: total aset {rupiah(ta[i])}, total kewajiban dan "
                f"ekuitas {rupiah(pasiva[i])}, selisih {rupiah(selisih[i])}",
                medan="total_aset" + suf, diharapkan=f"selisih paling banyak {rupiah(tol[i])}"))
        kol = d["jumlah_kolektibilitas"]
        pd_ = d["pinjaman_diberikan"]
        for i in np.flatnonzero(~skip & (np.abs(kol - pd_) > TOLERANSI_KOLEKTIBILITAS_RP)):
            out[int(i)].append(Masalah(
                f"kolektibilitas {label} (lancar + kurang lancar + diragukan + macet = {rupiah(kol[i])}) "
                f"tidak sama dengan pinjaman diberikan ({rupiah(pd_[i])})",
                medan="pinjaman_lancar" + suf, diharapkan="selisih paling banyak Rp 1"))
    return out


def validate_members(anggota: Mapping[str, np.ndarray]) -> dict[int, list[Masalah]]:
    """Member counts, where given: whole numbers ≥ 0, ``awal + masuk − keluar = akhir``, and no
    more members at the RAT (``anggota_hadir_rat``) than members at the year's end."""
    out: dict[int, list[Masalah]] = defaultdict(list)
    for name, x in anggota.items():
        fine = (x >= 0) & (np.floor(x) == x)          # NaN (not given) fails both: checked below
        if fine.all():
            continue                                  # the usual case: no message
        bad = ~fine & ~np.isnan(x)
        for i in np.flatnonzero(bad):
            out[int(i)].append(Masalah("harus bilangan bulat ≥ 0", medan=name, ditemukan=f"{x[i]:g}"))
    for suf in ("", SUFFIX_LALU):
        keys = [k + suf for k in ("jumlah_anggota_awal", "anggota_masuk", "anggota_keluar", "jumlah_anggota_akhir")]
        if not all(k in anggota for k in keys):
            continue
        awal, masuk, keluar, akhir = (anggota[k] for k in keys)
        hitung = awal + masuk - keluar
        for i in np.flatnonzero(~np.isnan(hitung) & ~np.isnan(akhir) & (hitung != akhir)):
            out[int(i)].append(Masalah(
                f"jumlah anggota {_TAHUN[suf]} tidak cocok: awal + masuk − keluar = {hitung[i]:g}",
                medan=keys[3], diharapkan=f"{hitung[i]:g}", ditemukan=f"{akhir[i]:g}"))
        hadir_k, akhir_k = "anggota_hadir_rat" + suf, "jumlah_anggota_akhir" + suf
        if hadir_k in anggota and akhir_k in anggota:
            hadir, akhir = anggota[hadir_k], anggota[akhir_k]
            for i in np.flatnonzero(~np.isnan(hadir) & ~np.isnan(akhir) & (hadir > akhir)):
                out[int(i)].append(Masalah(
                    f"anggota hadir RAT ({hadir[i]:g}) lebih banyak dari jumlah anggota akhir {_TAHUN[suf]} "
                    f"({akhir[i]:g})", medan=hadir_k, diharapkan=f"paling banyak {akhir[i]:g}",
                    ditemukan=f"{hadir[i]:g}"))
    return out


def validate_answers(jawaban: Mapping[str, np.ndarray]) -> dict[int, list[Masalah]]:
    """Every questionnaire item answered 1 (Terpenuhi) or 0 (Tidak Terpenuhi), nothing else."""
    out: dict[int, list[Masalah]] = defaultdict(list)
    for kode, x in jawaban.items():
        if x.dtype.kind in "iu" and x.dtype.itemsize == 1:
            if not (x.view(np.uint8) > 1).any():      # int8 0/1 (the usual case): one pass, no message
                continue
        elif x.dtype.kind in "fiu" and ((x == 0) | (x == 1)).all():
            continue
        kosong = np.isnan(x) if x.dtype.kind == "f" else np.zeros(x.shape, dtype=bool)
        for i in np.flatnonzero(kosong):
            out[int(i)].append(Masalah("butir belum dijawab", medan=kode,
                                       diharapkan="1 (Terpenuhi) atau 0 (Tidak Terpenuhi)"))
        for i in np.flatnonzero(~kosong & (x != 0) & (x != 1)):
            out[int(i)].append(Masalah("jawaban tidak sah", medan=kode,
                                       diharapkan="1 (Terpenuhi) atau 0 (Tidak Terpenuhi)", ditemukan=f"{x[i]:g}"))
    return out


def merge(*parts: Mapping[int, list[Masalah]]) -> dict[int, list[Masalah]]:
    out: dict[int, list[Masalah]] = defaultdict(list)
    for p in parts:
        for i, ms in p.items():
            out[i].extend(ms)
    return dict(out)


#: Identity columns of a frame checked before scoring (when present): the text budget of each
#: (:mod:`~kesehatan_koperasi.inputs.budget`) and whether it must hold a letter (a name).
KOLOM_IDENTITAS: dict[str, tuple[int, bool]] = {
    "nama_koperasi": (B.MAKS_TEKS, True), "nomor_badan_hukum": (B.MAKS_TEKS, False),
    "alamat": (B.MAKS_TEKS_ALAMAT, False), "kabupaten_kota": (B.MAKS_TEKS, True),
    "provinsi": (B.MAKS_TEKS, True), "jenis": (B.MAKS_TEKS, False), "kuk": (B.MAKS_TEKS, False),
    "nomor_surat_tugas": (B.MAKS_TEKS, False),
}


def _periksa_teks(t: pd.Series, maks: int, nama: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of a text column: longer than ``maks``, holds a control character, and (``nama``)
    is a filled text without a letter or an Excel error value."""
    ada = t.notna().to_numpy()
    panjang = (t.str.len().fillna(0).to_numpy() > maks)
    kendali = t.str.contains(B.KENDALI_SATU_BARIS.pattern, regex=True).fillna(False).to_numpy(dtype=bool)
    tanpa_huruf = np.zeros(len(t), dtype=bool)
    if nama:
        isi = t.str.strip().fillna("")
        tanpa_huruf = ada & (isi != "").to_numpy() & (~isi.str.contains(r"[^\W\d_]", regex=True).to_numpy(dtype=bool)
                                                     | isi.str.upper().isin(B.GALAT_EXCEL).to_numpy(dtype=bool))
    return panjang, kendali, tanpa_huruf


def _teks_biasa(t: pd.Series, maks: int, nama: bool) -> np.ndarray | None:
    """Rows of an Arrow-backed text column that :func:`_periksa_teks` certainly passes, found on the
    UTF-8 bytes in a few numpy passes (no Python string per row): at most ``maks`` bytes, every byte
    printable ASCII other than ``#`` (no control character, no Excel error value) and, for a name,
    an ASCII letter. Every other row is checked by :func:`_periksa_teks`. None when the column is not
    Arrow-backed (then every row is)."""
    if getattr(t.dtype, "storage", None) != "pyarrow" or len(t) < 1000:
        return None
    import pyarrow as pa  # an Arrow-backed column: pyarrow is there

    a = pa.array(t.array)
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks()
    if not (pa.types.is_string(a.type) or pa.types.is_large_string(a.type)) or a.buffers()[2] is None:
        return None
    lebar = np.int64 if pa.types.is_large_string(a.type) else np.int32
    off = np.frombuffer(a.buffers()[1], dtype=lebar)[a.offset:a.offset + len(a) + 1].astype(np.int64)
    b = np.frombuffer(a.buffers()[2], dtype=np.uint8)[off[0]:off[-1]]
    off -= off[0]
    n_byte = np.diff(off)
    biasa = n_byte <= maks
    aneh = np.flatnonzero((b < 0x20) | (b > 0x7E) | (b == 0x23))
    if len(aneh):
        biasa[np.searchsorted(off, aneh, side="right") - 1] = False
    if nama:   # a letter in every non-empty row (an empty row is checked closely)
        isi = np.flatnonzero(n_byte > 0)
        huruf = ((b | 0x20) - np.uint8(0x61)) < 26
        punya = np.zeros(len(t), dtype=bool)
        if len(isi):
            punya[isi] = np.logical_or.reduceat(huruf, off[isi])
        biasa &= punya
    return biasa


def validate_identity(frame: pd.DataFrame) -> dict[int, list[Masalah]]:
    """The identity columns a frame carries into results and documents, where present: texts within
    their budget, without control characters, names with a letter and not an Excel error value;
    ``nik`` 16 ASCII digits; ``tahun_buku`` a whole year 1900-2200 in ASCII digits. Vectorised per
    column; messages only for the rows that fail."""
    out: dict[int, list[Masalah]] = defaultdict(list)
    for kolom, (maks, nama) in KOLOM_IDENTITAS.items():
        if kolom not in frame.columns:
            continue
        s = frame[kolom]
        if pd.api.types.is_numeric_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype):
            continue
        t = s.astype("string")
        biasa = _teks_biasa(t, maks, nama)
        if biasa is None:
            baris = np.arange(len(t))
        elif biasa.all():
            continue                                  # the usual case: no row needs a closer look
        else:
            baris = np.flatnonzero(~biasa)
            t = t.iloc[baris]
        panjang, kendali, tanpa_huruf = _periksa_teks(t, maks, nama)
        for j in np.flatnonzero(panjang | kendali | tanpa_huruf):
            r, v = int(baris[j]), str(t.iloc[j])
            if panjang[j]:
                out[r].append(Masalah("teks terlalu panjang", medan=kolom, diharapkan=f"paling banyak {maks} "
                                      "karakter", ditemukan=f"{len(v):,} karakter".replace(",", ".")))
            elif kendali[j]:
                out[r].append(Masalah("memuat karakter kendali", medan=kolom, ditemukan=f"'{B.tampak(v, 40)}'"))
            else:
                out[r].append(Masalah("harus memuat huruf (sebuah nama)", medan=kolom,
                                      ditemukan=f"'{B.tampak(v, 40)}'"))
    if "nik" in frame.columns:
        t = frame["nik"].astype("string").str.strip()
        salah = (t.notna() & (t != "") & ~t.str.fullmatch(r"[0-9]{16}")).fillna(False).to_numpy(dtype=bool)
        for i in np.flatnonzero(salah):
            out[int(i)].append(Masalah("NIK harus 16 angka 0-9", medan="nik", ditemukan=f"'{B.tampak(str(t.iloc[i]), 40)}'"))
    if "tahun_buku" in frame.columns:
        s = frame["tahun_buku"]
        if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            x = s.to_numpy(dtype=np.float64, na_value=np.nan)
            salah = ~np.isnan(x) & ((np.floor(x) != x) | (x < 1900) | (x > 2200))
        else:
            t = s.astype("string").str.strip()
            bulat = t.str.fullmatch(r"[0-9]{4}(\.0+)?").fillna(False).to_numpy(dtype=bool)
            x = pd.to_numeric(t.where(bulat), errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
            salah = (t.notna() & (t != "")).to_numpy(dtype=bool) & (~bulat | (x < 1900) | (x > 2200))
        for i in np.flatnonzero(salah):
            out[int(i)].append(Masalah("tahun buku harus tahun 1900-2200 dalam angka 0-9", medan="tahun_buku",
                                       ditemukan=f"'{B.tampak(str(s.iloc[i]), 40)}'"))
    return out
