"""The example workbooks score as their names say, and ``hasil.xlsx`` renders the same result."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi.cli import main
from kesehatan_koperasi.outputs.excel import write_hasil_xlsx
from kesehatan_koperasi.worksheet import read_worksheet

WORKSHEETS = Path(__file__).resolve().parent.parent / "worksheets"
CONTOH = [("contoh-ksp-sehat", "Sehat"), ("contoh-usp-cukup-sehat", "Cukup Sehat"),
          ("contoh-ksp-dalam-pengawasan-khusus", "Dalam Pengawasan Khusus")]


@pytest.mark.parametrize("stem, predikat", CONTOH)
def test_example_workbook_predicates(stem, predikat):
    assert kk.assess(read_worksheet(WORKSHEETS / f"{stem}.xlsx")).predikat == predikat


def test_blank_template_is_shipped_and_reports_empty_cells():
    with pytest.raises(kk.WorksheetError) as e:
        read_worksheet(WORKSHEETS / "kertas-kerja-kosong.xlsx")
    assert len(e.value.masalah) > 200 and all(m.lembar and m.sel for m in e.value.masalah)


@pytest.mark.parametrize("stem, predikat", CONTOH[::2])
def test_hasil_xlsx_matches_hasil(tmp_path, stem, predikat):
    hasil = kk.assess(read_worksheet(WORKSHEETS / f"{stem}.xlsx"))
    wb = openpyxl.load_workbook(write_hasil_xlsx(hasil, tmp_path / "hasil.xlsx"))
    ring = wb["Ringkasan"]
    cells = {c.value: ring.cell(c.row, c.column + 1).value for row in ring.iter_rows() for c in row if c.value}
    assert cells["Predikat"] == predikat
    assert cells["Nilai akhir"] == pytest.approx(hasil.nilai_akhir)
    aspek = {r[0]: r for r in ring.iter_rows(values_only=True) if r[0] in {a.kode for a in hasil.aspek}}
    assert [aspek[a.kode][5] for a in hasil.aspek] == [a.skor for a in hasil.aspek]
    ind = wb["Indikator"]
    assert ind.freeze_panes == "B2"
    kepala = [c.value for c in ind[1]]
    rows = {r[0]: dict(zip(kepala, r)) for r in ind.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == len(hasil.indikator)
    for i in hasil.indikator:
        assert (rows[i.kode]["Nilai"], rows[i.kode]["Skor"], rows[i.kode]["Kategori"],
                rows[i.kode]["Status nilai aturan"]) == (i.nilai, i.skor, i.kategori, i.status)


def test_cli_assess_worksheet(tmp_path, capsys):
    assert main(["assess", str(WORKSHEETS / "contoh-usp-cukup-sehat.xlsx"), "--out", str(tmp_path),
                 "--tanpa-dokumen"]) == 0
    out = capsys.readouterr().out
    assert "CUKUP SEHAT" in out and "Tata Kelola" in out
    data = json.loads((tmp_path / "hasil.json").read_text())
    assert data["predikat"] == "Cukup Sehat"
