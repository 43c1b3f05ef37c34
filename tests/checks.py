"""Checker functions shared by the real tests (which assert they find nothing) and by the
mutation tests in ``test_mutasi.py`` (which assert they find something once the code or a rule
file is deliberately broken). Each returns a list of mismatches; empty means "agrees".

Every expected value comes from an independent source: the hand transcriptions in ``cases/``
(pita-*.yaml, temuan.yaml, pembulatan.yaml) or the scalar references written from the spec
and domain documents (reference.py, reference_perdep.py); never from the code under test.
"""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

import kesehatan_koperasi as kk

from . import reference, reference_perdep
from ._internal import pita, read_json

CASES = Path(__file__).parent / "cases"
ROOT = Path(__file__).parent.parent

#: The independent band-table transcription of each built-in rule set.
TRANSCRIPTION = {
    "juknis-15-2021": "pita-spec.yaml",
    "juknis-15-2021-kspps": "pita-kspps.yaml",
    "perdep-06-2016": "pita-perdep.yaml",
}
#: The scalar reference of each built-in rule set.
REFERENCE = {
    "juknis-15-2021": reference.assess_one,
    "juknis-15-2021-kspps": reference.assess_kspps,
    "perdep-06-2016": reference_perdep.assess_one,
}


def load_case(name: str) -> dict:
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


def transcription(rule_name: str) -> dict:
    return load_case(TRANSCRIPTION[rule_name])


# ---------------------------------------------------------------------------- band tables

_ROW = re.compile(r"^([\[(])\s*(-inf|[-\d.]+)\s*,\s*(inf|[-\d.]+)\s*([\])])\s*→\s*(.+)$")


def parse_rows(rows: list[str]) -> list[tuple[str, float, float, str, object]]:
    out = []
    for row in rows:
        m = _ROW.match(row)
        assert m, f"bad transcription row {row!r}"
        lo_b, lo, hi, hi_b, res = m.groups()
        res = res.strip()
        out.append((lo_b, float(lo), float(hi), hi_b, int(res) if res.lstrip("-").isdigit() else res))
    return out


def spec_lookup(rows: list[str], x: float):
    """Result of a transcribed band table (interval notation) for x; exactly one row must match."""
    hits = []
    for lo_b, lo, hi, hi_b, res in parse_rows(rows):
        ok_lo = lo == -math.inf or x > lo or (lo_b == "[" and x == lo)   # ±inf ends are open but take ±inf
        ok_hi = hi == math.inf or x < hi or (hi_b == "]" and x == hi)
        if ok_lo and ok_hi:
            hits.append(res)
    assert len(hits) == 1, f"transcribed table {rows} gives {hits} for {x}"
    return hits[0]


def edges(rows: list[str]) -> list[float]:
    """The finite cut points of a transcribed table."""
    return sorted({b for _, lo, hi, _, _ in parse_rows(rows) for b in (lo, hi) if math.isfinite(b)})


def probe_points(*edge_lists) -> list[float]:
    """Both sides of every edge, the edge itself, and the extremes. Ratios are rounded to 2
    decimals before banding, so ±0,01 is the nearest value a ratio can take on each side."""
    pts = [-math.inf, math.inf, -1e6, 1e6, 0.0]
    for t in sorted({t for el in edge_lists for t in el}):
        pts += [round(t - 0.01, 2), t, round(t + 0.01, 2), t - 1e-9, t + 1e-9]
    return pts


def band_lookup(p, xs) -> list:
    return [v.item() if hasattr(v, "item") else v
            for v in pita(np.array(xs, dtype=float), p.titik, p.naik_di_titik, np.array(p.nilai, dtype=object))]


