"""The outputs of a batch: ``hasil-massal.csv``, ``hasil-massal.parquet`` and ``hasil-massal.xlsx``
(sheets Ringkasan, Hasil, Indikator), each written to a temporary name beside it and renamed, so an
interrupted run never leaves a half-written file.

Every value and header written to CSV and XLSX, of any dtype, passes through the one neutraliser
(:mod:`kesehatan_koperasi.outputs.netral`: formula injection, control characters, values a
spreadsheet cannot hold). Parquet keeps the values as they are (read by programs).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..outputs import netral
from ..outputs.atomic import atomic_path
from ..outputs.netral import netralkan_frame, nilai_sel
from ..outputs.netral import teks as netralkan
from ..result.frame import ATTRS
from .lembar_hasil import BukuHasil

if TYPE_CHECKING:
    import pyarrow as pa

NAMA = "hasil-massal"
#: Data rows an Excel sheet can hold (1,048,576 minus the header row).
BARIS_EXCEL_MAKS = 1_048_575
GAGAL = "Gagal dinilai"


# ------------------------------------------------------------------------------ summaries
def _aturan(hasil: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The rule sets the result table was scored with, as ``assess_frame`` described them
    (``DataFrame.attrs``); never reloaded by name, so a rule file of the user's own works."""
    return dict(hasil.attrs.get(ATTRS, {}).get("aturan", {}))


def _urutan_predikat(hasil: pd.DataFrame) -> list[str]:
    """Every predicate, best first, of the rule sets used, then any other value seen."""
    urut: dict[str, None] = {}
    for info in _aturan(hasil).values():
        for p in info["predikat"]:
            urut.setdefault(str(p), None)
    for p in hasil.get("predikat", pd.Series([], dtype="string")).dropna().unique():
        urut.setdefault(str(p), None)
    return list(urut)


def _kategori(hasil: pd.DataFrame) -> pd.Series:
    """The predicate of each row, or "Gagal dinilai" for a row with a ``galat``."""
    pred = hasil["predikat"].astype("string") if "predikat" in hasil else pd.Series(pd.NA, index=hasil.index,
                                                                                    dtype="string")
    gagal = hasil["galat"].fillna("").astype("string") != ""
    return pred.mask(gagal, GAGAL).fillna(GAGAL)


def hitung_predikat(hasil: pd.DataFrame) -> pd.DataFrame:
    """Count and share of each predicate (and of failed rows)."""
    kat = _kategori(hasil)
    urut = _urutan_predikat(hasil) + [GAGAL]
    n = kat.value_counts().reindex(urut, fill_value=0)
    total = max(len(hasil), 1)
    return pd.DataFrame({"predikat": urut, "jumlah": n.to_numpy(dtype=np.int64),
                         "persen": np.round(n.to_numpy() / total * 100, 1)})


def tabel_silang(hasil: pd.DataFrame, kolom: str) -> pd.DataFrame | None:
    """Counts per value of ``kolom`` × predicate, with a total column; None without ``kolom``."""
    if kolom not in hasil:
        return None
    kat = pd.Categorical(_kategori(hasil), categories=_urutan_predikat(hasil) + [GAGAL])
    kunci = hasil[kolom].astype("string").fillna("(tidak diisi)")
    t = pd.crosstab(kunci.to_numpy(), kat, dropna=False)
    t.index.name = kolom
    t.columns = [str(c) for c in t.columns]
    t["Jumlah"] = t.sum(axis=1)
    t = t[t["Jumlah"] > 0]
    nilai = hasil.get("nilai_akhir")
    if nilai is not None:
        t["Rata-rata nilai akhir"] = pd.Series(nilai.to_numpy(dtype=float), index=kunci.to_numpy()) \
            .groupby(level=0).mean().round(3).reindex(t.index)
    return t.reset_index()


