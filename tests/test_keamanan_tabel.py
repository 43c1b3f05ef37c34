"""Issue 17, items 4 and 5: batch tables — row and column budgets from the Parquet/CSV metadata
before reading, rows of different cooperative types each with their own rule set's columns, and
unusual column dtypes converted per column; every input row in every output."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kesehatan_koperasi import batch, contoh
from kesehatan_koperasi.batch.baca import read_table
from kesehatan_koperasi.errors import KesehatanKoperasiError
from kesehatan_koperasi.inputs import budget as B

FRAME = contoh.koperasi(6, seed=11)


def test_parquet_declaring_too_many_rows_is_refused_from_its_metadata(tmp_path):
    """A small file whose one column is a run of 400 M repeated values (dictionary + RLE): refused
    from the footer before a row is read."""
    p = tmp_path / "besar.parquet"
    n = B.MAKS_BARIS_TABEL + 1
    tabel = pa.table({"nama_koperasi": pa.array(np.zeros(n, dtype=np.int8))})
    pq.write_table(tabel, p, compression="zstd")
    t = time.perf_counter()
    with pytest.raises(KesehatanKoperasiError, match="terlalu besar"):
        read_table(p)
    assert time.perf_counter() - t < 5


def test_csv_with_too_many_columns_is_refused_before_reading(tmp_path):
    p = tmp_path / "lebar.csv"
    p.write_text(",".join(f"k{i}" for i in range(B.MAKS_KOLOM_TABEL + 1)) + "\n1\n", encoding="utf-8")
    with pytest.raises(KesehatanKoperasiError, match="kolom"):
        read_table(p)


def test_kspps_row_in_a_ksp_table_is_that_rows_error(tmp_path):
    f = FRAME.copy()
    f["jenis"] = f["jenis"].astype(object)
    f.loc[2, "jenis"] = "KSPPS"
    p = tmp_path / "campur.csv"
    f.to_csv(p, index=False)
    hasil = batch.assess_table(p)
    assert len(hasil) == len(f) and list(hasil["baris"]) == list(range(1, len(f) + 1))
    assert "kolom" in hasil["galat"].iloc[2] and "juknis-15-2021-kspps" in hasil["galat"].iloc[2]
    others = hasil.drop(index=2)
    assert (others["galat"] == "").all() and others["nilai_akhir"].notna().all()
    assert list(hasil["nama_koperasi"]) == list(f["nama_koperasi"])


@pytest.mark.parametrize("tahun", ["inf", "-inf", "1e400"])
def test_infinite_year_is_that_rows_error(tmp_path, tahun):
    """Found by the 10,000-case table fuzz run (seed 1000278): a tahun_buku of "inf" in a CSV once
    crashed the duplicate search of the whole table."""
    f = FRAME.copy()
    f["tahun_buku"] = f["tahun_buku"].astype(object)
    f.loc[1, "tahun_buku"] = tahun
    p = tmp_path / "tahun.csv"
    f.to_csv(p, index=False)
    hasil = batch.assess_table(p)
    assert len(hasil) == len(f)
    assert "tahun_buku" in hasil["galat"].iloc[1]
    assert (hasil.drop(index=1)["galat"] == "").all()


def test_unusual_dtypes_are_converted_per_column_and_written(tmp_path):
    f = FRAME.copy()
    n = len(f)
    f["diperiksa"] = pd.Series(pd.date_range("2024-01-01", periods=n, tz="Asia/Jakarta"))
    f["periode"] = pd.Series(pd.period_range("2024-01", periods=n, freq="M"))
    f["daftar"] = pd.Series([[i, i + 1] for i in range(n)], dtype=object)
    f["biner"] = pd.Series([b"\x00ab"] * n, dtype=object)
    f["kabupaten_kota"] = f["kabupaten_kota"].astype("category")
    p = tmp_path / "aneh.parquet"
    tabel = pa.Table.from_pandas(f.drop(columns=["periode"]), preserve_index=False)
    tabel = tabel.append_column("kamus", pa.array(["a", "b"] * (n // 2)).dictionary_encode())
    pq.write_table(tabel, p)
    out = tmp_path / "keluar"
    kode = batch.run_batch(p, out, proses=1, progress=False)
    assert kode == 0
    csv = pd.read_csv(out / "hasil-massal.csv", sep=";", decimal=",")   # CSV for Indonesian Excel
    assert len(csv) == n and csv["nilai_akhir"].notna().all()
    assert pd.read_parquet(out / "hasil-massal.parquet").shape[0] == n
    # the period column straight from a frame (Parquet cannot hold it)
    from kesehatan_koperasi.batch.baca import jenis_kolom, nilai_tabel

    f2 = nilai_tabel(jenis_kolom(f), "aneh")
    assert len(f2) == n
    batch.tulis_hasil(f2, tmp_path / "keluar2")
