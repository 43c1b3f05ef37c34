"""The vectorised core (rule file + engine) agrees with the scalar reference written from the
spec, on thousands of random cooperatives, including zero denominators, ±inf and losses."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.fields import AMOUNT_NAMES

from . import reference
from .perturb import perturb


def _items(aturan):
    return {i.kode: i.kode_butir for _, i in aturan.indikator() if i.jenis == "kuesioner"}


def _compare(frame, aturan):
    out = kk.assess_frame(frame)
    assert (out["galat"] == "").all(), out.loc[out["galat"] != "", "galat"].head().tolist()
    items = _items(aturan)
    ratio_codes = [i.kode for _, i in aturan.indikator() if i.jenis != "kuesioner"]
    mismatches = []
    for i, rec in enumerate(frame.to_dict(orient="records")):
        ref = reference.assess_one(rec, items)
        row = out.iloc[i]
        for kode, v in ref["nilai"].items():
            if int(row[f"nilai.{kode}"]) != v:
                mismatches.append((i, kode, int(row[f"nilai.{kode}"]), v, ref["rasio"].get(kode)))
        for kode in ratio_codes:
            r, got = ref["rasio"][kode], row[f"rasio.{kode}"]
            if r is None:
                assert math.isnan(got), (i, kode, got)
            elif math.isinf(r):
                assert got == r, (i, kode, got, r)
            else:
                assert abs(got - r) <= 0.0100001, (i, kode, got, r)
        for a in "ABCD":
            assert row[f"aspek.{a}"] == pytest.approx(float(ref["aspek"][a]), abs=1e-9), (i, a)
        assert row["nilai_akhir"] == pytest.approx(float(ref["nilai_akhir"]), abs=1e-9)
        assert row["predikat"] == ref["predikat"]
    assert not mismatches, mismatches[:10]
    return out


def test_core_matches_reference_on_synthetic_cooperatives(aturan):
    frame = contoh.koperasi(1500, seed=11)
    _compare(frame, aturan)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_core_matches_reference_with_zeroed_lines(aturan, seed):
    frame = perturb(contoh.koperasi(600, seed=100 + seed), seed=seed, p=0.2)
    out = _compare(frame, aturan)
    # the perturbation really reaches the special cases
    rasio = out.filter(like="rasio.")
    assert rasio.isna().any().sum() >= 5
    assert np.isinf(rasio.to_numpy()).any()


CASES = yaml.safe_load((Path(__file__).parent / "cases" / "koperasi-minimal.yaml").read_text(encoding="utf-8"))


def _minimal_frame(case, aturan):
    row = {k: 0.0 for k in AMOUNT_NAMES} | {k + "_lalu": 0.0 for k in AMOUNT_NAMES}
    row.update({k: float(v) for k, v in case["tahun_ini"].items()})
    row.update({k + "_lalu": float(v) for k, v in case["tahun_lalu"].items()})
    row.update({c: 1 for c in aturan.kode_butir()})
    return pd.DataFrame([row])


@pytest.mark.parametrize("case", CASES["kasus"], ids=lambda c: c["nama"])
def test_zero_and_negative_denominator_rules(aturan, case):
    out = kk.assess_frame(_minimal_frame(case, aturan)).iloc[0]
    assert out["galat"] == ""
    for kode, (rasio, nilai) in case["harapan"].items():
        got = out[f"rasio.{kode}"]
        if rasio == "tak_terdefinisi":
            assert math.isnan(got), (kode, got)
            assert f"{kode} " in out["peringatan"] and "tak terdefinisi" in out["peringatan"]
        elif rasio in ("inf", "-inf"):
            assert got == float(rasio), (kode, got)
            assert f"{kode} " in out["peringatan"]
        else:
            assert got == pytest.approx(float(rasio)), (kode, got)
        assert out[f"nilai.{kode}"] == nilai, (kode, out[f"nilai.{kode}"])


def test_minimal_cases_agree_with_reference(aturan):
    for case in CASES["kasus"]:
        _compare(_minimal_frame(case, aturan), aturan)
