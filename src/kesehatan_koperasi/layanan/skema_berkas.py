"""The JSON Schemas of the service's input and output (issue 13, item 5): a KertasKerja (the JSON
body of ``POST /api/v1/penilaian``) and a Hasil (its answer, ``hasil.json``), generated from the
pydantic models. ``scripts/buat_skema_json.py`` writes them into the package
(``layanan/skema_json/``) and into ``docs/skema/``; a test checks that both are current. The
service serves them at ``/api/v1/skema/{nama}``."""

from __future__ import annotations

import json
from importlib import resources

from pydantic import BaseModel

from ..model import KertasKerja
from ..result.hasil import Hasil

#: File name → model.
MODEL: dict[str, type[BaseModel]] = {"kertas-kerja.schema.json": KertasKerja, "hasil.schema.json": Hasil}
ID = "https://kesehatan-koperasi.github.io/kesehatan-koperasi/skema/"


def teks_skema(nama: str) -> str:
    """The schema file ``nama`` as it should be (JSON, 2-space indent, a final newline)."""
    model = MODEL[nama]
    isi = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": ID + nama} | model.model_json_schema()
    return json.dumps(isi, ensure_ascii=False, indent=2) + "\n"


def skema_terpasang(nama: str) -> str:
    """The schema file shipped in the package."""
    return (resources.files("kesehatan_koperasi.layanan") / "skema_json" / nama).read_text(encoding="utf-8")
