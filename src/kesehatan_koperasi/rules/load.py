"""Loading rule sets: built-in names and rule-file paths, YAML parsing, validation into
:class:`~.model.Aturan`; every problem is reported with the file and the key
(:class:`~kesehatan_koperasi.errors.RulesError`).
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import RulesError
from ..inputs import budget as B
from . import alternatif, warisan
from .checks import _check
from .model import Aturan


def _pydantic_problems(err: ValidationError) -> list[tuple[str, str]]:
    from ..inputs.pesan import validation_messages

    return validation_messages(err)


def parse_rules(data: Any, berkas: str = "<data>") -> Aturan:
    """Validate an already-parsed rule document and return the rule set.

    Whatever a hostile document makes the validation raise (a recursion, a type the checks do not
    expect) is a :class:`RulesError` naming the file, never an internal error."""
    try:
        return _parse_rules(data, berkas)
    except RulesError:
        raise
    except (RecursionError, TypeError, ValueError, KeyError, AttributeError, IndexError, ZeroDivisionError,
            OverflowError, MemoryError) as e:
        raise RulesError(berkas, [("", f"isi berkas aturan tidak dapat diperiksa ({type(e).__name__}: "
                                       f"{str(e)[:200]})")]) from None


def _parse_rules(data: Any, berkas: str) -> Aturan:
    if not isinstance(data, dict):
        raise RulesError(berkas, [("", "isi berkas aturan harus berupa pemetaan (mapping) YAML")])
    leluhur: list[str] = []
    if warisan.KUNCI in data:           # a child rule file: resolved into a complete document first
        data, leluhur = warisan.selesaikan(data, berkas, _muat_induk)
    try:
        aturan = Aturan.model_validate(data)
    except ValidationError as e:
        raise RulesError(berkas, _pydantic_problems(e)) from None
    problems = _check(aturan)
    aturan._berkas = berkas
    if not problems:   # every alternative reading must fit the rule set it belongs to
        problems = alternatif.periksa(aturan)
    if problems:
        raise RulesError(berkas, problems)
    aturan._dasar = tuple(leluhur)
    return aturan


def _muat_induk(nama: str, berkas_anak: str) -> tuple[Any, str]:
    """The raw document of a parent rule set (``dasar``) and its identity: a built-in name, or a
    path (relative to the child's folder when the child is a file)."""
    if nama in builtin_rules():
        res = resources.files("kesehatan_koperasi") / "rulesets" / f"{nama}.yaml"
        return _yaml(res.read_text(encoding="utf-8"), f"{nama} (bawaan)"), f"{nama} (bawaan)"
    path = Path(nama)
    anak = Path(berkas_anak)
    if not path.is_absolute() and anak.suffix.lower() in (".yaml", ".yml"):
        path = anak.parent / path
    if not path.is_file():
        raise RulesError(berkas_anak, [(warisan.KUNCI, f"aturan dasar '{nama}' tidak dikenal: bukan nama aturan bawaan "
                                                       f"({', '.join(builtin_rules())}) dan bukan berkas yang ada")])
    text = _baca_teks(path, berkas_anak, warisan.KUNCI)
    return _yaml(text, str(path)), str(path.resolve())


#: The safe YAML loader: libyaml's C parser where PyYAML was built with it (about ten times faster
#: than the Python one: a rule set loads in milliseconds, so a first ``assess_frame`` call stays
#: short), else the pure-Python one; both build the same plain objects.
_PEMUAT: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(text: str, berkas: str) -> Any:
    """Parse YAML within the budgets: aliases and nesting are counted on the event stream before
    any object is built (an alias bomb or a deeply nested file never reaches the constructor), and
    whatever else the parser raises is a :class:`RulesError`."""
    try:
        _periksa_struktur(text, berkas)
        return yaml.load(text, Loader=_PEMUAT)   # the safe loader (libyaml's where built)
    except RulesError:
        raise
    except yaml.YAMLError as e:
        raise RulesError(berkas, [("", f"YAML tidak sah: {e}")]) from None
    except (RecursionError, MemoryError, ValueError, TypeError, OverflowError) as e:
        raise RulesError(berkas, [("", f"YAML tidak dapat diurai ({type(e).__name__})")]) from None


def _periksa_struktur(text: str, berkas: str) -> None:
    try:
        _hitung_struktur(text, berkas)
    except yaml.YAMLError as e:   # libyaml stops at its own depth (1000), far past the budget: the same answer
        if "nesting depth" not in str(e):
            raise
        raise RulesError(berkas, [("", f"struktur YAML bersarang terlalu dalam (paling dalam "
                                       f"{B.MAKS_KEDALAMAN_ATURAN} tingkat)")]) from None


def _hitung_struktur(text: str, berkas: str) -> None:
    alias = dalam = 0
    for ev in yaml.parse(text, Loader=_PEMUAT):
        if isinstance(ev, yaml.AliasEvent):
            alias += 1
            if alias > B.MAKS_ALIAS_ATURAN:
                raise RulesError(berkas, [("", f"terlalu banyak alias YAML (paling banyak {B.MAKS_ALIAS_ATURAN}); "
                                               "kemungkinan bom alias")])
        elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            dalam += 1
            if dalam > B.MAKS_KEDALAMAN_ATURAN:
                raise RulesError(berkas, [("", f"struktur YAML bersarang terlalu dalam (paling dalam "
                                               f"{B.MAKS_KEDALAMAN_ATURAN} tingkat)")])
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            dalam -= 1


def _baca_teks(path: Path, berkas: str, kunci: str = "") -> str:
    """A rule file's text: at most :data:`~kesehatan_koperasi.inputs.budget.MAKS_UKURAN_ATURAN`
    bytes, UTF-8 (a UTF-16 or otherwise encoded file is named as such)."""
    try:
        ukuran = path.stat().st_size
        if ukuran > B.MAKS_UKURAN_ATURAN:
            raise RulesError(berkas, [(kunci, f"berkas aturan terlalu besar ({ukuran:,} byte; paling besar "
                                              f"{B.MAKS_UKURAN_ATURAN:,} byte)".replace(",", "."))])
        data = path.read_bytes()
    except OSError as e:
        raise RulesError(berkas, [(kunci, f"berkas tidak dapat dibaca: {e.strerror or e}")]) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise RulesError(berkas, [(kunci, "berkas aturan harus teks UTF-8 (berkas ini berkode UTF-16/UTF-32): "
                                          "simpan ulang sebagai UTF-8")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RulesError(berkas, [(kunci, f"berkas aturan harus teks UTF-8 (byte tidak sah di posisi {e.start})")]) \
            from None


def builtin_rules() -> list[str]:
    """Names of the rule sets shipped with the package."""
    folder = resources.files("kesehatan_koperasi") / "rulesets"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


@functools.lru_cache(maxsize=16)
def _load_builtin(name: str) -> Aturan:
    res = resources.files("kesehatan_koperasi") / "rulesets" / f"{name}.yaml"
    return _parse_text(res.read_text(encoding="utf-8"), f"{name} (bawaan)")


def _parse_text(text: str, berkas: str) -> Aturan:
    return parse_rules(_yaml(text, berkas), berkas)


def load_rules(name_or_path: str | Path | Aturan) -> Aturan:
    """Load a rule set by built-in name (``"juknis-15-2021"``) or from a YAML file path (the public
    :func:`kesehatan_koperasi.load_rules` is :func:`.resolve.load_rules`, which also takes ``None``).

    Raises
    ------
    RulesError
        The name is unknown, the file cannot be read, or its content is invalid; the message
        lists every problem with its key.
    """
    if isinstance(name_or_path, Aturan):
        return name_or_path
    text = str(name_or_path)
    if text in builtin_rules():
        return _load_builtin(text)
    path = Path(text)
    if path.suffix.lower() not in (".yaml", ".yml") and not path.exists():
        raise RulesError(text, [("", f"bukan nama aturan bawaan ({', '.join(builtin_rules())}) "
                                     "dan bukan berkas .yaml")])
    return _parse_text(_baca_teks(path, text), str(path))

