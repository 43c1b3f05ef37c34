"""Issue 17, items 6 and 7: the outputs of one batch run are one set (a temporary folder moved into
place, ``--out`` locked so a second run fails fast, a failure names the file and leaves the previous
set intact), and SIGTERM/SIGINT stop the workers within seconds, remove the temporaries, print one
Indonesian line and exit 143/130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from kesehatan_koperasi import batch, contoh
from kesehatan_koperasi.batch import kumpulan
from kesehatan_koperasi.errors import KesehatanKoperasiError

AKAR = Path(__file__).resolve().parent.parent


@pytest.fixture
def tabel(tmp_path):
    p = tmp_path / "tabel.csv"
    contoh.koperasi(4, seed=2).to_csv(p, index=False)
    return p


def test_second_run_into_a_locked_folder_fails_fast(tabel, tmp_path):
    out = tmp_path / "keluar"
    with kumpulan.Kumpulan(out):
        t = time.perf_counter()
        with pytest.raises(KesehatanKoperasiError, match="sedang dipakai"):
            batch.run_batch(tabel, out, proses=1, progress=False)
        assert time.perf_counter() - t < 5
    assert batch.run_batch(tabel, out, proses=1, progress=False) == 0
    assert sorted(p.name for p in out.iterdir()) == ["hasil-massal.csv", "hasil-massal.parquet", "hasil-massal.xlsx"]


def test_failure_keeps_the_previous_complete_set(tabel, tmp_path, monkeypatch):
    out = tmp_path / "keluar"
    assert batch.run_batch(tabel, out, proses=1, progress=False) == 0
    sebelum = {p.name: p.read_bytes() for p in out.iterdir()}

    def penuh(self, *a, **k):
        raise OSError(28, "No space left on device")

    import pyarrow.parquet as pq

    monkeypatch.setattr(pq, "write_table", penuh)          # the Parquet writer writes with pyarrow directly
    f = pd.read_csv(tabel)
    f.loc[0, "nama_koperasi"] = "Koperasi Lain"
    f.to_csv(tabel, index=False)
    with pytest.raises(KesehatanKoperasiError) as e:
        batch.run_batch(tabel, out, proses=1, progress=False)
    assert "hasil-massal.parquet" in str(e.value) and "No space left" in str(e.value)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == sebelum     # the CSV of run 1, not run 2


@pytest.mark.parametrize("sinyal, kode", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_stops_workers_and_leaves_no_temporary(tmp_path, sinyal, kode):
    p = tmp_path / "tabel.csv"
    contoh.koperasi(40, seed=4).to_csv(p, index=False)
    out = tmp_path / "keluar"
    proc = subprocess.Popen([sys.executable, "-m", "kesehatan_koperasi", "batch", str(p), "--out", str(out),
                             "--dokumen", "--proses", "2"], cwd=AKAR, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    batas = time.monotonic() + 240
    while time.monotonic() < batas and not list(out.glob(".sementara-*/dokumen/*/*.pdf")):
        time.sleep(0.2)
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    t = time.perf_counter()
    os.killpg(proc.pid, sinyal) if sinyal == signal.SIGINT else proc.send_signal(sinyal)
    rc = proc.wait(timeout=30)
    lama = time.perf_counter() - t
    err = proc.stderr.read() if proc.stderr else ""
    assert rc == kode and lama < 15, err
    assert "Traceback" not in err
    baris = [b for b in err.splitlines() if b.strip()]
    assert sum("Dihentikan oleh" in b for b in baris) == 1, err
    sisa = sorted(str(q.relative_to(out)) for q in out.rglob("*"))
    assert sisa == [], sisa                                  # no temporary, nothing half-made
    time.sleep(2)
    assert sorted(str(q.relative_to(out)) for q in out.rglob("*")) == [], "a worker went on writing"
