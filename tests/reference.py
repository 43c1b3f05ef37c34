"""A small, obviously-correct scalar reference of the juknis-15-2021 method (KSP/USP), and of
juknis-15-2021-kspps (KSPPS/USPPS), which takes every KSP value by analogy.

Written directly from ``shared/spec/juknis-15-2021-ksp.md`` and ``fields.md``, independently of
the rule file and of the vectorised core: one cooperative at a time, plain Python, exact
fractions, each band table an if/elif ladder copied from the spec table. The tests check that
the core (rule file + engine) agrees with it on thousands of cooperatives.

KSPPS (shared/domain/juknis-15-2021.md §8, §5.1): same formulas, bands, weights and predicate as
KSP ("No syariah-specific thresholds were found"; JUK hlm. 198 "konvensional dan syariah"), plus
the questionnaire component A.4 Prinsip Kepatuhan Syariah in Tata Kelola, banded with the
questionnaire table of spec §2. :func:`assess_one` handles both: the questionnaire structure
(indicator → items) is passed in.
"""

from __future__ import annotations

import math
from fractions import Fraction

INF = math.inf

#: Input amounts of one year, in the order of fields.md (Neraca aset, kewajiban, ekuitas;
#: kolektibilitas; perhitungan hasil usaha).
AMOUNT_NAMES: tuple[str, ...] = (
    "kas", "bank", "deposito", "simpanan_koperasi_lain", "surat_berharga", "pinjaman_anggota",
    "pinjaman_calon_anggota", "pinjaman_koperasi_lain", "penyisihan_penghapusan_pinjaman", "aset_lancar_lain",
    "penyertaan", "aset_tetap", "aset_lain",
    "simpanan_sukarela_anggota", "simpanan_berjangka_anggota", "simpanan_calon_anggota", "hutang_pajak",
    "beban_masih_harus_dibayar", "dana_bagian_shu", "kewajiban_lancar_lain", "pinjaman_jangka_panjang",
    "kewajiban_jangka_panjang_lain",
    "simpanan_pokok", "simpanan_wajib", "modal_penyetaraan", "modal_penyertaan", "hibah", "cadangan_umum",
    "cadangan_tujuan_risiko", "shu_belum_dibagi",
    "pinjaman_lancar", "pinjaman_kurang_lancar", "pinjaman_diragukan", "pinjaman_macet",
    "partisipasi_bruto", "pendapatan_non_anggota", "pendapatan_lain", "beban_pokok", "beban_usaha",
    "beban_perkoperasian", "beban_lain", "pajak",
)

# ---------------------------------------------------------------- derived quantities (fields.md)


