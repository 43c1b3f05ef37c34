"""Public scoring API: :func:`assess_frame` and :func:`assess` (spec ``api.md``).

Both present :func:`kesehatan_koperasi.core.engine.score`; ``assess(kertas_kerja)`` is
``assess_frame`` on a one-row frame. There is no second scoring path.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .core.engine import Skor, required_columns, score
from .core.bands import indeks_pita
from .core.ratios import bulatkan
from .core.rollup import predikat
from .errors import WorksheetError
from .fields import AMOUNT_NAMES, SUFFIX_LALU
from .hasil import AturanDipakai, Hasil, HasilAspek, HasilIndikator, NilaiSementara
from .model import KertasKerja
from .rules import SEMENTARA, Aturan, load_rules


def assess_frame(frame: pd.DataFrame, rules: str | Path | Aturan = "juknis-15-2021") -> pd.DataFrame:
    """Score one cooperative per row.

    Parameters
    ----------
    frame : DataFrame
        One row per cooperative: every canonical amount field for the tahun buku and the
        ``_lalu`` year [Rp], one column per questionnaire item code (``A.1.1.a``) holding 1 or 0.
        Other columns (``nama_koperasi``, ``kabupaten_kota``, …) pass through.
    rules : str, Path or Aturan
        Built-in rule set name or path to a rule file.

    Returns
    -------
    DataFrame
        Same index and order: the pass-through columns, ``nilai_akhir`` (3 decimals),
        ``predikat``, ``aspek.<A-D>`` (1 decimal), ``nilai.<kode>`` (Int8, 1-4), ``rasio.<kode>``
        (percent, 2 decimals; NaN for questionnaires and *tak terdefinisi*), ``peringatan`` and
        ``galat`` (empty when the row was scored). A row that fails validation stays, with its
        ``galat`` and missing scores.

    Raises
    ------
    RulesError
        The rule set is unknown or invalid.
    FrameError
        Required columns are missing (the message lists them).
    """
    aturan = load_rules(rules)
    s = score(frame, aturan)
    return _frame_output(frame, s)


def _frame_output(frame: pd.DataFrame, s: Skor) -> pd.DataFrame:
    """The result columns of spec ``api.md``, built without copying the large result matrices."""
    n = len(frame)
    inputs = set(required_columns(s.aturan))
    passthrough = frame[[c for c in frame.columns if c not in inputs]]
    head: dict[str, Any] = {"nilai_akhir": s.nilai_akhir_float(),
                            "predikat": _dictionary_strings(s.predikat_indeks, list(s.aturan.predikat.pita.nilai))}
    asp = s.aspek_float()
    for m, a in enumerate(s.aspek_kode):
        head[f"aspek.{a}"] = asp[:, m]
    nilai = {f"nilai.{k}": pd.arrays.IntegerArray(s.nilai[:, j], s.nilai[:, j] == 0)
             for j, k in enumerate(s.kode)}
    rasio = pd.DataFrame(s.rasio, columns=[f"rasio.{k}" for k in s.kode], copy=False)
    tail = {
        "peringatan": _strings_sparse({i: "; ".join(m) for i, m in s.peringatan.items()}, n),
        "galat": _strings_sparse({i: "; ".join(map(str, m)) for i, m in s.masalah.items()}, n),
    }
    parts = [passthrough.reset_index(drop=True), pd.DataFrame(head), pd.DataFrame(nilai), rasio, pd.DataFrame(tail)]
    out = pd.concat(parts, axis=1)
    out.index = frame.index
    return out


def _strings_sparse(sparse: dict[int, str], n: int) -> pd.api.extensions.ExtensionArray:
    """A string column that is empty except at a few rows, built from dictionary codes."""
    codes = np.zeros(n, dtype=np.int32)
    lookup = {"": 0}
    for i, text in sparse.items():
        codes[i] = lookup.setdefault(text, len(lookup))
    return _dictionary_strings(codes, list(lookup))


def _dictionary_strings(codes: np.ndarray, texts: list[str]) -> pd.api.extensions.ExtensionArray:
    """String array from integer codes into distinct ``texts`` (−1 = missing), with no Python
    object per row."""
    cat = pd.Categorical.from_codes(codes, categories=pd.Index(texts or [""], dtype=object))
    return pd.Series(cat, copy=False).astype("string").array


def assess(kertas_kerja: KertasKerja, rules: str | Path | Aturan = "juknis-15-2021") -> Hasil:
    """Assess one cooperative: :func:`assess_frame` on a batch of one, returned as :class:`Hasil`.

    Raises
    ------
    WorksheetError
        The worksheet does not answer every questionnaire item of the rule set, or fails another
        validation rule.
    """
    aturan = load_rules(rules)
    frame = kertas_kerja.to_frame()
    unanswered = [c for c in aturan.kode_butir() if c not in frame.columns]
    if unanswered:   # reported as "belum dijawab", item by item, by the same validation as a batch
        frame = pd.concat([frame, pd.DataFrame({c: [np.nan] for c in unanswered})], axis=1)
    s = score(frame, aturan)
    if not s.ok[0]:
        raise WorksheetError(None, s.masalah[0])
    return hasil_from_row(s, 0, identitas=kertas_kerja.identitas.model_dump(mode="json"),
                          kertas_kerja=kertas_kerja)


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
        band_i = int(indeks_pita(np.array([r]), pita.titik, pita.naik_di_titik)[0])
        if not undef:
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
            skor=int(s.skor[i, j]),
            kategori=aturan.kategori(nilai),
            rentang="tak terdefinisi" if undef else pita.rentang(band_i, " %"),
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
            jumlah_skor=int(s.skor[i, cols].sum()), skor=skor_aspek,
            label=str(predikat(np.array([sc]), s.skala_aspek, pp.titik, pp.naik_di_titik, pp.nilai)[0]),
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
        aturan=AturanDipakai(nama=aturan.nama, versi=aturan.versi, judul=aturan.judul, berkas=aturan.berkas),
        identitas=identitas,
        kertas_kerja=kertas_kerja,
        indikator=indikator,
        aspek=aspek,
        nilai_akhir=int(s.nilai_akhir[i]) / s.skala_akhir,
        predikat=str(s.predikat[i]),
        peringatan=list(warnings),
        nilai_sementara=list(sementara.values()),
    )


def hasil_from_frame(frame: pd.DataFrame, rules: str | Path | Aturan = "juknis-15-2021") -> list[Hasil | str]:
    """A :class:`Hasil` per row (or the row's error text), for documents from a table."""
    aturan = load_rules(rules)
    s = score(frame, aturan)
    inputs = set(required_columns(aturan))
    ident_cols = [c for c in frame.columns if c not in inputs]
    out: list[Hasil | str] = []
    for i, rec in enumerate(frame[ident_cols].to_dict(orient="records")):
        if s.ok[i]:
            out.append(hasil_from_row(s, i, identitas=rec))
        else:
            out.append("; ".join(map(str, s.masalah[i])))
    return out


__all__ = ["assess", "assess_frame", "hasil_from_row", "hasil_from_frame", "AMOUNT_NAMES", "SUFFIX_LALU"]
