"""The ONE place where tests reach into internal modules of ``kesehatan_koperasi``.

``src/`` is being restructured; when a module moves, update the imports here only. Everything
else in the tests should use the public API (``import kesehatan_koperasi as kk``) or this module.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from kesehatan_koperasi.core.bands import indeks_pita, pita  # noqa: F401  band lookup used by the engine
from kesehatan_koperasi.core.engine import score  # noqa: F401  the one scoring path, as arrays
from kesehatan_koperasi.core.ketahanan import bertumpu_sementara, uji  # noqa: F401  the robustness analysis
from kesehatan_koperasi.core.ratios import bulatkan  # noqa: F401  the engine's half-up rounding
from kesehatan_koperasi.core.rollup import nilai_akhir, predikat, predikat_indeks, skor_aspek  # noqa: F401
from kesehatan_koperasi.fields import AMOUNT_NAMES, KNOWN_NAMES  # noqa: F401
from kesehatan_koperasi.model import read_json  # noqa: F401

PACKAGE = "kesehatan_koperasi"


def rule_file_text(name: str) -> str:
    """The text of a built-in rule file (package data ``rulesets/<name>.yaml``)."""
    return (resources.files(PACKAGE) / "rulesets" / f"{name}.yaml").read_text(encoding="utf-8")


def rule_file_path(name: str) -> Path:
    return Path(str(resources.files(PACKAGE) / "rulesets" / f"{name}.yaml"))


def bindings_of(original: object, attr: str) -> list[tuple[object, str]]:
    """Every loaded ``kesehatan_koperasi.*`` module that binds ``attr`` to ``original``.

    Used to monkeypatch a function wherever it was imported by name (``from .ratios import
    bulatkan``), so the patch keeps working after modules move.
    """
    out = []
    for name, mod in list(sys.modules.items()):
        if mod is None or not (name == PACKAGE or name.startswith(PACKAGE + ".")):
            continue
        if getattr(mod, attr, None) is original:
            out.append((mod, attr))
    return out
