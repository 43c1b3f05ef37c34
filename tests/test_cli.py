"""The command line as a user meets it: exit codes 0/1/2, Indonesian messages, no traceback."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kesehatan_koperasi", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_rules_list_show_and_diff(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "juknis-15-2021" in out and "juknis-15-2021-kspps" in out and "perdep-06-2016" in out
    assert main(["rules", "juknis-15-2021"]) == 0
    assert "C.1.1.1 Rentabilitas aset (ROA)" in capsys.readouterr().out
    main(["rules", "diff", "juknis-15-2021", "juknis-15-2021-kspps"])
    assert "Perbedaan aturan" in capsys.readouterr().out
    assert main(["rules", "diff", "juknis-15-2021"]) == 2


def test_unknown_rules_is_a_usage_error(capsys):
    assert main(["rules", "tidak-ada"]) == 2
    assert "bukan nama aturan bawaan" in capsys.readouterr().err


def test_no_command_and_bad_option_are_usage_errors(capsys):
    assert main([]) == 2
    assert main(["assess"]) == 2
    assert "kesalahan penggunaan" in capsys.readouterr().err


def test_assess_json_writes_everything(tmp_path):
    r = run("assess", "worksheets/contoh-ksp-sehat.json", "--out", str(tmp_path), "--format", "json")
    assert r.returncode == 0, r.stderr
    hasil = json.loads(r.stdout)
    assert hasil["predikat"] == "Sehat"
    assert {p.name for p in tmp_path.iterdir()} == {"hasil.json", "hasil.xlsx", "sertifikat.pdf", "berita-acara.pdf"}
    assert json.loads((tmp_path / "hasil.json").read_text())["nilai_akhir"] == hasil["nilai_akhir"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_bad_worksheet_exit_1_without_traceback(tmp_path):
    bad = tmp_path / "rusak.json"
    data = json.loads((ROOT / "worksheets" / "contoh-ksp-sehat.json").read_text())
    data["tahun_ini"]["kas"] = -5
    bad.write_text(json.dumps(data))
    r = run("validate", str(bad))
    assert r.returncode == 1
    assert "tahun_ini.kas" in r.stderr and "Traceback" not in r.stderr
    notbook = tmp_path / "bukan.xlsx"
    notbook.write_bytes(b"ini bukan buku kerja")
    r = run("assess", str(notbook), "--out", str(tmp_path / "o"))
    assert r.returncode == 1 and "Traceback" not in r.stderr and "bukan buku kerja" in r.stderr


def test_rule_set_by_jenis_and_by_date(tmp_path, capsys):
    perdep = contoh.koperasi(2, seed=5, rules="perdep-06-2016")
    ws = contoh.kertas_kerja(perdep, 0)
    pem = ws.pemeriksaan.model_copy(update={"tanggal_surat_tugas": dt.date(2019, 5, 1),
                                            "tanggal_mulai_pemeriksaan": dt.date(2019, 5, 6),
                                            "tanggal_selesai_pemeriksaan": dt.date(2019, 5, 8)})
    p = tmp_path / "2019.json"
    p.write_text(ws.model_copy(update={"pemeriksaan": pem}).model_dump_json())
    assert main(["validate", str(p), "--menurut-tanggal"]) == 0
    assert "perdep-06-2016" in capsys.readouterr().err
    # without the flag the Juknis applies, whose questionnaire this worksheet does not answer
    assert main(["validate", str(p)]) == 1
    assert "belum dijawab" in capsys.readouterr().err


def test_template_for_a_syariah_cooperative(tmp_path):
    out = tmp_path / "kspps.xlsx"
    assert main(["template", str(out), "--jenis", "KSPPS"]) == 0
    import openpyxl

    wb = openpyxl.load_workbook(out, read_only=True)
    keys = {r[0] for s in wb.worksheets for r in s.iter_rows(max_col=1, values_only=True)}
    assert "A.4.1.a" in keys                       # Prinsip Kepatuhan Syariah items


def test_verify_pairs_a_certificate_with_its_result(tmp_path, monkeypatch):
    # an unsigned document (no office profile) never verifies (issue 12): sign with the example profile
    monkeypatch.setenv("KK_AGENDA", str(tmp_path / "agenda.sqlite"))
    assert main(["assess", "worksheets/contoh-usp-cukup-sehat.xlsx", "--out", str(tmp_path), "--kantor", "contoh"]) == 0
    assert main(["verify", str(tmp_path / "hasil.json"), str(tmp_path / "sertifikat.pdf")]) == 0
    other = tmp_path / "lain"
    assert main(["assess", "worksheets/contoh-ksp-sehat.xlsx", "--out", str(other), "--tanpa-dokumen"]) == 0
    assert main(["verify", str(other / "hasil.json"), str(tmp_path / "sertifikat.pdf")]) == 1


def test_public_api_names():
    for name in ("assess", "assess_frame", "load_rules", "read_worksheet", "write_template", "render_certificate",
                 "render_minutes", "KertasKerja", "Hasil", "WorksheetError", "RulesError", "periksa_permohonan"):
        assert getattr(kk, name) is not None
