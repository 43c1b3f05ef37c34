"""The KSPPS/USPPS rule set: loads, keeps the KSP contract, syariah terms, a worked case.

Its band tables are checked against the independent transcription ``cases/pita-kspps.yaml`` in
``test_pita_transkripsi.py`` and end to end against the scalar reference in
``test_engine_reference.py``; not against the KSP rule file or against themselves."""

from __future__ import annotations

import re

import numpy as np
import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh

from ._internal import KNOWN_NAMES

NAMA = "juknis-15-2021-kspps"
ANALOGI = "analogi dengan juknis-15-2021 (KSP)"


@pytest.fixture(scope="module")
def kspps():
    return kk.load_rules(NAMA)


@pytest.fixture(scope="module")
def ksp():
    return kk.load_rules("juknis-15-2021")


def test_loads_and_is_a_builtin(kspps):
    assert NAMA in kk.builtin_rules()
    assert kspps.nama == NAMA
    assert kspps.jenis_koperasi == ["KSPPS", "USPPS"]


def test_loading_from_its_path_gives_the_same_rules(kspps):
    from importlib import resources

    path = resources.files("kesehatan_koperasi") / "rulesets" / f"{NAMA}.yaml"
    again = kk.load_rules(str(path))
    assert again.model_dump() == kspps.model_dump()


def test_weights_sum_to_100(kspps):
    assert sum(a.bobot.nilai for a in kspps.aspek) == 100
    assert [(a.kode, a.bobot.nilai) for a in kspps.aspek] == [("A", 30), ("B", 15), ("C", 40), ("D", 15)]


def test_same_engine_contract_as_ksp(kspps, ksp):
    """Every KSP indicator exists with the same formula and kind; the fields are the contract.
    (Band tables are not compared with the KSP file: a wrong cut point copied into both would
    pass. They are checked against the spec transcription instead.)"""
    codes = [i.kode for _, i in kspps.indikator()]
    ksp_codes = [i.kode for _, i in ksp.indikator()]
    assert [c for c in codes if not c.startswith("A.4.")] == ksp_codes
    for _, i in ksp.indikator():
        j = kspps.cari(i.kode)
        assert j.jenis == i.jenis, i.kode
        assert (j.pembilang, j.penyebut, j.pertumbuhan, j.penyebut_harus_positif) == \
               (i.pembilang, i.penyebut, i.pertumbuhan, i.penyebut_harus_positif), i.kode
        if i.pita is None:
            assert len(j.butir) == len(i.butir), i.kode


def test_counts(kspps):
    per_aspek = {a.kode: len(list(a.semua_indikator())) for a in kspps.aspek}
    assert per_aspek == {"A": 27, "B": 21, "C": 18, "D": 4}


def test_prinsip_kepatuhan_syariah_is_provisional_with_reasons(kspps):
    a = kspps.aspek[0]
    komp = {k.kode: k for k in a.komponen}
    assert komp["A.4"].nama == "Prinsip Kepatuhan Syariah"
    inds = komp["A.4"].indikator
    assert len(inds) == 10
    text = " ".join(i.label + " " + " ".join(b.teks for b in i.butir) for i in inds)
    for must in ("Dewan Pengawas Syariah", "DSN-MUI", "fatwa", "maal", "tamwil", "zakat", "wakaf",
                 "laporan hasil pengawasan", "opini"):
        assert must.lower() in text.lower(), must
    for ind in inds:
        assert ind.jenis == "kuesioner"
        assert ind.status == "sementara"
        assert "tidak dipublikasikan" in ind.sumber
        assert ind.butir and all(b.status == "sementara" for b in ind.butir), ind.kode


def test_ksp_values_are_provisional_here_unless_a_source_covers_syariah(kspps, ksp):
    """Terkonfirmasi for KSP → sementara 'by analogy', except where a source covers KSPPS."""
    tetap = {"D.1.1", "D.1.2"}   # FB3 p93 / FB2 p88 use KSPPS wording with the same tables
    for _, i in ksp.indikator():
        j = kspps.cari(i.kode)
        if i.kode in tetap:
            assert j.status == i.status == "terkonfirmasi"
            assert "KSPPS" in j.sumber
            continue
        assert j.status == "sementara", i.kode
        if i.status == "terkonfirmasi":
            assert ANALOGI in j.sumber, i.kode
        if j.pita is not None:
            assert all(j.pita.status_nilai(n) == "sementara" for n in j.pita.nilai), i.kode
    assert kspps.cari("D.1.2").pita.status_nilai(1) == "terkonfirmasi"   # CAR all confirmed (evidence 2026-12), inherited
    for a in kspps.aspek:
        assert a.bobot.status == "sementara" and ANALOGI in a.bobot.sumber
    assert kspps.kuesioner.pita.status == "sementara"
    assert kspps.skala.status == "terkonfirmasi" and "syariah" in kspps.skala.sumber


_KONVENSIONAL = re.compile(r"\b(pinjaman|kredit|bunga|NPL)\b", re.IGNORECASE)


