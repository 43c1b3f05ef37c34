"""Checks on an untrusted workbook BEFORE any XML parser reads it (issue 8; ``docs/keamanan.md``).

A worksheet arrives from outside the office, so the file is hostile until proven otherwise.
:func:`periksa_berkas` looks only at bytes it can bound — the file size, the zip central directory,
the first kilobytes of ``[Content_Types].xml``, ``xl/workbook.xml`` and each sheet — and refuses,
with one :class:`~kesehatan_koperasi.errors.WorksheetError` in Indonesian:

- a file larger than :data:`MAKS_UKURAN_BERKAS`;
- an encrypted (password-protected) workbook or an old ``.xls`` (OLE/CFB signature ``D0 CF 11 E0``);
- anything that is not a zip archive, or a truncated one;
- an archive with more than :data:`MAKS_ENTRI` entries, or whose entries together (as declared in
  the central directory, which :mod:`zipfile` enforces while inflating) exceed
  :data:`MAKS_UKURAN_TERURAI` — a zip bomb;
- a macro-enabled workbook (``.xlsm``/``.xltm``/``.xlam``, a ``vbaProject.bin``, or the
  macro-enabled content type) or a binary ``.xlsb``;
- more than :data:`MAKS_LEMBAR` sheets;
- a sheet whose declared dimension exceeds :data:`MAKS_BARIS` rows or :data:`MAKS_KOLOM` columns.

Two parsers read an archive that passed: the worksheet reader (:func:`buka_arsip`, then
:func:`~kesehatan_koperasi.worksheet.xlsx.baca_buku` on the standard library's C parser, which
refuses a ``<!DOCTYPE`` anywhere in a part it reads — without a DTD no entity can be declared,
expanded or fetched), and openpyxl for the application checklist and the marked copy of a
worksheet, which parses through :mod:`defusedxml` (openpyxl switches to it at import when it is
installed, see :func:`pastikan_defusedxml`). :func:`periksa_berkas` additionally refuses a
``<!DOCTYPE`` in the first bytes of every part, which no Excel or LibreOffice file contains.

:func:`open_workbook` opens a workbook from outside through openpyxl: it runs
:func:`periksa_berkas`, then openpyxl, and turns whatever openpyxl, :mod:`zipfile` or the XML
parser raises into a :class:`~kesehatan_koperasi.errors.WorksheetError` in Indonesian. In
read-only mode openpyxl parses a sheet while it is iterated, so the rows are read inside
:func:`workbook_errors`, which maps the same errors. :func:`buka_arsip` is the same guard for the
worksheet reader: one check and one open of the archive for the whole read.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Masalah, WorksheetError
from .budget import (
    MAKS_BARIS,
    MAKS_ENTRI,
    MAKS_KOLOM,
    MAKS_LEMBAR,
    MAKS_UKURAN_BAGIAN,
    MAKS_UKURAN_BERKAS,
    MAKS_UKURAN_TERURAI,
    MAKS_UKURAN_XML,
    tampak,
)

if TYPE_CHECKING:
    from openpyxl import Workbook

# The budgets live in one place (:mod:`.budget`); re-exported here for the callers that read them.
__all__ = ["MAKS_BARIS", "MAKS_ENTRI", "MAKS_KOLOM", "MAKS_LEMBAR", "MAKS_UKURAN_BAGIAN", "MAKS_UKURAN_BERKAS",
           "MAKS_UKURAN_TERURAI", "MAKS_UKURAN_XML", "buka_arsip", "open_workbook", "pastikan_defusedxml", "periksa_berkas",
           "workbook_error", "workbook_errors"]

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")        # local file header; an empty archive
_MAKRO_EXT = (".xlsm", ".xltm", ".xlam")
_MAKRO_TIPE = b"macroEnabled"
#: First bytes of the image formats a workbook embeds: a part is an image only if its bytes say so.
_TANDA_GAMBAR = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*",
                 b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00", b"RIFF",
                 b"\x01\x00\x00\x00")      # PNG, JPEG, GIF, BMP, TIFF, WMF, WebP, EMF
#: UTF-16/32 (with or without a byte-order mark), UTF-7, SCSU, UTF-EBCDIC: XML that is not UTF-8.
_BOM_LAIN = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x2b\x2f\x76", b"\x0e\xfe\xff", b"\xdd\x73\x66\x73",
             b"<\x00", b"\x00<", b"\x4c\x6f\xa7\x94")
_DEKLARASI = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_KEPALA = 64 * 1024                           # bytes read from the start of an XML part
_DIMENSI = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref\s*=\s*[\"']([A-Za-z0-9:$]+)[\"']")
_LEMBAR = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?/?>")
_SEL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_DIHARAPKAN = "buku kerja .xlsx biasa dari Excel atau LibreOffice"


def _tolak(berkas: str, pesan: str, ditemukan: str | None = None) -> WorksheetError:
    return WorksheetError(berkas, [Masalah(pesan, diharapkan=_DIHARAPKAN, ditemukan=ditemukan)])


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB".replace(",", "X").replace(".", ",").replace("X", ".")


def pastikan_defusedxml() -> None:
    """Raise ``RuntimeError`` unless openpyxl parses XML through :mod:`defusedxml`.

    openpyxl decides at import (``openpyxl.DEFUSEDXML``): True when defusedxml is importable and
    the environment variable ``OPENPYXL_DEFUSEDXML`` is not set to anything but ``True``.
    """
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise RuntimeError("openpyxl tidak memakai defusedxml: pasang paket defusedxml dan jangan setel "
                           "OPENPYXL_DEFUSEDXML=False")


def periksa_berkas(path: Path, berkas: str | None = None) -> None:
    """Refuse a workbook that is too large, encrypted, macro-enabled, not a zip, or a zip bomb.

    Reads at most the central directory and the first :data:`_KEPALA` bytes of a few parts, so it
    runs in milliseconds and bounded memory whatever the file holds.

    Parameters
    ----------
    path : Path
        The workbook; it must exist and be a file (the caller checks).
    berkas : str, optional
        The name used in the error (default ``str(path)``).

    Raises
    ------
    WorksheetError
        One problem saying what was refused and why, in Indonesian.
    """
    berkas = str(path) if berkas is None else berkas
    ext = path.suffix.lower()
    ukuran = path.stat().st_size
    if ukuran > MAKS_UKURAN_BERKAS:
        raise _tolak(berkas, f"berkas terlalu besar untuk kertas kerja (paling besar {_mb(MAKS_UKURAN_BERKAS)})",
                     _mb(ukuran))
    with path.open("rb") as fh:
        awal = fh.read(8)
        if awal == _CFB:
            fh.seek(0)
            isi = fh.read()                   # bounded by MAKS_UKURAN_BERKAS
            if "EncryptionInfo".encode("utf-16-le") in isi or "EncryptedPackage".encode("utf-16-le") in isi:
                raise _tolak(berkas, "buku kerja dilindungi kata sandi (terenkripsi) tidak dapat dibaca: buka di "
                                     "Excel, hapus kata sandinya, lalu simpan sebagai .xlsx", "berkas terenkripsi")
            if ext != ".xls":
                raise _tolak(berkas, "berkas berformat Excel lama (.xls) atau dilindungi kata sandi: buka di Excel, "
                                 "hapus kata sandinya bila ada, lalu simpan sebagai .xlsx", "berkas OLE/CFB")
    if ext in _MAKRO_EXT:
        raise _tolak(berkas, f"buku kerja bermakro ({ext}) tidak diterima: simpan sebagai .xlsx tanpa makro",
                     f"berkas {ext}")
    if ext == ".xlsb":
        raise _tolak(berkas, "buku kerja biner (.xlsb) tidak didukung: simpan sebagai .xlsx")
    if ext in (".xls", ".ods", ".csv"):
        raise _tolak(berkas, f"berkas {ext} tidak didukung: buka di Excel atau LibreOffice lalu simpan sebagai .xlsx")
    if awal[:4] not in _ZIP:
        raise _tolak(berkas, "bukan buku kerja Excel (.xlsx) yang sah (berkas rusak atau format lain)")
    try:
        with zipfile.ZipFile(path) as zf:
            _periksa_arsip(zf, berkas)
    except WorksheetError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, KeyError, zlib.error) as e:
        raise _tolak(berkas, "bukan buku kerja Excel (.xlsx) yang sah (berkas rusak, terpotong atau format lain)",
                     type(e).__name__) from None


def _periksa_arsip(zf: zipfile.ZipFile, berkas: str) -> None:
    info = zf.infolist()
    if len(info) > MAKS_ENTRI:
        raise _tolak(berkas, f"arsip berisi terlalu banyak bagian (paling banyak {MAKS_ENTRI:,})".replace(",", "."),
                     f"{len(info):,}".replace(",", "."))
    total = sum(i.file_size for i in info)
    if total > MAKS_UKURAN_TERURAI:
        raise _tolak(berkas, f"isi arsip terlalu besar setelah diurai (paling besar {_mb(MAKS_UKURAN_TERURAI)}); "
                             "kemungkinan bom zip", _mb(total))
    nama: dict[str, zipfile.ZipInfo] = {}
    for i in info:
        n = i.filename.replace("\\", "/").lstrip("/").lower()
        if n in nama:                         # the last would be read silently: refused
            raise _tolak(berkas, "arsip memuat dua bagian dengan nama yang sama (berkas dirakit ulang, bukan "
                                 "dari Excel atau LibreOffice)", tampak(i.filename, 80))
        nama[n] = i
    xml = 0
    for n, i in nama.items():
        if not i.file_size or n.endswith("/"):
            continue
        data = _kepala(zf, i, berkas, 4096)   # every part by what it is, whatever its name
        if data.startswith(_TANDA_GAMBAR):
            continue                          # a real image: openpyxl does not parse it
        if i.file_size > MAKS_UKURAN_BAGIAN:
            raise _tolak(berkas, f"satu bagian buku kerja terlalu besar untuk kertas kerja (paling besar "
                                 f"{_mb(MAKS_UKURAN_BAGIAN)})", f"{tampak(i.filename, 80)}: {_mb(i.file_size)}")
        xml += i.file_size
    if xml > MAKS_UKURAN_XML:
        raise _tolak(berkas, f"isi XML buku kerja terlalu besar untuk kertas kerja (paling besar "
                             f"{_mb(MAKS_UKURAN_XML)})", _mb(xml))
    if any(n.endswith("vbaproject.bin") for n in nama):
        raise _tolak(berkas, "buku kerja bermakro (VBA) tidak diterima: simpan sebagai .xlsx tanpa makro",
                     "vbaProject.bin")
    if "[content_types].xml" not in nama or "xl/workbook.xml" not in nama:
        if "xl/workbook.bin" in nama:
            raise _tolak(berkas, "buku kerja biner (.xlsb) tidak didukung: simpan sebagai .xlsx")
        if "content.xml" in nama or "mimetype" in nama:
            raise _tolak(berkas, "berkas OpenDocument (.ods) tidak didukung: buka di Excel atau LibreOffice lalu "
                                 "simpan sebagai .xlsx")
        raise _tolak(berkas, "bukan buku kerja Excel (.xlsx) yang sah (bagian wajib tidak ada)")
    tipe = _kepala(zf, nama["[content_types].xml"], berkas)
    if _MAKRO_TIPE.lower() in tipe.lower():
        raise _tolak(berkas, "buku kerja bermakro tidak diterima: simpan sebagai .xlsx tanpa makro",
                     "jenis isi macroEnabled")
    buku = _kepala(zf, nama["xl/workbook.xml"], berkas)
    n_lembar = len(_LEMBAR.findall(buku))
    lembar = [i for n, i in nama.items() if n.startswith("xl/worksheets/") and n.endswith(".xml")
              and "/_rels/" not in n]
    if max(n_lembar, len(lembar)) > MAKS_LEMBAR:
        raise _tolak(berkas, f"buku kerja berisi terlalu banyak lembar (paling banyak {MAKS_LEMBAR})",
                     str(max(n_lembar, len(lembar))))
    for i in lembar:
        m = _DIMENSI.search(_kepala(zf, i, berkas))
        if m:
            _periksa_dimensi(m.group(1).decode("ascii"), i.filename, berkas)


def _kepala(zf: zipfile.ZipFile, info: zipfile.ZipInfo, berkas: str, n: int = _KEPALA) -> bytes:
    """The first ``n`` bytes of one part. XML in an encoding other than UTF-8 (which Excel and
    LibreOffice always write, and which the checks here can read) and a DOCTYPE are refused."""
    with zf.open(info) as fh:
        data = fh.read(n)
    if data.startswith(_TANDA_GAMBAR):
        return data
    m = _DEKLARASI.match(data.lstrip(b"\xef\xbb\xbf"))
    if data.lstrip(b" \t\r\n").startswith(_BOM_LAIN) or (m and m.group(1).lower() not in (b"utf-8", b"utf8")):
        raise _tolak(berkas, "bagian buku kerja tidak berkode UTF-8 (Excel dan LibreOffice selalu menulis UTF-8; "
                             "berkas dirakit ulang)", tampak(info.filename, 80))
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise _tolak(berkas, "buku kerja memuat deklarasi DOCTYPE/ENTITY XML yang tidak pernah dibuat Excel "
                             "(kemungkinan serangan entitas XML)", tampak(info.filename, 80))
    return data


def _periksa_dimensi(ref: str, bagian: str, berkas: str) -> None:
    ujung = ref.split(":")[-1]
    m = _SEL.match(ujung)
    if not m:
        raise _tolak(berkas, "dimensi lembar tidak sah", f"{bagian}: '{ref[:40]}'")
    kolom = 0
    for h in m.group(1).upper():
        kolom = kolom * 26 + ord(h) - ord("A") + 1
    baris = int(m.group(2))
    if baris > MAKS_BARIS or kolom > MAKS_KOLOM:
        raise _tolak(berkas, f"lembar terlalu besar untuk kertas kerja (paling banyak {MAKS_BARIS:,} baris dan "
                             f"{MAKS_KOLOM:,} kolom)".replace(",", "."),
                     f"{bagian}: {baris:,} baris × {kolom:,} kolom".replace(",", "."))


# ------------------------------------------------------------------------------ the one opener
def open_workbook(path: str | Path, *, berkas: str | None = None, read_only: bool = True,
                  data_only: bool = True) -> Workbook:
    """Open an untrusted ``.xlsx`` workbook: :func:`periksa_berkas` first, then openpyxl.

    External links are never loaded. The caller closes the workbook (``wb.close()``); in
    read-only mode it iterates the rows inside :func:`workbook_errors`.

    Parameters
    ----------
    path : str or Path
        The workbook.
    berkas : str, optional
        The name used in the error (default ``str(path)``).
    read_only : bool
        openpyxl's streaming mode (bounded memory; the default). ``False`` builds every cell,
        for a small workbook read by cell address.
    data_only : bool
        Read the cached values of formulas (default) rather than the formulas.

    Raises
    ------
    WorksheetError
        The file is missing, a folder, refused by the guard, or not a readable workbook; one
        problem in Indonesian.
    """
    import openpyxl

    path = Path(path)
    berkas = str(path) if berkas is None else berkas
    _periksa_jalur(path, berkas)
    with workbook_errors(path, berkas):
        return openpyxl.load_workbook(path, read_only=read_only, data_only=data_only, keep_links=False)


def buka_arsip(path: str | Path, *, berkas: str | None = None) -> zipfile.ZipFile:
    """Open an untrusted ``.xlsx`` workbook as a zip archive: the checks of :func:`open_workbook`
    (missing file, folder, :func:`periksa_berkas`), then :class:`zipfile.ZipFile`, for a reader of
    its XML (:mod:`kesehatan_koperasi.worksheet.xlsx`). The caller closes the archive and reads it
    inside :func:`workbook_errors`.

    Raises
    ------
    WorksheetError
        As :func:`open_workbook`.
    """
    path = Path(path)
    berkas = str(path) if berkas is None else berkas
    _periksa_jalur(path, berkas)
    with workbook_errors(path, berkas):
        return zipfile.ZipFile(path)


def _periksa_jalur(path: Path, berkas: str) -> None:
    if not path.exists():
        raise WorksheetError(berkas, [Masalah("berkas tidak ditemukan")])
    if path.is_dir():
        raise WorksheetError(berkas, [Masalah("ini folder, bukan berkas buku kerja .xlsx")])
    periksa_berkas(path, berkas)


@contextmanager
def workbook_errors(path: str | Path, berkas: str | None = None) -> Iterator[None]:
    """Turn an exception of openpyxl, :mod:`zipfile` or the XML parser raised in the block into a
    :class:`WorksheetError` in Indonesian (a :class:`WorksheetError` passes unchanged)."""
    try:
        yield
    except WorksheetError:
        raise
    except Exception as e:
        raise workbook_error(e, path, berkas) from None


def workbook_error(e: BaseException, path: str | Path, berkas: str | None = None) -> WorksheetError:
    """The :class:`WorksheetError` for an exception raised while openpyxl read ``path``."""
    path = Path(path)
    berkas = str(path) if berkas is None else berkas
    ext = path.suffix.lower()
    if ext in (".xls", ".ods", ".csv"):
        pesan = f"berkas {ext} tidak didukung: buka di Excel atau LibreOffice lalu simpan sebagai .xlsx"
    elif _xml_berbahaya(e):
        pesan = "buku kerja memuat entitas XML yang ditolak (kemungkinan serangan entitas XML)"
    elif isinstance(e, (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError)) or "zip" in str(e).lower():
        pesan = "bukan buku kerja Excel (.xlsx) yang sah (berkas rusak atau format lain)"
    else:
        pesan = f"buku kerja tidak dapat dibaca ({type(e).__name__})"
    return _tolak(berkas, pesan)


def _xml_berbahaya(e: BaseException) -> bool:
    """Whether defusedxml refused the XML (openpyxl wraps the parser's error in a ValueError)."""
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - defusedxml is a dependency
        return False
    seen: BaseException | None = e
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, DefusedXmlException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
