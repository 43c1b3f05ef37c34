"""Benchmark of the robustness analysis (issue 14): ``kk.uji_ketahanan`` with the 10 alternative
readings of spec §9 and the ±1 bound, against one ``kk.assess_frame`` of the same frame, in the
same run. Target: ratio ≤ 4 at 100,000 cooperatives.

Prints both times (best of 3, interleaved so that machine load hits both alike), the ratio, and
how many cooperatives have an unstable predikat (with and without the ±1 bound).

    .venv/bin/python benchmarks/bench_ketahanan.py           # 100,000 rows
    .venv/bin/python benchmarks/bench_ketahanan.py 10000     # another size
"""

from __future__ import annotations

import os
import sys
import time


def main() -> None:
    import kesehatan_koperasi as kk
    from kesehatan_koperasi import contoh

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    frame = contoh.koperasi(n, seed=1)
    kk.assess_frame(frame.iloc[:100])
    kk.uji_ketahanan(frame.iloc[:100])           # warm the caches (rule sets, plans) once
    t_assess = t_uji = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        kk.assess_frame(frame)
        t_assess = min(t_assess, time.perf_counter() - t0)
        t0 = time.perf_counter()
        out = kk.uji_ketahanan(frame)
        t_uji = min(t_uji, time.perf_counter() - t0)
    alt = sum(c.startswith("predikat@") for c in out.columns)
    tidak_stabil = int((out["predikat_stabil"] == False).sum())  # noqa: E712 (boolean NA-aware)
    oleh_bacaan = int(((out["pemicu"] != "") & (out["pemicu"] != "±1")).sum())
    print(f"baris: {n:,}; bacaan alternatif: {alt}; beban mesin (1 menit): {os.getloadavg()[0]:.2f}")
    print(f"assess_frame   : {t_assess:8.3f} s")
    print(f"uji_ketahanan  : {t_uji:8.3f} s")
    print(f"rasio          : {t_uji / t_assess:8.2f} × (sasaran ≤ 4)")
    print(f"predikat tidak stabil: {tidak_stabil:,} dari {n:,} ({oleh_bacaan:,} karena bacaan alternatif, "
          f"{tidak_stabil - oleh_bacaan:,} hanya karena batas ±1)")


if __name__ == "__main__":
    main()
