"""Indonesian presentation: figures, dates, numbers in words, the minutes' opening."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kesehatan_koperasi.formatting import (
    angka,
    bulan,
    hari,
    pada_hari_ini,
    persen,
    rentang_tanggal,
    romawi,
    rupiah,
    tanggal,
    tanggal_angka,
    tanggal_terbilang,
    terbilang,
    terbilang_desimal,
    terbilang_rupiah,
)


def test_existing_behaviour_kept():
    assert angka(1234567) == "1.234.567"
    assert angka(1234567.5, 2) == "1.234.567,50"
    assert angka(2.5) == "3"  # half-up, as Excel
    assert angka(float("nan")) == "–"
    assert rupiah(1234567) == "Rp 1.234.567"
    assert rupiah(-1234567) == "(Rp 1.234.567)"
    assert persen(12.345) == "12,35 %"
    assert persen(None) == "–"
    assert tanggal(dt.date(2024, 3, 11)) == "11 Maret 2024"


def test_customary_opening():
    assert pada_hari_ini(dt.date(2024, 3, 11)) == (
        "Pada hari ini Senin, tanggal sebelas bulan Maret tahun dua ribu dua puluh empat (11-03-2024)")
    assert tanggal_terbilang(dt.date(2026, 5, 1)) == "tanggal satu bulan Mei tahun dua ribu dua puluh enam"
    assert tanggal_angka(dt.date(2026, 5, 1)) == "01-05-2026"


@pytest.mark.parametrize("d, nama", [
    (dt.date(2024, 3, 11), "Senin"), (dt.date(2024, 3, 12), "Selasa"), (dt.date(2024, 3, 13), "Rabu"),
    (dt.date(2024, 3, 14), "Kamis"), (dt.date(2024, 3, 15), "Jumat"), (dt.date(2024, 3, 16), "Sabtu"),
    (dt.date(2024, 3, 17), "Minggu"),
])
def test_day_names(d, nama):
    assert hari(d) == nama


def test_month_names():
    nama = [bulan(dt.date(2024, m, 1)) for m in range(1, 13)]
    assert nama == ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                    "September", "Oktober", "November", "Desember"]


@pytest.mark.parametrize("n, kata", [
    (0, "nol"), (1, "satu"), (11, "sebelas"), (19, "sembilan belas"), (100, "seratus"),
    (1000, "seribu"), (2024, "dua ribu dua puluh empat"), (-5, "minus lima"),
    (1234567, "satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh"),
])
def test_terbilang(n, kata):
    assert terbilang(n) == kata


def test_terbilang_desimal_and_rupiah():
    assert terbilang_desimal(82.435) == "delapan puluh dua koma empat tiga lima"
    assert terbilang_desimal(82.4) == "delapan puluh dua koma empat nol nol"
    assert terbilang_desimal(76.2755, 3) == "tujuh puluh enam koma dua tujuh enam"  # half-up
    assert terbilang_desimal(5, 0) == "lima"
    assert terbilang_rupiah(1500) == "seribu lima ratus rupiah"
    assert terbilang_desimal(float("nan")) == "–"


_DIGIT = {"nol": "0", "satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5", "enam": "6",
          "tujuh": "7", "delapan": "8", "sembilan": "9"}


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_words_agree_with_figures(x):
    """The decimals read in words are the decimals printed by ``angka`` (same rounding)."""
    figures = angka(x, 3)
    words = terbilang_desimal(x, 3)
    assert "".join(_DIGIT[w] for w in words.split(" koma ")[1].split()) == figures.split(",")[1]


def test_romawi_and_periods():
    assert [romawi(m) for m in (1, 4, 5, 9, 12)] == ["I", "IV", "V", "IX", "XII"]
    with pytest.raises(ValueError):
        romawi(0)
    assert rentang_tanggal(dt.date(2026, 5, 13), dt.date(2026, 5, 15)) == "13 s.d. 15 Mei 2026"
    assert rentang_tanggal(dt.date(2026, 4, 30), dt.date(2026, 5, 2)) == "30 April s.d. 2 Mei 2026"
    assert rentang_tanggal(dt.date(2025, 12, 30), dt.date(2026, 1, 2)) == "30 Desember 2025 s.d. 2 Januari 2026"
    assert rentang_tanggal(dt.date(2026, 5, 13), dt.date(2026, 5, 13)) == "13 Mei 2026"


def test_angka_never_crashes_on_extreme_values():
    from kesehatan_koperasi.formatting import angka

    assert angka(1e308).startswith("100.000.000")
    assert angka(float("inf")) == "∞" and angka(float("-inf")) == "−∞" and angka(float("nan")) == "–"
    import numpy as np

    assert angka(np.float32("inf")) == "∞"
