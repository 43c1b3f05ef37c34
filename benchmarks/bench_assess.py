"""Benchmark of the scoring core (issue 2): ``assess_frame`` at 10k / 100k / 1M rows against the
scalar reference of the test suite, in one run.

Each size runs in its own process so that its peak memory (ru_maxrss) is its own. Prints, per
size: generation time, ``assess_frame`` time (best of 3 for ≤ 100k, best of 2 at 1M), rows per second,
peak memory, and the speed-up over the scalar reference (``tests/reference.py``, measured in the
same run on 2,000 rows).

    .venv/bin/python benchmarks/bench_assess.py            # 10k, 100k, 1M
    .venv/bin/python benchmarks/bench_assess.py 10000      # chosen sizes
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(n: int) -> dict:
    import kesehatan_koperasi as kk
    from kesehatan_koperasi import contoh

    t0 = time.perf_counter()
    frame = contoh.koperasi(n, seed=1)
    gen = time.perf_counter() - t0
    runs = 3 if n <= 100_000 else 2
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        out = kk.assess_frame(frame)
        best = min(best, time.perf_counter() - t0)
    assert len(out) == n and (out["galat"] == "").all()
    return {"n": n, "generate_s": gen, "assess_s": best,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def reference_rate(n: int = 2000) -> float:
    sys.path.insert(0, str(ROOT))
    from tests import reference

    import kesehatan_koperasi as kk
    from kesehatan_koperasi import contoh

    aturan = kk.load_rules()
    items = {i.kode: i.kode_butir for _, i in aturan.indikator() if i.jenis == "kuesioner"}
    rows = contoh.koperasi(n, seed=1).to_dict(orient="records")
    t0 = time.perf_counter()
    for r in rows:
        reference.assess_one(r, items)
    return n / (time.perf_counter() - t0)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]))))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000]
    import numpy
    import pandas

    print(f"numpy {numpy.__version__}, pandas {pandas.__version__}, python {sys.version.split()[0]}")
    ref = reference_rate()
    print(f"scalar reference (tests/reference.py): {ref:,.0f} rows/s  (baseline)")
    print(f"{'rows':>10} {'generate':>10} {'assess_frame':>13} {'rows/s':>12} {'peak MB':>9} {'× reference':>12}")
    for n in sizes:
        res = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True,
                             check=True, cwd=ROOT)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        rate = n / r["assess_s"]
        print(f"{n:>10,} {r['generate_s']:>9.2f}s {r['assess_s']:>12.3f}s {rate:>12,.0f} {r['peak_mb']:>9,.0f} "
              f"{rate / ref:>11,.0f}×")


if __name__ == "__main__":
    main()
