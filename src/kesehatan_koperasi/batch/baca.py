"""Reading a batch: a folder of worksheets (in parallel processes) or one table, scored with ONE
:func:`~kesehatan_koperasi.api.assess_frame` call.

Every input appears in the result, in input order: a file that cannot be read becomes a row with
its ``berkas`` and its ``galat`` (the problems of the :class:`~kesehatan_koperasi.errors.WorksheetError`,
joined by ``"; "`` like the ``galat`` of ``assess_frame``) and no scores.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..api import assess_frame, uji_ketahanan
from ..errors import KesehatanKoperasiError, PaketOpsionalError, RulesError, WorksheetError, perlu_paket
from ..fields import AMOUNT_NAMES, MEMBER_FIELDS, OPTIONAL_FIELDS, SUFFIX_LALU
from ..inputs import budget as B
from ..model import KertasKerja
from ..rules import Aturan, load_rules

#: Extensions of the worksheets read from a folder (``.xlsx`` workbooks, ``.json`` KertasKerja).
EKSTENSI_KERTAS_KERJA = (".xlsx", ".json")
#: Extensions of a table in the ``assess_frame`` layout.
EKSTENSI_TABEL = (".csv", ".xlsx", ".parquet", ".pq")

T = TypeVar("T")
R = TypeVar("R")


# ------------------------------------------------------------------------------ parallel map
def peta_paralel(fungsi: Callable[[T], R], tugas: Sequence[T], proses: int | None = None,
                 progress: bool | Any = False, keterangan: str = "",
                 gagal: Callable[[T], R] | None = None) -> list[R]:
    """``[fungsi(t) for t in tugas]`` in worker processes, results in the order of ``tugas``.

    ``proses``: number of processes (``None``: ``os.cpu_count()``); 1, or a single task, runs in
    this process. ``progress``: ``False`` (silent), ``True`` (a tqdm bar; the notebook widget
    when available) or a file to draw a text bar on (e.g. ``sys.stderr``).

    A worker that dies (killed, out of memory) loses no finished result: the tasks not yet done
    run again one at a time, each in a fresh single-worker pool; a task that kills its worker again
    gets ``gagal(task)`` (``None`` without ``gagal``).
    """
    n = len(tugas)
    proses = max(1, min(proses or os.cpu_count() or 1, n or 1))
    bar = _bar(progress, n, keterangan)
    try:
        if proses == 1:
            out = []
            for t in tugas:
                out.append(fungsi(t))
                bar.update(1)
            return out
        belum = object()
        hasil: list[Any] = [belum] * n
        pool = ProcessPoolExecutor(max_workers=proses, initializer=_pekerja_awal)
        try:
            futures: dict[Future[R], int] = {pool.submit(fungsi, t): i for i, t in enumerate(tugas)}
            for f in as_completed(futures):
                try:
                    hasil[futures[f]] = f.result()
                except BrokenProcessPool:
                    continue          # rerun below; the finished results stay
                bar.update(1)
        except BaseException:
            hentikan_pool(pool)       # a signal or Ctrl-C: no worker outlives the batch
            raise
        pool.shutdown(wait=True)
        for i in [i for i, h in enumerate(hasil) if h is belum]:
            pool = ProcessPoolExecutor(max_workers=1, initializer=_pekerja_awal)
            try:
                hasil[i] = pool.submit(fungsi, tugas[i]).result()
                pool.shutdown(wait=True)
            except BrokenProcessPool:
                hasil[i] = gagal(tugas[i]) if gagal is not None else None
                pool.shutdown(wait=True)
            except BaseException:
                hentikan_pool(pool)
                raise
            bar.update(1)
        return hasil
    finally:
        bar.close()


def _pekerja_awal() -> None:
    """Initializer of every worker: Ctrl-C (SIGINT, sent to the whole process group by a terminal)
    and SIGTERM are the parent's to handle; the parent ends the workers (:func:`hentikan_pool`),
    so a worker never prints a traceback of its own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def hentikan_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate every worker process of ``pool`` now (a task
    being rendered is abandoned, not finished), then reap them."""
    proses = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in proses:
        if p.is_alive():
            p.terminate()
    for p in proses:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
            p.join(timeout=5)


class _Diam:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(progress: bool | Any, n: int, keterangan: str) -> Any:
    if progress is False or progress is None or n == 0:
        return _Diam()
    if progress is True:
        from tqdm.auto import tqdm

        return tqdm(total=n, desc=keterangan, unit="berkas")
    from tqdm import tqdm as tqdm_teks

    return tqdm_teks(total=n, desc=keterangan, unit="berkas", file=progress)


# ------------------------------------------------------------------------------ folder
def daftar_kertas_kerja(folder: str | Path) -> list[Path]:
    """The worksheets of a folder, sorted by file name (Excel lock files ``~$…`` and hidden files
    are not worksheets and are skipped)."""
    folder = Path(folder)
    return sorted((p for p in folder.iterdir()
                   if p.is_file() and p.suffix.lower() in EKSTENSI_KERTAS_KERJA
                   and not p.name.startswith(("~$", "."))), key=lambda p: p.name)


def _teks_galat(e: WorksheetError) -> str:
    return "; ".join(map(str, e.masalah)) or str(e)


def _baca(path: Path, aturan: str | Path | Aturan | None, menurut_tanggal: bool = False,
          abaikan_aturan_tercatat: bool = False) -> KertasKerja:
    if path.suffix.lower() == ".json":
        from ..model import read_json

        ws = read_json(path)
        if aturan is not None:
            ws._aturan = aturan
        return ws
    from ..worksheet import read_worksheet

    return read_worksheet(path, rules=aturan, menurut_tanggal=menurut_tanggal,
                          abaikan_aturan_tercatat=abaikan_aturan_tercatat)


def _rujukan(aturan: Any) -> Any:
    """What a worker sends back for the rule set a worksheet was read with: the name of a built-in,
    the path of a rule file (cheap to pickle, loaded once per batch), else the set itself."""
    if not isinstance(aturan, Aturan):
        return aturan
    if aturan.berkas.endswith("(bawaan)"):
        return aturan.nama
    return aturan.berkas if aturan.berkas and Path(aturan.berkas).is_file() else aturan


def baca_satu(tugas: tuple[Any, ...]) -> tuple[KertasKerja | None, dict[str, Any] | None, str]:
    """Worker: read one worksheet → (model, its ``to_row()``, ``""``) or (None, None, galat).

    ``tugas`` = (path, rules[, menurut_tanggal[, abaikan_aturan_tercatat]]). ``rules=None``: each
    workbook is read with the rule set it records, else the one resolved from its ``jenis`` (and
    date) — :func:`~kesehatan_koperasi.worksheet.pilih.aturan_untuk_buku`, the same choice as
    ``validate``/``assess``. The model remembers the set (``_aturan``) for scoring.
    """
    path, aturan = Path(tugas[0]), tugas[1]
    menurut_tanggal = bool(tugas[2]) if len(tugas) > 2 else False
    abaikan = bool(tugas[3]) if len(tugas) > 3 else False
    try:
        ws = _baca(path, aturan, menurut_tanggal, abaikan)
        ws._aturan = _rujukan(ws._aturan)
        return ws, ws.to_row(), ""
    except WorksheetError as e:
        return None, None, _teks_galat(e)
    except RulesError as e:
        if aturan is None:   # the choice for this workbook (a recorded rule file not given, a date gap...)
            return None, None, "; ".join(m for _, m in e.masalah) or str(e)
        raise
    except Exception as e:
        return None, None, f"berkas tidak dapat dibaca ({type(e).__name__}: {e})"


def _pekerja_mati(tugas: tuple[Any, ...]) -> tuple[None, None, str]:
    """The row of a worksheet whose reading killed its worker process twice."""
    return None, None, "proses pekerja berhenti mendadak saat membaca berkas ini"


def _pastikan_butir(frame: pd.DataFrame, rules: Any, menurut_tanggal: bool = False) -> pd.DataFrame:
    """Columns for items no worksheet answered (NaN), so that a missing answer is reported per row
    as *belum dijawab* (as :func:`~kesehatan_koperasi.api.assess` does) instead of failing
    the whole call. ``rules``: one set, one per row, or ``None`` (resolved per row)."""
    from ..api import _per_baris, _rules_per_row

    if rules is not None and not _per_baris(rules):
        semua = [load_rules(rules)]
    else:
        semua = list(_rules_per_row(frame, menurut_tanggal, None if rules is None else list(rules))[2].values())
    kurang = list(dict.fromkeys(c for a in semua for c in a.kode_butir() if c not in frame.columns))
    if not kurang:
        return frame
    return pd.concat([frame, pd.DataFrame(np.nan, index=frame.index, columns=kurang)], axis=1)


def nilai_model(models: Sequence[KertasKerja | None], baris: Sequence[Mapping[str, Any] | None],
                galat: Sequence[str], sumber: Sequence[str], rules: str | Path | Aturan | None = None,
                detail: str = "ringkas", menurut_tanggal: bool = False) -> pd.DataFrame:
    """Score read worksheets with ONE ``assess_frame`` call and put the unread ones back in place.

    Returns one row per input (in the order given): ``berkas`` first, then the columns of
    ``assess_frame``; an unread input has its ``galat`` and missing scores. With
    ``detail="panjang"`` only the scored worksheets have rows. ``rules=None``: each worksheet with
    the rule set it was read with (``models[i]._aturan``), else resolved from its row.
    """
    baris, galat = list(baris), list(galat)
    for i, asal in enumerate(duplikat(baris, sumber)):
        if asal is not None:
            baris[i], galat[i] = None, f"duplikat dari {asal} (NIK dan tahun buku sama); tidak dinilai dua kali"
    ok = [i for i, b in enumerate(baris) if b is not None]
    if ok:
        masuk = pd.DataFrame([baris[i] for i in ok])      # ONE frame of every row read
        pilihan: Any = rules
        if rules is None:
            pilihan = [getattr(models[i], "_aturan", None) if i < len(models) else None for i in ok]
            if all(p is None for p in pilihan):
                pilihan = None
        masuk = _pastikan_butir(masuk, pilihan, menurut_tanggal)
        dinilai = assess_frame(masuk, rules=pilihan, detail=detail, menurut_tanggal=menurut_tanggal)
        if detail == "ringkas":
            dinilai = dengan_ketahanan(dinilai, masuk, pilihan, menurut_tanggal)
        pos = np.asarray(ok)[np.asarray(dinilai.index)] if len(dinilai) else np.zeros(0, dtype=int)
    else:
        dinilai = pd.DataFrame({"aturan": pd.Series([], dtype="string"), "nilai_akhir": pd.Series([], dtype=float),
                                "predikat": pd.Series([], dtype="string"), "peringatan": pd.Series([], dtype="string"),
                                "galat": pd.Series([], dtype="string")})
        pos = np.zeros(0, dtype=int)
    dinilai = dinilai.reset_index(drop=True)
    dinilai.insert(0, "berkas", pd.array([sumber[i] for i in pos], dtype="string"))
    if detail == "panjang":
        return dinilai
    gagal = [i for i, b in enumerate(baris) if b is None]
    if not gagal:
        out = dinilai
        out.index = pd.RangeIndex(len(out))
        return out
    bad = pd.DataFrame({"berkas": pd.array([sumber[i] for i in gagal], dtype="string"),
                        "galat": pd.array([galat[i] for i in gagal], dtype="string")})
    out = pd.concat([dinilai, bad], ignore_index=True)
    out.attrs = dinilai.attrs           # the rule sets used (assess_frame's description of them)
    urutan = np.argsort(np.concatenate([pos, np.asarray(gagal)]), kind="stable")
    out = out.iloc[urutan].reset_index(drop=True)
    for c in out.columns:
        if c.startswith("nilai.") and c != "nilai_akhir":
            out[c] = out[c].astype("Int8")
    out["galat"] = out["galat"].astype("string").fillna("")
    if "peringatan" in out:
        out["peringatan"] = out["peringatan"].astype("string").fillna("")
    return out


def _kunci(nik: Any, tahun: Any) -> tuple[str, int] | None:
    """(NIK, tahun buku) of a cooperative, or None when either is missing."""
    if nik is None or tahun is None or pd.isna(nik) or pd.isna(tahun):
        return None
    try:
        return str(nik).strip(), int(tahun)
    except (TypeError, ValueError, OverflowError):   # a year of "inf": that row's error, said by validation
        return None


def duplikat(baris: Sequence[Mapping[str, Any] | None], sumber: Sequence[str]) -> list[str | None]:
    """For each row read (``None``: unread), the source of an earlier row of the same cooperative
    (same NIK and tahun buku), or None: the first copy is scored, the others are reported as
    duplicates."""
    pertama: dict[tuple[str, int], str] = {}
    out: list[str | None] = []
    for b, asal in zip(baris, sumber):
        k = None if b is None or "nik" not in b or "tahun_buku" not in b else _kunci(b["nik"], b["tahun_buku"])
        if k is None:
            out.append(None)
        elif k in pertama:
            out.append(pertama[k])
        else:
            pertama[k] = asal
            out.append(None)
    return out


def baca_folder(folder: str | Path, rules: str | Path | Aturan | None = None, proses: int | None = None,
                progress: bool | Any = False, menurut_tanggal: bool = False,
                abaikan_aturan_tercatat: bool = False) -> tuple[list[Path], list[KertasKerja | None], list[pd.DataFrame | None], list[str]]:
    """Read every worksheet of ``folder`` in parallel: (paths, models, rows, galat); a row is the
    worksheet's :meth:`~kesehatan_koperasi.model.KertasKerja.to_row`."""
    if rules is not None and not isinstance(rules, Aturan):
        load_rules(rules)               # a bad rule set is a bad call: fail before any work
    return baca_berkas(daftar_kertas_kerja(folder), rules=rules, proses=proses, progress=progress,
                       menurut_tanggal=menurut_tanggal, abaikan_aturan_tercatat=abaikan_aturan_tercatat)