def hitung_indikator(hasil: pd.DataFrame) -> pd.DataFrame:
    """How often each indicator was a finding, per rule set, by each rule set's own findings rule.

    Counted from the ``temuan.<kode>`` columns of the one scoring call (the same counts as
    grouping ``assess_frame(..., detail="panjang")`` by ``aturan`` and ``kode``, without scoring
    again); the rule set's indicators and labels come from the table's description of it.
    """
    rows = []
    dinilai = hasil[hasil["galat"].fillna("") == ""] if "galat" in hasil else hasil
    kolom = ["aturan", "kode", "aspek", "indikator", "temuan_menurut", "dinilai", "temuan", "persen_temuan"]
    if "aturan" not in dinilai or dinilai.empty:
        return pd.DataFrame(columns=kolom)
    aturan = _aturan(hasil)
    for nama, grup in dinilai.groupby(dinilai["aturan"].astype(str), sort=False):
        info = aturan.get(nama)
        if info is None:
            continue
        for kode, asp, label in info["indikator"]:
            c = f"temuan.{kode}"
            if c not in grup:
                continue
            v = grup[c]
            n = int(v.notna().sum())
            t = int(v.fillna(False).astype(bool).sum())
            rows.append({"aturan": nama, "kode": kode, "aspek": asp, "indikator": label,
                         "temuan_menurut": info["temuan"], "dinilai": n, "temuan": t,
                         "persen_temuan": _persen_temuan(t, n)})
    return pd.DataFrame(rows, columns=kolom)


# ------------------------------------------------------------------------------ writers
#: Indonesian headers of the machine column names (the CSV and Parquet keep the machine names).
KEPALA = {"berkas": "Berkas", "baris": "Baris", "aturan": "Aturan", "nik": "NIK", "nama_koperasi": "Nama koperasi",
          "jenis": "Jenis", "kuk": "KUK", "kabupaten_kota": "Kabupaten/kota", "provinsi": "Provinsi", "tahun_buku": "Tahun buku",
          "nilai_akhir": "Nilai akhir", "predikat": "Predikat", "peringatan": "Peringatan", "galat": "Galat",
          "kode": "Kode", "label": "Indikator", "indikator": "Indikator", "aspek": "Aspek", "jumlah": "Jumlah",
          "persen": "Persen", "dinilai": "Dinilai", "temuan": "Temuan", "persen_temuan": "Persen temuan",
          "temuan_menurut": "Temuan menurut"}
_AWALAN_KEPALA = {"aspek.": "Skor aspek ", "nilai.": "Nilai ", "rasio.": "Rasio (%) ", "skor.": "Skor ",
                  "temuan.": "Temuan "}


def kepala(kolom: str) -> str:
    """The Indonesian header of a result column (``aspek.A`` → ``Skor aspek A``)."""
    if kolom in KEPALA:
        return KEPALA[kolom]
    for awal, teks in _AWALAN_KEPALA.items():
        if kolom.startswith(awal):
            return teks + kolom[len(awal):]
    return kolom.replace("_", " ").capitalize()


def _format_angka(kolom: str, contoh: Any) -> str | None:
    """The Excel number format of a column: 3 decimals for nilai akhir, 2 for ratios, 1 for
    aspect scores and percentages, whole numbers for counts; dates as dd-mm-yyyy."""
    if kolom == "nilai_akhir" or kolom.startswith("Rata-rata"):
        return "#,##0.000"
    if kolom.startswith("rasio."):
        return "#,##0.00"
    if kolom.startswith("aspek.") or kolom in ("persen", "persen_temuan"):
        return "#,##0.0"
    if kolom.startswith("tanggal"):
        return "dd-mm-yyyy"
    if isinstance(contoh, (int, np.integer)) and not isinstance(contoh, bool):
        return "#,##0" if kolom not in ("tahun_buku", "baris") else "0"
    return None


