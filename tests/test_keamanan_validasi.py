"""Issue 17, items 2, 4 and 9: control characters, budgets of text and lists, ASCII digits, names
with letters, duplicate JSON keys, identity columns of ``assess_frame``, duplicate columns, rule-file
problems as RulesError. Every case here passed (or crashed) on the code before issue 17."""

from __future__ import annotations

import json

import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.errors import FrameError, RulesError
from kesehatan_koperasi.inputs import budget as B
from kesehatan_koperasi.model import read_json
from kesehatan_koperasi.outputs.excel import write_hasil_xlsx

FRAME = contoh.koperasi(3, seed=5)
WS = contoh.kertas_kerja(FRAME, 0)


def _json(tmp_path, ubah, nama="kk.json"):
    d = json.loads(WS.model_dump_json())
    ubah(d)
    p = tmp_path / nama
    p.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return p


def _galat(tmp_path, ubah) -> kk.WorksheetError:
    with pytest.raises(kk.WorksheetError) as e:
        read_json(_json(tmp_path, ubah))
    return e.value


# ------------------------------------------------------------------ item 2: control characters
@pytest.mark.parametrize("ch", ["\x00", "\x07", "\x1b", "\x1f", "\x7f", "\x85"])
def test_control_character_in_a_name_is_refused_with_printable_escape(tmp_path, ch):
    e = _galat(tmp_path, lambda d: d["identitas"].__setitem__("nama_koperasi", f"Koperasi{ch}[31mMaju"))
    teks = str(e)
    assert "nama_koperasi" in teks and "karakter kendali" in teks
    assert ch not in teks and f"\\x{ord(ch):02x}" in teks


@pytest.mark.parametrize("ch", ["\x1b", "\x7f", "\x00"])
def test_control_character_in_an_unknown_key_is_escaped_in_the_message(tmp_path, ch):
    """Found by the 10,000-case fuzz run: an unknown key is named in the message, escapes and all."""
    e = _galat(tmp_path, lambda d: d["tahun_ini"].__setitem__(f"kas{ch}[31m", 1))
    teks = str(e) + " ".join(m.medan or "" for m in e.masalah)
    assert "kunci tidak dikenal" in teks and ch not in teks and f"kas\\x{ord(ch):02x}[31m" in teks


def test_control_character_in_a_note_is_refused_but_newlines_are_kept(tmp_path):
    def ubah(d):
        d["pemeriksaan"]["temuan"] = {"A": {"catatan": "baris satu\nbaris dua\tx", "rekomendasi": "a\x00b"}}
    e = _galat(tmp_path, ubah)
    assert len(e.masalah) == 1 and "rekomendasi" in str(e) and "\\x00" in str(e)


def test_writer_never_crashes_on_a_control_character(tmp_path):
    """A result whose name holds control characters (built past validation) is still written."""
    h = kk.assess(WS)
    h = h.model_copy(update={"identitas": h.identitas | {"nama_koperasi": "Kop\x00erasi\x1b"}})
    p = write_hasil_xlsx(h, tmp_path / "hasil.xlsx")
    import openpyxl

    nilai = [c.value for row in openpyxl.load_workbook(p)["Ringkasan"].iter_rows() for c in row]
    assert "Kop\\x00erasi\\x1b" in nilai


# ------------------------------------------------------------------ item 9: digits, names, keys
@pytest.mark.parametrize("nik", ["٦١٠٠٠٠٠٠٠٧٠٠٠٠٠٠", "６１００００００７０００００００"])
def test_nik_in_non_ascii_digits_is_refused(tmp_path, nik):
    e = _galat(tmp_path, lambda d: d["identitas"].__setitem__("nik", nik))
    assert "nik" in str(e)


@pytest.mark.parametrize("tahun", ["٢٠٢٣", "２０２３"])
def test_year_in_non_ascii_digits_is_refused(tmp_path, tahun):
    e = _galat(tmp_path, lambda d: d["identitas"].__setitem__("tahun_buku", tahun))
    assert "tahun_buku" in str(e) and "0-9" in str(e)


