"""Batch in everyday use (issue 16): the shipped worksheets/ folder (each example as .xlsx and
.json) counts each cooperative once; the CSV opens in an Indonesian Excel; hasil-massal.xlsx is
readable by people; Parquet is optional."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from kesehatan_koperasi import batch, contoh

ROOT = Path(__file__).resolve().parent.parent


def test_same_cooperative_twice_is_scored_once(tmp_path):
    folder = tmp_path / "kk"
    shutil.copytree(ROOT / "worksheets", folder)
    out = tmp_path / "o"
    batch.run_batch(folder, out, proses=1)
    h = pd.read_parquet(out / "hasil-massal.parquet")
    dinilai = h[h["galat"] == ""]
    assert dinilai["nik"].is_unique and len(dinilai) == 3
    dup = h[h["galat"].str.startswith("duplikat dari ")]
    assert sorted(dup["berkas"]) == ["contoh-ksp-dalam-pengawasan-khusus.xlsx", "contoh-ksp-sehat.xlsx",
                                     "contoh-usp-cukup-sehat.xlsx"]
    assert dup["galat"].str.contains(r"\.json").all() and dup["nilai_akhir"].isna().all()


def test_duplicate_rows_of_a_table(tmp_path):
    t = contoh.koperasi(5, seed=3)
    t = pd.concat([t, t.iloc[[1]]], ignore_index=True)
    p = tmp_path / "t.csv"
    t.to_csv(p, index=False)
    h = batch.assess_table(p)
    assert len(h) == 6
    assert h["galat"].iloc[5] == "duplikat dari t.csv baris 2 (NIK dan tahun buku sama); tidak dinilai dua kali"
    assert pd.isna(h["nilai_akhir"].iloc[5]) and h["nik"].iloc[5] == t["nik"].iloc[1]
    assert (h["galat"].iloc[:5] == "").all()


def test_csv_for_indonesian_excel(tmp_path):
    t = contoh.koperasi(4, seed=1)
    p = tmp_path / "t.parquet"
    t.to_parquet(p)
    batch.run_batch(p, tmp_path / "o")
    raw = (tmp_path / "o" / "hasil-massal.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    kepala, baris1 = raw.decode("utf-8-sig").splitlines()[:2]
    assert kepala.split(";")[:2] == ['"berkas"', '"baris"']
    nik = str(t["nik"].iloc[0])
    assert f'"{nik}"' in baris1.split(";")
    back = pd.read_csv(tmp_path / "o" / "hasil-massal.csv", sep=";", decimal=",", dtype={"nik": str})
    assert back["nik"].tolist() == t["nik"].astype(str).tolist()
    pq = pd.read_parquet(tmp_path / "o" / "hasil-massal.parquet")
    assert back["nilai_akhir"].round(3).tolist() == pq["nilai_akhir"].round(3).tolist()


def test_hasil_massal_xlsx_for_people(tmp_path):
    t = contoh.koperasi(30, seed=4)
    p = tmp_path / "t.parquet"
    t.to_parquet(p)
    batch.run_batch(p, tmp_path / "o")
    wb = load_workbook(tmp_path / "o" / "hasil-massal.xlsx")
    assert wb.sheetnames == ["Ringkasan", "Hasil", "Indikator", "Grafik"]
    ws = wb["Hasil"]
    kop = [c.value for c in ws[1]]
    assert "Nilai akhir" in kop and "Skor aspek A" in kop and "aspek.A" not in kop and "NIK" in kop
    kol = kop.index("Nilai akhir") + 1
    assert ws.cell(2, kol).number_format == "#,##0.000"
    assert ws.cell(2, kop.index("Skor aspek A") + 1).number_format == "#,##0.0"
    assert ws.auto_filter.ref.startswith("A1:") and ws.freeze_panes == "C2"
    assert ws.page_setup.paperSize in (9, "9") and ws.page_setup.orientation == "landscape"
    g = wb["Grafik"]
    assert len(g._charts) == 1 and g["A1"].value == "Kabupaten/kota"


def test_without_pyarrow_csv_and_xlsx_still_written(tmp_path, monkeypatch):
    import importlib.util

    asli = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == "pyarrow" else asli(n, *a))
    p = tmp_path / "t.csv"
    contoh.koperasi(3, seed=1).to_csv(p, index=False)
    assert batch.run_batch(p, tmp_path / "o") == 0
    assert sorted(x.name for x in (tmp_path / "o").iterdir()) == ["hasil-massal.csv", "hasil-massal.xlsx"]


def test_parquet_input_without_pyarrow_says_how_to_install(tmp_path, monkeypatch):
    import sys

    import pytest

    from kesehatan_koperasi.errors import PaketOpsionalError

    p = tmp_path / "t.parquet"
    contoh.koperasi(2, seed=1).to_parquet(p)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(PaketOpsionalError, match=r'pip install "kesehatan-koperasi\[parquet\]"'):
        batch.read_table(p)