def _tulis_tabel(ws: Any, frame: pd.DataFrame, judul: str | None = None, kop: bool = True) -> None:
    """``frame`` appended to a write-only sheet: its title, its header row (``kop``), its rows."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    tebal = Font(bold=True)
    if judul:
        c = WriteOnlyCell(ws, value=netralkan(judul))
        c.font = tebal
        ws.append([c])
    if kop:
        sel_kop = []
        for k in frame.columns:
            c = WriteOnlyCell(ws, value=netralkan(kepala(str(k))))
            c.font = tebal
            sel_kop.append(c)
        ws.append(sel_kop)
    aman = netralkan_frame(frame)
    kolom = [aman[c].to_numpy(dtype=object, na_value=None) for c in aman.columns]
    contoh = [next((v for v in k if v is not None), None) for k in kolom]
    formats = [_format_angka(str(c), v) for c, v in zip(frame.columns, contoh)]
    # one formatted cell per column, its value set row by row: a write-only sheet writes each
    # appended row at once, so the cell is free again for the next row (no cell object per value)
    sel_format = [None if f is None else WriteOnlyCell(ws) for f in formats]
    for c, f in zip(sel_format, formats):
        if c is not None:
            c.number_format = f
    for baris in zip(*kolom):
        sel = []
        for v, c in zip(baris, sel_format):
            v = nilai_sel(v)
            if c is not None and v is not None and not isinstance(v, str):
                c.value = v
                sel.append(c)
            else:
                sel.append(v)
        ws.append(sel)


def _cetak_a4(ws: Any, mendatar: bool = True) -> None:
    """A4 page set-up: landscape, fit to the page width, header row repeated."""
    ws.page_setup.paperSize = "9"   # A4 (the code of ECMA-376 §18.18.57)
    ws.page_setup.orientation = "landscape" if mendatar else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _lebar(ws: Any, lebar: list[float]) -> None:
    """Column widths (set before the first row: the sheet is write-only)."""
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(lebar, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def tulis_xlsx(path: Path, hasil: pd.DataFrame, ringkasan: list[tuple[str, pd.DataFrame]],
               indikator: pd.DataFrame) -> Path:
    """Workbook with sheets Ringkasan, Hasil (streamed, :mod:`.lembar_hasil`), Indikator and Grafik,
    written to a temporary name and renamed."""
    bagian = hasil.iloc[:BARIS_EXCEL_MAKS] if len(hasil) > BARIS_EXCEL_MAKS else hasil
    with atomic_path(path) as tmp, buku_hasil(tmp, list(bagian.columns), len(bagian)) as buku:
        buku.tambah(netralkan_frame(bagian))
        buku.tutup(lambda wb, ws: _lembar_akhir(wb, ws, hasil, ringkasan, indikator))
    return path


def buku_hasil(path: Path, kolom: list[str], baris: int) -> BukuHasil:
    """The streamed workbook of ``baris`` result rows of columns ``kolom`` (:class:`.BukuHasil`)."""
    return BukuHasil(path, kolom, baris, _lembar_hasil, _format_angka, lambda k: netralkan(kepala(k)))


def _lembar_hasil(wb: Any, kolom: list[str], baris: int) -> Any:
    """The Hasil sheet, set up for ``baris`` rows of ``kolom`` (write-only: the widths, panes and
    filter come before the first row)."""
    ws = wb.create_sheet("Hasil")
    ws.freeze_panes = "C2"
    _lebar(ws, [min(45, max(12, len(kepala(str(c))) + 2)) for c in kolom])
    _saring(ws, len(kolom), baris)
    _cetak_a4(ws)
    return ws


def _lembar_akhir(wb: Any, ws: Any, hasil: pd.DataFrame, ringkasan: list[tuple[str, pd.DataFrame]],
                  indikator: pd.DataFrame) -> None:
    """The summary sheets: Ringkasan (into ``ws``, created first so it is the first sheet),
    Indikator and Grafik."""
    _lebar(ws, [34.0] + [18.0] * max((t.shape[1] for _, t in ringkasan), default=1))
    for i, (judul, tabel) in enumerate(ringkasan):
        if i:
            ws.append([])
        _tulis_tabel(ws, tabel, judul)
    _cetak_a4(ws, mendatar=False)
    ws = wb.create_sheet("Indikator")
    ws.freeze_panes = "A2"
    _lebar(ws, [12 if str(c) not in ("label", "indikator") else 60 for c in indikator.columns])
    _saring(ws, indikator.shape[1], len(indikator))
    _cetak_a4(ws)
    _tulis_tabel(ws, indikator)
    _lembar_grafik(wb, hasil)


#: Identity codes: always text (a 16-digit NIK as a number loses its last digits in a spreadsheet).
KOLOM_KODE = ("nik", "nomor_badan_hukum", "kuk", "kode_pos", "npwp", "berkas")


def _saring(ws: Any, kolom: int, baris: int) -> None:
    """An autofilter over the header row and ``baris`` data rows of ``kolom`` columns (set before
    writing: write-only sheet)."""
    from openpyxl.utils import get_column_letter

    if kolom:
        ws.auto_filter.ref = f"A1:{get_column_letter(kolom)}{baris + 1}"


def _lembar_grafik(wb: Any, hasil: pd.DataFrame) -> None:
    """Sheet "Grafik": the predikat per kabupaten/kota table and a stacked bar chart of it."""
    from openpyxl.chart import BarChart, Reference

    t = tabel_silang(hasil, "kabupaten_kota")
    if t is None or t.empty:
        return
    ws = wb.create_sheet("Grafik")
    kolom = [c for c in t.columns if c not in ("Jumlah", "Rata-rata nilai akhir")]
    t = t[kolom]
    _lebar(ws, [30.0] + [16.0] * (len(kolom) - 1))
    _tulis_tabel(ws, t)
    g = BarChart()
    g.type, g.grouping, g.overlap = "bar", "stacked", 100
    g.title = "Predikat per kabupaten/kota"
    g.y_axis.title = "Jumlah koperasi"
    n = len(t)
    g.add_data(Reference(ws, min_col=2, max_col=len(kolom), min_row=1, max_row=n + 1), titles_from_data=True)
    g.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    g.height, g.width = max(8.0, 0.6 * n + 4), 22.0
    ws.add_chart(g, f"A{n + 3}")
    _cetak_a4(ws)


def tulis_csv(path: Path, hasil: pd.DataFrame) -> Path:
    """CSV for a spreadsheet set to Indonesian: UTF-8 with BOM (so Excel reads it as UTF-8),
    ``;`` between fields and ``,`` as the decimal mark (the Indonesian list and decimal
    separators), every text field — NIK and the other codes included — in quotes.
    Read it back with ``pd.read_csv(path, sep=";", decimal=",", dtype={"nik": str})``."""
    import csv

    with atomic_path(path) as tmp:
        netral.tulis_csv(_kode_teks(hasil), tmp, encoding="utf-8-sig", sep=";", decimal=",", quoting=csv.QUOTE_NONNUMERIC)
    return path


def _kode_teks(hasil: pd.DataFrame) -> pd.DataFrame:
    """``hasil`` with the identity codes (:data:`KOLOM_KODE`) as text."""
    teks = hasil.copy(deep=False)
    for c in KOLOM_KODE:
        if c in teks:
            teks[c] = teks[c].astype("string")
    return teks


def tabel_arrow(hasil: pd.DataFrame) -> pa.Table:
    """``hasil`` as an Arrow table (no index), its ``attrs`` (the rule sets used) kept in the schema
    metadata as pandas keeps them (``PANDAS_ATTRS``), so ``pd.read_parquet`` gives them back."""
    import pyarrow as pa  # the optional extra [parquet]: loaded only when Parquet is written

    tabel = pa.Table.from_pandas(hasil, preserve_index=False)
    if hasil.attrs:
        meta = dict(tabel.schema.metadata or {})
        meta[b"PANDAS_ATTRS"] = json.dumps(hasil.attrs, default=str).encode()
        tabel = tabel.replace_schema_metadata(meta)
    return tabel


def opsi_parquet(skema: pa.Schema) -> dict[str, Any]:
    """Writer options: dictionary encoding for the text columns only (predicates, rule set names,
    messages repeat; the number columns do not gain from it and cost most of the writing time)."""
    import pyarrow as pa  # the optional extra [parquet]

    teks = [f.name for f in skema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            or pa.types.is_dictionary(f.type)]
    return {"use_dictionary": teks, "compression": "snappy"}


def tulis_parquet(path: Path, hasil: pd.DataFrame) -> Path | None:
    """``hasil-massal.parquet``, written with pyarrow directly (see :func:`tabel_arrow`,
    :func:`opsi_parquet`); None (not written) when pyarrow — the extra ``[parquet]`` — is not
    installed: the CSV and the XLSX hold the same table."""
    import importlib.util

    if importlib.util.find_spec("pyarrow") is None:
        return None
    import pyarrow.parquet as pq  # the optional extra [parquet]

    tabel = tabel_arrow(hasil)
    with atomic_path(path) as tmp:
        pq.write_table(tabel, tmp, **opsi_parquet(tabel.schema))
    return path


#: Column of the per-kabupaten/kota summary: cooperatives whose predikat is not stable (issue 14).
TIDAK_STABIL = "Predikat tidak stabil"


def _tidak_stabil(t: pd.DataFrame, hasil: pd.DataFrame, kolom: str) -> pd.DataFrame:
    """``t`` (one row per value of ``kolom``) with the count of cooperatives whose predikat does not
    hold under every known reading (``predikat_stabil`` False; robustness analysis)."""
    if "predikat_stabil" not in hasil:
        return t
    kunci = hasil[kolom].astype("string").fillna("(tidak diisi)")
    n = (hasil["predikat_stabil"] == False).fillna(False).groupby(kunci.to_numpy()).sum()  # noqa: E712
    return t.assign(**{TIDAK_STABIL: t[kolom].map(n).fillna(0).astype(int).to_numpy()})


def ringkasan(hasil: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The tables of the Ringkasan sheet: per predikat, per kabupaten/kota, per jenis."""
    out: list[tuple[str, pd.DataFrame]] = [("Jumlah koperasi per predikat", hitung_predikat(hasil))]
    for kolom, judul in (("kabupaten_kota", "Per kabupaten/kota"), ("jenis", "Per jenis koperasi")):
        t = tabel_silang(hasil, kolom)
        if t is not None:
            out.append((judul, _tidak_stabil(t, hasil, kolom) if kolom == "kabupaten_kota" else t))
    if len(hasil) > BARIS_EXCEL_MAKS:
        out.append(("Catatan", pd.DataFrame({"catatan": [
            f"Lembar Hasil memuat {BARIS_EXCEL_MAKS:,} baris pertama dari {len(hasil):,} (batas Excel); "
            f"hasil lengkap ada di {NAMA}.csv dan {NAMA}.parquet."]})))
    return out


