"""Pure parts of the web service (issue 13): the service time in working days, the rate limiter,
display names of uploads, the CLI's install hint, the migrations against the models."""

from __future__ import annotations

import datetime as dt

from kesehatan_koperasi.layanan.batas import BatasLaju
from kesehatan_koperasi.layanan.penilaian import nama_tampil
from kesehatan_koperasi.layanan.waktu_layanan import hari_kerja_antara, waktu_layanan


def test_service_time_counts_working_days_after_receipt():
    kamis = dt.date(2026, 10, 8)
    w = waktu_layanan(kamis, dt.date(2026, 10, 13), dt.date(2026, 10, 20))
    assert (w.tenggat, w.hari_kerja, w.terlambat) == (dt.date(2026, 10, 13), 3, False)   # Fri, Mon, Tue
    w = waktu_layanan(kamis, dt.date(2026, 10, 14), dt.date(2026, 10, 20))
    assert (w.hari_kerja, w.terlambat) == (4, True)
    libur = [dt.date(2026, 10, 12)]                      # the office's extra holiday is not a working day
    w = waktu_layanan(kamis, dt.date(2026, 10, 14), dt.date(2026, 10, 20), libur)
    assert (w.tenggat, w.hari_kerja, w.terlambat) == (dt.date(2026, 10, 14), 3, False)
    assert hari_kerja_antara(kamis, kamis) == 0


def test_not_issued_is_late_once_past_the_deadline():
    kamis = dt.date(2026, 10, 8)
    assert not waktu_layanan(kamis, None, dt.date(2026, 10, 13)).terlambat
    w = waktu_layanan(kamis, None, dt.date(2026, 10, 14))
    assert w.terlambat and w.hari_kerja is None


def test_rate_limiter_window():
    b = BatasLaju(2)
    assert [b.boleh("a"), b.boleh("a"), b.boleh("a"), b.boleh("b")] == [True, True, False, True]


def test_display_name_is_never_a_path():
    assert nama_tampil("../../etc/passwd") == "passwd"
    assert nama_tampil("C:\\Users\\x\\kk.xlsx") == "kk.xlsx"
    assert nama_tampil("\x00\x1b[31m") == "[31m"
    assert nama_tampil(None) == "berkas unggahan"


def test_cli_says_how_to_install_the_extra(monkeypatch, capsys):
    import importlib.util

    from kesehatan_koperasi.cli import main

    asli = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == "fastapi" else asli(n, *a))
    assert main(["serve"]) == 1
    assert 'pip install "kesehatan-koperasi[layanan]"' in capsys.readouterr().err


def test_cli_creates_users_and_tokens(tmp_path, monkeypatch, capsys):
    import io

    from kesehatan_koperasi.cli import main

    db = f"sqlite:///{tmp_path / 'kk.sqlite'}"
    monkeypatch.setattr("sys.stdin", io.StringIO("kata-sandi-yang-panjang\n"))
    assert main(["pengguna", "tambah", "siti", "--peran", "pemeriksa", "--db", db]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("pendek\n"))
    assert main(["pengguna", "tambah", "budi", "--peran", "pemeriksa", "--db", db]) == 1
    assert "terlalu pendek" in capsys.readouterr().err
    assert main(["token", "buat", "siti", "--db", db]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("kk_") and len(out.out.strip()) > 40
    assert main(["token", "buat", "tidak-ada", "--db", db]) == 1
    assert "tidak ada" in capsys.readouterr().err


def test_migrations_match_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from kesehatan_koperasi.layanan.db import siapkan
    from kesehatan_koperasi.layanan.skema import Dasar

    mesin = siapkan(f"sqlite:///{tmp_path / 'm.sqlite'}")
    with mesin.connect() as c:
        beda = compare_metadata(MigrationContext.configure(c), Dasar.metadata)
    mesin.dispose()
    assert beda == []