def test_amount_in_non_ascii_digits_is_refused(tmp_path):
    e = _galat(tmp_path, lambda d: d["tahun_ini"].__setitem__("kas", "١٢٣٤"))
    assert "kas" in str(e) and "0-9" in str(e)


@pytest.mark.parametrize("nama", ["\u200b\u200c\u200d", "#DIV/0!", "#N/A", "12345", "---"])
def test_name_without_letters_is_refused(tmp_path, nama):
    e = _galat(tmp_path, lambda d: d["identitas"].__setitem__("nama_koperasi", nama))
    assert "nama_koperasi" in str(e)
    assert "\u200b" not in str(e)


def test_duplicate_json_key_is_refused(tmp_path):
    p = _json(tmp_path, lambda d: None)
    teks = p.read_text(encoding="utf-8").replace('"kas":', '"kas": 1, "kas":', 1)
    p.write_text(teks, encoding="utf-8")
    with pytest.raises(kk.WorksheetError) as e:
        read_json(p)
    assert "kas" in str(e.value) and "dua kali" in str(e.value)


def test_deeply_nested_json_is_refused_quickly(tmp_path):
    p = tmp_path / "dalam.json"
    p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(kk.WorksheetError) as e:
        read_json(p)
    assert "bersarang" in str(e.value)


# ------------------------------------------------------------------ item 4: budgets
def test_long_name_is_refused(tmp_path):
    e = _galat(tmp_path, lambda d: d["identitas"].__setitem__("nama_koperasi", "Koperasi " + "a" * B.MAKS_TEKS))
    assert "nama_koperasi" in str(e)


def test_too_many_findings_are_refused(tmp_path):
    e = _galat(tmp_path, lambda d: d["pemeriksaan"].__setitem__(
        "temuan", {f"X{i}": {"catatan": "c"} for i in range(B.MAKS_TEMUAN + 1)}))
    assert "temuan" in str(e)


def test_long_note_is_refused(tmp_path):
    e = _galat(tmp_path, lambda d: d["pemeriksaan"].__setitem__(
        "temuan", {"A": {"catatan": "x" * (B.MAKS_TEKS_CATATAN + 1)}}))
    assert "catatan" in str(e)


def test_json_over_budget_is_refused_before_parsing(tmp_path):
    p = tmp_path / "besar.json"
    p.write_text('{"x": "' + "a" * B.MAKS_UKURAN_JSON + '"}', encoding="utf-8")
    with pytest.raises(kk.WorksheetError) as e:
        read_json(p)
    assert "terlalu besar" in str(e.value)


# ------------------------------------------------------------------ item 9: assess_frame
def test_assess_frame_validates_identity_columns():
    f = FRAME.copy()
    f["tahun_buku"] = f["tahun_buku"].astype(object)
    f.loc[0, "tahun_buku"] = "dua ribu"
    f.loc[1, "nama_koperasi"] = "K" * 300_000
    f["nik"] = f["nik"].astype(object)
    f.loc[2, "nik"] = "٦١٠٠٠٠٠٠٠٧٠٠٠٠٠٠"
    out = kk.assess_frame(f)
    assert "tahun_buku" in out["galat"].iloc[0]
    assert "nama_koperasi" in out["galat"].iloc[1] and "terlalu panjang" in out["galat"].iloc[1]
    assert "nik" in out["galat"].iloc[2]
    assert out["nilai_akhir"].isna().all()


def test_assess_frame_duplicate_column_is_a_frame_error():
    f = FRAME.copy()
    f = f.loc[:, list(f.columns) + ["jenis"]]
    with pytest.raises(FrameError, match="jenis"):
        kk.assess_frame(f)


# ------------------------------------------------------------------ item 9: rule files
def _aturan_anak(tmp_path, isi: bytes):
    p = tmp_path / "aturan.yaml"
    p.write_bytes(isi)
    return p


