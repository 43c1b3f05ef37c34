"""Benchmark: reading and validating one worksheet (issue 3, "Measured": ≤ 150 ms median).

Times :func:`kesehatan_koperasi.worksheet.read_worksheet` (open, parse, cross-field checks,
pydantic model) on each example in ``worksheets/``, and writing the template for reference.
A script, not a test: run ``python benchmarks/bench_worksheet.py [--ulang N]``.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time
from pathlib import Path

import kesehatan_koperasi as kk
from kesehatan_koperasi.worksheet import read_worksheet, write_template

WORKSHEETS = Path(__file__).resolve().parent.parent / "worksheets"
BATAS_MS = 150.0


def ukur(fn, ulang: int) -> list[float]:
    out = []
    for _ in range(ulang):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def cpu_terbaik(fn, ulang: int) -> float:
    """Best CPU time (``time.process_time``) of ``ulang`` calls [ms]."""
    best = float("inf")
    for _ in range(ulang):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best * 1000


def baca_openpyxl(path: Path, lembar: frozenset[str]) -> dict:
    """The previous read of the reader (openpyxl read-only, same rows and columns), for the ratio."""
    from kesehatan_koperasi.inputs import guard
    from kesehatan_koperasi.worksheet.reader import KOLOM_BACA

    wb = guard.open_workbook(path)
    try:
        return {ws.title: list(itertools.islice(ws.iter_rows(max_col=KOLOM_BACA, values_only=True),
                                                guard.MAKS_BARIS + 1 if ws.title in lembar else 1))
                for ws in wb.worksheets}
    finally:
        wb.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ulang", type=int, default=30, help="ulangan per berkas (bawaan 30)")
    args = ap.parse_args()
    kk.load_rules()                      # rule file parsed once, as in a long-running process
    semua = []
    print(f"{'berkas':45} {'median':>8} {'min':>8} {'maks':>8}  [ms]")
    for p in sorted(WORKSHEETS.glob("contoh-*.xlsx")):
        read_worksheet(p)                # warm-up (imports)
        t = ukur(lambda p=p: read_worksheet(p), args.ulang)
        semua += t
        print(f"{p.name:45} {statistics.median(t):8.1f} {min(t):8.1f} {max(t):8.1f}")
    med = statistics.median(semua)
    with tempfile.TemporaryDirectory() as d:
        tw = ukur(lambda: write_template(Path(d) / "kosong.xlsx"), max(3, args.ulang // 5))
    print(f"{'write_template (acuan)':45} {statistics.median(tw):8.1f} {min(tw):8.1f} {max(tw):8.1f}")
    from kesehatan_koperasi.worksheet import layout as L
    from kesehatan_koperasi.worksheet.reader import _muat

    contoh = WORKSHEETS / "contoh-ksp-sehat.xlsx"
    lembar = frozenset(lb.nama for lb in L.susun(kk.load_rules()))
    baru = cpu_terbaik(lambda: _muat(contoh, str(contoh), lembar), args.ulang)
    lama = cpu_terbaik(lambda: baca_openpyxl(contoh, lembar), args.ulang)
    semua_cpu = cpu_terbaik(lambda: read_worksheet(contoh), args.ulang)
    print(f"\nbaca sel {contoh.name} (CPU, terbaik dari {args.ulang}): pembaca XML {baru:.1f} ms, openpyxl "
          f"{lama:.1f} ms ({lama / baru:.1f}×); read_worksheet seluruhnya {semua_cpu:.1f} ms")
    status = "OK" if med <= BATAS_MS else "MELEBIHI BATAS"
    print(f"\nmembaca + memvalidasi satu kertas kerja: median {med:.1f} ms (batas {BATAS_MS:.0f} ms) — {status}")
    return 0 if med <= BATAS_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
