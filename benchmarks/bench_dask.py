"""Benchmark of ``kk.assess_frame`` on Dask (issue 15): a Parquet dataset scored on a
``distributed.LocalCluster`` (2 worker processes on 127.0.0.1, 2 GiB each) and written back as
Parquet, with its baseline in the same run: the in-memory ``assess_frame`` of one partition in this
process (rows per second of one core). Prints the Dask run's rows per second and each worker's peak
memory (ru_maxrss), and the machine load.

    .venv/bin/python benchmarks/bench_dask.py                 # 5,000,000 rows, 20 partitions
    .venv/bin/python benchmarks/bench_dask.py --baris 1000000 --partisi 8
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path


def _puncak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baris", type=int, default=5_000_000)
    ap.add_argument("--partisi", type=int, default=20)
    args = ap.parse_args()
    import dask.dataframe as dd
    import distributed
    import numpy as np
    import pandas as pd

    import kesehatan_koperasi as kk
    from kesehatan_koperasi import contoh

    per = args.baris // args.partisi
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "koperasi"
        src.mkdir()
        t0 = time.perf_counter()
        satu = contoh.koperasi(per, seed=1)
        for p in range(args.partisi):       # the same rows under new ids: generation is not what is measured
            satu.assign(id_baris=np.arange(p * per, (p + 1) * per)).to_parquet(src / f"bagian-{p:03d}.parquet",
                                                                                index=False)
        print(f"dataset: {per * args.partisi:,} baris dalam {args.partisi} partisi ({time.perf_counter() - t0:.1f} s)")
        bagian = pd.read_parquet(src / "bagian-000.parquet")
        kk.assess_frame(bagian.head(10))
        t0 = time.perf_counter()
        kk.assess_frame(bagian)
        dasar = per / (time.perf_counter() - t0)
        print(f"dasar: assess_frame satu partisi di memori, satu proses: {dasar:,.0f} baris/s")
        del bagian
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      memory_limit="2GiB", dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            client.run(lambda: None)
            t0 = time.perf_counter()
            kk.assess_frame(dd.read_parquet(str(src))).to_parquet(str(Path(tmp) / "hasil"), write_index=False)
            dt = time.perf_counter() - t0
            puncak = client.run(_puncak_mb)
        n = len(pd.read_parquet(Path(tmp) / "hasil", columns=["id_baris"]))
        assert n == per * args.partisi
        print(f"Dask (2 pekerja, 2 GiB masing-masing): {n:,} baris dalam {dt:.1f} s = {n / dt:,.0f} baris/s "
              f"({n / dt / dasar:.2f}× dasar); puncak memori per pekerja: "
              + ", ".join(f"{v:,.0f} MB" for v in puncak.values()) + f"; beban {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
