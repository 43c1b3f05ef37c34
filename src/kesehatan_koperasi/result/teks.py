"""Indonesian text for the core's structured warnings (spec ``juknis-15-2021-ksp.md`` §3: a
*tak terdefinisi* ratio or ±∞ "gets a warning naming the indicator and why").

The core reports a :class:`~kesehatan_koperasi.core.engine.Peringatan` as data (indicator,
kind, cause, the quantities involved, the Nilai given); this module is the one place that turns
it into a sentence, in the rule set's own terms (``istilah``: syariah labels for KSPPS).
"""

from __future__ import annotations

from ..core.engine import Peringatan
from ..rules import Aturan


def teks_peringatan(p: Peringatan, aturan: Aturan) -> str:
    """The warning as one Indonesian sentence, e.g. ``"C.1.1.2 Rentabilitas ekuitas (ROE):
    rasio tak terdefinisi (penyebut (total ekuitas) negatif); diberi Nilai 4"``."""
    ind = aturan.cari(p.indikator)
    nama = " + ".join(aturan.label_medan(x).lower() for x in p.medan)
    pertumbuhan = ind.jenis == "pertumbuhan"
    kepala = f"{ind.kode} {ind.label}"
    if p.jenis == "tak_terdefinisi":
        sebab = {
            "lalu_dan_kini_nol": f"{nama} tahun lalu dan tahun ini sama-sama nol",
            "nol_per_nol": f"pembilang dan penyebut ({nama}) sama-sama nol",
            "penyebut_negatif": f"penyebut ({nama}) negatif",
        }[p.sebab]
        return f"{kepala}: rasio tak terdefinisi ({sebab}); diberi Nilai {p.nilai}"
    penyebut = f"{nama} tahun lalu" if pertumbuhan else nama
    tanda, simbol = ("positif", "+∞") if p.sebab == "penyebut_nol_positif" else ("negatif", "−∞")
    return f"{kepala}: penyebut ({penyebut}) nol dan pembilang {tanda}, rasio {simbol} dinilai menurut pita"