def test_alias_bomb_is_a_rules_error(tmp_path):
    baris = ['k0: &k0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 20):                      # 9**20 leaves once expanded, 171 aliases
        baris.append(f"k{i}: &k{i} [" + ",".join([f"*k{i - 1}"] * 9) + "]")
    p = _aturan_anak(tmp_path, "\n".join(baris).encode())
    with pytest.raises(RulesError, match="bom alias"):
        kk.load_rules(p)


def test_deep_nesting_is_a_rules_error(tmp_path):
    p = _aturan_anak(tmp_path, b"a: " + b"[" * 5000 + b"]" * 5000)
    with pytest.raises(RulesError, match="bersarang"):
        kk.load_rules(p)


def test_utf16_rule_file_is_a_rules_error(tmp_path):
    p = _aturan_anak(tmp_path, "nama: x\n".encode("utf-16"))
    with pytest.raises(RulesError, match="UTF-8"):
        kk.load_rules(p)


def test_rules_error_exits_2_from_the_cli(tmp_path, capsys):
    from kesehatan_koperasi.cli import main

    p = _aturan_anak(tmp_path, b"a: " + b"[" * 5000 + b"]" * 5000)
    assert main(["rules", str(p)]) == 2
    assert "Traceback" not in capsys.readouterr().err


# ------------------------------------------------------------------ item 8: stale cached values
def test_stale_cached_values_get_a_warning_naming_the_cells():
    """A workbook marked to recalculate on opening (LibreOffice's file here) whose scored cells hold
    formulas: the cached values are scored, with a warning that names the cells."""
    from pathlib import Path

    from kesehatan_koperasi.errors import PeringatanKertasKerja

    p = Path(__file__).resolve().parent / "cases" / "worksheet" / "libreoffice-usp-rumus.xlsx"
    with pytest.warns(PeringatanKertasKerja, match=r"Neraca!D5"):
        ws = kk.read_worksheet(p)
    assert any("Neraca!D5" in str(w) for w in ws._peringatan)


def test_workbook_without_formulas_gets_no_warning(recwarn):
    from pathlib import Path

    kk.read_worksheet(Path(__file__).resolve().parent.parent / "worksheets" / "contoh-ksp-sehat.xlsx")
    assert not [w for w in recwarn if "dihitung ulang" in str(w.message)]


_NS_UTAMA = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize("xml, sel", [
    (b'<sheetData><row r="5"><c r="C5" t="s"><v>0</v></c><c r="D5" s="2"><f>SUM(D3:D4)</f><v>9</v></c></row>'
     b'<row r="6"><c r="D6"><f t="shared" si="0"/><v>3</v></c></row></sheetData>', {"D5", "D6"}),
    (b'<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:row><x:c r="Y12">'
     b'<x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="Z12"><x:v>2</x:v></x:c></x:row></x:sheetData>', {"Y1"}),
    (b'<sheetData><row><c r="A1" t="inlineStr"><is><t>=bukan rumus</t></is></c></row></sheetData>', set()),
    (b'<cols><col min="1" max="2"/></cols><sheetData><row><c r="A1"><v>1</v></c></row></sheetData>'
     b'<conditionalFormatting><cfRule type="expression"><formula>A1&gt;0</formula></cfRule>'
     b'</conditionalFormatting>', set()),
    (b'<sheetData><row><c><f>1+1</f><v>2</v></c></row></sheetData>', {"A1"}),   # no reference: counted
])
def test_formula_cells_read_from_the_sheet_xml(xml, sel):
    """The stale-value warning learns the formula cells from the same read of the sheet XML, where
    each value sits in the rows (the row of ``<row r>``; a cell without its reference is the next
    column), never from a second load of the workbook."""
    from openpyxl.utils.datetime import WINDOWS_EPOCH

    from kesehatan_koperasi.worksheet import xlsx

    ev = xlsx._peristiwa(b"<worksheet " + _NS_UTAMA + b">" + xml + b"</worksheet>")
    _, got = xlsx._lembar(ev, ["x"], frozenset(), frozenset(), WINDOWS_EPOCH, 100, 26, True)
    assert set(got) == sel
