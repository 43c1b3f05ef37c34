"""One of each shared service (issue "One complete answer from the core", item 4): one guarded
opener for untrusted workbooks, one cell parser, one Indonesian translation of validation errors,
one atomic writer, one office-settings model."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

import kesehatan_koperasi as kk
from kesehatan_koperasi.batch import assess_table, read_table
from kesehatan_koperasi.errors import KesehatanKoperasiError, RulesError, WorksheetError
from kesehatan_koperasi.inputs import cells, guard
from kesehatan_koperasi.model import read_json
from kesehatan_koperasi.outputs.pdf.kantor import Kantor, KantorError, load_kantor
from kesehatan_koperasi.pertimbangan import baca_permohonan, periksa_permohonan, tulis_templat_permohonan
from kesehatan_koperasi.pertimbangan.excel import PERMOHONAN
from kesehatan_koperasi.pertimbangan.surat import SuratError, muat_kantor, surat_html
from kesehatan_koperasi.rules import parse_rules
from kesehatan_koperasi.worksheet import layout as L
from tests.fuzz import hostile as H

from .test_pertimbangan import permohonan
from .test_pertimbangan_excel import SURAT, _isi

SRC = Path(kk.__file__).resolve().parent
CONTOH = H.SUMBER
INGGRIS = ("Field required", "Input should be", "Extra inputs", "value is not", "Value error", "Assertion failed")


def _sumber(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# ============================================================================ 1. the guarded opener
def test_every_load_workbook_call_is_in_the_guard():
    """openpyxl opens an untrusted workbook only inside inputs/guard.py; pandas reads an XLSX table
    only from a workbook the guard opened."""
    liar = []
    for p in sorted(SRC.rglob("*.py")):
        rel = p.relative_to(SRC).as_posix()
        if rel == "inputs/guard.py":
            continue
        teks = _sumber(p)
        if re.search(r"\bload_workbook\b", teks):
            liar.append(f"{rel}: load_workbook")
        if re.search(r"read_excel\((?!wb\b)", teks):
            liar.append(f"{rel}: read_excel of a path")
    assert liar == []


def test_open_workbook_guards_and_speaks_indonesian(tmp_path):
    wb = guard.open_workbook(CONTOH)
    try:
        assert L.IDENTITAS in wb.sheetnames
    finally:
        wb.close()
    with pytest.raises(WorksheetError, match="tidak ditemukan"):
        guard.open_workbook(tmp_path / "tidak-ada.xlsx")
    with pytest.raises(WorksheetError, match="bom zip"):
        guard.open_workbook(H.bom_zip(tmp_path))
    with pytest.raises(WorksheetError, match="bukan buku kerja Excel"):
        guard.open_workbook(H.bukan_zip(tmp_path), berkas="kiriman.xlsx")
    # past the guard: defusedxml refuses the hidden entities (when openpyxl opens or reads the sheet)
    p = H.billion_laughs_tersembunyi(tmp_path)
    with pytest.raises(WorksheetError, match="entitas XML yang ditolak") as e:
        wb = guard.open_workbook(p)
        with guard.workbook_errors(p):
            for ws in wb.worksheets:
                list(ws.iter_rows(values_only=True))
    assert "Traceback" not in str(e.value) and "DefusedXml" not in str(e.value)


def _permohonan_kosong(d: Path) -> Path:
    return tulis_templat_permohonan(d / "permohonan.xlsx", "kantor_cabang")


def _bom_permohonan(d: Path) -> Path:
    """The checklist with 300 MB of zeros (deflated to ~300 kB) in one extra entry."""
    sumber = _permohonan_kosong(d)
    p = d / "bom-permohonan.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for n, data in H.bagian(sumber).items():
            zf.writestr(n, data)
        with zf.open("xl/media/nol.bin", "w", force_zip64=True) as fh:
            for _ in range(300):
                fh.write(b"\0" * (1 << 20))
    return p


def _tawa_permohonan(d: Path, padding: int) -> Path:
    """The checklist whose Permohonan sheet declares billion-laughs entities (``padding`` bytes down)."""
    parts = H.bagian(_permohonan_kosong(d))
    nama = "xl/worksheets/sheet2.xml"
    parts[nama] = H._sisip_doctype(parts[nama], H._LAUGHS, b"", padding=padding)
    return H.zip_dari(parts, d / f"tawa-{padding}.xlsx")


@pytest.mark.parametrize("buat, pesan", [
    (_bom_permohonan, "bom zip"),
    (lambda d: _tawa_permohonan(d, 0), "DOCTYPE/ENTITY"),
    (lambda d: _tawa_permohonan(d, 100_000), "entitas XML yang ditolak"),
    (H.terlalu_besar, "terlalu besar"),
    (H.xlsm, "bermakro"),
])
def test_hostile_checklist_is_refused_quickly(tmp_path, buat, pesan):
    p = buat(tmp_path)
    t = time.perf_counter()
    with pytest.raises(WorksheetError) as e:
        baca_permohonan(p)
    assert time.perf_counter() - t < 5
    assert pesan in e.value.masalah[0].pesan, str(e.value)


def test_hostile_xlsx_table_is_refused_in_indonesian(tmp_path):
    tabel = tmp_path / "tabel.xlsx"
    from kesehatan_koperasi import contoh

    contoh.koperasi(3, seed=1).to_excel(tabel, index=False)
    parts = H.bagian(tabel)
    parts["xl/worksheets/sheet1.xml"] = H._sisip_doctype(parts["xl/worksheets/sheet1.xml"], H._LAUGHS, b"",
                                                         padding=100_000)
    jahat = H.zip_dari(parts, tmp_path / "tabel-jahat.xlsx")
    with pytest.raises(KesehatanKoperasiError, match="entitas XML yang ditolak") as e:
        read_table(jahat)
    assert "Traceback" not in str(e.value)
    assert len(read_table(tabel)) == 3


# ============================================================================ 2. the cell parser
SAMA = [("Rp 1.250.000", 1_250_000.0), ("Rp1.200.000,-", 1_200_000.0), ("1.250.000,50", 1_250_000.5),
        ("(1.250.000)", -1_250_000.0), ("Rp 1.250.000,00", 1_250_000.0), ("1.250.000", 1_250_000.0)]


@pytest.mark.parametrize("teks, nilai", SAMA)
def test_cells_parser(teks, nilai):
    assert cells.parse_angka(teks, negatif=True) == nilai


def test_batch_table_reads_text_amounts_with_the_cells_parser(tmp_path):
    from kesehatan_koperasi import contoh

    t = contoh.koperasi(len(SAMA) + 1, seed=2)
    t["simpanan_pokok"] = t["simpanan_pokok"].astype(object)
    for i, (teks, _) in enumerate(SAMA):
        t.loc[i, "simpanan_pokok"] = teks
    t.loc[len(SAMA), "simpanan_pokok"] = "seratus ribu"
    for ext in ("csv", "xlsx"):
        p = tmp_path / f"tabel.{ext}"
        t.to_csv(p, index=False) if ext == "csv" else t.to_excel(p, index=False)
        got = read_table(p)["simpanan_pokok"].tolist()
        assert got[:len(SAMA)] == [n for _, n in SAMA]
        assert got[-1] == "seratus ribu"
        galat = assess_table(p)["galat"].tolist()
        assert "simpanan_pokok: bukan angka" in galat[-1]          # still reported per row by the core
        assert "tidak boleh negatif" in galat[3]                    # (1.250.000): read, then refused
        assert not any("simpanan_pokok: bukan angka" in g for g in galat[:len(SAMA)])


def test_checklist_uses_the_cells_parser(tmp_path):
    import kesehatan_koperasi.pertimbangan.excel as X

    assert X.parse_angka is cells.parse_angka and X.parse_tanggal is cells.parse_tanggal
    assert not any(hasattr(X, f) for f in ("_angka", "_tanggal", "_jam"))
    p = permohonan(surat=SURAT)
    modal = f"Rp{p.modal_kerja:,.0f}".replace(",", ".") + ",-"
    path = _isi(tmp_path, p, {(PERMOHONAN, "modal_kerja", "C"): modal,
                              (PERMOHONAN, "tanggal_iusp", "C"): "10 Juni 2022"})
    got = baca_permohonan(path)
    assert got.modal_kerja == p.modal_kerja and got.tanggal_iusp == dt.date(2022, 6, 10)


def test_worksheet_reads_the_same_text(tmp_path):
    wb = openpyxl.load_workbook(CONTOH)
    ws = wb[L.NERACA]
    r = next(c.row for c in ws["A"] if c.value == "kas")
    asli = ws[f"D{r}"].value
    ws[f"D{r}"] = f"Rp{asli:,.0f}".replace(",", ".") + ",-"
    wb.save(tmp_path / "teks.xlsx")
    assert kk.read_worksheet(tmp_path / "teks.xlsx").tahun_ini.kas == asli


# ============================================================================ 3. one translation
def _tanpa_inggris(teks: str) -> None:
    for frasa in INGGRIS:
        assert frasa not in teks, teks


def test_bad_json_worksheet_speaks_indonesian(tmp_path):
    data = json.loads(kk.read_worksheet(CONTOH).model_dump_json())
    del data["identitas"]["nama_koperasi"]
    data["identitas"]["jenis"] = "KSU"
    data["identitas"]["warna"] = "biru"
    data["tahun_ini"]["kas"] = "banyak"
    data["pemeriksaan"]["tanggal_mulai_pemeriksaan"] = "kemarin"
    p = tmp_path / "kk.json"
    p.write_text(json.dumps(data))
    with pytest.raises(WorksheetError) as e:
        read_json(p)
    teks = str(e.value)
    _tanpa_inggris(teks)
    assert "identitas.nama_koperasi: wajib diisi" in teks and "identitas.warna: kunci tidak dikenal" in teks
    assert "pilihan tidak sah" in teks and "atau" in teks
    (tmp_path / "rusak.json").write_text("{")
    with pytest.raises(WorksheetError, match="bukan JSON yang sah") as e:
        read_json(tmp_path / "rusak.json")
    _tanpa_inggris(str(e.value))


def test_bad_office_file_speaks_indonesian(tmp_path):
    p = tmp_path / "kantor.yaml"
    p.write_text("kop: 12\ntelpon: '0561'\ndasar_hukum: satu\nnama: [a, b]\n")
    with pytest.raises(KantorError) as e:
        load_kantor(p)
    teks = str(e.value)
    _tanpa_inggris(teks)
    assert "telpon: kunci tidak dikenal" in teks and "kop: harus berupa daftar" in teks
    assert "nama: harus berupa teks" in teks


def test_bad_rule_file_speaks_indonesian():
    raw = yaml.safe_load((SRC / "rulesets" / "juknis-15-2021.yaml").read_text(encoding="utf-8"))
    raw["judul"] = 123
    raw["jenis_koperasi"] = "KSP"
    raw["tambahan"] = 1
    del raw["nama"]
    with pytest.raises(RulesError) as e:
        parse_rules(raw, "dinas.yaml")
    teks = str(e.value)
    _tanpa_inggris(teks)
    assert ("nama", "wajib diisi") in e.value.masalah and ("tambahan", "kunci tidak dikenal") in e.value.masalah


@pytest.mark.parametrize("galat, harap", [
    ({"type": "missing", "loc": ("a",), "msg": "Field required"}, "wajib diisi"),
    ({"type": "extra_forbidden", "loc": ("a",), "msg": "Extra inputs are not permitted"}, "kunci tidak dikenal"),
    ({"type": "value_error", "loc": (), "msg": "Value error, tanggal salah"}, "tanggal salah"),
    ({"type": "float_parsing", "loc": ("a",), "msg": "Input should be a valid number"}, "harus berupa bilangan"),
    ({"type": "date_from_datetime_parsing", "loc": ("a",), "msg": "Input should be a valid date"},
     "harus berupa tanggal (YYYY-MM-DD, mis. 2026-05-13)"),
    ({"type": "literal_error", "loc": ("a",), "msg": "Input should be 'A' or 'B'", "ctx": {"expected": "'A' or 'B'"}},
     "pilihan tidak sah (yang sah: 'A' atau 'B')"),
    ({"type": "too_short", "loc": ("a",), "msg": "List should have at least 2 items", "ctx": {"min_length": 2}},
     "paling sedikit 2 butir"),
    ({"type": "jenis_baru_pydantic", "loc": ("a",), "msg": "Input should be something"}, "isian tidak sah (jenis_baru_pydantic)"),
])
def test_translate_error(galat, harap):
    from kesehatan_koperasi.inputs.pesan import translate_error

    assert translate_error(galat) == harap


def test_checklist_model_errors_use_the_translation():
    import kesehatan_koperasi.pertimbangan.excel as X
    from kesehatan_koperasi.inputs.pesan import translate_error

    assert X.translate_error is translate_error
    assert "x['msg']" not in _sumber(Path(X.__file__)) and 'x["msg"]' not in _sumber(Path(X.__file__))


# ============================================================================ 4. one atomic writer
#: Modules that keep an untrusted upload in a temporary file for the library's readers (an input, never
#: an output: nothing is renamed into place).
UNGGAHAN = {"layanan/penilaian.py"}


def test_one_atomic_writer():
    """Only outputs/atomic.py renames temporary files; no module wraps it in a writer of its own."""
    liar = []
    for p in sorted(SRC.rglob("*.py")):
        rel = p.relative_to(SRC).as_posix()
        if rel == "outputs/atomic.py":
            continue
        pohon = ast.parse(_sumber(p))
        for n in ast.walk(pohon):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and re.search(r"atomi[ck]", n.name):
                liar.append(f"{rel}: def {n.name}")
            if isinstance(n, ast.Attribute) and n.attr in ("replace", "rename") and \
                    isinstance(n.value, ast.Name) and n.value.id == "os":
                liar.append(f"{rel}: os.{n.attr}")
            if ((isinstance(n, (ast.Import, ast.ImportFrom)) and any(a.name == "tempfile" for a in n.names)) or
                    (isinstance(n, ast.ImportFrom) and n.module == "tempfile")) and rel not in UNGGAHAN:
                liar.append(f"{rel}: tempfile")
    assert liar == []


# ============================================================================ 5. one office-settings model
def test_one_office_file_serves_certificate_and_letter(tmp_path):
    import yaml

    from .test_kantor import SINTANG

    p = tmp_path / "kantor.yaml"    # a profile states every key (issue 12): nothing is borrowed
    p.write_text(yaml.safe_dump(SINTANG | {"nama": "Dinas Koperasi dan UKM Kabupaten Contoh", "tempat_terbit": "Contoh",
                                           "tujuan_pertimbangan": "Kepala DPMPTSP Kabupaten Contoh"}))
    k = load_kantor(p)
    assert k.tujuan_pertimbangan == "Kepala DPMPTSP Kabupaten Contoh"
    surat = muat_kantor(p)
    assert isinstance(surat, Kantor) and surat == k
    html = surat_html(periksa_permohonan(permohonan(surat=SURAT)), kantor=p)
    assert "Kepala DPMPTSP Kabupaten Contoh" in html and "di Contoh" in html
    assert muat_kantor() == load_kantor()


def test_letter_office_settings_are_validated_like_the_certificate(tmp_path):
    p = tmp_path / "kantor.yaml"
    p.write_text("telpon: (0561) 1\n")          # a typo: refused, never silently ignored
    with pytest.raises(SuratError, match="telpon: kunci tidak dikenal"):
        muat_kantor(p)
    with pytest.raises(SuratError, match="kop"):
        muat_kantor({"kop": "satu baris"})


def test_huge_integer_cell_is_a_format_error_not_an_overflow():
    """Found by the fuzzer: a 400-digit integer in a cell raised OverflowError in float()."""
    from kesehatan_koperasi.inputs.cells import FormatSalah, parse_angka

    for v in (10**400, -(10**400), "1" * 400):
        with pytest.raises(FormatSalah):
            parse_angka(v)
