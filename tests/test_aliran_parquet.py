"""A folder of Parquet files scored batch by batch (``batch.nilai_parquet``, issue 15): every row
once, in order, the same table as scoring each file whole, one schema for batches scored with
different rule sets, and the items of an unused rule set never read."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi import batch, contoh
from kesehatan_koperasi.batch import aliran


def test_folder_streamed_in_batches_equals_each_file_scored_whole(tmp_path):
    folder = tmp_path / "koperasi"
    folder.mkdir()
    for i in range(3):
        f = contoh.koperasi(500, seed=20 + i)
        if i == 1:
            f.loc[f.index[7], "kas"] = -5.0        # a failing row keeps its place
        f.to_parquet(folder / f"bagian-{i}.parquet", index=False)
    r = batch.nilai_parquet(folder, tmp_path / "hasil", baris=128)
    assert r["baris"] == 1500 and r["gagal"] == 1
    dapat = pd.read_parquet(r["parquet"])
    harap = pd.concat([batch.assess_table(folder / f"bagian-{i}.parquet") for i in range(3)], ignore_index=True)
    # the streamed scoring carries the assessment; the robustness columns of the batch command
    # (issue 14) are not part of it
    pd.testing.assert_frame_equal(dapat, harap[list(dapat.columns)])
    assert dapat.attrs["kesehatan_koperasi"]["aturan"]     # the rule sets used survive


def test_batches_with_different_rule_sets_share_one_schema(tmp_path):
    folder = tmp_path / "campur"
    folder.mkdir()
    contoh.koperasi(100, seed=1).to_parquet(folder / "a.parquet", index=False)
    syariah = contoh.koperasi(100, seed=2, rules="juknis-15-2021-kspps")
    syariah["jenis"] = "KSPPS"
    syariah.to_parquet(folder / "b.parquet", index=False)
    # the KSP file lacks the syariah items: the dataset's schema is the first file's
    r = batch.nilai_parquet(folder, tmp_path / "hasil", baris=64)
    skema = pq.read_schema(r["parquet"])
    dapat = pd.read_parquet(r["parquet"])
    assert len(dapat) == 200 and "nilai_akhir" in skema.names
    harap = batch.assess_table(folder / "b.parquet")
    bagian = dapat[dapat["berkas"] == "b.parquet"].reset_index(drop=True)
    for c in ("nilai_akhir", "predikat", "galat"):
        pd.testing.assert_series_equal(bagian[c], harap[c], check_dtype=False)


def test_only_needed_columns_are_read():
    ksp = kk.load_rules("juknis-15-2021")
    kolom = ["nama_koperasi", "kas", "Z.9.9.z", *ksp.kode_butir()[:3], "catatan_analis"]
    dipilih = aliran.kolom_perlu(kolom, ksp)
    assert "Z.9.9.z" not in dipilih                          # an item of no rule set in use
    assert {"nama_koperasi", "catatan_analis", "kas", *ksp.kode_butir()[:3]} <= set(dipilih)


def test_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(kk.errors.KesehatanKoperasiError if hasattr(kk, "errors") else Exception, match="tidak"):
        batch.nilai_parquet(tmp_path / "tidak-ada", tmp_path / "hasil")


def test_batch_command_streams_a_parquet_folder(tmp_path, monkeypatch, capsys):
    """``batch`` on a folder of Parquet files (issue 15): read, scored and written batch by batch
    (no batch larger than the batch size), with the same rows, columns and summaries as the command
    on the same rows in one table."""
    import openpyxl

    folder = tmp_path / "dataset"
    folder.mkdir()
    bagian = []
    for i in range(3):
        f = contoh.koperasi(150, seed=40 + i)
        if i == 2:
            f.loc[f.index[3], "kas"] = -5.0                 # a failing row keeps its place
        f.to_parquet(folder / f"bagian-{i}.parquet", index=False)
        bagian.append(f)
    pd.concat(bagian, ignore_index=True).to_parquet(tmp_path / "semua.parquet", index=False)

    dilihat: list[int] = []
    asli = batch.tulis.TulisBertahap.tambah
    monkeypatch.setattr(aliran, "BARIS_PER_POTONG", 64)
    monkeypatch.setattr(batch.tulis.TulisBertahap, "tambah", lambda self, h: (dilihat.append(len(h)), asli(self, h)))
    assert batch.run_batch(folder, tmp_path / "out", format="json") == 1     # one row failed
    ringkas = json.loads(capsys.readouterr().out)
    assert ringkas["jumlah"] == 450 and ringkas["gagal"] == 1
    assert max(dilihat) <= 64 and sum(dilihat) == 450

    dapat = pd.read_parquet(tmp_path / "out" / "hasil-massal.parquet")
    harap = pd.concat([batch.assess_table(folder / f"bagian-{i}.parquet") for i in range(3)], ignore_index=True)
    assert set(dapat.columns) == set(harap.columns)        # the robustness columns of the command too
    pd.testing.assert_frame_equal(dapat, harap[list(dapat.columns)], check_dtype=False)
    csv = pd.read_csv(tmp_path / "out" / "hasil-massal.csv", sep=";", decimal=",", dtype={"nik": str})
    assert len(csv) == 450 and list(csv.columns) == list(dapat.columns)

    assert batch.run_batch(tmp_path / "semua.parquet", tmp_path / "out-tabel") == 1
    capsys.readouterr()
    wb, wb_tabel = (openpyxl.load_workbook(tmp_path / o / "hasil-massal.xlsx") for o in ("out", "out-tabel"))
    assert wb.sheetnames == wb_tabel.sheetnames
    for lembar in ("Ringkasan", "Indikator", "Grafik"):     # the summaries of all rows, not of a batch
        assert list(wb[lembar].values) == list(wb_tabel[lembar].values)
    hasil = list(wb["Hasil"].values)
    assert len(hasil) == 451 and hasil[0] == next(iter(wb_tabel["Hasil"].values))


def test_batch_command_refuses_documents_for_a_parquet_folder(tmp_path):
    folder = tmp_path / "dataset"
    folder.mkdir()
    contoh.koperasi(5, seed=1).to_parquet(folder / "a.parquet", index=False)
    with pytest.raises(kk.errors.KesehatanKoperasiError, match="dokumen"):
        batch.run_batch(folder, tmp_path / "out", dokumen=True)
