"""``kk.assess_frame`` on a Dask DataFrame (issue 15): lazy, partition by partition through the same
core, on a ``distributed.LocalCluster`` of 2 worker processes on 127.0.0.1 with a memory limit each.

The always-run test scores a Parquet dataset of 60,000 rows in 6 partitions; the ``slow`` one
(``pytest -m slow``, ``make test-lambat``) scores 5,000,000 rows in 20 partitions. Both check that
every row is present once, that each partition's result is the in-memory ``assess_frame`` result
of that partition (a row's result depends on that row alone), and that no worker's peak memory
(ru_maxrss) passed its limit.
"""

from __future__ import annotations

import resource
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

BATAS_PEKERJA = 2 * 1024**3    # memory limit of each worker [bytes]


def _dataset(folder: Path, partisi: int, baris: int, ragam: int = 4) -> Path:
    """``partisi`` Parquet files of ``baris`` synthetic cooperatives each, with a global row id;
    ``ragam`` distinct generated blocks are reused under new ids (generation is the slow part)."""
    folder.mkdir(parents=True, exist_ok=True)
    blok = [contoh.koperasi(baris, seed=100 + p) for p in range(min(ragam, partisi))]
    for p in range(partisi):
        f = blok[p % len(blok)].copy()
        f.insert(0, "id_baris", np.arange(p * baris, (p + 1) * baris, dtype=np.int64))
        f.to_parquet(folder / f"bagian-{p:03d}.parquet", index=False)
    return folder


def _puncak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def klien():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       memory_limit=BATAS_PEKERJA, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def _periksa(klien, masukan: Path, keluaran: Path, partisi: int, baris: int) -> None:
    ddf = dd.read_parquet(str(masukan))
    hasil = kk.assess_frame(ddf)
    assert isinstance(hasil, dd.DataFrame)                  # lazy: nothing computed yet
    assert "nilai_akhir" in hasil.columns and "rasio.D.1.2" in hasil.columns
    hasil.to_parquet(str(keluaran), write_index=False)
    peak = klien.run(_puncak_mb)
    assert len(peak) == 2
    assert max(peak.values()) < BATAS_PEKERJA / 1024**2, peak

    ids = pd.read_parquet(keluaran, columns=["id_baris"])["id_baris"].to_numpy()
    assert len(ids) == partisi * baris                      # every row present …
    assert np.array_equal(np.sort(ids), np.arange(partisi * baris))   # … once

    semua = pd.read_parquet(keluaran).set_index("id_baris")
    for p in sorted(masukan.iterdir())[:: max(1, partisi // 4)]:   # a spread of partitions
        bagian = pd.read_parquet(p)
        harap = kk.assess_frame(bagian).set_index("id_baris")
        dapat = semua.loc[harap.index]
        kolom = [c for c in harap.columns if c not in bagian.columns]
        pd.testing.assert_frame_equal(dapat[kolom], harap[kolom])


def test_dask_assess_frame_on_a_local_cluster(klien, tmp_path):
    masukan = _dataset(tmp_path / "koperasi", partisi=6, baris=10_000)
    _periksa(klien, masukan, tmp_path / "hasil", 6, 10_000)


@pytest.mark.slow
def test_dask_five_million_rows_on_a_local_cluster(klien, tmp_path):
    masukan = _dataset(tmp_path / "koperasi", partisi=20, baris=250_000, ragam=2)
    _periksa(klien, masukan, tmp_path / "hasil", 20, 250_000)


def test_dask_result_is_lazy_and_declares_its_meta():
    f = contoh.koperasi(300, seed=7)
    f.loc[f.index[5], "kas"] = -1.0                      # a row that fails validation stays
    ddf = dd.from_pandas(f, npartitions=3)
    hasil = kk.assess_frame(ddf)
    harap = kk.assess_frame(f)
    assert list(hasil.columns) == list(harap.columns)
    kolom = [c for c in harap.columns if c not in f.columns]
    assert dict(hasil._meta.dtypes[kolom]) == dict(harap.dtypes[kolom])
    dapat = hasil.compute()
    pd.testing.assert_frame_equal(dapat[kolom], harap[kolom])
    assert dapat.loc[f.index[5], "galat"] != ""
    panjang = kk.assess_frame(ddf, detail="panjang").compute()
    pd.testing.assert_frame_equal(panjang.drop(columns=[c for c in f.columns if c in panjang]),
                                  kk.assess_frame(f, detail="panjang").drop(columns=[c for c in f.columns if c in panjang]))


def test_dask_with_several_rule_sets_keeps_one_meta():
    """Partitions scored with different rule sets (KSP and KSPPS rows) share the declared meta."""
    f = contoh.koperasi(200, seed=8)
    syariah = contoh.koperasi(200, seed=9, rules="juknis-15-2021-kspps")
    syariah["jenis"] = "KSPPS"
    gabung = pd.concat([f, syariah], ignore_index=True)
    ddf = dd.from_pandas(gabung, npartitions=2, sort=False)
    hasil = kk.assess_frame(ddf)
    dapat = hasil.compute()
    harap = kk.assess_frame(gabung)
    assert set(hasil.columns) == set(harap.columns)
    kolom = [c for c in harap.columns if c not in gabung.columns]
    pd.testing.assert_frame_equal(dapat[kolom], harap[kolom], check_like=True)


def test_dask_rejects_rules_per_row():
    ddf = dd.from_pandas(contoh.koperasi(10, seed=1), npartitions=1)
    with pytest.raises(ValueError, match="per baris"):
        kk.assess_frame(ddf, rules=[None] * 10)
