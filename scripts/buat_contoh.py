"""Generate the example worksheets in ``worksheets/`` from the synthetic generator.

Three realistic cooperatives, chosen from a seeded draw so that they land on the predicates
the examples are meant to show: a Sehat KSP, a Cukup Sehat USP and a cooperative in Dalam
Pengawasan Khusus. Each is written as ``<nama>.json`` (a KertasKerja) and as ``<nama>.xlsx`` (the
examiner's worksheet, filled), next to the blank ``kertas-kerja-kosong.xlsx``, so the examples stay
in step with the template. Run:

    python scripts/buat_contoh.py
"""

from __future__ import annotations

from pathlib import Path

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.worksheet import read_worksheet, write_template, write_worksheet

FOLDER = Path(__file__).resolve().parent.parent / "worksheets"


def pick() -> dict[str, kk.KertasKerja]:
    return {stem: contoh.kertas_kerja_contoh(stem) for stem in contoh.CONTOH}


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    write_template(FOLDER / "kertas-kerja-kosong.xlsx")
    for stem, ws in pick().items():
        hasil = kk.assess(ws)
        (FOLDER / f"{stem}.json").write_text(ws.model_dump_json(indent=2) + "\n", encoding="utf-8")
        xlsx = write_worksheet(ws, FOLDER / f"{stem}.xlsx")
        assert read_worksheet(xlsx) == ws, f"{xlsx}: round trip failed"
        print(f"{stem}: {hasil.nilai_akhir:.3f} {hasil.predikat}")


if __name__ == "__main__":
    main()
