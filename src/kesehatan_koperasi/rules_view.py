"""Rule sets for people: a readable tree, the differences between two sets, a methodology page.

Everything here reads a validated :class:`~kesehatan_koperasi.rules.Aturan` and writes text in
Indonesian; nothing here scores. Three views:

- :func:`describe`: the whole set as an indented tree (bands, weights, and the status and source
  of every value; ``K`` = terkonfirmasi, ``S`` = sementara);
- :func:`diff` (and the structured :func:`bandingkan`): what differs between two sets;
- :func:`halaman_metodologi`: the Markdown methodology page of ``docs/metodologi/<nama>.md``
  (written by ``scripts/buat_dokumentasi.py``; a test fails when a committed page is stale).

:func:`perintah_rules` is the body of the command ``kesehatan-koperasi rules``.

The known parts of a rule file get a tailored rendering; keys added to the format later are
still compared (generically, by path), so :func:`diff` works for any valid rule file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, TextIO

from .rules import SEMENTARA, Aspek, Aturan, Indikator, Komponen, Pita, builtin_rules, load_rules

# ----------------------------------------------------------------------------- helpers


def _st(status: str | None) -> str:
    return "K" if status == "terkonfirmasi" else "S"


def _g(x: float) -> str:
    """A number the Indonesian way, without trailing zeros (``7,5``, ``100``)."""
    return (f"{float(x):.6f}".rstrip("0").rstrip(".")).replace(".", ",")


def _rumus(aturan: Aturan, ind: Indikator) -> str:
    """Formula of a ratio or growth indicator with the field labels of ``aturan``."""
    lab = aturan.label_medan
    if ind.jenis == "pertumbuhan":
        assert ind.pertumbuhan is not None
        nm = lab(ind.pertumbuhan)
        return f"({nm} − {nm} tahun lalu) / |{nm} tahun lalu| × 100"
    if ind.jenis == "rasio":
        p = " + ".join(lab(n) for n in ind.pembilang or [])
        q = " + ".join(lab(n) for n in ind.penyebut or [])
        syarat = "; penyebut harus positif" if ind.penyebut_harus_positif else ""
        return f"({p}) / ({q}) × 100{syarat}"
    return f"butir terpenuhi / {len(ind.butir or [])} butir × 100"


def _rumus_nama(ind: Indikator) -> str:
    """Formula with canonical field names (stable, for comparisons)."""
    if ind.jenis == "pertumbuhan":
        return f"pertumbuhan {ind.pertumbuhan}"
    if ind.jenis == "rasio":
        syarat = ", penyebut harus positif" if ind.penyebut_harus_positif else ""
        return f"({' + '.join(ind.pembilang or [])}) / ({' + '.join(ind.penyebut or [])}){syarat}"
    return f"kuesioner {len(ind.butir or [])} butir"


def _baris_pita(p: Pita, satuan: str = " %") -> list[tuple[str, str, str]]:
    """Rows of a band table as ``(rentang, hasil, K/S)``, lowest values first."""
    return [(p.rentang(i, satuan), str(n), _st(p.status_nilai(n))) for i, n in enumerate(p.nilai)]


def _pita(p: Pita, satuan: str = " %") -> list[str]:
    rows = [f"{r:<24} → {n}  [{s}]" for r, n, s in _baris_pita(p, satuan)]
    rows.append(f"titik batas {', '.join(p.batas)} [{_st(p.status_titik)}]; sumber: {p.sumber}")
    return rows


def _pita_indikator(aturan: Aturan, ind: Indikator) -> Pita:
    pita = aturan.kuesioner.pita if ind.jenis == "kuesioner" else ind.pita
    assert pita is not None
    return pita


def _jalur(aturan: Aturan) -> dict[str, tuple[Aspek, list[Komponen]]]:
    """For each indicator code: its aspect and the chain of components above it."""
    out: dict[str, tuple[Aspek, list[Komponen]]] = {}

    def walk(a: Aspek, k: Komponen, chain: list[Komponen]) -> None:
        chain = chain + [k]
        for ind in k.indikator:
            out[ind.kode] = (a, chain)
        for sub in k.komponen:
            walk(a, sub, chain)

    for a in aturan.aspek:
        for k in a.komponen:
            walk(a, k, [])
    return out


def _semua_komponen(aturan: Aturan) -> Iterator[tuple[Aspek, Komponen, int]]:
    def walk(a: Aspek, k: Komponen, depth: int) -> Iterator[tuple[Aspek, Komponen, int]]:
        yield a, k, depth
        for sub in k.komponen:
            yield from walk(a, sub, depth + 1)

    for a in aturan.aspek:
        for k in a.komponen:
            yield from walk(a, k, 0)


# ----------------------------------------------------------------------------- provisional values


@dataclass(frozen=True)
class NilaiSementaraAturan:
    """One provisional (``sementara``) value of a rule set: where it is, what it is, its source."""

    kunci: str
    uraian: str
    sumber: str


def daftar_sementara(aturan: Aturan) -> list[NilaiSementaraAturan]:
    """Every ``sementara`` value of a rule set, in file order."""
    out: list[NilaiSementaraAturan] = []

    def add(kunci: str, uraian: str, sumber: str) -> None:
        out.append(NilaiSementaraAturan(kunci, uraian, sumber))

    def pita(kunci: str, nama: str, p: Pita, satuan: str = " %") -> None:
        for i, n in enumerate(p.nilai):
            if p.status_nilai(n) == SEMENTARA:
                add(f"{kunci}.nilai_{n}", f"{nama}: baris {n} ({p.rentang(i, satuan)})", p.sumber)
        if p.status_titik == SEMENTARA:
            add(f"{kunci}.batas", f"{nama}: penempatan titik batas ({', '.join(p.batas)})", p.sumber)

    if aturan.skala is not None and aturan.skala.status == SEMENTARA:
        add("skala", "Skala Nilai, kategori dan skor", aturan.skala.sumber)
    for nm in ("rasio", "skor", "aspek", "nilai_akhir"):
        pb = getattr(aturan.pembulatan, nm)
        if pb is not None and pb.status == SEMENTARA:
            add(f"pembulatan.{nm}", f"Pembulatan {nm.replace('_', ' ')}: {pb.cara.replace('_', ' ')}, "
                                    f"{pb.desimal} desimal", pb.sumber)
    if aturan.kuesioner.pita is not None:
        pita("kuesioner.pita", "Pita kuesioner", aturan.kuesioner.pita)
    elif aturan.kuesioner.linier is not None and aturan.kuesioner.linier.status == SEMENTARA:
        add("kuesioner.linier", "Kuesioner: nilai = butir terpenuhi / jumlah butir × 100",
            aturan.kuesioner.linier.sumber)
    for nm, t in aturan.turunan.items():
        if t.status == SEMENTARA:
            add(f"turunan.{nm}", f"Besaran turunan {t.label}", t.sumber)
    pita("predikat.pita", "Pita predikat", aturan.predikat.pita, "")
    for nm, pb_ in (("modal_tertimbang", aturan.modal_tertimbang), ("atmr", aturan.atmr)):
        if pb_.status == SEMENTARA:
            add(nm, f"Bobot {aturan.label_medan(nm)}", pb_.sumber)
    for a in aturan.aspek:
        if a.bobot.status == SEMENTARA:
            add(f"aspek.{a.kode}.bobot", f"Bobot aspek {a.kode} {a.nama} ({_g(a.bobot.nilai)} %)", a.bobot.sumber)
        for ind in a.semua_indikator():
            if ind.status == SEMENTARA:
                add(ind.kode, f"{ind.kode} {ind.label}: rumus dan cakupan indikator", ind.sumber)
            for b in ind.butir or []:
                if b.status == SEMENTARA:
                    add(f"{ind.kode}.{b.kode}", f"Butir {ind.kode}.{b.kode}: {b.teks}", ind.sumber)
            if ind.pita is not None:
                pita(f"{ind.kode}.pita", f"{ind.kode} {ind.label}", ind.pita)
            if ind.bobot is not None and ind.bobot.status == SEMENTARA:
                add(f"{ind.kode}.bobot", f"Bobot {ind.kode} {ind.label} ({_g(ind.bobot.nilai)})", ind.bobot.sumber)
            t = ind.tak_terdefinisi
            if t is not None and t.status == SEMENTARA:
                add(f"{ind.kode}.tak_terdefinisi",
                    f"{ind.kode} {ind.label}: Nilai {int(t.nilai)} bila rasio tak terdefinisi", t.sumber)
    return out


# ----------------------------------------------------------------------------- describe


def _indikator(aturan: Aturan, ind: Indikator, pad: str) -> list[str]:
    out = [f"{pad}{ind.kode} {ind.label}  [{_st(ind.status)}] ({ind.sumber})"]
    if ind.jenis == "kuesioner":
        for b in ind.butir or []:
            st = f" [{_st(b.status)}]" if b.status else ""
            out.append(f"{pad}    {b.kode}. {b.teks}{st}")
        return out
    out.append(f"{pad}    rumus: {_rumus(aturan, ind)}")
    out.append(f"{pad}    isian: {_rumus_nama(ind)}")
    if ind.bobot is not None:
        out.append(f"{pad}    bobot komponen {_g(ind.bobot.nilai)} [{_st(ind.bobot.status)}] ({ind.bobot.sumber})")
    assert ind.pita is not None and ind.tak_terdefinisi is not None
    out += [f"{pad}    {r}" for r in _pita(ind.pita)]
    t = ind.tak_terdefinisi
    out.append(f"{pad}    tak terdefinisi → Nilai {int(t.nilai)} [{_st(t.status)}] ({t.sumber})")
    return out


def _komponen(aturan: Aturan, k: Komponen, pad: str) -> list[str]:
    out = [f"{pad}{k.kode} {k.nama}"]
    for ind in k.indikator:
        out += _indikator(aturan, ind, pad + "  ")
    for sub in k.komponen:
        out += _komponen(aturan, sub, pad + "  ")
    return out


def _ringkas_metode(aturan: Aturan) -> str:
    if aturan.metode == "jumlah_berbobot":
        return ("Skor komponen = nilai (0-100) × bobot komponen / 100; skor aspek = Σ skor komponen; "
                "nilai akhir = Σ skor aspek")
    return "Skor aspek = Σ skor indikator / (4 × jumlah indikator) × 100; nilai akhir = Σ bobot × skor aspek / 100"


def describe(aturan: Aturan) -> str:
    """The whole rule set as indented text (K = terkonfirmasi, S = sementara)."""
    n_ind = len(aturan.indikator())
    n_s = len(daftar_sementara(aturan))
    out = [f"{aturan.nama} — {aturan.judul}",
           f"versi {aturan.versi}; berlaku mulai {aturan.berlaku_mulai}; "
           f"jenis koperasi: {', '.join(aturan.jenis_koperasi)}"]
    if aturan.berkas:
        out.append(f"berkas: {aturan.berkas}")
    out.append(f"{n_ind} indikator, {len(aturan.kode_butir())} butir kuesioner, {n_s} nilai sementara "
               "(K = terkonfirmasi, S = sementara)")
    out.append("")
    if aturan.skala is not None:
        out.append("Skala: " + "; ".join(f"Nilai {t.nilai} = {t.kategori} (Skor {t.skor})"
                                         for t in aturan.skala.tingkat) + f" [{_st(aturan.skala.status)}]")
    pb = aturan.pembulatan
    out.append(f"Pembulatan: rasio {pb.rasio.cara} {pb.rasio.desimal} desimal [{_st(pb.rasio.status)}]; "
               f"aspek {pb.aspek.cara} {pb.aspek.desimal} desimal [{_st(pb.aspek.status)}]; "
               f"nilai akhir {pb.nilai_akhir.cara} {pb.nilai_akhir.desimal} desimal [{_st(pb.nilai_akhir.status)}]")
    out.append(_ringkas_metode(aturan))
    if aturan.kuesioner.pita is not None:
        out.append("Kuesioner (rasio = butir terpenuhi / jumlah butir × 100):")
        out += ["  " + r for r in _pita(aturan.kuesioner.pita)]
    else:
        out.append("Kuesioner: nilai = butir terpenuhi / jumlah butir × 100 (linier)")
    for nm, t in aturan.turunan.items():
        out.append(f"Turunan {nm} = " + " + ".join(f"{_g(c)} × {k}" for k, c in t.komponen.items())
                   + f" [{_st(t.status)}]")
    out.append("Predikat (dari nilai akhir):")
    out += ["  " + r for r in _pita(aturan.predikat.pita, "")]
    for nm, pb_ in (("Modal tertimbang (bobot pengakuan)", aturan.modal_tertimbang),
                    ("ATMR (bobot risiko)", aturan.atmr)):
        out.append(f"{nm} [{_st(pb_.status)}]: " + ", ".join(f"{k} {_g(v)} %" for k, v in pb_.bobot.items()))
    if aturan.istilah:
        out.append("Istilah (label isian dalam aturan ini):")
        out += [f"  {k}: {v}" for k, v in aturan.istilah.items()]
    for a in aturan.aspek:
        out.append("")
        out.append(f"{a.kode}. {a.nama} — bobot {_g(a.bobot.nilai)} % [{_st(a.bobot.status)}] ({a.bobot.sumber}); "
                   f"{len(list(a.semua_indikator()))} indikator")
        for k in a.komponen:
            out += _komponen(aturan, k, "  ")
    return "\n".join(out)


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
        teks = (lambda r: None if r is None else f"{r[0]} → {r[1]} [{r[2]}]")
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
        x, y = kom_a.get(k), kom_b.get(k)
        if y is None:
            assert x is not None
            out.append(Perbedaan(bag, k, "hapus", x.nama, None))
        elif x is None:
            out.append(Perbedaan(bag, k, "tambah", None, y.nama))
        else:
            _beda(bag, f"{k} nama", x.nama, y.nama, out)
            _lain(bag, x, y, _KUNCI_KOMPONEN, out, k)

    # indicators
    ind_a = {i.kode: i for _, i in a.indikator()}
    ind_b = {i.kode: i for _, i in b.indikator()}
    jalur_a, jalur_b = _jalur(a), _jalur(b)
    for k in [k for k in ind_a if k not in ind_b]:
        out.append(Perbedaan("Indikator dihapus (hanya di A)", k, "hapus", _ringkas_indikator(ind_a[k]), None))
    for k in [k for k in ind_b if k not in ind_a]:
        out.append(Perbedaan("Indikator ditambah (hanya di B)", k, "tambah", None, _ringkas_indikator(ind_b[k])))
    for k in [k for k in ind_b if k in ind_a]:
        x, y = ind_a[k], ind_b[k]
        pa = [c.kode for c in jalur_a[k][1]]
        pb_ = [c.kode for c in jalur_b[k][1]]
        if pa != pb_:
            out.append(Perbedaan(f"Indikator {y.kode} {y.label}", "letak", "ubah", " › ".join(pa), " › ".join(pb_)))
        if x != y:
            _beda_indikator(a, b, x, y, out)
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


# ----------------------------------------------------------------------------- methodology page

GENERATOR = "scripts/buat_dokumentasi.py"


def _md(x: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(x).replace("|", "\\|").replace("\n", " ")


def _tabel(kepala: list[str], baris: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(kepala) + " |", "|" + "|".join("---" for _ in kepala) + "|"]
    out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in baris]
    return out


def _tabel_pita(aturan: Aturan, p: Pita, satuan: str = " %", kategori: bool = True) -> list[str]:
    kategori = kategori and aturan.skala is not None
    rows = []
    for rentang, n, st in _baris_pita(p, satuan):
        row: list[Any] = [rentang, n]
        if kategori:
            try:
                row += [aturan.kategori(int(n)), aturan.skor(int(n))]
            except (KeyError, ValueError):
                row += ["", ""]
        rows.append(row + [st])
    kepala = ["Rentang", "Nilai"] + (["Kategori", "Skor"] if kategori else []) + ["Status"]
    if not kategori:
        kepala[1] = "Hasil"
    return _tabel(kepala, rows) + ["", f"Titik batas: `{'`, `'.join(p.batas)}` "
                                       f"(status penempatan titik: {_st(p.status_titik)}). Sumber: {p.sumber}"]


def _md_indikator(aturan: Aturan, ind: Indikator, level: int) -> list[str]:
    h = "#" * min(level, 6)
    out = [f"{h} {ind.kode} {ind.label}", ""]
    out.append(f"- Jenis: {ind.jenis}; status: **{_st(ind.status)}**; sumber: {ind.sumber}")
    if ind.jenis == "kuesioner":
        if aturan.kuesioner.pita is not None:
            out.append(f"- Rasio: butir terpenuhi / {len(ind.butir or [])} butir × 100, dipitakan dengan pita kuesioner")
        else:
            w = _g(ind.bobot.nilai) if ind.bobot else "?"
            out.append(f"- Nilai: butir terpenuhi / {len(ind.butir or [])} butir × 100; skor = nilai × {w} / 100")
        out.append(f"- Rekomendasi bila belum sehat: {ind.rekomendasi}")
        out.append("")
        for b in ind.butir or []:
            st = f" *(status {_st(b.status)})*" if b.status else ""
            out.append(f"- {b.kode}. {b.teks}{st}")
        out.append("")
        return out
    out.append(f"- Rumus: {_rumus(aturan, ind)}")
    out.append(f"- Isian: `{_rumus_nama(ind)}`")
    t = ind.tak_terdefinisi
    if t is not None:
        out.append(f"- Bila rasio tak terdefinisi: Nilai {int(t.nilai)} (status {_st(t.status)}; sumber: {t.sumber})")
    out.append(f"- Rekomendasi bila belum sehat: {ind.rekomendasi}")
    out.append("")
    if ind.pita is not None:
        if ind.bobot is not None:
            out.append(f"Bobot komponen {_g(ind.bobot.nilai)} (status {_st(ind.bobot.status)}; "
                       f"sumber: {ind.bobot.sumber}); skor = nilai × {_g(ind.bobot.nilai)} / 100.")
            out.append("")
        out += _tabel_pita(aturan, ind.pita)
        out.append("")
    return out


def _md_komponen(aturan: Aturan, k: Komponen, level: int) -> list[str]:
    out = [f"{'#' * min(level, 6)} {k.kode} {k.nama}", ""]
    for ind in k.indikator:
        out += _md_indikator(aturan, ind, level + 1)
    for sub in k.komponen:
        out += _md_komponen(aturan, sub, level + 1)
    return out


def _langkah_berbobot(aturan: Aturan) -> list[str]:
    """The calculation steps of a ``jumlah_berbobot`` rule set (Perdep 06/2016)."""
    pb = aturan.pembulatan
    linier = aturan.kuesioner.linier
    skor = pb.skor
    return [
        f"1. Rasio keuangan dihitung dalam persen, lalu dibulatkan sebelum dipitakan: "
        f"{pb.rasio.cara.replace('_', ' ')}, {pb.rasio.desimal} desimal (status {_st(pb.rasio.status)}; "
        f"sumber: {pb.rasio.sumber}).",
        "2. Setiap komponen mendapat nilai 0-100 dari pitanya; komponen kuesioner: nilai = butir terpenuhi / "
        "jumlah butir × 100" + (f" (status {_st(linier.status)}; sumber: {linier.sumber})." if linier else "."),
        "3. Skor komponen = nilai × bobot komponen / 100"
        + (f", {skor.desimal} desimal (status {_st(skor.status)}; sumber: {skor.sumber})." if skor else "."),
        f"4. Skor aspek = Σ skor komponennya (sumber: {pb.aspek.sumber}).",
        f"5. Nilai akhir = Σ skor aspek, {pb.nilai_akhir.desimal} desimal (sumber: {pb.nilai_akhir.sumber}).",
        "6. Predikat dari nilai akhir:",
        "",
    ]


def halaman_metodologi(aturan: Aturan, berkas_sumber: str | None = None) -> str:
    """The methodology page (Markdown) of a rule set, generated from its rule file.

    Deterministic: the same rule set always gives the same text (the staleness test relies on it).
    """
    sumber = berkas_sumber or f"src/kesehatan_koperasi/rulesets/{aturan.nama}.yaml"
    sementara = daftar_sementara(aturan)
    pb = aturan.pembulatan
    out = [
        f"# Metodologi `{aturan.nama}`: {aturan.judul}",
        "",
        f"<!-- Dibuat otomatis oleh {GENERATOR} dari {sumber}. Jangan disunting; "
        f"jalankan `python {GENERATOR}` setelah mengubah berkas aturan. -->",
        "",
        f"- Versi aturan: {aturan.versi}",
        f"- Berlaku mulai: {aturan.berlaku_mulai.isoformat()}",
        f"- Jenis koperasi: {', '.join(aturan.jenis_koperasi)}",
        f"- Berkas aturan: `{sumber}`",
        f"- {len(aturan.indikator())} indikator, {len(aturan.kode_butir())} butir kuesioner, "
        f"{len(sementara)} nilai sementara",
        "",
        "Status setiap nilai: **K** = terkonfirmasi (terlihat pada tabel yang mengutip sumber resmi, atau terbukti "
        "dengan hitungan atas hasil yang dipublikasikan); **S** = sementara (dari implementasi pihak ketiga, "
        "analogi, atau pilihan proyek). Hasil penilaian yang memakai nilai sementara mencantumkannya pada lampiran.",
        "",
        "## Aspek dan bobot",
        "",
    ]
    rows = [[a.kode, a.nama, f"{_g(a.bobot.nilai)} %", len(list(a.semua_indikator())), _st(a.bobot.status),
             a.bobot.sumber] for a in aturan.aspek]
    out += _tabel(["Kode", "Aspek", "Bobot", "Indikator", "Status", "Sumber"], rows)
    if aturan.skala is not None:
        out += ["", "## Skala", ""]
        out += _tabel(["Nilai", "Kategori", "Skor"], [[t.nilai, t.kategori, t.skor] for t in aturan.skala.tingkat])
        out += ["", f"Status {_st(aturan.skala.status)}. Sumber: {aturan.skala.sumber}", ""]
    else:
        out.append("")
    out += ["## Perhitungan dan predikat", ""]
    out += _langkah_berbobot(aturan) if aturan.metode == "jumlah_berbobot" else [
        f"1. Rasio keuangan dihitung dalam persen, lalu dibulatkan sebelum dipitakan: "
        f"{pb.rasio.cara.replace('_', ' ')}, {pb.rasio.desimal} desimal (status {_st(pb.rasio.status)}; "
        f"sumber: {pb.rasio.sumber}).",
        "2. Indikator kuesioner: setiap butir Terpenuhi = "
        f"{aturan.kuesioner.jawaban.get('terpenuhi', 1)}, Tidak Terpenuhi = "
        f"{aturan.kuesioner.jawaban.get('tidak_terpenuhi', 0)}; rasio = butir terpenuhi / jumlah butir × 100.",
        "3. Setiap indikator mendapat Nilai dari pitanya, lalu Skor menurut skala.",
        "4. Skor aspek = Σ skor indikator / (4 × jumlah indikator) × 100, "
        f"{pb.aspek.cara.replace('_', ' ')} {pb.aspek.desimal} desimal (status {_st(pb.aspek.status)}; "
        f"sumber: {pb.aspek.sumber}).",
        "5. Nilai akhir = " + " + ".join(f"{_g(a.bobot.nilai / 100)} × {a.kode}" for a in aturan.aspek)
        + f", {pb.nilai_akhir.cara.replace('_', ' ')} {pb.nilai_akhir.desimal} desimal "
          f"(status {_st(pb.nilai_akhir.status)}; sumber: {pb.nilai_akhir.sumber}).",
        "6. Predikat dari nilai akhir:",
        "",
    ]
    out += _tabel_pita(aturan, aturan.predikat.pita, "", kategori=False)
    if aturan.kuesioner.pita is not None:
        out += ["", "### Pita kuesioner", ""]
        out += _tabel_pita(aturan, aturan.kuesioner.pita)
    if aturan.turunan:
        out += ["", "### Besaran turunan aturan ini", ""]
        out += _tabel(["Nama", "Label", "Rumus", "Status", "Sumber"],
                      [[f"`{nm}`", t.label, " + ".join(f"{_g(c)} × `{k}`" for k, c in t.komponen.items()),
                        _st(t.status), t.sumber] for nm, t in aturan.turunan.items()])
    out += ["", f"Temuan dalam berita acara: {aturan.temuan.uraian}."]
    out += ["", "### Bobot di dalam CAR", ""]
    for judul, pb_ in (("Modal tertimbang (bobot pengakuan)", aturan.modal_tertimbang),
                       ("Aset tertimbang menurut risiko (bobot risiko)", aturan.atmr)):
        out += [f"{judul}, status {_st(pb_.status)}. Sumber: {pb_.sumber}", ""]
        out += _tabel(["Isian", "Label", "Bobot"],
                      [[f"`{k}`", aturan.label_medan(k), f"{_g(v)} %"] for k, v in pb_.bobot.items()])
        out.append("")
    if aturan.istilah:
        out += ["## Istilah", "", "Label isian yang dipakai aturan ini (nama isian kanonik tetap sama):", ""]
        out += _tabel(["Isian", "Label"], [[f"`{k}`", v] for k, v in aturan.istilah.items()])
        out.append("")
    out += ["## Indikator", ""]
    for a in aturan.aspek:
        out += [f"### {a.kode}. {a.nama} (bobot {_g(a.bobot.nilai)} %)", ""]
        for k in a.komponen:
            out += _md_komponen(aturan, k, 4)
    out += ["## Daftar nilai sementara", "",
            f"{len(sementara)} nilai berstatus sementara. Periksa terhadap kertas kerja resmi bila tersedia.", ""]
    out += _tabel(["No.", "Kunci", "Uraian", "Sumber"],
                  [[i + 1, f"`{s.kunci}`", s.uraian, s.sumber] for i, s in enumerate(sementara)])
    out += ["", "## Sumber pustaka", ""]
    out += _tabel(["Kode", "Sumber"], [[k, v] for k, v in aturan.sumber_pustaka.items()])
    out.append("")
    return "\n".join(out)


def indeks_metodologi(daftar: list[Aturan]) -> str:
    """``docs/metodologi/README.md``: one line per rule set, linking its page."""
    out = [
        "# Metodologi penilaian",
        "",
        f"<!-- Dibuat otomatis oleh {GENERATOR}. Jangan disunting. -->",
        "",
        "Satu halaman per aturan bawaan, dibuat dari berkas aturannya (`src/kesehatan_koperasi/rulesets/`). "
        "Setelah mengubah berkas aturan, jalankan:",
        "",
        "```",
        f"python {GENERATOR}",
        "```",
        "",
        "Uji `tests/test_docs_metodologi.py` gagal bila halaman yang tersimpan tidak sama dengan hasil "
        "pembuatan ulang.",
        "",
    ]
    out += _tabel(["Aturan", "Judul", "Jenis koperasi", "Berlaku mulai", "Versi", "Nilai sementara"],
                  [[f"[{x.nama}]({x.nama}.md)", x.judul, ", ".join(x.jenis_koperasi), x.berlaku_mulai.isoformat(),
                    x.versi, len(daftar_sementara(x))] for x in daftar])
    out.append("")
    return "\n".join(out)


# ----------------------------------------------------------------------------- command


def perintah_rules(nama: str | None, kedua: str | None, format: str, out: TextIO | None = None) -> int:
    """Body of ``kesehatan-koperasi rules``: list, show one set, or compare two.

    Parameters
    ----------
    nama : str or None
        ``None``: list the built-in sets. A built-in name or a rule-file path: show that set.
    kedua : str or None
        With ``nama``: compare ``nama`` (A) with ``kedua`` (B).
    format : {"teks", "json"}
        Readable text, or JSON for machines.
    out : text stream, optional
        Where to write (standard output by default).

    Returns
    -------
    int
        0; 1 when listing and a built-in set cannot be loaded (the others are still listed).

    Raises
    ------
    RulesError
        A named set is unknown or invalid (the caller reports it; exit code 2).
    """
    out = out or sys.stdout
    if nama is None:
        rows, gagal = [], 0
        for n in builtin_rules():
            try:
                r = load_rules(n)
            except Exception as e:  # noqa: BLE001 - one broken file must not hide the others
                gagal += 1
                rows.append({"nama": n, "galat": str(e)})
                continue
            rows.append({"nama": n, "judul": r.judul, "versi": r.versi, "jenis_koperasi": r.jenis_koperasi,
                         "berlaku_mulai": r.berlaku_mulai.isoformat()})
        if format == "json":
            print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)
        else:
            for row in rows:
                if "galat" in row:
                    print(f"{row['nama']:24} TIDAK DAPAT DIMUAT: {row['galat']}", file=out)
                else:
                    print(f"{row['nama']:24} {row['judul']} (versi {row['versi']}; "
                          f"{', '.join(row['jenis_koperasi'])}; berlaku mulai {row['berlaku_mulai']})", file=out)
        return 1 if gagal else 0
    a = load_rules(nama)
    if kedua is None:
        print(a.model_dump_json(indent=2) if format == "json" else describe(a), file=out)
        return 0
    b = load_rules(kedua)
    if format == "json":
        print(json.dumps({"a": _nama_aturan(a), "b": _nama_aturan(b),
                          "perbedaan": [asdict(p) for p in bandingkan(a, b)]}, ensure_ascii=False, indent=2), file=out)
    else:
        print(diff(a, b), file=out)
    return 0
