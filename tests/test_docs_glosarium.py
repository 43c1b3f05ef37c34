"""docs/glosarium.md is generated from kesehatan_koperasi.fields and must cover every field."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kesehatan_koperasi import fields as F

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("buat_glosarium", ROOT / "scripts" / "buat_glosarium.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_input_field_has_a_definition():
    missing = [f.name for f in F.AMOUNT_FIELDS + F.OPTIONAL_FIELDS if not F.DEFINISI.get(f.name)]
    missing += [m for m in F.MEMBER_FIELDS if not F.DEFINISI.get(m)]
    assert not missing, missing


def test_glossary_is_up_to_date():
    teks = _script().halaman()
    page = ROOT / "docs" / "glosarium.md"
    assert page.exists() and page.read_text(encoding="utf-8") == teks, \
        "docs/glosarium.md basi: jalankan `python scripts/buat_glosarium.py` lalu commit"
    for name in list(F.AMOUNT_NAMES) + list(F.DERIVED):
        assert f"`{name}`" in teks
