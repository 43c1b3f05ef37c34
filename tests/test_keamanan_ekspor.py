"""Formula injection in the exports (issue 8, item 4): a cooperative named
``=HYPERLINK("http://x","klik")`` never becomes a formula in hasil.xlsx, hasil-massal.xlsx or
hasil-massal.csv."""

from __future__ import annotations

import csv
import zipfile

import openpyxl
import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi.outputs.excel import write_hasil_xlsx
from kesehatan_koperasi.worksheet import write_worksheet
from tests.fuzz import hostile as H

JAHAT = ['=HYPERLINK("http://x","klik")', "+A1+1", "-B2+3", "@SUM(A1)", "\t=A1", "\r=A1"]


def _model(nama: str) -> kk.KertasKerja:
    ws = kk.read_worksheet(H.SUMBER)
    return ws.model_copy(update={"identitas": ws.identitas.model_copy(update={"nama_koperasi": nama})})


def _tanpa_rumus(path) -> None:
    with zipfile.ZipFile(path) as zf:
        for n in zf.namelist():
            if n.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(n) and b"<f " not in zf.read(n), n


@pytest.mark.parametrize("nama", JAHAT)
def test_hasil_xlsx_keeps_hostile_name_as_text(tmp_path, nama):
    if nama.startswith(("\t", "\r")):      # issue 17: a control character in a name is refused
        with pytest.raises(kk.WorksheetError, match="karakter kendali"):
            kk.assess(_model(nama))
        return
    hasil = kk.assess(_model(nama))
    p = write_hasil_xlsx(hasil, tmp_path / "hasil.xlsx")
    _tanpa_rumus(p)
    wb = openpyxl.load_workbook(p)
    # XML turns a carriage return into a line feed when read back
    sel = [c for row in wb["Ringkasan"].iter_rows() for c in row if c.value == nama.replace("\r", "\n")]
    assert sel, "the name is kept exactly"
    assert all(c.data_type == "s" and c.quotePrefix for c in sel)


def test_batch_exports_neutralise_hostile_names(tmp_path):
    from kesehatan_koperasi import batch

    folder = tmp_path / "masuk"
    folder.mkdir()
    for i, nama in enumerate(JAHAT):   # one cooperative each (a second copy would be a duplicate)
        ws = _model(nama)
        nik = ws.identitas.nik[:-2] + f"{i:02d}"
        write_worksheet(ws.model_copy(update={"identitas": ws.identitas.model_copy(update={"nik": nik})}),
                        folder / f"k{i}.xlsx")
    hasil = batch.assess_folder(folder, proses=1)
    assert len(hasil) == len(JAHAT) and (hasil["galat"] == "").all()
    out = batch.tulis_hasil(hasil, tmp_path / "keluar")
    _tanpa_rumus(out["xlsx"])
    with open(out["csv"], encoding="utf-8-sig", newline="") as fh:
        nama_csv = [r["nama_koperasi"] for r in csv.DictReader(fh, delimiter=";")]
    # the reader strips surrounding whitespace of a text cell ("\t=1" is read as "=1")
    assert sorted(nama_csv) == sorted("'" + n.strip() for n in JAHAT)
    wb = openpyxl.load_workbook(out["xlsx"])
    teks = [c.value for row in wb["Hasil"].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(t.startswith(("=", "+", "-", "@", "\t", "\r")) for t in teks)