def baca_berkas(paths: Sequence[Path], rules: str | Path | Aturan | None = None, proses: int | None = None,
                progress: bool | Any = False, menurut_tanggal: bool = False,
                abaikan_aturan_tercatat: bool = False) -> tuple[list[Path], list[KertasKerja | None], list[pd.DataFrame | None], list[str]]:
    """Read the given worksheets in parallel: (paths, models, rows, galat)."""
    paths = list(paths)
    kirim = _rujukan(rules)
    hasil = peta_paralel(baca_satu, [(str(p), kirim, menurut_tanggal, abaikan_aturan_tercatat) for p in paths],
                         proses=proses, progress=progress, keterangan="Membaca kertas kerja", gagal=_pekerja_mati)
    return paths, [h[0] for h in hasil], [h[1] for h in hasil], [h[2] for h in hasil]


def assess_folder(folder: str | Path, rules: str | Path | Aturan | None = None, proses: int | None = None,
                  progress: bool | Any = False, detail: str = "ringkas") -> pd.DataFrame:
    """Score every worksheet of a folder (``*.xlsx`` workbooks and ``*.json`` KertasKerja).

    Parameters
    ----------
    folder : str or Path
        Folder of worksheets; files are taken in sorted name order (``~$…`` lock files and hidden
        files are skipped).
    rules : str, Path, Aturan or None
        Rule set; ``None``: per worksheet, the set it records, else resolved from its ``jenis``.
    proses : int, optional
        Worker processes reading the files (default ``os.cpu_count()``).
    progress : bool or file
        ``False`` (default, silent), ``True`` (tqdm, the notebook widget when available) or a file
        for a text progress bar (e.g. ``sys.stderr``).
    detail : {"ringkas", "panjang"}
        As in :func:`~kesehatan_koperasi.api.assess_frame`.

    Returns
    -------
    DataFrame
        One row per file, in file-name order: ``berkas`` (file name), then the columns of
        ``assess_frame``. A file that cannot be read has its problems in ``galat``.
    """
    paths, models, baris, galat = baca_folder(folder, rules=rules, proses=proses, progress=progress)
    return nilai_model(models, baris, galat, [p.name for p in paths], rules=rules, detail=detail)


