"""A small, obviously-correct scalar reference of Perdep 06/Per/Dep.6/IV/2016 (KSP/USP, old regime).

Written from ``shared/domain/perdep-06-2016.md`` (§2 structure and weights, §3 definitions, §4
tables, §5 questionnaire, §6 predicate) and, where the sources disagree, the reading documented
by the project (docs/keputusan.md → the rule file's header comment). Independent of the rule
file's data and of the vectorised core: one cooperative at a time, plain Python, exact
fractions, each band table an if/elif ladder.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .reference import derived as derived_ksp
from .reference import pct

F = Fraction

# ---------------------------------------------------------------- definitions (domain §3)


def derived(y: dict[str, float]) -> dict[str, Fraction]:
    """The accounting identities of fields.md plus the Perdep quantities of domain §3."""
    d = derived_ksp(y)     # fields.md identities (its Juknis CAR weights are replaced below)
    v = d
    # Modal sendiri: SP + SW + hibah + cadangan (from SHU) + at most 50 % of modal penyertaan
    # (Q09); modal penyetaraan (character of simpanan wajib) and SHU belum dibagi included as the
    # project decided (rule header: "SHU belum dibagi ikut seperti lembar kerja KSU Setia Dharma").
    d["modal_sendiri"] = (v["simpanan_pokok"] + v["simpanan_wajib"] + v["modal_penyetaraan"] + v["hibah"]
                          + v["cadangan_umum"] + v["cadangan_tujuan_risiko"] + v["shu_belum_dibagi"]
                          + F(1, 2) * v["modal_penyertaan"])
    # RPM = 50 % kurang lancar + 75 % diragukan + 100 % macet
    d["rpm"] = F(1, 2) * v["pinjaman_kurang_lancar"] + F(3, 4) * v["pinjaman_diragukan"] + v["pinjaman_macet"]
    d["cadangan_risiko"] = v["penyisihan_penghapusan_pinjaman"] + v["cadangan_tujuan_risiko"]
    d["beban_operasi_anggota"] = v["beban_pokok"] + v["beban_usaha"] + v["beban_perkoperasian"]
    # Modal tertimbang (Q09, KSP Tani Makmur): equity lines at their bobot pengakuan, and the
    # liability lines tabungan, simpanan berjangka, beban yang masih harus dibayar and kewajiban
    # lain-lain at 50 % ("dana yang diterima" has no line of its own in fields.md: not counted).
    d["modal_tertimbang"] = (v["simpanan_pokok"] + v["simpanan_wajib"] + v["modal_penyetaraan"]
                             + F(1, 2) * v["modal_penyertaan"] + v["cadangan_umum"]
                             + F(1, 2) * v["cadangan_tujuan_risiko"] + v["hibah"] + F(1, 2) * v["shu_belum_dibagi"]
                             + F(1, 2) * (v["simpanan_sukarela_anggota"] + v["simpanan_berjangka_anggota"]
                                          + v["beban_masih_harus_dibayar"] + v["kewajiban_lancar_lain"]))
    # ATMR: domain [MEM] kas 0, bank 20, surat berharga 50, pinjaman 100, penyertaan 100, aktiva
    # tetap and lain-lain 70; the lines it does not name as in spec juknis §4 (deposito 20,
    # simpanan di koperasi lain 50, aset lancar lain 70); loans net of the allowance.
    # (= reference.derived's atmr, which is written from spec §4.)
    return d


def _opt(y: dict, name: str) -> Fraction:
    return Fraction(y[name])


# ---------------------------------------------------------------- band ladders (domain §4)

def _a1(r):   # bell: ≤0 → 0; (0,20) → 25; [20,40) → 50; [40,60) → 100; [60,80) → 50; ≥80 → 25
    if r <= 0:
        return 0
    elif r < 20:
        return 25
    elif r < 40:
        return 50
    elif r < 60:
        return 100
    elif r < 80:
        return 50
    return 25


def _step10_upper(r):   # ≤0 → 0; (0,10] → 10; …; (80,90] → 90; > 90 → 100
    if r <= 0:
        return 0
    for hi in (10, 20, 30, 40, 50, 60, 70, 80, 90):
        if r <= hi:
            return hi
    return 100


def _b2(r):   # Tabel 5
    if r <= 0:
        return 100
    elif r <= 10:
        return 80
    elif r <= 20:
        return 60
    elif r <= 30:
        return 40
    elif r <= 40:
        return 20
    elif r <= 45:
        return 10
    return 0


def _b4(r):   # Tabel 7, 21 → 100 (CODE), 26 → 75
    if r <= 21:
        return 100
    elif r <= 26:
        return 75
    elif r <= 30:
        return 50
    return 25


def _up(a, b, c, lo=25):   # "< a → lo; [a, b) → 50; [b, c) → 75; ≥ c → 100"
    def f(r):
        if r < a:
            return lo
        elif r < b:
            return 50
        elif r < c:
            return 75
        return 100
    return f


LADDER = {
    "A.1": _a1,
    "A.2": _step10_upper,
    "A.3": _up(4, 6, 8, lo=0),
    "B.1": _up(25, 50, 75, lo=0),
    "B.2": _b2,
    "B.3": _step10_upper,
    "B.4": _b4,
    "D.1": lambda r: 100 if r < 90 else 75 if r < 95 else 50 if r < 100 else 25,
    "D.2": lambda r: 100 if r <= 40 else 75 if r <= 60 else 50 if r <= 80 else 25,
    "D.3": lambda r: 100 if r <= 5 else 75 if r <= 10 else 50 if r <= 15 else 0,
    "E.1": lambda r: 25 if r <= 10 else 100 if r <= 15 else 50 if r <= 20 else 25,
    "E.2": _up(60, 70, 80),
    "F.1": _up(5, 7.5, 10),
    "F.2": _up(3, 4, 5),
    "F.3": lambda r: 0 if r <= 100 else 100,
    "G.1": _up(25, 50, 75),
    "G.2": _up(5, 7.5, 10, lo=0),
}

#: Nilai when a ratio is tak terdefinisi. No source addresses it (domain §4.2 c, §11). By analogy
#: with spec juknis §4 ("undef" column: the loan-quality risk ratios NPL and cadangan/bermasalah
#: take the best Nilai, every other ratio the worst): B.2, B.3, B.4 (risk of the loan book) take
#: the best nilai, 100; every other component the lowest nilai of its table.
UNDEF_NILAI = {"A.1": 0, "A.2": 0, "A.3": 0, "B.1": 0, "B.2": 100, "B.3": 100, "B.4": 100,
               "D.1": 25, "D.2": 25, "D.3": 0, "E.1": 25, "E.2": 25, "F.1": 25, "F.2": 25, "F.3": 0,
               "G.1": 25, "G.2": 0}

#: Component weights (domain §2).
BOBOT = {"A.1": 6, "A.2": 6, "A.3": 3, "B.1": 10, "B.2": 5, "B.3": 5, "B.4": 5,
         "C.1": 3, "C.2": 3, "C.3": 3, "C.4": 3, "C.5": 3, "D.1": 4, "D.2": 4, "D.3": 2,
         "E.1": 10, "E.2": 5, "F.1": 3, "F.2": 3, "F.3": 4, "G.1": 7, "G.2": 3}
#: Management questionnaire (domain §5): number of questions per component.
BUTIR = {"C.1": 12, "C.2": 6, "C.3": 5, "C.4": 10, "C.5": 5}


def ratios(d: dict[str, Fraction]) -> dict[str, float | None]:
    """Every ratio component (domain §3, CODE formulas), in percent, rounded as spec juknis §3.

    Denominators that must be positive: the same denominators as spec juknis §4 (SHU kotor,
    dana yang diterima, equity for the return on equity, total pendapatan, SP + SW).
    """
    return {
        "A.1": pct(d["modal_sendiri"], d["total_aset"]),
        "A.2": pct(d["modal_sendiri"], d["pinjaman_berisiko"]),
        "A.3": pct(d["modal_tertimbang"], d["atmr"]),
        "B.1": pct(d["pinjaman_anggota"], d["pinjaman_diberikan"]),
        "B.2": pct(d["rpm"], d["pinjaman_diberikan"]),
        "B.3": pct(d["cadangan_risiko"], d["rpm"]),
        "B.4": pct(d["pinjaman_berisiko"], d["pinjaman_diberikan"]),
        "D.1": pct(d["beban_operasi_anggota"], d["partisipasi_bruto"]),
        "D.2": pct(d["beban_usaha"], d["shu_kotor"], True),
        "D.3": pct(d["biaya_karyawan"], d["pinjaman_diberikan"]),
        "E.1": pct(d["kas"] + d["bank"], d["kewajiban_lancar"]),
        "E.2": pct(d["pinjaman_diberikan"], d["dana_yang_diterima"], True),
        "F.1": pct(d["shu_sebelum_pajak"], d["total_aset"]),
        "F.2": pct(d["shu_bagian_anggota"], d["modal_sendiri"], True),
        "F.3": pct(d["partisipasi_neto"], d["beban_usaha"] + d["beban_perkoperasian"]),
        # "pendapatan" read as total pendapatan (rule header decision)
        "G.1": pct(d["partisipasi_bruto"], d["total_pendapatan"], True),
        "G.2": pct(d["meppp"] + d["shu_bagian_anggota"], d["simpanan_pokok"] + d["simpanan_wajib"], True),
    }


PREDIKAT = [(80, "Sehat"), (66, "Cukup Sehat"), (51, "Dalam Pengawasan")]
ASPEK = "ABCDEFG"
OPTIONAL = ("pinjaman_berisiko", "biaya_karyawan", "shu_bagian_anggota", "meppp")


def assess_one(row: dict, items: dict[str, list[str]]) -> dict:
    """Score one cooperative (``row``: canonical amounts of the tahun buku, the four optional
    Perdep lines and the item answers; ``items``: component code → its item codes)."""
    from .reference import AMOUNT_NAMES

    y = {k: row[k] for k in AMOUNT_NAMES}
    d = derived(y)
    d.update({k: _opt(row, k) for k in OPTIONAL})
    rasio = ratios(d)
    nilai: dict[str, int | Fraction] = {}
    skor: dict[str, Fraction] = {}
    for kode, r in rasio.items():
        nilai[kode] = UNDEF_NILAI[kode] if r is None else LADDER[kode](r)
        skor[kode] = Fraction(nilai[kode] * BOBOT[kode], 100)          # skor = nilai × bobot / 100
    for kode, codes in items.items():
        assert len(codes) == BUTIR[kode], (kode, len(codes))
        yes = sum(int(row[c] == 1) for c in codes)
        skor[kode] = Fraction(yes * BOBOT[kode], len(codes))            # 3 / questions per "Ya"
        nilai[kode] = Fraction(yes * 100, len(codes))                   # share of items × 100 (exact)
    aspek = {a: sum(s for k, s in skor.items() if k.startswith(a + ".")) for a in ASPEK}
    akhir = sum(aspek.values())
    predikat = next((p for lo, p in PREDIKAT if akhir >= lo), "Dalam Pengawasan Khusus")
    return {"nilai": nilai, "skor": skor, "rasio": rasio, "aspek": aspek, "nilai_akhir": akhir,
            "predikat": predikat}


def nilai_bulat(x: int | Fraction) -> int:
    """A questionnaire's exact nilai shown as a whole number, half up."""
    return math.floor(Fraction(x) + Fraction(1, 2))
