"""The result of an assessment (spec ``juknis-15-2021-ksp.md`` §7).

One :class:`Hasil` object feeds every rendering — the JSON, the Excel summary, the certificate
and the minutes — so they can never disagree. It is built from one row of
:class:`kesehatan_koperasi.core.engine.Skor`; it computes nothing itself.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

from ..model import KertasKerja
from ..rules import Status


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", ser_json_inf_nan="strings")


class NilaiAturanDipakai(_Model):
    """A rule value that a result used, with its status and source (spec §7)."""

    kunci: str
    uraian: str
    status: Status
    sumber: str


class RincianPeringatan(_Model):
    """A warning as data (:class:`kesehatan_koperasi.core.engine.Peringatan`); ``peringatan``
    holds its text."""

    jenis: Literal["tak_terdefinisi", "tak_hingga"]
    sebab: str
    medan: list[str]
    nilai: int


class HasilIndikator(_Model):
    """One indicator of one cooperative."""

    kode: str
    label: str
    aspek: str
    jenis: Literal["kuesioner", "rasio", "pertumbuhan"]
    rasio: float | None
    """Percentage [%] after rounding (for a questionnaire: items terpenuhi / items × 100);
    None if *tak terdefinisi*; ±inf where the denominator is zero."""
    terpenuhi: int | None = None
    jumlah_butir: int | None = None
    tak_terdefinisi: bool = False
    nilai: int
    """Juknis: Nilai 1-4. Perdep 06/2016: nilai 0-100 of the component."""
    skor: int | float
    """Juknis: Skor 4-1. Perdep 06/2016: nilai × bobot / 100 (2 decimals)."""
    bobot: float | None = None
    """Component weight (Perdep 06/2016 only)."""
    kategori: str
    indeks_pita: int | None = None
    """Row of the band table the value fell in (0 = lowest values); None if *tak terdefinisi* or
    scored linearly."""
    rentang: str
    """The range of the band table the value fell in, e.g. ``"3 % ≤ x < 5 %"``."""
    rentang_sehat: str
    """The range that would be Nilai 1 (Sehat)."""
    status: Status
    """``sementara`` if any rule value used for this indicator is provisional."""
    temuan: bool = False
    """A finding of the examination, by the rule set's own findings rule (``temuan``)."""
    rekomendasi: str
    peringatan: list[str] = []
    rincian_peringatan: list[RincianPeringatan] = []
    nilai_aturan: list[NilaiAturanDipakai] = []
    """Every rule value this result used (band row, cut point, formula, items, weights …)."""


class HasilAspek(_Model):
    kode: str
    nama: str
    bobot: float
    jumlah_indikator: int
    jumlah_skor: int | float
    skor: float
    kontribusi: float
    """The aspect's weighted contribution to the nilai akhir: skor × bobot / 100 (Juknis 15/2021)
    or the skor itself (Perdep 06/2016, where the skor is already weighted)."""
    persen_bobot: float | None = None
    """Perdep 06/2016: the skor as a share of the aspect's weight [%]."""
    label: str
    """The predicate table applied to the aspect score, for information (spec §6)."""


class NilaiSementara(_Model):
    """A provisional rule value that influenced the result."""

    kunci: str
    uraian: str
    sumber: str


class AturanDipakai(_Model):
    nama: str
    versi: str
    judul: str
    berkas: str
    sidik: str = ""
    """Digest of the rule set's content (:meth:`~kesehatan_koperasi.rules.Aturan.content_hash`)."""
    metode: str = "rata_rata_skor"
    temuan: str = "Indikator dengan Nilai 3 (Kurang Sehat) atau 4 (Tidak Sehat)"
    """Which results are findings, in words; the rule itself is the two fields below."""
    temuan_nilai: list[int] | None = [3, 4]
    temuan_nilai_kurang_dari: float | None = None


class BacaanKetahanan(_Model):
    """The result under one alternative reading of the method (spec §9)."""

    id: str
    uraian: str
    sumber: str
    nilai_akhir: float
    predikat: str
    mengubah_predikat: bool


class HasilKetahanan(_Model):
    """The robustness analysis of one cooperative (issue 14): whether the predikat holds under every
    known reading of the method and under the ±1 bound, built from
    :class:`kesehatan_koperasi.core.ketahanan.Ketahanan` (:mod:`.ketahanan`)."""

    predikat: str
    nilai_akhir_min: float
    nilai_akhir_max: float
    predikat_stabil: bool
    pemicu: list[str]
    """Ids of the readings that change the predikat; ``["±1"]`` when only the bound does."""
    bacaan: list[BacaanKetahanan]
    jumlah_indikator_sementara: int
    """Indicators whose Nilai rests on a provisional value (they move in the ±1 bound)."""
    nilai_akhir_bawah: float
    predikat_bawah: str
    """Every such indicator one Nilai worse."""
    nilai_akhir_atas: float
    predikat_atas: str
    """Every such indicator one Nilai better."""
    kalimat: str
    """The one sentence of the minutes' annex."""


