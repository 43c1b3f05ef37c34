"""Rule sets as data: the model of a rule file, its loader and its checks.

A rule file (``rulesets/<nama>.yaml``, package data) holds the whole method of one examination
regime: the tree aspect → komponen → indikator, the questionnaire items, each ratio's numerator
and denominator by canonical field name (:mod:`kesehatan_koperasi.fields`), the band tables, the
Nilai of a ratio that is *tak terdefinisi*, the weights, the rounding rules and the predicate
table — each value with its ``sumber`` and ``status`` (``terkonfirmasi`` / ``sementara``).

Band tables (:class:`Pita`) are written as ascending cut points between consecutive results, so a
gap or an overlap cannot be expressed; see the header of ``rulesets/juknis-15-2021.yaml``.

:func:`load_rules` validates a file completely and reports every problem with the file and the
key (:class:`~kesehatan_koperasi.errors.RulesError`).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from .errors import RulesError
from .fields import KNOWN_NAMES, OPTIONAL_FIELDS
from .fields import label as _field_label

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
        return np.array([_parse_edge(b)[0] for b in self.batas], dtype=float)

    @property
    def naik_di_titik(self) -> np.ndarray:
        """For each cut point, whether the point itself belongs to the upper range."""
        return np.array([_parse_edge(b)[1] for b in self.batas], dtype=bool)

    def status_nilai(self, nilai: int | str) -> Status:
        """Status of the row of the table that yields ``nilai``."""
        if isinstance(self.status, str):
            return self.status
        return self.status.get(nilai, self.status.get(str(nilai), SEMENTARA))  # type: ignore[arg-type]

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
    bobot: dict[str, float]


class Aturan(_Model):
    """A complete rule set (one rule file)."""

    nama: str
    versi: str
    judul: str
    jenis_koperasi: list[str]
    berlaku_mulai: dt.date
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

    _berkas: str = PrivateAttr(default="")

    @property
    def berkas(self) -> str:
        """Where the rule set was loaded from."""
        return self._berkas

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

    def is_temuan(self, nilai: float) -> bool:
        """Whether an indicator result is a finding of the examination (``temuan`` in the rule file)."""
        t = self.temuan
        if t.nilai is not None and nilai in t.nilai:
            return True
        return t.nilai_kurang_dari is not None and nilai < t.nilai_kurang_dari

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


# ----------------------------------------------------------------------------- checks


def _check(aturan: Aturan) -> list[tuple[str, str]]:
    """Every semantic problem of a parsed rule set, as ``(key, message)``."""
    out: list[tuple[str, str]] = []
    berbobot = aturan.metode == "jumlah_berbobot"
    known = aturan.nama_dikenal()
    if berbobot:
        levels: list[Any] = list(range(0, 101))
        if aturan.pembulatan.skor is None:
            out.append(("pembulatan.skor", "wajib ada untuk metode jumlah_berbobot"))
    elif aturan.skala is None:
        out.append(("skala", "wajib ada untuk metode rata_rata_skor"))
        levels = [1, 2, 3, 4]
    else:
        levels = sorted(t.nilai for t in aturan.skala.tingkat)
        if levels != [1, 2, 3, 4] or sorted(t.skor for t in aturan.skala.tingkat) != [1, 2, 3, 4]:
            out.append(("skala.tingkat", "harus memuat Nilai 1-4 dan Skor 1-4 masing-masing sekali"))
    for name, t in aturan.turunan.items():
        if name in KNOWN_NAMES:
            out.append((f"turunan.{name}", "nama sudah dipakai isian atau besaran turunan bawaan"))
        for src in t.komponen:
            if src not in known or src == name:
                out.append((f"turunan.{name}.komponen.{src}", "nama isian tidak dikenal"))
    if (aturan.temuan.nilai is None) == (aturan.temuan.nilai_kurang_dari is None):
        out.append(("temuan", "isi tepat satu dari 'nilai' atau 'nilai_kurang_dari'"))

    def check_pita(key: str, pita: Pita | None, boleh: set[Any] | None) -> None:
        if pita is None:
            out.append((key, "pita (tabel batas) wajib ada"))
            return
        if len(pita.batas) != len(pita.nilai) - 1:
            out.append((key + ".batas", f"harus ada {len(pita.nilai) - 1} batas untuk {len(pita.nilai)} nilai, "
                                        f"ditemukan {len(pita.batas)}"))
            return
        t = pita.titik
        if len(t) and not np.all(np.diff(t) > 0):
            out.append((key + ".batas", f"batas harus naik tegas, ditemukan {pita.batas}"))
        if boleh is not None:
            bad = [n for n in pita.nilai if n not in boleh]
            if bad:
                out.append((key + ".nilai", f"nilai di luar {sorted(boleh)}: {bad}"))
        if isinstance(pita.status, dict):
            unknown = [k for k in pita.status if k not in pita.nilai and str(k) not in map(str, pita.nilai)]
            if unknown:
                out.append((key + ".status", f"status untuk nilai yang tidak ada di pita: {unknown}"))

    if (aturan.kuesioner.pita is None) == (aturan.kuesioner.linier is None):
        out.append(("kuesioner", "isi tepat satu dari 'pita' atau 'linier'"))
    elif aturan.kuesioner.pita is not None:
        check_pita("kuesioner.pita", aturan.kuesioner.pita, set(levels))
    if sorted(aturan.kuesioner.jawaban.values()) != [0, 1]:
        out.append(("kuesioner.jawaban", "jawaban harus bernilai 1 (terpenuhi) dan 0 (tidak terpenuhi)"))
    predikat = aturan.predikat.pita
    check_pita("predikat.pita", predikat, None)
    if len(set(predikat.nilai)) != len(predikat.nilai):
        out.append(("predikat.pita.nilai", "nama predikat harus unik"))

    for key, pb in (("modal_tertimbang", aturan.modal_tertimbang), ("atmr", aturan.atmr)):
        for name, w in pb.bobot.items():
            if name not in known:
                out.append((f"{key}.bobot.{name}", "nama isian tidak dikenal"))
            if not (0 <= w <= 100):
                out.append((f"{key}.bobot.{name}", f"bobot harus 0-100 %, ditemukan {w}"))

    total = 0.0
    seen: set[str] = set()
    for ai, a in enumerate(aturan.aspek):
        akey = f"aspek[{ai}] ({a.kode})"
        w = a.bobot.nilai
        total += w
        if w <= 0 or not float(w).is_integer():
            out.append((akey + ".bobot", f"bobot harus bilangan bulat positif (persen), ditemukan {w}"))
        if a.kode in seen:
            out.append((akey, f"kode {a.kode} ganda"))
        seen.add(a.kode)
        inds = list(a.semua_indikator())
        if not inds:
            out.append((akey, "aspek tanpa indikator"))
        if berbobot:
            missing_w = [i.kode for i in inds if i.bobot is None]
            if missing_w:
                out.append((akey, f"indikator tanpa bobot (wajib untuk jumlah_berbobot): {missing_w}"))
            else:
                jumlah = sum(i.bobot.nilai for i in inds)  # type: ignore[union-attr]
                if not math.isclose(jumlah, w, abs_tol=1e-9):
                    out.append((akey + ".bobot", f"jumlah bobot indikator ({jumlah:g}) harus sama dengan bobot "
                                                 f"aspek ({w:g})"))
        for ind in inds:
            key = f"{akey} indikator {ind.kode}"
            if ind.kode in seen:
                out.append((key, f"kode {ind.kode} ganda"))
            seen.add(ind.kode)
            if not ind.kode.startswith(a.kode + "."):
                out.append((key, f"kode indikator harus diawali '{a.kode}.'"))
            kinds = [ind.butir is not None, ind.pembilang is not None or ind.penyebut is not None,
                     ind.pertumbuhan is not None]
            if sum(kinds) != 1:
                out.append((key, "indikator harus memakai tepat satu dari: butir, pembilang+penyebut, pertumbuhan"))
                continue
            if ind.jenis == "kuesioner":
                assert ind.butir is not None
                if not ind.butir:
                    out.append((key + ".butir", "kuesioner tanpa butir"))
                codes = [b.kode for b in ind.butir]
                if len(set(codes)) != len(codes):
                    out.append((key + ".butir", f"kode butir ganda: {codes}"))
                if ind.pita is not None or ind.tak_terdefinisi is not None:
                    out.append((key, "indikator kuesioner memakai pita kuesioner umum; hapus pita/tak_terdefinisi"))
                continue
            if ind.jenis == "rasio" and (not ind.pembilang or not ind.penyebut):
                out.append((key, "rasio memerlukan pembilang dan penyebut"))
            names = (ind.pembilang or []) + (ind.penyebut or []) + ([ind.pertumbuhan] if ind.pertumbuhan else [])
            for n in names:
                if n not in known:
                    out.append((key, f"nama isian '{n}' tidak dikenal"))
            check_pita(key + ".pita", ind.pita, set(levels))
            if ind.tak_terdefinisi is None:
                out.append((key + ".tak_terdefinisi", "Nilai untuk rasio tak terdefinisi wajib ada"))
            elif ind.tak_terdefinisi.nilai not in levels:
                out.append((key + ".tak_terdefinisi", f"Nilai harus salah satu dari {levels}"))
    if not math.isclose(total, 100.0, abs_tol=1e-9):
        out.append(("aspek[*].bobot", f"jumlah bobot aspek harus 100, ditemukan {total:g}"))
    out += _check_istilah(aturan)
    return out


def _check_istilah(aturan: Aturan) -> list[tuple[str, str]]:
    """Problems of the optional ``istilah`` mapping: unknown field names, empty labels."""
    out: list[tuple[str, str]] = []
    for nama, teks in aturan.istilah.items():
        if nama not in KNOWN_NAMES:
            out.append((f"istilah.{nama}", "nama isian tidak dikenal (lihat kesehatan_koperasi.fields)"))
        if not str(teks).strip():
            out.append((f"istilah.{nama}", "label tidak boleh kosong"))
    return out


def _pydantic_problems(err: ValidationError) -> list[tuple[str, str]]:
    out = []
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"])
        msg = e["msg"]
        if e["type"] == "missing":
            msg = "wajib ada"
        elif e["type"] == "extra_forbidden":
            msg = "kunci tidak dikenal"
        out.append((key, msg))
    return out


def parse_rules(data: Any, berkas: str = "<data>") -> Aturan:
    """Validate an already-parsed rule document and return the rule set."""
    if not isinstance(data, dict):
        raise RulesError(berkas, [("", "isi berkas aturan harus berupa pemetaan (mapping) YAML")])
    try:
        aturan = Aturan.model_validate(data)
    except ValidationError as e:
        raise RulesError(berkas, _pydantic_problems(e)) from None
    problems = _check(aturan)
    if problems:
        raise RulesError(berkas, problems)
    aturan._berkas = berkas
    return aturan


def builtin_rules() -> list[str]:
    """Names of the rule sets shipped with the package."""
    folder = resources.files("kesehatan_koperasi") / "rulesets"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


@functools.lru_cache(maxsize=16)
def _load_builtin(name: str) -> Aturan:
    res = resources.files("kesehatan_koperasi") / "rulesets" / f"{name}.yaml"
    return _parse_text(res.read_text(encoding="utf-8"), f"{name} (bawaan)")


def _parse_text(text: str, berkas: str) -> Aturan:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise RulesError(berkas, [("", f"YAML tidak sah: {e}")]) from None
    return parse_rules(data, berkas)


def load_rules(name_or_path: str | Path | Aturan = "juknis-15-2021") -> Aturan:
    """Load a rule set by built-in name (``"juknis-15-2021"``) or from a YAML file path.

    Raises
    ------
    RulesError
        The name is unknown, the file cannot be read, or its content is invalid; the message
        lists every problem with its key.
    """
    if isinstance(name_or_path, Aturan):
        return name_or_path
    text = str(name_or_path)
    if text in builtin_rules():
        return _load_builtin(text)
    path = Path(text)
    if path.suffix.lower() not in (".yaml", ".yml") and not path.exists():
        raise RulesError(text, [("", f"bukan nama aturan bawaan ({', '.join(builtin_rules())}) "
                                     "dan bukan berkas .yaml")])
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RulesError(text, [("", f"berkas tidak dapat dibaca: {e.strerror or e}")]) from None
    return _parse_text(content, str(path))


#: Cooperative types examined as syariah (KSPPS/USPPS); spec ``fields.md`` (``jenis``).
JENIS_SYARIAH: frozenset[str] = frozenset({"KSPPS", "USPPS"})
JENIS_KONVENSIONAL: frozenset[str] = frozenset({"KSP", "USP"})
_ATURAN_JUKNIS = "juknis-15-2021"
_ATURAN_JUKNIS_SYARIAH = "juknis-15-2021-kspps"
_ATURAN_PERDEP = "perdep-06-2016"


def pilih_aturan(jenis: str | None = None, tanggal: dt.date | None = None) -> str:
    """Name of the built-in rule set for a cooperative type and, optionally, an examination date.

    Parameters
    ----------
    jenis : str, optional
        ``KSP``, ``USP``, ``KSPPS`` or ``USPPS`` (case-insensitive); ``None`` means conventional.
    tanggal : datetime.date, optional
        Date of the examination. When given and earlier than the ``berlaku_mulai`` of the Juknis
        rule set that would apply, the previous regime is chosen: ``perdep-06-2016`` for KSP/USP
        if that built-in exists.

    Returns
    -------
    str
        ``juknis-15-2021-kspps`` for KSPPS/USPPS, ``juknis-15-2021`` otherwise, or
        ``perdep-06-2016`` before the Juknis took effect.

    Raises
    ------
    RulesError
        ``jenis`` is unknown, or no built-in rule set covers the date (for example a KSPPS
        examined before the Juknis: Perdep 07/2016 is not shipped).

    Notes
    -----
    The effective date is read from the rule file (``berlaku_mulai``), not from the code, so a
    corrected date needs only a corrected rule file.
    """
    j = None if jenis is None else str(jenis).strip().upper()
    if j is not None and j not in JENIS_SYARIAH | JENIS_KONVENSIONAL:
        raise RulesError("bawaan", [("jenis", f"jenis koperasi '{jenis}' tidak dikenal; pilih salah satu dari "
                                           f"{', '.join(sorted(JENIS_KONVENSIONAL | JENIS_SYARIAH))}")])
    syariah = j in JENIS_SYARIAH
    nama = _ATURAN_JUKNIS_SYARIAH if syariah else _ATURAN_JUKNIS
    if tanggal is None:
        return nama
    if isinstance(tanggal, dt.datetime):
        tanggal = tanggal.date()
    mulai = load_rules(nama).berlaku_mulai
    if tanggal >= mulai:
        return nama
    tgl, awal = tanggal.isoformat(), mulai.isoformat()
    if syariah:
        raise RulesError(nama, [("tanggal", f"pemeriksaan {j} tanggal {tgl} mendahului berlakunya {nama} "
                                             f"({awal}); aturan rezim lama untuk koperasi syariah (Perdep "
                                             "07/Per/Dep.6/IV/2016) belum tersedia sebagai aturan bawaan. "
                                             "Pilih aturan secara eksplisit dengan --rules NAMA|BERKAS.")])
    if _ATURAN_PERDEP in builtin_rules():
        return _ATURAN_PERDEP
    raise RulesError(_ATURAN_PERDEP, [("tanggal", f"pemeriksaan tanggal {tgl} mendahului berlakunya {nama} ({awal}), "
                                         f"tetapi aturan rezim lama '{_ATURAN_PERDEP}' belum tersedia sebagai "
                                         "aturan bawaan. Pilih aturan secara eksplisit dengan --rules NAMA|BERKAS.")])
