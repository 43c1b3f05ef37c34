"""Parquet in, Parquet out, part by part with bounded memory (issue 15): a Parquet file or a folder
of Parquet files (a partitioned dataset) scored batch by batch through ``assess_frame`` and
written as one ``hasil-massal.parquet`` by a streaming pyarrow writer.

Only the columns scoring needs are read: every pass-through (identity) column, and of the input
columns (amounts, member counts, questionnaire items) only those of the rule sets that may score
the rows; the items of another rule set are left on disk. Each batch's output is conformed to the
output declared for the whole dataset (:func:`~kesehatan_koperasi.api.meta_keluaran`), so one
schema holds every batch, whichever rule sets scored it. Memory holds one batch at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from ..api import meta_keluaran
from ..core.engine import required_columns
from ..errors import KesehatanKoperasiError
from ..outputs.atomic import atomic_path
from ..result.dask_frame import sesuaikan
from ..result.frame import is_input_column
from ..rules import Aturan, load_rules
from ..rules.resolve import aturan_bawaan
from .baca import KOLOM_ANGKA, angka_teks, nilai_tabel
from .tulis import NAMA, opsi_parquet, tabel_arrow

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


def nilai_parquet(masukan: str | Path, keluaran: str | Path, rules: str | Path | Aturan | None = None, *,
                  baris: int = BARIS_PER_POTONG, menurut_tanggal: bool = False) -> dict[str, Any]:
    """Score a Parquet file or folder batch by batch into ``keluaran/hasil-massal.parquet``.

    Every input row is one output row, in file-name order then row order, with ``berkas`` and
    ``baris`` (1 = the file's first row) as :func:`~kesehatan_koperasi.batch.assess_table` gives
    them. Returns the path written, the rows and the rows with a ``galat``.
    """
    paths = _berkas(Path(masukan))
    skema_masukan = pa.unify_schemas([pq.read_schema(p) for p in paths])   # metadata only
    kosong = skema_masukan.empty_table().to_pandas()
    kosong = kosong[kolom_perlu(list(kosong.columns), rules)]
    tulis_ke = Path(keluaran) / f"{NAMA}.parquet"
    n = gagal = 0
    meta: pd.DataFrame | None = None
    writer: pq.ParquetWriter | None = None
    skema: pa.Schema | None = None
    with atomic_path(tulis_ke) as tmp:
        try:
            for berkas, awal, frame in potongan(masukan, rules, baris):
                frame = angka_teks(frame)
                out = nilai_tabel(frame, berkas, rules=rules, menurut_tanggal=menurut_tanggal)
                out["baris"] += awal
                if meta is None:       # declared once for the whole dataset (the union of its files' columns)
                    deklarasi = meta_keluaran(kosong, rules)
                    meta = pd.concat([out.iloc[:0, :2], deklarasi], axis=1)
                    meta.attrs = deklarasi.attrs   # every rule set that may score a row of the dataset
                out = sesuaikan(out, meta)
                out.attrs = meta.attrs
                tabel = tabel_arrow(out) if skema is None else pa.Table.from_pandas(out, schema=skema, preserve_index=False)
                if writer is None:
                    skema = tabel.schema
                    writer = pq.ParquetWriter(str(tmp), skema, **opsi_parquet(skema))
                writer.write_table(tabel)
                n += len(out)
                gagal += int((out["galat"].fillna("") != "").sum())
        finally:
            if writer is not None:
                writer.close()
        if writer is None:
            raise KesehatanKoperasiError(f"{masukan}: tidak ada baris untuk dinilai")
    return {"parquet": tulis_ke, "baris": n, "gagal": gagal}
