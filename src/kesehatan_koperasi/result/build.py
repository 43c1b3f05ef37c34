"""One row of a scored batch as a :class:`~.hasil.Hasil`, built mechanically from the core's answer.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..core.bands import indeks_pita
from ..core.engine import Skor, score
from ..core.ratios import bulatkan
from ..core.rollup import predikat
from ..model import KertasKerja
from ..rules import SEMENTARA, Aturan, load_rules
from .frame import is_input_column
from .hasil import AturanDipakai, Hasil, HasilAspek, HasilIndikator, NilaiSementara


def hasil_from_row(s: Skor, i: int, identitas: dict[str, Any], kertas_kerja: KertasKerja | None = None) -> Hasil:
    """Present row ``i`` of a scored batch as :class:`Hasil` (with the provisional values it used)."""
    aturan = s.aturan
    if not s.ok[i]:
        raise ValueError(f"baris {i} tidak dinilai: " + "; ".join(map(str, s.masalah.get(i, []))))
    sementara: dict[str, NilaiSementara] = {}

    def note(kunci: str, uraian: str, sumber: str) -> None:
        sementara.setdefault(kunci, NilaiSementara(kunci=kunci, uraian=uraian, sumber=sumber))

    warnings = s.peringatan.get(i, [])
    indikator: list[HasilIndikator] = []
    for j, (asp, ind) in enumerate(aturan.indikator()):
        nilai = int(s.nilai[i, j])
        if ind.jenis == "kuesioner":
            r = float(bulatkan(int(s.terpenuhi[i, j]) / len(ind.butir or [1]) * 100.0,
                               aturan.pembulatan.rasio.desimal))
        else:
            r = float(s.rasio[i, j])
        undef = ind.jenis != "kuesioner" and math.isnan(r)
        used_s = ind.status == SEMENTARA
        if used_s:
            note(f"{ind.kode}", f"{ind.kode} {ind.label}: rumus dan cakupan indikator", ind.sumber)
        if ind.jenis == "kuesioner":
            pita = aturan.kuesioner.pita
            key = "kuesioner.pita"
            for b in ind.butir or []:
                if b.status == SEMENTARA:
                    used_s = True
                    note(f"{ind.kode}.{b.kode}", f"Butir {ind.kode}.{b.kode}: {b.teks}", ind.sumber)
        else:
            assert ind.pita is not None and ind.tak_terdefinisi is not None
            pita = ind.pita
            key = f"{ind.kode}.pita"
            if undef and ind.tak_terdefinisi.status == SEMENTARA:
                used_s = True
                note(f"{ind.kode}.tak_terdefinisi",
                     f"{ind.kode} {ind.label}: Nilai {int(ind.tak_terdefinisi.nilai)} bila rasio tak terdefinisi",
                     ind.tak_terdefinisi.sumber)
            if {"modal_tertimbang", "atmr"} & set((ind.pembilang or []) + (ind.penyebut or [])):
                for nm, pb in (("modal_tertimbang", aturan.modal_tertimbang), ("atmr", aturan.atmr)):
                    if pb.status == SEMENTARA:
                        used_s = True
                        note(nm, f"Bobot {nm.replace('_', ' ')} di dalam {ind.kode} {ind.label}", pb.sumber)
        if pita is None:   # linear questionnaire (Perdep 06/2016): nilai = share of items × 100
            linier = aturan.kuesioner.linier
            assert linier is not None
            if linier.status == SEMENTARA:
                used_s = True
                note("kuesioner.linier", "Kuesioner: nilai = butir terpenuhi / jumlah butir × 100", linier.sumber)
            rentang = f"{int(s.terpenuhi[i, j])} dari {len(ind.butir or [])} butir terpenuhi"
        else:
            band_i = int(indeks_pita(np.array([r]), pita.titik, pita.naik_di_titik)[0])
            rentang = "tak terdefinisi" if undef else pita.rentang(band_i, " %")
        if pita is not None and not undef:
            hasil_band = pita.nilai[band_i]
            nama = "Pita kuesioner" if ind.jenis == "kuesioner" else f"{ind.kode} {ind.label}"
            if pita.status_nilai(hasil_band) == SEMENTARA:
                used_s = True
                note(f"{key}.nilai_{hasil_band}", f"{nama}: baris Nilai {hasil_band} ({pita.rentang(band_i, ' %')})",
                     pita.sumber)
            if r in pita.titik and pita.status_titik == SEMENTARA:
                used_s = True
                note(f"{key}.batas", f"{nama}: penempatan titik batas ({', '.join(pita.batas)})", pita.sumber)
        prefix = f"{ind.kode} "
        skor = int(s.skor[i, j]) if s.skala_skor == 1 else int(s.skor[i, j]) / s.skala_skor
        indikator.append(HasilIndikator(
            kode=ind.kode,
            label=ind.label,
            aspek=asp.kode,
            jenis=ind.jenis,
            rasio=None if math.isnan(r) else r,
            terpenuhi=int(s.terpenuhi[i, j]) if ind.jenis == "kuesioner" else None,
            jumlah_butir=len(ind.butir or []) if ind.jenis == "kuesioner" else None,
            tak_terdefinisi=undef,
            nilai=nilai,
            skor=skor,
            bobot=ind.bobot.nilai if ind.bobot else None,
            kategori=aturan.kategori(nilai),
            rentang=rentang,
            rentang_sehat=aturan.nilai_sehat(ind),
            status=SEMENTARA if used_s else "terkonfirmasi",
            rekomendasi=ind.rekomendasi,
            peringatan=[w for w in warnings if w.startswith(prefix)],
        ))

    pp = aturan.predikat.pita
    aspek: list[HasilAspek] = []
    for m, a in enumerate(aturan.aspek):
        sc = int(s.aspek[i, m])
        skor_aspek = sc / s.skala_aspek
        cols = [j for j, code in enumerate(s.aspek_indikator) if code == a.kode]
        aspek.append(HasilAspek(
            kode=a.kode, nama=a.nama, bobot=a.bobot.nilai, jumlah_indikator=len(cols),
            jumlah_skor=int(s.skor[i, cols].sum()) / s.skala_skor if s.skala_skor != 1 else int(s.skor[i, cols].sum()),
            skor=skor_aspek,
            label=_label_aspek(sc, s.skala_aspek, a.bobot.nilai, aturan),
        ))
        if a.bobot.status == SEMENTARA:
            note(f"aspek.{a.kode}.bobot", f"Bobot aspek {a.nama} ({a.bobot.nilai:g} %)", a.bobot.sumber)
    for nm in ("rasio", "aspek", "nilai_akhir"):
        p = getattr(aturan.pembulatan, nm)
        if p.status == SEMENTARA:
            note(f"pembulatan.{nm}", f"Pembulatan {nm.replace('_', ' ')}: {p.cara.replace('_', ' ')}, "
                                     f"{p.desimal} desimal", p.sumber)
    if pp.status_titik == SEMENTARA:
        note("predikat.batas", f"Batas predikat ({', '.join(pp.batas)})", pp.sumber)
    if isinstance(pp.status, dict) or pp.status == SEMENTARA:
        pred = str(s.predikat[i])
        if pp.status_nilai(pred) == SEMENTARA:
            note(f"predikat.{pred}", f"Baris predikat {pred}", pp.sumber)

    return Hasil(
        aturan=AturanDipakai(nama=aturan.nama, versi=aturan.versi, judul=aturan.judul, berkas=aturan.berkas,
                             metode=aturan.metode, temuan=aturan.temuan.uraian,
                             temuan_nilai=aturan.temuan.nilai,
                             temuan_nilai_kurang_dari=aturan.temuan.nilai_kurang_dari),
        identitas=identitas,
        kertas_kerja=kertas_kerja,
        indikator=indikator,
        aspek=aspek,
        nilai_akhir=int(s.nilai_akhir[i]) / s.skala_akhir,
        predikat=str(s.predikat[i]),
        peringatan=list(warnings),
        nilai_sementara=list(sementara.values()),
    )


def _label_aspek(scaled: int, skala: int, bobot: float, aturan: Aturan) -> str:
    """The predicate table applied to an aspect score, for information (spec §6). With
    ``jumlah_berbobot`` the aspect score is a share of its weight, so the table is applied to
    score / bobot × 100 (as the Gurindam study reads Perdep 06/2016; the rule does not say)."""
    pp = aturan.predikat.pita
    if aturan.metode == "jumlah_berbobot":
        persen = int(scaled * 100 * 100 // (skala * bobot))   # share of the weight, in hundredths of a percent
        return str(predikat(np.array([persen]), 100, pp.titik, pp.naik_di_titik, pp.nilai)[0])
    return str(predikat(np.array([scaled]), skala, pp.titik, pp.naik_di_titik, pp.nilai)[0])


def hasil_from_frame(frame: pd.DataFrame, rules: str | Path | Aturan = "juknis-15-2021") -> list[Hasil | str]:
    """A :class:`Hasil` per row (or the row's error text), for documents from a table."""
    aturan = load_rules(rules)
    s = score(frame, aturan)
    ident_cols = [c for c in frame.columns if not is_input_column(c)]
    out: list[Hasil | str] = []
    for i, rec in enumerate(frame[ident_cols].to_dict(orient="records")):
        if s.ok[i]:
            out.append(hasil_from_row(s, i, identitas=rec))
        else:
            out.append("; ".join(map(str, s.masalah[i])))
    return out


__all__ = ["hasil_from_frame", "hasil_from_row"]
