"""Every band table of every built-in rule set against an independent hand transcription of the
spec/domain documents (``cases/pita-spec.yaml``, ``pita-kspps.yaml``, ``pita-perdep.yaml``):
each edge of either table probed on both sides (±0,01, the nearest values a 2-decimal ratio can
take) and at the edge itself, through the band lookup the engine uses."""

from __future__ import annotations

import pytest

import kesehatan_koperasi as kk

from . import checks

RULE_SETS = ["juknis-15-2021", "juknis-15-2021-kspps", "perdep-06-2016"]


def test_every_builtin_rule_set_has_a_transcription():
    assert sorted(kk.builtin_rules()) == sorted(checks.TRANSCRIPTION)


@pytest.mark.parametrize("nama", RULE_SETS)
def test_band_tables_match_transcription(nama):
    bad = checks.band_mismatches(kk.load_rules(nama), checks.transcription(nama))
    assert not bad, bad[:20]


def _banded(nama):
    return [(nama, i.kode) for _, i in kk.load_rules(nama).indikator() if i.jenis != "kuesioner"]


@pytest.mark.parametrize("nama, kode", [c for n in RULE_SETS for c in _banded(n)], ids=lambda v: str(v))
def test_each_edge_both_sides(nama, kode):
    """The same check per indicator, so that a failure names the table."""
    spec = checks.transcription(nama)
    ind = kk.load_rules(nama).cari(kode)
    p = ind.pita
    rows = spec["pita"][kode]
    xs = checks.probe_points(p.titik, checks.edges(rows))
    got = checks.band_lookup(p, xs)
    assert got == [checks.spec_lookup(rows, x) for x in xs], list(zip(xs, got))


def test_kspps_transcription_says_where_each_value_comes_from():
    spec = checks.transcription("juknis-15-2021-kspps")
    dasar = spec["dasar"]["analogi-ksp"] + spec["dasar"]["sumber-kspps"]
    assert sorted(dasar) == sorted(spec["pita"])
    # the KSP values taken by analogy are exactly the spec's KSP values
    ksp = checks.transcription("juknis-15-2021")
    for kode in spec["pita"]:
        assert spec["pita"][kode] == ksp["pita"][kode], kode
    assert spec["kuesioner"] == ksp["kuesioner"] and spec["predikat"] == ksp["predikat"]


def test_kspps_extra_component_is_questionnaires_on_the_questionnaire_table():
    aturan = kk.load_rules("juknis-15-2021-kspps")
    spec = checks.transcription("juknis-15-2021-kspps")
    a4 = [i.kode for _, i in aturan.indikator() if i.kode.startswith("A.4.")]
    assert a4 == spec["kuesioner_tambahan"]
    assert all(aturan.cari(k).jenis == "kuesioner" and aturan.cari(k).pita is None for k in a4)
    assert {a.kode: int(a.bobot.nilai) for a in aturan.aspek} == spec["bobot_aspek"]


def test_perdep_weights_and_linear_questionnaire_match_transcription():
    aturan = kk.load_rules("perdep-06-2016")
    spec = checks.transcription("perdep-06-2016")
    assert {i.kode: i.bobot.nilai for _, i in aturan.indikator()} == spec["bobot"]
    assert {a.kode: a.bobot.nilai for a in aturan.aspek} == spec["bobot_aspek"]
    assert aturan.kuesioner.pita is None        # linear: a fixed skor per "Ya"
    for kode, q in spec["kuesioner_linier"].items():
        ind = aturan.cari(kode)
        assert len(ind.butir) == q["butir"], kode
        assert ind.bobot.nilai / q["butir"] == pytest.approx(q["skor_per_ya"]), kode
