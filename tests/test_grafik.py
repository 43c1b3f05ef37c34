"""Issue 16 item 7 (analysts): kesehatan_koperasi.grafik renders with the Agg backend, with
Indonesian titles, labels and number formatting; a short repr(Hasil); findings in _repr_html_."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("matplotlib")

import kesehatan_koperasi as kk
from kesehatan_koperasi.errors import PaketOpsionalError
from kesehatan_koperasi.formatting import angka
from kesehatan_koperasi.grafik import format_angka


@pytest.fixture(scope="module")
def hasil_frame():
    return kk.assess_frame(kk.contoh.koperasi(6000, seed=7))


@pytest.fixture(scope="module")
def hasil_satu():
    return kk.assess(kk.contoh.kertas_kerja_contoh("contoh-usp-cukup-sehat"))


def _png(fig, tmp_path, nama):
    p = tmp_path / f"{nama}.png"
    fig.savefig(p, format="png")            # a Figure without pyplot draws with Agg
    assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return p


def _ticks(labels):
    return [t.get_text() for t in labels]


def test_format_angka_indonesia():
    assert format_angka(1000) == "1.000"
    assert format_angka(12.5) == "12,5"
    assert format_angka(0) == "0"
    assert format_angka(1_234_567) == "1.234.567"


def test_radar_aspek(hasil_satu, tmp_path):
    fig = kk.grafik.radar_aspek(hasil_satu)
    _png(fig, tmp_path, "radar")
    ax = fig.axes[0]
    assert ax.name == "polar"
    assert hasil_satu.nama_koperasi in ax.get_title()
    assert hasil_satu.predikat in ax.get_title()
    teks = _ticks(ax.get_xticklabels())
    for a in hasil_satu.aspek:
        assert any(t.startswith(a.nama) and angka(a.skor, 1) in t for t in teks), (a.nama, teks)
    assert len(teks) == 4
    assert "," in "".join(teks) or all(float(a.skor).is_integer() for a in hasil_satu.aspek)   # decimal comma
    assert _ticks(ax.get_yticklabels())[-1] == "100"


def test_predikat_per_kabupaten(hasil_frame, tmp_path):
    fig = kk.grafik.predikat_per_kabupaten(hasil_frame)
    _png(fig, tmp_path, "kabupaten")
    ax = fig.axes[0]
    assert ax.get_title() == "Predikat per kabupaten/kota"
    assert ax.get_xlabel() == "Jumlah koperasi"
    # the legend follows the rule set's own order, best first (not re-derived, not alphabetical)
    urutan = hasil_frame.attrs["kesehatan_koperasi"]["aturan"]["juknis-15-2021"]["predikat"]
    legenda = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legenda == [p for p in urutan if p in legenda]
    assert legenda[0] == "Sehat"
    kab = set(hasil_frame["kabupaten_kota"].dropna())
    assert set(_ticks(ax.get_yticklabels())) == kab
    x = _ticks(ax.get_xticklabels())
    assert all(t.replace(".", "").isdigit() for t in x), x
    assert ax.xaxis.get_major_formatter()(1000, 0) == "1.000"      # Indonesian, not 1,000
    assert ax.xaxis.get_major_formatter()(12.5, 0) == "12,5"
    assert "koperasi dinilai" in fig.get_suptitle()


def test_predikat_urutan_dari_attrs(hasil_frame):
    """The predicate order is read from attrs: reversing it there reverses the stack."""
    frame = hasil_frame.copy()
    frame.attrs = {"kesehatan_koperasi": {"aturan": {
        n: r | {"predikat": list(reversed(r["predikat"]))} for n, r in hasil_frame.attrs["kesehatan_koperasi"]["aturan"].items()}}}
    legenda = [t.get_text() for t in kk.grafik.predikat_per_kabupaten(frame).axes[0].get_legend().get_texts()]
    assert legenda[-1] == "Sehat"


def test_predikat_tanpa_attrs(hasil_frame):
    frame = hasil_frame.copy()
    frame.attrs = {}
    with pytest.raises(kk.FrameError, match="keterangan aturan"):
        kk.grafik.predikat_per_kabupaten(frame)


def test_indikator_tersering(hasil_frame, tmp_path):
    fig = kk.grafik.indikator_tersering(hasil_frame, n=5)
    _png(fig, tmp_path, "tersering")
    ax = fig.axes[0]
    assert ax.get_title() == "Indikator yang paling sering menjadi temuan"
    assert ax.get_xlabel() == "Jumlah koperasi dengan temuan"
    kolom = [c for c in hasil_frame.columns if c.startswith("temuan.")]
    jumlah = {c.removeprefix("temuan."): int(hasil_frame[c].sum()) for c in kolom}
    teratas = max(jumlah, key=jumlah.__getitem__)
    label = _ticks(ax.get_yticklabels())
    assert len(label) == 5
    assert label[-1].startswith(teratas + " ")                  # the most frequent on top
    anotasi = [t.get_text() for t in ax.texts]
    assert angka(jumlah[teratas]) in anotasi[-1]
    assert any("," in t and t.endswith("%)") for t in anotasi), anotasi    # 12,5 %
    assert any("." in t for t in _ticks(ax.get_xticklabels()))              # 1.000


def test_tanpa_matplotlib(monkeypatch, hasil_satu):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(PaketOpsionalError, match=r"kesehatan-koperasi\[notebook\]"):
        kk.grafik.radar_aspek(hasil_satu)


def test_repr_hasil_pendek(hasil_satu):
    teks = repr(hasil_satu)
    assert "\n" not in teks and len(teks) < 200, len(teks)
    assert hasil_satu.nama_koperasi in teks
    assert hasil_satu.aturan.nama in teks
    assert f"{hasil_satu.nilai_akhir:.2f}" in teks
    assert hasil_satu.predikat in teks
    assert f"temuan={len(hasil_satu.temuan())}" in teks


def test_repr_html_temuan(hasil_satu):
    temuan = hasil_satu.temuan()
    assert temuan, "contoh Cukup Sehat semestinya punya temuan"
    h = hasil_satu._repr_html_()
    assert f"Temuan ({len(temuan)})" in h
    for i in temuan:
        assert f"<td>{i.kode}</td>" in h
