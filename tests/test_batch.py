"""Batch assessment (issue 5): a folder of worksheets or a table, every input in the output, in
order; the three result files written atomically and safe to open in a spreadsheet; documents."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from pypdf import PdfReader

import kesehatan_koperasi as kk
from kesehatan_koperasi import batch, cli, contoh
from kesehatan_koperasi.worksheet import write_worksheet

JAHAT = '=HYPERLINK("http://x","klik")'
N_XLSX = 10


@pytest.fixture(scope="module")
def sumber():
    frame = contoh.koperasi(N_XLSX + 2, seed=11)
    frame.loc[3, "nama_koperasi"] = JAHAT
    return frame


@pytest.fixture(scope="module")
def folder(tmp_path_factory, sumber):
    """10 worksheets (.xlsx), one KertasKerja .json, one broken workbook, one lock file, one
    unrelated file; the broken one sorts in the middle."""
    d = tmp_path_factory.mktemp("kertas-kerja")
    for i in range(N_XLSX):
        write_worksheet(contoh.kertas_kerja(sumber, i), d / f"kk-{i:02d}.xlsx")
    (d / "kk-05a-rusak.xlsx").write_bytes(b"ini bukan buku kerja")
    (d / "kk-99.json").write_text(contoh.kertas_kerja(sumber, N_XLSX).model_dump_json(), encoding="utf-8")
    (d / "~$kk-00.xlsx").write_bytes(b"lock")
    (d / "catatan.txt").write_text("bukan kertas kerja", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def hasil_folder(folder):
    return batch.assess_folder(folder, proses=2)


def test_folder_every_file_in_name_order(hasil_folder, folder):
    names = sorted([f"kk-{i:02d}.xlsx" for i in range(N_XLSX)] + ["kk-05a-rusak.xlsx", "kk-99.json"])
    assert hasil_folder["berkas"].tolist() == names
    assert list(hasil_folder.columns[:2]) == ["berkas", "nama_koperasi"]
    rusak = hasil_folder["berkas"] == "kk-05a-rusak.xlsx"
    assert "bukan buku kerja Excel" in hasil_folder.loc[rusak, "galat"].iloc[0]
    assert hasil_folder.loc[rusak, "nilai_akhir"].isna().all()
    assert hasil_folder.loc[rusak, "predikat"].isna().all()
    assert (hasil_folder.loc[~rusak, "galat"] == "").all()
    assert hasil_folder["nilai.A.1.1"].dtype == "Int8"


def test_folder_scores_equal_assess_per_worksheet(hasil_folder, sumber):
    """The one batch call gives each worksheet the score of ``assess`` on its own."""
    for i in (0, 3, 7):
        h = kk.assess(contoh.kertas_kerja(sumber, i))
        row = hasil_folder[hasil_folder["berkas"] == f"kk-{i:02d}.xlsx"].iloc[0]
        assert row["nilai_akhir"] == pytest.approx(h.nilai_akhir)
        assert row["predikat"] == h.predikat
        assert [row[f"nilai.{x.kode}"] for x in h.indikator] == [x.nilai for x in h.indikator]
    h = kk.assess(contoh.kertas_kerja(sumber, N_XLSX))
    assert hasil_folder.set_index("berkas").loc["kk-99.json", "nilai_akhir"] == pytest.approx(h.nilai_akhir)


def test_folder_one_process_equals_parallel(folder, hasil_folder):
    pd.testing.assert_frame_equal(batch.assess_folder(folder, proses=1), hasil_folder)


def test_folder_reads_in_one_assess_frame_call(folder, monkeypatch):
    import kesehatan_koperasi.batch.baca as baca

    calls = []
    real = baca.assess_frame

    def spy(frame, *a, **k):
        calls.append(len(frame))
        return real(frame, *a, **k)

    monkeypatch.setattr(baca, "assess_frame", spy)
    batch.assess_folder(folder, proses=1)
    assert calls == [N_XLSX + 1]


def test_syariah_worksheet_with_rules_none(tmp_path):
    frame = contoh.koperasi(2, seed=5, rules="juknis-15-2021-kspps")
    frame["jenis"] = ["KSPPS", "KSP"]
    write_worksheet(contoh.kertas_kerja(frame, 0), tmp_path / "a-syariah.xlsx", rules="juknis-15-2021-kspps")
    write_worksheet(contoh.kertas_kerja(frame.drop(columns=[c for c in frame if c.startswith("A.4.")]), 1),
                    tmp_path / "b-konvensional.xlsx")
    out = batch.assess_folder(tmp_path, proses=1)
    assert out["galat"].tolist() == ["", ""]
    assert out["aturan"].tolist() == ["juknis-15-2021-kspps", "juknis-15-2021"]


def test_run_batch_folder_outputs(folder, tmp_path, capsys, hasil_folder):
    out = tmp_path / "hasil"
    rc = cli.main(["batch", str(folder), "--out", str(out), "--proses", "2", "--format", "json"])
    assert rc == 1                                      # one file failed
    cap = capsys.readouterr()
    data = json.loads(cap.out)
    assert data["jumlah"] == N_XLSX + 2 and data["gagal"] == 1 and data["dinilai"] == N_XLSX + 1
    assert data["galat"][0]["berkas"] == "kk-05a-rusak.xlsx"
    assert sum(data["predikat"].values()) == N_XLSX + 1
    assert "Penilaian massal: 12 masukan, 11 dinilai, 1 gagal." in cap.err
    assert "kk-05a-rusak.xlsx" in cap.err
    assert sorted(p.name for p in out.iterdir()) == ["hasil-massal.csv", "hasil-massal.parquet", "hasil-massal.xlsx"]

    pq = pd.read_parquet(out / "hasil-massal.parquet")
    assert pq["berkas"].tolist() == hasil_folder["berkas"].tolist()
    assert pq["nama_koperasi"].iloc[3] == JAHAT          # Parquet keeps the value
    np.testing.assert_allclose(pq["nilai_akhir"], hasil_folder["nilai_akhir"].to_numpy(dtype=float))

    wb = openpyxl.load_workbook(out / "hasil-massal.xlsx")
    assert wb.sheetnames[:3] == ["Ringkasan", "Hasil", "Indikator"]
    ws = wb["Hasil"]
    assert ws.max_row == N_XLSX + 3                     # header + every input
    kepala = [c.value for c in ws[1]]
    assert kepala[:2] == ["Berkas", "Nama koperasi"] and "Galat" in kepala
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == hasil_folder["berkas"].tolist()


def test_formula_injection_neutralised(folder, tmp_path, capsys):
    out = tmp_path / "hasil"
    batch.run_batch(folder, out, proses=1)
    capsys.readouterr()
    csv = pd.read_csv(out / "hasil-massal.csv", dtype=str, sep=";")
    assert csv.loc[3, "nama_koperasi"] == "'" + JAHAT
    ws = openpyxl.load_workbook(out / "hasil-massal.xlsx")["Hasil"]
    kolom = [c.value for c in ws[1]].index("Nama koperasi") + 1
    cell = ws.cell(5, kolom)
    assert cell.value == "'" + JAHAT and cell.data_type == "s"
    for sheet in openpyxl.load_workbook(out / "hasil-massal.xlsx"):
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)


@pytest.mark.parametrize("teks, aman", [
    ("=1+1", "'=1+1"), ("+62", "'+62"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("Koperasi Maju", "Koperasi Maju"), ("", ""), (None, None), (3, 3),
])
def test_netralkan(teks, aman):
    assert batch.netralkan(teks) == aman
    frame = pd.DataFrame({"t": pd.array([teks], dtype="string" if isinstance(teks, str) else object), "n": [-1.5]})
    got = batch.netralkan_frame(frame)
    assert got["n"].iloc[0] == -1.5                      # numbers are numbers, not text
    assert (got["t"].iloc[0] if not pd.isna(got["t"].iloc[0]) else None) == aman


def _tabel(n: int = 30) -> pd.DataFrame:
    t = contoh.koperasi(n, seed=4)
    t["nik"] = ["0" + s[1:] for s in t["nik"]]          # a leading zero must survive
    t.loc[2, "kas"] = -1.0                              # a bad row
    t.loc[5, "nama_koperasi"] = JAHAT
    return t


@pytest.mark.parametrize("ext", ["csv", "xlsx", "parquet"])
def test_table_input(ext, tmp_path, capsys):
    t = _tabel(12 if ext == "xlsx" else 30)
    p = tmp_path / f"koperasi.{ext}"
    {"csv": lambda: t.to_csv(p, index=False), "xlsx": lambda: t.to_excel(p, index=False),
     "parquet": lambda: t.to_parquet(p, index=False)}[ext]()
    got = batch.assess_table(p)
    assert len(got) == len(t) and got["baris"].tolist() == list(range(1, len(t) + 1))
    assert (got["berkas"] == p.name).all()
    assert got["nik"].tolist() == t["nik"].tolist()
    assert got["galat"].iloc[2] != "" and (got["galat"].drop(index=2) == "").all()
    ref = kk.assess_frame(t)
    np.testing.assert_allclose(got["nilai_akhir"].to_numpy(dtype=float), ref["nilai_akhir"].to_numpy(dtype=float))

    rc = batch.run_batch(p, tmp_path / "out", format="json")
    cap = capsys.readouterr()
    assert rc == 1
    data = json.loads(cap.out)
    assert data["galat"] == [{"berkas": p.name, "baris": 3, "galat": got["galat"].iloc[2]}]
    assert "koperasi." + ext + " baris 3" in cap.err
    csv = pd.read_csv(tmp_path / "out" / "hasil-massal.csv", dtype=str, sep=";")
    if ext != "xlsx":       # (an .xlsx written by pandas stores the name itself as a formula)
        assert csv.loc[5, "nama_koperasi"] == "'" + JAHAT


def test_all_good_exit_zero(tmp_path, capsys):
    p = tmp_path / "baik.parquet"
    contoh.koperasi(20, seed=2).to_parquet(p)
    assert batch.run_batch(p, tmp_path / "out") == 0
    assert "0 gagal" in capsys.readouterr().err


def test_summary_sheets(tmp_path, capsys):
    t = _tabel(40)
    got = batch.assess_table(_simpan(t, tmp_path / "t.parquet"))
    pred = batch.hitung_predikat(got)
    assert pred["jumlah"].sum() == 40 and pred.set_index("predikat").loc["Gagal dinilai", "jumlah"] == 1
    assert pred["predikat"].iloc[0] == "Sehat"
    kab = batch.tabel_silang(got, "kabupaten_kota")
    assert kab["Jumlah"].sum() == 40
    assert set(kab["kabupaten_kota"]) == set(t["kabupaten_kota"])
    ind = batch.hitung_indikator(got)
    panjang = kk.assess_frame(t, detail="panjang")
    ref = panjang.assign(buruk=panjang["nilai"] >= 3).groupby("kode", sort=False)["buruk"].sum()  # Juknis: Nilai 3-4
    assert ind.set_index("kode")["temuan"].to_dict() == ref.astype(int).to_dict()
    assert (ind["dinilai"] == 39).all()

    batch.run_batch(tmp_path / "t.parquet", tmp_path / "out")
    capsys.readouterr()
    rows = list(openpyxl.load_workbook(tmp_path / "out" / "hasil-massal.xlsx")["Ringkasan"].values)
    assert rows[0][0] == "Jumlah koperasi per predikat"
    judul = [r[0] for r in rows if r and r[0] in ("Per kabupaten/kota", "Per jenis koperasi")]
    assert judul == ["Per kabupaten/kota", "Per jenis koperasi"]


def _simpan(t: pd.DataFrame, p: Path) -> Path:
    t.to_parquet(p, index=False)
    return p


def test_interrupted_write_leaves_no_half_file(tmp_path, monkeypatch):
    t = contoh.koperasi(5, seed=1)
    out = tmp_path / "out"
    hasil = batch.assess_table(_simpan(t, tmp_path / "t.parquet"))
    batch.tulis_hasil(hasil, out)
    lama = (out / "hasil-massal.parquet").read_bytes()

    def rusak(self, path, *a, **k):
        Path(path).write_bytes(b"setengah")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_parquet", rusak)
    monkeypatch.setattr(pq, "write_table", rusak)          # the Parquet writer writes with pyarrow directly
    with pytest.raises(KeyboardInterrupt):
        batch.tulis_hasil(hasil.iloc[:2], out)
    assert (out / "hasil-massal.parquet").read_bytes() == lama      # the old file, whole
    assert sorted(p.name for p in out.iterdir()) == ["hasil-massal.csv", "hasil-massal.parquet",
                                                     "hasil-massal.xlsx"]   # no temporary left


def test_usage_problems(tmp_path, capsys):
    kosong = tmp_path / "kosong"
    kosong.mkdir()
    assert cli.main(["batch", str(kosong), "--out", str(tmp_path / "o")]) == 1
    assert "tidak memuat kertas kerja" in capsys.readouterr().err
    p = tmp_path / "kurang.csv"
    contoh.koperasi(3).drop(columns=["kas"]).to_csv(p, index=False)
    assert cli.main(["batch", str(p), "--out", str(tmp_path / "o")]) == 1
    assert "kas" in capsys.readouterr().err
    assert cli.main(["batch", str(tmp_path / "tidak-ada"), "--out", str(tmp_path / "o")]) == 1
    assert "tidak ditemukan" in capsys.readouterr().err
    (tmp_path / "x.txt").write_text("x")
    assert cli.main(["batch", str(tmp_path / "x.txt"), "--out", str(tmp_path / "o")]) == 1
    assert cli.main(["batch", str(p), "--out", str(tmp_path / "o"), "--rules", "tidak-ada"]) == 2
    assert not (tmp_path / "o").exists()


def test_no_progress_bar_when_not_a_tty(folder, tmp_path, capsys):
    batch.run_batch(folder, tmp_path / "o", proses=1)
    assert "berkas/s" not in capsys.readouterr().err and "%|" not in capsys.readouterr().err


def test_progress_bar_on_request(folder, capsys):
    import io

    buf = io.StringIO()
    batch.assess_folder(folder, proses=1, progress=buf)
    assert "Membaca kertas kerja" in buf.getvalue() and "12/12" in buf.getvalue()


def test_documents_for_worksheets_and_tables(folder, sumber, tmp_path, capsys):
    sub = tmp_path / "dua"
    sub.mkdir()
    for name in ("kk-00.xlsx", "kk-05a-rusak.xlsx"):
        (sub / name).write_bytes((folder / name).read_bytes())
    out = tmp_path / "out"
    rc = batch.run_batch(sub, out, dokumen=True, proses=2, format="json")
    data = json.loads(capsys.readouterr().out)
    assert rc == 1 and data["dokumen"] == {"dibuat": 1, "gagal": []}
    nik = str(sumber["nik"].iloc[0])
    d = out / "dokumen" / nik
    assert sorted(p.name for p in d.iterdir()) == ["berita-acara.pdf", "sertifikat.pdf"]
    teks = "".join(p.extract_text() for p in PdfReader(d / "berita-acara.pdf").pages)
    assert "800/1200/DISKOPUKM-C" in teks.replace("\n", "")          # the examination record is there
    assert len(list((out / "dokumen").iterdir())) == 1

    t = contoh.koperasi(3, seed=9)
    t.loc[1, "kas"] = -5.0
    t.loc[2, "nik"] = t.loc[0, "nik"]                                # same NIK and year: a duplicate, not scored
    p = _simpan(t, tmp_path / "t.parquet")
    rc = batch.run_batch(p, tmp_path / "out2", dokumen=True, proses=1)
    capsys.readouterr()
    assert rc == 1
    folders = sorted(x.name for x in (tmp_path / "out2" / "dokumen").iterdir())
    assert folders == [str(t["nik"].iloc[0])]
    assert (tmp_path / "out2" / "dokumen" / folders[0] / "sertifikat.pdf").stat().st_size > 1000
