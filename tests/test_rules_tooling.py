"""Rule tooling: choosing a rule set, ``istilah`` validation, ``describe``, ``diff`` and the ``rules`` command."""

from __future__ import annotations

import datetime as dt
import io
import json
from importlib import resources

import pytest
import yaml

import kesehatan_koperasi as kk
from kesehatan_koperasi.cli.rules import perintah_rules
from kesehatan_koperasi.rules import pilih_aturan
from kesehatan_koperasi.rules import resolve as rules_mod
from kesehatan_koperasi.rules.diff import bandingkan, diff
from kesehatan_koperasi.rules.view import describe


def _raw(nama: str = "juknis-15-2021") -> dict:
    text = (resources.files("kesehatan_koperasi") / "rulesets" / f"{nama}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _write(tmp_path, data: dict, name: str) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def _ind(data: dict, kode: str) -> dict:
    stack = [k for a in data["aspek"] for k in a["komponen"]]
    while stack:
        k = stack.pop()
        for ind in k.get("indikator", []):
            if ind["kode"] == kode:
                return ind
        stack += k.get("komponen", [])
    raise KeyError(kode)


# ----------------------------------------------------------------------------- pilih_aturan


@pytest.fixture
def tanpa_perdep(monkeypatch):
    """As if perdep-06-2016 were not shipped (whatever the tree holds today)."""
    names = [n for n in rules_mod.builtin_rules() if n != "perdep-06-2016"]
    monkeypatch.setattr(rules_mod, "builtin_rules", lambda: names)


@pytest.fixture
def dengan_perdep(monkeypatch):
    names = sorted(set(rules_mod.builtin_rules()) | {"perdep-06-2016"})
    monkeypatch.setattr(rules_mod, "builtin_rules", lambda: names)


MULAI = kk.load_rules("juknis-15-2021").berlaku_mulai
MULAI_S = kk.load_rules("juknis-15-2021-kspps").berlaku_mulai


@pytest.mark.parametrize("jenis, nama", [
    (None, "juknis-15-2021"), ("KSP", "juknis-15-2021"), ("USP", "juknis-15-2021"), ("ksp", "juknis-15-2021"),
    ("KSPPS", "juknis-15-2021-kspps"), ("USPPS", "juknis-15-2021-kspps"), (" kspps ", "juknis-15-2021-kspps"),
])
def test_pilih_aturan_by_type(jenis, nama):
    assert pilih_aturan(jenis) == nama
    assert pilih_aturan(jenis, dt.date(2024, 5, 13)) == nama


def test_effective_date_comes_from_the_rule_file():
    assert pilih_aturan("KSP", MULAI) == "juknis-15-2021"              # the first day counts
    assert pilih_aturan("KSPPS", MULAI_S) == "juknis-15-2021-kspps"
    assert pilih_aturan("KSP", dt.datetime.combine(MULAI, dt.time(9))) == "juknis-15-2021"


def test_before_the_juknis_with_perdep_shipped(dengan_perdep):
    assert pilih_aturan("KSP", MULAI - dt.timedelta(days=1)) == "perdep-06-2016"
    assert pilih_aturan(None, dt.date(2018, 3, 1)) == "perdep-06-2016"
    assert pilih_aturan("USP", MULAI) == "juknis-15-2021"


def test_before_the_juknis_without_perdep(tanpa_perdep):
    with pytest.raises(kk.RulesError) as e:
        pilih_aturan("KSP", MULAI - dt.timedelta(days=1))
    # data-driven: the message names the sets that exist for the jenis and their validity
    assert "tidak ada aturan bawaan untuk KSP" in str(e.value) and "--rules" in str(e.value)
    assert "juknis-15-2021 (berlaku 2021-01-01" in str(e.value)
    assert e.value.masalah[0][0] == "tanggal"


def test_syariah_before_the_juknis_is_a_clear_error(dengan_perdep):
    with pytest.raises(kk.RulesError) as e:
        pilih_aturan("KSPPS", MULAI_S - dt.timedelta(days=1))
    assert "tidak ada aturan bawaan untuk KSPPS" in str(e.value) and "--rules" in str(e.value)


def test_unknown_type():
    with pytest.raises(kk.RulesError) as e:
        pilih_aturan("KSU")
    assert e.value.masalah[0][0] == "jenis" and "KSU" in str(e.value)


# ----------------------------------------------------------------------------- istilah


def test_istilah_unknown_field_is_reported_with_its_key(tmp_path):
    data = _raw()
    data["istilah"] = {"pinjaman_anggota": "Piutang anggota", "pinjaman_angota": "salah ketik", "kas": " "}
    with pytest.raises(kk.RulesError) as e:
        kk.load_rules(_write(tmp_path, data, "salah.yaml"))
    keys = [k for k, _ in e.value.masalah]
    assert "istilah.pinjaman_angota" in keys
    assert "istilah.kas" in keys                      # empty label
    assert "istilah.pinjaman_anggota" not in keys
    assert "istilah.pinjaman_angota" in str(e.value)


def test_istilah_is_optional_and_overrides_labels(tmp_path):
    assert kk.load_rules("juknis-15-2021").istilah == {}
    data = _raw()
    data["istilah"] = {"kas": "Kas tunai"}
    aturan = kk.load_rules(_write(tmp_path, data, "ok.yaml"))
    assert aturan.label_medan("kas") == "Kas tunai"
    assert aturan.label_medan("bank") == "Bank (giro dan tabungan)"


# ----------------------------------------------------------------------------- describe


def test_describe_uses_the_rule_sets_terms():
    text = describe(kk.load_rules("juknis-15-2021-kspps"))
    assert "A.4 Prinsip Kepatuhan Syariah" in text
    assert "(Piutang dan pembiayaan bermasalah) / (Piutang dan pembiayaan diberikan) × 100" in text
    assert "isian: (pinjaman_bermasalah) / (pinjaman_diberikan)" in text
    assert "Istilah" in text
    ksp = describe(kk.load_rules("juknis-15-2021"))
    assert "(Pinjaman bermasalah) / (Pinjaman diberikan) × 100" in ksp


# ----------------------------------------------------------------------------- diff


@pytest.fixture(scope="module")
def pasangan(tmp_path_factory):
    """The KSP file (A) and a modified copy (B) with one change of every kind."""
    tmp = tmp_path_factory.mktemp("diff")
    a = _raw()
    b = _raw()
    b["versi"] = "2099.1"
    b["aspek"][0]["bobot"]["nilai"] = 35
    b["aspek"][1]["bobot"] = {"nilai": 10, "status": "sementara", "sumber": "uji"}
    roa = _ind(b, "C.1.1.1")
    roa["pita"]["batas"] = ["[3", "[5", "[8"]
    roa["label"] = "ROA baru"
    roa["tak_terdefinisi"]["nilai"] = 3
    npl = _ind(b, "C.2.1.2")
    npl["pembilang"] = ["pinjaman_macet"]
    npl["status"] = "sementara"
    npl["sumber"] = "sumber baru"
    npl["pita"]["status"] = {1: "sementara", 2: "terkonfirmasi", 3: "terkonfirmasi", 4: "terkonfirmasi"}
    kem = _ind(b, "A.1.5")
    kem["butir"].append({"kode": "e", "teks": "Butir baru."})
    kem["butir"][0]["teks"] = "Teks butir a diubah."
    del _ind(b, "A.1.3")["butir"][2]
    # remove D.2.2, add D.2.3 (a copy with a new code)
    d2 = b["aspek"][3]["komponen"][1]["indikator"]
    baru = dict(d2[1], kode="D.2.3", label="Indikator baru")
    d2[1:] = [baru]
    b["predikat"]["pita"]["batas"] = ["[50", "[66", "[80"]
    b["istilah"] = {"kas": "Kas tunai"}
    return kk.load_rules(_write(tmp, a, "a.yaml")), kk.load_rules(_write(tmp, b, "b.yaml"))


def test_diff_of_a_set_with_itself():
    a = kk.load_rules("juknis-15-2021")
    assert bandingkan(a, a) == []
    assert "Tidak ada perbedaan." in diff(a, a)


def test_diff_reports_every_kind_of_change(pasangan):
    a, b = pasangan
    text = diff(a, b)
    lines = [ln.strip() for ln in text.splitlines()]
    expected = [
        "~ versi: “2026.11” → “2099.1”",
        "~ bobot: 30 % → 35 %",
        "~ bobot: 15 % → 10 %",
        "~ bobot: status: terkonfirmasi → sementara",
        "~ label: “Rentabilitas aset (ROA)” → “ROA baru”",
        "~ pita baris 3: 5 % ≤ x < 7 % → 2 [K] → 5 % ≤ x < 8 % → 2 [K]",
        "~ pita baris 4: x ≥ 7 % → 1 [K] → x ≥ 8 % → 1 [K]",
        "~ Nilai bila tak terdefinisi: 4 → 3",
        "~ rumus: (pinjaman_bermasalah) / (pinjaman_diberikan) → (pinjaman_macet) / (pinjaman_diberikan)",
        "~ status: terkonfirmasi → sementara",
        "~ sumber: “FB1 hlm. 77 Tabel 2.45” → “sumber baru”",
        "~ pita baris 1: x ≤ 5 % → 1 [K] → x ≤ 5 % → 1 [S]",
        "+ butir e: “Butir baru.”",
        "~ butir a: “Modal yang berasal dari dalam koperasi lebih besar daripada modal dari luar.” → "
        "“Teks butir a diubah.”",
        "− butir c: “SHU tidak dibagi rata kepada semua anggota.”",
        "− D.2.2: Kewajiban jangka panjang terhadap ekuitas ((kewajiban_jangka_panjang) / (total_ekuitas), "
        "penyebut harus positif) [S]",
        "~ pita predikat baris 1: x < 51 → Dalam Pengawasan Khusus [K] → x < 50 → Dalam Pengawasan Khusus [K]",
        "+ kas: “Kas tunai”",
    ]
    for e in expected:
        assert e in lines, e
    assert any(ln.startswith("+ D.2.3: Indikator baru") for ln in lines)
    assert "Indikator dihapus (hanya di A)" in text and "Indikator ditambah (hanya di B)" in text
    # pita rows that did not change are not listed
    assert not any("pita baris 1: x < 3 %" in ln for ln in lines)


def test_diff_ksp_vs_kspps_mentions_the_syariah_component():
    text = diff(kk.load_rules("juknis-15-2021"), kk.load_rules("juknis-15-2021-kspps"))
    assert "+ A.4.1: Dewan Pengawas Syariah (kuesioner, 4 butir) [S]" in text
    assert "~ jenis koperasi: KSP, USP → KSPPS, USPPS" in text
    assert "+ A.4: Prinsip Kepatuhan Syariah" in text


# ----------------------------------------------------------------------------- perintah_rules


def test_perintah_rules_list_show_and_diff(pasangan):
    out = io.StringIO()
    assert perintah_rules(None, None, "teks", out=out) == 0
    assert "juknis-15-2021-kspps" in out.getvalue() and "KSPPS, USPPS" in out.getvalue()

    out = io.StringIO()
    assert perintah_rules(None, None, "json", out=out) == 0
    names = [r["nama"] for r in json.loads(out.getvalue())]
    assert {"juknis-15-2021", "juknis-15-2021-kspps"} <= set(names)

    out = io.StringIO()
    assert perintah_rules("juknis-15-2021-kspps", None, "teks", out=out) == 0
    assert out.getvalue().startswith("juknis-15-2021-kspps — ")

    out = io.StringIO()
    assert perintah_rules("juknis-15-2021-kspps", None, "json", out=out) == 0
    assert json.loads(out.getvalue())["nama"] == "juknis-15-2021-kspps"

    a, b = pasangan
    out = io.StringIO()
    assert perintah_rules(a.berkas, b.berkas, "teks", out=out) == 0
    assert "~ bobot: 30 % → 35 %" in out.getvalue()

    out = io.StringIO()
    assert perintah_rules(a.berkas, b.berkas, "json", out=out) == 0
    data = json.loads(out.getvalue())
    assert {"bagian", "kunci", "jenis", "lama", "baru"} == set(data["perbedaan"][0])
    assert any(p["kunci"] == "D.2.3" and p["jenis"] == "tambah" for p in data["perbedaan"])


def test_perintah_rules_unknown_name_raises_rules_error():
    with pytest.raises(kk.RulesError):
        perintah_rules("tidak-ada", None, "teks", out=io.StringIO())
    with pytest.raises(kk.RulesError):
        perintah_rules("juknis-15-2021", "tidak-ada", "teks", out=io.StringIO())
