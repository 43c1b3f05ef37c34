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
from . import alternatif, warisan
from .checks import _check
from .model import Aturan


def _pydantic_problems(err: ValidationError) -> list[tuple[str, str]]:
    from ..inputs.pesan import validation_messages

    return validation_messages(err)


def parse_rules(data: Any, berkas: str = "<data>") -> Aturan:
    """Validate an already-parsed rule document and return the rule set."""
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
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RulesError(berkas_anak, [(warisan.KUNCI, f"aturan dasar '{nama}' tidak dapat dibaca: "
                                                       f"{e.strerror or e}")]) from None
    return _yaml(text, str(path)), str(path.resolve())


def _yaml(text: str, berkas: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise RulesError(berkas, [("", f"YAML tidak sah: {e}")]) from None


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
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RulesError(text, [("", f"berkas tidak dapat dibaca: {e.strerror or e}")]) from None
    return _parse_text(content, str(path))

