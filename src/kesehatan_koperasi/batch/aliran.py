"""Parquet in, Parquet out, part by part with bounded memory (issue 15): a Parquet file or a folder
of Parquet files (a partitioned dataset) scored batch by batch through ``assess_frame`` and
written as one ``hasil-massal.parquet`` by a streaming pyarrow writer.

Only the columns scoring needs are read: every pass-through (identity) column, and of the input
columns (amounts, member counts, questionnaire items) only those of the rule sets that may score
the rows; the items of another rule set are left on disk. Each batch's output is conformed to the
output declared for the whole dataset (:func:`~kesehatan_koperasi.api.meta_keluaran`), so one
schema holds every batch, whichever rule sets scored it. Memory holds one batch at a time.
:func:`hasil_bertahap` yields the scored batches (the ``batch`` command writes its outputs from
them, :class:`~kesehatan_koperasi.batch.tulis.TulisBertahap`); :func:`nilai_parquet` writes them
as one Parquet file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from ..api import meta_keluaran, uji_ketahanan
from ..core.engine import required_columns
from ..errors import KesehatanKoperasiError, RulesError
from ..outputs.atomic import atomic_path
from ..result.dask_frame import sesuaikan
from ..result.frame import is_input_column
from ..rules import Aturan, load_rules
from ..rules.resolve import aturan_bawaan
from .baca import KOLOM_ANGKA, angka_teks, nilai_tabel
from .tulis import NAMA, PenulisParquet

#: Rows scored at a time (about 250 MB of input for the built-in rule sets).
BARIS_PER_POTONG = 250_000


def kolom_perlu(nama_kolom: list[str], rules: str | Path | Aturan | None = None) -> list[str]:
    """The columns of a table to read: pass-through columns and the inputs of the rule sets that
    may score it (the one given, or every built-in set), in the table's order."""
    calon = [load_rules(rules)] if rules is not None else aturan_bawaan()
    perlu = set(KOLOM_ANGKA) | {"tanggal_mulai_pemeriksaan", "tanggal_rat", "tanggal_rat_lalu", "jenis"}
    for a in calon:
        perlu |= set(required_columns(a))
    return [c for c in nama_kolom if not is_input_column(c) or c in perlu]


def potongan(masukan: str | Path, rules: str | Path | Aturan | None = None, baris: int = BARIS_PER_POTONG
             ) -> Iterator[tuple[str, int, pd.DataFrame]]:
    """(file name, first row number in that file, frame) for each batch of at most ``baris`` rows,
    file by file in name order, reading of each file only the columns :func:`kolom_perlu` keeps."""
    paths = _berkas(Path(masukan))
    for path in paths:
        ds = pads.dataset(str(path), format="parquet")
        awal = 0
        for rb in ds.to_batches(columns=kolom_perlu(ds.schema.names, rules), batch_size=baris):
            if rb.num_rows == 0:
                continue
            yield path.name, awal, rb.to_pandas()
            awal += rb.num_rows


def _berkas(masukan: Path) -> list[Path]:
    if masukan.is_dir():
        paths = sorted(p for p in masukan.rglob("*") if p.suffix.lower() in (".parquet", ".pq") and p.is_file())
        if not paths:
            raise KesehatanKoperasiError(f"Folder {masukan} tidak memuat berkas Parquet")
        return paths
    if not masukan.exists():
        raise KesehatanKoperasiError(f"Masukan {masukan} tidak ditemukan")
    return [masukan]


def jumlah_baris(masukan: str | Path) -> int:
    """Rows of a Parquet file or folder, from the files' metadata (no row is read)."""
    return sum(pq.ParquetFile(p).metadata.num_rows for p in _berkas(Path(masukan)))