def derived(y: dict[str, float]) -> dict[str, Fraction]:
    """Every derived quantity of one year, exactly."""
    v = {k: Fraction(x) for k, x in y.items()}
    d: dict[str, Fraction] = {}
    d["pinjaman_diberikan"] = v["pinjaman_anggota"] + v["pinjaman_calon_anggota"] + v["pinjaman_koperasi_lain"]
    d["pinjaman_bermasalah"] = v["pinjaman_kurang_lancar"] + v["pinjaman_diragukan"] + v["pinjaman_macet"]
    d["aset_lancar"] = (v["kas"] + v["bank"] + v["deposito"] + v["simpanan_koperasi_lain"] + v["surat_berharga"]
                        + d["pinjaman_diberikan"] - v["penyisihan_penghapusan_pinjaman"] + v["aset_lancar_lain"])
    d["total_aset"] = d["aset_lancar"] + v["penyertaan"] + v["aset_tetap"] + v["aset_lain"]
    d["aset_likuid"] = v["kas"] + v["bank"] + v["deposito"] + v["simpanan_koperasi_lain"]
    d["aset_produktif"] = d["pinjaman_diberikan"] + v["deposito"] + v["simpanan_koperasi_lain"] + v["surat_berharga"]
    d["kewajiban_lancar"] = (v["simpanan_sukarela_anggota"] + v["simpanan_berjangka_anggota"]
                             + v["simpanan_calon_anggota"] + v["hutang_pajak"] + v["beban_masih_harus_dibayar"]
                             + v["dana_bagian_shu"] + v["kewajiban_lancar_lain"])
    d["kewajiban_jangka_panjang"] = v["pinjaman_jangka_panjang"] + v["kewajiban_jangka_panjang_lain"]
    d["total_kewajiban"] = d["kewajiban_lancar"] + d["kewajiban_jangka_panjang"]
    d["total_ekuitas"] = (v["simpanan_pokok"] + v["simpanan_wajib"] + v["modal_penyetaraan"] + v["modal_penyertaan"]
                          + v["hibah"] + v["cadangan_umum"] + v["cadangan_tujuan_risiko"] + v["shu_belum_dibagi"])
    d["modal_pinjaman_anggota"] = v["simpanan_sukarela_anggota"] + v["simpanan_berjangka_anggota"]
    d["dana_yang_diterima"] = (d["total_kewajiban"] + d["total_ekuitas"] - v["hutang_pajak"]
                               - v["beban_masih_harus_dibayar"])
    d["total_pendapatan"] = v["partisipasi_bruto"] + v["pendapatan_non_anggota"] + v["pendapatan_lain"]
    d["partisipasi_neto"] = v["partisipasi_bruto"] - v["beban_pokok"]
    d["shu_kotor"] = d["total_pendapatan"] - v["beban_pokok"]
    d["shu_sebelum_pajak"] = (d["total_pendapatan"] - v["beban_pokok"] - v["beban_usaha"]
                              - v["beban_perkoperasian"] - v["beban_lain"])
    d["shu_setelah_pajak"] = d["shu_sebelum_pajak"] - v["pajak"]
    # spec §4, weights inside CAR
    P = Fraction
    d["modal_tertimbang"] = (v["simpanan_pokok"] + v["simpanan_wajib"] + v["modal_penyetaraan"]
                             + P(1, 2) * v["modal_penyertaan"] + v["hibah"] + v["cadangan_umum"]
                             + P(1, 2) * v["cadangan_tujuan_risiko"] + P(1, 2) * v["shu_belum_dibagi"])
    d["atmr"] = (0 * v["kas"] + P(1, 5) * v["bank"] + P(1, 5) * v["deposito"] + P(1, 2) * v["simpanan_koperasi_lain"]
                 + P(1, 2) * v["surat_berharga"] + (d["pinjaman_diberikan"] - v["penyisihan_penghapusan_pinjaman"])
                 + P(7, 10) * v["aset_lancar_lain"] + v["penyertaan"] + P(7, 10) * v["aset_tetap"]
                 + P(7, 10) * v["aset_lain"])
    return {**v, **d}


# ---------------------------------------------------------------- ratios (spec §3)

UNDEF = None


def pct(p: Fraction, q: Fraction, must_be_positive: bool = False) -> float | None:
    """Percentage rounded half-up to 2 decimals; ±inf for x/0; None for 0/0 or a forbidden q < 0."""
    if q == 0:
        return INF if p > 0 else (-INF if p < 0 else UNDEF)
    if must_be_positive and q < 0:
        return UNDEF
    exact = p / q * 100
    sign = -1 if exact < 0 else 1
    hundredths = math.floor(abs(exact) * 100 + Fraction(1, 2))
    return sign * hundredths / 100


def growth(x: Fraction, x0: Fraction) -> float | None:
    return pct(x - x0, abs(x0))


# ---------------------------------------------------------------- band ladders (spec §4)
# Each returns the Nilai for a value r (float, ±inf) — copied from the spec table row by row.

def _up4(a: float, b: float, c: float):  # "< a → 4; [a, b) → 3; [b, c) → 2; ≥ c → 1"
    def f(r):
        if r < a:
            return 4
        elif r < b:
            return 3
        elif r < c:
            return 2
        return 1
    return f


