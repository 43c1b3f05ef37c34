"""The worst input within each budget of issue 17, and inputs just over it, each in a fresh process:
outcome, time and peak memory (``docs/keamanan.md``).

    .venv/bin/python benchmarks/bench_anggaran.py [--json]

Samples: the largest JSON worksheet the model accepts (every list and text at its budget), one
over the size budget; a rule file with the most aliases allowed, and an alias bomb; a Parquet file
declaring more rows than the table budget; the largest shared-strings part the workbook guard lets
through is in ``bench_keamanan.py``.
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
from kesehatan_koperasi.batch.baca import read_table
from kesehatan_koperasi.model import read_json
from kesehatan_koperasi.outputs.excel import write_hasil_xlsx
jenis, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
try:
    if jenis == "json":
        h = kk.assess(read_json(path)); write_hasil_xlsx(h, path + ".xlsx"); hasil = "hasil"
    elif jenis == "aturan":
        kk.load_rules(path); hasil = "aturan"
    else:
        read_table(path); hasil = "tabel"
except kk.KesehatanKoperasiError as e:
    hasil = type(e).__name__ + ": " + str(e).splitlines()[-1][:70]
dt = time.perf_counter() - t
print(json.dumps({"hasil": hasil, "detik": round(dt, 3), "rss_mb": round(hwm() / 1024, 1)}))
"""


def _json_terbesar(d: Path) -> Path:
    from kesehatan_koperasi import contoh
    from kesehatan_koperasi.inputs import budget as B

    ws = json.loads(contoh.kertas_kerja(contoh.koperasi(1, seed=1), 0).model_dump_json())
    nama = "Koperasi " + "a" * (B.MAKS_TEKS - 9)
    ws["identitas"]["nama_koperasi"] = nama
    ws["identitas"]["alamat"] = "Jalan " + "b" * (B.MAKS_TEKS_ALAMAT - 6)
    pem = ws["pemeriksaan"]
    pem["tim_pemeriksa"] = [{"nama": nama, "nip": "1" * 18, "jabatan": "j" * B.MAKS_TEKS} for _ in range(B.MAKS_TIM)]
    pem["penandatangan"] = {"nama": nama, "nip": "1" * 18, "jabatan": "j" * B.MAKS_TEKS}
    pem["pengurus_hadir"] = [{"nama": nama, "jabatan": "j" * B.MAKS_TEKS} for _ in range(B.MAKS_PENGURUS)]
    pem["temuan"] = {f"A{i}": {"catatan": "c " * (B.MAKS_TEKS_CATATAN // 2), "rekomendasi": "r " * (
        B.MAKS_TEKS_CATATAN // 2)} for i in range(B.MAKS_TEMUAN)}
    p = d / "json-terbesar.json"
    p.write_text(json.dumps(ws, ensure_ascii=False), encoding="utf-8")
    return p


def _json_terlalu_besar(d: Path) -> Path:
    from kesehatan_koperasi.inputs import budget as B

    p = d / "json-terlalu-besar.json"
    p.write_text('{"identitas": "' + "a" * (B.MAKS_UKURAN_JSON + 1) + '"}', encoding="utf-8")
    return p


def _aturan_alias(d: Path, n: int) -> Path:
    from importlib import resources

    teks = (resources.files("kesehatan_koperasi") / "rulesets" / "juknis-15-2021.yaml").read_text(encoding="utf-8")
    tambah = ["x_bom0: &b0 [a, a, a, a, a, a, a, a, a]"]
    for i in range(1, n // 9 + 1):
        tambah.append(f"x_bom{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 9) + "]")
    p = d / f"aturan-alias-{n}.yaml"
    p.write_text(teks + "\n" + "\n".join(tambah) + "\n", encoding="utf-8")
    return p


def _parquet_400m(d: Path) -> Path:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = d / "parquet-400m.parquet"
    kolom = pa.array(np.zeros(1_000_000, dtype=np.int8))
    with pq.ParquetWriter(p, pa.schema([("nama_koperasi", pa.int8())]), compression="zstd") as w:
        for _ in range(400):
            w.write_table(pa.table({"nama_koperasi": kolom}))
    return p


def main() -> int:
    from kesehatan_koperasi.inputs import budget as B

    sampel = {
        "json-terbesar-diterima": ("json", _json_terbesar),
        "json-lebih-dari-2-MB": ("json", _json_terlalu_besar),
        "aturan-99-alias": ("aturan", lambda d: _aturan_alias(d, B.MAKS_ALIAS_ATURAN - 1)),
        "aturan-bom-alias": ("aturan", lambda d: _aturan_alias(d, 9 * 20)),
        "parquet-400-juta-baris": ("tabel", _parquet_400m),
    }
    baris = []
    with tempfile.TemporaryDirectory() as d:
        for nama, (jenis, g) in sampel.items():
            p = g(Path(d))
            hasil = jalankan(ANAK, jenis, str(p))
            hasil = {"sampel": nama, "ukuran_kb": round(p.stat().st_size / 1024, 1), **hasil}
            baris.append(hasil)
            if "--json" not in sys.argv:
                print(f"{nama:<26} {hasil['ukuran_kb']:>10} kB  {hasil.get('detik', '-'):>7} s  "
                      f"{hasil.get('rss_mb', '-'):>7} MB  {hasil['hasil']}")
    if "--json" in sys.argv:
        print(json.dumps(baris, ensure_ascii=False))
    return 0 if all(not b["hasil"].startswith("CRASH") for b in baris) else 1


if __name__ == "__main__":
    sys.exit(main())
