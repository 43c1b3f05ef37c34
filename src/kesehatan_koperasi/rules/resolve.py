"""The one rule-set resolver: which built-in rule set applies to a cooperative, decided from the
rule files' own ``jenis_koperasi``, ``berlaku_mulai`` and ``berlaku_sampai`` (issue "One complete
answer from the core", item 2; ``docs/keputusan.md``, "Pemilihan aturan").

Rules (:func:`resolve_rules`):

1. ``jenis`` (``fields.md``: ``KSP``, ``USP``, ``KSPPS``, ``USPPS``; case and spaces ignored); none
   given → the first jenis of the model's ``Jenis`` (the order of ``fields.md``): ``KSP``.
2. The candidates are the rule sets whose ``jenis_koperasi`` contains the jenis; none → an error
   that lists the jenis the rule sets know.
3. With an examination date: the candidate in force on that date
   (``berlaku_mulai`` ≤ tanggal < ``berlaku_sampai``, the end exclusive). None → a gap; more than
   one → an ambiguity; both are :class:`~kesehatan_koperasi.errors.RulesError` naming the
   candidates and their validity.
4. Without a date: the candidate in force today; if none is, the newest (latest ``berlaku_mulai``).

No rule-set name is written in this module: a new or corrected rule file changes the choice.
Every caller (``assess``, ``assess_frame``, ``read_worksheet``, the CLI, batch, ``template``)
comes here.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Sequence
from pathlib import Path

from ..errors import PemilihanAturanError as _Galat
from ..fields import Jenis
from . import alternatif as _alternatif
from . import load as _load
from .model import Aturan

#: Cooperative types examined as syariah (KSPPS/USPPS); spec ``fields.md`` (``jenis``).
JENIS_SYARIAH: frozenset[str] = frozenset({"KSPPS", "USPPS"})
JENIS_KONVENSIONAL: frozenset[str] = frozenset({"KSP", "USP"})


def builtin_rules() -> list[str]:
    """Names of the built-in rule sets (indirection so that tests can hide one)."""
    return _load.builtin_rules()


def jenis_bawaan() -> str:
    """The jenis assumed when none is given: the first of the model's ``Jenis`` (``fields.md`` order)."""
    return typing.get_args(Jenis)[0]


def aturan_bawaan() -> list[Aturan]:
    """Every built-in rule set (loaded once; see :func:`~.load.load_rules`)."""
    return [_load.load_rules(n) for n in builtin_rules()]


def _rentang(a: Aturan) -> str:
    sampai = f"sebelum {a.berlaku_sampai.isoformat()}" if a.berlaku_sampai else "seterusnya"
    return f"{a.nama} (berlaku {a.berlaku_mulai.isoformat()} {sampai})"


def normalisasi_jenis(jenis: object) -> str | None:
    """``jenis`` upper-cased and stripped; ``None`` for a missing or empty value."""
    if jenis is None or (isinstance(jenis, float) and jenis != jenis):
        return None
    try:
        import pandas as pd

        if pd.isna(jenis):
            return None
    except (TypeError, ValueError):
        pass
    j = str(jenis).strip().upper()
    return j or None