LADDER = {
    "B.1.1.1": lambda r: 1 if r <= 95 else 2 if r <= 97 else 3 if r <= 99 else 4,
    "B.1.1.2": lambda r: 1 if r <= 75 else 2 if r <= 85 else 3 if r <= 95 else 4,
    "B.1.4.1": lambda r: 4 if r <= 5 else 3 if r <= 10 else 2 if r <= 15 else 1,
    "B.1.4.2": lambda r: 4 if r <= 7 else 3 if r <= 14 else 2 if r <= 21 else 1,
    "C.1.1.1": _up4(3, 5, 7),
    "C.1.1.2": _up4(5, 7.5, 10),
    "C.1.1.3": lambda r: 4 if r <= 100 else 3 if r < 110 else 2 if r < 120 else 1,
    "C.1.2.1": lambda r: 1 if r < 80 else 2 if r < 90 else 3 if r < 100 else 4,
    "C.1.2.2": lambda r: 1 if r < 40 else 2 if r <= 60 else 3 if r <= 80 else 4,
    "C.2.1.1": _up4(25, 50, 75),
    "C.2.1.2": lambda r: 1 if r <= 5 else 2 if r <= 10 else 3 if r <= 15 else 4,
    "C.2.1.3": _up4(25, 50, 75),
    "C.2.2.1": _up4(10, 15, 20),
    "C.2.2.2": _up4(60, 75, 90),
    "C.2.2.3": _up4(75, 100, 125),
    "C.3.1.1": _up4(4, 7, 10),
    "C.3.1.2": _up4(4, 7, 10),
    "C.3.1.3": _up4(4, 7, 10),
    "C.3.1.4": _up4(1, 3, 5),
    "C.3.2.1": _up4(35, 60, 85),
    "C.3.2.2": _up4(10, 20, 30),
    "C.3.2.3": _up4(25, 51, 75),
    "D.1.1": _up4(10, 20, 30),
    "D.1.2": _up4(4, 6, 8),
    "D.2.1": _up4(10, 20, 30),
    "D.2.2": lambda r: 1 if r <= 100 else 2 if r <= 125 else 3 if r <= 150 else 4,
}

#: Nilai when the ratio is tak terdefinisi (spec §4, column "undef").
UNDEF_NILAI = dict.fromkeys(LADDER, 4) | {"B.1.1.2": 1, "C.2.1.2": 1, "C.2.1.3": 1}


