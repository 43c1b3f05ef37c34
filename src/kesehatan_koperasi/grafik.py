"""Grafik untuk analis: radar keempat aspek satu koperasi, predikat per kabupaten/kota, dan
indikator yang paling sering menjadi temuan.

Setiap fungsi mengembalikan :class:`matplotlib.figure.Figure` (tanpa ``pyplot``, jadi tidak ada
jendela yang terbuka dan tidak ada keadaan global); simpan dengan ``fig.savefig("grafik.png")``.
Angka pada sumbu memakai format Indonesia (``1.000``, ``12,5``). matplotlib adalah ekstra
``[notebook]``: ``pip install "kesehatan-koperasi[notebook]"``.

>>> import kesehatan_koperasi as kk
>>> hasil = kk.assess_frame(kk.contoh.koperasi(500, seed=1))
>>> fig = kk.grafik.predikat_per_kabupaten(hasil)
>>> fig.axes[0].get_title()
'Predikat per kabupaten/kota'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import FrameError, perlu_paket
from .formatting import angka

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .result.hasil import Hasil

__all__ = ["radar_aspek", "predikat_per_kabupaten", "indikator_tersering", "format_angka"]

#: Colours of the predicates, best first (green → red); more predicates reuse the last one.
WARNA_PREDIKAT = ["#1b7f3b", "#7a9a01", "#c77c00", "#b3261e", "#6d1a14"]
ATTRS = "kesehatan_koperasi"


def _figure(ukuran: tuple[float, float]) -> Figure:
    perlu_paket("matplotlib", "grafik (kesehatan_koperasi.grafik)")
    from matplotlib.figure import Figure

    return Figure(figsize=ukuran, layout="constrained")


def format_angka(x: float, pos: object = None) -> str:
    """A tick label in Indonesian format: ``1.000``, ``12,5`` (one decimal only where needed)."""
    if not math.isfinite(x):
        return angka(x)
    bulat = round(x)
    return angka(x) if abs(x - bulat) < 1e-9 else angka(x, 1)


def _formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(format_angka)


def _pendek(teks: str, batas: int = 48) -> str:
    return teks if len(teks) <= batas else teks[: batas - 1].rstrip() + "…"


def _aturan_frame(hasil_frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The rule sets an ``assess_frame`` result describes in ``attrs`` (name → summary)."""
    aturan = hasil_frame.attrs.get(ATTRS, {}).get("aturan")
    if not aturan:
        raise FrameError(
            "Tabel ini tidak membawa keterangan aturan (DataFrame.attrs['kesehatan_koperasi']); "
            "pakai keluaran kk.assess_frame secara langsung, atau baca hasil-massal.parquet yang "
            "menyimpannya."
        )
    return dict(aturan)


def radar_aspek(hasil: Hasil) -> Figure:
    """Radar of the four aspects (Tata Kelola, Profil Risiko, Kinerja Keuangan, Permodalan) of one
    cooperative, from :attr:`Hasil.aspek` (each aspect's score, 0–100)."""
    fig = _figure((6.0, 6.0))
    ax: Any = fig.add_subplot(projection="polar")   # PolarAxes (typed as plain Axes by matplotlib)
    aspek = list(hasil.aspek)
    n = len(aspek)
    sudut = [2 * math.pi * i / n for i in range(n)]
    skor = [a.skor for a in aspek]
    ax.plot(sudut + sudut[:1], skor + skor[:1], color="#1f5f99", linewidth=2)
    ax.fill(sudut + sudut[:1], skor + skor[:1], color="#1f5f99", alpha=0.25)
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(sudut)
    ax.set_xticklabels([f"{a.nama}\n{angka(a.skor, 1)}" for a in aspek])
    ax.tick_params(axis="x", pad=14)
    atas = max(100.0, max(skor, default=0.0))
    ax.set_ylim(0, atas)
    ax.set_yticks([t for t in (25, 50, 75, 100) if t <= atas])
    ax.yaxis.set_major_formatter(_formatter())
    ax.set_title(f"{hasil.nama_koperasi or 'Koperasi'}\nNilai akhir {angka(hasil.nilai_akhir, 2)} — {hasil.predikat}",
                 pad=24)
    return fig


