"""``assess_frame`` and ``assess``: the contract of spec ``api.md`` and the properties of issue 2."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh

from .conftest import baris


def test_columns_and_dtypes(koperasi_200, aturan):
    out = kk.assess_frame(koperasi_200)
    codes = [i.kode for _, i in aturan.indikator()]
    for c in ["nilai_akhir", "predikat", "aspek.A", "aspek.B", "aspek.C", "aspek.D", "peringatan", "galat"]:
        assert c in out.columns
    for k in codes:
        assert str(out[f"nilai.{k}"].dtype) == "Int8"
        assert out[f"rasio.{k}"].dtype == np.float64
    # identity columns pass through, item columns and amounts do not
    assert list(out["nama_koperasi"]) == list(koperasi_200["nama_koperasi"])
    assert "kas" not in out.columns and "A.1.1.a" not in out.columns
    # questionnaire indicators have no rasio column value
    assert out["rasio.A.1.1"].isna().all()
    # rounding as the API says
    assert np.allclose(out["nilai_akhir"] * 1000, np.round(out["nilai_akhir"] * 1000))
    assert np.allclose(out["aspek.C"] * 10, np.round(out["aspek.C"] * 10))
    ratios = out[[f"rasio.{k}" for k in codes]].to_numpy()
    finite = ratios[np.isfinite(ratios)]
    assert np.allclose(finite * 100, np.round(finite * 100))


def test_index_and_order_preserved(koperasi_200):
    f = koperasi_200.iloc[::-1].copy()
    f.index = [f"kop-{i}" for i in range(len(f))]
    out = kk.assess_frame(f)
    assert list(out.index) == list(f.index)
    assert list(out["nik"]) == list(f["nik"])


def test_bad_rows_keep_their_place_with_galat(koperasi_200):
    f = koperasi_200.head(6).copy()
    f.loc[1, "kas"] = -5.0
    f.loc[3, "A.1.1.a"] = 2
    f.loc[4, "bank_lalu"] = np.nan
    out = kk.assess_frame(f)
    assert len(out) == 6
    bad = [1, 3, 4]
    assert (out.loc[bad, "galat"] != "").all()
    assert out.loc[bad, "nilai_akhir"].isna().all() and out.loc[bad, "predikat"].isna().all()
    assert out.loc[bad, "nilai.C.1.1.1"].isna().all()
    good = [0, 2, 5]
    assert (out.loc[good, "galat"] == "").all() and out.loc[good, "nilai_akhir"].notna().all()
    assert "kas" in out.loc[1, "galat"] and "tidak boleh negatif" in out.loc[1, "galat"]
    assert "A.1.1.a" in out.loc[3, "galat"]
    assert "bank_lalu" in out.loc[4, "galat"] and "wajib diisi" in out.loc[4, "galat"]
    # the good rows score exactly as they would alone
    alone = kk.assess_frame(koperasi_200.head(6).iloc[good])
    assert list(alone["nilai_akhir"]) == list(out.loc[good, "nilai_akhir"])


def test_missing_columns_raise_listing_them(koperasi_200):
    with pytest.raises(kk.FrameError) as e:
        kk.assess_frame(koperasi_200.drop(columns=["kas", "pajak_lalu", "B.2.4.2.e"]))
    msg = str(e.value)
    assert "3 kolom" in msg and "kas" in msg and "pajak_lalu" in msg and "B.2.4.2.e" in msg


def test_unknown_rule_set_raises(koperasi_200):
    with pytest.raises(kk.RulesError):
        kk.assess_frame(koperasi_200, rules="tidak-ada")


def test_empty_frame(koperasi_200):
    out = kk.assess_frame(koperasi_200.head(0))
    assert len(out) == 0 and "nilai_akhir" in out.columns


def test_text_amounts_are_reported_not_guessed(koperasi_200):
    f = koperasi_200.head(3).copy()
    f["kas"] = f["kas"].astype(object)
    f.loc[0, "kas"] = "1.234.567,89"         # the frame path does not parse display formats: worksheets do
    f.loc[1, "kas"] = "  "
    out = kk.assess_frame(f)
    assert "kas: bukan angka" in out.loc[0, "galat"]
    assert "kas: wajib diisi" in out.loc[1, "galat"]
    assert out.loc[2, "galat"] == ""


def test_assess_is_assess_frame_on_one_row(koperasi_200):
    ws = contoh.kertas_kerja(koperasi_200, 5)
    h = kk.assess(ws)
    row = kk.assess_frame(ws.to_frame()).iloc[0]
    assert h.nilai_akhir == row["nilai_akhir"] and h.predikat == row["predikat"]
    assert [a.skor for a in h.aspek] == [row[f"aspek.{a}"] for a in "ABCD"]
    for i in h.indikator:
        assert i.nilai == row[f"nilai.{i.kode}"]
        assert i.skor == 5 - i.nilai
    # and the same numbers as the batch it came from
    batch = kk.assess_frame(koperasi_200)
    assert batch.loc[5, "nilai_akhir"] == h.nilai_akhir


def test_assess_refuses_unanswered_items(koperasi_200):
    ws = contoh.kertas_kerja(koperasi_200, 0)
    jawaban = dict(ws.jawaban)
    del jawaban["A.2.3.q"]
    with pytest.raises(kk.WorksheetError) as e:
        kk.assess(ws.model_copy(update={"jawaban": jawaban}))
    assert "A.2.3.q" in str(e.value) and "belum dijawab" in str(e.value)


def test_hasil_lists_provisional_values_and_warnings(koperasi_200):
    h = kk.assess(contoh.kertas_kerja(koperasi_200, 0))
    keys = {s.kunci for s in h.nilai_sementara}
    assert "pembulatan.rasio" in keys and "pembulatan.aspek" in keys
    assert any(k.startswith("modal_tertimbang.") for k in keys)     # CAR weights influence D.1.2
    assert any(k.startswith("atmr.") for k in keys)
    assert all(s.sumber for s in h.nilai_sementara)
    ind = {i.kode: i for i in h.indikator}
    assert ind["B.1.1.1"].status == "sementara"
    assert h.to_frame().shape[0] == 60


def test_result_json_round_trip(koperasi_200):
    h = kk.assess(contoh.kertas_kerja(koperasi_200, 2))
    again = kk.Hasil.model_validate_json(h.to_json())
    assert again == h
    assert again.kode_verifikasi() == h.kode_verifikasi()


def test_verification_code_changes_with_the_result(koperasi_200):
    h = kk.assess(contoh.kertas_kerja(koperasi_200, 2))
    other = h.model_copy(update={"nilai_akhir": h.nilai_akhir + 0.005})
    assert other.kode_verifikasi() != h.kode_verifikasi()
    assert len(h.kode_verifikasi()) == 14


# ------------------------------------------------------------------ properties (hypothesis)

FRAME = contoh.koperasi(300, seed=21)
SCORED = kk.assess_frame(FRAME)


@given(st.lists(st.integers(0, 299), min_size=1, max_size=30))
def test_row_result_does_not_depend_on_other_rows(rows):
    """Scores relative to peers are a known defect of other apps: here a row's result is its own."""
    out = kk.assess_frame(FRAME.iloc[rows])
    expected = SCORED.iloc[rows]
    cols = ["nilai_akhir", "aspek.A", "aspek.B", "aspek.C", "aspek.D"]
    assert np.array_equal(out[cols].to_numpy(), expected[cols].to_numpy())
    assert list(out["predikat"]) == list(expected["predikat"])