def tulis_hasil(hasil: pd.DataFrame, out: str | Path) -> dict[str, Path]:
    """Write ``hasil-massal.csv``, ``.parquet`` (with pyarrow) and ``.xlsx`` into ``out``; returns
    the paths by format."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    ditulis = {
        "csv": tulis_csv(out / f"{NAMA}.csv", hasil),
        "parquet": tulis_parquet(out / f"{NAMA}.parquet", hasil),
        "xlsx": tulis_xlsx(out / f"{NAMA}.xlsx", hasil, ringkasan(hasil), hitung_indikator(hasil)),
    }
    return {k: v for k, v in ditulis.items() if v is not None}


class PenulisParquet:
    """One Parquet file written batch by batch with pyarrow: the first batch fixes the schema (and
    carries the ``attrs``, :func:`tabel_arrow`), every later batch is converted to it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: Any = None
        self._skema: Any = None

    def tambah(self, hasil: pd.DataFrame) -> None:
        import pyarrow as pa  # the optional extra [parquet]
        import pyarrow.parquet as pq

        if self._writer is None:
            tabel = tabel_arrow(hasil)
            self._skema = tabel.schema
            self._writer = pq.ParquetWriter(str(self.path), self._skema, **opsi_parquet(self._skema))
        else:
            tabel = pa.Table.from_pandas(hasil, schema=self._skema, preserve_index=False)
        self._writer.write_table(tabel)

    def tutup(self) -> None:
        if self._writer is not None:
            self._writer.close()

    def __enter__(self) -> PenulisParquet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()


