"""Fuzz targets, one per kind of untrusted input (issue 17, item 10; ``docs/keamanan.md``).

Each target has ``kasus(seed) -> (bytes, mutations)`` — a structure-aware mutation of a valid input,
reproduced from its seed — and ``jalankan(bytes) -> outcome``; an outcome outside the target's
``SAH`` (and any exception) is a crash. The generators aim at the classes the outside adversarial
test found: dtypes, encodings, part names, duplicate names, hidden sheets, control characters,
non-ASCII digits, and sizes on both sides of every budget of :mod:`kesehatan_koperasi.inputs.budget`.

- ``kertas_kerja``: the workbook (:mod:`.target`'s byte/XML/cell mutations, plus renamed parts,
  UTF-16 parts, duplicate entries, hidden sheets, recalculate-on-open);
- ``json``: the JSON worksheet (values, keys, nesting, encodings, list lengths near the budgets);
- ``tabel``: a batch table (CSV or Parquet; column dtypes, hostile cells, mixed cooperative types),
  read, scored and written: every input row must be in every output;
- ``aturan``: a rule file (YAML mutations, aliases, nesting, encodings);
- ``permohonan``: the application checklist workbook.
"""

from __future__ import annotations

import io
import json
import random
import re
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import target as T

_JAHAT_TEKS = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u200b", "\u202e", "\r\n", "\t", "#DIV/0!", "#N/A",
               "=HYPERLINK(\"http://x\",\"k\")", "+1", "@A1", "-", "٢٠٢٣", "２０２３", "٦١٠٠٠٠٠٠٠٧٠٠٠٠٠٠", "𝔘",
               "\ud800", "", " ", "null", "1e400", "-0"]


def _panjang(rng: random.Random) -> str:
    from kesehatan_koperasi.inputs import budget as B

    n = rng.choice([B.MAKS_TEKS - 1, B.MAKS_TEKS, B.MAKS_TEKS + 1, B.MAKS_TEKS_ALAMAT + 1,
                    B.MAKS_TEKS_CATATAN, B.MAKS_TEKS_CATATAN + 1, 100_000])
    return ("Koperasi " + "a" * n)[:n]


