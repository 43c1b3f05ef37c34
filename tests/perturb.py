"""Balanced perturbations of synthetic cooperatives, to reach zero denominators, ±inf, losses and
negative equity while the neraca still balances and collectibility still adds up."""

from __future__ import annotations

import numpy as np
import pandas as pd

ASET = ["kas", "bank", "deposito", "simpanan_koperasi_lain", "surat_berharga", "aset_lancar_lain",
        "penyertaan", "aset_tetap", "aset_lain"]
KEWAJIBAN = ["simpanan_sukarela_anggota", "simpanan_berjangka_anggota", "simpanan_calon_anggota", "hutang_pajak",
             "beban_masih_harus_dibayar", "dana_bagian_shu", "kewajiban_lancar_lain", "pinjaman_jangka_panjang",
             "kewajiban_jangka_panjang_lain"]
EKUITAS = ["simpanan_pokok", "simpanan_wajib", "modal_penyetaraan", "modal_penyertaan", "hibah", "cadangan_umum",
           "cadangan_tujuan_risiko"]
PHU = ["partisipasi_bruto", "pendapatan_non_anggota", "pendapatan_lain", "beban_pokok", "beban_usaha",
       "beban_perkoperasian", "beban_lain", "pajak"]
PINJAMAN = ["pinjaman_anggota", "pinjaman_calon_anggota", "pinjaman_koperasi_lain", "penyisihan_penghapusan_pinjaman",
            "pinjaman_lancar", "pinjaman_kurang_lancar", "pinjaman_diragukan", "pinjaman_macet"]


def perturb(frame: pd.DataFrame, seed: int, p: float = 0.15) -> pd.DataFrame:
    """Zero each line with probability ``p`` (both years independently), keeping every row valid:
    the amount removed from an asset, liability or equity line is booked to ``shu_belum_dibagi``."""
    rng = np.random.default_rng(seed)
    out = frame.copy()
    n = len(out)
    for suf in ("", "_lalu"):
        sbd = out["shu_belum_dibagi" + suf].to_numpy(dtype=float).copy()
        for col in ASET:
            hit = rng.uniform(size=n) < p
            x = out[col + suf].to_numpy(dtype=float)
            sbd = np.where(hit, sbd - x, sbd)
            out[col + suf] = np.where(hit, 0.0, x)
        for col in KEWAJIBAN + EKUITAS:
            hit = rng.uniform(size=n) < p
            x = out[col + suf].to_numpy(dtype=float)
            sbd = np.where(hit, sbd + x, sbd)
            out[col + suf] = np.where(hit, 0.0, x)
        for col in PHU:
            hit = rng.uniform(size=n) < p
            out[col + suf] = np.where(hit, 0.0, out[col + suf].to_numpy(dtype=float))
        # no loans at all: remove the net loan book from the assets
        hit = rng.uniform(size=n) < p / 2
        net = (out["pinjaman_anggota" + suf] + out["pinjaman_calon_anggota" + suf] + out["pinjaman_koperasi_lain" + suf]
               - out["penyisihan_penghapusan_pinjaman" + suf]).to_numpy(dtype=float)
        sbd = np.where(hit, sbd - net, sbd)
        for col in PINJAMAN:
            out[col + suf] = np.where(hit, 0.0, out[col + suf].to_numpy(dtype=float))
        # no problem loans: move them to lancar
        hit = rng.uniform(size=n) < p
        bm = (out["pinjaman_kurang_lancar" + suf] + out["pinjaman_diragukan" + suf]
              + out["pinjaman_macet" + suf]).to_numpy(dtype=float)
        out["pinjaman_lancar" + suf] = np.where(hit, out["pinjaman_lancar" + suf] + bm, out["pinjaman_lancar" + suf])
        for col in ("pinjaman_kurang_lancar", "pinjaman_diragukan", "pinjaman_macet"):
            out[col + suf] = np.where(hit, 0.0, out[col + suf].to_numpy(dtype=float))
        out["shu_belum_dibagi" + suf] = sbd
    # keep total aset > 0: where it would not be, put back cash and book it to equity
    for suf in ("", "_lalu"):
        ta = sum(out[c + suf] for c in ASET) + (out["pinjaman_anggota" + suf] + out["pinjaman_calon_anggota" + suf]
                                               + out["pinjaman_koperasi_lain" + suf]
                                               - out["penyisihan_penghapusan_pinjaman" + suf])
        low = (ta <= 0).to_numpy()
        out["kas" + suf] = np.where(low, out["kas" + suf] + 1_000_000 - ta, out["kas" + suf])
        out["shu_belum_dibagi" + suf] = np.where(low, out["shu_belum_dibagi" + suf] + 1_000_000 - ta,
                                                 out["shu_belum_dibagi" + suf])
    return out
