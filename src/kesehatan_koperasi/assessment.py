"""Public scoring API: :func:`assess_frame` and :func:`assess` (spec ``api.md``).

Both present :func:`kesehatan_koperasi.core.engine.score`; ``assess(kertas_kerja)`` is
``assess_frame`` on a one-row frame. There is no second scoring path.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .core.engine import Skor, score
from .core.bands import indeks_pita
from .core.ratios import bulatkan
from .core.rollup import predikat
from .errors import WorksheetError
from .fields import AMOUNT_NAMES, MEMBER_FIELDS, OPTIONAL_FIELDS, SUFFIX_LALU
from .hasil import AturanDipakai, Hasil, HasilAspek, HasilIndikator, NilaiSementara
from .model import KertasKerja
from .rules import SEMENTARA, Aturan, load_rules, pilih_aturan


def assess_frame(frame: pd.DataFrame, rules: str | Path | Aturan | None = None,
                 detail: str = "ringkas") -> pd.DataFrame:
    """Score one cooperative per row.

    Parameters
    ----------
    frame : DataFrame
        One row per cooperative: every canonical amount field for the tahun buku and the
        ``_lalu`` year [Rp], one column per questionnaire item code (``A.1.1.a``) holding 1 or 0.
        Other columns (``nama_koperasi``, ``kabupaten_kota``, …) pass through.
    rules : str, Path, Aturan or None
        Built-in rule set name or path to a rule file. ``None`` (default) chooses per row from the
        ``jenis`` column with :func:`~kesehatan_koperasi.rules.pilih_aturan` (KSPPS/USPPS →
        ``juknis-15-2021-kspps``, otherwise ``juknis-15-2021``); without a ``jenis`` column,
        ``juknis-15-2021``.
    detail : {"ringkas", "panjang"}
        ``"ringkas"`` (default): one row per cooperative, as below. ``"panjang"``: one row per
        cooperative × indicator (pass-through columns, ``aturan``, ``kode``, ``aspek``, ``label``,
        ``jenis``, ``rasio``, ``terpenuhi``, ``nilai``, ``skor``, ``kategori``), which groups
        easily (e.g. how often each indicator scores Nilai 3-4); rows that failed validation
        have no indicator rows.

    Returns
    -------
    DataFrame
        Same index and order: the pass-through columns, ``aturan`` (the rule set used),
        ``nilai_akhir`` (3 decimals),
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
    if detail not in ("ringkas", "panjang"):
        raise ValueError(f"detail harus 'ringkas' atau 'panjang', bukan {detail!r}")
    output = _frame_output if detail == "ringkas" else _long_output
    if rules is not None or "jenis" not in frame.columns:
        aturan = load_rules(rules if rules is not None else DEFAULT_RULES)
        out = output(frame, score(frame, aturan))
        return out.drop(columns="_baris") if detail == "panjang" else out
    names = _rules_per_row(frame["jenis"])
    groups = pd.unique(names)
    if len(groups) <= 1:
        out = output(frame, score(frame, load_rules(groups[0] if len(groups) else DEFAULT_RULES)))
        return out.drop(columns="_baris") if detail == "panjang" else out
    # several rule sets: score each group with its own, then restore the input order
    pos = np.arange(len(frame))
    parts = [output(frame.iloc[pos[names == g]], score(frame.iloc[pos[names == g]], load_rules(g)))
             for g in groups]
    if detail == "panjang":
        for g, part in zip(groups, parts):
            part["_baris"] = pos[names == g][part["_baris"].to_numpy()]
        long = pd.concat(parts, axis=0)
        return long.sort_values("_baris", kind="stable").drop(columns="_baris")
    order = np.concatenate([pos[names == g] for g in groups])
    out = pd.concat(parts, axis=0)
    cols = _ordered_union([p.columns for p in parts])
    out = out.iloc[np.argsort(order, kind="stable")][cols]
    for c in cols:
        if c.startswith("nilai.") and c != "nilai_akhir":
            out[c] = out[c].astype("Int8")
    return out


DEFAULT_RULES = "juknis-15-2021"


def _rules_per_row(jenis: pd.Series) -> np.ndarray:
    """The built-in rule set of each row from its ``jenis`` (unknown or empty → the default, and
    the row's validation is left to the rule set)."""
    from .rules import JENIS_SYARIAH

    codes, uniques = pd.factorize(jenis, use_na_sentinel=False)     # a handful of distinct values
    names = np.array(["juknis-15-2021-kspps" if str(u).strip().upper() in JENIS_SYARIAH else DEFAULT_RULES
                      for u in uniques], dtype=object)
    return names[codes] if len(names) else np.array([], dtype=object)


def _ordered_union(column_lists: list[pd.Index]) -> list[str]:
    """Columns of several result frames: pass-through first, then each result block in order."""
    seen: dict[str, None] = {}
    blocks = ["", "aturan", "nilai_akhir", "predikat", "aspek.", "nilai.", "rasio.", "peringatan", "galat"]

    def block(c: str) -> int:
        for b, prefix in enumerate(blocks[1:], start=1):
            if c == prefix or (prefix.endswith(".") and c.startswith(prefix)):
                return b
        return 0

    for cols in column_lists:
        for c in cols:
            seen.setdefault(c, None)
    return sorted(seen, key=lambda c: block(c))     # stable: keeps the order within each block