def predikat_per_kabupaten(hasil_frame: pd.DataFrame, kolom: str = "kabupaten_kota") -> Figure:
    """Stacked bars: how many cooperatives of each kabupaten/kota (column ``kolom``) received each
    predicate. The predicates are stacked best first, in the order the rule sets give
    (``attrs["kesehatan_koperasi"]["aturan"][nama]["predikat"]``); rows that could not be scored
    (``galat``) are counted in the subtitle, not in the bars."""
    aturan = _aturan_frame(hasil_frame)
    if kolom not in hasil_frame.columns:
        raise FrameError(f"Kolom '{kolom}' tidak ada di tabel hasil (kolom wilayah: kabupaten_kota).")
    urutan: list[str] = []
    for ringkas in aturan.values():
        urutan += [p for p in ringkas["predikat"] if p not in urutan]
    predikat = hasil_frame["predikat"].astype("object")
    dinilai = predikat.notna()
    wilayah = hasil_frame[kolom].astype("object").where(hasil_frame[kolom].notna(), "(tanpa wilayah)")
    tabel = pd.crosstab(wilayah[dinilai], predikat[dinilai]).reindex(columns=urutan, fill_value=0)
    tabel = tabel.loc[tabel.sum(axis=1).sort_values(kind="stable").index]
    fig = _figure((8.0, max(3.0, 0.45 * len(tabel) + 1.8)))
    ax = fig.add_subplot()
    kiri = pd.Series(0, index=tabel.index)
    for i, p in enumerate(urutan):
        ax.barh(list(tabel.index), tabel[p], left=kiri, label=p,
                color=WARNA_PREDIKAT[min(i, len(WARNA_PREDIKAT) - 1)])
        kiri = kiri + tabel[p]
    ax.xaxis.set_major_formatter(_formatter())
    ax.set_xlabel("Jumlah koperasi")
    ax.set_ylabel("Kabupaten/kota")
    ax.set_title("Predikat per kabupaten/kota")
    gagal = int((~dinilai).sum())
    catatan = f"{angka(int(dinilai.sum()))} koperasi dinilai"
    if gagal:
        catatan += f"; {angka(gagal)} baris tidak dapat dinilai"
    fig.suptitle(catatan, fontsize="small", x=0.99, ha="right")
    ax.legend(title="Predikat", loc="lower right", fontsize="small")
    return fig


def indikator_tersering(hasil_frame: pd.DataFrame, n: int = 10) -> Figure:
    """Horizontal bars of the ``n`` indicators most often a finding (the ``temuan.<kode>``
    columns of an ``assess_frame`` result), each with its count and its share of the cooperatives
    scored (``12,5 %``)."""
    kolom = [c for c in hasil_frame.columns if isinstance(c, str) and c.startswith("temuan.")]
    if not kolom:
        raise FrameError("Tabel hasil tidak memuat kolom temuan.<kode>; pakai keluaran kk.assess_frame (detail='ringkas').")
    label: dict[str, str] = {}
    for ringkas in hasil_frame.attrs.get(ATTRS, {}).get("aturan", {}).values():
        for kode, _aspek, teks in ringkas.get("indikator", []):
            label.setdefault(kode, teks)
    jumlah = pd.Series({c.removeprefix("temuan."): int(hasil_frame[c].fillna(False).astype(bool).sum()) for c in kolom})
    jumlah = jumlah[jumlah > 0].sort_values(ascending=False, kind="stable").head(n)
    dinilai = int(hasil_frame["predikat"].notna().sum()) if "predikat" in hasil_frame.columns else len(hasil_frame)
    fig = _figure((8.0, max(3.0, 0.45 * len(jumlah) + 1.8)))
    ax = fig.add_subplot()
    urut = jumlah.iloc[::-1]
    nama = [f"{k} {_pendek(label[k])}" if k in label else k for k in urut.index]
    ax.barh(nama, urut.to_numpy(), color="#b3261e")
    for y, v in enumerate(urut.to_numpy()):
        bagian = f" ({angka(100 * v / dinilai, 1)} %)" if dinilai else ""
        ax.annotate(f"{angka(int(v))}{bagian}", (v, y), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize="small")
    ax.xaxis.set_major_formatter(_formatter())
    ax.set_xlim(0, max(1, int(jumlah.max()) if len(jumlah) else 1) * 1.2)
    ax.set_xlabel("Jumlah koperasi dengan temuan")
    ax.set_title("Indikator yang paling sering menjadi temuan")
    if not len(jumlah):
        ax.text(0.5, 0.5, "Tidak ada temuan", transform=ax.transAxes, ha="center", va="center")
    return fig
