"""Hostile and broken workbooks, generated from a valid example (issue 8; ``docs/keamanan.md``).

Each generator writes one file into a folder and returns its path. They are used by
``tests/test_keamanan_xlsx.py`` (every sample → ``WorksheetError``) and by
``benchmarks/bench_keamanan.py`` (every sample in a fresh process: time and peak memory).
Nothing here is committed as a binary: the samples are made in a few hundred milliseconds.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

SUMBER = Path(__file__).resolve().parents[2] / "worksheets" / "contoh-ksp-sehat.xlsx"
LEMBAR_IDENTITAS = "xl/worksheets/sheet2.xml"     # 'Identitas & Pemeriksaan' in the examples


def bagian(sumber: Path | io.BytesIO = SUMBER) -> dict[str, bytes]:
    """Every entry of a workbook, in archive order."""
    with zipfile.ZipFile(sumber) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def zip_dari(parts: dict[str, bytes], path: Path, metode: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", metode) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    return path


def _ganti(path: Path, nama: str, ubah: Callable[[bytes], bytes], **tambah: bytes) -> Path:
    parts = bagian()
    parts[nama] = ubah(parts[nama])
    parts.update({k.replace("__", "/"): v for k, v in tambah.items()})
    return zip_dari(parts, path)


# ------------------------------------------------------------------------------ not a workbook
def bukan_zip(d: Path) -> Path:
    p = d / "bukan-zip.xlsx"
    p.write_text("ini bukan buku kerja, hanya teks\n" * 10)
    return p


def kosong(d: Path) -> Path:
    p = d / "kosong.xlsx"
    p.write_bytes(b"")
    return p


def zip_terpotong(d: Path) -> Path:
    data = SUMBER.read_bytes()
    p = d / "terpotong.xlsx"
    p.write_bytes(data[: len(data) // 2])
    return p


def zip_tanpa_direktori(d: Path) -> Path:
    """The central directory cut off: only local headers remain."""
    data = SUMBER.read_bytes()
    p = d / "tanpa-direktori.xlsx"
    p.write_bytes(data[: data.rfind(b"PK\x01\x02")])
    return p


def zip_kosong(d: Path) -> Path:
    p = d / "zip-kosong.xlsx"
    p.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return p


def ods(d: Path) -> Path:
    return zip_dari({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
                    d / "lembar.xlsx", zipfile.ZIP_STORED)


# ------------------------------------------------------------------------------ size
def terlalu_besar(d: Path) -> Path:
    """21 MB (sparse: the size is checked before any byte is read)."""
    p = d / "besar.xlsx"
    with p.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(21 * 1024 * 1024)
    return p


def bom_zip(d: Path) -> Path:
    """A real zip bomb: 300 MB of zeros (deflated to ~300 kB) in one extra entry."""
    parts = bagian()
    p = d / "bom-zip.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
        with zf.open("xl/media/nol.bin", "w", force_zip64=True) as fh:
            blok = b"\0" * (1 << 20)
            for _ in range(300):
                fh.write(blok)
    return p


def bom_zip_berbohong(d: Path) -> Path:
    """A sheet that inflates to 100 MB while its headers declare 4,735 bytes (the real size)."""
    parts = bagian()
    asli = parts[LEMBAR_IDENTITAS]
    isi = asli.replace(b"</sheetData>", b"</sheetData>" + b" " * (100 << 20))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, isi if n == LEMBAR_IDENTITAS else data)
    raw = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo(LEMBAR_IDENTITAS)
    # uncompressed size: local header offset 22, central directory entry offset 24
    raw[info.header_offset + 22: info.header_offset + 26] = len(asli).to_bytes(4, "little")
    cd = raw.find(b"PK\x01\x02")
    while cd != -1:
        n_len = int.from_bytes(raw[cd + 28: cd + 30], "little")
        if raw[cd + 46: cd + 46 + n_len] == LEMBAR_IDENTITAS.encode():
            raw[cd + 24: cd + 28] = len(asli).to_bytes(4, "little")
            break
        cd = raw.find(b"PK\x01\x02", cd + 4)
    p = d / "bom-zip-berbohong.xlsx"
    p.write_bytes(bytes(raw))
    return p


def banyak_entri(d: Path) -> Path:
    parts = bagian()
    parts.update({f"xl/media/kosong{i}.bin": b"" for i in range(5000)})
    return zip_dari(parts, d / "banyak-entri.xlsx", zipfile.ZIP_STORED)


def banyak_lembar(d: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    for i in range(80):
        wb.create_sheet(f"L{i}")
    p = d / "banyak-lembar.xlsx"
    wb.save(p)
    return p


def dimensi_raksasa(d: Path) -> Path:
    return _ganti(d / "dimensi-raksasa.xlsx", LEMBAR_IDENTITAS,
                  lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x))


def _tanpa_dimensi(x: bytes) -> bytes:
    return re.sub(rb"<dimension [^>]*/>", b"", x)


def baris_tanpa_batas(d: Path) -> Path:
    """25,000 rows and no <dimension>: the reader must stop at its row limit."""
    baris = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
                     for i in range(41, 25_041))
    return _ganti(d / "baris-tanpa-batas.xlsx", LEMBAR_IDENTITAS,
                  lambda x: _tanpa_dimensi(x).replace(b"</sheetData>", baris + b"</sheetData>"))


def kolom_xfd(d: Path) -> Path:
    """2,000 rows each with a cell in the last column (XFD) and no <dimension>: padded naively
    to 16,384 values a row this is 260 MB of tuples; the reader reads columns A-Z only."""
    baris = b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (i, i) for i in range(41, 2_041))
    return _ganti(d / "kolom-xfd.xlsx", LEMBAR_IDENTITAS,
                  lambda x: _tanpa_dimensi(x).replace(b"</sheetData>", baris + b"</sheetData>"))


# ------------------------------------------------------------------------------ XML attacks
_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b"]>")


def _sisip_doctype(x: bytes, doctype: bytes, isi: bytes, padding: int = 0) -> bytes:
    x = x.replace(b'<?xml version="1.0" encoding="UTF-8"?>', b"", 1)
    kepala = b'<?xml version="1.0" encoding="UTF-8"?>\n' + b"<!--" + b" " * padding + b"-->" + doctype
    return kepala + x.replace(b"<t>Identitas", b"<t>" + isi + b"Identitas", 1)


def billion_laughs(d: Path) -> Path:
    return _ganti(d / "billion-laughs.xlsx", LEMBAR_IDENTITAS, lambda x: _sisip_doctype(x, _LAUGHS, b"&lol9;"))


def billion_laughs_tersembunyi(d: Path) -> Path:
    """The DOCTYPE pushed 100 kB down by a comment, past the guard's look at the first bytes:
    defusedxml (inside openpyxl) must refuse it."""
    return _ganti(d / "billion-laughs-tersembunyi.xlsx", LEMBAR_IDENTITAS,
                  lambda x: _sisip_doctype(x, _LAUGHS, b"&lol9;", padding=100_000))


def entitas_eksternal(d: Path, target: str = "file:///etc/passwd") -> Path:
    doctype = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "' + target.encode() + b'">]>'
    return _ganti(d / "entitas-eksternal.xlsx", LEMBAR_IDENTITAS, lambda x: _sisip_doctype(x, doctype, b"&xxe;"))


def entitas_eksternal_tersembunyi(d: Path, target: str = "file:///etc/passwd") -> Path:
    doctype = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "' + target.encode() + b'">]>'
    return _ganti(d / "entitas-eksternal-tersembunyi.xlsx", LEMBAR_IDENTITAS,
                  lambda x: _sisip_doctype(x, doctype, b"&xxe;", padding=100_000))


# ------------------------------------------------------------------------------ macros, encryption
def xlsm(d: Path) -> Path:
    p = d / "bermakro.xlsm"
    p.write_bytes(SUMBER.read_bytes())
    return p


def vba_di_xlsx(d: Path) -> Path:
    parts = bagian()
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    return zip_dari(parts, d / "vba.xlsx")


def tipe_makro(d: Path) -> Path:
    return _ganti(d / "tipe-makro.xlsx", "[Content_Types].xml", lambda x: x.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"))


def terenkripsi(d: Path) -> Path:
    """The OLE/CFB container Excel writes for a password-protected workbook (its stream names)."""
    p = d / "terenkripsi.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
                  + b"\0" * 50 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 2000)
    return p


def cfb_polos(d: Path) -> Path:
    p = d / "xls-lama.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    return p


# ------------------------------------------------------------------------------ hostile cells
def nomor_tim_raksasa(d: Path) -> Path:
    """One cell ``tim_pemeriksa.3000000`` in column A (made the reader build a 3-million-row layout)."""
    from openpyxl import load_workbook

    wb = load_workbook(SUMBER)
    ws = wb["Identitas & Pemeriksaan"]
    ws.cell(ws.max_row + 1, 1, "tim_pemeriksa.3000000")
    p = d / "nomor-tim-raksasa.xlsx"
    wb.save(p)
    return p


#: name → generator; every one must end in a WorksheetError.
SAMPEL: dict[str, Callable[[Path], Path]] = {
    "bukan-zip": bukan_zip, "kosong": kosong, "zip-terpotong": zip_terpotong,
    "zip-tanpa-direktori": zip_tanpa_direktori, "zip-kosong": zip_kosong, "ods": ods,
    "terlalu-besar": terlalu_besar, "bom-zip": bom_zip, "bom-zip-berbohong": bom_zip_berbohong,
    "banyak-entri": banyak_entri, "banyak-lembar": banyak_lembar, "dimensi-raksasa": dimensi_raksasa,
    "baris-tanpa-batas": baris_tanpa_batas, "billion-laughs": billion_laughs,
    "billion-laughs-tersembunyi": billion_laughs_tersembunyi, "entitas-eksternal": entitas_eksternal,
    "entitas-eksternal-tersembunyi": entitas_eksternal_tersembunyi, "xlsm": xlsm, "vba-di-xlsx": vba_di_xlsx,
    "tipe-makro": tipe_makro, "terenkripsi": terenkripsi, "cfb-polos": cfb_polos,
    "nomor-tim-raksasa": nomor_tim_raksasa,
}
#: Samples that are hostile but may still be read (the reader bounds them); a result or a
#: WorksheetError are both acceptable.
SAMPEL_TERBACA: dict[str, Callable[[Path], Path]] = {"kolom-xfd": kolom_xfd}


# ------------------------------------------------------------------------------ worst files accepted
def _dengan_string_bersama(parts: dict[str, bytes], sst: bytes) -> None:
    parts["xl/sharedStrings.xml"] = sst
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def sel_maksimum(d: Path, mb: float = 7.9) -> Path:
    """Just under the part limit (8 MB): ~500,000 cells in 600 rows of the identity sheet (no dimension),
    and the name of the cooperative emptied so the reader also makes its second pass."""
    from openpyxl import load_workbook

    wb = load_workbook(SUMBER)
    ws = wb["Identitas & Pemeriksaan"]
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 1).value == "nama_koperasi":
            ws.cell(r, 3).value = None
    buf = io.BytesIO()
    wb.save(buf)
    parts = bagian(buf)  # type: ignore[arg-type]
    sisa = int(mb * 1024 * 1024) - sum(len(v) for v in parts.values())
    sel = b"<c><v>1</v></c>"
    per_baris = 1000
    n = max(1, sisa // (len(sel) * per_baris + 20))
    baris = b"".join(b'<row r="%d">' % i + sel * per_baris + b"</row>" for i in range(41, 41 + n))
    parts[LEMBAR_IDENTITAS] = _tanpa_dimensi(parts[LEMBAR_IDENTITAS]).replace(b"</sheetData>", baris + b"</sheetData>")
    return zip_dari(parts, d / "sel-maksimum.xlsx")


def string_bersama_maksimum(d: Path, mb: float = 7.9) -> Path:
    """Just under the part limit (8 MB): ~480,000 one-letter shared strings (all kept in memory by openpyxl)."""
    parts = bagian()
    sisa = int(mb * 1024 * 1024) - sum(len(v) for v in parts.values()) - 200
    si = b"<si><t>a</t></si>"
    _dengan_string_bersama(parts, b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                           + si * (sisa // len(si)) + b"</sst>")
    return zip_dari(parts, d / "string-bersama-maksimum.xlsx")


def string_bersama_bom(d: Path) -> Path:
    """Over the XML limit: 11 million shared strings (187 MB of XML, 0.5 MB zipped; before the XML
    limit this took 150 s and 770 MB to read)."""
    parts = bagian()
    si = b"<si><t>a</t></si>"
    _dengan_string_bersama(parts, b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                           + si * 11_000_000 + b"</sst>")
    return zip_dari(parts, d / "string-bersama-bom.xlsx")


SAMPEL["string-bersama-bom"] = string_bersama_bom
#: The largest files the guard lets through (for the benchmark: time and memory of the worst case).
SAMPEL_TERBURUK: dict[str, Callable[[Path], Path]] = {"sel-maksimum": sel_maksimum,
                                                      "string-bersama-maksimum": string_bersama_maksimum}


# ------------------------------------------------------------------------------ issue 17
def _sst(n: int) -> bytes:
    return (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + b"<si><t>a</t></si>" * n
            + b"</sst>")


def string_bersama_bernama_gambar(d: Path) -> Path:
    """12 MB of shared strings in a part named like an image (``xl/media/image1.png``), which the
    relationship points to: the guard once skipped it by its name."""
    parts = bagian()
    _dengan_string_bersama(parts, b"")
    del parts["xl/sharedStrings.xml"]
    parts["xl/media/image1.png"] = _sst(700_000)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b'Target="sharedStrings.xml"', b'Target="media/image1.png"')
    return zip_dari(parts, d / "string-bersama-bernama-gambar.xlsx")


def string_bersama_utf16(d: Path) -> Path:
    """A shared-strings table in UTF-16 (no DOCTYPE visible to a byte search in UTF-8)."""
    parts = bagian()
    teks = '<?xml version="1.0" encoding="UTF-16"?>' + _sst(1_000).decode("ascii")
    _dengan_string_bersama(parts, teks.encode("utf-16"))
    return zip_dari(parts, d / "string-bersama-utf16.xlsx")


def entri_ganda(d: Path) -> Path:
    """Two zip entries named like the identity sheet: the reader would take the last one silently."""
    parts = bagian()
    buf = io.BytesIO()
    import warnings

    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")            # zipfile warns "Duplicate name"
        for n, data in parts.items():
            zf.writestr(n, data)
        zf.writestr(LEMBAR_IDENTITAS, parts[LEMBAR_IDENTITAS].replace(b"Maju", b"Palsu"))
    path = d / "entri-ganda.xlsx"
    path.write_bytes(buf.getvalue())
    return path


def lembar_tersembunyi(d: Path) -> Path:
    """The visible identity sheet renamed, and a ``veryHidden`` copy carrying the expected name."""
    from openpyxl import load_workbook

    wb = load_workbook(SUMBER)
    asli = wb["Identitas & Pemeriksaan"]
    salinan = wb.copy_worksheet(asli)
    asli.title = "Identitas (2)"
    salinan.title = "Identitas & Pemeriksaan"
    salinan.sheet_state = "veryHidden"
    path = d / "lembar-tersembunyi.xlsx"
    wb.save(path)
    return path


SAMPEL.update({"string-bersama-bernama-gambar": string_bersama_bernama_gambar,
               "string-bersama-utf16": string_bersama_utf16, "entri-ganda": entri_ganda,
               "lembar-tersembunyi": lembar_tersembunyi})