def _frame_output(frame: pd.DataFrame, s: Skor) -> pd.DataFrame:
    """The result columns of spec ``api.md``, built without copying the large result matrices."""
    n = len(frame)
    passthrough = frame[[c for c in frame.columns if not is_input_column(c)]]
    head: dict[str, Any] = {"aturan": _dictionary_strings(np.zeros(n, dtype=np.int32), [s.aturan.nama]),
                            "nilai_akhir": s.nilai_akhir_float(),
                            "predikat": _dictionary_strings(s.predikat_indeks, list(s.aturan.predikat.pita.nilai))}
    asp = s.aspek_float()
    for m, a in enumerate(s.aspek_kode):
        head[f"aspek.{a}"] = asp[:, m]
    nilai = {f"nilai.{k}": pd.arrays.IntegerArray(s.nilai[:, j], ~s.ok) for j, k in enumerate(s.kode)}
    rasio = pd.DataFrame(s.rasio, columns=[f"rasio.{k}" for k in s.kode], copy=False)
    tail = {
        "peringatan": _strings_sparse({i: "; ".join(m) for i, m in s.peringatan.items()}, n),
        "galat": _strings_sparse({i: "; ".join(map(str, m)) for i, m in s.masalah.items()}, n),
    }
    parts = [passthrough.reset_index(drop=True), pd.DataFrame(head), pd.DataFrame(nilai), rasio, pd.DataFrame(tail)]
    out = pd.concat(parts, axis=1)
    out.index = frame.index
    return out


def _long_output(frame: pd.DataFrame, s: Skor) -> pd.DataFrame:
    """One row per scored cooperative × indicator (``detail="panjang"``), built with numpy."""
    rows = np.flatnonzero(s.ok)
    k = len(s.kode)
    ind = [i for _, i in s.aturan.indikator()]
    kategori = np.array([""] + [s.aturan.kategori(v) for v in range(1, 5)], dtype=object)
    jumlah_butir = np.array([len(i.butir) if i.butir else 0 for i in ind])
    nilai = s.nilai[rows]
    terpenuhi = s.terpenuhi[rows]
    with np.errstate(invalid="ignore", divide="ignore"):
        pct_kuesioner = bulatkan(terpenuhi / np.where(jumlah_butir > 0, jumlah_butir, 1) * 100.0,
                                 s.aturan.pembulatan.rasio.desimal)
    rasio = np.where(jumlah_butir > 0, pct_kuesioner, s.rasio[rows])
    ident = frame.iloc[np.repeat(rows, k)][[c for c in frame.columns if not is_input_column(c)]]
    out = ident.reset_index(drop=True)
    cols = {
        "_baris": np.repeat(rows, k),
        "aturan": s.aturan.nama,
        "kode": np.tile(np.array(s.kode, dtype=object), len(rows)),
        "aspek": np.tile(np.array(s.aspek_indikator, dtype=object), len(rows)),
        "label": np.tile(np.array([i.label for i in ind], dtype=object), len(rows)),
        "jenis_indikator": np.tile(np.array([i.jenis for i in ind], dtype=object), len(rows)),
        "rasio": rasio.reshape(-1),
        "terpenuhi": pd.array(np.where(terpenuhi >= 0, terpenuhi, 0).reshape(-1), dtype="Int16"),
        "nilai": pd.array(nilai.reshape(-1), dtype="Int8"),
        "skor": (pd.array(s.skor[rows].reshape(-1), dtype="Int8") if s.skala_skor == 1
                 else s.skor[rows].reshape(-1) / s.skala_skor),
        "kategori": kategori[np.clip(nilai.reshape(-1), 0, 4)] if s.aturan.skala else "",
    }
    out = pd.concat([out, pd.DataFrame(cols)], axis=1)
    out["terpenuhi"] = out["terpenuhi"].mask(out["jenis_indikator"] != "kuesioner")
    out.index = frame.index[np.repeat(rows, k)]
    return out


_AMOUNTS = list(AMOUNT_NAMES) + [f.name for f in OPTIONAL_FIELDS]
_INPUTS = frozenset(_AMOUNTS) | {n + SUFFIX_LALU for n in _AMOUNTS} | frozenset(MEMBER_FIELDS) \
    | {n + SUFFIX_LALU for n in MEMBER_FIELDS} | {"tanggal_rat", "tanggal_rat_lalu", "pemeriksaan"}
_ITEM = re.compile(r"^[A-Z](\.\d+)+\.[a-z]$")


def is_input_column(name: object) -> bool:
    """Whether a frame column is an input of the scoring (amount, member count, questionnaire
    item of any rule set) rather than an identity column that passes through."""
    return isinstance(name, str) and (name in _INPUTS or bool(_ITEM.match(name)))


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


def assess(kertas_kerja: KertasKerja, rules: str | Path | Aturan | None = None) -> Hasil:
    """Assess one cooperative: :func:`assess_frame` on a batch of one, returned as :class:`Hasil`.

    ``rules=None`` chooses the built-in rule set from ``identitas.jenis``
    (:func:`~kesehatan_koperasi.rules.pilih_aturan`).

    Raises
    ------
    WorksheetError
        The worksheet does not answer every questionnaire item of the rule set, or fails another
        validation rule.
    """
    aturan = load_rules(rules if rules is not None else pilih_aturan(kertas_kerja.identitas.jenis))
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


__all__ = ["assess", "assess_frame", "hasil_from_row", "hasil_from_frame", "AMOUNT_NAMES", "SUFFIX_LALU"]
