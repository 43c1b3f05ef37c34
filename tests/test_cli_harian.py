"""Everyday use of the command line (issue 16): Indonesian help and messages, ``--format json``
everywhere, options only where they act, safe ``template``, exit code 3, ``info``, ``contoh``,
completion, ``validate --tandai``, a cp1252 console and a computer without Pango."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi.cli import EXIT_DEFECT, main

ROOT = Path(__file__).resolve().parent.parent
CONTOH_JSON = ROOT / "worksheets" / "contoh-ksp-sehat.json"
PERINTAH = ("template", "contoh", "validate", "assess", "batch", "rules", "pertimbangan", "template-permohonan",
            "verify", "info", "completion")
INGGRIS = ("usage:", "options:", "show this help", "positional arguments", "the following arguments",
           "error:", "invalid choice")


def run(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kesehatan_koperasi", *args], capture_output=True,
                          cwd=cwd, timeout=180, env=env)


@pytest.mark.parametrize("perintah", ("",) + PERINTAH)
def test_help_is_indonesian_with_examples(perintah, capsys):
    argv = [perintah, "--help"] if perintah else ["--help"]
    assert main(argv) == 0
    teks = capsys.readouterr().out
    assert "cara pakai:" in teks and "contoh:" in teks
    assert not [w for w in INGGRIS if w in teks]


def test_argparse_errors_are_indonesian_and_json_when_asked(capsys):
    assert main(["assess", "--format", "json"]) == 2
    c = capsys.readouterr()
    assert "argumen berikut wajib diisi" in c.err and not [w for w in INGGRIS if w in c.err]
    assert json.loads(c.out)["sah"] is False
    assert main(["template", "x.xlsx", "--jenis", "BANK"]) == 2
    assert "pilihan tidak sah" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["template", "x.xlsx", "--menurut-tanggal"],
    ["template", "x.xlsx", "--abaikan-aturan-tercatat"],
    ["verify", "a.json", "b.pdf", "--rules", "juknis-15-2021"],
    ["pertimbangan", "p.xlsx", "--out", "o", "--rules", "juknis-15-2021"],
    ["template-permohonan", "p.xlsx", "--layanan", "iusp", "--rules", "juknis-15-2021"],
    ["info", "--rules", "juknis-15-2021"],
    ["rules", "--menurut-tanggal"],
])
def test_options_only_where_they_act(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert "argumen tidak dikenal" in capsys.readouterr().err


def test_json_for_bad_input_on_every_reading_command(tmp_path, capsys):
    rusak = tmp_path / "rusak.json"
    rusak.write_text("{}", encoding="utf-8")
    bukan = tmp_path / "bukan.xlsx"
    bukan.write_bytes(b"bukan buku kerja")
    for argv in (["validate", str(rusak)], ["assess", str(rusak), "--out", str(tmp_path / "o")],
                 ["validate", str(bukan)], ["template", str(tmp_path / "x.csv")],
                 ["pertimbangan", str(bukan), "--out", str(tmp_path / "p")],
                 ["batch", str(tmp_path / "tidak-ada"), "--out", str(tmp_path / "b")],
                 ["verify", str(rusak), str(bukan)]):
        assert main([*argv, "--format", "json"]) == 1, argv
        data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert data["sah"] is False and data["masalah"] and all("pesan" in m for m in data["masalah"]), argv
    main(["rules", "tidak-ada", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["sah"] is False


def test_validate_json_names_sheet_and_cell(tmp_path, capsys):
    kosong = tmp_path / "kosong.xlsx"
    assert main(["template", str(kosong)]) == 0
    assert main(["validate", str(kosong), "--format", "json"]) == 1
    masalah = json.loads(capsys.readouterr().out)["masalah"]
    assert {"lembar": "Neraca", "sel": "D5", "medan": "kas"}.items() <= next(m for m in masalah
                                                                             if m.get("medan") == "kas").items()


def test_template_refuses_to_overwrite_and_wrong_extension(tmp_path, capsys):
    isi = tmp_path / "terisi.xlsx"
    assert main(["contoh", str(isi)]) == 0
    sebelum = isi.read_bytes()
    assert main(["template", str(isi)]) == 1
    assert "--timpa" in capsys.readouterr().err
    assert isi.read_bytes() == sebelum
    assert main(["template", str(isi), "--timpa"]) == 0
    assert isi.read_bytes() != sebelum
    csv = tmp_path / "x.csv"
    assert main(["template", str(csv)]) == 1
    assert not csv.exists() and ".xlsx" in capsys.readouterr().err


def test_internal_defect_exits_3(monkeypatch, capsys):
    import kesehatan_koperasi.api as api

    def rusak(*a, **k):
        raise ZeroDivisionError("cacat")

    monkeypatch.setattr(api, "assess", rusak)
    assert main(["validate", str(CONTOH_JSON), "--format", "json"]) == EXIT_DEFECT == 3
    c = capsys.readouterr()
    assert "Kesalahan internal" in c.err and json.loads(c.out)["sah"] is False


def test_version_and_info(capsys):
    assert main(["--version"]) == 0
    assert kk.__version__ in capsys.readouterr().out
    assert main(["info", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["versi"] == kk.__version__
    assert {a["nama"] for a in d["aturan"]} >= {"juknis-15-2021", "perdep-06-2016"}
    assert all("versi" in a for a in d["aturan"])
    assert d["weasyprint"] and d["pango"]
    assert main(["info"]) == 0
    teks = capsys.readouterr().out
    assert "WeasyPrint" in teks and "Pango" in teks and "juknis-15-2021" in teks


def test_version_comes_from_the_distribution():
    from importlib.metadata import version

    assert kk.__version__ == version("kesehatan-koperasi")
    assert "__version__ =" not in (ROOT / "src" / "kesehatan_koperasi" / "__init__.py").read_text().replace(
        "__version__ = _versi()", "")


def test_contoh_writes_a_filled_example(tmp_path, capsys):
    x = tmp_path / "contoh.xlsx"
    assert main(["contoh", str(x)]) == 0
    assert main(["validate", str(x)]) == 0
    ws = kk.read_worksheet(x)
    assert ws == kk.read_worksheet(ROOT / "worksheets" / "contoh-ksp-sehat.xlsx")
    j = tmp_path / "usp.json"
    assert main(["contoh", str(j), "--nama", "contoh-usp-cukup-sehat"]) == 0
    assert kk.assess(kk.KertasKerja.model_validate_json(j.read_text())).predikat == "Cukup Sehat"


def test_completion_lists_every_command(capsys):
    assert main(["completion", "bash"]) == 0
    s = capsys.readouterr().out
    assert "complete -o filenames -F _kesehatan_koperasi kesehatan-koperasi" in s
    assert all(p in s for p in PERINTAH) and "--timpa" in s and "--tandai" in s
    r = subprocess.run(["bash", "-n"], input=s, text=True, capture_output=True)
    assert r.returncode == 0, r.stderr


def test_validate_tandai_marks_problem_cells(tmp_path, capsys):
    from openpyxl import load_workbook

    kosong = tmp_path / "kosong.xlsx"
    main(["template", str(kosong)])
    salinan = tmp_path / "bertanda.xlsx"
    assert main(["validate", str(kosong), "--tandai", str(salinan)]) == 1
    wb = load_workbook(salinan)
    assert wb.sheetnames[0] == "Masalah"
    assert wb["Masalah"].max_row > 100
    c = wb["Neraca"]["D5"]
    assert c.fill.start_color.rgb.endswith("FFC7CE") and "kas" in c.comment.text
    assert not wb["Neraca"]["B5"].comment


def test_cp1252_console_gets_utf8(tmp_path):
    env = os.environ | {"PYTHONIOENCODING": "cp1252"}
    env.pop("PYTHONUTF8", None)
    r = run("assess", str(CONTOH_JSON), "--out", str(tmp_path), "--tanpa-dokumen", env=env)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    assert "→" in r.stdout.decode("utf-8")
    r = run("rules", "juknis-15-2021", env=env)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    assert "≤" in r.stdout.decode("utf-8")


def test_without_pango_message_names_pango_and_json_excel_are_written(tmp_path):
    palsu = tmp_path / "palsu" / "weasyprint"
    palsu.mkdir(parents=True)
    (palsu / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': error 0x7e\")\n", encoding="utf-8")
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(palsu.parent), str(ROOT / "src")])}
    out = tmp_path / "o"
    r = run("assess", str(CONTOH_JSON), "--out", str(out), env=env)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2, err
    assert "Pango" in err and "first_steps" in err and "Berkas tidak dapat dibaca" not in err
    assert (out / "hasil.json").is_file() and (out / "hasil.xlsx").is_file()
    r = run("info", env=env)
    assert r.returncode == 0 and "tidak dapat dimuat" in r.stdout.decode("utf-8")


def test_licence_ships():
    assert "Apache License" in (ROOT / "LICENSE").read_text() and "Version 2.0" in (ROOT / "LICENSE").read_text()


@pytest.mark.parametrize("argv, kode", [
    (["rules", "juknis-15-2021", "--format", "json"], 0),
    (["rules", "juknis-15-2021"], 0),
    (["validate", "BURUK", "--format", "json"], 1),          # the error path prints JSON too
])
def test_closed_pipe_is_no_error(tmp_path, argv, kode):
    """``kesehatan-koperasi … | head``: the reader has closed the pipe before the command writes;
    no traceback, the exit code of the command."""
    buruk = tmp_path / "buruk.json"
    buruk.write_text('{"identitas": {}}', encoding="utf-8")
    argv = [str(buruk) if a == "BURUK" else a for a in argv]
    baca, tulis = os.pipe()
    os.close(baca)            # nobody reads: the first write meets a closed pipe
    p = subprocess.run([sys.executable, "-m", "kesehatan_koperasi", *argv], stdout=tulis,
                       stderr=subprocess.PIPE, timeout=120)
    os.close(tulis)
    galat = p.stderr.decode("utf-8")
    assert p.returncode == kode, galat
    assert "Traceback" not in galat and "BrokenPipe" not in galat, galat
