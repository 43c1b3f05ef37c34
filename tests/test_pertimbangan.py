"""Pertimbangan Teknis (services 3–6): requirement data, conditions on both sides of every
threshold, conditional items, outcome precedence, working-day deadlines."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from kesehatan_koperasi.pertimbangan import (
    LAYANAN,
    HasilKesehatan,
    Permohonan,
    geser_tahun,
    muat_persyaratan,
    periksa_permohonan,
    tambah_hari_kerja,
)

SUMBER = Path("/work/shared/domain/standar-pelayanan-diskopukm-kalbar-2023.txt")
DITERIMA = dt.datetime(2024, 6, 10, 9, 30)   # a Monday
AMBANG = {"kantor_cabang": (100, 2_500_000_000), "kantor_cabang_pembantu": (50, 2_000_000_000),
          "kantor_kas": (25, 1_500_000_000)}


def permohonan(layanan: str = "kantor_cabang", jenis: str = "KSP", dikuasakan: bool = False,
               **ubah) -> Permohonan:
    """A complete application that passes every condition, with ``ubah`` applied on top."""
    daftar = muat_persyaratan(layanan)
    dokumen = {b.kode: "ada" for b in daftar.persyaratan if b.berlaku(jenis, dikuasakan)}
    data = dict(
        layanan=layanan, diterima=DITERIMA, dikuasakan=dikuasakan, nama_pemohon="Hj. Siti Aminah",
        nama_penerima_kuasa="Budi Santoso" if dikuasakan else None,
        koperasi=dict(nama_koperasi="KSP Sejahtera Bersama", nik="6171010203040001", jenis=jenis,
                      alamat="Jl. Gajah Mada No. 1", kabupaten_kota="Kota Pontianak"),
        dokumen=dokumen,
    )
    if layanan == "iusp":
        data.update(jangka_rencana_kerja_tahun=3, jenis_bank_rekening="syariah" if jenis in ("KSPPS", "USPPS") else "umum")
    else:
        anggota, modal = AMBANG[layanan]
        data.update(
            tanggal_iusp=dt.date(2022, 6, 10), tahun_laporan_keuangan=[2022, 2023], opini_audit="wajar",
            hasil_kesehatan=HasilKesehatan(predikat="Sehat", tanggal=dt.date(2024, 1, 15)),
            tanggal_bukti_spt=dt.date(2024, 4, 30), jumlah_anggota_wilayah=anggota, modal_kerja=modal,
            jangka_rencana_kerja_tahun=1,
        )
    dok = ubah.pop("dokumen", {})
    data.update(ubah)
    data["dokumen"] = {**dokumen, **dok}
    return Permohonan.model_validate(data)


# --------------------------------------------------------------------------- data
@pytest.mark.parametrize("layanan", LAYANAN)
def test_requirement_lists_load_and_cite(layanan):
    d = muat_persyaratan(layanan)
    assert d.jangka_waktu.administrasi_menit == 15
    assert d.jangka_waktu.pertimbangan_teknis_hari_kerja == 3
    for b in d.persyaratan:
        assert b.sumber.startswith(f"layanan {d.nomor_layanan}, Persyaratan butir {b.nomor}")


@pytest.mark.parametrize("layanan, jumlah", [("iusp", 18), ("kantor_cabang", 19),
                                             ("kantor_cabang_pembantu", 20), ("kantor_kas", 20)])
def test_every_numbered_item_of_the_service_standard_is_in_the_data(layanan, jumlah):
    d = muat_persyaratan(layanan)
    assert sorted({int(b.nomor) for b in d.persyaratan}) == list(range(1, jumlah + 1))
    # and the source text indeed has that many numbered items in its Persyaratan
    teks = SUMBER.read_text(encoding="utf-8")
    bagian = teks.split(f"\n{d.nomor_layanan}. Pelayanan Pertimbangan Teknis")[1].split("2.\tSistem")[0]
    nomor = [int(n) for n in re.findall(r"(?:^|[\s;>.])(\d{1,2})\.\s+[A-Z]", bagian)]
    assert max(nomor) == jumlah


@pytest.mark.parametrize("layanan, anggota, modal", [(k, *v) for k, v in AMBANG.items()])
def test_thresholds_are_those_of_the_service_standard(layanan, anggota, modal):
    d = muat_persyaratan(layanan)
    assert d.butir("anggota_wilayah").syarat.minimum == anggota
    assert d.butir("modal_kerja").syarat.minimum == modal
    assert d.butir("rencana_kerja").syarat.minimum == 1
    assert d.butir("iusp").syarat.minimum == 2
    assert muat_persyaratan("iusp").butir("rencana_kerja").syarat.minimum == 3


def test_every_requirement_file_is_plain_yaml_with_sumber():
    from importlib import resources
    for layanan in LAYANAN:
        berkas = resources.files("kesehatan_koperasi").joinpath("data", f"persyaratan-{layanan.replace('_', '-')}.yaml")
        data = yaml.safe_load(berkas.read_text(encoding="utf-8"))
        assert all(b.get("sumber") for b in data["persyaratan"])
        assert data["jangka_waktu"]["sumber"] and data["keputusan"]["sumber"]


# --------------------------------------------------------------------------- outcomes
@pytest.mark.parametrize("layanan", LAYANAN)
def test_complete_application_is_accepted(layanan):
    h = periksa_permohonan(permohonan(layanan))
    assert h.keputusan == "diterima", (h.dokumen_kurang, h.syarat_gagal)
    assert h.dokumen_kurang == [] and h.syarat_gagal == []


def test_missing_document_returns_the_application():
    h = periksa_permohonan(permohonan(dokumen={"npwp": "tidak_ada", "anggaran_dasar": "tidak_ada"}))
    assert h.keputusan == "dikembalikan"
    assert [d.kode for d in h.dokumen_kurang] == ["npwp", "anggaran_dasar"]
    assert h.syarat_gagal == []


def test_failed_condition_rejects_and_still_lists_missing_documents():
    h = periksa_permohonan(permohonan(jumlah_anggota_wilayah=99, dokumen={"npwp": "tidak_ada"}))
    assert h.keputusan == "ditolak"
    assert [g.kode for g in h.syarat_gagal] == ["anggota_wilayah"]
    assert [d.kode for d in h.dokumen_kurang] == ["npwp"]
    g = h.syarat_gagal[0]
    assert g.ditemukan == "99 orang" and g.diharapkan == "paling sedikit 100 orang"


def test_condition_on_a_missing_document_is_not_checked():
    # the health result is bad, but the document was not submitted: dikembalikan, not ditolak
    p = permohonan(dokumen={"hasil_pemeriksaan_kesehatan": "tidak_ada"},
                   hasil_kesehatan=HasilKesehatan(predikat="Dalam Pengawasan", tanggal=dt.date(2024, 1, 1)))
    h = periksa_permohonan(p)
    assert h.keputusan == "dikembalikan"
    assert h.syarat_gagal == []


def test_every_failure_is_listed():
    h = periksa_permohonan(permohonan(jumlah_anggota_wilayah=10, modal_kerja=1.0, opini_audit="tidak_wajar",
                                      jangka_rencana_kerja_tahun=0.5))
    assert {g.kode for g in h.syarat_gagal} == {"anggota_wilayah", "modal_kerja", "audit_akuntan_publik",
                                                "rencana_kerja"}


# --------------------------------------------------------------------------- thresholds
def _gagal(p: Permohonan) -> set[str]:
    return {g.kode for g in periksa_permohonan(p).syarat_gagal}


@pytest.mark.parametrize("layanan, anggota, modal", [(k, *v) for k, v in AMBANG.items()])
def test_members_on_both_sides(layanan, anggota, modal):
    assert _gagal(permohonan(layanan, jumlah_anggota_wilayah=anggota)) == set()
    assert _gagal(permohonan(layanan, jumlah_anggota_wilayah=anggota - 1)) == {"anggota_wilayah"}


@pytest.mark.parametrize("layanan, anggota, modal", [(k, *v) for k, v in AMBANG.items()])
def test_working_capital_on_both_sides(layanan, anggota, modal):
    assert _gagal(permohonan(layanan, modal_kerja=modal)) == set()
    h = periksa_permohonan(permohonan(layanan, modal_kerja=modal - 1))
    assert [g.kode for g in h.syarat_gagal] == ["modal_kerja"]
    assert h.syarat_gagal[0].ditemukan.startswith("Rp ") and h.syarat_gagal[0].ditemukan.endswith("999")


def test_rupiah_threshold_text():
    h = periksa_permohonan(permohonan(modal_kerja=2_499_999_999))
    assert h.syarat_gagal[0].ditemukan == "Rp 2.499.999.999"
    assert h.syarat_gagal[0].diharapkan == "paling sedikit Rp 2.500.000.000"


def test_iusp_running_two_years_on_both_sides():
    # received 10 Jun 2024: IUSP of 10 Jun 2022 has run exactly 2 years, 11 Jun 2022 a day short
    assert _gagal(permohonan(tanggal_iusp=dt.date(2022, 6, 10))) == set()
    assert _gagal(permohonan(tanggal_iusp=dt.date(2022, 6, 11))) == {"iusp"}


def test_health_result_exactly_one_year_before_passes_a_day_older_fails():
    ok = HasilKesehatan(predikat="Sehat", tanggal=dt.date(2023, 6, 10))
    tua = HasilKesehatan(predikat="Sehat", tanggal=dt.date(2023, 6, 9))
    assert _gagal(permohonan(hasil_kesehatan=ok)) == set()
    h = periksa_permohonan(permohonan(hasil_kesehatan=tua))
    assert [g.kode for g in h.syarat_gagal] == ["hasil_pemeriksaan_kesehatan"]
    assert h.syarat_gagal[0].diharapkan == "Sehat, tanggal hasil tidak sebelum 10 Juni 2023"


@pytest.mark.parametrize("predikat", ["Cukup Sehat", "Dalam Pengawasan", "Dalam Pengawasan Khusus"])
def test_health_predicate_other_than_sehat_fails(predikat):
    hk = HasilKesehatan(predikat=predikat, tanggal=dt.date(2024, 6, 1))
    h = periksa_permohonan(permohonan(hasil_kesehatan=hk))
    assert h.keputusan == "ditolak"
    assert h.syarat_gagal[0].ditemukan.startswith(predikat)


def test_29_february_one_year_back_is_28_february():
    assert geser_tahun(dt.date(2024, 2, 29), -1) == dt.date(2023, 2, 28)
    assert geser_tahun(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    diterima = dt.datetime(2024, 2, 29, 10, 0)
    ok = HasilKesehatan(predikat="Sehat", tanggal=dt.date(2023, 2, 28))
    tua = HasilKesehatan(predikat="Sehat", tanggal=dt.date(2023, 2, 27))
    lain = dict(diterima=diterima, tanggal_bukti_spt=dt.date(2024, 1, 5), tanggal_iusp=dt.date(2020, 1, 1))
    assert _gagal(permohonan(hasil_kesehatan=ok, **lain)) == set()
    assert _gagal(permohonan(hasil_kesehatan=tua, **lain)) == {"hasil_pemeriksaan_kesehatan"}
    # a leap-day result, one year on: 28 Feb 2025 still within the year
    leap = HasilKesehatan(predikat="Sehat", tanggal=dt.date(2024, 2, 29))
    p = permohonan(diterima=dt.datetime(2025, 2, 28, 9), hasil_kesehatan=leap, tahun_laporan_keuangan=[2023, 2024],
                   tanggal_bukti_spt=dt.date(2025, 1, 5), tanggal_iusp=dt.date(2020, 1, 1))
    assert _gagal(p) == set()


def test_spt_within_one_year_on_both_sides():
    assert _gagal(permohonan(tanggal_bukti_spt=dt.date(2023, 6, 10))) == set()
    assert _gagal(permohonan(tanggal_bukti_spt=dt.date(2023, 6, 9))) == {"bukti_spt"}


def test_financial_statements_of_the_last_two_years():
    assert _gagal(permohonan(tahun_laporan_keuangan=[2021, 2022, 2023])) == set()
    h = periksa_permohonan(permohonan(tahun_laporan_keuangan=[2021, 2022]))
    assert [g.kode for g in h.syarat_gagal] == ["laporan_keuangan"]
    assert h.syarat_gagal[0].ditemukan == "tahun buku 2021, 2022"
    assert h.syarat_gagal[0].diharapkan == "tahun buku 2022 dan 2023"


@pytest.mark.parametrize("opini, lolos", [("wajar", True), ("wajar_dengan_pengecualian", False),
                                          ("tidak_wajar", False), ("tidak_menyatakan_pendapat", False)])
def test_audit_opinion(opini, lolos):
    assert (_gagal(permohonan(opini_audit=opini)) == set()) is lolos


@pytest.mark.parametrize("tahun, lolos", [(1, True), (0.99, False), (5, True)])
def test_work_plan_branch(tahun, lolos):
    assert (_gagal(permohonan(jangka_rencana_kerja_tahun=tahun)) == set()) is lolos


@pytest.mark.parametrize("tahun, lolos", [(3, True), (2.99, False), (2, False)])
def test_work_plan_iusp_three_years(tahun, lolos):
    assert (_gagal(permohonan("iusp", jangka_rencana_kerja_tahun=tahun)) == set()) is lolos


# --------------------------------------------------------------------------- conditional items
def test_proxy_items_only_when_proxied():
    langsung = periksa_permohonan(permohonan())
    status = {b.kode: b.status for b in langsung.butir}
    assert status["surat_kuasa"] == status["ktp_penerima_kuasa"] == "tidak_berlaku"
    h = periksa_permohonan(permohonan(dikuasakan=True, dokumen={"surat_kuasa": "tidak_ada",
                                                                 "ktp_penerima_kuasa": "tidak_ada"}))
    assert h.keputusan == "dikembalikan"
    assert [d.kode for d in h.dokumen_kurang] == ["surat_kuasa", "ktp_penerima_kuasa"]


def test_proxy_status_must_be_given_when_proxied():
    daftar = muat_persyaratan("kantor_cabang")
    dokumen = {b.kode: "ada" for b in daftar.persyaratan if not b.hanya_kuasa}
    data = permohonan().model_dump() | {"dikuasakan": True, "dokumen": dokumen, "nama_penerima_kuasa": "X"}
    with pytest.raises(ValidationError, match="dokumen.surat_kuasa: status belum diisi"):
        Permohonan.model_validate(data)


def test_proxy_needs_the_proxy_name():
    with pytest.raises(ValidationError, match="nama_penerima_kuasa"):
        permohonan(dikuasakan=True, nama_penerima_kuasa=None)


@pytest.mark.parametrize("jenis, berlaku", [("KSP", False), ("USP", False), ("KSPPS", True), ("USPPS", True)])
def test_sharia_supervisory_board_only_for_sharia(jenis, berlaku):
    h = periksa_permohonan(permohonan("iusp", jenis=jenis, dokumen={"dewan_pengawas_syariah": "tidak_ada"}
                                      if berlaku else {}))
    dps = next(b for b in h.butir if b.kode == "dewan_pengawas_syariah")
    assert dps.berlaku is berlaku
    assert h.keputusan == ("dikembalikan" if berlaku else "diterima")


@pytest.mark.parametrize("jenis, bank, lolos", [
    ("KSPPS", "syariah", True), ("KSPPS", "umum", False), ("USPPS", "syariah", True), ("USPPS", "umum", False),
    ("KSP", "umum", True), ("KSP", "syariah", True), ("USP", "umum", True),
])
def test_sharia_bank_account(jenis, bank, lolos):
    h = periksa_permohonan(permohonan("iusp", jenis=jenis, jenis_bank_rekening=bank))
    assert (h.keputusan == "diterima") is lolos
    if not lolos:
        assert h.syarat_gagal[0].diharapkan == "bank syariah"


def test_capital_deposit_item_depends_on_kind():
    ksp = {b.kode: b.berlaku for b in periksa_permohonan(permohonan("iusp", jenis="KSP")).butir}
    usp = {b.kode: b.berlaku for b in periksa_permohonan(permohonan("iusp", jenis="USP")).butir}
    assert ksp["bukti_setoran_modal_sendiri"] and not ksp["bukti_setoran_modal_usp"]
    assert usp["bukti_setoran_modal_usp"] and not usp["bukti_setoran_modal_sendiri"]


def test_applicable_item_cannot_be_tidak_berlaku():
    with pytest.raises(ValidationError, match="dokumen.npwp: butir 5 berlaku"):
        permohonan(dokumen={"npwp": "tidak_berlaku"})


def test_value_required_when_document_submitted():
    with pytest.raises(ValidationError, match="jumlah_anggota_wilayah: wajib diisi"):
        permohonan(jumlah_anggota_wilayah=None)
    # not required when the document is missing
    h = periksa_permohonan(permohonan(jumlah_anggota_wilayah=None, dokumen={"anggota_wilayah": "tidak_ada"}))
    assert h.keputusan == "dikembalikan"


def test_unknown_document_code_rejected():
    with pytest.raises(ValidationError, match="kode dokumen tidak dikenal"):
        permohonan(dokumen={"sertifikat_halal": "ada"})


def test_health_result_from_a_hasil():
    import json

    import kesehatan_koperasi as kk
    from kesehatan_koperasi.contoh import kertas_kerja, koperasi

    ws = kk.KertasKerja.model_validate(json.loads(
        (Path(__file__).resolve().parent.parent / "worksheets" / "contoh-ksp-sehat.json").read_text()))
    hasil = kk.assess(ws)
    if hasil.kertas_kerja is None or hasil.kertas_kerja.pemeriksaan is None:
        ws = kertas_kerja(koperasi(1, seed=3))
        hasil = kk.assess(ws)
    hk = HasilKesehatan.dari_hasil(hasil)
    assert hk.predikat == hasil.predikat
    assert hk.tanggal == hasil.kertas_kerja.pemeriksaan.tanggal_selesai_pemeriksaan
    assert hk.sumber == "hasil" and hk.kode_verifikasi == hasil.kode_verifikasi()


def test_health_result_of_another_cooperative_rejected():
    hk = HasilKesehatan(predikat="Sehat", tanggal=dt.date(2024, 1, 1), nik="6171010203040999")
    with pytest.raises(ValidationError, match="bukan NIK koperasi pemohon"):
        permohonan(hasil_kesehatan=hk)


def test_health_result_after_application_rejected():
    with pytest.raises(ValidationError, match="sesudah tanggal permohonan"):
        permohonan(hasil_kesehatan=HasilKesehatan(predikat="Sehat", tanggal=dt.date(2024, 6, 11)))


# --------------------------------------------------------------------------- deadlines
def test_deadline_plain_week():
    # Mon 10 Jun 2024 → Tue, Wed, Thu: 13 Jun 2024
    h = periksa_permohonan(permohonan())
    assert h.tenggat.pertimbangan_teknis == dt.date(2024, 6, 13)
    assert h.tenggat.administrasi == dt.datetime(2024, 6, 10, 9, 45)


def test_deadline_across_a_weekend():
    # Thu 6 Jun 2024 → Fri 7, (Sat, Sun), Mon 10, Tue 11
    d, lewat = tambah_hari_kerja(dt.date(2024, 6, 6), 3)
    assert d == dt.date(2024, 6, 11)
    assert [k for _, k in lewat] == ["Sabtu", "Minggu"]


def test_deadline_across_a_public_holiday_and_cuti_bersama():
    # Thu 16 May 2024 → Fri 17, (Sat, Sun), Mon 20, Tue 21, (Thu 23 Waisak, Fri 24 cuti bersama) …
    d, lewat = tambah_hari_kerja(dt.date(2024, 5, 21), 3)
    # Tue 21 May → Wed 22, (Thu 23 Waisak, Fri 24 cuti bersama, Sat, Sun), Mon 27, Tue 28
    assert d == dt.date(2024, 5, 28)
    nama = dict(lewat)
    assert "Waisak" in nama[dt.date(2024, 5, 23)]
    assert "Cuti Bersama" in nama[dt.date(2024, 5, 24)]


def test_deadline_across_idul_fitri_2024():
    d, _ = tambah_hari_kerja(dt.date(2024, 4, 5), 3)   # 8–12 and 15 April are holidays or cuti bersama
    assert d == dt.date(2024, 4, 18)


def test_application_received_on_a_saturday():
    d, _ = tambah_hari_kerja(dt.date(2024, 6, 8), 3)
    assert d == dt.date(2024, 6, 12)


def test_extra_office_holiday():
    d, lewat = tambah_hari_kerja(dt.date(2024, 6, 10), 3, tambahan=[dt.date(2024, 6, 12)])
    assert d == dt.date(2024, 6, 14)
    assert (dt.date(2024, 6, 12), "Hari libur tambahan") in lewat


def test_deadline_in_result_lists_skipped_days():
    p = permohonan(diterima=dt.datetime(2024, 5, 21, 14, 50))
    h = periksa_permohonan(p)
    assert h.tenggat.pertimbangan_teknis == dt.date(2024, 5, 28)
    assert {x.tanggal for x in h.tenggat.hari_dilewati} >= {dt.date(2024, 5, 23), dt.date(2024, 5, 24)}
    assert h.tenggat.administrasi == dt.datetime(2024, 5, 21, 15, 5)


def test_result_json_round_trip():
    from kesehatan_koperasi.pertimbangan import HasilPermohonan
    h = periksa_permohonan(permohonan(jumlah_anggota_wilayah=3))
    again = HasilPermohonan.model_validate_json(h.to_json())
    assert again == h


# --------------------------------------------------------------------------- properties
from hypothesis import given, settings
from hypothesis import strategies as st

from kesehatan_koperasi.pertimbangan import hari_kerja


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 20)), st.integers(1, 10))
def test_deadline_is_the_nth_working_day(d, n):
    akhir, lewat = tambah_hari_kerja(d, n)
    assert hari_kerja(akhir)
    antara = [d + dt.timedelta(days=i) for i in range(1, (akhir - d).days + 1)]
    assert sum(hari_kerja(x) for x in antara) == n
    assert {x for x, _ in lewat} == {x for x in antara if not hari_kerja(x)}


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_one_year_window_edges(acuan):
    from kesehatan_koperasi.pertimbangan import dalam_tahun_terakhir
    batas = geser_tahun(acuan, -1)
    assert dalam_tahun_terakhir(batas, acuan) and dalam_tahun_terakhir(acuan, acuan)
    assert not dalam_tahun_terakhir(batas - dt.timedelta(days=1), acuan)
    assert not dalam_tahun_terakhir(acuan + dt.timedelta(days=1), acuan)
    assert 365 <= (acuan - batas).days <= 366
