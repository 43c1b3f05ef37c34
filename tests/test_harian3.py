"""Issue 16, items 4 and 1: every worksheet problem in one pass, the plausibility checks, the
``holidays`` warnings and extra holidays (office profile, ``--libur``), the dependency floors."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.cli import main
from kesehatan_koperasi.outputs.pdf.kantor import Kantor, load_kantor
from kesehatan_koperasi.pertimbangan import periksa_permohonan, tanggal
from kesehatan_koperasi.worksheet import layout as L
from kesehatan_koperasi.worksheet import read_worksheet
from kesehatan_koperasi.worksheet.reader import AWALAN_PERINGATAN

from .test_worksheet_errors import baris, tulis

ROOT = Path(__file__).resolve().parent.parent
WORKSHEETS = ROOT / "worksheets"
MODEL = kk.KertasKerja.model_validate_json((WORKSHEETS / "contoh-ksp-sehat.json").read_text())


def masalah(path) -> dict[str, kk.Masalah]:
    with pytest.raises(kk.WorksheetError) as e:
        read_worksheet(path)
    return {m.medan: m for m in e.value.masalah}


def sel(path, lembar, kunci, kolom) -> str:
    return f"{kolom}{baris(openpyxl.load_workbook(path)[lembar], kunci)}"


# ----------------------------------------------------------------------------- one pass
def test_empty_income_cell_does_not_hide_unbalanced_neraca(tmp_path):
    p = tulis(tmp_path, {(L.PHU, "beban_lain", "D"): None,
                         (L.NERACA, "kas", "D"): MODEL.tahun_ini.kas + 5_000_000})
    got = masalah(p)
    assert "kosong" in got["beban_lain"].pesan
    neraca = got["total_aset"]
    assert "tidak seimbang" in neraca.pesan and "Rp 5.000.000" in neraca.pesan
    assert (neraca.lembar, neraca.sel) == (L.NERACA, sel(p, L.NERACA, "total_aset", "D"))


def test_empty_neraca_line_skips_only_the_balance_check(tmp_path):
    p = tulis(tmp_path, {(L.NERACA, "kas", "D"): None,
                         (L.KOLEKTIBILITAS, "pinjaman_macet", "D"): MODEL.tahun_ini.pinjaman_macet + 10})
    got = masalah(p)
    assert "total_aset" not in got                       # its inputs are not all filled
    assert "kolektibilitas tahun buku" in got["pinjaman_lancar"].pesan


# ----------------------------------------------------------------------------- plausibility
def test_tahun_buku_not_ended_at_the_examination(tmp_path):
    p = tulis(tmp_path, {(L.IDENTITAS, "tahun_buku", "C"): 2026})   # examination 13-05-2026
    m = masalah(p)["tahun_buku"]
    assert "belum berakhir" in m.pesan and "13-05-2026" in m.pesan
    assert (m.lembar, m.sel) == (L.IDENTITAS, sel(p, L.IDENTITAS, "tahun_buku", "C"))


def test_tahun_buku_not_ended_today_without_examination_date(tmp_path):
    tahun = dt.date.today().year
    p = tulis(tmp_path, {(L.IDENTITAS, "tahun_buku", "C"): tahun,
                         (L.IDENTITAS, "tanggal_mulai_pemeriksaan", "C"): None})
    got = masalah(p)
    assert "hari ini" in got["tahun_buku"].pesan


def test_more_members_at_the_rat_than_members(tmp_path):
    p = tulis(tmp_path, {(L.KOLEKTIBILITAS, "anggota_hadir_rat", "D"): MODEL.tahun_ini.jumlah_anggota_akhir + 537})
    m = masalah(p)["anggota_hadir_rat"]
    assert "lebih banyak" in m.pesan and m.lembar == L.KOLEKTIBILITAS and m.sel.startswith("D")


def test_members_at_the_rat_in_the_model_and_the_batch_frame():
    data = json.loads(MODEL.model_dump_json())
    data["tahun_ini"]["anggota_hadir_rat"] = 900
    data["tahun_ini"]["jumlah_anggota_akhir"] = data["tahun_ini"]["jumlah_anggota_awal"] + \
        data["tahun_ini"]["anggota_masuk"] - data["tahun_ini"]["anggota_keluar"]
    if data["tahun_ini"]["jumlah_anggota_akhir"] >= 900:
        pytest.skip("example has 900 members or more")
    with pytest.raises(ValueError, match="anggota hadir RAT"):
        kk.KertasKerja.model_validate(data)
    frame = MODEL.to_frame()
    frame["anggota_hadir_rat"] = 900
    out = kk.assess_frame(frame)
    assert "anggota hadir RAT" in out["galat"].iloc[0]


def test_rat_dated_before_the_year_ended(tmp_path):
    p = tulis(tmp_path, {(L.KOLEKTIBILITAS, "tanggal_rat", "D"): dt.date(MODEL.identitas.tahun_buku, 12, 20)})
    m = masalah(p)["tanggal_rat"]
    assert "sebelum tahun buku itu berakhir" in m.pesan and m.sel.startswith("D")


def test_opening_members_differ_from_last_years_closing_is_a_warning(tmp_path):
    ini = MODEL.tahun_ini
    p = tulis(tmp_path, {(L.KOLEKTIBILITAS, "jumlah_anggota_awal", "D"): ini.jumlah_anggota_awal + 7,
                         (L.KOLEKTIBILITAS, "jumlah_anggota_akhir", "D"): ini.jumlah_anggota_akhir + 7,
                         (L.KOLEKTIBILITAS, "anggota_hadir_rat", "D"): None})
    ws = read_worksheet(p)                                   # a warning does not stop the reading
    [w] = ws._peringatan
    assert w.medan == "jumlah_anggota_awal" and w.lembar == L.KOLEKTIBILITAS and w.sel.startswith("D")
    assert w.diharapkan == str(ini.jumlah_anggota_awal)
    kk.assess(ws)
    # listed with the errors when there are errors
    p = tulis(tmp_path, {(L.KOLEKTIBILITAS, "jumlah_anggota_awal", "D"): ini.jumlah_anggota_awal + 7,
                         (L.KOLEKTIBILITAS, "jumlah_anggota_akhir", "D"): ini.jumlah_anggota_akhir + 7,
                         (L.NERACA, "kas", "D"): None})
    with pytest.raises(kk.WorksheetError) as e:
        read_worksheet(p)
    assert any(m.pesan.startswith(AWALAN_PERINGATAN) for m in e.value.masalah)


@pytest.mark.parametrize("stem", list(contoh.CONTOH))
def test_shipped_examples_open_with_last_years_members(stem):
    ws = kk.KertasKerja.model_validate_json((WORKSHEETS / f"{stem}.json").read_text())
    assert ws.tahun_ini.jumlah_anggota_awal == ws.tahun_lalu.jumlah_anggota_akhir
    assert read_worksheet(WORKSHEETS / f"{stem}.xlsx")._peringatan == []


def test_nip_of_17_digits_is_refused(tmp_path):
    p = tulis(tmp_path, {(L.IDENTITAS, "tim_pemeriksa.1", "D"): "19850312201001201"})
    m = masalah(p)["tim_pemeriksa.1.nip"]
    assert "18 angka" in m.pesan and m.lembar == L.IDENTITAS and m.sel.startswith("D")
    with pytest.raises(ValueError, match="18 angka"):
        kk.model.Petugas(nama="A", nip="19850312201001201")
    assert kk.model.Petugas(nama="A", nip="19850312 201001 2 015").nip == "198503122010012015"


def test_nip_typed_as_number_is_refused(tmp_path):
    p = tulis(tmp_path, {(L.IDENTITAS, "tim_pemeriksa.1", "D"): 198503122010012015})
    assert "teks" in masalah(p)["tim_pemeriksa.1.nip"].pesan


@pytest.mark.parametrize("nilai", [1, "1", 0, "0"])
def test_number_typed_into_an_answer_cell_is_refused(tmp_path, nilai):
    p = tulis(tmp_path, {("Tata Kelola", "A.1.1.a", "C"): nilai})
    m = masalah(p)["A.1.1.a"]
    assert m.pesan.startswith("jawaban tidak sah") and "Terpenuhi" in m.pesan and "bukan angka" in m.pesan
    assert m.lembar == "Tata Kelola" and m.sel.startswith("C")


def test_dropdown_values_are_accepted_whatever_the_case(tmp_path):
    p = tulis(tmp_path, {("Tata Kelola", "A.1.1.a", "C"): "  tidak terpenuhi "})
    assert read_worksheet(p).jawaban["A.1.1.a"] == 0


# ----------------------------------------------------------------------------- holidays
def test_warning_when_holidays_lacks_cuti_bersama(monkeypatch):
    monkeypatch.setattr(tanggal, "_cuti_bersama", lambda tahun: 0)
    [w] = tanggal.peringatan_libur(2024)
    assert "cuti bersama tahun 2024" in w and "--libur" in w


def test_warning_when_holidays_only_estimates(monkeypatch):
    monkeypatch.setattr(tanggal, "_libur_tahun", lambda tahun: {dt.date(tahun, 3, 31): "Hari Raya Idul Fitri (perkiraan)"})
    ws = tanggal.peringatan_libur(2024)
    assert any("memperkirakan 1 tanggal" in w and "31-03-2024" in w for w in ws)


def test_installed_holidays_is_trusted_for_2024_and_not_for_a_far_year():
    assert tanggal.peringatan_libur(2024) == []
    assert tanggal.peringatan_libur(2099)            # no cuti bersama decreed that far ahead


def test_pertimbangan_lists_the_holidays_warning(monkeypatch):
    from tests.test_pertimbangan import permohonan

    monkeypatch.setattr("kesehatan_koperasi.pertimbangan.periksa.peringatan_libur", lambda th: [f"libur {th}"])
    h = periksa_permohonan(permohonan())
    assert "libur 2024" in h.peringatan


def test_office_profile_extra_holidays(tmp_path):
    k = load_kantor()
    assert k.libur_tambahan == []
    k2 = Kantor.model_validate({**k.model_dump(), "libur_tambahan": ["2024-06-12"]})
    assert k2.libur_tambahan == [dt.date(2024, 6, 12)]


def _permohonan_xlsx(tmp_path) -> Path:
    from kesehatan_koperasi.pertimbangan.excel import isi_buku
    from tests.test_pertimbangan import permohonan
    from tests.test_pertimbangan_excel import SURAT

    p = tmp_path / "p.xlsx"
    isi_buku(permohonan(surat=SURAT)).save(p)
    return p


def test_cli_libur_moves_the_deadline(tmp_path, capsys):
    p = _permohonan_xlsx(tmp_path)
    assert main(["pertimbangan", str(p), "--out", str(tmp_path / "a"), "--format", "json"]) == 0
    biasa = json.loads(capsys.readouterr().out)["tenggat"]["pertimbangan_teknis"]
    assert main(["pertimbangan", str(p), "--out", str(tmp_path / "b"), "--format", "json",
                 "--libur", "11-06-2024,2024-06-12"]) == 0
    libur = json.loads(capsys.readouterr().out)["tenggat"]["pertimbangan_teknis"]
    assert (biasa, libur) == ("2024-06-13", "2024-06-19")   # 17-06 Iduladha, 18-06 cuti bersama


def test_cli_libur_from_the_office_profile(tmp_path, capsys):
    import yaml

    p = _permohonan_xlsx(tmp_path)
    kantor = tmp_path / "kantor.yaml"
    kantor.write_text(yaml.safe_dump({**json.loads(load_kantor().model_dump_json()), "libur_tambahan": ["2024-06-12"]}),
                      encoding="utf-8")
    assert main(["pertimbangan", str(p), "--out", str(tmp_path / "a"), "--format", "json", "--kantor", str(kantor)]) == 0
    assert json.loads(capsys.readouterr().out)["tenggat"]["pertimbangan_teknis"] == "2024-06-14"


def test_cli_libur_refuses_a_non_date(tmp_path, capsys):
    assert main(["pertimbangan", "p.xlsx", "--out", str(tmp_path), "--libur", "besok"]) == 2
    assert "bukan tanggal" in capsys.readouterr().err


# ----------------------------------------------------------------------------- floors
def test_floor_constraints_from_pyproject():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "versi_terendah.py")], capture_output=True,
                         text=True, check=True).stdout.split()
    assert "holidays==0.60" in out and all("==" in x for x in out)
    assert "versi_terendah.py" in (ROOT / ".ci" / "run").read_text()
