"""Batch integrity under faults (issue 8, item 5): a file that disappears, a failing or read-only
output, Ctrl-C while writing, a worker killed mid-run. Every input row is in the output (rows lost:
0), no partial output file remains, and a rerun gives the same output."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from kesehatan_koperasi import batch
from kesehatan_koperasi.batch import baca
from kesehatan_koperasi.errors import KesehatanKoperasiError
from tests.fuzz import hostile as H


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("batch")
    for p in sorted(H.SUMBER.parent.glob("contoh-*.xlsx")):
        shutil.copy(p, d / p.name)
    H.bukan_zip(d)
    H.bom_zip(d)
    H.xlsm(d)          # not listed: .xlsm is not a worksheet extension of the batch
    return d


def _sisa_sementara(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"] if out.exists() else []


def test_every_input_is_a_row_and_rerun_is_identical(folder, tmp_path):
    masuk = batch.daftar_kertas_kerja(folder)
    for d in ("satu", "dua"):
        assert batch.run_batch(folder, tmp_path / d, proses=2, progress=False) == 1   # two bad files
    a = pd.read_csv(tmp_path / "satu" / "hasil-massal.csv", sep=";", decimal=",")
    assert list(a["berkas"]) == [p.name for p in masuk]           # rows lost: 0, order kept
    assert (a["galat"].fillna("") != "").sum() == 2
    assert (tmp_path / "satu" / "hasil-massal.csv").read_bytes() == (tmp_path / "dua" / "hasil-massal.csv").read_bytes()
    assert not _sisa_sementara(tmp_path / "satu")


def test_file_that_disappears_becomes_its_rows_galat(folder, tmp_path):
    paths = [p for p in batch.daftar_kertas_kerja(folder) if p.name.startswith("contoh-")]
    hilang = tmp_path / "hilang.xlsx"
    shutil.copy(paths[0], hilang)
    daftar = [paths[0], hilang, paths[1]]
    hilang.unlink()                                   # listed, then gone before it is read
    ps, models, baris, galat = baca.baca_berkas(daftar, proses=1)
    hasil = baca.nilai_model(models, baris, galat, [p.name for p in ps])
    assert list(hasil["berkas"]) == [p.name for p in daftar]
    assert "tidak ditemukan" in hasil["galat"].iloc[1]
    assert (hasil["galat"].iloc[[0, 2]] == "").all()


@pytest.mark.parametrize("fault", [OSError(30, "Read-only file system"), KeyboardInterrupt()])
def test_failure_while_writing_leaves_no_partial_file(folder, tmp_path, monkeypatch, fault):
    out = tmp_path / "keluar"
    asli = pd.DataFrame.to_parquet

    def rusak(self, path, *a, **k):
        Path(path).write_bytes(b"PAR1 setengah")       # a partial file, then the fault
        raise fault

    asli_pq = pq.write_table
    monkeypatch.setattr(pd.DataFrame, "to_parquet", rusak)
    monkeypatch.setattr(pq, "write_table", rusak)          # the Parquet writer writes with pyarrow directly
    # issue 17: a write error is one message naming the file, the previous set left intact
    with pytest.raises(KesehatanKoperasiError if isinstance(fault, OSError) else type(fault)) as e:
        batch.run_batch(folder, out, proses=1, progress=False)
    if isinstance(fault, OSError):
        assert str(out / "hasil-massal.parquet") in str(e.value)
    assert not (out / "hasil-massal.parquet").exists()
    assert not _sisa_sementara(out)
    monkeypatch.setattr(pd.DataFrame, "to_parquet", asli)
    monkeypatch.setattr(pq, "write_table", asli_pq)
    assert batch.run_batch(folder, out, proses=1, progress=False) == 1      # rerun completes
    assert len(pd.read_parquet(out / "hasil-massal.parquet")) == len(batch.daftar_kertas_kerja(folder))


def test_read_only_output_folder_is_reported_by_the_cli(folder, tmp_path, capsys):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root ignores directory permissions")
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    try:
        from kesehatan_koperasi.cli import main

        assert main(["batch", str(folder), "--out", str(out), "--proses", "1"]) == 1
        assert "Traceback" not in capsys.readouterr().err
        assert not list(out.iterdir())
    finally:
        out.chmod(0o700)


def _bunuh_diri(x: int) -> int:
    if x == 3:
        os._exit(9)                                       # the worker dies like a SIGKILL
    return x * 10


def test_killed_worker_loses_no_completed_result():
    hasil = baca.peta_paralel(_bunuh_diri, list(range(8)), proses=2)
    assert [h for i, h in enumerate(hasil) if i != 3] == [i * 10 for i in range(8) if i != 3]


def test_killed_worker_is_reported_not_a_hang():
    hasil = baca.peta_paralel(_bunuh_diri, list(range(8)), proses=2, gagal=lambda t: f"mati {t}")
    assert hasil[3] == "mati 3"
