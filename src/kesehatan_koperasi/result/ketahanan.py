"""The robustness analysis presented (issue 14): the ``uji_ketahanan`` table and the
``ketahanan`` part of :class:`~.hasil.Hasil`, copied from the core's answer
(:class:`kesehatan_koperasi.core.ketahanan.Ketahanan`). Nothing here bands or rolls up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.ketahanan import BATAS, Ketahanan
from ..formatting import angka
from .hasil import BacaanKetahanan, HasilKetahanan

#: Columns of :func:`ketahanan_frame` around the per-reading ``predikat@<id>`` columns.
KOLOM_AWAL = ("nilai_akhir", "predikat")
KOLOM_AKHIR = ("nilai_akhir_min", "nilai_akhir_max", "predikat_stabil", "pemicu")


def _teks(indeks: np.ndarray, nama: tuple[str, ...]) -> pd.arrays.ArrowStringArray | pd.api.extensions.ExtensionArray:
    """A string column from the rows of a predicate table (-1: not scored → NA), by a take."""
    return pd.array(list(nama), dtype="string").take(indeks.astype(np.intp), allow_fill=True)


def ketahanan_frame(k: Ketahanan, index: pd.Index) -> pd.DataFrame:
    """One row per cooperative (``index``): ``nilai_akhir``, ``predikat``, ``predikat@<id>`` per
    reading, ``nilai_akhir_min``, ``nilai_akhir_max``, ``predikat_stabil`` (boolean, NA where not
    scored) and ``pemicu`` (ids joined by ``", "``; ``"±1"``; empty when stable or not scored)."""
    s = k.skor
    ok = s.ok
    cols: dict[str, object] = {"nilai_akhir": s.nilai_akhir_float(),
                               "predikat": _teks(s.predikat_indeks, s.rencana.predikat_nama)}
    for b in k.bacaan:
        cols[f"predikat@{b.id}"] = _teks(b.predikat_indeks, b.predikat_nama)
    cols["nilai_akhir_min"] = k.nilai_akhir_min()
    cols["nilai_akhir_max"] = k.nilai_akhir_max()
    cols["predikat_stabil"] = pd.arrays.BooleanArray(k.predikat_stabil(), ~ok)
    pemicu, kode = np.unique(k.pemicu().astype(str), return_inverse=True)
    cols["pemicu"] = pd.array(list(pemicu), dtype="string").take(kode.astype(np.intp))
    return pd.DataFrame(cols, index=index)


def _kalimat(h: HasilKetahanan) -> str:
    """The annex sentence: the predikat holds under every known reading, or which readings change
    it and to what."""
    p = h.predikat
    rentang = f"nilai akhir {angka(h.nilai_akhir_min, 3)} sampai {angka(h.nilai_akhir_max, 3)}"
    batas = f"batas ±1 Nilai pada {h.jumlah_indikator_sementara} indikator yang bertumpu pada nilai sementara"
    if h.predikat_stabil:
        return (f"Predikat {p} tetap sama pada setiap bacaan metode yang diketahui ({len(h.bacaan)} bacaan "
                f"alternatif dan {batas}; {rentang}).")
    bagian = [f"bacaan {b.id} mengubahnya menjadi {b.predikat}" for b in h.bacaan if b.mengubah_predikat]
    ujung = ([f"{h.predikat_bawah} bila satu Nilai lebih buruk"] if h.predikat_bawah != p else []) \
        + ([f"{h.predikat_atas} bila satu Nilai lebih baik"] if h.predikat_atas != p else [])
    if ujung:
        bagian.append(f"{batas} mengubahnya menjadi {' atau '.join(ujung)}")
    daftar = bagian[0] if len(bagian) == 1 else "; ".join(bagian[:-1]) + "; dan " + bagian[-1]
    return f"Predikat {p} tidak tetap pada setiap bacaan metode yang diketahui: {daftar} ({rentang})."


def hasil_ketahanan(k: Ketahanan, i: int) -> HasilKetahanan:
    """Row ``i`` of the analysis as the ``ketahanan`` part of a :class:`~.hasil.Hasil`."""
    s = k.skor
    if not s.ok[i]:
        raise ValueError(f"baris {i} tidak dinilai")
    aturan = s.aturan
    bacaan = [BacaanKetahanan(id=b.id, uraian=aturan.cari_alternatif(b.id).uraian,
                              sumber=aturan.cari_alternatif(b.id).sumber,
                              nilai_akhir=float(b.nilai_akhir[i] / b.skala_akhir), predikat=str(b.predikat[i]),
                              mengubah_predikat=bool(k.berubah(b)[i]))
              for b in k.bacaan]
    h = HasilKetahanan(
        predikat=str(s.predikat[i]), nilai_akhir_min=float(k.nilai_akhir_min()[i]),
        nilai_akhir_max=float(k.nilai_akhir_max()[i]), predikat_stabil=bool(k.predikat_stabil()[i]),
        pemicu=[x for x in str(k.pemicu()[i]).split(", ") if x], bacaan=bacaan,
        jumlah_indikator_sementara=int(k.bertumpu_sementara[i].sum()),
        nilai_akhir_bawah=float(k.bawah.nilai_akhir[i] / k.bawah.skala_akhir), predikat_bawah=str(k.bawah.predikat[i]),
        nilai_akhir_atas=float(k.atas.nilai_akhir[i] / k.atas.skala_akhir), predikat_atas=str(k.atas.predikat[i]),
        kalimat="",
    )
    return h.model_copy(update={"kalimat": _kalimat(h)})


__all__ = ["BATAS", "hasil_ketahanan", "ketahanan_frame"]
