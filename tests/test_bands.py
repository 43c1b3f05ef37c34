"""Band tables: every edge on both sides, generated from the rule file and checked against an
independent transcription of the spec (``cases/pita-spec.yaml``) and the reference ladders."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kesehatan_koperasi as kk

from . import checks, reference
from ._internal import bulatkan, pita
from .checks import spec_lookup

SPEC = checks.transcription("juknis-15-2021")


RATIOS = [i for _, i in kk.load_rules().indikator() if i.jenis != "kuesioner"]


def _probe_points(titik):
    pts = [-math.inf, math.inf, -1e6, 1e6, 0.0]
    for t in titik:
        pts += [t - 0.01, t, t + 0.01, t - 1e-9, t + 1e-9]
    return pts


def test_spec_transcription_covers_every_ratio_indicator():
    assert sorted(SPEC["pita"]) == sorted(i.kode for i in RATIOS)


@pytest.mark.parametrize("ind", RATIOS, ids=lambda i: i.kode)
def test_every_edge_both_sides_matches_spec(ind):
    p = ind.pita
    xs = np.array(_probe_points(p.titik))
    got = pita(xs, p.titik, p.naik_di_titik, np.array(p.nilai))
    want = [spec_lookup(SPEC["pita"][ind.kode], x) for x in xs]
    assert list(got) == want


@pytest.mark.parametrize("ind", RATIOS, ids=lambda i: i.kode)
def test_every_edge_both_sides_matches_reference_ladder(ind):
    p = ind.pita
    xs = _probe_points(p.titik)
    got = pita(np.array(xs), p.titik, p.naik_di_titik, np.array(p.nilai))
    assert list(got) == [reference.LADDER[ind.kode](x) for x in xs]


@pytest.mark.parametrize("ind", RATIOS, ids=lambda i: i.kode)
def test_undefined_nilai_and_positive_denominator_match_spec(ind):
    assert int(ind.tak_terdefinisi.nilai) == SPEC["tak_terdefinisi"][ind.kode]
    assert ind.penyebut_harus_positif == (ind.kode in SPEC["penyebut_harus_positif"])


def test_questionnaire_band_matches_spec(aturan):
    p = aturan.kuesioner.pita
    xs = [0.0, 25.0, 25.01, 50.0, 50.01, 75.0, 75.01, 100.0, 33.33, 66.67]
    got = pita(np.array(xs), p.titik, p.naik_di_titik, np.array(p.nilai))
    assert list(got) == [spec_lookup(SPEC["kuesioner"], x) for x in xs]


@pytest.mark.parametrize("yes, n, nilai", [
    (4, 4, 1), (3, 4, 2), (2, 4, 3), (1, 4, 4), (0, 4, 4),        # 3 of 4 (75 %) is Nilai 2
    (5, 5, 1), (4, 5, 1), (3, 5, 2), (2, 5, 3), (1, 5, 4),
    (3, 3, 1), (2, 3, 2), (1, 3, 3), (0, 3, 4),
    (13, 17, 1), (12, 17, 2), (9, 17, 2), (8, 17, 3), (5, 17, 3), (4, 17, 4),
])
def test_questionnaire_counts(aturan, yes, n, nilai):
    p = aturan.kuesioner.pita
    r = bulatkan(yes / n * 100, 2)
    assert pita(np.array([r]), p.titik, p.naik_di_titik, np.array(p.nilai))[0] == nilai
    assert reference.questionnaire_nilai(yes, n) == nilai


def test_predicate_table_matches_spec(aturan):
    p = aturan.predikat.pita
    xs = [0, 25, 50.995, 51, 65.995, 66, 79.995, 80, 100]
    got = pita(np.array(xs, dtype=float), p.titik, p.naik_di_titik, np.array(p.nilai, dtype=object))
    assert list(got) == [spec_lookup(SPEC["predikat"], x) for x in xs]


@pytest.mark.parametrize("ind", RATIOS, ids=lambda i: i.kode)
@given(x1=st.floats(allow_nan=False), x2=st.floats(allow_nan=False))
def test_monotone_in_the_direction_of_the_table(ind, x1, x2):
    """A higher value of a higher-is-better ratio never lowers its Nilai (and conversely)."""
    p = ind.pita
    lo, hi = min(x1, x2), max(x1, x2)
    n_lo, n_hi = pita(np.array([lo, hi]), p.titik, p.naik_di_titik, np.array(p.nilai))
    higher_is_better = p.nilai[0] > p.nilai[-1]
    assert (n_hi <= n_lo) if higher_is_better else (n_hi >= n_lo)


_ALL_TABLES = [(n, i.kode) for n in checks.TRANSCRIPTION for _, i in kk.load_rules(n).indikator()
               if i.jenis != "kuesioner"]


@given(st.lists(st.floats(allow_nan=False), min_size=1, max_size=30), st.sampled_from(_ALL_TABLES))
def test_random_values_match_the_transcription(xs, table):
    """Any float, including ±inf, gets the result the transcribed table gives (every rule set).
    Replaces a check that the band index lies in [0, k], which held by construction."""
    nama, kode = table
    p = kk.load_rules(nama).cari(kode).pita
    rows = checks.transcription(nama)["pita"][kode]
    assert checks.band_lookup(p, xs) == [spec_lookup(rows, x) for x in xs]