def _deklarasi(kosong: pd.DataFrame, rules: str | Path | Aturan | None, ketahanan: bool) -> pd.DataFrame:
    """The declared output of every batch: :func:`~kesehatan_koperasi.api.meta_keluaran` and, with
    ``ketahanan``, the robustness columns the batch command appends (each rule set with a Nilai
    scale that may score a row: its readings)."""
    meta = meta_keluaran(kosong, rules)
    if not ketahanan:
        return meta
    calon = [load_rules(rules)] if rules is not None else [
        a for a in aturan_bawaan() if all(c in kosong.columns for c in required_columns(a))]
    contoh = []
    for a in calon:
        try:
            contoh.append(uji_ketahanan(kosong, rules=a).drop(columns=["nilai_akhir", "predikat"]))
        except RulesError:      # no Nilai scale (Perdep 06/2016): no robustness columns
            continue
    if not contoh:
        return meta
    bacaan = list(dict.fromkeys(c for k in contoh for c in k.columns if c.startswith("predikat@")))
    awal = [c for c in contoh[0].columns if not c.startswith("predikat@")]
    dtypes = {c: dt for k in contoh for c, dt in k.dtypes.items()}
    ket = pd.DataFrame({c: pd.Series([], dtype=dtypes[c]) for c in bacaan + awal})
    out = pd.concat([meta, ket.set_axis(meta.index[:0])], axis=1)
    out.attrs = meta.attrs
    return out


def hasil_bertahap(masukan: str | Path, rules: str | Path | Aturan | None = None, *, baris: int = BARIS_PER_POTONG,
                   menurut_tanggal: bool = False, ketahanan: bool = False) -> Iterator[pd.DataFrame]:
    """The scored batches of a Parquet file or folder, one at a time (memory holds one batch).

    Each is :func:`~kesehatan_koperasi.batch.baca.nilai_tabel` of one batch (``berkas``, ``baris``
    as :func:`~kesehatan_koperasi.batch.assess_table` gives them), conformed to the output declared
    for the whole dataset, so every batch has the same columns and dtypes and its ``attrs`` name
    every rule set that may score a row. ``ketahanan``: with the robustness columns (issue 14), as
    the ``batch`` command writes them; without them otherwise."""
    paths = _berkas(Path(masukan))
    skema_masukan = pa.unify_schemas([pq.read_schema(p) for p in paths])   # metadata only
    kosong = skema_masukan.empty_table().to_pandas()
    kosong = kosong[kolom_perlu(list(kosong.columns), rules)]
    meta: pd.DataFrame | None = None
    for berkas, awal, frame in potongan(masukan, rules, baris):
        frame = angka_teks(frame)
        out = nilai_tabel(frame, berkas, rules=rules, menurut_tanggal=menurut_tanggal, ketahanan=ketahanan)
        out["baris"] += awal
        if meta is None:       # declared once for the whole dataset (the union of its files' columns)
            deklarasi = _deklarasi(kosong, rules, ketahanan)
            meta = pd.concat([out.iloc[:0, :2], deklarasi], axis=1)
            meta.attrs = deklarasi.attrs   # every rule set that may score a row of the dataset
        out = sesuaikan(out, meta)
        out.attrs = meta.attrs
        yield out


def nilai_parquet(masukan: str | Path, keluaran: str | Path, rules: str | Path | Aturan | None = None, *,
                  baris: int = BARIS_PER_POTONG, menurut_tanggal: bool = False) -> dict[str, Any]:
    """Score a Parquet file or folder batch by batch into ``keluaran/hasil-massal.parquet``.

    Every input row is one output row, in file-name order then row order, with ``berkas`` and
    ``baris`` (1 = the file's first row) as :func:`~kesehatan_koperasi.batch.assess_table` gives
    them (:func:`hasil_bertahap`). Returns the path written, the rows and the rows with a ``galat``.
    """
    tulis_ke = Path(keluaran) / f"{NAMA}.parquet"
    n = gagal = 0
    with atomic_path(tulis_ke) as tmp:
        with PenulisParquet(tmp) as penulis:
            for out in hasil_bertahap(masukan, rules, baris=baris, menurut_tanggal=menurut_tanggal):
                penulis.tambah(out)
                n += len(out)
                gagal += int((out["galat"].fillna("") != "").sum())
        if not n:
            raise KesehatanKoperasiError(f"{masukan}: tidak ada baris untuk dinilai")
    return {"parquet": tulis_ke, "baris": n, "gagal": gagal}
