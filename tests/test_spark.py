"""The Spark pattern of ``docs/penilaian-massal.md`` (``mapInPandas``), run when pyspark and Java
are installed (skipped otherwise): the scored rows equal the in-memory ``assess_frame``."""

from __future__ import annotations

import shutil

import pandas as pd
import pyarrow as pa
import pytest

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.api import meta_keluaran

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Java tidak terpasang: Spark tidak dapat dijalankan", allow_module_level=True)


def test_map_in_pandas_equals_the_in_memory_path():
    from pyspark.sql import SparkSession
    from pyspark.sql.pandas.types import from_arrow_schema

    spark = (SparkSession.builder.master("local[2]").config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate())
    try:
        f = contoh.koperasi(400, seed=3)
        sdf = spark.createDataFrame(f).repartition(3)
        meta = meta_keluaran(sdf.limit(0).toPandas())
        skema = from_arrow_schema(pa.Schema.from_pandas(meta, preserve_index=False))
        kolom = list(meta.columns)

        def nilai(potongan):
            for p in potongan:
                yield kk.assess_frame(p)[kolom]

        dapat = sdf.mapInPandas(nilai, schema=skema).toPandas().sort_values("nik").reset_index(drop=True)
        harap = kk.assess_frame(f).sort_values("nik").reset_index(drop=True)
        for c in ("nilai_akhir", "predikat", "aspek.A", "rasio.D.1.2", "galat"):
            pd.testing.assert_series_equal(dapat[c], harap[c], check_dtype=False, check_names=False)
    finally:
        spark.stop()
