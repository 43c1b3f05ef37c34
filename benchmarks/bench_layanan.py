"""Load benchmark of the web service (issue 13): uvicorn on loopback, ``POST /api/v1/penilaian``
of the example worksheet (``worksheets/contoh-ksp-sehat.xlsx``) as multipart, with an API token.

1. a burst of ``--serentak`` requests fired at once (default 200): errors and latency;
2. ``--berurutan`` requests (default 2,000) at each level of ``--klien`` (default 4 and 16
   concurrent clients, each sending its share one after another): p50/p95 latency, throughput,
   errors;
3. the CPU seconds of one assessment measured in this process on the same input and through the
   same functions the endpoint calls (read the upload, assess, serialise hasil.json), best of 5,
   and the ratio ``throughput ÷ (cores / cpu_seconds)`` — the share of the machine's scoring
   capacity the service delivers.

Targets on a 2-core machine: p95 ≤ 300 ms at 4 clients; at 16 clients a ratio ≥ 0.8; zero errors.
Print the load (``uptime``) next to the figures.

    .venv/bin/python benchmarks/bench_layanan.py                       # the full run
    .venv/bin/python benchmarks/bench_layanan.py --serentak 20 --berurutan 100   # a quick run
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
CONTOH = AKAR / "worksheets" / "contoh-ksp-sehat.xlsx"


def _port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_satu_penilaian(isi: bytes, ulang: int = 5) -> float:
    """CPU seconds of one assessment as the endpoint does it (best of ``ulang``)."""
    from kesehatan_koperasi.layanan.penilaian import baca_kertas_kerja, nilai
    from kesehatan_koperasi.outputs.tanda_tangan import hasil_bytes

    hasil_bytes(nilai(baca_kertas_kerja(isi, "kk.xlsx")))       # warm-up (imports, rule set cache)
    terbaik = float("inf")
    for _ in range(ulang):
        t = time.process_time()
        hasil_bytes(nilai(baca_kertas_kerja(isi, "kk.xlsx")))
        terbaik = min(terbaik, time.process_time() - t)
    return terbaik


def _server(folder: Path, pekerja: int) -> tuple[subprocess.Popen[bytes], str, str]:
    from kesehatan_koperasi.layanan.akun import buat_token, tambah_pengguna
    from kesehatan_koperasi.layanan.db import pembuat_sesi, siapkan, transaksi

    db = f"sqlite:///{folder / 'bench.sqlite'}"
    mesin = siapkan(db)
    with transaksi(pembuat_sesi(mesin)) as s:
        tambah_pengguna(s, "bench", "pemeriksa", "kata-sandi-bench-panjang")
        token = buat_token(s, "bench")
    mesin.dispose()
    port = _port()
    alamat = f"http://127.0.0.1:{port}"
    env = os.environ | {"KK_DB": db, "KK_KANTOR": "contoh"}
    p = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "kesehatan_koperasi.layanan.jalankan:app_dari_lingkungan",
                          "--host", "127.0.0.1", "--port", str(port), "--workers", str(pekerja), "--log-level", "warning",
                          "--no-access-log"], env=env)
    for _ in range(600):
        try:
            urllib.request.urlopen(alamat + "/verifikasi", timeout=1)
            return p, alamat, token
        except OSError:
            time.sleep(0.1)
    p.terminate()
    raise SystemExit("uvicorn tidak mulai")


class Klien(threading.local):
    pass


def _kirim(alamat: str, token: str, isi: bytes, lokal: threading.local) -> tuple[float, bool]:
    import httpx

    if not hasattr(lokal, "c"):
        lokal.c = httpx.Client(base_url=alamat, headers={"Authorization": f"Bearer {token}"}, timeout=120)
    t = time.perf_counter()
    try:
        r = lokal.c.post("/api/v1/penilaian", files={"berkas": ("kk.xlsx", isi, "application/octet-stream")})
        ok = r.status_code == 200 and r.content.startswith(b"{")
    except Exception:
        ok = False
    return time.perf_counter() - t, ok


def jalankan(alamat: str, token: str, isi: bytes, n: int, klien: int) -> dict[str, float]:
    lokal = Klien()
    mulai = time.perf_counter()
    with ThreadPoolExecutor(klien) as ex:
        hasil = list(ex.map(lambda _: _kirim(alamat, token, isi, lokal), range(n)))
    lama = time.perf_counter() - mulai
    waktu = sorted(h[0] for h in hasil)
    return {"n": n, "klien": klien, "p50": statistics.median(waktu) * 1000,
            "p95": waktu[min(len(waktu) - 1, int(0.95 * len(waktu)))] * 1000, "throughput": n / lama,
            "galat": sum(not h[1] for h in hasil), "detik": lama}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--serentak", type=int, default=200, help="permintaan serentak pada ledakan awal (bawaan 200)")
    ap.add_argument("--berurutan", type=int, default=2000, help="permintaan per tingkat klien (bawaan 2000)")
    ap.add_argument("--klien", default="4,16", help="tingkat klien serentak, dipisah koma (bawaan 4,16)")
    ap.add_argument("--pekerja", type=int, default=os.cpu_count() or 2, help="proses pekerja uvicorn (bawaan: jumlah inti)")
    a = ap.parse_args()
    isi = CONTOH.read_bytes()
    inti = os.cpu_count() or 2
    print(f"mesin: {inti} inti; beban: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    with tempfile.TemporaryDirectory() as folder:
        p, alamat, token = _server(Path(folder), a.pekerja)
        try:
            jalankan(alamat, token, isi, 2 * a.pekerja, a.pekerja)        # warm every worker
            b = jalankan(alamat, token, isi, a.serentak, a.serentak)
            print(f"ledakan {a.serentak} serentak (pekerja {a.pekerja}): p50 {b['p50']:.0f} ms, p95 {b['p95']:.0f} ms, "
                  f"throughput {b['throughput']:.1f}/s, galat {b['galat']}")
            cpu = cpu_satu_penilaian(isi)
            kapasitas = inti / cpu
            print(f"CPU satu penilaian: {cpu * 1000:.1f} ms → kapasitas {inti} inti: {kapasitas:.1f}/s")
            for k in (int(x) for x in a.klien.split(",")):
                r = jalankan(alamat, token, isi, a.berurutan, k)
                print(f"{r['n']} permintaan, {k} klien serentak: p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, "
                      f"throughput {r['throughput']:.1f}/s, galat {r['galat']}, rasio throughput ÷ (2 / cpu) "
                      f"{r['throughput'] / (2 / cpu):.2f}")
        finally:
            p.terminate()
            p.wait(30)
    print(f"beban sesudahnya: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main()
