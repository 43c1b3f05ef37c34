"""The model of a rule file (spec ``juknis-15-2021-ksp.md`` §1-§7): aspects, components, indicators,
band tables (:class:`Pita`), weights, rounding and the predicate table, each value with its
``sumber`` and ``status``. Pure data classes; loading and checking live in :mod:`.load`.

Band tables are written as ascending cut points between consecutive results, so a gap or an
overlap cannot be expressed; see the header of ``rulesets/juknis-15-2021.yaml``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from ..fields import KNOWN_NAMES, OPTIONAL_FIELDS
from ..fields import label as _field_label

Status = Literal["terkonfirmasi", "sementara"]
TERKONFIRMASI: Status = "terkonfirmasi"
SEMENTARA: Status = "sementara"

_EDGE = re.compile(r"^\s*(\[)?\s*(-?\d+(?:[.,]\d+)?)\s*(\])?\s*$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bersumber(_Model):
    """A value with its source and status."""

    status: Status
    sumber: str = Field(min_length=1)


class NilaiBersumber(Bersumber):
    """A number with its source and status (a weight, the Nilai of *tak terdefinisi*)."""

    nilai: float


class Pita(_Model):
    """A band table: results from the lowest range of values to the highest, and the cut points.

    ``batas[i]`` separates ``nilai[i]`` (below) from ``nilai[i + 1]`` (above). ``"[a"`` puts ``a``
    itself in the upper range (``x >= a`` goes up), ``"a]"`` in the lower one (``x > a`` goes up).
    """

    nilai: list[int | str]
    batas: list[str]
    status: Status | dict[int | str, Status]
    status_batas: Status | None = None
    sumber: str = Field(min_length=1)

    @field_validator("batas")
    @classmethod
    def _edges_parse(cls, v: list[str]) -> list[str]:
        bad = [b for b in v if not _parse_edge(b)]
        if bad:
            raise ValueError(f"batas harus berbentuk '[a' atau 'a]', bukan {bad}")
        return v

    @property
    def titik(self) -> np.ndarray:
        """Cut points, ascending [same unit as the value banded]."""
        return np.array([_edge(b)[0] for b in self.batas], dtype=float)

    @property
    def naik_di_titik(self) -> np.ndarray:
        """For each cut point, whether the point itself belongs to the upper range."""
        return np.array([_edge(b)[1] for b in self.batas], dtype=bool)

    def status_nilai(self, nilai: int | str) -> Status:
        """Status of the row of the table that yields ``nilai``."""
        if isinstance(self.status, str):
            return self.status
        return self.status.get(nilai, self.status.get(str(nilai), SEMENTARA))

    @property
    def status_titik(self) -> Status:
        """Status of where the cut points themselves were placed."""
        if self.status_batas is not None:
            return self.status_batas
        return self.status if isinstance(self.status, str) else SEMENTARA

    def rentang(self, i: int, satuan: str = "") -> str:
        """Human-readable range of the ``i``-th result, e.g. ``"3 % ≤ x < 5 %"`` or ``"x ≥ 7 %"``."""
        t = self.titik
        up = self.naik_di_titik
        lo = f"{_fmt(t[i - 1])}{satuan}" if i > 0 else None
        hi = f"{_fmt(t[i])}{satuan}" if i < len(t) else None
        if lo and hi:
            return f"{lo} {'≤' if up[i - 1] else '<'} x {'<' if up[i] else '≤'} {hi}"
        if lo:
            return f"x {'≥' if up[i - 1] else '>'} {lo}"
        if hi:
            return f"x {'<' if up[i] else '≤'} {hi}"
        return "semua nilai"

    def rentang_untuk(self, hasil: int | str, satuan: str = "") -> str:
        """Range(s) of values that yield ``hasil`` (joined with "atau" if several)."""
        return " atau ".join(self.rentang(i, satuan) for i, n in enumerate(self.nilai) if n == hasil)


def _edge(text: str) -> tuple[float, bool]:
    """A validated cut point (the model's validator has refused every other form)."""
    parsed = _parse_edge(text)
    assert parsed is not None, text
    return parsed


def _parse_edge(text: str) -> tuple[float, bool] | None:
    m = _EDGE.match(str(text))
    if not m or bool(m.group(1)) == bool(m.group(3)):
        return None
    return float(m.group(2).replace(",", ".")), bool(m.group(1))


def _fmt(x: float) -> str:
    return (f"{x:.2f}".rstrip("0").rstrip(".")).replace(".", ",")


class Butir(_Model):
    """One questionnaire item: answered Terpenuhi (1) or Tidak Terpenuhi (0)."""

    kode: str = Field(pattern=r"^[a-z]$")
    teks: str = Field(min_length=1)
    status: Status | None = None


class Indikator(_Model):
    """One indicator: a questionnaire (``butir``), a ratio (``pembilang``/``penyebut``) or a growth."""

    kode: str
    label: str = Field(min_length=1)
    label_en: str | None = None
    status: Status
    sumber: str = Field(min_length=1)
    rekomendasi: str = Field(min_length=1)
    butir: list[Butir] | None = None
    pembilang: list[str] | None = None
    penyebut: list[str] | None = None
    pertumbuhan: str | None = None
    penyebut_harus_positif: bool = False
    #: Denominator of a growth: ``None``/``"mutlak"`` the prior-year value's absolute value (spec §3),
    #: ``"bertanda"`` the signed prior-year value (alternative ``pertumbuhan-basis-bertanda``, spec §9).
    basis_pertumbuhan: Literal["mutlak", "bertanda"] | None = None
    pita: Pita | None = None
    tak_terdefinisi: NilaiBersumber | None = None
    #: Component weight, for ``metode: jumlah_berbobot`` (skor = nilai × bobot / 100).
    bobot: NilaiBersumber | None = None

    @property
    def jenis(self) -> Literal["kuesioner", "rasio", "pertumbuhan"]:
        if self.butir is not None:
            return "kuesioner"
        return "pertumbuhan" if self.pertumbuhan else "rasio"

    @property
    def kode_butir(self) -> list[str]:
        """Full item codes (``A.1.1.a``) of a questionnaire indicator, else ``[]``."""
        return [f"{self.kode}.{b.kode}" for b in self.butir or []]


class Komponen(_Model):
    kode: str
    nama: str = Field(min_length=1)
    komponen: list[Komponen] = []
    indikator: list[Indikator] = []

    def semua_indikator(self) -> Iterator[Indikator]:
        yield from self.indikator
        for k in self.komponen:
            yield from k.semua_indikator()


class Aspek(_Model):
    kode: str = Field(pattern=r"^[A-Z]$")
    nama: str = Field(min_length=1)
    bobot: NilaiBersumber
    komponen: list[Komponen]

    def semua_indikator(self) -> Iterator[Indikator]:
        for k in self.komponen:
            yield from k.semua_indikator()


class Tingkat(_Model):
    nilai: int
    kategori: str
    skor: int


class Skala(Bersumber):
    tingkat: list[Tingkat]


class Pembulatan(Bersumber):
    desimal: int = Field(ge=0, le=6)
    cara: Literal["setengah_ke_atas", "potong", "tepat"]


class AturanPembulatan(_Model):
    rasio: Pembulatan
    aspek: Pembulatan
    nilai_akhir: Pembulatan
    #: Rounding of a component's skor (``metode: jumlah_berbobot`` only).
    skor: Pembulatan | None = None


class Kuesioner(_Model):
    """How a questionnaire indicator is scored: a band table on the share of items terpenuhi
    (``pita``), or ``linier``: nilai = share × 100 (Perdep 06/2016: a fixed skor per "Ya")."""

    jawaban: dict[str, int]
    pita: Pita | None = None
    linier: Bersumber | None = None


class Turunan(Bersumber):
    """A derived quantity that only this rule set uses: Σ komponen × koefisien."""

    label: str = Field(min_length=1)
    komponen: dict[str, float]


class Temuan(_Model):
    """Which indicator results are findings in the minutes: listed Nilai, or Nilai below a bound."""

    uraian: str = Field(min_length=1)
    nilai: list[int] | None = None
    nilai_kurang_dari: float | None = None


class Predikat(_Model):
    pita: Pita


class Pembobotan(Bersumber):
    """Weights of a weighted sum (the bobot pengakuan of ``modal_tertimbang``, the bobot risiko of
    ``atmr``) [%]; ``status``/``sumber`` hold for every weight that ``status_bobot``/``sumber_bobot``
    do not name."""

    bobot: dict[str, float]
    status_bobot: dict[str, Status] = {}
    sumber_bobot: dict[str, str] = {}

    def status_dari(self, nama: str) -> Status:
        return self.status_bobot.get(nama, self.status)

    def sumber_dari(self, nama: str) -> str:
        return self.sumber_bobot.get(nama, self.sumber)


class TambahIndikator(_Model):
    """An indicator that an alternative reading adds (``npm-19``): placed in component ``komponen``,
    after the indicator ``setelah`` (default: at the end of the component)."""

    komponen: str
    setelah: str | None = None
    indikator: dict[str, Any]


#: Top-level keys an alternative reading may replace in ``ganti`` (merged key by key).
KUNCI_GANTI = ("skala", "pembulatan", "kuesioner", "predikat", "modal_tertimbang", "atmr", "turunan")


class Alternatif(_Model):
    """A known alternative reading of the method (spec ``juknis-15-2021-ksp.md`` §9): a named patch on
    the rule set, applied by :func:`kesehatan_koperasi.rules.alternatif.terapkan`.

    ``indikator`` maps an indicator code to the fields it replaces (mappings merge key by key, a
    band table's ``batas`` or ``nilai`` is replaced whole); ``ganti`` does the same for the
    top-level keys of :data:`KUNCI_GANTI` (rounding, the questionnaire table, …);
    ``tambah_indikator`` adds indicators. Every replaced value becomes ``sementara`` with the
    alternative's ``sumber``, unless the patch states its own ``status``/``sumber``.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    uraian: str = Field(min_length=1)
    sumber: str = Field(min_length=1)
    indikator: dict[str, dict[str, Any]] = {}
    ganti: dict[str, dict[str, Any]] = {}
    tambah_indikator: list[TambahIndikator] = []

    @field_validator("ganti")
    @classmethod
    def _ganti_keys(cls, v: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        bad = sorted(set(v) - set(KUNCI_GANTI))
        if bad:
            raise ValueError(f"kunci ganti tidak dikenal {bad}; yang dikenal: {', '.join(KUNCI_GANTI)}")
        return v

    @property
    def sasaran(self) -> list[str]:
        """What the reading changes, in words: indicator codes and top-level keys."""
        return (list(self.indikator) + [f"+{t.indikator.get('kode', '?')}" for t in self.tambah_indikator]
                + [f"{k}.{sub}" for k, v in self.ganti.items() for sub in v])


class Aturan(_Model):
    """A complete rule set (one rule file)."""

    nama: str
    versi: str
    judul: str
    jenis_koperasi: list[str]
    berlaku_mulai: dt.date
    #: First day the rule set no longer applies (exclusive; ``None``: still in force). The resolver
    #: (:mod:`.resolve`) chooses by ``jenis_koperasi`` and ``berlaku_mulai <= tanggal < berlaku_sampai``.
    berlaku_sampai: dt.date | None = None
    sumber_pustaka: dict[str, str]
    #: ``rata_rata_skor`` (Juknis 15/2021: Nilai 1-4 → Skor 4-1, aspect = mean skor × 25) or
    #: ``jumlah_berbobot`` (Perdep 06/2016: nilai 0-100 × component weight, summed).
    metode: Literal["rata_rata_skor", "jumlah_berbobot"] = "rata_rata_skor"
    skala: Skala | None = None
    pembulatan: AturanPembulatan
    kuesioner: Kuesioner
    predikat: Predikat
    modal_tertimbang: Pembobotan
    atmr: Pembobotan
    aspek: list[Aspek]
    #: Label overrides for canonical field names (e.g. syariah terminology): ``{nama: label}``.
    istilah: dict[str, str] = {}
    #: Derived quantities of this rule set only, evaluated after those of ``fields.DERIVED``.
    turunan: dict[str, Turunan] = {}
    temuan: Temuan = Temuan(uraian="Indikator dengan Nilai 3 (Kurang Sehat) atau 4 (Tidak Sehat)", nilai=[3, 4])
    #: Known alternative readings (spec §9), for ``load_rules(name, alternatif=[...])`` and the
    #: robustness analysis (``kk.uji_ketahanan``). They do not change the default method, so the
    #: content digest leaves them out.
    alternatif: list[Alternatif] = []

    _berkas: str = PrivateAttr(default="")
    _sidik: str = PrivateAttr(default="")
    _dasar: tuple[str, ...] = PrivateAttr(default=())
    _alternatif_dipakai: tuple[str, ...] = PrivateAttr(default=())

    @property
    def alternatif_dipakai(self) -> tuple[str, ...]:
        """Ids of the alternative readings applied to this set (empty for a rule file as written)."""
        return self._alternatif_dipakai

    def cari_alternatif(self, id: str) -> Alternatif:
        """The alternative reading ``id`` (KeyError if the rule set has none by that id)."""
        for a in self.alternatif:
            if a.id == id:
                return a
        raise KeyError(id)

    @property
    def dasar(self) -> tuple[str, ...]:
        """The rule sets this one derives from (key ``dasar`` of its file): parent first; empty
        for a rule file that states everything itself."""
        return self._dasar

    def berlaku_pada(self, tanggal: dt.date) -> bool:
        """Whether the rule set is in force on ``tanggal`` (``berlaku_mulai`` ≤ tanggal < ``berlaku_sampai``)."""
        return self.berlaku_mulai <= tanggal and (self.berlaku_sampai is None or tanggal < self.berlaku_sampai)

    @property
    def berkas(self) -> str:
        """Where the rule set was loaded from."""
        return self._berkas

    def content_hash(self) -> str:
        """Digest of the rule set's content: SHA-256 of its canonical JSON, ``"sha256:"`` and the
        first 16 hex digits. Two files with the same method have the same digest whatever their
        layout, comments or key order; any change of a value, a status or a source changes it. The
        alternative readings (``alternatif``) are left out: they do not change the method a result is
        scored with (a patched set has its own content, and its ``versi`` names the readings)."""
        if not self._sidik:
            isi = _tanpa_bawaan(self.model_dump(mode="json", exclude={"alternatif"}))
            raw = json.dumps(isi, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            self._sidik = "sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
        return self._sidik

    def indikator(self) -> list[tuple[Aspek, Indikator]]:
        """Every indicator with its aspect, in tree order."""
        return [(a, i) for a in self.aspek for i in a.semua_indikator()]

    def cari(self, kode: str) -> Indikator:
        """The indicator with code ``kode``."""
        for _, i in self.indikator():
            if i.kode == kode:
                return i
        raise KeyError(kode)

    def kode_butir(self) -> list[str]:
        """Every questionnaire item code, in tree order."""
        return [k for _, i in self.indikator() for k in i.kode_butir]

    def kategori(self, nilai: int) -> str:
        """Category of an indicator's Nilai (empty where the method has no scale)."""
        if self.skala is None:
            return ""
        return {t.nilai: t.kategori for t in self.skala.tingkat}.get(nilai, "")

    def skor(self, nilai: int) -> int:
        assert self.skala is not None, "skala hanya untuk metode rata_rata_skor"
        return {t.nilai: t.skor for t in self.skala.tingkat}[nilai]

    def nilai_sehat(self, ind: Indikator) -> str:
        """The range of values that would give the best result (shown next to a finding)."""
        pita = self.kuesioner.pita if ind.jenis == "kuesioner" else ind.pita
        if pita is None:
            return "semua butir terpenuhi"
        best = 1 if self.metode == "rata_rata_skor" else max(pita.nilai)
        return pita.rentang_untuk(best, " %")

    def nama_dikenal(self) -> frozenset[str]:
        """Every quantity a formula of this rule set may use."""
        return KNOWN_NAMES | frozenset(self.turunan)

    def medan_tambahan(self) -> list[str]:
        """Optional input fields (``fields.OPTIONAL_FIELDS``) that this rule set uses."""
        used: set[str] = set()
        for _, ind in self.indikator():
            used.update((ind.pembilang or []) + (ind.penyebut or []) + ([ind.pertumbuhan] if ind.pertumbuhan else []))
        for t in self.turunan.values():
            used.update(t.komponen)
        return [f.name for f in OPTIONAL_FIELDS if f.name in used]

    def label_medan(self, nama: str) -> str:
        """Label of a field or derived quantity in this rule set's terms (``istilah``, else the default)."""
        if nama in self.istilah:
            return self.istilah[nama]
        return self.turunan[nama].label if nama in self.turunan else _field_label(nama)




def _tanpa_bawaan(data: Any) -> Any:
    """``data`` without the keys whose value is the default of a field added after rule files
    recorded their digest (``basis_pertumbuhan: null``), so those digests stay valid."""
    if isinstance(data, list):
        return [_tanpa_bawaan(x) for x in data]
    if isinstance(data, dict):
        return {k: _tanpa_bawaan(v) for k, v in data.items() if not (k == "basis_pertumbuhan" and v is None)}
    return data
