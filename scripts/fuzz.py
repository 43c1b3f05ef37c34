"""Long fuzz run over read_worksheet + assess (issue 8, item 3; docs/keamanan.md).

    .venv/bin/python scripts/fuzz.py --cases 10000 [--seed 0] [--proses 2] [--simpan DIR]

Case ``i`` is ``tests.fuzz.target.kasus(seed + i)``: reproducible. Acceptable outcomes: a result
or a WorksheetError. Anything else (an exception, or a case slower than --batas-waktu seconds) is a
failure: its seed and mutations are printed and, with --simpan, the workbook is saved. Exit code
0 when there is no failure, 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
import traceback
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _kasus(args: tuple[int, float]) -> tuple[int, str, list[str], float, str]:
    seed, batas = args
    from tests.fuzz import target as T

    data, jejak = T.kasus(seed)
    t = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hasil = T.jalankan(data)
        galat = ""
    except Exception as e:
        hasil, galat = "CRASH", f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=6)}"
    dt = time.perf_counter() - t
    if hasil != "CRASH" and dt > batas:
        hasil, galat = "LAMBAT", f"{dt:.1f} s"
    return seed, hasil, jejak, dt, galat


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cases", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--proses", type=int, default=None)
    p.add_argument("--batas-waktu", type=float, default=10.0, help="seconds after which a case is a failure")
    p.add_argument("--simpan", type=Path, default=None, help="folder to save failing workbooks in")
    p.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    a = p.parse_args(argv)

    mulai = time.perf_counter()
    hitung: collections.Counter[str] = collections.Counter()
    per_jenis: collections.Counter[str] = collections.Counter()
    gagal = []
    waktu = []
    tugas = [(a.seed + i, a.batas_waktu) for i in range(a.cases)]
    with ProcessPoolExecutor(max_workers=a.proses) as pool:
        for n, (seed, hasil, jejak, dt, galat) in enumerate(pool.map(_kasus, tugas, chunksize=20), start=1):
            hitung[hasil] += 1
            waktu.append(dt)
            for j in jejak:
                per_jenis[j.split(":")[0]] += 1
            if galat:
                gagal.append({"seed": seed, "hasil": hasil, "mutasi": jejak, "galat": galat})
                print(f"GAGAL seed={seed} {hasil} {jejak}\n{galat}", file=sys.stderr)
                if a.simpan:
                    from tests.fuzz import target as T

                    a.simpan.mkdir(parents=True, exist_ok=True)
                    (a.simpan / f"kasus-{seed}.xlsx").write_bytes(T.kasus(seed)[0])
            if n % 1000 == 0:
                print(f"  {n:,} kasus, {dict(hitung)}", file=sys.stderr)
    waktu.sort()
    ringkas = {
        "kasus": a.cases, "seed_awal": a.seed, "hasil": dict(hitung), "mutasi": dict(per_jenis),
        "gagal": len(gagal), "detik_total": round(time.perf_counter() - mulai, 1),
        "detik_per_kasus_median": round(waktu[len(waktu) // 2], 4) if waktu else None,
        "detik_per_kasus_maks": round(waktu[-1], 3) if waktu else None,
        "seed_gagal": [g["seed"] for g in gagal],
    }
    if a.json:
        print(json.dumps(ringkas, ensure_ascii=False))
    else:
        print(f"Kasus dicoba: {a.cases:,}; hasil: {dict(hitung)}; gagal: {len(gagal)}; "
              f"waktu: {ringkas['detik_total']} s (median {ringkas['detik_per_kasus_median']} s, "
              f"maks {ringkas['detik_per_kasus_maks']} s per kasus); mutasi: {dict(per_jenis)}")
    return 1 if gagal else 0


if __name__ == "__main__":
    sys.exit(main())