def band_mismatches(aturan: kk.Aturan, spec: dict) -> list[tuple]:
    """Every band table of ``aturan`` against the transcription ``spec``, probed on both sides of
    every edge of either; also coverage, the Nilai for tak terdefinisi and the positive
    denominators where the transcription has them, and the predicate and questionnaire tables."""
    out: list[tuple] = []
    banded = {i.kode: i for _, i in aturan.indikator() if i.jenis != "kuesioner"}
    if sorted(banded) != sorted(spec["pita"]):
        out.append(("coverage", sorted(set(banded) ^ set(spec["pita"]))))
    for kode in sorted(set(banded) & set(spec["pita"])):
        p = banded[kode].pita
        xs = probe_points(p.titik, edges(spec["pita"][kode]))
        got = band_lookup(p, xs)
        want = [spec_lookup(spec["pita"][kode], x) for x in xs]
        out += [(kode, x, g, w) for x, g, w in zip(xs, got, want) if g != w]
    for kode, v in (spec.get("tak_terdefinisi") or {}).items():
        if kode in banded and int(banded[kode].tak_terdefinisi.nilai) != v:
            out.append((kode, "tak_terdefinisi", banded[kode].tak_terdefinisi.nilai, v))
    if "penyebut_harus_positif" in spec:
        got = sorted(k for k, i in banded.items() if i.penyebut_harus_positif)
        if got != sorted(spec["penyebut_harus_positif"]):
            out.append(("penyebut_harus_positif", got, sorted(spec["penyebut_harus_positif"])))
    pp = aturan.predikat.pita
    xs = probe_points(pp.titik, edges(spec["predikat"])) + [25.0, 100.0]
    out += [("predikat", x, g, w) for x, g, w in zip(xs, band_lookup(pp, xs), [spec_lookup(spec["predikat"], x) for x in xs])
            if g != w]
    if "kuesioner" in spec:
        kq = aturan.kuesioner.pita
        if kq is None:
            out.append(("kuesioner", "no questionnaire table"))
        else:
            xs = [x for x in probe_points(kq.titik, edges(spec["kuesioner"])) if 0 <= x <= 100]
            want = [spec_lookup(spec["kuesioner"], x) for x in xs]
            out += [("kuesioner", x, g, w) for x, g, w in zip(xs, band_lookup(kq, xs), want) if g != w]
    return out


# ---------------------------------------------------------------------------- scalar reference

def _items(aturan: kk.Aturan) -> dict[str, list[str]]:
    return {i.kode: i.kode_butir for _, i in aturan.indikator() if i.jenis == "kuesioner"}


def reference_mismatches(frame: pd.DataFrame, aturan: kk.Aturan, ratio_tol: float = 0.0100001) -> list[tuple]:
    """The core (``kk.assess_frame`` with ``aturan``) against the scalar reference of the rule set
    of the same name, row by row: every Nilai (and Perdep skor), every ratio, every aspect score,
    the nilai akhir and the predikat."""
    ref_fn = REFERENCE[aturan.nama]
    perdep = aturan.nama == "perdep-06-2016"
    out_frame = kk.assess_frame(frame, rules=aturan)
    bad: list[tuple] = []
    errors = out_frame["galat"] != ""
    if errors.any():
        bad += [("galat", i, g) for i, g in out_frame.loc[errors, "galat"].head().items()]
        return bad
    items = _items(aturan)
    long = None
    if perdep:
        long = kk.assess_frame(frame, rules=aturan, detail="panjang")
        long = {(int(b), k): s for b, k, s in zip(long.index, long["kode"], long["skor"])}
    engine_codes = sorted(c[len("nilai."):] for c in out_frame.columns if c.startswith("nilai.") and c != "nilai_akhir")
    aspek_codes = sorted(c[len("aspek."):] for c in out_frame.columns if c.startswith("aspek."))
    for i, rec in enumerate(frame.to_dict(orient="records")):
        ref = ref_fn(rec, items)
        row = out_frame.iloc[i]
        if i == 0 and sorted(ref["nilai"]) != engine_codes:
            bad.append(("indicators", sorted(set(ref["nilai"]) ^ set(engine_codes))))
        if i == 0 and sorted(ref["aspek"]) != aspek_codes:
            bad.append(("aspects", aspek_codes, sorted(ref["aspek"])))
        for kode, v in ref["nilai"].items():
            if f"nilai.{kode}" not in row:
                continue
            want = reference_perdep.nilai_bulat(v) if perdep else v
            got = int(row[f"nilai.{kode}"])
            if got != want:
                bad.append((i, kode, "nilai", got, want, ref["rasio"].get(kode)))
            if perdep:
                got_s = long.get((frame.index[i], kode))
                if got_s is None or abs(got_s - float(ref["skor"][kode])) > 1e-9:
                    bad.append((i, kode, "skor", got_s, float(ref["skor"][kode])))
        for kode, r in ref["rasio"].items():
            got = row.get(f"rasio.{kode}")
            if got is None:
                continue
            if r is None:
                if not math.isnan(got):
                    bad.append((i, kode, "rasio", got, "tak terdefinisi"))
            elif math.isinf(r):
                if got != r:
                    bad.append((i, kode, "rasio", got, r))
            elif not abs(got - r) <= ratio_tol:
                bad.append((i, kode, "rasio", got, r))
        for a, v in ref["aspek"].items():
            got = row.get(f"aspek.{a}")
            if got is None or abs(got - float(v)) > 1e-9:
                bad.append((i, f"aspek.{a}", got, float(v)))
        if abs(row["nilai_akhir"] - float(ref["nilai_akhir"])) > 1e-9:
            bad.append((i, "nilai_akhir", row["nilai_akhir"], float(ref["nilai_akhir"])))
        if row["predikat"] != ref["predikat"]:
            bad.append((i, "predikat", row["predikat"], ref["predikat"]))
    return bad