def test_syariah_terminology_in_labels_items_and_recommendations(kspps):
    texts = []
    for _, ind in kspps.indikator():
        texts += [(ind.kode, ind.label), (ind.kode, ind.rekomendasi)]
        texts += [(f"{ind.kode}.{b.kode}", b.teks) for b in ind.butir or []]
    for a in kspps.aspek:
        stack = list(a.komponen)
        while stack:
            k = stack.pop()
            texts.append((k.kode, k.nama))
            stack += k.komponen
    bad = [(k, t) for k, t in texts if _KONVENSIONAL.search(t)]
    assert not bad, bad
    assert kspps.cari("B.1.1.2").label.startswith("Piutang dan pembiayaan")
    assert "pembiayaan" in kspps.cari("A.2.2").label


def test_istilah_labels(kspps, ksp):
    assert set(kspps.istilah) <= KNOWN_NAMES
    assert kspps.label_medan("pinjaman_anggota") == "Piutang dan pembiayaan kepada anggota"
    assert kspps.label_medan("pinjaman_bermasalah") == "Piutang dan pembiayaan bermasalah"
    assert kspps.label_medan("kas") == "Kas"                       # no override → default label
    assert ksp.label_medan("pinjaman_anggota") == "Pinjaman kepada anggota"
    for nama, label in kspps.istilah.items():
        assert not _KONVENSIONAL.search(label.replace("modal pinjaman anggota", "")), (nama, label)


# ----------------------------------------------------------------------------- worked case


def _frame_with_answers(kspps, jawab):
    """One synthetic KSPPS (seed 11) whose Tata Kelola items are answered by ``jawab(kode_indikator, i)``."""
    frame = contoh.koperasi(1, seed=11, rules=NAMA)
    for ind in kspps.aspek[0].semua_indikator():
        for i, kode in enumerate(ind.kode_butir):
            frame[kode] = np.int8(jawab(ind.kode, i))
    return frame


def test_worked_case_tata_kelola_by_hand(kspps):
    """A.1-A.3 all Terpenuhi; in A.4 only the first item of each indicator is Terpenuhi.

    By hand:
    - A.1-A.3: 17 indicators at 100 % → Nilai 1, Skor 4 each → 68.
    - A.4 has six 4-item indicators (A.4.1, .2, .3, .5, .6, .7): 1/4 = 25 % → Nilai 4, Skor 1 → 6;
      and four 3-item indicators (A.4.4, .8, .9, .10): 1/3 = 33,33 % → Nilai 3, Skor 2 → 8.
    - Σ skor = 82 over 27 indicators: 82 / 108 × 100 = 75,925… → truncated to 1 decimal: 75.9.
    """
    counts = {i.kode: len(i.butir) for i in kspps.aspek[0].semua_indikator() if i.kode.startswith("A.4.")}
    assert counts == {"A.4.1": 4, "A.4.2": 4, "A.4.3": 4, "A.4.4": 3, "A.4.5": 4, "A.4.6": 4, "A.4.7": 4,
                      "A.4.8": 3, "A.4.9": 3, "A.4.10": 3}
    frame = _frame_with_answers(kspps, lambda kode, i: 1 if not kode.startswith("A.4.") or i == 0 else 0)
    out = kk.assess_frame(frame, rules=NAMA)
    assert out["galat"].iloc[0] == ""
    assert out["aspek.A"].iloc[0] == 75.9
    assert out["nilai.A.1.1"].iloc[0] == 1
    assert out["nilai.A.4.1"].iloc[0] == 4
    assert out["nilai.A.4.4"].iloc[0] == 3
    # the final score is the weighted sum of the aspect scores (30/15/40/15)
    asp = [out[f"aspek.{k}"].iloc[0] for k in "ABCD"]
    assert out["nilai_akhir"].iloc[0] == pytest.approx((30 * asp[0] + 15 * asp[1] + 40 * asp[2] + 15 * asp[3]) / 100)


def test_worked_case_three_of_four(kspps):
    """Every Tata Kelola item answered except the last of each indicator.

    By hand (per indicator: items − 1 of items): 2/3 = 66,67 % → Nilai 2 (Skor 3); 3/4 = 75 % →
    Nilai 2 (75 is the upper edge of the Nilai-2 row, "75]"); 4/5 = 80 % → Nilai 1 (Skor 4);
    16/17 = 94,12 % → Nilai 1.
    Tata Kelola KSPPS: 3-item: A.1.3, A.2.1, A.2.2, A.2.5, A.3.1, A.4.4, A.4.8, A.4.9, A.4.10 (9);
    5-item: A.1.2; 17-item: A.2.3; the other 16 have 4 items.
    Σ skor = 9 × 3 + 16 × 3 + 2 × 4 = 83 → 83 / 108 × 100 = 76,851… → 76.8.
    """
    frame = _frame_with_answers(kspps, lambda kode, i: 0 if i == len(kspps.cari(kode).butir) - 1 else 1)
    out = kk.assess_frame(frame, rules=NAMA)
    assert out["aspek.A"].iloc[0] == 76.8
    assert out["nilai.A.2.3"].iloc[0] == 1
    assert out["nilai.A.1.1"].iloc[0] == 2


def test_assess_reports_provisional_syariah_items(kspps):
    frame = _frame_with_answers(kspps, lambda kode, i: 1)
    ws = contoh.kertas_kerja(frame, 0)
    hasil = kk.assess(ws, rules=NAMA)
    keys = {n.kunci for n in hasil.nilai_sementara}
    assert "A.4.1" in keys and "A.4.1.a" in keys
    assert next(a for a in hasil.aspek if a.kode == "A").skor == 100.0
