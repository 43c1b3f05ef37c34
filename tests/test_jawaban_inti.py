"""Every module above the core is a view of the core's one answer (issue "One complete answer from
the core"): each test here failed on the code before the core answered completely."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

import kesehatan_koperasi as kk
from kesehatan_koperasi import batch, contoh
from kesehatan_koperasi.cli import main
from kesehatan_koperasi.outputs.excel import write_hasil_xlsx
from kesehatan_koperasi.outputs.pdf import certificate_html, minutes_html

from ._internal import read_json, rule_file_path

CASES = Path(__file__).parent / "cases" / "kertas-kerja"
WORKSHEETS = Path(__file__).resolve().parents[1] / "worksheets"


def _raw(name: str) -> dict:
    return yaml.safe_load(rule_file_path(name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def perdep() -> kk.Hasil:
    return kk.assess(read_json(CASES / "contoh-perdep.json"), rules="perdep-06-2016")


def _formula_names(ind: dict) -> set[str]:
    return set(ind.get("pembilang") or []) | set(ind.get("penyebut") or []) | (
        {ind["pertumbuhan"]} if ind.get("pertumbuhan") else set())


def _indicators(node: dict):
    for k in node.get("komponen", []):
        yield from k.get("indikator", [])
        yield from _indicators(k)


def test_perdep_result_lists_its_provisional_derived_quantities_and_weights(perdep):
    """Read from the raw rule file: every provisional derived quantity a formula names, and every
    provisional component weight, is listed among the provisional values the result used."""
    raw = _raw("perdep-06-2016")
    turunan = {n for n, t in raw.get("turunan", {}).items() if t["status"] == "sementara"}
    expected = set()
    for a in raw["aspek"]:
        for ind in _indicators(a):
            if ind.get("bobot", {}).get("status") == "sementara":
                expected.add(f"{ind['kode']}.bobot")
            expected |= {f"turunan.{n}" for n in _formula_names(ind) & turunan}
    assert any(k.startswith("turunan.") for k in expected) and any(k.endswith(".bobot") for k in expected)
    got = {v.kunci for v in perdep.nilai_sementara}
    assert expected <= got, sorted(expected - got)


def test_findings_follow_the_rule_files_own_rule(perdep):
    """Perdep's findings are components below 50, not Nilai 3-4."""
    bound = _raw("perdep-06-2016")["temuan"]["nilai_kurang_dari"]
    assert [i.kode for i in perdep.temuan()] == [i.kode for i in perdep.indikator if i.nilai < bound]
    assert perdep.temuan(), "the example should have findings"


def test_result_workbook_names_the_rule_sets_findings_rule(perdep, tmp_path):
    write_hasil_xlsx(perdep, tmp_path / "hasil.xlsx")
    text = " ".join(str(v) for row in openpyxl.load_workbook(tmp_path / "hasil.xlsx")["Ringkasan"].values
                    for v in row if v is not None)
    assert "3-4" not in text
    assert _raw("perdep-06-2016")["temuan"]["uraian"] in text


def _tabel_perdep(n: int) -> pd.DataFrame:
    t = contoh.koperasi(n, seed=11)
    for c in kk.load_rules("perdep-06-2016").kode_butir():
        if c not in t:
            t[c] = 1
    for c in ("pinjaman_berisiko", "biaya_karyawan", "shu_bagian_anggota", "meppp"):
        t[c] = 0.0
    return t


def test_batch_indicator_sheet_counts_perdep_findings():
    """The Indikator sheet counted Nilai 3-4 for every rule set, so Perdep always showed 0 %."""
    t = _tabel_perdep(30)
    got = kk.assess_frame(t, rules="perdep-06-2016")
    ind = batch.hitung_indikator(got).set_index("kode")
    long = kk.assess_frame(t, rules="perdep-06-2016", detail="panjang")
    bound = _raw("perdep-06-2016")["temuan"]["nilai_kurang_dari"]
    expected = long.assign(t=long["nilai"] < bound).groupby("kode")["t"].sum().astype(int)
    assert ind["temuan"].to_dict() == expected.to_dict()
    assert ind["temuan"].sum() > 0


