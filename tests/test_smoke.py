"""The shipped examples score as their names say."""

import json
from pathlib import Path

import pytest

import kesehatan_koperasi as kk

WORKSHEETS = Path(__file__).resolve().parent.parent / "worksheets"


@pytest.mark.parametrize("stem, predikat", [
    ("contoh-ksp-sehat", "Sehat"),
    ("contoh-usp-cukup-sehat", "Cukup Sehat"),
    ("contoh-ksp-dalam-pengawasan-khusus", "Dalam Pengawasan Khusus"),
])
def test_example_predicates(stem, predikat):
    ws = kk.KertasKerja.model_validate(json.loads((WORKSHEETS / f"{stem}.json").read_text()))
    assert kk.assess(ws).predikat == predikat