# ------------------------------------------------------------------------------ table
def adalah_kertas_kerja_xlsx(path: Path) -> bool:
    """Whether an ``.xlsx`` file is an examiner's worksheet rather than a table (opened through the
    guarded :func:`~kesehatan_koperasi.inputs.guard.open_workbook`; unreadable: ``False``, and
    :func:`read_table` reports it)."""
    from ..inputs.guard import open_workbook
    from ..worksheet.layout import IDENTITAS

    try:
        wb = open_workbook(path, read_only=True)
    except WorksheetError:
        return False
    try:
        return IDENTITAS in wb.sheetnames
    finally:
        wb.close()


_KOLOM_TEKS = ("nik", "nama_koperasi", "nomor_badan_hukum", "jenis", "kuk", "alamat", "kabupaten_kota",
               "provinsi")
#: Columns of amounts and member counts: text in them is read by the cells parser
#: (:func:`~kesehatan_koperasi.inputs.cells.parse_angka`), as in a worksheet.
KOLOM_ANGKA: tuple[str, ...] = tuple(
    n + suf for n in (*AMOUNT_NAMES, *(f.name for f in OPTIONAL_FIELDS), *MEMBER_FIELDS) for suf in ("", SUFFIX_LALU))


def read_table(path: str | Path) -> pd.DataFrame:
    """A CSV, XLSX (first sheet) or Parquet table as a frame (identity codes such as ``nik`` as text).

    An XLSX table is opened through the guarded
    :func:`~kesehatan_koperasi.inputs.guard.open_workbook`. Amounts typed as Indonesian text
    (``Rp 1.250.000``, ``Rp1.200.000,-``, ``(1.250.000)``) are converted by :func:`angka_teks`.
    """
    path = Path(path)
    ext = path.suffix.lower()
    periksa_ukuran_tabel(path)
    try:
        if ext == ".csv":
            frame = pd.read_csv(path, dtype=dict.fromkeys(_KOLOM_TEKS, "string"), low_memory=False)
        elif ext == ".xlsx":
            frame = _baca_xlsx(path)
        elif ext in (".parquet", ".pq"):
            perlu_paket("pyarrow", "membaca tabel Parquet")
            frame = pd.read_parquet(path)
        else:
            raise KesehatanKoperasiError(f"{path}: masukan harus folder kertas kerja atau tabel "
                                         f"{', '.join(EKSTENSI_TABEL)}, bukan '{ext or path.name}'")
    except PaketOpsionalError:
        raise
    except (OSError, ValueError, ImportError, TypeError, NotImplementedError) as e:
        raise KesehatanKoperasiError(f"Tabel {path} tidak dapat dibaca: {e}") from None
    if frame.shape[1] > B.MAKS_KOLOM_TABEL or len(frame) > B.MAKS_BARIS_TABEL:   # an XLSX table
        raise _terlalu_besar(path, len(frame), frame.shape[1])
    return angka_teks(jenis_kolom(frame))