def resolve_rules(jenis: str | None = None, tanggal: dt.date | None = None,
                  kandidat: Sequence[Aturan] | None = None) -> Aturan:
    """The rule set for a cooperative type and, optionally, an examination date.

    Parameters
    ----------
    jenis : str, optional
        ``KSP``, ``USP``, ``KSPPS`` or ``USPPS`` (case-insensitive); ``None`` or empty:
        :func:`jenis_bawaan`.
    tanggal : datetime.date, optional
        Date of the examination (``tanggal_mulai_pemeriksaan``). ``None``: the set in force today,
        else the newest.
    kandidat : sequence of Aturan, optional
        The rule sets to choose from (default: every built-in set).

    Raises
    ------
    RulesError
        The jenis is known to no rule set, or no set / several sets cover the date.
    """
    semua = list(kandidat) if kandidat is not None else aturan_bawaan()
    j = normalisasi_jenis(jenis) or jenis_bawaan()
    cocok = [a for a in semua if j in {str(x).strip().upper() for x in a.jenis_koperasi}]
    if not cocok:
        dikenal = sorted({str(x).upper() for a in semua for x in a.jenis_koperasi})
        raise _Galat("", [("jenis", f"jenis koperasi '{jenis}' tidak dikenal oleh aturan mana pun; "
                                             f"pilih salah satu dari {', '.join(dikenal)}")])
    if isinstance(tanggal, dt.datetime):
        tanggal = tanggal.date()
    if tanggal is not None:
        berlaku = [a for a in cocok if a.berlaku_pada(tanggal)]
        if len(berlaku) == 1:
            return berlaku[0]
        daftar = "; ".join(_rentang(a) for a in cocok)
        if not berlaku:
            raise _Galat("", [("tanggal", f"tidak ada aturan bawaan untuk {j} yang berlaku pada tanggal "
                                                   f"pemeriksaan {tanggal.isoformat()} (aturan untuk {j}: {daftar}). "
                                                   "Pilih aturan secara eksplisit dengan --rules NAMA|BERKAS.")])
        raise _Galat("", [("tanggal", f"lebih dari satu aturan bawaan untuk {j} berlaku pada tanggal "
                                               f"{tanggal.isoformat()}: {'; '.join(_rentang(a) for a in berlaku)}. "
                                               "Perbaiki berlaku_mulai/berlaku_sampai berkas aturan, atau pilih "
                                               "dengan --rules NAMA|BERKAS.")])
    hari_ini = dt.date.today()
    berlaku = [a for a in cocok if a.berlaku_pada(hari_ini)]
    if len(berlaku) == 1:
        return berlaku[0]
    if len(berlaku) > 1:
        raise _Galat("", [("jenis", f"lebih dari satu aturan bawaan untuk {j} berlaku hari ini: "
                                             f"{'; '.join(_rentang(a) for a in berlaku)}. Pilih dengan "
                                             "--rules NAMA|BERKAS.")])
    terbaru = max(a.berlaku_mulai for a in cocok)
    pilihan = [a for a in cocok if a.berlaku_mulai == terbaru]
    if len(pilihan) > 1:
        raise _Galat("", [("jenis", f"aturan bawaan untuk {j} tidak dapat dipilih: "
                                             f"{'; '.join(_rentang(a) for a in pilihan)} sama-sama terbaru. "
                                             "Pilih dengan --rules NAMA|BERKAS.")])
    return pilihan[0]


def pilih_aturan(jenis: str | None = None, tanggal: dt.date | None = None) -> str:
    """Name of the built-in rule set for a cooperative type and, optionally, an examination date:
    the name of :func:`resolve_rules` (see there, and the module docstring, for the rules).

    Raises
    ------
    RulesError
        ``jenis`` is unknown, or no built-in rule set (or more than one) covers the date.
    """
    return resolve_rules(jenis, tanggal).nama


def aturan_atau_pilih(rules: object, jenis: str | None = None, tanggal: dt.date | None = None) -> Aturan:
    """``rules`` loaded when given (a name, a path or an :class:`Aturan`), else resolved from
    ``jenis`` and ``tanggal`` — the one place where ``rules=None`` means "resolved"."""
    if rules is None:
        return resolve_rules(jenis, tanggal)
    return _load.load_rules(rules)  # type: ignore[arg-type]


def tanggal_dari(nilai: object) -> dt.date | None:
    """A date from a cell or column value (date, datetime, ISO or ``dd-mm-yyyy`` text); ``None``
    when missing or unreadable (the reader reports an unreadable date itself)."""
    if nilai is None:
        return None
    if isinstance(nilai, dt.datetime):
        return nilai.date()
    if isinstance(nilai, dt.date):
        return nilai
    try:
        import pandas as pd

        if pd.isna(nilai):
            return None
        if isinstance(nilai, pd.Timestamp):
            return nilai.date()
    except (TypeError, ValueError):
        pass
    if isinstance(nilai, str):
        from ..inputs.cells import parse_tanggal

        try:
            return parse_tanggal(nilai)
        except Exception:
            try:
                return dt.date.fromisoformat(nilai.strip()[:10])
            except ValueError:
                return None
    return None


def load_rules(name_or_path: str | Path | Aturan | None = None, alternatif: Sequence[str] = ()) -> Aturan:
    """Load a rule set by built-in name (``"juknis-15-2021"``) or from a YAML file path; ``None``:
    the set the resolver chooses for the default jenis (:func:`resolve_rules`).

    ``alternatif``: ids of the rule set's alternative readings (spec §9, key ``alternatif`` of the
    rule file) to apply, in order: ``load_rules("juknis-15-2021", alternatif=["npl-12"])`` is the
    set with NPL read as the text beside the table says (:func:`.alternatif.terapkan`).

    Raises
    ------
    RulesError
        The name is unknown, the file cannot be read, or its content is invalid; the message
        lists every problem with its key.
    """
    aturan = resolve_rules() if name_or_path is None else _load.load_rules(name_or_path)
    ids = [alternatif] if isinstance(alternatif, str) else list(alternatif)
    return _alternatif.terapkan(aturan, ids) if ids else aturan
