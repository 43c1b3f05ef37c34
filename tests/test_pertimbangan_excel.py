"""The Excel checklist of an application: template, reader, messages naming sheet and cell."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from kesehatan_koperasi.errors import WorksheetError
from kesehatan_koperasi.pertimbangan import LAYANAN, Pejabat, Surat, baca_permohonan, tulis_templat_permohonan
from kesehatan_koperasi.pertimbangan.excel import PERMOHONAN, PERSYARATAN, isi_buku

from .test_pertimbangan import permohonan

SURAT = Surat(nomor="518/123/DISKOPUKM.C/2024", tanggal=dt.date(2024, 6, 12),
              penandatangan=Pejabat(nama="Dr. Ir. Ahmad Yani, M.Si.", nip="196801011990031001",
                                    jabatan="Kepala Dinas"))


def _isi(tmp_path, p, ubah=None, nama="p.xlsx"):
    wb = isi_buku(p)
    for (lembar, kunci, kolom), v in (ubah or {}).items():
        ws = wb[lembar]
        r = next(c.row for c in ws["A"] if c.value == kunci)
        ws[f"{kolom}{r}"] = v
    path = tmp_path / nama
    wb.save(path)
    return path


def _sel(path, lembar, kunci, kolom):
    ws = load_workbook(path)[lembar]
    return f"{kolom}{next(c.row for c in ws['A'] if c.value == kunci)}"


@pytest.mark.parametrize("layanan", LAYANAN)
def test_round_trip(tmp_path, layanan):
    p = permohonan(layanan, surat=SURAT)
    got = baca_permohonan(_isi(tmp_path, p))
    assert got == p.model_copy(update={"hasil_kesehatan": got.hasil_kesehatan})
    if p.hasil_kesehatan:
        assert (got.hasil_kesehatan.predikat, got.hasil_kesehatan.tanggal) == (p.hasil_kesehatan.predikat,
                                                                             p.hasil_kesehatan.tanggal)


@pytest.mark.parametrize("layanan", LAYANAN)
def test_blank_template_has_codes_dropdowns_and_protection(tmp_path, layanan):
    path = tulis_templat_permohonan(tmp_path / "kosong.xlsx", layanan)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Petunjuk", PERMOHONAN, PERSYARATAN]
    ws = wb[PERSYARATAN]
    kode = [c.value for c in ws["A"][3:] if c.value]
    from kesehatan_koperasi.pertimbangan import muat_persyaratan
    assert kode == list(muat_persyaratan(layanan).kode)
    assert ws.protection.sheet and wb[PERMOHONAN].protection.sheet
    assert any("Tidak Berlaku" in dv.formula1 for dv in ws.data_validations.dataValidation)
    assert any("KSPPS" in dv.formula1 for dv in wb[PERMOHONAN].data_validations.dataValidation)
    assert not ws["E4"].protection.locked and ws["C4"].protection.locked


def test_blank_template_reports_every_required_cell(tmp_path):
    path = tulis_templat_permohonan(tmp_path / "kosong.xlsx", "kantor_cabang")
    with pytest.raises(WorksheetError) as e:
        baca_permohonan(path)
    teks = str(e.value)
    assert f"lembar 'Permohonan', sel {_sel(path, PERMOHONAN, 'nama_koperasi', 'C')}, isian nama_koperasi: wajib diisi" in teks
    assert f"lembar 'Persyaratan', sel {_sel(path, PERSYARATAN, 'npwp', 'E')}" in teks


def test_bad_values_name_sheet_and_cell(tmp_path):
    p = permohonan(surat=SURAT)
    path = _isi(tmp_path, p, {(PERMOHONAN, "modal_kerja", "C"): "2.500.000.000,5.0",
                              (PERMOHONAN, "tanggal_iusp", "C"): "31-02-2022",
                              (PERMOHONAN, "jenis", "C"): "Koperasi Serba Usaha",
                              (PERSYARATAN, "npwp", "E"): "Lengkap"})
    with pytest.raises(WorksheetError) as e:
        baca_permohonan(path)
    m = {x.medan: x for x in e.value.masalah}
    assert m["modal_kerja"].lembar == PERMOHONAN and m["modal_kerja"].sel == _sel(path, PERMOHONAN, "modal_kerja", "C")
    assert "format Indonesia" in m["modal_kerja"].pesan
    assert "tidak ada di kalender" in m["tanggal_iusp"].pesan
    assert "KSPPS" in m["jenis"].pesan
    assert m["dokumen.npwp"].lembar == PERSYARATAN and m["dokumen.npwp"].sel == _sel(path, PERSYARATAN, "npwp", "E")


def test_indonesian_money_text_is_read(tmp_path):
    p = permohonan(surat=SURAT)
    path = _isi(tmp_path, p, {(PERMOHONAN, "modal_kerja", "C"): "Rp 2.499.999.999"})
    assert baca_permohonan(path).modal_kerja == 2_499_999_999


def test_value_required_when_document_ada_names_the_cell(tmp_path):
    p = permohonan(surat=SURAT)
    path = _isi(tmp_path, p, {(PERMOHONAN, "jumlah_anggota_wilayah", "C"): None,
                              (PERMOHONAN, "tanggal_hasil_kesehatan", "C"): None})
    with pytest.raises(WorksheetError) as e:
        baca_permohonan(path)
    m = {x.medan: x for x in e.value.masalah}
    assert m["jumlah_anggota_wilayah"].sel == _sel(path, PERMOHONAN, "jumlah_anggota_wilayah", "C")
    assert "anggota_wilayah" in m["jumlah_anggota_wilayah"].pesan
    assert m["tanggal_hasil_kesehatan"].sel == _sel(path, PERMOHONAN, "tanggal_hasil_kesehatan", "C")


def test_applicable_item_marked_tidak_berlaku_names_the_cell(tmp_path):
    path = _isi(tmp_path, permohonan(surat=SURAT), {(PERSYARATAN, "anggaran_dasar", "E"): "Tidak Berlaku"})
    with pytest.raises(WorksheetError) as e:
        baca_permohonan(path)
    (x,) = e.value.masalah
    assert (x.lembar, x.sel) == (PERSYARATAN, _sel(path, PERSYARATAN, "anggaran_dasar", "E"))
    assert "berlaku untuk permohonan ini" in x.pesan


def test_proxy_without_status_of_proxy_items(tmp_path):
    path = _isi(tmp_path, permohonan(surat=SURAT), {(PERMOHONAN, "dikuasakan", "C"): "Ya",
                                                    (PERMOHONAN, "nama_penerima_kuasa", "C"): "Budi"})
    with pytest.raises(WorksheetError) as e:
        baca_permohonan(path)
    assert {x.medan for x in e.value.masalah} == {"dokumen.surat_kuasa", "dokumen.ktp_penerima_kuasa"}


def test_rows_found_by_code_not_position(tmp_path):
    p = permohonan(surat=SURAT)
    wb = isi_buku(p)
    ws = wb[PERSYARATAN]
    ws.insert_rows(6, 2)   # shift the rows: the reader still finds them by column A
    path = tmp_path / "geser.xlsx"
    wb.save(path)
    assert baca_permohonan(path).dokumen == p.dokumen


def test_missing_sheet_and_not_excel(tmp_path):
    wb = isi_buku(permohonan(surat=SURAT))
    del wb[PERSYARATAN]
    wb.save(tmp_path / "a.xlsx")
    with pytest.raises(WorksheetError, match="lembar 'Persyaratan' tidak ada"):
        baca_permohonan(tmp_path / "a.xlsx")
    (tmp_path / "b.xlsx").write_text("bukan excel")
    with pytest.raises(WorksheetError, match="bukan buku kerja Excel"):
        baca_permohonan(tmp_path / "b.xlsx")
    with pytest.raises(WorksheetError, match="tidak ditemukan"):
        baca_permohonan(tmp_path / "tidak-ada.xlsx")


def test_time_of_receipt(tmp_path):
    p = permohonan(surat=SURAT)
    path = _isi(tmp_path, p, {(PERMOHONAN, "jam_diterima", "C"): "14.05"})
    assert baca_permohonan(path).diterima == dt.datetime(2024, 6, 10, 14, 5)
    path = _isi(tmp_path, p, {(PERMOHONAN, "jam_diterima", "C"): "25:00"}, nama="q.xlsx")
    with pytest.raises(WorksheetError, match="bukan jam"):
        baca_permohonan(path)