def test_batch_with_a_rule_file_of_its_own_name(tmp_path, capsys):
    """The summary reloaded the rules by name: a Dinas rule file exited 2 after writing CSV/Parquet."""
    raw = _raw("juknis-15-2021")
    raw["nama"] = "dinas-contoh-2026"
    berkas = tmp_path / "dinas.yaml"
    berkas.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    contoh.koperasi(12, seed=5).to_csv(tmp_path / "tabel.csv", index=False)
    code = main(["batch", str(tmp_path / "tabel.csv"), "--rules", str(berkas), "--out", str(tmp_path / "out")])
    capsys.readouterr()
    assert code == 0
    rows = list(openpyxl.load_workbook(tmp_path / "out" / "hasil-massal.xlsx")["Indikator"].values)
    assert {r[0] for r in rows[1:]} == {"dinas-contoh-2026"}
    assert len(rows) == 1 + len(kk.load_rules(berkas).indikator())


def test_documents_print_the_numbers_hasil_json_carries():
    """'Skor × bobot' and '% dari bobot' were computed in the renderer; now they are in the result."""
    h = kk.assess(read_json(WORKSHEETS / "contoh-ksp-sehat.json"))
    data = json.loads(h.to_json())
    for a, d in zip(h.aspek, data["aspek"]):
        assert d["kontribusi"] == pytest.approx(a.skor * a.bobot / 100)
    # the renderer prints what the result says, whatever it says
    aspek = [a.model_copy(update={"kontribusi": 11.111 * (k + 1)}) for k, a in enumerate(h.aspek)]
    html = minutes_html(h.model_copy(update={"aspek": aspek}))
    for k in range(4):
        assert f"{11.111 * (k + 1):.3f}".replace(".", ",") in html


def test_perdep_documents_print_the_share_of_weight_from_the_result(perdep):
    aspek = [a.model_copy(update={"persen_bobot": 12.3 + k}) for k, a in enumerate(perdep.aspek)]
    html = certificate_html(perdep.model_copy(update={"aspek": aspek}))
    for k in range(len(aspek)):
        assert re.search(rf"{12 + k},3\s*%", html)


def test_wide_and_long_layouts_agree_on_findings():
    t = contoh.koperasi(200, seed=4)
    wide = kk.assess_frame(t)
    long = kk.assess_frame(t, detail="panjang")
    kode = [c[len("nilai."):] for c in wide if c.startswith("nilai.") and c != "nilai_akhir"]
    per_row = long.pivot_table(index=long.index, columns="kode", values="temuan", aggfunc="first")
    for k in kode:
        assert (wide.loc[per_row.index, f"temuan.{k}"].astype(bool) == per_row[k].astype(bool)).all()
    assert (wide["jumlah_temuan"].fillna(0) == wide[[f"temuan.{k}" for k in kode]].fillna(False).sum(axis=1)).all()


def test_result_carries_the_rule_sets_digest():
    h = kk.assess(read_json(WORKSHEETS / "contoh-ksp-sehat.json"))
    assert h.aturan.sidik == kk.load_rules("juknis-15-2021").content_hash()
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", h.aturan.sidik)


def test_each_indicator_lists_the_rule_values_it_used():
    h = kk.assess(read_json(WORKSHEETS / "contoh-ksp-sehat.json"))
    for i in h.indikator:
        kunci = [v.kunci for v in i.nilai_aturan]
        assert i.kode in kunci                                  # its formula and scope
        if i.indeks_pita is not None:                           # the row of its band
            assert any(k.endswith(f".nilai_{i.nilai}") for k in kunci)
        assert i.status == ("sementara" if any(v.status == "sementara" for v in i.nilai_aturan)
                            else "terkonfirmasi")