def _teks(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.25:
        return _panjang(rng)
    if r < 0.6:
        return rng.choice(_JAHAT_TEKS)
    return "Koperasi" + rng.choice(_JAHAT_TEKS) + "Maju"


# ------------------------------------------------------------------------------ workbook
def _kk_struktur(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    parts = T.bagian(data)
    op = rng.choices(["nama_gambar", "utf16", "ganda", "tersembunyi", "hitung_ulang", "bom_bom"],
                     weights=[20, 20, 20, 20, 20, 2])[0]     # a part near its budget is slow to read
    if op == "nama_gambar":
        lembar = rng.choice(sorted(n for n in parts if n.startswith("xl/worksheets/sheet")))
        baru = "xl/media/image9.png"
        parts[baru] = parts.pop(lembar)
        rels = "xl/_rels/workbook.xml.rels"
        parts[rels] = parts[rels].replace(lembar.split("xl/")[1].encode(), b"media/image9.png")
    elif op == "utf16":
        n = rng.choice(sorted(n for n in parts if n.endswith(".xml")))
        teks = parts[n].decode("utf-8", "replace").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        parts[n] = teks.encode(rng.choice(["utf-16", "utf-16-le", "utf-32"]))
    elif op == "ganda":
        n = rng.choice(sorted(parts))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for k, v in parts.items():
                zf.writestr(k, v)
            zf.writestr(n, parts[n])
        return buf.getvalue(), op
    elif op == "tersembunyi":
        state = rng.choice([b"hidden", b"veryHidden"])
        buku = parts["xl/workbook.xml"]
        sheets = list(re.finditer(rb"<sheet ", buku))
        m = rng.choice(sheets)
        parts["xl/workbook.xml"] = buku[:m.end()] + b'state="' + state + b'" ' + buku[m.end():]
    elif op == "hitung_ulang":
        buku = parts["xl/workbook.xml"]
        parts["xl/workbook.xml"] = re.sub(rb"<calcPr[^>]*/>", b'<calcPr calcId="0" fullCalcOnLoad="1"/>', buku) \
            if b"<calcPr" in buku else buku.replace(b"</workbook>", b'<calcPr fullCalcOnLoad="1"/></workbook>')
    else:
        n = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in parts else rng.choice(sorted(parts))
        from kesehatan_koperasi.inputs import budget as B

        ukuran = rng.choice([B.MAKS_UKURAN_BAGIAN - 4096, B.MAKS_UKURAN_BAGIAN + 1])
        parts[n] = parts[n] + b"<!-- " + b"a" * ukuran + b" -->"
    return T.zip_bytes(parts), op


def kasus_kertas_kerja(seed: int) -> tuple[bytes, list[str]]:
    rng = random.Random(seed)
    data, jejak = T.mutasi(rng, rng.choice(T.CONTOH).read_bytes()) if rng.random() < 0.6 else (
        rng.choice(T.CONTOH).read_bytes(), [])
    if rng.random() < 0.5 or not jejak:
        try:
            data, op = _kk_struktur(rng, data)
            jejak.append(f"struktur:{op}")
        except Exception:        # the mutated archive is beyond rebuilding: keep it as it is
            pass
    return data, jejak


def jalankan_kertas_kerja(data: bytes) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return T.jalankan(data)


# ------------------------------------------------------------------------------ JSON worksheet
@lru_cache(maxsize=1)
def _json_asli() -> dict:
    from kesehatan_koperasi import contoh

    return json.loads(contoh.kertas_kerja(contoh.koperasi(1, seed=1), 0).model_dump_json())


def _jalur(d: object, rng: random.Random) -> tuple[object, object] | None:
    """A random (container, key) of a leaf in the document."""
    kandidat: list[tuple[object, object]] = []

    def jalan(x: object) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                kandidat.append((x, k))
                jalan(v)
        elif isinstance(x, list):
            for i, v in enumerate(x):
                kandidat.append((x, i))
                jalan(v)
    jalan(d)
    return rng.choice(kandidat) if kandidat else None


def kasus_json(seed: int) -> tuple[bytes, list[str]]:
    rng = random.Random(seed)
    d = json.loads(json.dumps(_json_asli()))
    jejak = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        op = rng.choice(["teks", "angka", "tipe", "hapus", "daftar", "temuan"])
        jejak.append(op)
        tempat = _jalur(d, rng)
        if tempat is None:
            break
        wadah, k = tempat
        if op == "teks":
            wadah[k] = _teks(rng)                           # type: ignore[index]
        elif op == "angka":
            wadah[k] = rng.choice(["١٢٣", "１２３", "1e309", "-1", 10**40, 1.5, True, None, "Rp 1.000", "2023"])  # type: ignore[index]
        elif op == "tipe":
            wadah[k] = rng.choice([[], {}, [1, 2], {"a": 1}])  # type: ignore[index]
        elif op == "hapus" and isinstance(wadah, dict):
            del wadah[k]
        elif op in ("daftar", "temuan") and not isinstance(d.get("pemeriksaan"), dict):
            continue                                        # an earlier mutation replaced the section
        elif op == "daftar":
            pem = d["pemeriksaan"]
            from kesehatan_koperasi.inputs import budget as B

            n = rng.choice([B.MAKS_TIM, B.MAKS_TIM + 1, B.MAKS_PENGURUS + 1, 1000])
            kunci = rng.choice(["tim_pemeriksa", "pengurus_hadir"])
            pem[kunci] = [{"nama": f"Petugas {i}", "jabatan": "Anggota"} for i in range(n)]
        else:
            pem = d["pemeriksaan"]
            from kesehatan_koperasi.inputs import budget as B

            n = rng.choice([B.MAKS_TEMUAN, B.MAKS_TEMUAN + 1, 3000])
            pem["temuan"] = {f"{chr(65 + i % 26)}{i}": {"catatan": "c" * rng.choice([10, 2001])} for i in range(n)}
    teks = json.dumps(d, ensure_ascii=rng.random() < 0.5)
    r = rng.random()
    if r < 0.1:
        teks = teks.replace('"kas":', '"kas": 0, "kas":', 1)
        jejak.append("kunci_ganda")
    elif r < 0.15:
        teks = '{"a":' * 5000 + "1" + "}" * 5000
        jejak.append("bersarang")
    data = teks.encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        data = teks.encode("utf-16", "surrogatepass")
        jejak.append("utf16")
    elif rng.random() < 0.1:
        data = T._ubah_bytes(rng, data)
        jejak.append("byte")
    return data, jejak


def jalankan_json(data: bytes) -> str:
    import kesehatan_koperasi as kk
    from kesehatan_koperasi.model import read_json
    from kesehatan_koperasi.outputs.excel import write_hasil_xlsx

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "kasus.json"
        p.write_bytes(data)
        try:
            hasil = kk.assess(read_json(p))
        except kk.WorksheetError as e:
            assert e.masalah and all(str(m) for m in e.masalah)
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", str(e)), "raw control character in a message"
            return "WorksheetError"
        write_hasil_xlsx(hasil, Path(d) / "hasil.xlsx")
        return "hasil"


# ------------------------------------------------------------------------------ table
def kasus_tabel(seed: int) -> tuple[bytes, list[str]]:
    import numpy as np
    import pandas as pd

    from kesehatan_koperasi import contoh

    rng = random.Random(seed)
    f = contoh.koperasi(rng.choice([1, 3, 5]), seed=seed % 97)
    jejak = []
    for _ in range(rng.choice([1, 2, 3])):
        op = rng.choice(["teks", "dtype", "jenis", "hapus", "angka"])
        jejak.append(op)
        c = rng.choice(list(f.columns))
        i = rng.randrange(len(f))
        if op == "teks":
            f[c] = f[c].astype(object)
            f.iloc[i, f.columns.get_loc(c)] = _teks(rng).encode("utf-8", "replace").decode("utf-8")
        elif op == "dtype":
            jenis = rng.choice(["category", "string[pyarrow]", "tz", "daftar", "biner", "objek"])
            jejak[-1] = f"dtype:{jenis}"
            if jenis == "category":
                f[c] = f[c].astype("category")
            elif jenis == "string[pyarrow]":
                f[c] = f[c].astype(str).astype("string[pyarrow]")
            elif jenis == "tz":
                f[c] = pd.Series(pd.date_range("2024-01-01", periods=len(f), tz="Asia/Jakarta"), index=f.index)
            elif jenis == "daftar":
                f[c] = pd.Series([[1, 2]] * len(f), index=f.index, dtype=object)
            elif jenis == "biner":
                f[c] = pd.Series([b"\x00\xff"] * len(f), index=f.index, dtype=object)
            else:
                f[c] = pd.Series([{"a": i}] * len(f), index=f.index, dtype=object)
        elif op == "jenis" and "jenis" not in f.columns:
            continue                                        # an earlier mutation dropped the column
        elif op == "jenis":
            f["jenis"] = f["jenis"].astype(object)
            f.iloc[i, f.columns.get_loc("jenis")] = rng.choice(["KSPPS", "USPPS", "USP", "XYZ", "", "ksp"])
        elif op == "hapus" and len(f.columns) > 1:
            f = f.drop(columns=c)
        elif op == "hapus":
            continue
        else:
            f[c] = f[c].astype(object)
            f.iloc[i, f.columns.get_loc(c)] = rng.choice(["١٢٣", "1e309", "-5", "Rp 1.000", np.inf, -1e300])
    buf = io.BytesIO()
    if rng.random() < 0.5:
        jejak.append("csv")
        buf.write(b"CSV\n")
        f.to_csv(buf, index=False)
    else:
        jejak.append("parquet")
        buf.write(b"PQT\n")
        try:
            f.to_parquet(buf, index=False)
        except Exception:   # a dtype Parquet cannot hold (mixed objects): as CSV instead
            buf = io.BytesIO(b"CSV\n")
            f.to_csv(buf, index=False)
    return buf.getvalue(), jejak


def jalankan_tabel(data: bytes) -> str:
    import pandas as pd

    from kesehatan_koperasi.batch.baca import nilai_tabel, read_table
    from kesehatan_koperasi.batch.tulis import tulis_hasil
    from kesehatan_koperasi.errors import FrameError, KesehatanKoperasiError

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / ("kasus.csv" if data.startswith(b"CSV\n") else "kasus.parquet")
        p.write_bytes(data[4:])
        try:
            masuk = read_table(p)
            hasil = nilai_tabel(masuk, p.name)
        except FrameError:
            return "FrameError"
        except KesehatanKoperasiError:
            return "KesehatanKoperasiError"
        assert len(hasil) == len(masuk), "a row was lost"
        out = tulis_hasil(hasil, Path(d) / "keluar")
        assert len(pd.read_parquet(out["parquet"])) == len(masuk)
        return "hasil"


# ------------------------------------------------------------------------------ rule file
@lru_cache(maxsize=1)
def _aturan_asli() -> str:
    from importlib import resources

    return (resources.files("kesehatan_koperasi") / "rulesets" / "juknis-15-2021.yaml").read_text(encoding="utf-8")


def kasus_aturan(seed: int) -> tuple[bytes, list[str]]:
    rng = random.Random(seed)
    baris = _aturan_asli().splitlines()
    jejak = []
    for _ in range(rng.choice([1, 2, 3])):
        op = rng.choice(["hapus", "ulang", "nilai", "alias", "bersarang", "indentasi"])
        jejak.append(op)
        i = rng.randrange(len(baris))
        if op == "hapus":
            del baris[i]
        elif op == "ulang":
            baris.insert(i, baris[i])
        elif op == "nilai":
            baris[i] = re.sub(r":\s*\S.*$", ": " + rng.choice(["-1", "1e400", "[]", "{}", "null", "'x'", "*a",
                                                               "&a 1", "!!python/object:os.system x", "٣"]), baris[i])
        elif op == "alias":
            baris.append("bom: &b0 [a, a, a, a, a, a, a, a]")
            for k in range(1, rng.choice([3, 12])):
                baris.append(f"bom{k}: &b{k} [" + ", ".join([f"*b{k - 1}"] * 8) + "]")
        elif op == "bersarang":
            baris.append("dalam: " + "[" * rng.choice([30, 5000]) + "]" * 0)
        else:
            baris[i] = " " * rng.randrange(1, 5) + baris[i]
    teks = "\n".join(baris)
    data = teks.encode("utf-16") if rng.random() < 0.05 else teks.encode("utf-8")
    if rng.random() < 0.1:
        data = T._ubah_bytes(rng, data)
        jejak.append("byte")
    return data, jejak


def jalankan_aturan(data: bytes) -> str:
    import kesehatan_koperasi as kk

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "aturan.yaml"
        p.write_bytes(data)
        try:
            kk.load_rules(p)
        except kk.RulesError as e:
            assert e.masalah
            return "RulesError"
        return "aturan"


# ------------------------------------------------------------------------------ application checklist
@lru_cache(maxsize=4)
def _permohonan_asli(layanan: str) -> bytes:
    """A filled checklist of ``layanan`` (the application of ``tests/test_pertimbangan.py``)."""
    from kesehatan_koperasi.pertimbangan.excel import isi_buku
    from tests.test_pertimbangan import permohonan
    from tests.test_pertimbangan_excel import SURAT

    buf = io.BytesIO()
    isi_buku(permohonan(layanan, surat=SURAT)).save(buf)
    return buf.getvalue()


def kasus_permohonan(seed: int) -> tuple[bytes, list[str]]:
    rng = random.Random(seed)
    from kesehatan_koperasi.pertimbangan import LAYANAN

    asli = _permohonan_asli(rng.choice(sorted(LAYANAN)))
    data, jejak = T.mutasi(rng, asli)
    if rng.random() < 0.3:
        try:
            data, op = _kk_struktur(rng, data)
            jejak.append(f"struktur:{op}")
        except Exception:        # the mutated archive is beyond rebuilding: keep it as it is
            pass
    return data, jejak


def jalankan_permohonan(data: bytes) -> str:
    from kesehatan_koperasi.errors import WorksheetError
    from kesehatan_koperasi.pertimbangan import baca_permohonan

    with tempfile.TemporaryDirectory() as d, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = Path(d) / "permohonan.xlsx"
        p.write_bytes(data)
        try:
            baca_permohonan(p)
        except WorksheetError as e:
            assert e.masalah
            return "WorksheetError"
        return "permohonan"


@dataclass(frozen=True)
class Sasaran:
    """One fuzz target: its case generator, its runner and the outcomes that are not a crash."""

    kasus: Callable[[int], tuple[bytes, list[str]]]
    jalankan: Callable[[bytes], str]
    sah: tuple[str, ...]


SASARAN: dict[str, Sasaran] = {
    "kertas_kerja": Sasaran(kasus_kertas_kerja, jalankan_kertas_kerja, ("hasil", "WorksheetError")),
    "json": Sasaran(kasus_json, jalankan_json, ("hasil", "WorksheetError")),
    "tabel": Sasaran(kasus_tabel, jalankan_tabel, ("hasil", "KesehatanKoperasiError", "FrameError")),
    "aturan": Sasaran(kasus_aturan, jalankan_aturan, ("aturan", "RulesError")),
    "permohonan": Sasaran(kasus_permohonan, jalankan_permohonan, ("permohonan", "WorksheetError")),
}