# ---------------------------------------------------------------------------- hand-made frames

def minimal_frame(case: dict, aturan: kk.Aturan) -> pd.DataFrame:
    """One cooperative: every line Rp 0 except those the case lists; every item Terpenuhi unless
    the case answers it; the Perdep optional lines where the case gives them."""
    from .reference import AMOUNT_NAMES

    row = dict.fromkeys(AMOUNT_NAMES, 0.0) | {k + "_lalu": 0.0 for k in AMOUNT_NAMES}
    row.update({k: float(v) for k, v in case["tahun_ini"].items()})
    row.update({k + "_lalu": float(v) for k, v in case["tahun_lalu"].items()})
    row.update({k: float(v) for k, v in (case.get("tambahan") or {}).items()})
    for name in aturan.medan_tambahan():
        row.setdefault(name, 0.0)
    row.update(dict.fromkeys(aturan.kode_butir(), 1))
    return pd.DataFrame([row])


def rounding_mismatches(aturan: kk.Aturan) -> list[tuple]:
    """``cases/pembulatan.yaml``: ratios exactly at a half-hundredth next to a band edge. The
    hand-computed rasio (half-up, 2 decimals) and Nilai must come out of ``kk.assess_frame``,
    and the scalar reference must agree on the whole cooperative."""
    bad: list[tuple] = []
    for case in load_case("pembulatan.yaml")["kasus"]:
        if aturan.nama not in case["aturan"]:
            continue
        frame = minimal_frame(case, aturan)
        row = kk.assess_frame(frame, rules=aturan).iloc[0]
        if row["galat"]:
            bad.append((case["nama"], "galat", row["galat"]))
            continue
        for kode, (rasio, nilai) in case["harapan"].items():
            if row[f"rasio.{kode}"] != rasio:
                bad.append((case["nama"], kode, "rasio", row[f"rasio.{kode}"], rasio))
            if int(row[f"nilai.{kode}"]) != nilai:
                bad.append((case["nama"], kode, "nilai", int(row[f"nilai.{kode}"]), nilai))
        bad += [(case["nama"],) + m for m in reference_mismatches(frame, aturan, ratio_tol=0.0)]
    return bad


# ---------------------------------------------------------------------------- findings

def worksheet_path(name: str) -> Path:
    for folder in (ROOT / "worksheets", CASES / "kertas-kerja"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


def temuan_mismatches(aturan_by_name: dict[str, kk.Aturan] | None = None) -> list[tuple]:
    """``cases/temuan.yaml``: each worksheet assessed with ``kk.assess`` gives exactly the expected
    findings (``Hasil.temuan()``) with their Nilai, in order. ``aturan_by_name`` replaces a rule set by name (the
    mutation tests pass a mutated copy)."""
    bad: list[tuple] = []
    for case in load_case("temuan.yaml")["kasus"]:
        ws = read_json(worksheet_path(case["kertas_kerja"]))
        rules = (aturan_by_name or {}).get(case["aturan"], case["aturan"])
        h = kk.assess(ws, rules=rules)
        got = [(i.kode, int(i.nilai)) for i in h.temuan()]
        want = list(case["temuan"].items())
        if got != want:
            bad.append((case["kertas_kerja"], case["aturan"], sorted(set(got) ^ set(want))))
    return bad


def reference_row_from_json(path: Path) -> dict:
    """A worksheet JSON as a flat reference input row (read with ``json``, not the library)."""
    d = json.loads(path.read_text(encoding="utf-8"))
    row = dict(d["tahun_ini"])
    row.update({k + "_lalu": v for k, v in d["tahun_lalu"].items()})
    row.update(d["jawaban"])
    return row


def reference_temuan(row: dict, aturan: kk.Aturan) -> list[str]:
    """Findings by the reference: Juknis, every indicator with Nilai 3 or 4 (spec documents.md,
    "the findings: every indicator with Nilai 3 or 4"); Perdep, every component with nilai below 50
    (docs/keputusan.md, "Temuan berita acara: komponen dengan nilai di bawah 50")."""
    ref = REFERENCE[aturan.nama](row, _items(aturan))
    order = [i.kode for _, i in aturan.indikator()]
    if aturan.nama == "perdep-06-2016":
        return [k for k in order if Fraction(ref["nilai"][k]) < 50]
    return [k for k in order if ref["nilai"][k] in (3, 4)]
