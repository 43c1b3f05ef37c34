"""Reading and validating a filled worksheet (issue 3, item 2; spec ``fields.md``, "Validation").

:func:`read_worksheet` finds every input row by the key in column A (:mod:`.layout`), parses
each cell (Indonesian number text through :mod:`.numbers`), and collects **every** problem with
its sheet, cell, field, what was expected and what was found, before it raises one
:class:`~kesehatan_koperasi.errors.WorksheetError`. An empty required cell is an error, never a
zero. Only input cells are read: totals are formulas, whose cached values exist only in files
saved by Excel or LibreOffice, so the reader never depends on them. An *input* cell holding a
formula is read through its cached value; without one it is reported.

The cross-field checks (balance, collectibility, member counts) are the functions of
:mod:`kesehatan_koperasi.core.validate` that :class:`~kesehatan_koperasi.model.Keuangan` also
runs; here their findings are placed on the cells they concern.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from ..core.derive import derive_accounts
from ..core.validate import validate_consistency, validate_members
from ..errors import Masalah, PeringatanKertasKerja, WorksheetError
from ..fields import AMOUNT_NAMES, SUFFIX_LALU
from ..inputs import budget as B
from ..inputs import guard
from ..inputs.cells import FormatSalah, parse_angka, parse_bulat, parse_tahun, parse_tanggal
from ..inputs.pesan import translate_error
from ..model import KertasKerja
from ..rules import Aturan
from . import layout as L
from .xlsx import baca_buku

_ITEM = re.compile(r"^[A-Z](\.\d+)+\.[a-z]$")
_KOSONG = "wajib diisi, ditemukan kosong"
_TAHUN = {"tahun_ini": "", "tahun_lalu": SUFFIX_LALU}
#: Columns read from each sheet (the layout uses A-E; the rest of a row is never needed).
KOLOM_BACA = 26
#: Highest row number a repeated table (``tim_pemeriksa.N``, ``pengurus_hadir.N``) may use; the model
#: allows 20 and 50 rows, so this only stops a hostile ``tim_pemeriksa.999999999`` from making the
#: layout (and the reading) enormous.
MAKS_NOMOR_TABEL = 200
_ANGGOTA = ("jumlah_anggota_awal", "anggota_masuk", "anggota_keluar", "jumlah_anggota_akhir", "anggota_hadir_rat")
#: Prefix of a warning listed with the errors (a warning alone does not stop the reading).
AWALAN_PERINGATAN = "peringatan: "


def read_worksheet(path: str | Path, rules: str | Path | Aturan | None = None, *, menurut_tanggal: bool = False,
                   abaikan_aturan_tercatat: bool = False) -> KertasKerja:
    """Read and validate a filled worksheet.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` workbook (from :func:`write_template`, filled by the examiner).
    rules : str, Path, Aturan or None
        Rule set whose questionnaire items must all be answered. ``None``: the set the workbook
        records (:mod:`.pilih`), else resolved from its ``jenis`` (and, with ``menurut_tanggal``,
        its examination date). The model returned remembers the set (``assess`` uses it).
    menurut_tanggal : bool
        Without ``rules`` and a record: resolve by the examination date too.
    abaikan_aturan_tercatat : bool
        Use ``rules`` even where it conflicts with the recorded set (ignored without ``rules``...
        and then the record is not used either: the resolver decides).

    Raises
    ------
    WorksheetError
        Every problem found, each with sheet, cell, field, expected and found (Indonesian).
    """
    from ..rules import load_rules
    from .pilih import aturan_untuk_buku

    berkas, p = str(path), Path(path)
    diminta = None if rules is None else load_rules(rules)     # a rules error first, as before
    arsip = guard.buka_arsip(p, berkas=berkas) if p.is_file() else None   # one guarded archive for both
    try:
        aturan = aturan_untuk_buku(p, diminta, menurut_tanggal=menurut_tanggal,
                                   abaikan_aturan_tercatat=abaikan_aturan_tercatat, arsip=arsip)
        susunan = L.susun(aturan)
        isi = _muat(p, berkas, frozenset(lb.nama for lb in susunan), arsip=arsip)
    finally:
        if arsip is not None:
            arsip.close()
    pembaca = _Pembaca(berkas, p, aturan, isi, susunan)
    ws = pembaca.baca()
    ws._aturan = aturan
    ws._peringatan = [*pembaca.peringatan, *ws._peringatan]   # plausibility, then stale cached values
    return ws


class _Isi(dict[str, list[tuple[Any, ...]]]):
    """The rows of every sheet, with what the examiner does not see: the sheets that are hidden
    (``hidden``/``veryHidden``) and whether the workbook asks to be recalculated on opening (its
    cached formula values may then be stale)."""

    tersembunyi: frozenset[str] = frozenset()
    hitung_ulang: bool = False
    rumus: dict[str, frozenset[str]]
    """Per sheet, the cells (``"D5"``, where the value sits in the rows) that hold a formula."""


def _muat(path: Path, berkas: str, lembar: frozenset[str] = frozenset(), data_only: bool = True,
          arsip: zipfile.ZipFile | None = None) -> _Isi:
    """Every sheet's values (cached values for formulas) as row tuples.

    Memory is bounded whatever the file claims: the file passes :func:`.guard.periksa_berkas`
    first (:func:`.guard.buka_arsip`, unless ``arsip`` is an archive it opened); only columns A to
    :data:`KOLOM_BACA` are read; a sheet of the layout (``lembar``) is read up to
    :data:`.guard.MAKS_BARIS` rows (more is refused, never cut silently), any other sheet only up
    to its first row (what :meth:`_Pembaca._cari_lembar` needs to spot a renamed sheet). The values
    are openpyxl's (:mod:`.xlsx`).
    """
    zf = guard.buka_arsip(path, berkas=berkas) if arsip is None else arsip
    try:
        with guard.workbook_errors(path, berkas):
            buku = baca_buku(zf, lambda judul: guard.MAKS_BARIS + 1 if judul in lembar else 1, KOLOM_BACA, data_only)
    finally:
        if arsip is None:
            zf.close()
    isi = _Isi(buku.lembar)
    isi.tersembunyi, isi.hitung_ulang, isi.rumus = buku.tersembunyi, buku.hitung_ulang, buku.rumus
    for judul, rows in isi.items():
        if len(rows) > guard.MAKS_BARIS:
            raise WorksheetError(berkas, [Masalah(
                f"lembar terlalu panjang untuk kertas kerja (paling banyak {guard.MAKS_BARIS:,} baris)"
                .replace(",", "."), lembar=judul, diharapkan="kertas kerja dari kertas kerja kosong")])
    return isi


def _nilai_sel(isi: dict[str, list[tuple[Any, ...]]], lembar: str | None, sel: str | None) -> Any:
    """The value of cell ``sel`` (``"D12"``) of ``lembar`` in rows read by :func:`_muat`, or None."""
    m = re.fullmatch(r"([A-Z])(\d+)", sel or "")
    rows = isi.get(lembar or "")
    if not m or rows is None:
        return None
    i, j = int(m[2]) - 1, _kol(m[1])
    return rows[i][j] if i < len(rows) and j < len(rows[i]) else None


def _kol(huruf: str) -> int:
    return ord(huruf) - ord("A")


def _kosong(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _tampil(v: Any) -> str:
    if isinstance(v, str):
        v = " ".join(v.split())
        return f"'{v[:60]}…'" if len(v) > 60 else f"'{v}'"
    if hasattr(v, "strftime"):
        return v.strftime("%d-%m-%Y")
    return str(v)


def medan(jalur: tuple[Any, ...]) -> str:
    """The canonical name of a model path: ``kas_lalu``, ``nik``, ``A.1.1.a``, ``tim_pemeriksa.1.nama``."""
    head, *rest = jalur
    if head in _TAHUN:
        return rest[0] + _TAHUN[head]
    if head in ("identitas", "jawaban") or (head == "pemeriksaan" and len(rest) == 1):
        return str(rest[0])
    parts = [str(p + 1) if isinstance(p, int) else str(p) for p in rest]
    return ".".join(parts)


class _Pembaca:
    def __init__(self, berkas: str, path: Path, aturan: Aturan, isi: _Isi, susunan: tuple[L.Lembar, ...] = ()):
        self.berkas, self.path, self.aturan, self.isi = berkas, path, aturan, isi
        self.susunan = susunan    # the layout for the default table sizes, when already built
        self.masalah: list[Masalah] = []
        self.peringatan: list[Masalah] = []   # listed, but the worksheet is still read and scored
        self.nilai: dict[tuple[Any, ...], Any] = {}
        self.lokasi: dict[tuple[Any, ...], tuple[str, str]] = {}
        self.indeks: dict[str, dict[str, int]] = {}
        self.kosong: list[int] = []          # positions in self.masalah of empty required cells

    def lapor(self, pesan: str, jalur: tuple[Any, ...] | None = None, lembar: str | None = None,
              sel: str | None = None, diharapkan: str | None = None, ditemukan: str | None = None,
              nama: str | None = None) -> None:
        if jalur is not None and lembar is None:
            lembar, sel = self.lokasi.get(jalur, (None, None))
        self.masalah.append(Masalah(pesan, nama or (medan(jalur) if jalur else None), lembar, sel,
                                    diharapkan, ditemukan))

    # ------------------------------------------------------------------ steps
    def baca(self) -> KertasKerja:
        n_tim, n_pengurus = self._jumlah_baris()
        susunan = (self.susunan if self.susunan and (n_tim, n_pengurus) == (L.JUMLAH_TIM, L.JUMLAH_PENGURUS)
                   else L.susun(self.aturan, n_tim, n_pengurus))
        semua = [lb for lb in susunan if lb.nama != L.PETUNJUK]
        lembar = self._cari_lembar(semua)
        for lb in lembar:
            self._baca_lembar(lb)
        self._periksa_tabel(n_tim, n_pengurus)
        self._periksa_silang()
        self._periksa_wajar()
        self._rumus_tanpa_nilai()
        if self.masalah:
            raise WorksheetError(self.berkas, self._dengan_peringatan())
        ws = self._model()
        basi = self._nilai_basi()
        ws._peringatan = [*ws._peringatan, *basi]
        for w in basi:
            warnings.warn(w, PeringatanKertasKerja, stacklevel=3)
        return ws

    def _nilai_basi(self) -> list[str]:
        """The warning for a workbook marked to recalculate on opening whose read cells hold formulas:
        the values scored are the cached ones, which may be stale; the cells are named."""
        if not getattr(self.isi, "hitung_ulang", False):
            return []
        dibaca: dict[str, set[str]] = {}
        for lembar, sel in self.lokasi.values():
            dibaca.setdefault(lembar, set()).add(sel)
        rumus = getattr(self.isi, "rumus", {})
        sel_rumus = [f"{lembar}!{sel}" for lembar, sels in dibaca.items() for sel in sorted(sels)
                     if sel in rumus.get(lembar, ())]
        return self._pesan_basi(sel_rumus)

    def _pesan_basi(self, sel_rumus: list[str]) -> list[str]:
        if not sel_rumus:
            return []
        n = B.MAKS_SEL_DISEBUT
        return [f"{self.berkas}: buku kerja ditandai untuk dihitung ulang saat dibuka, dan {len(sel_rumus)} sel "
                f"yang dinilai berisi rumus ({', '.join(sel_rumus[:n])}{' …' if len(sel_rumus) > n else ''}); "
                "nilai yang dinilai adalah nilai tersimpan terakhir, yang mungkin sudah usang: buka dan simpan "
                "berkas di Excel atau LibreOffice, atau ketik angkanya"]

    def _jumlah_baris(self) -> tuple[int, int]:
        hitung = {"tim_pemeriksa": 0, "pengurus_hadir": 0}
        for i, r in enumerate(self.isi.get(L.IDENTITAS, [])):
            k = r[0] if r else None
            if not isinstance(k, str):
                continue
            m = re.fullmatch(r"(tim_pemeriksa|pengurus_hadir)\.(\d{1,12})", k.strip())
            if not m:
                continue
            n = int(m[2])
            if n > MAKS_NOMOR_TABEL:
                self.lapor(f"nomor baris '{k.strip()[:40]}' terlalu besar", lembar=L.IDENTITAS, sel=f"A{i + 1}",
                           nama=m[1], diharapkan=f"nomor 1 sampai {MAKS_NOMOR_TABEL}")
                continue
            hitung[m[1]] = max(hitung[m[1]], n)
        return hitung["tim_pemeriksa"] or L.JUMLAH_TIM, hitung["pengurus_hadir"] or L.JUMLAH_PENGURUS

    def _cari_lembar(self, semua: list[L.Lembar]) -> list[L.Lembar]:
        tersembunyi: frozenset[str] = getattr(self.isi, "tersembunyi", frozenset())
        penanda = {str(rows[0][0]).strip(): nama for nama, rows in self.isi.items() if rows and rows[0]
                   and rows[0][0] is not None and nama not in tersembunyi}
        ada = []
        for lb in semua:
            if lb.nama in tersembunyi:   # what is scored must be what the examiner sees
                tampil = [f"'{n}'" for n in self.isi if n not in tersembunyi]
                self.lapor(f"lembar '{lb.nama}' tersembunyi; yang dinilai harus lembar yang terlihat: tampilkan "
                           "lembar itu (atau hapus lembar tersembunyi dan kembalikan nama lembar yang terlihat)",
                           lembar=lb.nama, diharapkan=f"lembar '{lb.nama}' yang terlihat",
                           ditemukan="lembar terlihat: " + (", ".join(tampil) or "tidak ada"))
            elif lb.nama in self.isi:
                ada.append(lb)
            elif lb.penanda in penanda:
                self.lapor(f"lembar '{lb.nama}' telah diganti namanya menjadi '{penanda[lb.penanda]}'; "
                           f"kembalikan nama lembar", lembar=penanda[lb.penanda], diharapkan=f"lembar '{lb.nama}'",
                           ditemukan=f"'{penanda[lb.penanda]}'")
            else:
                self.lapor(f"lembar '{lb.nama}' tidak ditemukan", diharapkan=f"lembar '{lb.nama}'",
                           ditemukan="lembar yang ada: " + ", ".join(f"'{n}'" for n in self.isi))
        return ada

    def _baca_lembar(self, lb: L.Lembar) -> None:
        rows = self.isi[lb.nama]
        idx: dict[str, int] = {}
        for i, row in enumerate(rows):
            k = row[0] if row else None
            if isinstance(k, str) and k.strip() and not k.startswith("#"):
                k = k.strip()
                if k in idx:
                    self.lapor(f"kode '{k}' muncul dua kali di kolom A", lembar=lb.nama, sel=f"A{i + 1}",
                               diharapkan="setiap kode satu kali", ditemukan=f"juga di A{idx[k] + 1}")
                idx.setdefault(k, i)
        self.indeks[lb.nama] = idx
        dikenal = {b.kunci for b in lb.baris}
        if lb.penanda.startswith("#aspek."):
            for k, i in idx.items():
                if _ITEM.match(k) and k not in dikenal:
                    self.lapor(f"butir '{k}' tidak dikenal oleh aturan {self.aturan.nama}", lembar=lb.nama,
                               sel=f"A{i + 1}", nama=k, diharapkan="kertas kerja yang dibuat dari aturan yang sama")
        for b in lb.isian():
            if b.kunci not in idx:
                self.lapor(f"baris berkode '{b.kunci}' ({b.label}) tidak ditemukan di kolom A: baris dihapus, "
                           "atau kertas kerja dibuat untuk aturan lain", lembar=lb.nama, nama=b.kunci,
                           diharapkan=f"baris berkode '{b.kunci}'")
                continue
            row = rows[idx[b.kunci]]
            for s in b.sel:
                self.lokasi[s.jalur] = (lb.nama, f"{s.kolom}{idx[b.kunci] + 1}")
                j = _kol(s.kolom)
                self._sel(s, row[j] if j < len(row) else None)

    def _sel(self, s: L.Sel, v: Any) -> None:
        if _kosong(v):
            if s.wajib:
                self.kosong.append(len(self.masalah))
                self.lapor("butir belum dijawab" if s.jalur[0] == "jawaban" else _KOSONG, s.jalur,
                           diharapkan=s.diharapkan)
            return
        try:
            self.nilai[s.jalur] = _urai(s, v)
        except FormatSalah as e:
            self.lapor(str(e), s.jalur, diharapkan=s.diharapkan, ditemukan=_tampil(v))

    def _periksa_tabel(self, n_tim: int, n_pengurus: int) -> None:
        pem = "pemeriksaan"
        orang = 0
        for i in range(n_tim):
            isi = [(pem, "tim_pemeriksa", i, k) in self.nilai for k in ("nama", "nip", "jabatan")]
            if any(isi):
                orang += 1
                if not isi[0]:
                    self.lapor(_KOSONG, (pem, "tim_pemeriksa", i, "nama"), diharapkan="nama pemeriksa")
        if orang < 2:
            self.lapor("tim pemeriksa kurang dari 2 orang",
                       (pem, "tim_pemeriksa", min(orang, n_tim - 1), "nama"), diharapkan="≥ 2 orang",
                       ditemukan=str(orang))
        for i in range(n_pengurus):
            isi = [(pem, "pengurus_hadir", i, k) in self.nilai for k in ("nama", "jabatan")]
            for k, ada in zip(("nama", "jabatan"), isi):
                if any(isi) and not ada:
                    self.lapor(_KOSONG, (pem, "pengurus_hadir", i, k), diharapkan=k)

    def _dengan_peringatan(self) -> list[Masalah]:
        return self.masalah + [dataclasses.replace(w, pesan=AWALAN_PERINGATAN + w.pesan) for w in self.peringatan]

    def _periksa_silang(self) -> None:
        """Each cross-check on what is filled: an empty or unreadable cell is NaN, and a check with a
        NaN input does not run (so an empty income line does not hide an unbalanced neraca)."""
        for tahun, suf in _TAHUN.items():
            vals = {k[1]: self.nilai.get(k) for k in self.lokasi if k[0] == tahun}
            arr = {n: np.array([_angka(vals.get(n))]) for n in AMOUNT_NAMES}
            for m in validate_consistency({suf: derive_accounts(arr)}, np.zeros(1, dtype=bool)).get(0, []):
                self._silang(m, suf)
            arr = {n + suf: np.array([_angka(vals.get(n))]) for n in _ANGGOTA}
            for m in validate_members(arr).get(0, []):
                self._silang(m, suf)

    def _periksa_wajar(self) -> None:
        """Plausibility (worksheet only; ``docs/keputusan.md``): the tahun buku has ended by the
        examination (or today), each RAT is after its year, this year opens with last year's members."""
        tahun = self.nilai.get(("identitas", "tahun_buku"))
        # a year out of the calendar's range is the model's error to report, not a crash here (fuzzer)
        if isinstance(tahun, int) and dt.MINYEAR < tahun < dt.MAXYEAR:
            mulai = self.nilai.get(("pemeriksaan", "tanggal_mulai_pemeriksaan"))
            acuan, nama_acuan = (mulai, "tanggal mulai pemeriksaan") if isinstance(mulai, dt.date) else (
                dt.date.today(), "hari ini")
            akhir = dt.date(tahun, 12, 31)
            if akhir > acuan:
                self.lapor(f"tahun buku {tahun} belum berakhir pada {nama_acuan} ({acuan:%d-%m-%Y}): laporan keuangan "
                           "tahun buku yang belum ditutup tidak dapat dinilai", ("identitas", "tahun_buku"),
                           diharapkan=f"tahun buku yang berakhir paling lambat {acuan:%d-%m-%Y}", ditemukan=str(tahun))
            for kunci, th in (("tahun_ini", tahun), ("tahun_lalu", tahun - 1)):
                rat = self.nilai.get((kunci, "tanggal_rat"))
                if isinstance(rat, dt.date) and rat <= dt.date(th, 12, 31):
                    self.lapor(f"RAT tahun buku {th} bertanggal sebelum tahun buku itu berakhir", (kunci, "tanggal_rat"),
                               diharapkan=f"sesudah 31-12-{th}", ditemukan=f"{rat:%d-%m-%Y}")
        awal = self.nilai.get(("tahun_ini", "jumlah_anggota_awal"))
        akhir_lalu = self.nilai.get(("tahun_lalu", "jumlah_anggota_akhir"))
        if isinstance(awal, int) and isinstance(akhir_lalu, int) and awal != akhir_lalu:
            jalur = ("tahun_ini", "jumlah_anggota_awal")
            lembar, sel = self.lokasi.get(jalur, (None, None))
            self.peringatan.append(Masalah(
                f"jumlah anggota awal tahun buku ({awal}) tidak sama dengan jumlah anggota akhir tahun lalu "
                f"({akhir_lalu}); periksa kembali, atau jelaskan koreksi daftar anggota di lembar Temuan",
                medan(jalur), lembar, sel, diharapkan=str(akhir_lalu), ditemukan=str(awal)))

    def _silang(self, m: Masalah, suf: str) -> None:
        nama = (m.medan or "").removesuffix(suf) if suf else (m.medan or "")
        lembar = sel = None
        for lb_nama, idx in self.indeks.items():
            if nama in idx and lb_nama not in (L.IDENTITAS, L.TEMUAN, L.DOKUMEN):
                lembar, sel = lb_nama, f"{L.KOLOM_LALU if suf else L.KOLOM_INI}{idx[nama] + 1}"
                break
        self.masalah.append(dataclasses.replace(m, lembar=lembar, sel=sel))

    def _rumus_tanpa_nilai(self) -> None:
        """An empty required cell may hold a formula never calculated (file written by a program)."""
        if not self.kosong:
            return
        try:
            rumus = _muat(self.path, self.berkas, frozenset(lb for lb in (self.masalah[i].lembar for i in self.kosong) if lb),
                          data_only=False)
        except WorksheetError:  # it opened a moment ago; keep the messages we have
            return
        for pos in self.kosong:
            m = self.masalah[pos]
            v = _nilai_sel(rumus, m.lembar, m.sel)
            if isinstance(v, str) and v.startswith("="):
                self.masalah[pos] = dataclasses.replace(
                    m, pesan="sel berisi rumus yang belum dihitung (tanpa nilai tersimpan): buka dan simpan "
                             "berkas di Excel atau LibreOffice, atau ketik angkanya", ditemukan=v[:60])

    # ------------------------------------------------------------------ model
    def _model(self) -> KertasKerja:
        payload: dict[str, Any] = {"identitas": {}, "tahun_ini": {}, "tahun_lalu": {}, "jawaban": {},
                                   "pemeriksaan": {"dokumen": {}, "temuan": {}, "penandatangan": {}}}
        tabel: dict[str, dict[int, dict[str, Any]]] = {"tim_pemeriksa": {}, "pengurus_hadir": {}}
        for jalur, v in self.nilai.items():
            if jalur[0] == "pemeriksaan" and jalur[1] in tabel:
                tabel[jalur[1]].setdefault(jalur[2], {})[jalur[3]] = v
            else:
                cur = payload
                for p in jalur[:-1]:
                    cur = cur.setdefault(p, {})
                cur[jalur[-1]] = v
        self.urutan = {}
        for nama, rows in tabel.items():
            payload["pemeriksaan"][nama] = [rows[i] for i in sorted(rows)]
            self.urutan[nama] = sorted(rows)
        try:
            return KertasKerja.model_validate(payload)
        except ValidationError as e:
            for err in e.errors():
                self._dari_pydantic(err)
            raise WorksheetError(self.berkas, self.masalah) from None

    def _dari_pydantic(self, err: Any) -> None:
        loc = list(err["loc"])
        if len(loc) >= 3 and loc[1] in getattr(self, "urutan", {}) and isinstance(loc[2], int):
            urut = self.urutan[loc[1]]
            loc[2] = urut[loc[2]] if loc[2] < len(urut) else loc[2]
        jalur = tuple(loc)
        pesan = _pesan(err)
        if jalur not in self.lokasi:   # a model-level rule: place it on the first field it names
            cocok = [j for j in self.lokasi if j[:len(jalur)] == jalur and str(j[-1]) in pesan]
            if cocok:
                jalur = cocok[-1]
        if jalur in self.lokasi:
            self.lapor(pesan, jalur, ditemukan=None if err["type"] == "missing" else _tampil(err.get("input")))
        else:
            self.lapor(pesan, nama=".".join(str(p) for p in loc) or None)


def _urai(s: L.Sel, v: Any) -> Any:
    """The model value of one non-empty cell; raises :class:`FormatSalah` in Indonesian."""
    t = s.tipe
    if t == "rupiah":
        return parse_angka(v, negatif=s.negatif)
    if t == "bulat":
        return parse_bulat(v)
    if t == "tanggal":
        return parse_tanggal(v)
    if t == "tahun":
        return parse_tahun(v)
    if t == "pilihan" and s.jalur[0] == "jawaban":
        # only the dropdown's values: a 1 or 0 typed into the cell is refused, never guessed
        teks = " ".join(str(v).split()).casefold() if isinstance(v, str) else ""
        for label, nilai in s.pilihan:
            if teks == label.casefold():
                return nilai
        if (isinstance(v, (int, float)) and not isinstance(v, bool)) or teks in ("0", "1"):
            raise FormatSalah("jawaban tidak sah: ketik atau pilih 'Terpenuhi' atau 'Tidak Terpenuhi' dari daftar, "
                              "bukan angka 1 atau 0")
        raise FormatSalah("jawaban tidak sah")
    if t == "pilihan":
        teks = " ".join(str(v).split()).casefold() if not isinstance(v, bool) else ""
        for label, nilai in s.pilihan:
            if teks in (label.casefold(), str(nilai).casefold()):
                return nilai
        raise FormatSalah("jawaban tidak sah" if s.jalur[0] == "jawaban" else "pilihan tidak sah")
    if t == "nik":
        if not isinstance(v, str):
            raise FormatSalah("NIK harus diketik sebagai teks (Excel membulatkan angka lebih dari 15 digit)")
        nik = re.sub(r"[\s.\-]", "", v)
        if not re.fullmatch(r"\d{16}", nik):
            raise FormatSalah("NIK harus 16 angka")
        return nik
    if s.jalur[-1] == "nip" and isinstance(v, (int, float)) and not isinstance(v, bool):
        raise FormatSalah("NIP harus diketik sebagai teks (Excel membulatkan angka lebih dari 15 digit)")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if hasattr(v, "strftime"):
        return v.strftime("%d-%m-%Y")
    return str(v).strip()


def _angka(v: Any) -> float:
    """A parsed amount or count as float; NaN for an empty or unreadable cell."""
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else float("nan")


def _pesan(err: Any) -> str:
    """A pydantic error in Indonesian (the one translation, :mod:`kesehatan_koperasi.inputs.pesan`)."""
    return translate_error(err, satuan="baris")
