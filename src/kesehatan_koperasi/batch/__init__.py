"""Batch assessment (issue 5): a folder of worksheets or a table, scored with one ``assess_frame`` call.

>>> from kesehatan_koperasi import batch                              # doctest: +SKIP
>>> hasil = batch.assess_folder("kertas-kerja/", progress=True)      # doctest: +SKIP
>>> hasil = batch.assess_table("koperasi.parquet")                   # doctest: +SKIP
>>> batch.tulis_hasil(hasil, "hasil/")                               # doctest: +SKIP

- :func:`assess_folder` — every ``*.xlsx`` / ``*.json`` worksheet of a folder, read in parallel
  processes; one row per file, in file-name order, with ``berkas`` and ``galat``;
- :func:`assess_table` — a CSV, XLSX or Parquet table in the ``assess_frame`` layout, with
  ``berkas`` and ``baris``;
- :func:`tulis_hasil` — ``hasil-massal.csv``, ``.parquet`` and ``.xlsx`` (Ringkasan, Hasil,
  Indikator), each written atomically, text neutralised against formula injection;
- :func:`nilai_parquet` — a Parquet file or a folder of Parquet files (a partitioned dataset)
  scored batch by batch with bounded memory into one ``hasil-massal.parquet``;
- :func:`run_batch` — the ``batch`` command.

Progress bars are off by default in library calls (``progress=True`` shows one, the notebook
widget when available); the command draws one on stderr when stderr is a terminal.
"""

from .baca import assess_folder, assess_table, daftar_kertas_kerja, read_table
from .perintah import run_batch
from .tulis import hitung_indikator, hitung_predikat, netralkan, netralkan_frame, ringkasan, tabel_silang, tulis_hasil

__all__ = ["assess_folder", "assess_table", "daftar_kertas_kerja", "hitung_indikator", "hitung_predikat",
           "netralkan", "netralkan_frame", "nilai_parquet", "read_table", "ringkasan", "run_batch", "tabel_silang",
           "tulis_hasil"]


def __getattr__(name: str) -> object:
    if name == "nilai_parquet":   # needs pyarrow (the optional extra [parquet]): loaded on first use
        from .aliran import nilai_parquet

        return nilai_parquet
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
