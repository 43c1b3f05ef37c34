"""The ``batch`` command: :func:`run_batch` (called by :mod:`kesehatan_koperasi.cli`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import KesehatanKoperasiError, perlu_paket
from ..formatting import angka
from ..rules import Aturan, load_rules
from . import dokumen as _dokumen
from . import kumpulan
from .baca import baca_berkas, daftar_kertas_kerja, jenis_masukan, nilai_model, nilai_tabel, read_table
from .tulis import GAGAL, NAMA, TulisBertahap, hitung_indikator, hitung_predikat, ringkasan, tulis_csv, tulis_parquet, tulis_xlsx

EXIT_OK, EXIT_INPUT = 0, 1
_DAFTAR_GAGAL = 10          # failures listed by name in the text summary


def run_batch(masukan: str | Path, out: Path, rules: str | Path | Aturan | None = None, dokumen: bool = False,
              proses: int | None = None, kantor: str | None = None, format: str = "teks",
              progress: bool | Any | None = None, menurut_tanggal: bool = False,
              abaikan_aturan_tercatat: bool = False) -> int:
    """Score a folder of worksheets or a table and write ``hasil-massal.{csv,parquet,xlsx}`` into ``out``.

    Parameters
    ----------
    masukan : str or Path
        A folder of worksheets (``*.xlsx``, ``*.json``), one worksheet, a table (CSV, XLSX,
        Parquet) in the ``assess_frame`` layout, or a folder of Parquet files in that layout (a
        partitioned dataset: read, scored and written batch by batch, so memory holds one batch;
        no documents).
    out : Path
        Output folder (created).
    rules : str, Path, Aturan or None
        Rule set; ``None``: per worksheet the set it records, else resolved per cooperative from
        ``jenis`` (:mod:`kesehatan_koperasi.rules.resolve`).
    dokumen : bool
        Also render the certificate and minutes of each scored cooperative into ``out/dokumen/``.
    proses : int, optional
        Worker processes (default ``os.cpu_count()``).
    kantor : str, optional
        Issuing-office settings (YAML) for the documents.
    format : {"teks", "json"}
        ``"json"``: a machine-readable summary on stdout. The human summary always goes to stderr.
    progress : bool, file or None
        Progress bar; ``None`` (default) draws one on stderr only when stderr is a terminal.
    menurut_tanggal : bool
        Without ``rules``: resolve by the examination date too (``tanggal_mulai_pemeriksaan``).
    abaikan_aturan_tercatat : bool
        Use ``rules`` for every worksheet even where it conflicts with the set a workbook records.

    Returns
    -------
    int
        0 when every input was scored (and every document rendered), 1 otherwise; 130 or 143 when
        stopped by SIGINT or SIGTERM (the workers stopped, the temporary folder removed, the previous
        complete set of outputs in ``out`` left as it was).

    The outputs of one run are one set (:mod:`.kumpulan`): written into a temporary folder inside
    ``out`` and moved into place at the end; ``out`` is locked, so a second run into it fails at once.
    """
    masukan = Path(masukan)
    out = Path(out)
    if rules is not None and not isinstance(rules, Aturan):
        load_rules(rules)                 # RulesError before any work (usage error)
    kantor_obj = None
    if dokumen:
        from ..outputs.pdf import load_kantor

        kantor_obj = load_kantor(kantor)  # KantorError before any work
    jenis = jenis_masukan(masukan)        # a missing input before the output folder is made
    if jenis == "parquet":
        perlu_paket("pyarrow", "membaca folder Parquet")
        if dokumen:
            raise KesehatanKoperasiError(f"{masukan}: dokumen tidak dibuat untuk folder Parquet (dataset besar yang "
                                         "dinilai bertahap); nilai tabel atau folder kertas kerja untuk dokumen")
    try:
        with kumpulan.Kumpulan(out) as sementara, kumpulan.sinyal_berhenti():
            return _run(masukan, jenis, out, sementara, rules, dokumen, proses, kantor_obj, format, progress,
                        menurut_tanggal, abaikan_aturan_tercatat)
    except kumpulan.Dihentikan as e:
        print(f"Dihentikan oleh {e.nama}: proses pekerja dihentikan, berkas sementara dihapus; keluaran "
              f"sebelumnya di {out} tetap utuh.", file=sys.stderr)
        return e.kode


def _run(masukan: Path, jenis: str, out: Path, sementara: kumpulan.Kumpulan, rules: str | Path | Aturan | None,
         dokumen: bool, proses: int | None, kantor_obj: Any, format: str, progress: bool | Any | None,
         menurut_tanggal: bool, abaikan_aturan_tercatat: bool) -> int:
    if progress is None:
        progress = sys.stderr if _tty(sys.stderr) else False
    models: list[Any] | None = None
    tabel: pd.DataFrame | None = None
    if jenis == "parquet":   # a partitioned dataset: scored and written batch by batch, bounded memory
        hasil, ditulis = _bertahap(masukan, sementara, rules, menurut_tanggal)
    elif jenis in ("folder", "kertas_kerja"):
        paths = daftar_kertas_kerja(masukan) if jenis == "folder" else [masukan]
        if not paths:
            raise KesehatanKoperasiError(f"Folder {masukan} tidak memuat kertas kerja (.xlsx atau .json)")
        paths, models, baris, galat = baca_berkas(paths, rules=rules, proses=proses, progress=progress,
                                                   menurut_tanggal=menurut_tanggal,
                                                   abaikan_aturan_tercatat=abaikan_aturan_tercatat)
        hasil = nilai_model(models, baris, galat, [p.name for p in paths], rules=rules,
                            menurut_tanggal=menurut_tanggal)
    else:
        tabel = read_table(masukan).reset_index(drop=True)
        hasil = nilai_tabel(tabel, masukan.name, rules=rules, menurut_tanggal=menurut_tanggal)
    if jenis != "parquet":
        ditulis = _tulis_sekaligus(hasil, sementara)

    galat_dokumen: dict[int, str] = {}
    n_dokumen = 0
    if dokumen:
        nama_aturan = None if rules is None else (rules.berkas if isinstance(rules, Aturan) else str(rules))
        tugas = _dokumen.siapkan(hasil, sementara.folder, kantor_obj, kertas_kerja=models, tabel=tabel,
                                 rules=nama_aturan)
        galat_dokumen = _dokumen.render_semua(tugas, proses=proses, progress=progress)
        n_dokumen = len(tugas) - len(galat_dokumen)
    with sementara.menulis():
        ditulis = sementara.pindahkan(ditulis, dokumen=dokumen)

    gagal = hasil["galat"].fillna("").astype(str) != ""
    _ringkas(hasil, gagal, ditulis, n_dokumen, galat_dokumen, out, sys.stderr)
    if format == "json":
        print(json.dumps(_json(masukan, hasil, gagal, ditulis, dokumen, n_dokumen, galat_dokumen),
                         ensure_ascii=False, default=str))
    return EXIT_INPUT if gagal.any() or galat_dokumen else EXIT_OK


def _tulis_sekaligus(hasil: pd.DataFrame, sementara: kumpulan.Kumpulan) -> dict[str, Path]:
    """``hasil-massal.csv``, ``.parquet`` and ``.xlsx`` of a result held whole in memory."""
    ditulis: dict[str, Path] = {}
    for fmt, tulis in (("csv", lambda p: tulis_csv(p, hasil)), ("parquet", lambda p: tulis_parquet(p, hasil)),
                       ("xlsx", lambda p: tulis_xlsx(p, hasil, ringkasan(hasil), hitung_indikator(hasil)))):
        p = sementara.folder / f"{NAMA}.{fmt}"
        with sementara.menulis(p.name):
            jadi = tulis(p)
        if jadi is not None:           # Parquet is skipped without pyarrow (the extra [parquet])
            ditulis[fmt] = jadi
    return ditulis


def _bertahap(masukan: Path, sementara: kumpulan.Kumpulan, rules: str | Path | Aturan | None,
              menurut_tanggal: bool) -> tuple[pd.DataFrame, dict[str, Path]]:
    """A folder of Parquet files scored batch by batch (:func:`~.aliran.hasil_bertahap`, with the
    robustness columns) and written as it goes (:class:`~.tulis.TulisBertahap`); returns the columns
    the summary needs of every row, and the files written."""
    from . import aliran

    # on an exception the writer closes its files unfinished before the folder is removed
    with sementara.menulis(), TulisBertahap(sementara.folder, aliran.jumlah_baris(masukan)) as penulis:
        for bagian in aliran.hasil_bertahap(masukan, rules, baris=aliran.BARIS_PER_POTONG,
                                            menurut_tanggal=menurut_tanggal, ketahanan=True):
            penulis.tambah(bagian)
        ringkas = penulis.selesai()
    if not len(ringkas):
        raise KesehatanKoperasiError(f"{masukan}: tidak ada baris untuk dinilai")
    return ringkas, dict(penulis.paths)


def _tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _sumber(hasil: pd.DataFrame, i: int) -> str:
    s = str(hasil["berkas"].iloc[i])
    if "baris" in hasil:
        s += f" baris {hasil['baris'].iloc[i]}"
    return s


def _ringkas(hasil: pd.DataFrame, gagal: pd.Series, ditulis: dict[str, Path], n_dokumen: int,
             galat_dokumen: dict[int, str], out: Path, stream: Any) -> None:
    n, k = len(hasil), int(gagal.sum())
    print(f"Penilaian massal: {angka(n)} masukan, {angka(n - k)} dinilai, {angka(k)} gagal.", file=stream)
    for _, r in hitung_predikat(hasil).iterrows():
        if r["predikat"] == GAGAL and not r["jumlah"]:
            continue
        print(f"  {r['predikat']:<26} {angka(r['jumlah']):>9}  ({angka(r['persen'], 1)} %)", file=stream)
    if k:
        print("Gagal dinilai:", file=stream)
        idx = [i for i, g in enumerate(gagal.to_numpy()) if g]
        for i in idx[:_DAFTAR_GAGAL]:
            teks = str(hasil["galat"].iloc[i])
            print(f"  - {_sumber(hasil, i)}: {teks[:200]}{'…' if len(teks) > 200 else ''}", file=stream)
        if len(idx) > _DAFTAR_GAGAL:
            print(f"  … dan {angka(len(idx) - _DAFTAR_GAGAL)} lainnya (lihat kolom galat di {ditulis['xlsx'].name})",
                  file=stream)
    if n_dokumen or galat_dokumen:
        print(f"Dokumen: sertifikat dan berita acara untuk {angka(n_dokumen)} koperasi di {out / _dokumen.FOLDER}",
              file=stream)
        for i, g in list(galat_dokumen.items())[:_DAFTAR_GAGAL]:
            print(f"  - dokumen {_sumber(hasil, i)} gagal: {g[:200]}", file=stream)
    print("Ditulis: " + ", ".join(str(p) for p in ditulis.values()), file=stream)


def _json(masukan: Path, hasil: pd.DataFrame, gagal: pd.Series, ditulis: dict[str, Path], dokumen: bool,
          n_dokumen: int, galat_dokumen: dict[int, str]) -> dict[str, Any]:
    pred = hitung_predikat(hasil)
    idx = [i for i, g in enumerate(gagal.to_numpy()) if g]

    def sumber(i: int) -> dict[str, Any]:
        d: dict[str, Any] = {"berkas": str(hasil["berkas"].iloc[i])}
        if "baris" in hasil:
            d["baris"] = int(hasil["baris"].iloc[i])
        return d

    out: dict[str, Any] = {
        "masukan": str(masukan),
        "jumlah": len(hasil),
        "dinilai": len(hasil) - len(idx),
        "gagal": len(idx),
        "predikat": {str(p): int(j) for p, j in zip(pred["predikat"], pred["jumlah"]) if p != GAGAL},
        "keluaran": {k: str(v) for k, v in ditulis.items()},
        "galat": [sumber(i) | {"galat": str(hasil["galat"].iloc[i])} for i in idx],
    }
    if dokumen:
        out["dokumen"] = {"dibuat": n_dokumen,
                          "gagal": [sumber(i) | {"galat": g} for i, g in galat_dokumen.items()]}
    return out
