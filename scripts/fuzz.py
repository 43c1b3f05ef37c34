"""Long fuzz run, one target per kind of untrusted input (issues 8 and 17; docs/keamanan.md).

    .venv/bin/python scripts/fuzz.py --cases 10000 [--target NAME ...] [--seed 0] [--proses 2] [--simpan DIR]

Targets (``tests/fuzz/sasaran.py``): kertas_kerja, json, tabel, aturan, permohonan; all of them by
default, ``--cases`` each. Case ``i`` of a target is ``SASARAN[target].kasus(seed + i)``:
reproducible. Acceptable outcomes are the target's ``sah`` (a result or the library's own error).
Anything else (an exception, or a case slower than --batas-waktu seconds) is a failure: its target,
seed and mutations are printed and, with --simpan, the input is saved. Exit code 0 when there is no
failure, 1 otherwise.
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


def _kasus(args: tuple[str, int, float]) -> tuple[int, str, list[str], float, str]:
    nama, seed, batas = args
    from tests.fuzz.sasaran import SASARAN

    s = SASARAN[nama]
    try:
        data, jejak = s.kasus(seed)
    except Exception as e:     # a defect of the generator, not of the library: a failure, and the run goes on
        return seed, "GENERATOR", [], 0.0, f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=6)}"
    t = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hasil = s.jalankan(data)
        galat = "" if hasil in s.sah else f"hasil tak dikenal: {hasil}"
    except Exception as e:
        hasil, galat = "CRASH", f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=6)}"
    dt = time.perf_counter() - t
    if hasil != "CRASH" and dt > batas:
        hasil, galat = "LAMBAT", f"{dt:.1f} s"
    return seed, hasil, jejak, dt, galat


def main(argv: list[str] | None = None) -> int:
    from tests.fuzz.sasaran import SASARAN

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cases", type=int, default=10_000, help="cases per target")
    p.add_argument("--target", nargs="+", choices=sorted(SASARAN), default=list(SASARAN))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--proses", type=int, default=None)
    p.add_argument("--batas-waktu", type=float, default=10.0, help="seconds after which a case is a failure")
    p.add_argument("--simpan", type=Path, default=None, help="folder to save failing inputs in")
    p.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    a = p.parse_args(argv)
    semua = {}
    with ProcessPoolExecutor(max_workers=a.proses) as pool:
        for nama in a.target:
            semua[nama] = _satu_sasaran(pool, nama, a)
            r = semua[nama]
            if not a.json:
                print(f"[{nama}] kasus: {r['kasus']:,}; hasil: {r['hasil']}; gagal: {r['gagal']}; waktu: "
                      f"{r['detik_total']} s (median {r['detik_per_kasus_median']} s, maks "
                      f"{r['detik_per_kasus_maks']} s per kasus); mutasi: {r['mutasi']}")
    if a.json:
        print(json.dumps(semua, ensure_ascii=False))
    return 1 if any(r["gagal"] for r in semua.values()) else 0


def _satu_sasaran(pool: ProcessPoolExecutor, nama: str, a: argparse.Namespace) -> dict[str, object]:
    mulai = time.perf_counter()
    hitung: collections.Counter[str] = collections.Counter()
    per_jenis: collections.Counter[str] = collections.Counter()
    gagal = []
    waktu = []
    tugas = [(nama, a.seed + i, a.batas_waktu) for i in range(a.cases)]
    for n, (seed, hasil, jejak, dt, galat) in enumerate(pool.map(_kasus, tugas, chunksize=20), start=1):
        hitung[hasil] += 1
        waktu.append(dt)
        for j in jejak:
            per_jenis[j.split(":")[0] if not j.startswith("struktur:") else j] += 1
        if galat:
            gagal.append({"seed": seed, "hasil": hasil, "mutasi": jejak, "galat": galat})
            print(f"GAGAL {nama} seed={seed} {hasil} {jejak}\n{galat}", file=sys.stderr)
            if a.simpan and hasil != "GENERATOR":
                from tests.fuzz.sasaran import SASARAN

                a.simpan.mkdir(parents=True, exist_ok=True)
                (a.simpan / f"{nama}-{seed}.bin").write_bytes(SASARAN[nama].kasus(seed)[0])
        if n % 1000 == 0:
            print(f"  [{nama}] {n:,} kasus, {dict(hitung)}", file=sys.stderr)
    waktu.sort()
    return {
        "kasus": a.cases, "seed_awal": a.seed, "hasil": dict(hitung), "mutasi": dict(per_jenis),
        "gagal": len(gagal), "detik_total": round(time.perf_counter() - mulai, 1),
        "detik_per_kasus_median": round(waktu[len(waktu) // 2], 4) if waktu else None,
        "detik_per_kasus_maks": round(waktu[-1], 3) if waktu else None,
        "seed_gagal": [g["seed"] for g in gagal],
    }


if __name__ == "__main__":
    sys.exit(main())
