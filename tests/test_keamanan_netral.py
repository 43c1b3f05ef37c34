"""Issue 17, item 1: one neutraliser for every text that leaves through a spreadsheet or a CSV —
values of every dtype (object, string, category, pyarrow, dictionary-encoded), headers, sheet
names — and, item 2, never a crash in a writer on a control character or an unusual value."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pytest

from kesehatan_koperasi.batch.tulis import tulis_hasil
from kesehatan_koperasi.outputs import netral

JAHAT = ['=HYPERLINK("http://x","klik")', "+SUM(A1)", "-2+3", "@A1", "\t=1", "\r=1"]


def _dtypes(nilai: list[str]) -> dict[str, pd.Series]:
    """The same hostile texts in every dtype a table can bring."""
    return {
        "object": pd.Series(nilai, dtype=object),
        "string": pd.Series(nilai, dtype="string"),
        "string_pyarrow": pd.Series(nilai, dtype="string[pyarrow]"),
        "category": pd.Series(nilai, dtype="category"),
        "arrow_teks": pd.Series(pd.arrays.ArrowExtensionArray(pa.array(nilai))),
        "arrow_kamus": pd.Series(pd.arrays.ArrowExtensionArray(pa.array(nilai).dictionary_encode())),
    }


def _hasil(kolom: dict[str, pd.Series]) -> pd.DataFrame:
    n = len(next(iter(kolom.values())))
    f = pd.DataFrame({"berkas": ["t.csv"] * n, "galat": ["x"] * n})
    for k, s in kolom.items():
        f[k] = s.to_numpy() if k == "object" else s.reset_index(drop=True)
    return f


@pytest.mark.parametrize("dtype", list(_dtypes(JAHAT)))
def test_every_dtype_is_neutralised_in_csv_and_xlsx(tmp_path, dtype):
    f = _hasil({dtype: _dtypes(JAHAT)[dtype]})
    out = tulis_hasil(f, tmp_path)
    with open(out["csv"], encoding="utf-8-sig", newline="") as fh:   # the CSV for Indonesian Excel (issue 16)
        kol = [r[dtype] for r in csv.DictReader(fh, delimiter=";")]
    assert all(v.startswith("'") for v in kol), kol
    with zipfile.ZipFile(out["xlsx"]) as zf:
        for n in zf.namelist():
            if n.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(n) and b"<f " not in zf.read(n)
    wb = openpyxl.load_workbook(out["xlsx"])
    teks = [c.value for row in wb["Hasil"].iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert not any(t.startswith(netral.AWALAN_BAHAYA) for t in teks)


def test_headers_are_neutralised(tmp_path):
    f = pd.DataFrame({"berkas": ["a"], "galat": [""], '=HYPERLINK("http://x","h")': ["v"], "@kolom": [1]})
    out = tulis_hasil(f, tmp_path)
    with open(out["csv"], encoding="utf-8-sig", newline="") as fh:   # the CSV for Indonesian Excel (issue 16)
        kepala = next(csv.reader(fh, delimiter=";"))
    assert "'=HYPERLINK(\"http://x\",\"h\")" in kepala and "'@kolom" in kepala
    wb = openpyxl.load_workbook(out["xlsx"])
    kepala_xlsx = [c.value for c in next(wb["Hasil"].iter_rows(max_row=1))]
    assert not any(str(k).startswith(netral.AWALAN_BAHAYA) for k in kepala_xlsx)


def test_sheet_name_is_made_safe_by_the_writers_neutraliser():
    """hasil.xlsx is made safe by the one neutraliser, sheet names included."""
    from openpyxl import Workbook

    from kesehatan_koperasi.outputs import excel

    assert excel.netralkan_buku is netral.netralkan_buku
    assert netral.nama_lembar("a/b:c*?[x]" + "z" * 40) == ("a_b_c___x_" + "z" * 40)[:31]
    wb = Workbook()
    wb.active.title = "Ringkasan"
    wb.active["A1"] = "=1+1"
    assert excel.netralkan_buku(wb) == 1 and wb.active["A1"].quotePrefix


def test_unusual_values_and_control_characters_never_crash_a_writer(tmp_path):
    n = 3
    f = pd.DataFrame({
        "berkas": ["a"] * n, "galat": ["x\x00y", "\x1b[31m", "ok"],
        "zona": pd.Series(pd.date_range("2024-01-01", periods=n, tz="Asia/Jakarta")),
        "periode": pd.Series(pd.period_range("2024-01", periods=n, freq="M")),
        "daftar": pd.Series([[1, 2], [], None], dtype=object),
        "biner": pd.Series([b"\x00\xff", b"ab", None], dtype=object),
        "kamus": pd.Series([{"a": 1}, {}, None], dtype=object),
        "waktu": pd.Series([dt.time(1, 2), None, dt.time(3, 4)], dtype=object),
        "angka": np.array([1.0, np.inf, np.nan]),
    })
    out = tulis_hasil(f, tmp_path)
    with open(out["csv"], encoding="utf-8-sig", newline="") as fh:   # the CSV for Indonesian Excel (issue 16)
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert rows[0]["galat"] == "x\\x00y" and rows[1]["galat"] == "\\x1b[31m"
    assert rows[0]["zona"].startswith("2024-01-01T00:00:00+07:00")
    wb = openpyxl.load_workbook(out["xlsx"])
    assert wb["Hasil"].max_row == n + 1
