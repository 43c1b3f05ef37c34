"""Which rule set a worksheet is read and scored with, decided before the full read (the rule set
decides which questionnaire items must be answered); ``docs/keputusan.md``, "Aturan tercatat di
kertas kerja" (issue "One complete answer from the core", item 2).

A workbook written by :func:`~kesehatan_koperasi.worksheet.write_template` records the rule set
it was made from in its **custom document properties** (``docProps/custom.xml``:
:data:`PROPERTI` — name, version, :meth:`~kesehatan_koperasi.rules.Aturan.content_hash`, and
the rule file's name). Excel and LibreOffice keep custom properties when they save, the examiner
never sees them in a cell, and reading them needs no sheet.

Order of decision (:func:`aturan_untuk_buku`):

1. ``rules`` given: that set. With a record, a different ``nama`` is an error, and the same
   ``nama`` with a different content hash is an error naming both hashes — unless
   ``abaikan_aturan_tercatat`` (CLI ``--abaikan-aturan-tercatat``).
2. A record, no ``rules``: the built-in set of that name (a differing hash — the package's rule
   file changed since the template was written — is a warning, :class:`PeringatanAturan`); a
   name that is not built-in (a Dinas rule file) is an error that names the recorded set and
   says to give it with ``--rules BERKAS``.
3. No record (a workbook from an older version): the resolver
   (:func:`~kesehatan_koperasi.rules.resolve.resolve_rules`) from the ``jenis`` cell and, with
   ``menurut_tanggal``, the ``tanggal_mulai_pemeriksaan`` cell.

Every file passes :func:`~kesehatan_koperasi.inputs.guard.periksa_berkas` before any of it is
parsed (a hostile workbook is refused in about a second); the reader opens the archive once
(:func:`~kesehatan_koperasi.inputs.guard.buka_arsip`) and hands it here.
"""

from __future__ import annotations

import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PemilihanAturanError
from ..rules import Aturan, load_rules
from ..rules.resolve import builtin_rules, normalisasi_jenis, resolve_rules, tanggal_dari

#: Custom document properties that record the rule set of a workbook.
PROPERTI = {"nama": "kesehatan-koperasi.aturan.nama", "versi": "kesehatan-koperasi.aturan.versi",
            "sidik": "kesehatan-koperasi.aturan.sidik", "berkas": "kesehatan-koperasi.aturan.berkas"}
_CUSTOM = "docProps/custom.xml"
_NS_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
#: The cells the peek reads (column A key, value in column C), within the first rows.
_KUNCI_SEL = ("jenis", "tanggal_mulai_pemeriksaan")
_MAKS_BARIS_INTIP = 200


class PeringatanAturan(UserWarning):
    """The worksheet is read with a rule set that differs from the one recorded in it (same name)."""


@dataclass(frozen=True)
class AturanTercatat:
    """The rule set a workbook records (custom document properties)."""

    nama: str
    versi: str = ""
    sidik: str = ""
    berkas: str = ""

    def teks(self) -> str:
        bagian = [f"'{self.nama}'"]
        if self.versi:
            bagian.append(f"versi {self.versi}")
        if self.sidik:
            bagian.append(f"sidik {self.sidik}")
        if self.berkas and self.berkas != self.nama:
            bagian.append(f"berkas {self.berkas}")
        return " ".join(bagian[:1]) + (f" ({', '.join(bagian[1:])})" if len(bagian) > 1 else "")

    @classmethod
    def dari(cls, aturan: Aturan) -> AturanTercatat:
        berkas = Path(aturan.berkas).name if aturan.berkas and not aturan.berkas.endswith("(bawaan)") else aturan.nama
        return cls(aturan.nama, aturan.versi, aturan.content_hash(), berkas)


def catat(wb: Any, aturan: Aturan) -> None:
    """Record ``aturan`` in the custom document properties of the openpyxl workbook ``wb``."""
    from openpyxl.packaging.custom import StringProperty

    t = AturanTercatat.dari(aturan)
    for kunci, nama in PROPERTI.items():
        wb.custom_doc_props.append(StringProperty(name=nama, value=str(getattr(t, kunci))))


def baca_tercatat(path: str | Path | zipfile.ZipFile) -> AturanTercatat | None:
    """The rule set recorded in the workbook at ``path`` (or in its open archive), or ``None`` (no
    record, or not a zip).

    Call only after :func:`~kesehatan_koperasi.inputs.guard.periksa_berkas` (which bounds the
    size of every part and refuses XML entities); the part is parsed with defusedxml."""
    from defusedxml import ElementTree

    try:
        if isinstance(path, zipfile.ZipFile):
            data = path.read(_CUSTOM) if _CUSTOM in path.namelist() else None
        else:
            with zipfile.ZipFile(path) as zf:
                data = zf.read(_CUSTOM) if _CUSTOM in zf.namelist() else None
        if data is None:
            return None
        root = ElementTree.fromstring(data)
    except Exception:
        return None
    nilai: dict[str, str] = {}
    for prop in root.iter(f"{_NS_CUSTOM}property"):
        nama = prop.get("name")
        for kunci, p in PROPERTI.items():
            if nama == p:
                nilai[kunci] = "".join(prop.itertext()).strip()
    if not nilai.get("nama"):
        return None
    return AturanTercatat(**{k: nilai.get(k, "") for k in PROPERTI})


