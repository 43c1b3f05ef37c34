"""The JSON Schemas of KertasKerja and Hasil (issue 13, item 5) are current in the package and in
docs/skema/ (regenerate: ``python scripts/buat_skema_json.py``), and the served ones are those."""

from __future__ import annotations

from pathlib import Path

import pytest

from kesehatan_koperasi.layanan.skema_berkas import MODEL, skema_terpasang, teks_skema

DOCS = Path(__file__).resolve().parents[2] / "docs" / "skema"


@pytest.mark.parametrize("nama", sorted(MODEL))
def test_schemas_are_current(nama):
    harap = teks_skema(nama)
    assert skema_terpasang(nama) == harap, "jalankan: python scripts/buat_skema_json.py"
    assert (DOCS / nama).read_text(encoding="utf-8") == harap, "jalankan: python scripts/buat_skema_json.py"


def test_hasil_json_satisfies_its_schema():
    jsonschema = pytest.importorskip("jsonschema")
    import json

    import kesehatan_koperasi as kk

    from .bantu import model

    ws = model()
    jsonschema.validate(json.loads(kk.assess(ws).to_json()), json.loads(teks_skema("hasil.schema.json")))
    jsonschema.validate(json.loads(ws.model_dump_json()), json.loads(teks_skema("kertas-kerja.schema.json")))