def _terlalu_besar(path: Path, baris: int, kolom: int) -> KesehatanKoperasiError:
    return KesehatanKoperasiError(
        f"Tabel {path} terlalu besar: {baris:,} baris × {kolom:,} kolom (paling banyak "
        f"{B.MAKS_BARIS_TABEL:,} baris dan {B.MAKS_KOLOM_TABEL:,} kolom); bagi tabel menjadi beberapa berkas"
        .replace(",", "."))


def periksa_ukuran_tabel(path: Path) -> None:
    """The table's budgets (:mod:`~kesehatan_koperasi.inputs.budget`) checked before pandas reads a
    row: the file size; for Parquet the rows and columns its metadata declares; for CSV the columns of
    the header line and the line count (streamed in blocks, so bounded memory)."""
    try:
        ukuran = path.stat().st_size
    except OSError as e:
        raise KesehatanKoperasiError(f"Tabel {path} tidak dapat dibaca: {e.strerror or e}") from None
    if ukuran > B.MAKS_UKURAN_TABEL:
        raise KesehatanKoperasiError(f"Tabel {path} terlalu besar ({ukuran / 2**20:,.0f} MB; paling besar "
                                     f"{B.MAKS_UKURAN_TABEL // 2**20} MB)".replace(",", "."))
    ext = path.suffix.lower()
    if ext in (".parquet", ".pq"):
        pq = perlu_paket("pyarrow.parquet", "berkas Parquet")   # the optional extra [parquet], with a hint

        try:
            meta = pq.ParquetFile(path).metadata
        except Exception as e:   # pyarrow raises ArrowInvalid, OSError, ... for a damaged file
            raise KesehatanKoperasiError(f"Tabel {path} bukan berkas Parquet yang sah ({type(e).__name__})") from None
        if meta.num_rows > B.MAKS_BARIS_TABEL or meta.num_columns > B.MAKS_KOLOM_TABEL:
            raise _terlalu_besar(path, meta.num_rows, meta.num_columns)
    elif ext == ".csv":
        with path.open("rb") as fh:
            kepala = fh.readline(4 * 1024 * 1024)
            kolom = kepala.count(b",") + 1
            baris = 0
            while blok := fh.read(1 << 20):
                baris += blok.count(b"\n")
        if kolom > B.MAKS_KOLOM_TABEL or baris > B.MAKS_BARIS_TABEL + 1:
            raise _terlalu_besar(path, baris, kolom)