def ratios(ini: dict[str, Fraction], lalu: dict[str, Fraction]) -> dict[str, float | None]:
    """Every ratio indicator of spec §4, in percent."""
    d = ini
    return {
        "B.1.1.1": pct(d["aset_produktif"], d["total_aset"]),
        "B.1.1.2": pct(d["pinjaman_diberikan"], d["aset_produktif"]),
        "B.1.4.1": pct(d["aset_likuid"], d["total_aset"]),
        "B.1.4.2": pct(d["aset_likuid"], d["kewajiban_lancar"]),
        "C.1.1.1": pct(d["shu_setelah_pajak"], d["total_aset"]),
        "C.1.1.2": pct(d["shu_setelah_pajak"], d["total_ekuitas"], True),
        "C.1.1.3": pct(d["partisipasi_neto"], d["beban_usaha"] + d["beban_perkoperasian"]),
        "C.1.2.1": pct(d["beban_pokok"] + d["beban_usaha"] + d["beban_perkoperasian"], d["partisipasi_bruto"]),
        "C.1.2.2": pct(d["beban_usaha"], d["shu_kotor"], True),
        "C.2.1.1": pct(d["pinjaman_anggota"], d["pinjaman_diberikan"]),
        "C.2.1.2": pct(d["pinjaman_bermasalah"], d["pinjaman_diberikan"]),
        "C.2.1.3": pct(d["penyisihan_penghapusan_pinjaman"] + d["cadangan_tujuan_risiko"], d["pinjaman_bermasalah"]),
        "C.2.2.1": pct(d["kas"] + d["bank"], d["kewajiban_lancar"]),
        "C.2.2.2": pct(d["pinjaman_diberikan"], d["dana_yang_diterima"], True),
        "C.2.2.3": pct(d["aset_lancar"], d["kewajiban_lancar"]),
        "C.3.1.1": growth(d["total_aset"], lalu["total_aset"]),
        "C.3.1.2": growth(d["dana_yang_diterima"], lalu["dana_yang_diterima"]),
        "C.3.1.3": growth(d["total_ekuitas"], lalu["total_ekuitas"]),
        "C.3.1.4": growth(d["shu_setelah_pajak"], lalu["shu_setelah_pajak"]),
        "C.3.2.1": pct(d["partisipasi_bruto"], d["total_pendapatan"], True),
        "C.3.2.2": pct(d["shu_setelah_pajak"], d["simpanan_pokok"] + d["simpanan_wajib"], True),
        "C.3.2.3": pct(d["modal_pinjaman_anggota"], d["modal_pinjaman_anggota"] + d["simpanan_calon_anggota"]),
        "D.1.1": pct(d["total_ekuitas"], d["total_aset"]),
        "D.1.2": pct(d["modal_tertimbang"], d["atmr"]),
        "D.2.1": pct(d["modal_pinjaman_anggota"], d["total_aset"]),
        "D.2.2": pct(d["kewajiban_jangka_panjang"], d["total_ekuitas"], True),
    }


def questionnaire_nilai(yes: int, n: int) -> int:
    """Spec §2: 75 < r ≤ 100 → 1, 50 < r ≤ 75 → 2, 25 < r ≤ 50 → 3, 0 ≤ r ≤ 25 → 4 (r exact)."""
    r = Fraction(yes, n) * 100
    return 1 if r > 75 else 2 if r > 50 else 3 if r > 25 else 4


SKOR = {1: 4, 2: 3, 3: 2, 4: 1}
BOBOT = {"A": 30, "B": 15, "C": 40, "D": 15}


def assess_one(row: dict, items: dict[str, list[str]]) -> dict:
    """Score one cooperative. ``row``: canonical fields (+ ``_lalu``) and item answers; ``items``:
    indicator code → its item codes (the questionnaire structure, spec §5)."""
    ini = derived({k: row[k] for k in AMOUNT_NAMES})
    lalu = derived({k: row[k + "_lalu"] for k in AMOUNT_NAMES})
    nilai: dict[str, int] = {}
    rasio = ratios(ini, lalu)
    for kode, r in rasio.items():
        nilai[kode] = UNDEF_NILAI[kode] if r is None else LADDER[kode](r)
    for kode, codes in items.items():
        nilai[kode] = questionnaire_nilai(sum(int(row[c] == 1) for c in codes), len(codes))
    aspek = {}
    for a in "ABCD":
        ks = [k for k in nilai if k.startswith(a + ".")]
        exact = Fraction(sum(SKOR[nilai[k]] for k in ks), 4 * len(ks)) * 100
        aspek[a] = Fraction(math.floor(exact * 10), 10)     # truncated to 1 decimal (spec §6)
    akhir = sum(Fraction(BOBOT[a], 100) * aspek[a] for a in "ABCD")
    predikat = ("Sehat" if akhir >= 80 else "Cukup Sehat" if akhir >= 66
                else "Dalam Pengawasan" if akhir >= 51 else "Dalam Pengawasan Khusus")
    return {"nilai": nilai, "rasio": rasio, "aspek": aspek, "nilai_akhir": akhir, "predikat": predikat}


#: KSPPS/USPPS: the KSP method by analogy (see the module docstring); A.4 comes in through ``items``.
assess_kspps = assess_one