class Hasil(_Model):
    """The assessment of one cooperative."""

    aturan: AturanDipakai
    identitas: dict[str, Any]
    kertas_kerja: KertasKerja | None = None
    indikator: list[HasilIndikator]
    aspek: list[HasilAspek]
    nilai_akhir: float
    predikat: str
    peringatan: list[str]
    nilai_sementara: list[NilaiSementara]
    ketahanan: HasilKetahanan | None = None
    """The robustness analysis, when asked for (``assess(..., ketahanan=True)``, ``assess --ketahanan``)."""

    @property
    def nama_koperasi(self) -> str:
        return str(self.identitas.get("nama_koperasi", ""))

    def indikator_kode(self, kode: str) -> HasilIndikator:
        return next(i for i in self.indikator if i.kode == kode)

    def temuan(self) -> list[HasilIndikator]:
        """The findings of the minutes, as the core flagged them by the rule set's own rule
        (``aturan.temuan``; Juknis: Nilai 3 or 4)."""
        return [i for i in self.indikator if i.temuan]

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator."""
        rows = [i.model_dump(exclude={"peringatan", "rincian_peringatan", "nilai_aturan"})
                | {"peringatan": "; ".join(i.peringatan)} for i in self.indikator]
        return pd.DataFrame(rows).set_index("kode")

    def to_json(self) -> str:
        """The whole result as JSON, keys in a stable order."""
        return self.model_dump_json(indent=2)

    def canonical(self) -> dict[str, Any]:
        """The scored content that the verification code covers (not the worksheet's free text)."""
        return {
            "aturan": [self.aturan.nama, self.aturan.versi],
            "koperasi": [self.identitas.get("nik"), self.identitas.get("nama_koperasi"),
                         self.identitas.get("tahun_buku")],
            "indikator": [[i.kode, i.nilai] for i in self.indikator],
            "aspek": [[a.kode, f"{a.skor:.1f}"] for a in self.aspek],
            "nilai_akhir": f"{self.nilai_akhir:.3f}",
            "predikat": self.predikat,
        }

    def kode_verifikasi(self) -> str:
        """A short digest of :meth:`canonical`, printed on the certificate (12 hex digits, grouped)."""
        raw = json.dumps(self.canonical(), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        h = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12].upper()
        return "-".join(h[i:i + 4] for i in range(0, 12, 4))

    def __repr__(self) -> str:
        """One line: name, rule set, nilai akhir, predikat and number of findings (the whole
        result is :meth:`to_json`)."""
        return (f"Hasil({self.nama_koperasi!r}, aturan={self.aturan.nama!r} versi {self.aturan.versi}, "
                f"nilai_akhir={self.nilai_akhir:.2f}, predikat={self.predikat!r}, temuan={len(self.temuan())})")

    def _repr_html_(self) -> str:
        import html

        from ..formatting import angka

        warna = {"Sehat": "#1b7f3b", "Cukup Sehat": "#7a9a01", "Dalam Pengawasan": "#c77c00",
                 "Dalam Pengawasan Khusus": "#b3261e"}
        rows = "".join(
            f"<tr><td>{a.kode}</td><td>{a.nama}</td><td style='text-align:right'>{angka(a.bobot)} %</td>"
            f"<td style='text-align:right'>{angka(a.skor, 1)}</td><td>{a.label}</td></tr>"
            for a in self.aspek
        )
        temuan = self.temuan()
        if temuan:
            baris = "".join(
                f"<tr><td>{html.escape(i.kode)}</td><td>{html.escape(i.label)}</td>"
                f"<td style='text-align:right'>{i.nilai}</td><td>{html.escape(i.kategori)}</td>"
                f"<td>{html.escape(i.rekomendasi)}</td></tr>"
                for i in temuan
            )
            bagian_temuan = (
                f"<p><b>Temuan ({len(temuan)})</b></p>"
                f"<table><thead><tr><th>Kode</th><th>Indikator</th><th>Nilai</th><th>Kategori</th>"
                f"<th>Rekomendasi</th></tr></thead><tbody>{baris}</tbody></table>"
            )
        else:
            bagian_temuan = "<p><b>Temuan (0)</b>: tidak ada temuan.</p>"
        c = warna.get(self.predikat, "#333")
        return (
            f"<div><b>{html.escape(self.nama_koperasi)}</b> — {html.escape(self.aturan.nama)}"
            f"<table><thead><tr><th>Kode</th><th>Aspek</th><th>Bobot</th><th>Skor</th><th>Label</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f"<p>Nilai akhir <b>{angka(self.nilai_akhir, 3)}</b> — "
            f"<span style='color:#fff;background:{c};padding:2px 6px;border-radius:3px'>{html.escape(self.predikat)}</span></p>"
            f"{bagian_temuan}</div>"
        )
