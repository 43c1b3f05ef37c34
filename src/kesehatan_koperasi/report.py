"""Writing the outputs of one assessment: ``hasil.json``, ``hasil.xlsx``, the two PDFs, and the
terminal summary (spec ``api.md``, command ``assess``). Every output renders the same
:class:`~kesehatan_koperasi.hasil.Hasil`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .formatting import angka
from .hasil import Hasil


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; when the block succeeds it is renamed to ``path`` (with the
    permissions of an ordinary new file), otherwise removed — so no half-written file remains."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)      # as an ordinary new file, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_path`."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_outputs(hasil: Hasil, out: Path, dokumen: bool = True, kantor: str | None = None) -> list[Path]:
    """Write ``hasil.json``, ``hasil.xlsx`` and (with ``dokumen``) ``sertifikat.pdf`` and
    ``berita-acara.pdf`` into ``out``; every file is written under a temporary name and renamed."""
    from .worksheet import write_hasil_xlsx

    out.mkdir(parents=True, exist_ok=True)
    p = out / "hasil.json"
    atomic_write_bytes(p, (hasil.to_json() + "\n").encode("utf-8"))
    written = [p, write_hasil_xlsx(hasil, out / "hasil.xlsx")]
    if dokumen:
        from .documents import load_kantor, render_certificate, render_minutes

        office = load_kantor(kantor)
        written.append(render_certificate(hasil, out / "sertifikat.pdf", office))
        written.append(render_minutes(hasil, out / "berita-acara.pdf", office))
    return written


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