#: Columns of each batch kept for the summaries of a table written in parts (:class:`TulisBertahap`).
KOLOM_RINGKAS = ("berkas", "baris", "aturan", "nilai_akhir", "predikat", "galat", "kabupaten_kota", "jenis",
                 "predikat_stabil")


class TulisBertahap:
    """``hasil-massal.csv``, ``.parquet`` and ``.xlsx`` written batch by batch into ``folder`` (the
    ``batch`` command on a Parquet dataset): every batch's rows appended to the CSV, the Parquet
    file and the Hasil sheet (write-only, up to Excel's limit of :data:`BARIS_EXCEL_MAKS` of the
    ``baris`` rows expected), so memory holds one batch. The summaries — Ringkasan, Indikator,
    Grafik — come from the few columns kept of every row (:data:`KOLOM_RINGKAS`) and from the
    findings counted per batch; :meth:`selesai` writes them and returns those columns as a table."""

    def __init__(self, folder: Path, baris: int) -> None:
        self.paths = {fmt: folder / f"{NAMA}.{fmt}" for fmt in ("csv", "parquet", "xlsx")}
        self._baris = min(baris, BARIS_EXCEL_MAKS)
        self._csv = self.paths["csv"].open("w", encoding="utf-8-sig", newline="")
        self._parquet = PenulisParquet(self.paths["parquet"])
        self._buku: BukuHasil | None = None
        self._di_excel = 0
        self._ringkas: list[pd.DataFrame] = []
        self._indikator: list[pd.DataFrame] = []
        self._attrs: dict[str, Any] = {}

    def tambah(self, hasil: pd.DataFrame) -> None:
        import csv

        netral.tulis_csv(_kode_teks(hasil), self._csv, header=self._buku is None, sep=";", decimal=",",
                         quoting=csv.QUOTE_NONNUMERIC)
        self._parquet.tambah(hasil)
        if self._buku is None:
            self._buku = buku_hasil(self.paths["xlsx"], list(hasil.columns), self._baris)
        muat = max(0, self._baris - self._di_excel)
        if muat:
            bagian = hasil.iloc[:muat].reindex(columns=self._buku.kolom)
            self._buku.tambah(netralkan_frame(bagian))
            self._di_excel += len(bagian)
        self._ringkas.append(hasil[[c for c in KOLOM_RINGKAS if c in hasil.columns]])
        self._indikator.append(hitung_indikator(hasil))
        self._attrs = hasil.attrs

    def selesai(self) -> pd.DataFrame:
        """Close the CSV and the Parquet file, write the summary sheets and save the workbook;
        returns the kept columns of every row (with the ``attrs`` of the batches)."""
        self._csv.close()
        self._parquet.tutup()
        ringkas = pd.concat(self._ringkas, ignore_index=True) if self._ringkas else pd.DataFrame(
            {"galat": pd.Series([], dtype="string")})
        ringkas.attrs = self._attrs
        indikator = _jumlah_indikator(self._indikator)
        if self._buku is None:
            self._buku = buku_hasil(self.paths["xlsx"], list(ringkas.columns), 0)
        self._buku.tutup(lambda wb, ws: _lembar_akhir(wb, ws, ringkas, ringkasan(ringkas), indikator))
        return ringkas

    def batalkan(self) -> None:
        """Close every file without finishing it (an interrupted or failed run; the caller removes
        the folder)."""
        self._csv.close()
        self._parquet.tutup()
        if self._buku is not None:
            self._buku.batalkan()

    def __enter__(self) -> TulisBertahap:
        return self

    def __exit__(self, jenis: type[BaseException] | None, *_: object) -> None:
        """Leaving the block on an exception closes every file unfinished (:meth:`batalkan`)."""
        if jenis is not None:
            self.batalkan()


def _persen_temuan(temuan: int, dinilai: int) -> float:
    """Findings as a percentage of the cooperatives scored, one decimal (NaN when none was scored)."""
    return round(temuan / dinilai * 100, 1) if dinilai else math.nan


def _jumlah_indikator(bagian: list[pd.DataFrame]) -> pd.DataFrame:
    """:func:`hitung_indikator` of a whole table from that of its parts: the counts added."""
    if not bagian:
        return hitung_indikator(pd.DataFrame({"galat": pd.Series([], dtype="string")}))
    semua = pd.concat(bagian, ignore_index=True)
    kunci = ["aturan", "kode", "aspek", "indikator", "temuan_menurut"]
    if semua.empty:
        return bagian[0]
    out = semua.groupby(kunci, sort=False, dropna=False)[["dinilai", "temuan"]].sum().reset_index()
    out["persen_temuan"] = [_persen_temuan(t, n) for t, n in zip(out["temuan"], out["dinilai"])]
    return out[list(bagian[0].columns)]
