"""The one rule-set resolver (``rules/resolve.py``): decided from the rule files' own
``jenis_koperasi``/``berlaku_mulai``/``berlaku_sampai``, used by assess_frame, the CLI and batch."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.cli import main
from kesehatan_koperasi.rules.resolve import resolve_rules

SRC = Path(kk.__file__).parent


def test_perdep_ends_where_the_juknis_begins():
    assert kk.load_rules("perdep-06-2016").berlaku_sampai == kk.load_rules("juknis-15-2021").berlaku_mulai
    assert kk.load_rules("juknis-15-2021").berlaku_sampai is None


def test_choice_follows_the_rule_files_data():
    juknis, perdep = kk.load_rules("juknis-15-2021"), kk.load_rules("perdep-06-2016")
    lain = juknis.model_copy(update={"nama": "juknis-baru", "berlaku_mulai": dt.date(2030, 1, 1)})
    tutup = juknis.model_copy(update={"berlaku_sampai": dt.date(2030, 1, 1)})
    assert resolve_rules("KSP", dt.date(2031, 5, 1), kandidat=[perdep, tutup, lain]).nama == "juknis-baru"
    assert resolve_rules("KSP", dt.date(2024, 5, 1), kandidat=[perdep, tutup, lain]).nama == "juknis-15-2021"
    assert resolve_rules("KSP", None, kandidat=[perdep, lain]).nama == "juknis-baru"     # none in force: newest
    with pytest.raises(kk.RulesError, match="lebih dari satu"):                           # ambiguity
        resolve_rules("KSP", dt.date(2031, 5, 1), kandidat=[juknis, lain])
    with pytest.raises(kk.RulesError, match="tidak ada aturan bawaan untuk KSP"):        # gap
        resolve_rules("KSP", dt.date(2030, 3, 1),
                      kandidat=[perdep, tutup, lain.model_copy(update={"berlaku_mulai": dt.date(2030, 6, 1)})])
    assert resolve_rules(None).nama == kk.pilih_aturan("KSP")                              # default jenis: data


def test_no_rule_set_names_in_code():
    """Rule-set names live in the rule files and tests, not in the code (``core/`` and
    ``result/`` are out of this change's reach)."""
    pola = re.compile(r"""["'](juknis-15-2021(-kspps)?|perdep-06-2016)["']""")
    temuan = []
    for p in SRC.rglob("*.py"):
        rel = p.relative_to(SRC).as_posix()
        if rel.startswith(("core/", "result/")):
            continue
        for n, baris in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            kode = baris.split("#")[0]
            if pola.search(kode) and "``" not in kode and ">>>" not in kode:
                temuan.append(f"{rel}:{n}: {baris.strip()}")
    assert not temuan, "\n".join(temuan)


def _frame(n=6):
    f = contoh.koperasi(n, seed=4, rules="perdep-06-2016")
    g = contoh.koperasi(n, seed=4, rules="juknis-15-2021-kspps")
    return pd.concat([f, g[[c for c in g.columns if c not in f.columns]]], axis=1)


def test_assess_frame_by_examination_date():
    f = _frame().assign(jenis=["KSP", "KSP", "USP", "KSPPS", "KSPPS", "KSP"],
                        tanggal_mulai_pemeriksaan=["2019-05-01", "2022-05-01", dt.date(2020, 12, 31),
                                                   "2024-01-02", "2019-01-01", None])
    out = kk.assess_frame(f, menurut_tanggal=True)
    assert list(out["aturan"].iloc[[0, 1, 2, 3, 5]]) == ["perdep-06-2016", "juknis-15-2021", "perdep-06-2016",
                                                         "juknis-15-2021-kspps", "juknis-15-2021"]
    assert "tidak ada aturan bawaan untuk KSPPS" in out["galat"].iloc[4] and pd.isna(out["nilai_akhir"].iloc[4])
    assert (out["galat"].drop(index=4) == "").all()
    assert (kk.assess_frame(f)["aturan"].isin(["juknis-15-2021", "juknis-15-2021-kspps"])).all()   # by date only when asked


def test_batch_table_menurut_tanggal(tmp_path):
    f = _frame(4).assign(jenis="KSP", tanggal_mulai_pemeriksaan=["2019-05-01", "2022-05-01", "2018-02-03", "2024-01-01"])
    f.to_parquet(tmp_path / "tabel.parquet")
    assert main(["batch", str(tmp_path / "tabel.parquet"), "--out", str(tmp_path / "o"), "--menurut-tanggal"]) == 0
    hasil = pd.read_parquet(tmp_path / "o" / "hasil-massal.parquet")
    assert list(hasil["aturan"]) == ["perdep-06-2016", "juknis-15-2021", "perdep-06-2016", "juknis-15-2021"]


def test_batch_folder_reads_each_workbook_with_its_own_set(tmp_path):
    from kesehatan_koperasi.worksheet import write_worksheet

    d = tmp_path / "kk"
    write_worksheet(contoh.kertas_kerja(contoh.koperasi(2, seed=8, rules="perdep-06-2016"), 0), d / "a-perdep.xlsx",
                    rules="perdep-06-2016")
    ws = contoh.kertas_kerja(contoh.koperasi(2, seed=8, rules="juknis-15-2021-kspps"), 1)
    write_worksheet(ws.model_copy(update={"identitas": ws.identitas.model_copy(update={"jenis": "KSPPS"})}),
                    d / "b-kspps.xlsx", rules="juknis-15-2021-kspps")
    write_worksheet(contoh.kertas_kerja(contoh.koperasi(2, seed=18), 0), d / "c-ksp.xlsx")  # not a duplicate of a
    assert main(["batch", str(d), "--out", str(tmp_path / "o"), "--proses", "1"]) == 0
    hasil = pd.read_parquet(tmp_path / "o" / "hasil-massal.parquet")
    assert list(hasil["aturan"]) == ["perdep-06-2016", "juknis-15-2021-kspps", "juknis-15-2021"]
    assert (hasil["galat"] == "").all()