def test_bounds():
    assert SCORED["nilai_akhir"].between(25, 100).all()
    for a in "ABCD":
        assert SCORED[f"aspek.{a}"].between(25, 100).all()
    nilai = SCORED.filter(like="nilai.").drop(columns="nilai_akhir", errors="ignore")
    assert ((nilai >= 1) & (nilai <= 4)).all().all()


@given(st.integers(0, 299), st.data())
def test_answering_an_item_terpenuhi_never_lowers_the_score(i, data):
    aturan = kk.load_rules()
    row = baris(FRAME, i)
    zeros = [c for c in aturan.kode_butir() if row.loc[0, c] == 0]
    if not zeros:
        return
    c = data.draw(st.sampled_from(zeros))
    before = kk.assess_frame(row).iloc[0]
    row.loc[0, c] = 1
    after = kk.assess_frame(row).iloc[0]
    assert after["nilai_akhir"] >= before["nilai_akhir"]
    kode = c.rsplit(".", 1)[0]
    assert after[f"nilai.{kode}"] <= before[f"nilai.{kode}"]


@given(st.integers(0, 299), st.floats(1, 5e9))
def test_more_income_never_lowers_rentabilitas(i, extra):
    row = baris(FRAME, i)
    before = kk.assess_frame(row).iloc[0]
    row.loc[0, "pendapatan_lain"] += round(extra)
    after = kk.assess_frame(row).iloc[0]
    for kode in ("C.1.1.1", "C.1.1.2", "C.3.1.4"):
        assert after[f"nilai.{kode}"] <= before[f"nilai.{kode}"], kode