def _intip_sel(arsip: zipfile.ZipFile) -> dict[str, object]:
    """The ``jenis`` and ``tanggal_mulai_pemeriksaan`` cells (column A key, value in column C) in the
    first rows of each sheet, read from the guarded archive (:mod:`.xlsx`)."""
    from .xlsx import baca_buku

    found: dict[str, object] = {}
    try:
        buku = baca_buku(arsip, lambda _: _MAKS_BARIS_INTIP, 3)
    except Exception:
        return found
    for rows in buku.lembar.values():
        for row in rows:
            if row and row[0] in _KUNCI_SEL and len(row) > 2:
                found[str(row[0])] = row[2]
    return found


def periksa_cocok(tercatat: AturanTercatat, aturan: Aturan, berkas: str) -> None:
    """Raise when ``aturan`` (asked for) is not the rule set the worksheet records."""
    saran = "Nilai dengan aturan tercatat (tanpa --rules, atau --rules dengan berkas aturan itu), atau tegaskan " \
            "pilihan Anda dengan --abaikan-aturan-tercatat."
    if aturan.nama != tercatat.nama:
        raise PemilihanAturanError(berkas, [("aturan", f"kertas kerja ini dibuat dengan aturan {tercatat.teks()}, "
                                                       f"tetapi diminta dinilai dengan aturan '{aturan.nama}' versi "
                                                       f"{aturan.versi}. {saran}")])
    if tercatat.sidik and aturan.content_hash() != tercatat.sidik:
        raise PemilihanAturanError(berkas, [("aturan", f"kertas kerja ini dibuat dengan aturan {tercatat.teks()}; "
                                                       f"aturan '{aturan.nama}' yang diberikan (versi {aturan.versi}) "
                                                       f"isinya berbeda: sidik {aturan.content_hash()}, bukan "
                                                       f"{tercatat.sidik}. {saran}")])


def aturan_untuk_buku(path: str | Path, rules: str | Path | Aturan | None = None, menurut_tanggal: bool = False,
                      abaikan_aturan_tercatat: bool = False, arsip: zipfile.ZipFile | None = None) -> Aturan:
    """The rule set to read and score the workbook at ``path`` with (module docstring).

    ``arsip``: the workbook's archive, already opened by
    :func:`~kesehatan_koperasi.inputs.guard.buka_arsip` (so checked once and read from one open).

    Raises
    ------
    WorksheetError
        The file is refused by the guard (too large, zip bomb, macros, XML entities, ...).
    PemilihanAturanError
        A conflict between ``rules`` and the recorded set; a recorded rule file not given; a date
        no rule set covers.
    RulesError
        ``rules`` is unknown or invalid.
    """
    from ..inputs import guard

    path = Path(path)
    berkas = str(path)
    diminta = None if rules is None else load_rules(rules)
    if arsip is None:
        if not path.is_file():          # the reader reports a missing file or a folder
            return diminta if diminta is not None else resolve_rules()
        with guard.buka_arsip(path, berkas=berkas) as zf:    # before any part of the file is parsed
            return aturan_untuk_buku(path, diminta, menurut_tanggal, abaikan_aturan_tercatat, zf)
    tercatat = baca_tercatat(arsip)
    if diminta is not None:
        if tercatat is not None and not abaikan_aturan_tercatat:
            periksa_cocok(tercatat, diminta, berkas)
        return diminta
    if tercatat is not None and not abaikan_aturan_tercatat:
        if tercatat.nama not in builtin_rules():
            raise PemilihanAturanError(berkas, [("aturan", f"kertas kerja ini dibuat dengan berkas aturan "
                                                           f"{tercatat.teks()}, yang bukan aturan bawaan. Berikan "
                                                           "berkas aturan itu dengan --rules BERKAS (Python: "
                                                           "rules='BERKAS.yaml').")])
        aturan = load_rules(tercatat.nama)
        if tercatat.sidik and aturan.content_hash() != tercatat.sidik:
            warnings.warn(f"{berkas}: kertas kerja dibuat dengan aturan {tercatat.teks()}; dinilai dengan aturan "
                          f"bawaan '{aturan.nama}' versi {aturan.versi} yang terpasang (sidik {aturan.content_hash()}).",
                          PeringatanAturan, stacklevel=2)
        return aturan
    sel = _intip_sel(arsip)
    jenis = normalisasi_jenis(sel.get("jenis"))
    tanggal = tanggal_dari(sel.get("tanggal_mulai_pemeriksaan")) if menurut_tanggal else None
    try:
        return resolve_rules(jenis, tanggal)
    except PemilihanAturanError as e:
        if e.masalah and e.masalah[0][0] == "jenis":    # an invalid jenis is reported by the reader
            return resolve_rules(None, tanggal)
        raise
