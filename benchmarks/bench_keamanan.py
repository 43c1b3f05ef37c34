"""Hostile workbooks, each read in a fresh process: outcome, time and peak memory (issue 8).

    .venv/bin/python benchmarks/bench_keamanan.py [--json]

The samples are generated (tests/fuzz/hostile.py) in this process; each child process imports the
library, reads one sample with ``read_worksheet`` and reports its wall time and its peak resident
memory (``benchmarks/_anak.py``). The first line, ``contoh-sah``, is a valid worksheet: the baseline.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._anak import jalankan  # noqa: E402

ANAK = r"""
import kesehatan_koperasi as kk
import kesehatan_koperasi.worksheet.reader
awal = hwm()
t = time.perf_counter()
try:
    kk.assess(kk.read_worksheet(sys.argv[1])); hasil = "hasil"
except kk.WorksheetError as e:
    hasil = "WorksheetError: " + e.masalah[0].pesan[:70]
except Exception as e:
    hasil = "CRASH " + type(e).__name__
dt = time.perf_counter() - t
puncak = hwm()
print(json.dumps({"hasil": hasil, "detik": round(dt, 3), "rss_mb": round(puncak / 1024, 1),
                  "tambah_mb": round((puncak - awal) / 1024, 1)}))
"""


def main() -> int:
    from tests.fuzz import hostile as H

    baris = []
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        sampel = {"contoh-sah": lambda _d: H.SUMBER, **H.SAMPEL, **H.SAMPEL_TERBACA, **H.SAMPEL_TERBURUK}
        for nama, g in sampel.items():
            p = g(d)
            hasil = {"detik": None, "rss_mb": None, "tambah_mb": None} | jalankan(ANAK, str(p), timeout=300)
            hasil |= {"sampel": nama, "ukuran_kb": round(p.stat().st_size / 1024, 1)}
            baris.append(hasil)
            if "--json" not in sys.argv:
                print(f"{nama:30} {hasil['ukuran_kb']:>9} kB {hasil['detik']!s:>7} s  puncak {hasil['rss_mb']!s:>6} MB "
                      f"(+{hasil['tambah_mb']} MB)  {hasil['hasil']}", flush=True)
    if "--json" in sys.argv:
        print(json.dumps(baris, ensure_ascii=False, indent=1))
    return 1 if any(b["hasil"].startswith("CRASH") for b in baris) else 0


if __name__ == "__main__":
    sys.exit(main())
