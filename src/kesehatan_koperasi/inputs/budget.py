"""Every budget on untrusted input, in one place (issue 17; ``docs/keamanan.md`` states each one
with the worst case measured within it).

A budget is checked *before* the parser that it protects runs: the workbook guard
(:mod:`.guard`) before openpyxl, the JSON reader before pydantic, the table reader from the
Parquet/CSV metadata before pandas reads the rows, the rule-file loader before YAML is built into
objects. Text lengths and list lengths are checked by the model (:mod:`kesehatan_koperasi.model`)
and, for a table, by the frame validation of the core, so a document never receives more than its
page budget allows.
"""

from __future__ import annotations

import re

# ------------------------------------------------------------------ workbooks (.xlsx)
#: Largest workbook file accepted [byte]. A filled worksheet is ~50 kB; the examples are < 100 kB.
MAKS_UKURAN_BERKAS = 20 * 1024 * 1024
#: Largest total uncompressed size of the archive's entries [byte] (declared sizes).
MAKS_UKURAN_TERURAI = 200 * 1024 * 1024
#: Largest total uncompressed size of every part that is not a real image (recognised by its
#: first bytes, never by its name) [byte]. Parsing runs at ~1.3 MB/s of cell XML, so this bounds
#: the time (~8 s) and the memory of the worst file accepted; a filled worksheet has ~0.2 MB.
MAKS_UKURAN_XML = 10 * 1024 * 1024
#: Largest single part that is not a real image [byte] (the shared-strings table or one sheet).
MAKS_UKURAN_BAGIAN = 8 * 1024 * 1024
#: Most entries in the archive (a worksheet has ~20).
MAKS_ENTRI = 1_000
#: Most sheets in the workbook (the worksheet has 9).
MAKS_LEMBAR = 50
#: Most rows a sheet may declare or hold (the longest sheet of the worksheet has ~150).
MAKS_BARIS = 20_000
#: Most columns a sheet may declare (the worksheet uses A-E; LibreOffice's limit is 1,024 = AMJ).
MAKS_KOLOM = 1_024
#: Most cells named in the warning about cached values that may be stale.
MAKS_SEL_DISEBUT = 10

# ------------------------------------------------------------------ JSON worksheets
#: Largest JSON worksheet [byte]. A real one is ~10 kB; the model's own limits below keep a valid
#: one under ~0.5 MB.
MAKS_UKURAN_JSON = 2 * 1024 * 1024
#: Deepest nesting of arrays/objects in a JSON worksheet (the model nests 4 deep).
MAKS_KEDALAMAN_JSON = 32

# ------------------------------------------------------------------ text fields and lists
#: Longest short text (names, numbers, jabatan, kabupaten_kota, provinsi) [characters]; keeps the
#: certificate on one page and the minutes within their page budget.
MAKS_TEKS = 150
#: Longest address [characters].
MAKS_TEKS_ALAMAT = 300
#: Longest NIP [characters] (an NIP has 18 digits, with spaces 21).
MAKS_TEKS_NIP = 30
#: Longest note or recommendation of the examiner, per aspect [characters].
MAKS_TEKS_CATATAN = 2_000
#: Most members of the examination team.
MAKS_TIM = 20
#: Most officers of the cooperative present.
MAKS_PENGURUS = 50
#: Most aspects with the examiner's notes (the rule sets have 4 to 8 aspects).
MAKS_TEMUAN = 10

# ------------------------------------------------------------------ tables of a batch
#: Largest table file (CSV, XLSX, Parquet) [byte].
MAKS_UKURAN_TABEL = 512 * 1024 * 1024
#: Most data rows of a table (the rows of an Excel sheet), read from the metadata first.
MAKS_BARIS_TABEL = 1_048_575
#: Most columns of a table (a rule set needs ~300; pass-through columns come on top).
MAKS_KOLOM_TABEL = 2_000

# ------------------------------------------------------------------ rule files
#: Largest rule file [byte] (the built-in ones are < 100 kB).
MAKS_UKURAN_ATURAN = 2 * 1024 * 1024
#: Most YAML aliases (``*x``) in a rule file (the built-in ones use none).
MAKS_ALIAS_ATURAN = 100
#: Deepest nesting of mappings/sequences in a rule file (the built-in ones nest ~8 deep).
MAKS_KEDALAMAN_ATURAN = 40

# ------------------------------------------------------------------ characters
#: Control characters refused in any text: C0 (except tab, LF, CR), DEL and C1.
KENDALI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Control characters refused in a one-line text: also tab, LF, CR and the line/paragraph separators.
KENDALI_SATU_BARIS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: Excel's error values: a cell that shows one of them holds no name.
GALAT_EXCEL = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                         "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!",
                         "#BUSY!", "#UNKNOWN!"})


def tampak(teks: str, n: int = 60) -> str:
    """``teks`` (its first ``n`` characters) with every control or invisible character written as a
    printable escape (``\\x00``, ``\\u200b``), so a message never sends raw escapes to a terminal."""
    keluar = []
    for ch in teks[:n]:
        o = ord(ch)
        if o < 0x20 or 0x7F <= o <= 0x9F:
            keluar.append(f"\\x{o:02x}")
        elif ch in "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u2060\ufeff" or 0x202A <= o <= 0x202E \
                or 0x2066 <= o <= 0x2069:
            keluar.append(f"\\u{o:04x}")
        else:
            keluar.append(ch)
    return "".join(keluar) + ("…" if len(teks) > n else "")