def jenis_kolom(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns of unusual dtypes made plain, each by what it is: a category or a dictionary-encoded
    column as its values; a time-zone-aware timestamp as the local time of its zone; a period as its
    start; bytes as UTF-8 text; lists, dicts, structs (and anything else not a scalar) as text, so a
    pass-through column is kept and an amount column in such a form is that row's *bukan angka*."""
    ubah: dict[Any, pd.Series] = {}
    for c in frame.columns:
        s = frame[c]
        dt_ = s.dtype
        if isinstance(dt_, pd.CategoricalDtype):
            ubah[c] = s.astype(object).where(s.notna(), None)
        elif isinstance(dt_, pd.DatetimeTZDtype):
            ubah[c] = s.dt.tz_localize(None)
        elif isinstance(dt_, pd.PeriodDtype):
            ubah[c] = s.dt.start_time
        elif getattr(dt_, "pyarrow_dtype", None) is not None:
            ubah[c] = _dari_arrow(s)
        elif isinstance(dt_, np.dtype) and dt_.kind == "O":
            v = s.dropna()
            if len(v) and not v.map(lambda x: isinstance(x, (str, int, float, bool))).all():
                ubah[c] = s.map(_skalar)
    return _ganti_kolom(frame, ubah)


def _dari_arrow(s: pd.Series) -> pd.Series:
    import pyarrow as pa

    t = s.dtype.pyarrow_dtype
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t):
        return s.astype("float64") if not pa.types.is_boolean(t) else s.astype(object)
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return s.astype("string")
    if pa.types.is_timestamp(t):
        return s.astype(object).map(lambda x: _skalar(x))
    return s.astype(object).map(_skalar)


