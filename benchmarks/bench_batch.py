"""Benchmark of batch assessment (issue 5), in one run, with the issue's targets checked:

- ``assess_frame`` rows/s at 10k / 100k / 1M and the speed-up over the scalar reference
  (``benchmarks/bench_assess.py``, run as is);
- a Parquet table of 1,000,000 rows end to end: read → score → write ``hasil-massal.parquet``
  (target ≤ 2 s, issue 15), against the previous path in the same run;
- the batch command on a folder of Parquet files (streamed batch by batch) against the same rows as
  one table, time and peak memory;
- the result workbook of 100,000 rows (target ≤ 15 s, issue 15) against the CSV of the same table;
- worksheets read per second with 1 process and with all cores, and 1,000 worksheets in a folder
  scored by ``run_batch`` (reading, one ``assess_frame`` call, CSV + Parquet + XLSX written;
  target ≤ 15 s, issue 15);
- PDFs per second: 1,000 certificates rendered in parallel on all cores (target ≤ 5 min), and
  the minutes on a sample;
- peak memory (ru_maxrss) of each step, workers included.

    .venv/bin/python benchmarks/bench_batch.py
    .venv/bin/python benchmarks/bench_batch.py --sertifikat 200 --tanpa-assess   # quicker

The 1,000 worksheets are 50 distinct workbooks written by ``write_worksheet`` from synthetic
cooperatives, copied under 1,000 names (reading cost does not depend on the values; every copy is
read and validated, then reported as a duplicate of the first).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_PARQUET_S, TARGET_FOLDER_S, TARGET_SERTIFIKAT_S, TARGET_XLSX_S = 2.0, 15.0, 300.0, 15.0


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def child_parquet(n: int, tmp: str) -> dict:
    """Parquet → scored → Parquet at ``n`` rows: the previous path (``pd.read_parquet`` → ``assess_frame``
    → ``DataFrame.to_parquet``) and the current one (``batch.nilai_parquet``: only the needed columns,
    batch by batch, pyarrow writer), best of 2 each, in the same process on the same file."""
    import pandas as pd

    import kesehatan_koperasi as kk
    from kesehatan_koperasi import batch, contoh

    src = Path(tmp) / "koperasi.parquet"
    contoh.koperasi(n, seed=3).to_parquet(src, index=False)
    kk.assess_frame(pd.read_parquet(src).head(10))        # imports and the rule set, not timed
    best: dict[str, float] = {}
    for _ in range(2):
        t0 = time.perf_counter()
        frame = pd.read_parquet(src)
        t1 = time.perf_counter()
        out = kk.assess_frame(frame)
        t2 = time.perf_counter()
        out.to_parquet(Path(tmp) / "lama.parquet", index=False)
        t3 = time.perf_counter()
        assert len(out) == n and (out["galat"] == "").all()
        del frame, out
        if not best or t3 - t0 < best["total"]:
            best.update({"read": t1 - t0, "assess": t2 - t1, "write": t3 - t2, "total": t3 - t0})
        t0 = time.perf_counter()
        r = batch.nilai_parquet(src, Path(tmp) / "out")
        t1 = time.perf_counter()
        assert r["baris"] == n and r["gagal"] == 0
        best["stream"] = min(best.get("stream", float("inf")), t1 - t0)
    return best | {"peak_mb": _peak_mb()}


def child_folder(tmp: str, n_files: int) -> dict:
    from kesehatan_koperasi import batch, contoh
    from kesehatan_koperasi.batch.baca import peta_paralel
    from kesehatan_koperasi.worksheet import write_worksheet

    folder = Path(tmp) / "kertas-kerja"
    folder.mkdir()
    frame = contoh.koperasi(50, seed=4)
    models = [contoh.kertas_kerja(frame, i) for i in range(50)]
    peta_paralel(_tulis_satu, [(m, str(folder / f"asli-{i:02d}.xlsx")) for i, m in enumerate(models)])
    asli = sorted(folder.iterdir())
    for i in range(n_files):
        shutil.copyfile(asli[i % 50], folder / f"kk-{i:04d}.xlsx")
    for p in asli:
        p.unlink()
    del write_worksheet

    sub = Path(tmp) / "sub"
    sub.mkdir()
    for p in sorted(folder.iterdir())[:100]:
        shutil.copyfile(p, sub / p.name)
    t0 = time.perf_counter()
    h1 = batch.assess_folder(sub, proses=1)
    satu = time.perf_counter() - t0
    t0 = time.perf_counter()
    h2 = batch.assess_folder(sub, proses=os.cpu_count())
    semua = time.perf_counter() - t0
    # the copies of the 50 workbooks are the same cooperatives: each read and validated in full, then
    # every copy after the first reported as a duplicate (NIK + tahun buku) instead of scored twice
    for h in (h1, h2):
        assert ((h["galat"] == "") | h["galat"].str.startswith("duplikat")).all()

    devnull = open(os.devnull, "w")
    err, sys.stderr = sys.stderr, devnull
    try:
        t0 = time.perf_counter()
        rc = batch.run_batch(folder, Path(tmp) / "out", progress=False)
        total = time.perf_counter() - t0
    finally:
        sys.stderr = err
    assert rc == (0 if n_files <= 50 else 1)     # 1: the duplicates
    return {"per_s_1": 100 / satu, "per_s_all": 100 / semua, "files": n_files, "run_batch_s": total,
            "peak_mb": _peak_mb()}


def child_dataset(n: int, tmp: str, bagian: int) -> dict:
    """``run_batch`` on a folder of ``bagian`` Parquet files (streamed batch by batch, issue 15) and,
    as the baseline, on the same rows as one Parquet table (read whole), each in its own process:
    time and peak memory (ru_maxrss)."""
    from kesehatan_koperasi import contoh

    folder = Path(tmp) / "dataset"
    folder.mkdir()
    f = contoh.koperasi(n, seed=6)
    f.to_parquet(Path(tmp) / "tabel.parquet", index=False)
    per = -(-n // bagian)
    for i in range(bagian):
        f.iloc[i * per:(i + 1) * per].to_parquet(folder / f"bagian-{i:03d}.parquet", index=False)
    out = {}
    for nama, masukan in (("tabel", Path(tmp) / "tabel.parquet"), ("folder", folder)):
        res = subprocess.run([sys.executable, __file__, "--child", "run_batch", str(masukan), str(Path(tmp) / nama)],
                             capture_output=True, text=True, cwd=ROOT)
        if res.returncode:
            sys.stderr.write(res.stderr)
            raise SystemExit(f"run_batch {nama} gagal")
        out[nama] = json.loads(res.stdout.strip().splitlines()[-1])
    return out


def child_run_batch(masukan: str, out: str) -> dict:
    from kesehatan_koperasi import batch

    devnull = open(os.devnull, "w")
    err, sys.stderr = sys.stderr, devnull
    try:
        t0 = time.perf_counter()
        rc = batch.run_batch(Path(masukan), Path(out), progress=False)
        dt = time.perf_counter() - t0
    finally:
        sys.stderr = err
    assert rc == 0
    return {"s": dt, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child_xlsx(n: int, tmp: str) -> dict:
    """The result workbook of ``n`` rows (the streamed Hasil sheet), against the CSV of the same table
    written in the same process (the baseline)."""
    from kesehatan_koperasi import batch, contoh
    from kesehatan_koperasi.batch import tulis

    src = Path(tmp) / "t.parquet"
    contoh.koperasi(n, seed=7).to_parquet(src, index=False)
    hasil = batch.assess_table(src)
    t0 = time.perf_counter()
    tulis.tulis_csv(Path(tmp) / "h.csv", hasil)
    csv_s = time.perf_counter() - t0
    ringkasan, indikator = tulis.ringkasan(hasil), tulis.hitung_indikator(hasil)
    t0, c0 = time.perf_counter(), time.process_time()
    tulis.tulis_xlsx(Path(tmp) / "h.xlsx", hasil, ringkasan, indikator)
    return {"n": n, "sel": hasil.size, "xlsx_s": time.perf_counter() - t0, "xlsx_cpu_s": time.process_time() - c0,
            "csv_s": csv_s, "peak_mb": _peak_mb()}


def _tulis_satu(t: tuple) -> None:
    from kesehatan_koperasi.worksheet import write_worksheet

    write_worksheet(t[0], t[1])


def _sertifikat(t: tuple) -> None:
    from kesehatan_koperasi.outputs.pdf import render_certificate

    render_certificate(t[0], t[1])


def _berita_acara(t: tuple) -> None:
    from kesehatan_koperasi.outputs.pdf import render_minutes

    render_minutes(t[0], t[1])


def child_pdf(tmp: str, n_cert: int, n_min: int) -> dict:
    from kesehatan_koperasi import contoh
    from kesehatan_koperasi.batch.baca import peta_paralel
    from kesehatan_koperasi.result.build import hasil_from_frame

    frame = contoh.koperasi(100, seed=5)
    hasil = [h for h in hasil_from_frame(frame) if not isinstance(h, str)]
    out = Path(tmp)
    peta_paralel(_sertifikat, [(hasil[0], str(out / "pemanasan.pdf"))])   # imports, fonts
    t0 = time.perf_counter()
    peta_paralel(_sertifikat, [(hasil[i % len(hasil)], str(out / f"s-{i:04d}.pdf")) for i in range(n_cert)])
    cert = time.perf_counter() - t0
    t0 = time.perf_counter()
    peta_paralel(_berita_acara, [(hasil[i % len(hasil)], str(out / f"b-{i:04d}.pdf")) for i in range(n_min)])
    minutes = time.perf_counter() - t0
    return {"n_cert": n_cert, "cert_s": cert, "n_min": n_min, "min_s": minutes, "peak_mb": _peak_mb()}


def _child(name: str, *args: str) -> dict:
    res = subprocess.run([sys.executable, __file__, "--child", name, *args], capture_output=True, text=True,
                         cwd=ROOT)
    if res.returncode:
        sys.stderr.write(res.stderr)
        raise SystemExit(f"langkah {name} gagal")
    return json.loads(res.stdout.strip().splitlines()[-1])


def _cek(ok: bool) -> str:
    return "OK" if ok else "TIDAK TERCAPAI"


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        name, args = sys.argv[2], sys.argv[3:]
        fn = {"parquet": lambda: child_parquet(int(args[0]), args[1]),
              "folder": lambda: child_folder(args[0], int(args[1])),
              "pdf": lambda: child_pdf(args[0], int(args[1]), int(args[2])),
              "dataset": lambda: child_dataset(int(args[0]), args[1], int(args[2])),
              "run_batch": lambda: child_run_batch(args[0], args[1]),
              "xlsx": lambda: child_xlsx(int(args[0]), args[1])}[name]
        print(json.dumps(fn()))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baris", type=int, default=1_000_000, help="rows of the Parquet table (default 1,000,000)")
    ap.add_argument("--berkas", type=int, default=1000, help="worksheets in the folder (default 1,000)")
    ap.add_argument("--sertifikat", type=int, default=1000, help="certificates rendered (default 1,000)")
    ap.add_argument("--berita-acara", type=int, default=40, help="minutes rendered (default 40)")
    ap.add_argument("--tanpa-assess", action="store_true", help="skip bench_assess.py (10k/100k/1M)")
    ap.add_argument("--xlsx-baris", type=int, default=100_000, help="rows of the result workbook (default 100,000)")
    ap.add_argument("--dataset-baris", type=int, default=50_000,
                    help="rows of the Parquet folder given to the batch command (default 50,000 in 5 files)")
    args = ap.parse_args()
    print(f"{os.cpu_count()} CPU, python {sys.version.split()[0]}\n")
    hasil = []

    if not args.tanpa_assess:
        print("== assess_frame (benchmarks/bench_assess.py) ==")
        sys.stdout.flush()
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_assess.py")], check=True, cwd=ROOT)
        print()

    with tempfile.TemporaryDirectory() as tmp:
        r = _child("parquet", str(args.baris), tmp)
    ok = args.baris < 1_000_000 or r["stream"] <= TARGET_PARQUET_S
    print(f"== Parquet {args.baris:,} baris: baca → nilai → tulis (beban {os.getloadavg()[0]:.2f}) ==")
    print(f"  jalur lama: baca {r['read']:.2f} s + nilai {r['assess']:.2f} s + tulis {r['write']:.2f} s = {r['total']:.2f} s "
          f"({args.baris / r['total']:,.0f} baris/s)")
    print(f"  batch.nilai_parquet: {r['stream']:.2f} s ({args.baris / r['stream']:,.0f} baris/s, "
          f"{r['total'] / r['stream']:.2f}× jalur lama), puncak memori {r['peak_mb']:,.0f} MB  "
          f"[target ≤ {TARGET_PARQUET_S:g} s: {_cek(ok)}]\n")
    hasil.append(ok)

    with tempfile.TemporaryDirectory() as tmp:
        r = _child("dataset", str(args.dataset_baris), tmp, "5")
    print(f"== batch pada folder Parquet {args.dataset_baris:,} baris dalam 5 berkas (beban {os.getloadavg()[0]:.2f}) ==")
    print(f"  dasar, tabel yang sama sekaligus: {r['tabel']['s']:.1f} s, puncak memori {r['tabel']['peak_mb']:,.0f} MB")
    print(f"  folder, bertahap: {r['folder']['s']:.1f} s ({r['tabel']['s'] / r['folder']['s']:.2f}× dasar), puncak memori "
          f"{r['folder']['peak_mb']:,.0f} MB ({r['folder']['peak_mb'] / r['tabel']['peak_mb']:.2f}× dasar)\n")

    with tempfile.TemporaryDirectory() as tmp:
        r = _child("xlsx", str(args.xlsx_baris), tmp)
    ok = args.xlsx_baris < 100_000 or r["xlsx_s"] <= TARGET_XLSX_S
    print(f"== Buku kerja hasil {r['n']:,} baris ({r['sel']:,} sel; beban {os.getloadavg()[0]:.2f}) ==")
    print(f"  dasar, CSV tabel yang sama: {r['csv_s']:.1f} s")
    print(f"  XLSX (lembar Hasil dialirkan, batch/lembar_hasil.py): {r['xlsx_s']:.1f} s, CPU {r['xlsx_cpu_s']:.1f} s "
          f"({r['xlsx_s'] / r['csv_s']:.1f}× CSV, {r['sel'] / r['xlsx_s']:,.0f} sel/s)  "
          f"[target 100.000 baris ≤ {TARGET_XLSX_S:g} s: {_cek(ok)}]\n")
    hasil.append(ok)

    with tempfile.TemporaryDirectory() as tmp:
        r = _child("folder", tmp, str(args.berkas))
    ok = args.berkas < 1000 or r["run_batch_s"] <= TARGET_FOLDER_S
    print("== Kertas kerja (.xlsx) ==")
    print(f"  dibaca per detik: {r['per_s_1']:.1f} (1 proses), {r['per_s_all']:.1f} ({os.cpu_count()} proses)")
    print(f"  run_batch {r['files']:,} kertas kerja (baca, nilai, tulis csv/parquet/xlsx): {r['run_batch_s']:.1f} s, "
          f"puncak memori {r['peak_mb']:,.0f} MB  [target ≤ {TARGET_FOLDER_S:g} s: {_cek(ok)}]\n")
    hasil.append(ok)

    with tempfile.TemporaryDirectory() as tmp:
        r = _child("pdf", tmp, str(args.sertifikat), str(args.berita_acara))
    ok = args.sertifikat < 1000 or r["cert_s"] <= TARGET_SERTIFIKAT_S
    print(f"== PDF ({os.cpu_count()} proses) ==")
    print(f"  sertifikat: {r['n_cert']:,} dalam {r['cert_s']:.1f} s ({r['n_cert'] / r['cert_s']:.2f} PDF/s)  "
          f"[target 1.000 ≤ {TARGET_SERTIFIKAT_S:g} s: {_cek(ok)}]")
    print(f"  berita acara: {r['n_min']:,} dalam {r['min_s']:.1f} s ({r['n_min'] / r['min_s']:.2f} PDF/s); "
          f"puncak memori {r['peak_mb']:,.0f} MB")
    hasil.append(ok)
    return 0 if all(hasil) else 1


if __name__ == "__main__":
    sys.exit(main())
