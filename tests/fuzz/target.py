"""Fuzz target over :func:`read_worksheet` + :func:`assess` (issue 8, item 3; ``docs/keamanan.md``).

A case is a valid example workbook changed by one to three mutations, chosen by a
:class:`random.Random` (so a case is reproduced from its seed):

- ``zip``: bytes of the archive itself flipped, inserted, deleted, duplicated or truncated;
- ``xml``: bytes of one XML part flipped/inserted/deleted, then the archive rebuilt (so zipfile's
  CRC does not hide the damage from the XML parser);
- ``sel``: the value of a cell replaced by a hostile one (huge or negative numbers, NaN/inf text,
  Indonesian number forms, formulas, dates, long or control-character text, ``tim_pemeriksa.N``
  keys), the archive rebuilt.

:func:`jalankan` returns the outcome — ``"hasil"`` (scored) or ``"WorksheetError"`` — and lets
anything else propagate: that is a crash. ``tests/test_keamanan_fuzz.py`` runs a short
hypothesis-driven campaign; ``scripts/fuzz.py --cases 10000`` a long one.
"""

from __future__ import annotations

import io
import random
import re
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from . import hostile as H

CONTOH = [H.SUMBER.parent / n for n in ("contoh-ksp-sehat.xlsx", "contoh-usp-cukup-sehat.xlsx",
                                        "contoh-ksp-dalam-pengawasan-khusus.xlsx")]
HASIL_SAH = ("hasil", "WorksheetError")

_NILAI_JAHAT = [
    "", " ", "0", "-0", "-1", "1e308", "1e309", "-1e309", "NaN", "nan", "inf", "-inf", "Infinity",
    "9" * 400, "1.234.567,89", "1,234,567.89", "Rp 1.234.567,50", "(12.500)", "Rp (12.500)", "−", "—",
    "12.5", "1.2.3", ",5", "Rp", "()", "(", "=1+1", "=SUM(A1:A9)", '=HYPERLINK("http://x","klik")',
    "+1", "@A1", "-", "\t=1", "31-02-2026", "13 Mei 2026", "2026-05-13", "0000-00-00", "99999",
    "tahun 2025", "2025", "1900", "Ya", "Tidak", "ya ", "1", "2", "ada", "tidak_berlaku", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u202e\u202dterbalik", "a" * 33_000, "x\u0000y", "<script>alert(1)</script>", "&amp;&lt;",
    "tim_pemeriksa.999999999", "pengurus_hadir.20", "tim_pemeriksa.0", "A.1.1.a", "A.1.1.z", "#aspek.A",
    "6100000007000000", "61000000070000001", "6.1e15",
]
_NILAI_ANGKA = ["0", "-1", "1e308", "1e-320", "-1e308", "1E+20", "3.5", "-0.0", "99999999999999999999",
                "45000", "2958466", "-693594", "NaN", "INF"]

_SEL = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*?)(/>|>(.*?)</c>)', re.S)


def bagian(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for n, d in parts.items():
            zf.writestr(n, d)
    return buf.getvalue()


def _ubah_bytes(rng: random.Random, b: bytes) -> bytes:
    if not b:
        return bytes([rng.randrange(256)])
    ba = bytearray(b)
    op = rng.choice(["flip", "flip", "byte", "sisip", "hapus", "ulang", "potong", "ascii"])
    i = rng.randrange(len(ba))
    if op == "flip":
        ba[i] ^= 1 << rng.randrange(8)
    elif op == "byte":
        ba[i] = rng.choice([0, 0xFF, 0x7F, 0x80, ord("<"), ord(">"), ord("&"), ord('"'), ord("9")])
    elif op == "sisip":
        ba[i:i] = rng.choice([b"\0", b"<", b"&x;", b"]]>", b"<!--", b"\xff\xfe", b"9" * rng.randrange(1, 40)])
    elif op == "hapus":
        del ba[i:i + rng.randrange(1, 64)]
    elif op == "ulang":
        j = min(len(ba), i + rng.randrange(1, 256))
        ba[i:i] = ba[i:j] * rng.randrange(1, 4)
    elif op == "potong":
        del ba[i:]
    else:
        ba[i] = rng.randrange(32, 127)
    return bytes(ba)


def _ubah_sel(rng: random.Random, xml: bytes) -> bytes:
    cells = list(_SEL.finditer(xml))
    if not cells:
        return xml
    m = rng.choice(cells)
    ref = m.group(1)
    if rng.random() < 0.35:
        isi = b'<c r="%s"><v>%s</v></c>' % (ref, rng.choice(_NILAI_ANGKA).encode())
    elif rng.random() < 0.1:
        isi = b'<c r="%s" t="%s"><v>%s</v></c>' % (ref, rng.choice([b"b", b"e", b"d", b"s", b"n", b"zz"]),
                                                    rng.choice(_NILAI_ANGKA + ["#DIV/0!", "TRUE", "2026-05-13"]).encode())
    elif rng.random() < 0.05:
        isi = b'<c r="%s"/>' % ref
    else:
        teks = rng.choice(_NILAI_JAHAT)
        teks = "".join(ch for ch in teks if ch in "\t\n\r" or ord(ch) >= 32)   # XML 1.0 characters only
        isi = b'<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, escape(teks).encode())
    return xml[:m.start()] + isi + xml[m.end():]


def mutasi(rng: random.Random, asli: bytes) -> tuple[bytes, list[str]]:
    """A mutated workbook and the names of the mutations applied."""
    data, jejak = asli, []
    for _ in range(rng.choice([1, 1, 2, 3])):
        jenis = rng.choices(["zip", "xml", "sel"], weights=[2, 3, 5])[0]
        try:
            parts = bagian(data) if jenis != "zip" else None
        except Exception:
            parts, jenis = None, "zip"
        if jenis == "zip":
            data = _ubah_bytes(rng, data)
        else:
            assert parts is not None
            if jenis == "sel":
                lembar = [n for n in parts if n.startswith("xl/worksheets/")]
                n = rng.choice(lembar)
                parts[n] = _ubah_sel(rng, parts[n])
            else:
                n = rng.choice([n for n in parts if n.endswith((".xml", ".rels"))])
                parts[n] = _ubah_bytes(rng, parts[n])
            data = zip_bytes(parts)
            jenis = f"{jenis}:{n}"
        jejak.append(jenis)
    return data, jejak


def jalankan(data: bytes, folder: Path | None = None) -> str:
    """Read and assess one workbook given as bytes; ``"hasil"`` or ``"WorksheetError"``.

    Any other exception propagates: it is a crash of the library.
    """
    import kesehatan_koperasi as kk

    with tempfile.TemporaryDirectory(dir=folder) as d:
        p = Path(d) / "kasus.xlsx"
        p.write_bytes(data)
        try:
            ws = kk.read_worksheet(p)
            hasil = kk.assess(ws)
            hasil.to_json()
        except kk.WorksheetError as e:
            assert e.masalah and all(str(m) for m in e.masalah)
            return "WorksheetError"
        return "hasil"


def kasus(seed: int) -> tuple[bytes, list[str]]:
    """The workbook of case ``seed`` (reproducible)."""
    rng = random.Random(seed)
    asli = rng.choice(CONTOH).read_bytes()
    return mutasi(rng, asli)
