"""What differs between two rule sets (:func:`diff`, and the structured :func:`bandingkan`).

The known parts of a rule file get a tailored rendering; keys added to the format later are
still compared (generically, by path), so :func:`diff` works for any valid rule file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .model import Aturan, Indikator, Pita
from .view import _baris_pita, _g, _jalur, _rumus, _rumus_nama, _semua_komponen, _st

# ----------------------------------------------------------------------------- helpers



# ----------------------------------------------------------------------------- diff


@dataclass(frozen=True)
class Perbedaan:
    """One difference between rule sets A and B.

    ``bagian`` groups the differences (``Umum``, ``Aspek A Tata Kelola``, ``Indikator C.2.1.2``…),
    ``kunci`` says what differs, ``jenis`` is ``ubah``, ``tambah`` (only in B) or ``hapus`` (only
    in A); ``lama``/``baru`` are the readable values in A and B (``None`` when absent).
    """

    bagian: str
    kunci: str
    jenis: str
    lama: str | None = None
    baru: str | None = None


def _q(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, str):
        return f"“{x}”"
    return json.dumps(x, ensure_ascii=False, default=str)


def _umum(bagian: str, a: Any, b: Any, path: str, out: list[Perbedaan]) -> None:
    """Generic recursive comparison of dumped values (for keys without a tailored rendering)."""
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            p = f"{path}.{k}" if path else str(k)
            if k not in b:
                out.append(Perbedaan(bagian, p, "hapus", _q(a[k]), None))
            elif k not in a:
                out.append(Perbedaan(bagian, p, "tambah", None, _q(b[k])))
            else:
                _umum(bagian, a[k], b[k], p, out)
        return
    if (isinstance(a, list) and isinstance(b, list) and all(isinstance(x, dict) and "kode" in x for x in a + b)):
        ka, kb = {x["kode"]: x for x in a}, {x["kode"]: x for x in b}
        for k in list(ka) + [k for k in kb if k not in ka]:
            p = f"{path}[{k}]"
            if k not in kb:
                out.append(Perbedaan(bagian, p, "hapus", _q(ka[k]), None))
            elif k not in ka:
                out.append(Perbedaan(bagian, p, "tambah", None, _q(kb[k])))
            else:
                _umum(bagian, ka[k], kb[k], p, out)
        return
    out.append(Perbedaan(bagian, path or "nilai", "ubah", _q(a), _q(b)))


def _beda(bagian: str, kunci: str, a: Any, b: Any, out: list[Perbedaan], fmt: Any = _q) -> None:
    if a != b:
        out.append(Perbedaan(bagian, kunci, "ubah", fmt(a), fmt(b)))


def _beda_bersumber(bagian: str, kunci: str, a: Any, b: Any, out: list[Perbedaan], satuan: str = "") -> None:
    """A value with status and source (``NilaiBersumber``, ``Pembulatan``, ``Skala``…)."""
    if a == b:
        return
    if a is None or b is None:      # e.g. ``skala`` exists only for one method (Juknis vs Perdep)
        ada = b if a is None else a
        teks = _q(ada.model_dump(mode="json"))
        out.append(Perbedaan(bagian, kunci, "tambah" if a is None else "hapus",
                             None if a is None else teks, teks if a is None else None))
        return
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    if "nilai" in da and da.get("nilai") != db.get("nilai"):
        out.append(Perbedaan(bagian, kunci, "ubah", f"{_g(da['nilai'])}{satuan}", f"{_g(db['nilai'])}{satuan}"))
    if da.get("status") != db.get("status"):
        out.append(Perbedaan(bagian, f"{kunci}: status", "ubah", da.get("status"), db.get("status")))
    if da.get("sumber") != db.get("sumber"):
        out.append(Perbedaan(bagian, f"{kunci}: sumber", "ubah", _q(da.get("sumber")), _q(db.get("sumber"))))
    rest_a = {k: v for k, v in da.items() if k not in ("nilai", "status", "sumber")}
    rest_b = {k: v for k, v in db.items() if k not in ("nilai", "status", "sumber")}
    _umum(bagian, rest_a, rest_b, kunci, out)


def _beda_pita(bagian: str, kunci: str, a: Pita | None, b: Pita | None, out: list[Perbedaan],
               satuan: str = " %") -> None:
    """Band tables compared row by row (lowest values first), then cut-point status and source."""
    if a == b:
        return
    if a is None or b is None:
        out.append(Perbedaan(bagian, kunci, "tambah" if a is None else "hapus",
                             None if a is None else "; ".join(f"{r} → {n}" for r, n, _ in _baris_pita(a, satuan)),
                             None if b is None else "; ".join(f"{r} → {n}" for r, n, _ in _baris_pita(b, satuan))))
        return
    ra, rb = _baris_pita(a, satuan), _baris_pita(b, satuan)
    for i in range(max(len(ra), len(rb))):
        x = ra[i] if i < len(ra) else None
        y = rb[i] if i < len(rb) else None
        if x == y:
            continue
        def teks(r):
            return (None if r is None else f"{r[0]} → {r[1]} [{r[2]}]")
        jenis = "ubah" if x and y else ("tambah" if y else "hapus")
        out.append(Perbedaan(bagian, f"{kunci} baris {i + 1}", jenis, teks(x), teks(y)))
    if a.status_titik != b.status_titik:
        out.append(Perbedaan(bagian, f"{kunci}: status titik batas", "ubah", a.status_titik, b.status_titik))
    if a.sumber != b.sumber:
        out.append(Perbedaan(bagian, f"{kunci}: sumber", "ubah", _q(a.sumber), _q(b.sumber)))


_KUNCI_ATURAN = {"nama", "versi", "judul", "jenis_koperasi", "berlaku_mulai", "sumber_pustaka", "skala",
                 "pembulatan", "kuesioner", "predikat", "modal_tertimbang", "atmr", "aspek", "istilah"}
_KUNCI_ASPEK = {"kode", "nama", "bobot", "komponen"}
_KUNCI_KOMPONEN = {"kode", "nama", "komponen", "indikator"}
_KUNCI_INDIKATOR = {"kode", "label", "label_en", "status", "sumber", "rekomendasi", "butir", "pembilang", "penyebut",
                    "pertumbuhan", "penyebut_harus_positif", "pita", "tak_terdefinisi"}


def _lain(bagian: str, a: Any, b: Any, known: set[str], out: list[Perbedaan], path: str = "") -> None:
    """Keys outside ``known`` (added to the format later), compared generically."""
    da = {k: v for k, v in a.model_dump(mode="json").items() if k not in known}
    db = {k: v for k, v in b.model_dump(mode="json").items() if k not in known}
    _umum(bagian, da, db, path, out)


def _ringkas_indikator(ind: Indikator) -> str:
    jenis = f"kuesioner, {len(ind.butir or [])} butir" if ind.jenis == "kuesioner" else _rumus_nama(ind)
    return f"{ind.label} ({jenis}) [{_st(ind.status)}]"


def _beda_indikator(aa: Aturan, ab: Aturan, x: Indikator, y: Indikator, out: list[Perbedaan]) -> None:
    bagian = f"Indikator {y.kode} {y.label}"
    _beda(bagian, "label", x.label, y.label, out)
    _beda(bagian, "label (en)", x.label_en, y.label_en, out)
    _beda(bagian, "jenis", x.jenis, y.jenis, out)
    _beda(bagian, "status", x.status, y.status, out, str)
    _beda(bagian, "sumber", x.sumber, y.sumber, out)
    if x.jenis != "kuesioner" or y.jenis != "kuesioner":
        _beda(bagian, "rumus", _rumus_nama(x), _rumus_nama(y), out, str)
        if _rumus_nama(x) == _rumus_nama(y):
            _beda(bagian, "rumus (dengan label isian)", _rumus(aa, x), _rumus(ab, y), out, str)
        _beda_pita(bagian, "pita", x.pita, y.pita, out)
        if x.tak_terdefinisi != y.tak_terdefinisi:
            if x.tak_terdefinisi is None or y.tak_terdefinisi is None:
                _beda(bagian, "tak terdefinisi", x.tak_terdefinisi and int(x.tak_terdefinisi.nilai),
                      y.tak_terdefinisi and int(y.tak_terdefinisi.nilai), out)
            else:
                _beda_bersumber(bagian, "Nilai bila tak terdefinisi", x.tak_terdefinisi, y.tak_terdefinisi, out)
    bx = {b.kode: b for b in x.butir or []}
    by = {b.kode: b for b in y.butir or []}
    for k in list(bx) + [k for k in by if k not in bx]:
        if k not in by:
            out.append(Perbedaan(bagian, f"butir {k}", "hapus", _q(bx[k].teks), None))
        elif k not in bx:
            out.append(Perbedaan(bagian, f"butir {k}", "tambah", None, _q(by[k].teks)))
        else:
            _beda(bagian, f"butir {k}", bx[k].teks, by[k].teks, out)
            _beda(bagian, f"butir {k}: status", bx[k].status, by[k].status, out, str)
    _beda(bagian, "rekomendasi", x.rekomendasi, y.rekomendasi, out)
    _lain(bagian, x, y, _KUNCI_INDIKATOR, out)


def bandingkan(a: Aturan, b: Aturan) -> list[Perbedaan]:
    """Every difference between rule sets ``a`` and ``b``, grouped by part, in the order of the files."""
    out: list[Perbedaan] = []
    u = "Umum"
    for key in ("nama", "versi", "judul"):
        _beda(u, key, getattr(a, key), getattr(b, key), out)
    _beda(u, "jenis koperasi", ", ".join(a.jenis_koperasi), ", ".join(b.jenis_koperasi), out, str)
    _beda(u, "berlaku mulai", a.berlaku_mulai.isoformat(), b.berlaku_mulai.isoformat(), out, str)
    _umum("Sumber pustaka", a.sumber_pustaka, b.sumber_pustaka, "", out)
    _umum("Istilah (label isian)", a.istilah, b.istilah, "", out)
    s = "Skala dan pembulatan"
    _beda_bersumber(s, "skala", a.skala, b.skala, out)
    for nm in ("rasio", "aspek", "nilai_akhir"):
        _beda_bersumber(s, f"pembulatan {nm.replace('_', ' ')}", getattr(a.pembulatan, nm),
                        getattr(b.pembulatan, nm), out)
    _umum("Kuesioner", a.kuesioner.jawaban, b.kuesioner.jawaban, "jawaban", out)
    _beda_pita("Kuesioner", "pita kuesioner", a.kuesioner.pita, b.kuesioner.pita, out)
    _beda_pita("Predikat", "pita predikat", a.predikat.pita, b.predikat.pita, out, "")
    for nm in ("modal_tertimbang", "atmr"):
        pa, pb = getattr(a, nm), getattr(b, nm)
        bag = f"Bobot {nm.replace('_', ' ') if nm != 'atmr' else 'ATMR'}"
        _beda(bag, "status", pa.status, pb.status, out, str)
        _beda(bag, "sumber", pa.sumber, pb.sumber, out)
        for k in list(pa.bobot) + [k for k in pb.bobot if k not in pa.bobot]:
            if k not in pb.bobot:
                out.append(Perbedaan(bag, k, "hapus", f"{_g(pa.bobot[k])} %", None))
            elif k not in pa.bobot:
                out.append(Perbedaan(bag, k, "tambah", None, f"{_g(pb.bobot[k])} %"))
            else:
                _beda(bag, k, f"{_g(pa.bobot[k])} %", f"{_g(pb.bobot[k])} %", out, str)
    _lain("Lain-lain", a, b, _KUNCI_ATURAN, out)

    # aspects
    asp_a, asp_b = {x.kode: x for x in a.aspek}, {x.kode: x for x in b.aspek}
    for k in list(asp_a) + [k for k in asp_b if k not in asp_a]:
        x, y = asp_a.get(k), asp_b.get(k)
        if y is None:
            assert x is not None
            out.append(Perbedaan(f"Aspek {k}", "aspek", "hapus", f"{x.nama}, bobot {_g(x.bobot.nilai)} %", None))
            continue
        if x is None:
            out.append(Perbedaan(f"Aspek {k}", "aspek", "tambah", None, f"{y.nama}, bobot {_g(y.bobot.nilai)} %"))
            continue
        bag = f"Aspek {k} {y.nama}"
        _beda(bag, "nama", x.nama, y.nama, out)
        _beda_bersumber(bag, "bobot", x.bobot, y.bobot, out, " %")
        na, nb = len(list(x.semua_indikator())), len(list(y.semua_indikator()))
        _beda(bag, "jumlah indikator", na, nb, out, str)
        _lain(bag, x, y, _KUNCI_ASPEK, out)

    # components
    kom_a = {k.kode: k for _, k, _ in _semua_komponen(a)}
    kom_b = {k.kode: k for _, k, _ in _semua_komponen(b)}
    bag = "Komponen"
    for k in list(kom_a) + [k for k in kom_b if k not in kom_a]:
        kx, ky = kom_a.get(k), kom_b.get(k)
        if ky is None:
            assert kx is not None
            out.append(Perbedaan(bag, k, "hapus", kx.nama, None))
        elif kx is None:
            out.append(Perbedaan(bag, k, "tambah", None, ky.nama))
        else:
            _beda(bag, f"{k} nama", kx.nama, ky.nama, out)
            _lain(bag, kx, ky, _KUNCI_KOMPONEN, out, k)

    # indicators
    ind_a = {i.kode: i for _, i in a.indikator()}
    ind_b = {i.kode: i for _, i in b.indikator()}
    jalur_a, jalur_b = _jalur(a), _jalur(b)
    for k in [k for k in ind_a if k not in ind_b]:
        out.append(Perbedaan("Indikator dihapus (hanya di A)", k, "hapus", _ringkas_indikator(ind_a[k]), None))
    for k in [k for k in ind_b if k not in ind_a]:
        out.append(Perbedaan("Indikator ditambah (hanya di B)", k, "tambah", None, _ringkas_indikator(ind_b[k])))
    for k in [k for k in ind_b if k in ind_a]:
        ix, iy = ind_a[k], ind_b[k]
        pa = [c.kode for c in jalur_a[k][1]]
        pb_ = [c.kode for c in jalur_b[k][1]]
        if pa != pb_:
            out.append(Perbedaan(f"Indikator {iy.kode} {iy.label}", "letak", "ubah", " › ".join(pa), " › ".join(pb_)))
        if ix != iy:
            _beda_indikator(a, b, ix, iy, out)
    return out


def _nama_aturan(x: Aturan) -> str:
    if not x.berkas or x.berkas.endswith("(bawaan)"):
        return f"{x.nama} versi {x.versi} (bawaan)" if x.berkas else f"{x.nama} versi {x.versi}"
    return f"{x.nama} versi {x.versi}, berkas {x.berkas}"


def diff(a: Aturan, b: Aturan) -> str:
    """What differs between rule sets ``a`` and ``b``, as readable Indonesian text.

    Lines read ``kunci: A → B``; ``+`` marks what only B has, ``−`` what only A has. Band tables
    are compared row by row from the lowest values up; ``[K]``/``[S]`` is the row's status.
    """
    beda = bandingkan(a, b)
    out = ["Perbedaan aturan A → B", f"  A: {_nama_aturan(a)}", f"  B: {_nama_aturan(b)}"]
    if not beda:
        out += ["", "Tidak ada perbedaan."]
        return "\n".join(out)
    out.append(f"  {len(beda)} perbedaan")
    bagian = None
    for p in beda:
        if p.bagian != bagian:
            bagian = p.bagian
            out += ["", bagian]
        if p.jenis == "tambah":
            out.append(f"  + {p.kunci}: {p.baru}")
        elif p.jenis == "hapus":
            out.append(f"  − {p.kunci}: {p.lama}")
        else:
            out.append(f"  ~ {p.kunci}: {p.lama} → {p.baru}")
    return "\n".join(out)


