"""Certificate and minutes per scored cooperative of a batch, rendered in parallel processes into
``DIR/dokumen/<nik or file stem>/sertifikat.pdf`` and ``berita-acara.pdf``.

A worksheet's :class:`~kesehatan_koperasi.hasil.Hasil` is built with its
:class:`~kesehatan_koperasi.model.KertasKerja` (:func:`~kesehatan_koperasi.api.assess`),
so the minutes carry the examination record; a table row's with
:func:`~kesehatan_koperasi.result.build.hasil_from_frame`. Both score through the one core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..model import KertasKerja
from .baca import peta_paralel

FOLDER = "dokumen"


@dataclass
class TugasDokumen:
    """One cooperative's documents: the worksheet or the one-row table, the rule set, the folder."""

    folder: str
    aturan: str
    kantor: Any
    kertas_kerja: KertasKerja | None = None
    baris: pd.DataFrame | None = None


def buat_dokumen(t: TugasDokumen) -> str:
    """Worker: render both PDFs of one cooperative; returns ``""`` or the error text."""
    from ..api import assess
    from ..outputs.pdf import render_certificate, render_minutes
    from ..result.build import hasil_from_frame

    try:
        if t.kertas_kerja is not None:
            hasil = assess(t.kertas_kerja, rules=t.aturan)
        else:
            assert t.baris is not None
            h = hasil_from_frame(t.baris, t.aturan)[0]
            if isinstance(h, str):
                return h
            hasil = h
        folder = Path(t.folder)
        render_certificate(hasil, folder / "sertifikat.pdf", kantor=t.kantor)
        render_minutes(hasil, folder / "berita-acara.pdf", kantor=t.kantor)
        return ""
    except Exception as e:
        return f"dokumen tidak dapat dibuat ({type(e).__name__}: {e})"


def nama_folder(teks: str) -> str:
    """A safe folder name (letters, digits, ``.``, ``-``, ``_``)."""
    s = re.sub(r"[^\w.-]+", "_", teks.strip(), flags=re.ASCII).strip("._")
    return s[:80] or "koperasi"


def siapkan(hasil: pd.DataFrame, out: Path, kantor: Any, kertas_kerja: list[KertasKerja | None] | None = None,
            tabel: pd.DataFrame | None = None, rules: str | None = None) -> list[tuple[int, TugasDokumen]]:
    """A task per scored row of ``hasil``: (row position, task). Folder ``<nik>`` (or the file stem,
    or ``baris-<n>``); a name already taken gets ``-<n>`` appended. ``rules``: the rule set given
    by the caller (name or path); ``None`` uses each row's ``aturan``."""
    tugas: list[tuple[int, TugasDokumen]] = []
    dipakai: set[str] = set()
    galat = hasil["galat"].fillna("").astype(str).to_numpy()
    nik = hasil["nik"].astype("string").fillna("").to_numpy() if "nik" in hasil else None
    for i in range(len(hasil)):
        if galat[i]:
            continue
        if nik is not None and str(nik[i]).strip():
            nama = nama_folder(str(nik[i]))
        elif kertas_kerja is not None:
            nama = nama_folder(Path(str(hasil["berkas"].iloc[i])).stem)
        else:
            nama = f"baris-{hasil['baris'].iloc[i]}"
        if nama in dipakai:
            nama = f"{nama}-{i + 1}"
        dipakai.add(nama)
        folder = str(out / FOLDER / nama)
        aturan = rules if rules is not None else str(hasil["aturan"].iloc[i])
        kk_i = kertas_kerja[i] if kertas_kerja is not None and i < len(kertas_kerja) else None
        if rules is None and kk_i is not None and getattr(kk_i, "_aturan", None) is not None:
            aturan = kk_i._aturan     # the set the worksheet was read with (a rule file too)
        if kertas_kerja is not None:
            tugas.append((i, TugasDokumen(folder, aturan, kantor, kertas_kerja=kertas_kerja[i])))
        else:
            assert tabel is not None
            tugas.append((i, TugasDokumen(folder, aturan, kantor, baris=tabel.iloc[[int(hasil["baris"].iloc[i]) - 1]]
                                          .reset_index(drop=True))))
    return tugas


def render_semua(tugas: list[tuple[int, TugasDokumen]], proses: int | None = None,
                 progress: bool | Any = False) -> dict[int, str]:
    """Render every task in parallel; returns the errors by row position (empty when all rendered)."""
    hasil = peta_paralel(buat_dokumen, [t for _, t in tugas], proses=proses, progress=progress,
                         keterangan="Membuat dokumen",
                         gagal=lambda t: "proses pekerja berhenti mendadak saat membuat dokumen")
    return {i: g for (i, _), g in zip(tugas, hasil) if g}
