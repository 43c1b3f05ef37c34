"""Every validation rule of ``fields.md`` produces an error that names the field, both for a
batch row (``galat``) and for a :class:`KertasKerja` (pydantic ``ValidationError``)."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh

from .conftest import baris


def galat(row):
    return kk.assess_frame(row).loc[0, "galat"]


@pytest.mark.parametrize("col, value, words", [
    ("kas", -1.0, ["kas", "tidak boleh negatif"]),
    ("pajak_lalu", -10.0, ["pajak_lalu", "tidak boleh negatif"]),
    ("bank", np.nan, ["bank", "wajib diisi"]),
    ("aset_tetap", np.inf, ["aset_tetap", "terhingga"]),
    ("A.1.1.a", np.nan, ["A.1.1.a", "belum dijawab"]),
    ("B.2.4.2.e", 0.5, ["B.2.4.2.e", "jawaban tidak sah"]),
    ("jumlah_anggota_akhir", 12.5, ["jumlah_anggota_akhir", "bilangan bulat"]),
    ("anggota_masuk_lalu", -3, ["anggota_masuk_lalu", "bilangan bulat"]),
])
def test_per_field_rules(koperasi_200, col, value, words):
    row = baris(koperasi_200)
    row[col] = row[col].astype(float)
    row.loc[0, col] = value
    msg = galat(row)
    for w in words:
        assert w in msg, msg


def test_shu_belum_dibagi_may_be_negative(koperasi_200):
    row = baris(koperasi_200)
    delta = row.loc[0, "shu_belum_dibagi"] + 1_000_000
    row.loc[0, "shu_belum_dibagi"] -= delta          # becomes −1.000.000 …
    row.loc[0, "kewajiban_lancar_lain"] += delta     # … and the neraca still balances
    assert galat(row) == ""


def test_total_aset_must_be_positive(koperasi_200):
    row = baris(koperasi_200)
    for c in ["kas", "bank", "deposito", "simpanan_koperasi_lain", "surat_berharga", "pinjaman_anggota",
              "pinjaman_calon_anggota", "pinjaman_koperasi_lain", "penyisihan_penghapusan_pinjaman",
              "aset_lancar_lain", "penyertaan", "aset_tetap", "aset_lain", "pinjaman_lancar",
              "pinjaman_kurang_lancar", "pinjaman_diragukan", "pinjaman_macet"]:
        row.loc[0, c + "_lalu"] = 0.0
    msg = galat(row)
    assert "total_aset_lalu" in msg and "harus lebih dari nol" in msg


def test_unbalanced_neraca_names_both_sides(koperasi_200):
    row = baris(koperasi_200)
    row.loc[0, "kas"] += 5_000_000
    msg = galat(row)
    assert "neraca tahun buku tidak seimbang" in msg and "selisih Rp 5.000.000" in msg and "total_aset" in msg


def test_balance_tolerance_edges(koperasi_200):
    """|selisih| ≤ max(Rp 1.000, 0,01 % × total aset) passes; one rupiah more fails."""
    row = baris(koperasi_200)
    d = kk.core.derive.derive_accounts({k: np.array([row.loc[0, k]], dtype=float)
                                        for k in kk.fields.AMOUNT_NAMES})
    tol = max(1000.0, 0.0001 * d["total_aset"][0])
    ok = row.copy()
    ok.loc[0, "kewajiban_lancar_lain"] -= np.floor(tol)
    assert galat(ok) == ""
    bad = row.copy()
    bad.loc[0, "kewajiban_lancar_lain"] -= np.floor(tol) + 2
    assert "tidak seimbang" in galat(bad)


def test_collectibility_must_add_up_within_one_rupiah(koperasi_200):
    row = baris(koperasi_200)
    row.loc[0, "pinjaman_lancar"] += 1
    assert galat(row) == ""
    row.loc[0, "pinjaman_lancar"] += 1
    msg = galat(row)
    assert "kolektibilitas tahun buku" in msg and "pinjaman_lancar" in msg


def test_member_counts_must_add_up(koperasi_200):
    row = baris(koperasi_200)
    row.loc[0, "anggota_keluar"] += 1
    msg = galat(row)
    assert "jumlah_anggota_akhir" in msg and "tidak cocok" in msg


def test_all_problems_of_a_row_are_listed(koperasi_200):
    row = baris(koperasi_200)
    row.loc[0, "kas"] = -1.0
    row.loc[0, "A.1.1.a"] = 7
    row.loc[0, "anggota_keluar_lalu"] += 1
    msg = galat(row)
    assert "kas" in msg and "A.1.1.a" in msg and "jumlah_anggota_akhir_lalu" in msg


# ------------------------------------------------------------------ the pydantic model

@pytest.fixture
def ws(koperasi_200):
    return contoh.kertas_kerja(koperasi_200, 1)


def _error_locs(exc: ValidationError):
    return [".".join(map(str, e["loc"])) + ": " + e["msg"] for e in exc.errors()]


@pytest.mark.parametrize("path, value, loc", [
    ("tahun_ini.kas", -1, "tahun_ini.kas"),
    ("tahun_lalu.beban_usaha", float("nan"), "tahun_lalu.beban_usaha"),
    ("identitas.nik", "12345", "identitas.nik"),
    ("identitas.jenis", "KUD", "identitas.jenis"),
    ("identitas.kuk", "V", "identitas.kuk"),
    ("tahun_ini.jumlah_anggota_awal", -2, "tahun_ini.jumlah_anggota_awal"),
])
def test_model_field_errors_name_the_field(ws, path, value, loc):
    data = ws.model_dump()
    section, field = path.split(".")
    data[section][field] = value
    with pytest.raises(ValidationError) as e:
        kk.KertasKerja.model_validate(data)
    assert any(l.startswith(loc) for l in _error_locs(e.value)), _error_locs(e.value)


def test_model_cross_field_errors_name_the_field(ws):
    data = ws.model_dump()
    data["tahun_ini"]["kas"] += 10_000_000
    data["tahun_lalu"]["pinjaman_macet"] += 5
    data["tahun_lalu"]["pinjaman_lancar"] += 5
    with pytest.raises(ValidationError) as e:
        kk.KertasKerja.model_validate(data)
    text = " ".join(_error_locs(e.value))
    assert "tahun_ini" in text and "total_aset" in text and "tidak seimbang" in text
    assert "tahun_lalu" in text and "pinjaman_lancar" in text and "kolektibilitas" in text


def test_model_answer_must_be_0_or_1(ws):
    data = ws.model_dump()
    data["jawaban"]["A.1.1.a"] = 2
    with pytest.raises(ValidationError) as e:
        kk.KertasKerja.model_validate(data)
    assert any("jawaban.A.1.1.a" in l for l in _error_locs(e.value))


def test_examination_needs_two_examiners_and_ordered_dates(ws):
    data = ws.model_dump()
    data["pemeriksaan"]["tim_pemeriksa"] = data["pemeriksaan"]["tim_pemeriksa"][:1]
    data["pemeriksaan"]["tanggal_selesai_pemeriksaan"] = "2020-01-01"
    with pytest.raises(ValidationError) as e:
        kk.KertasKerja.model_validate(data)
    text = " ".join(_error_locs(e.value))
    assert "tim_pemeriksa" in text


def test_unknown_document_code(ws):
    data = ws.model_dump()
    data["pemeriksaan"]["dokumen"]["ijazah"] = "ada"
    with pytest.raises(ValidationError, match="kode dokumen tidak dikenal"):
        kk.KertasKerja.model_validate(data)


def test_read_json_reports_problems_as_worksheet_error(tmp_path, ws):
    from kesehatan_koperasi.model import read_json

    data = ws.model_dump(mode="json")
    data["tahun_ini"]["kas"] = -1
    del data["identitas"]["nik"]
    p = tmp_path / "kk.json"
    import json

    p.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(kk.WorksheetError) as e:
        read_json(p)
    text = str(e.value)
    assert "tahun_ini.kas" in text and "identitas.nik" in text and "wajib diisi" in text