def test_rule_set_chosen_per_row_from_jenis():
    ksp = contoh.koperasi(5, seed=1)
    kspps = contoh.koperasi(4, seed=2, rules="juknis-15-2021-kspps")
    kspps["jenis"] = ["KSPPS", "USPPS", "KSPPS", "USPPS"]
    mixed = pd.concat([ksp.iloc[:3], kspps, ksp.iloc[3:]], ignore_index=True)
    mixed.index = [f"r{i}" for i in range(len(mixed))]
    out = kk.assess_frame(mixed)
    assert list(out.index) == list(mixed.index)                       # nothing dropped, nothing reordered
    assert list(out["aturan"]) == ["juknis-15-2021"] * 3 + ["juknis-15-2021-kspps"] * 4 + ["juknis-15-2021"] * 2
    assert (out["galat"] == "").all()
    assert out.loc["r3", "nilai.A.4.1"] in (1, 2, 3, 4) and pd.isna(out.loc["r0", "nilai.A.4.1"])
    assert str(out["nilai.A.4.1"].dtype) == "Int8"
    assert not any(c.startswith("A.4.") for c in out.columns)          # item columns never pass through
    # each group scores as it would alone with its own rule set
    alone = kk.assess_frame(kspps, rules="juknis-15-2021-kspps")
    assert list(out["nilai_akhir"].iloc[3:7]) == list(alone["nilai_akhir"])
    # an explicit rule set applies to every row
    forced = kk.assess_frame(ksp, rules="juknis-15-2021")
    assert (forced["aturan"] == "juknis-15-2021").all()


def test_long_detail_one_row_per_cooperative_and_indicator(koperasi_200, aturan):
    f = koperasi_200.head(5).copy()
    f.loc[2, "kas"] = -1.0                      # not scored → no indicator rows
    wide = kk.assess_frame(f)
    long = kk.assess_frame(f, detail="panjang")
    assert len(long) == 4 * 60
    assert list(pd.unique(long.index)) == [0, 1, 3, 4]
    assert {"aturan", "kode", "aspek", "label", "rasio", "terpenuhi", "nilai", "skor", "kategori", "nama_koperasi"} \
        <= set(long.columns)
    for i in (0, 3):
        sub = long.loc[i].set_index("kode")
        for kode in ("A.1.1", "C.1.1.1", "D.1.2"):
            assert sub.loc[kode, "nilai"] == wide.loc[i, f"nilai.{kode}"]
            assert sub.loc[kode, "skor"] == 5 - sub.loc[kode, "nilai"]
        assert sub.loc["C.1.1.1", "rasio"] == wide.loc[i, "rasio.C.1.1.1"]
        assert sub.loc["A.1.1", "terpenuhi"] == f.loc[i, ["A.1.1.a", "A.1.1.b", "A.1.1.c", "A.1.1.d"]].sum()
        assert pd.isna(sub.loc["C.1.1.1", "terpenuhi"])
    # it groups: share of cooperatives with Nilai 3-4 per indicator
    share = long.assign(buruk=long["nilai"] >= 3).groupby("kode")["buruk"].mean()
    assert share.between(0, 1).all() and len(share) == 60
    with pytest.raises(ValueError):
        kk.assess_frame(f, detail="lebar")
