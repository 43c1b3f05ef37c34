"""A worksheet records the rule set it was made from (custom document properties) and is read
with it; conflicts with ``--rules`` are clear; the peek runs the guard before any parsing."""

from __future__ import annotations

import subprocess
import sys
import time

import openpyxl
import pytest
import yaml

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.cli import main
from kesehatan_koperasi.worksheet import read_worksheet, write_worksheet
from kesehatan_koperasi.worksheet.pilih import baca_tercatat
from tests.fuzz import hostile as H


@pytest.fixture(scope="module")
def buku(tmp_path_factory):
    d = tmp_path_factory.mktemp("tercatat")
    write_worksheet(contoh.kertas_kerja(contoh.koperasi(2, seed=8, rules="perdep-06-2016"), 0), d / "perdep.xlsx",
                    rules="perdep-06-2016")
    dinas = {"dasar": "juknis-15-2021", "nama": "dinas-x", "versi": "2026.1", "judul": "Aturan Dinas X",
             "jenis_koperasi": ["KSP", "USP"], "berlaku_mulai": "2021-01-01",
             "predikat": {"pita": {"batas": ["[50", "[65", "[80"], "status": "sementara", "sumber": "Dinas X"}}}
    (d / "dinas-x.yaml").write_text(yaml.safe_dump(dinas), encoding="utf-8")
    write_worksheet(contoh.kertas_kerja(contoh.koperasi(2, seed=8), 0), d / "dinas.xlsx", rules=d / "dinas-x.yaml")
    dinas["predikat"]["pita"]["sumber"] = "Dinas X, surat baru"
    (d / "dinas-x-ubah.yaml").write_text(yaml.safe_dump(dinas), encoding="utf-8")
    return d


def test_template_records_name_version_and_hash(tmp_path):
    p = kk.write_template(tmp_path / "kosong.xlsx", rules="perdep-06-2016")
    t = baca_tercatat(p)
    a = kk.load_rules("perdep-06-2016")
    assert (t.nama, t.versi, t.sidik) == (a.nama, a.versi, a.content_hash())
    props = {pr.name: pr.value for pr in openpyxl.load_workbook(p).custom_doc_props}
    assert props["kesehatan-koperasi.aturan.sidik"] == a.content_hash()
    assert main(["template", str(tmp_path / "kspps.xlsx"), "--jenis", "KSPPS"]) == 0
    assert baca_tercatat(tmp_path / "kspps.xlsx").nama == "juknis-15-2021-kspps"


def test_recorded_builtin_set_is_used_without_rules(buku, capsys):
    assert main(["validate", str(buku / "perdep.xlsx")]) == 0
    assert "perdep-06-2016" in capsys.readouterr().err
    ws = read_worksheet(buku / "perdep.xlsx")
    assert kk.assess(ws).aturan.nama == "perdep-06-2016"           # assess uses the set it was read with


def test_recorded_rule_file_is_used_when_given_and_asked_for_when_not(buku, capsys):
    assert main(["validate", str(buku / "dinas.xlsx")]) == 2
    err = capsys.readouterr().err
    a = kk.load_rules(buku / "dinas-x.yaml")
    assert "--rules BERKAS" in err and "'dinas-x'" in err and "versi 2026.1" in err and a.content_hash() in err
    assert main(["validate", str(buku / "dinas.xlsx"), "--rules", str(buku / "dinas-x.yaml")]) == 0
    assert "dinas-x" in capsys.readouterr().err


def test_conflicts_with_rules_are_clear(buku, capsys):
    assert main(["validate", str(buku / "dinas.xlsx"), "--rules", "juknis-15-2021"]) == 2
    err = capsys.readouterr().err
    assert "'dinas-x'" in err and "'juknis-15-2021'" in err and "--abaikan-aturan-tercatat" in err
    ubah = kk.load_rules(buku / "dinas-x-ubah.yaml")
    assert main(["validate", str(buku / "dinas.xlsx"), "--rules", str(buku / "dinas-x-ubah.yaml")]) == 2
    err = capsys.readouterr().err
    assert ubah.content_hash() in err and kk.load_rules(buku / "dinas-x.yaml").content_hash() in err
    assert main(["validate", str(buku / "dinas.xlsx"), "--rules", str(buku / "dinas-x-ubah.yaml"),
                 "--abaikan-aturan-tercatat"]) == 0
    with pytest.raises(kk.RulesError, match="sidik"):
        read_worksheet(buku / "dinas.xlsx", rules=buku / "dinas-x-ubah.yaml")


def test_peek_runs_the_guard_before_openpyxl(tmp_path, monkeypatch, capsys):
    bom = H.string_bersama_bom(tmp_path)

    panggilan = []

    def dilarang(*a, **k):
        panggilan.append(a)
        raise AssertionError("openpyxl.load_workbook dipanggil sebelum penjaga berkas")

    monkeypatch.setattr(openpyxl, "load_workbook", dilarang)
    monkeypatch.setattr(openpyxl.reader.excel, "load_workbook", dilarang)
    assert main(["validate", str(bom)]) == 1
    assert "terlalu besar" in capsys.readouterr().err
    assert not panggilan


def test_hostile_workbook_without_rules_is_refused_quickly(tmp_path):
    bom = H.string_bersama_bom(tmp_path)                 # 483 kB; 139 s and 1.2 GB before the fix
    mulai = time.monotonic()
    try:
        r = subprocess.run([sys.executable, "-m", "kesehatan_koperasi", "validate", str(bom)],
                           capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("validate tanpa --rules tidak menolak buku kerja berbahaya dalam 60 detik")
    assert r.returncode == 1 and "terlalu besar" in r.stderr
    assert time.monotonic() - mulai < 30                 # ~1 s of work plus interpreter start-up
