"""Write the JSON Schemas of KertasKerja and Hasil (issue 13) into the package and into docs/skema/.

    python scripts/buat_skema_json.py
"""

from __future__ import annotations

from pathlib import Path

from kesehatan_koperasi.layanan.skema_berkas import MODEL, teks_skema

AKAR = Path(__file__).resolve().parents[1]
TUJUAN = (AKAR / "src" / "kesehatan_koperasi" / "layanan" / "skema_json", AKAR / "docs" / "skema")

if __name__ == "__main__":
    for folder in TUJUAN:
        folder.mkdir(parents=True, exist_ok=True)
        for nama in MODEL:
            (folder / nama).write_text(teks_skema(nama), encoding="utf-8")
            print(f"ditulis: {(folder / nama).relative_to(AKAR)}")
