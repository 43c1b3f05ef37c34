"""One row of a scored batch as a :class:`~.hasil.Hasil`, built mechanically from the core's answer.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..core.engine import Skor, score
from ..model import KertasKerja
from ..rules import SEMENTARA, TERKONFIRMASI, Aturan, load_rules
from ..rules.inventory import NilaiAturan
from .frame import is_input_column
from .hasil import (
    AturanDipakai,
    Hasil,
    HasilAspek,
    HasilIndikator,
    NilaiAturanDipakai,
    NilaiSementara,
    RincianPeringatan,
)
from .teks import teks_peringatan


def _dipakai(xs: list[NilaiAturan]) -> list[NilaiAturanDipakai]:
    return [NilaiAturanDipakai(kunci=x.kunci, uraian=x.uraian, status=x.status, sumber=x.sumber) for x in xs]


def hasil_from_row(s: Skor, i: int, identitas: dict[str, Any], kertas_kerja: KertasKerja | None = None) -> Hasil:
    """Present row ``i`` of a scored batch as :class:`Hasil`.

    Every number is copied from the core's answer (:class:`~kesehatan_koperasi.core.engine.Skor`):
    band, Nilai, Skor, finding, the rule values used, aspect score, weight and contribution,
    label, nilai akhir and predikat. Nothing here looks up a band, rounds or applies a rule.
    """
    aturan = s.aturan
    plan = s.rencana
    if not s.ok[i]:
        raise ValueError(f"baris {i} tidak dinilai: " + "; ".join(map(str, s.masalah.get(i, []))))
    sementara: dict[str, NilaiSementara] = {}

    def note(xs: list[NilaiAturan]) -> None:
        for x in xs:
            if x.sementara:
                sementara.setdefault(x.kunci, NilaiSementara(kunci=x.kunci, uraian=x.uraian, sumber=x.sumber))

    warnings = s.peringatan.get(i, [])
    teks = [teks_peringatan(w, aturan) for w in warnings]
    persen = s.persen()[i]
    indikator: list[HasilIndikator] = []
    for j, (ri, (_, ind)) in enumerate(zip(plan.indikator, aturan.indikator())):
        nilai = int(s.nilai[i, j])
        r = float(persen[j])
        undef = ri.jenis != "kuesioner" and math.isnan(r)
        band = int(s.indeks_pita[i, j])
        dipakai = s.nilai_aturan(i, j)
        note(dipakai)
        pita = aturan.kuesioner.pita if ri.jenis == "kuesioner" else ind.pita
        if ri.linier:
            rentang = f"{int(s.terpenuhi[i, j])} dari {ri.jumlah_butir} butir terpenuhi"
        elif undef or pita is None:
            rentang = "tak terdefinisi"
        else:
            rentang = pita.rentang(band, " %")
        skor = int(s.skor[i, j]) if s.skala_skor == 1 else int(s.skor[i, j]) / s.skala_skor
        mine = [k for k, w in enumerate(warnings) if w.indikator == ri.kode]
        indikator.append(HasilIndikator(
            kode=ri.kode,
            label=ri.label,
            aspek=ri.aspek,
            jenis=ri.jenis,
            rasio=None if math.isnan(r) else r,
            terpenuhi=int(s.terpenuhi[i, j]) if ri.jenis == "kuesioner" else None,
            jumlah_butir=ri.jumlah_butir if ri.jenis == "kuesioner" else None,
            tak_terdefinisi=undef,
            nilai=nilai,
            skor=skor,
            bobot=ri.bobot,
            kategori=aturan.kategori(nilai),
            indeks_pita=band if band >= 0 else None,
            rentang=rentang,
            rentang_sehat=aturan.nilai_sehat(ind),
            status=SEMENTARA if any(x.sementara for x in dipakai) else TERKONFIRMASI,
            temuan=bool(s.temuan[i, j]),
            rekomendasi=ind.rekomendasi,
            peringatan=[teks[k] for k in mine],
            rincian_peringatan=[RincianPeringatan(jenis=warnings[k].jenis, sebab=warnings[k].sebab,
                                                  medan=list(warnings[k].medan), nilai=warnings[k].nilai)
                                for k in mine],
            nilai_aturan=_dipakai(dipakai),
        ))

    umum = s.nilai_aturan_umum(i)
    note(umum)
    names = plan.predikat_nama
    aspek: list[HasilAspek] = []
    for m, a in enumerate(aturan.aspek):
        cols = np.flatnonzero(plan.aspek_indikator == m)
        jumlah = int(s.skor[i, cols].sum())
        aspek.append(HasilAspek(
            kode=a.kode, nama=a.nama, bobot=a.bobot.nilai, jumlah_indikator=len(cols),
            jumlah_skor=jumlah / s.skala_skor if s.skala_skor != 1 else jumlah,
            skor=int(s.aspek[i, m]) / s.skala_aspek,
            kontribusi=int(s.kontribusi[i, m]) / s.skala_kontribusi,
            persen_bobot=int(s.persen_bobot[i, m]) / 100 if s.persen_bobot is not None else None,
            label=names[int(s.label_aspek[i, m])],
        ))

    return Hasil(
        aturan=AturanDipakai(nama=aturan.nama, versi=aturan.versi, judul=aturan.judul, berkas=aturan.berkas,
                             sidik=plan.sidik, metode=aturan.metode, temuan=aturan.temuan.uraian,
                             temuan_nilai=aturan.temuan.nilai,
                             temuan_nilai_kurang_dari=aturan.temuan.nilai_kurang_dari),
        identitas=identitas,
        kertas_kerja=kertas_kerja,
        indikator=indikator,
        aspek=aspek,
        nilai_akhir=int(s.nilai_akhir[i]) / s.skala_akhir,
        predikat=str(s.predikat[i]),
        peringatan=teks,
        nilai_sementara=list(sementara.values()),
    )


def hasil_from_frame(frame: pd.DataFrame, rules: str | Path | Aturan | None = None) -> list[Hasil | str]:
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
