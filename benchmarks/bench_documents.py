"""Time the two documents: certificate ≤ 0.5 s, minutes ≤ 1.5 s each (issue 4), and the cost of
signing and PDF/A (issue 12) as a ratio against a plain PDF measured in the same run.

    .venv/bin/python benchmarks/bench_documents.py [--ulang N]

Renders PDF bytes (HTML, layout and PDF writing; no disk) for the three example worksheets, the
synthetic cooperative with the most findings, and a constructed result with all sixty indicators
as findings. Prints the first (cold) render of the process, then the median and best of N warm
renders per document (wall clock, and the process's CPU time, which the load of other
processes disturbs less). A script, not a timed unit test: timings depend on the machine's load.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

from pypdf import PdfReader

import kesehatan_koperasi as kk
from kesehatan_koperasi import contoh
from kesehatan_koperasi.outputs import pdf as documents

ROOT = Path(__file__).resolve().parents[1]
BATAS = {"sertifikat": 0.5, "berita-acara": 1.5}
BATAS_BA_ISU15 = 0.6   # issue 15: the minutes ≤ 0.6 s each


def _kasus() -> list[tuple[str, kk.Hasil]]:
    out = []
    for p in sorted((ROOT / "worksheets").glob("*.json")):
        out.append((p.stem, kk.assess(kk.KertasKerja.model_validate_json(p.read_text(encoding="utf-8")))))
    frame = contoh.koperasi(50, seed=1)
    sintetis = [kk.assess(contoh.kertas_kerja(frame, i)) for i in range(len(frame))]
    terburuk = max(sintetis, key=lambda h: len(h.temuan()))
    out.append((f"sintetis-terburuk ({len(terburuk.temuan())} temuan)", terburuk))
    enam_puluh = terburuk.model_copy(update={"indikator": [
        i.model_copy(update={"nilai": 4, "skor": 1, "kategori": "Tidak Sehat"}) for i in terburuk.indikator]})
    out.append(("60 temuan (disusun)", enam_puluh))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ulang", type=int, default=5, help="warm renders per document (default 5)")
    args = ap.parse_args()
    kasus = _kasus()
    fungsi = {"sertifikat": documents.certificate_pdf, "berita-acara": documents.minutes_pdf}

    t0 = time.perf_counter()
    fungsi["sertifikat"](kasus[0][1])
    dingin = time.perf_counter() - t0
    print(f"render pertama dalam proses (dingin, termasuk impor WeasyPrint dan fon): {dingin:.2f} s\n")

    print(f"beban mesin (load average 1/5/15 menit): {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"inti: {os.cpu_count()}")
    print(f"{'kasus':<34} {'dokumen':<13} {'hlm':>3} {'median':>8} {'terbaik':>8} {'CPU':>8}  batas (median)")
    lewat = 0
    ba: list[float] = []
    for nama, h in kasus:
        for dok, f in fungsi.items():
            waktu, cpu = [], []
            for _ in range(args.ulang):
                t, c = time.perf_counter(), time.process_time()
                data = f(h)
                waktu.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
            hlm = len(PdfReader(io.BytesIO(data)).pages)
            med = statistics.median(waktu)
            if dok == "berita-acara":
                ba.append(med)
            ok = med <= BATAS[dok]
            lewat += not ok
            print(f"{nama[:34]:<34} {dok:<13} {hlm:>3} {med:>7.3f}s {min(waktu):>7.3f}s {statistics.median(cpu):>7.3f}s  "
                  f"{'ok' if ok else 'LEBIH'} (≤ {BATAS[dok]} s)")
    print(f"\n{lewat} melewati batas" if lewat else "\nsemua dalam batas")
    print(f"berita acara, median terburuk {max(ba):.3f} s: target isu 15 ≤ {BATAS_BA_ISU15} s "
          f"{'tercapai' if max(ba) <= BATAS_BA_ISU15 else 'TIDAK TERCAPAI'}")
    _tanda_tangan(kasus, args.ulang)
    return 0


def _tanda_tangan(kasus: list[tuple[str, kk.Hasil]], ulang: int) -> None:
    """Signed PDF/A-3u (example profile: letterhead with logo, Ed25519 signature, QR code, two
    attachments) against the plain PDF of the same document (no profile, no PDF/A), same run."""
    from kesehatan_koperasi.outputs.pdf import kantor, render

    contoh_ = kantor.kantor_contoh()

    def polos(h: kk.Hasil, dok: str) -> bytes:
        html = render.certificate_html(h, nomor="1") if dok == "sertifikat" else render.minutes_html(h, nomor="1")
        return bytes(render._dokumen(html).write_pdf())

    def bertanda(h: kk.Hasil, dok: str) -> bytes:
        f = render.certificate_pdf if dok == "sertifikat" else render.minutes_pdf
        return f(h, contoh_, nomor="1")

    print("\ntanda tangan + PDF/A-3u terhadap PDF biasa (median, proses yang sama):")
    print(f"{'kasus':<34} {'dokumen':<13} {'biasa':>8} {'bertanda':>9} {'rasio':>6}")
    for nama, h in (kasus[0], kasus[-1]):
        for dok in ("sertifikat", "berita-acara"):
            med = {}
            for jenis, f in (("biasa", polos), ("bertanda", bertanda)):
                w = []
                for _ in range(ulang):
                    t = time.perf_counter()
                    f(h, dok)
                    w.append(time.perf_counter() - t)
                med[jenis] = statistics.median(w)
            print(f"{nama[:34]:<34} {dok:<13} {med['biasa']:>7.3f}s {med['bertanda']:>8.3f}s "
                  f"{med['bertanda'] / med['biasa']:>6.2f}")


if __name__ == "__main__":
    sys.exit(main())