def _skalar(x: Any) -> Any:
    """One cell of an unusual column as a plain scalar (see :func:`jenis_kolom`)."""
    if x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and x != x):
        return None
    if isinstance(x, (str, int, float, bool)):
        return x
    if isinstance(x, pd.Timestamp):
        return x.tz_localize(None) if x.tzinfo is not None else x
    if isinstance(x, pd.Period):
        return x.start_time
    if isinstance(x, (bytes, bytearray, memoryview)):
        return bytes(x).decode("utf-8", errors="backslashreplace")
    if isinstance(x, (np.integer, np.floating, np.bool_)):
        return x.item()
    return str(x.tolist() if isinstance(x, np.ndarray) else x)


def _baca_xlsx(path: Path) -> pd.DataFrame:
    from ..inputs.guard import open_workbook, workbook_errors

    try:
        wb = open_workbook(path, read_only=True, data_only=True)
        try:
            with workbook_errors(path):
                return pd.read_excel(wb, sheet_name=0, engine="openpyxl",
                                     dtype=dict.fromkeys(_KOLOM_TEKS, "string"))
        finally:
            wb.close()
    except WorksheetError as e:
        raise KesehatanKoperasiError(str(e)) from None


def angka_teks(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the text in its amount and member-count columns (:data:`KOLOM_ANGKA`) read by
    the cells parser, as a worksheet's cells are.

    Vectorised over distinct values: each distinct text is parsed once and mapped back. A text the
    parser refuses stays as it is, so the scoring core still reports that row's cell as
    *bukan angka* (or reads a plain machine number such as ``1234567.5``). Negative amounts are
    converted too; the core reports them where they are not allowed. Numeric columns are not touched.
    """
    from ..inputs.cells import FormatSalah, parse_angka

    ubah: dict[str, pd.Series] = {}
    for c in KOLOM_ANGKA:
        if c not in frame.columns:
            continue
        col = frame[c]
        if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
            continue
        kode, unik = pd.factorize(col, use_na_sentinel=True)
        if not len(unik):
            continue
        nilai = np.empty(len(unik), dtype=object)
        semua = True
        for i, v in enumerate(unik):
            if isinstance(v, str):
                try:
                    v = parse_angka(v, negatif=True)
                except FormatSalah:
                    semua = False
            elif not isinstance(v, (int, float, np.integer, np.floating)) or isinstance(v, (bool, np.bool_)):
                semua = False
            nilai[i] = v
        keluar = np.where(kode >= 0, nilai[np.maximum(kode, 0)], np.nan)
        ubah[c] = pd.Series(keluar.astype(np.float64) if semua else keluar, index=frame.index, name=c)
    return _ganti_kolom(frame, ubah)


def assess_table(path: str | Path, rules: str | Path | Aturan | None = None, detail: str = "ringkas",
                 menurut_tanggal: bool = False) -> pd.DataFrame:
    """Score a table (CSV, XLSX or Parquet) in the ``assess_frame`` layout.

    Returns the frame of :func:`~kesehatan_koperasi.api.assess_frame` with ``berkas`` (the
    table's file name) and ``baris`` (1 = first data row, below the header) in front; every input
    row is there, in order, scored or with its ``galat``.

    Raises
    ------
    FrameError
        Required columns are missing.
    """
    path = Path(path)
    frame = read_table(path)
    return nilai_tabel(frame, path.name, rules=rules, detail=detail, menurut_tanggal=menurut_tanggal)


def dengan_ketahanan(hasil: pd.DataFrame, masuk: pd.DataFrame, rules: Any, menurut_tanggal: bool) -> pd.DataFrame:
    """``hasil`` with the robustness columns of :func:`~kesehatan_koperasi.api.uji_ketahanan` appended
    (``predikat@<id>``, ``nilai_akhir_min``, ``nilai_akhir_max``, ``predikat_stabil``, ``pemicu``;
    issue 14). A rule set without a Nilai scale (Perdep 06/2016) leaves them empty."""
    try:
        ket = uji_ketahanan(masuk, rules=rules, menurut_tanggal=menurut_tanggal)
    except RulesError:       # one rule set for every row, without a Nilai scale
        return hasil
    ket = ket.drop(columns=["nilai_akhir", "predikat"])
    ket.index = hasil.index
    out = pd.concat([hasil, ket], axis=1)
    out.attrs = hasil.attrs
    return out


def nilai_tabel(frame: pd.DataFrame, nama: str, rules: str | Path | Aturan | None = None,
                detail: str = "ringkas", menurut_tanggal: bool = False, ketahanan: bool = True) -> pd.DataFrame:
    """Score a table already in memory; see :func:`assess_table`.

    - A row of the same cooperative (NIK and tahun buku) as an earlier row is not scored: its
      ``galat`` names that row.
    - Rows of different cooperative types each need their own rule set's columns: a row whose set
      needs a column the table lacks (a KSPPS row in a KSP table) is that row's ``galat``, and the
      other rows are scored. Only when no row can be scored is it a bad call (``FrameError``)."""
    frame = frame.reset_index(drop=True)
    asal: list[str | None] = [None] * len(frame)
    if "nik" in frame and "tahun_buku" in frame and detail != "panjang":
        for i, j in _baris_duplikat(frame["nik"], frame["tahun_buku"]):
            asal[i] = f"{nama} baris {j + 1}"
    kurang = kolom_kurang(frame, rules, menurut_tanggal)
    galat = np.array([f"duplikat dari {a} (NIK dan tahun buku sama); tidak dinilai dua kali" if a is not None
                      else k for a, k in zip(asal, kurang)], dtype=object)
    bisa = galat == ""
    masuk = frame if (bisa.all() or not bisa.any()) else frame[bisa]   # none scorable: FrameError below
    out = assess_frame(masuk, rules=rules, detail=detail, menurut_tanggal=menurut_tanggal)
    if detail == "ringkas":
        if ketahanan:   # the robustness columns (issue 14); ``ketahanan=False`` leaves them out
            out = dengan_ketahanan(out, masuk, rules, menurut_tanggal)
        if len(masuk) < len(frame):
            out = _dengan_baris_gagal(out, frame, galat)
    baris = np.asarray(out.index) + 1
    out = out.reset_index(drop=True)
    out.insert(0, "baris", baris)
    out.insert(0, "berkas", pd.array(np.full(len(out), nama, dtype=object), dtype="string"))
    return out


def _baris_duplikat(nik: pd.Series, tahun: pd.Series) -> list[tuple[int, int]]:
    """(row, first row of the same cooperative) for every row whose NIK and tahun buku
    (:func:`_kunci`) an earlier row has. A text NIK with a whole-number year (the usual table) is
    grouped with pandas, each NIK stripped once; any other column goes row by row through
    :func:`_kunci`."""
    if isinstance(tahun.dtype, np.dtype) and tahun.dtype.kind in "iu" and pd.api.types.is_string_dtype(nik.dtype):
        if _tepi_rapi(nik):     # every NIK is its own stripped text: grouped as it is (Arrow's hash)
            kode_nik = pd.factorize(nik)[0]
            ada = np.flatnonzero(kode_nik >= 0)
            kode_nik = kode_nik[ada]
        else:
            teks = nik.to_numpy(dtype=object, na_value=None)
            ada = np.flatnonzero(pd.notna(teks))
            dipangkas = np.empty(len(ada), dtype=object)
            dipangkas[:] = [str(x).strip() for x in teks[ada]]
            kode_nik = pd.factorize(dipangkas)[0]
        if not len(ada):
            return []
        kode_tahun, tahun_unik = pd.factorize(tahun.to_numpy()[ada])
        kode, _ = pd.factorize(kode_nik.astype(np.int64) * len(tahun_unik) + kode_tahun)
        _, awal = np.unique(kode, return_index=True)
        pertama = ada[awal[kode]]
        ganda = np.flatnonzero(pertama != ada)
        return [(int(ada[g]), int(pertama[g])) for g in ganda]
    out = []
    dilihat: dict[tuple[str, int], int] = {}
    for i, (n, t) in enumerate(zip(nik.to_numpy(dtype=object), tahun.to_numpy(dtype=object))):
        k = _kunci(n, t)
        if k is not None:
            if k in dilihat:
                out.append((i, dilihat[k]))
            else:
                dilihat[k] = i
    return out


def _tepi_rapi(teks: pd.Series) -> bool:
    """Whether an Arrow-backed text column certainly has nothing for ``str.strip`` to remove: every
    value empty or starting and ending with a printable ASCII character other than a space."""
    if getattr(teks.dtype, "storage", None) != "pyarrow":
        return False
    import pyarrow as pa  # an Arrow-backed column: pyarrow is there
    import pyarrow.compute as pc

    a = pa.array(teks.array)
    for tepi in (pc.utf8_slice_codeunits(a, 0, 1), pc.utf8_slice_codeunits(a, -1)):   # first, last character
        if pc.all(pc.match_substring_regex(tepi, "^[!-~]?$")).as_py() is False:
            return False
    return True


def kolom_kurang(frame: pd.DataFrame, rules: str | Path | Aturan | None = None,
                 menurut_tanggal: bool = False) -> np.ndarray:
    """Per row, ``""`` or the message naming the columns its rule set needs and the table lacks."""
    from ..api import _rules_per_row
    from ..core.engine import required_columns

    n = len(frame)
    if rules is not None:
        sets = {"": load_rules(rules)}
        names = np.full(n, "", dtype=object)
    else:
        names, _, sets = _rules_per_row(frame, menurut_tanggal)
    pesan = {}
    for k, a in sets.items():
        hilang = [c for c in required_columns(a) if c not in frame.columns]
        pesan[k] = (f"tabel tidak memuat {len(hilang)} kolom yang diperlukan aturan {a.nama} untuk baris ini: "
                    f"{', '.join(hilang[:20])}{' …' if len(hilang) > 20 else ''}") if hilang else ""
    return np.array([pesan[k] for k in names], dtype=object) if n else np.array([], dtype=object)


def _dengan_baris_gagal(out: pd.DataFrame, frame: pd.DataFrame, kurang: np.ndarray) -> pd.DataFrame:
    """The scored rows with the rows that could not be scored put back in place (their pass-through
    columns and their ``galat``)."""
    gagal = np.flatnonzero(kurang != "")
    lewat = [c for c in frame.columns if c in out.columns]
    bad = frame.iloc[gagal][lewat].copy()
    bad["galat"] = pd.array(kurang[gagal].tolist(), dtype="string")
    semua = pd.concat([out, bad], axis=0)
    semua = semua.loc[frame.index]
    semua.attrs = out.attrs
    for c in semua.columns:
        if c.startswith("nilai.") and c != "nilai_akhir":
            semua[c] = semua[c].astype("Int8")
        elif c.startswith("temuan."):
            semua[c] = semua[c].astype("boolean")
    semua["galat"] = semua["galat"].astype("string").fillna("")
    if "peringatan" in semua:
        semua["peringatan"] = semua["peringatan"].astype("string").fillna("")
    return semua


def _ganti_kolom(frame: pd.DataFrame, ubah: dict[str, pd.Series]) -> pd.DataFrame:
    """``frame`` with the columns in ``ubah`` replaced (a shallow copy; ``frame`` itself unchanged)."""
    if not ubah:
        return frame
    frame = frame.copy(deep=False)
    for c, col in ubah.items():
        frame[c] = col
    return frame


def jenis_masukan(masukan: str | Path) -> str:
    """``"folder"`` (of worksheets), ``"parquet"`` (a folder of Parquet files and no worksheet: a
    partitioned dataset), ``"kertas_kerja"`` (one ``.xlsx``/``.json`` worksheet) or ``"tabel"``."""
    p = Path(masukan)
    if p.is_dir():
        if not daftar_kertas_kerja(p) and any(q.suffix.lower() in (".parquet", ".pq") and q.is_file()
                                              for q in p.rglob("*")):
            return "parquet"
        return "folder"
    if not p.exists():
        raise KesehatanKoperasiError(f"Masukan {p} tidak ditemukan")
    ext = p.suffix.lower()
    if ext == ".json" or (ext == ".xlsx" and adalah_kertas_kerja_xlsx(p)):
        return "kertas_kerja"
    if ext in EKSTENSI_TABEL:
        return "tabel"
    raise KesehatanKoperasiError(
        f"{p}: masukan harus folder kertas kerja atau tabel {', '.join(EKSTENSI_TABEL)}, bukan '{ext or p.name}'")
