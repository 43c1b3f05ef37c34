"""The terminal summary of one assessment (command ``assess``).
"""

from __future__ import annotations

from typing import TextIO

from ..formatting import angka
from ..result.hasil import Hasil


def print_summary(hasil: Hasil, stream: TextIO) -> None:
    """A readable table of the aspects and the predicate."""
    print(f"{hasil.nama_koperasi} — tahun buku {hasil.identitas.get('tahun_buku', '')}", file=stream)
    print(f"Aturan: {hasil.aturan.nama} (versi {hasil.aturan.versi})", file=stream)
    print("", file=stream)
    print(f"  {'Aspek':<20} {'Bobot':>6} {'Skor':>7}  Keterangan", file=stream)
    for a in hasil.aspek:
        print(f"  {a.kode}. {a.nama:<17} {angka(a.bobot):>5}% {angka(a.skor, 1):>7}  {a.label}", file=stream)
    print("", file=stream)
    print(f"  Nilai akhir {angka(hasil.nilai_akhir, 3)}  →  {hasil.predikat.upper()}", file=stream)
    temuan = hasil.temuan()
    if temuan:
        print(f"  Temuan: {len(temuan)} indikator ({hasil.aturan.temuan.lower()})", file=stream)
    if hasil.peringatan:
        print(f"  Peringatan: {len(hasil.peringatan)}", file=stream)
        for w in hasil.peringatan:
            print(f"    - {w}", file=stream)
    if hasil.nilai_sementara:
        print(f"  Nilai aturan sementara yang dipakai: {len(hasil.nilai_sementara)} (lihat lampiran berita acara)",
              file=stream)
    k = hasil.ketahanan
    if k is not None:
        print("", file=stream)
        print(f"  Uji ketahanan: nilai akhir {angka(k.nilai_akhir_min, 3)} sampai {angka(k.nilai_akhir_max, 3)}; "
              f"predikat {'STABIL' if k.predikat_stabil else 'TIDAK STABIL'}", file=stream)
        for b in k.bacaan:
            tanda = "  ← mengubah predikat" if b.mengubah_predikat else ""
            print(f"    {b.id:<28} {angka(b.nilai_akhir, 3):>8}  {b.predikat}{tanda}", file=stream)
        print(f"    {'±1 (' + str(k.jumlah_indikator_sementara) + ' indikator sementara)':<28} "
              f"{angka(k.nilai_akhir_bawah, 3):>8}  {k.predikat_bawah} (lebih buruk) / "
              f"{angka(k.nilai_akhir_atas, 3)}  {k.predikat_atas} (lebih baik)", file=stream)
        print(f"  {k.kalimat}", file=stream)
