"""Mutation check: the reference checks can fail.

Each test breaks the engine or a copy of a rule file in one deliberate way and asserts that the
same checker the real tests use (``tests/checks.py``) reports at least one mismatch:

(a) half-up rounding replaced by numpy's half-to-even ``np.round`` → ``rounding_mismatches``;
(b) one cut point moved from ``[a`` to ``a]`` → ``band_mismatches``;
(c) one aspect weight changed (points moved between two aspects, sum still 100) →
    ``reference_mismatches``;
(d) the findings rule (``temuan:``) changed → ``temuan_mismatches``.

A control test writes each rule file through the same YAML round trip without a change and
checks that every checker is then silent, so a failure is due to the mutation alone.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh

from . import _internal, checks

RULE_SETS = ["juknis-15-2021", "juknis-15-2021-kspps", "perdep-06-2016"]


def _rule_data(nama: str) -> dict:
    """The rule file's data; for a file that derives from another (``dasar:``), the resolved
    set written out in full, so that a mutation can reach every inherited value."""
    data = yaml.safe_load(_internal.rule_file_text(nama))
    if "dasar" in data:
        data = kk.load_rules(nama).model_dump(mode="json")
    return data


def _write_rules(data: dict, tmp_path, nama: str) -> kk.Aturan:
    path = tmp_path / f"{nama}-mutasi.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    aturan = kk.load_rules(str(path))
    assert aturan.nama == nama
    return aturan


def _find(node, kode: str) -> dict:
    """The dict with ``kode: <kode>`` anywhere in the rule data (aspect, component or indicator)."""
    if isinstance(node, dict):
        if node.get("kode") == kode:
            return node
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        hit = _find(child, kode)
        if hit is not None:
            return hit
    return None


def _frame(aturan: kk.Aturan, n: int = 60):
    return contoh.koperasi(n, seed=3, rules=aturan)


# ----------------------------------------------------------------------------- control


@pytest.mark.parametrize("nama", RULE_SETS)
def test_control_unchanged_copy_passes_every_checker(nama, tmp_path):
    aturan = _write_rules(_rule_data(nama), tmp_path, nama)
    assert checks.band_mismatches(aturan, checks.transcription(nama)) == []
    assert checks.rounding_mismatches(aturan) == []
    assert checks.reference_mismatches(_frame(aturan), aturan) == []
    assert checks.temuan_mismatches({nama: aturan}) == []


# ----------------------------------------------------------------------------- (a) rounding


def _half_to_even(x, desimal=2):
    return np.round(np.asarray(x, dtype=float), desimal)


@pytest.mark.parametrize("nama", RULE_SETS)
def test_a_half_to_even_rounding_is_caught(nama, monkeypatch):
    bound = _internal.bindings_of(_internal.bulatkan, "bulatkan")
    names = {m.__name__ for m, _ in bound}
    assert len(bound) >= 2, names        # defined in one module, imported by name into the engine
    for mod, attr in bound:
        monkeypatch.setattr(mod, attr, _half_to_even)
    bad = checks.rounding_mismatches(kk.load_rules(nama))
    assert bad, f"np.round instead of half-up went unnoticed (patched in {sorted(names)})"


# ----------------------------------------------------------------------------- (b) one cut point

CUT = {"juknis-15-2021": ("C.1.1.1", "[3", "3]"),
       "juknis-15-2021-kspps": ("D.1.1", "[10", "10]"),
       "perdep-06-2016": ("A.3", "[4", "4]")}


@pytest.mark.parametrize("nama", RULE_SETS)
def test_b_cut_point_moved_to_the_lower_band_is_caught(nama, tmp_path):
    kode, old, new = CUT[nama]
    data = _rule_data(nama)
    batas = _find(data, kode)["pita"]["batas"]
    assert old in batas
    batas[batas.index(old)] = new
    aturan = _write_rules(data, tmp_path, nama)
    bad = checks.band_mismatches(aturan, checks.transcription(nama))
    assert bad, f"{kode} {old} → {new} went unnoticed"
    assert {m[0] for m in bad} == {kode}


# ----------------------------------------------------------------------------- (c) aspect weight

def _move_weight(data: dict, nama: str) -> dict:
    data = copy.deepcopy(data)
    if nama == "perdep-06-2016":
        # aspect weight = sum of its component weights, so move a point with a component:
        # A (15) → 14 with A.1 6 → 5; D (10) → 11 with D.1 4 → 5
        for a, i, d in (("A", "A.1", -1), ("D", "D.1", +1)):
            _find(data, a)["bobot"]["nilai"] += d
            _find(data, i)["bobot"]["nilai"] += d
    else:
        _find(data, "C")["bobot"]["nilai"] -= 5        # 40 → 35
        _find(data, "D")["bobot"]["nilai"] += 5        # 15 → 20
    return data


@pytest.mark.parametrize("nama", RULE_SETS)
def test_c_aspect_weight_moved_is_caught(nama, tmp_path):
    data = _move_weight(_rule_data(nama), nama)
    aturan = _write_rules(data, tmp_path, nama)
    assert sum(a.bobot.nilai for a in aturan.aspek) == 100
    bad = checks.reference_mismatches(_frame(aturan), aturan)
    assert bad, "a changed aspect weight went unnoticed"


# ----------------------------------------------------------------------------- (d) findings rule

TEMUAN = {"juknis-15-2021": {"uraian": "Indikator dengan Nilai 4 (Tidak Sehat)", "nilai": [4]},
          "juknis-15-2021-kspps": {"uraian": "Indikator dengan Nilai 4 (Tidak Sehat)", "nilai": [4]},
          "perdep-06-2016": {"uraian": "Komponen dengan nilai di bawah 30", "nilai_kurang_dari": 30}}


@pytest.mark.parametrize("nama", RULE_SETS)
def test_d_findings_rule_changed_is_caught(nama, tmp_path):
    data = _rule_data(nama)
    data["temuan"] = TEMUAN[nama]
    aturan = _write_rules(data, tmp_path, nama)
    bad = checks.temuan_mismatches({nama: aturan})
    assert bad, "a changed findings rule went unnoticed"
