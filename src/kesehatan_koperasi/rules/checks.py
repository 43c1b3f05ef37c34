"""Semantic checks of a parsed rule set: every problem with its key (weights summing to 100,
cut points ascending, known field names, one kind per indicator, ...).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..fields import KNOWN_NAMES
from .model import Aturan, Pita

# ----------------------------------------------------------------------------- checks


def _check(aturan: Aturan) -> list[tuple[str, str]]:
    """Every semantic problem of a parsed rule set, as ``(key, message)``."""
    out: list[tuple[str, str]] = []
    berbobot = aturan.metode == "jumlah_berbobot"
    known = aturan.nama_dikenal()
    if aturan.berlaku_sampai is not None and aturan.berlaku_sampai <= aturan.berlaku_mulai:
        out.append(("berlaku_sampai", f"harus sesudah berlaku_mulai ({aturan.berlaku_mulai.isoformat()})"))
    if berbobot:
        levels: list[Any] = list(range(0, 101))
        if aturan.pembulatan.skor is None:
            out.append(("pembulatan.skor", "wajib ada untuk metode jumlah_berbobot"))
    elif aturan.skala is None:
        out.append(("skala", "wajib ada untuk metode rata_rata_skor"))
        levels = [1, 2, 3, 4]
    else:
        levels = sorted(t.nilai for t in aturan.skala.tingkat)
        if levels != [1, 2, 3, 4] or sorted(t.skor for t in aturan.skala.tingkat) != [1, 2, 3, 4]:
            out.append(("skala.tingkat", "harus memuat Nilai 1-4 dan Skor 1-4 masing-masing sekali"))
    for name, t in aturan.turunan.items():
        if name in KNOWN_NAMES:
            out.append((f"turunan.{name}", "nama sudah dipakai isian atau besaran turunan bawaan"))
        for src in t.komponen:
            if src not in known or src == name:
                out.append((f"turunan.{name}.komponen.{src}", "nama isian tidak dikenal"))
    if (aturan.temuan.nilai is None) == (aturan.temuan.nilai_kurang_dari is None):
        out.append(("temuan", "isi tepat satu dari 'nilai' atau 'nilai_kurang_dari'"))

    def check_pita(key: str, pita: Pita | None, boleh: set[Any] | None) -> None:
        if pita is None:
            out.append((key, "pita (tabel batas) wajib ada"))
            return
        if len(pita.batas) != len(pita.nilai) - 1:
            out.append((key + ".batas", f"harus ada {len(pita.nilai) - 1} batas untuk {len(pita.nilai)} nilai, "
                                        f"ditemukan {len(pita.batas)}"))
            return
        t = pita.titik
        if len(t) and not np.all(np.diff(t) > 0):
            out.append((key + ".batas", f"batas harus naik tegas, ditemukan {pita.batas}"))
        if boleh is not None:
            bad = [n for n in pita.nilai if n not in boleh]
            if bad:
                out.append((key + ".nilai", f"nilai di luar {sorted(boleh)}: {bad}"))
        if isinstance(pita.status, dict):
            unknown = [k for k in pita.status if k not in pita.nilai and str(k) not in map(str, pita.nilai)]
            if unknown:
                out.append((key + ".status", f"status untuk nilai yang tidak ada di pita: {unknown}"))

    if (aturan.kuesioner.pita is None) == (aturan.kuesioner.linier is None):
        out.append(("kuesioner", "isi tepat satu dari 'pita' atau 'linier'"))
    elif aturan.kuesioner.pita is not None:
        check_pita("kuesioner.pita", aturan.kuesioner.pita, set(levels))
    if sorted(aturan.kuesioner.jawaban.values()) != [0, 1]:
        out.append(("kuesioner.jawaban", "jawaban harus bernilai 1 (terpenuhi) dan 0 (tidak terpenuhi)"))
    predikat = aturan.predikat.pita
    check_pita("predikat.pita", predikat, None)
    if len(set(predikat.nilai)) != len(predikat.nilai):
        out.append(("predikat.pita.nilai", "nama predikat harus unik"))

    for key, pb in (("modal_tertimbang", aturan.modal_tertimbang), ("atmr", aturan.atmr)):
        for name in list(pb.status_bobot) + list(pb.sumber_bobot):
            if name not in pb.bobot:
                out.append((f"{key}.status_bobot.{name}", "bukan nama bobot di blok ini"))
        for name, w in pb.bobot.items():
            if name not in known:
                out.append((f"{key}.bobot.{name}", "nama isian tidak dikenal"))
            if not (0 <= w <= 100):
                out.append((f"{key}.bobot.{name}", f"bobot harus 0-100 %, ditemukan {w}"))

    total = 0.0
    seen: set[str] = set()
    for ai, a in enumerate(aturan.aspek):
        akey = f"aspek[{ai}] ({a.kode})"
        w = a.bobot.nilai
        total += w
        if w <= 0 or not float(w).is_integer():
            out.append((akey + ".bobot", f"bobot harus bilangan bulat positif (persen), ditemukan {w}"))
        if a.kode in seen:
            out.append((akey, f"kode {a.kode} ganda"))
        seen.add(a.kode)
        inds = list(a.semua_indikator())
        if not inds:
            out.append((akey, "aspek tanpa indikator"))
        if berbobot:
            missing_w = [i.kode for i in inds if i.bobot is None]
            if missing_w:
                out.append((akey, f"indikator tanpa bobot (wajib untuk jumlah_berbobot): {missing_w}"))
            else:
                jumlah = sum(i.bobot.nilai for i in inds if i.bobot is not None)
                if not math.isclose(jumlah, w, abs_tol=1e-9):
                    out.append((akey + ".bobot", f"jumlah bobot indikator ({jumlah:g}) harus sama dengan bobot "
                                                 f"aspek ({w:g})"))
        for ind in inds:
            key = f"{akey} indikator {ind.kode}"
            if ind.kode in seen:
                out.append((key, f"kode {ind.kode} ganda"))
            seen.add(ind.kode)
            if not ind.kode.startswith(a.kode + "."):
                out.append((key, f"kode indikator harus diawali '{a.kode}.'"))
            kinds = [ind.butir is not None, ind.pembilang is not None or ind.penyebut is not None,
                     ind.pertumbuhan is not None]
            if sum(kinds) != 1:
                out.append((key, "indikator harus memakai tepat satu dari: butir, pembilang+penyebut, pertumbuhan"))
                continue
            if ind.jenis == "kuesioner":
                assert ind.butir is not None
                if not ind.butir:
                    out.append((key + ".butir", "kuesioner tanpa butir"))
                codes = [b.kode for b in ind.butir]
                if len(set(codes)) != len(codes):
                    out.append((key + ".butir", f"kode butir ganda: {codes}"))
                if ind.pita is not None or ind.tak_terdefinisi is not None:
                    out.append((key, "indikator kuesioner memakai pita kuesioner umum; hapus pita/tak_terdefinisi"))
                continue
            if ind.jenis == "rasio" and (not ind.pembilang or not ind.penyebut):
                out.append((key, "rasio memerlukan pembilang dan penyebut"))
            names = (ind.pembilang or []) + (ind.penyebut or []) + ([ind.pertumbuhan] if ind.pertumbuhan else [])
            for n in names:
                if n not in known:
                    out.append((key, f"nama isian '{n}' tidak dikenal"))
            check_pita(key + ".pita", ind.pita, set(levels))
            if ind.tak_terdefinisi is None:
                out.append((key + ".tak_terdefinisi", "Nilai untuk rasio tak terdefinisi wajib ada"))
            elif ind.tak_terdefinisi.nilai not in levels:
                out.append((key + ".tak_terdefinisi", f"Nilai harus salah satu dari {levels}"))
    if not math.isclose(total, 100.0, abs_tol=1e-9):
        out.append(("aspek[*].bobot", f"jumlah bobot aspek harus 100, ditemukan {total:g}"))
    out += _check_istilah(aturan)
    return out


def _check_istilah(aturan: Aturan) -> list[tuple[str, str]]:
    """Problems of the optional ``istilah`` mapping: unknown field names, empty labels."""
    out: list[tuple[str, str]] = []
    for nama, teks in aturan.istilah.items():
        if nama not in KNOWN_NAMES:
            out.append((f"istilah.{nama}", "nama isian tidak dikenal (lihat kesehatan_koperasi.fields)"))
        if not str(teks).strip():
            out.append((f"istilah.{nama}", "label tidak boleh kosong"))
    return out


