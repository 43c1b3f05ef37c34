"""The view models of the two documents: every value a template prints, taken from the
:class:`~kesehatan_koperasi.result.hasil.Hasil` and the office profile.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...formatting import angka, pada_hari_ini, persen, rentang_tanggal, tanggal, terbilang_desimal
from ...model import DOKUMEN_PEMERIKSAAN
from ...result.hasil import Hasil, HasilIndikator
from .kantor import Kantor, KantorError

#: Timezone of the Kalimantan Barat office (WIB), used for the PDF metadata dates.
_WIB = dt.timezone(dt.timedelta(hours=7))


# ------------------------------------------------------------------------- dates and numbers
def _tanggal_terbit(hasil: Hasil) -> dt.date | None:
    """Date of issue: the last day of the examination (None without a worksheet)."""
    kk = hasil.kertas_kerja
    if kk is not None and kk.pemeriksaan is not None:
        return kk.pemeriksaan.tanggal_selesai_pemeriksaan
    return None


def _tahun_buku(hasil: Hasil) -> int | None:
    v = hasil.identitas.get("tahun_buku")
    try:
        return int(v) if v is not None and str(v).strip() != "" else None
    except (TypeError, ValueError):
        return None


def _tanggal_metadata(hasil: Hasil) -> str:
    """W3C date for the PDF metadata: the date of issue, else 31 December of the tahun buku."""
    d = _tanggal_terbit(hasil)
    if d is None:
        tb = _tahun_buku(hasil)
        d = dt.date(tb, 12, 31) if tb and 1900 <= tb <= 2200 else dt.date(2000, 1, 1)
    return dt.datetime(d.year, d.month, d.day, tzinfo=_WIB).isoformat()




def isian_nomor(hasil: Hasil, kantor: Kantor) -> dict[str, Any]:
    """The placeholders of a number pattern besides ``{urut}`` and the date of issue."""
    tb = _tahun_buku(hasil)
    return {"tahun_buku": tb if tb else "…", "nik": hasil.identitas.get("nik") or "…",
            "jenis": hasil.identitas.get("jenis") or "…", "kuk": hasil.identitas.get("kuk") or "…",
            "singkatan": kantor.singkatan}


def _sebagai_tanggal(v: Any) -> dt.date | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if hasattr(v, "to_pydatetime"):
        try:
            return v.to_pydatetime().date()
        except (ValueError, TypeError):
            return None
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _teks(v: Any) -> str | None:
    """A printable identity value; None (→ a dotted blank) for missing or NaN."""
    if v is None:
        return None
    if isinstance(v, float) and v != v:
        return None
    s = str(v).strip()
    return s or None


def _utuh(rentang: str) -> str:
    """A band such as ``25 % < x ≤ 50 %`` kept on one line (no-break spaces), unless it is long."""
    return rentang.replace(" ", "\u00a0") if len(rentang) <= 30 else rentang


def _nilai_indikator(i: HasilIndikator) -> str:
    if i.tak_terdefinisi or i.rasio is None:
        return "tak terdefinisi"
    if i.jenis == "kuesioner" and i.terpenuhi is not None and i.jumlah_butir:
        return f"{i.terpenuhi} dari {i.jumlah_butir} butir ({persen(i.rasio)})".replace(" %", "\u00a0%")
    return persen(i.rasio).replace(" ", "\u00a0")


# ------------------------------------------------------------------------------ view models
@dataclass
class _Orang:
    nama: str | None
    nip: str | None = None
    jabatan: str | None = None
    pangkat: str | None = None
    an: str | None = None
    """Tata Naskah Dinas: "a.n." the head of office, where the signer is not the head."""
    ub: str | None = None
    """Tata Naskah Dinas: "u.b." — the jabatan between the head and the signer."""


def _umum(hasil: Hasil, kantor: Kantor, judul: str) -> dict[str, Any]:
    berbobot = hasil.aturan.metode == "jumlah_berbobot"   # Perdep 06/2016: aspect scores are weighted sums
    desimal = 2 if berbobot else 3
    ident = hasil.identitas
    kk = hasil.kertas_kerja
    tgl_bh = _sebagai_tanggal(ident.get("tanggal_badan_hukum"))
    nomor_bh = _teks(ident.get("nomor_badan_hukum"))
    badan_hukum = None
    if nomor_bh:
        badan_hukum = nomor_bh + (f" tanggal {tanggal(tgl_bh)}" if tgl_bh else "")
    alamat = ", ".join(p for p in (_teks(ident.get("alamat")), _teks(ident.get("kabupaten_kota")),
                                   _teks(ident.get("provinsi"))) if p) or None
    jenis = _teks(ident.get("jenis"))
    kuk = _teks(ident.get("kuk"))
    nama = hasil.nama_koperasi.strip() or None
    d_terbit = _tanggal_terbit(hasil)
    return {
        "judul": judul,
        "kantor": kantor,
        "kontak": kantor.kontak(),
        "nama": nama,
        "nama_panjang": bool(nama and len(nama) > 90),
        "identitas": [
            ("Nama koperasi", nama),
            ("Nomor Induk Koperasi", _teks(ident.get("nik"))),
            ("Badan hukum", badan_hukum),
            ("Jenis koperasi", jenis + (f", KUK {kuk}" if kuk else "") if jenis else (f"KUK {kuk}" if kuk else None)),
            ("Alamat", alamat),
            ("Tahun buku", _teks(ident.get("tahun_buku"))),
        ],
        "tahun_buku": _teks(ident.get("tahun_buku")),
        "ada_kertas_kerja": kk is not None and kk.pemeriksaan is not None,
        "aspek": [{
            "kode": a.kode, "nama": a.nama, "bobot": angka(a.bobot, 0) + " %",
            # Juknis: aspect score 0-100 and its weighted share; Perdep: share of the weight, and the score
            "skor": angka(a.persen_bobot, 1) + " %" if a.persen_bobot is not None else angka(a.skor, 1),
            "label": a.label,
            "tertimbang": angka(a.kontribusi, 2 if berbobot else 3),
            "jumlah": (f"{angka(a.jumlah_skor, 2)} dari {angka(a.bobot, 0)}" if berbobot
                       else f"{a.jumlah_skor} dari {a.jumlah_indikator * 4}"),
        } for a in hasil.aspek],
        "kolom_skor": "% dari bobot" if berbobot else "Skor",
        "kolom_tertimbang": "Skor" if berbobot else "Skor × bobot",
        "kata_terbaik": "nilai tertinggi bila" if berbobot else "Sehat bila",
        "uraian_temuan": hasil.aturan.temuan,
        "jumlah_bobot": angka(sum(a.bobot for a in hasil.aspek), 0) + " %",
        "nilai_akhir": angka(hasil.nilai_akhir, desimal),
        "nilai_akhir_terbilang": terbilang_desimal(hasil.nilai_akhir, desimal),
        "predikat": hasil.predikat,
        "kode_verifikasi": hasil.kode_verifikasi(),
        "aturan": hasil.aturan,
        "tempat": kantor.tempat_terbit,
        "tanggal_terbit": tanggal(d_terbit) if d_terbit else None,
        "meta_tanggal": _tanggal_metadata(hasil),
        "contoh": not kantor.resmi,
        "hasil": hasil,                                   # for partials such as _ketahanan.html.j2
        "ketahanan": getattr(hasil, "ketahanan", None),
    }


def _penandatangan(p: Any, kantor: Kantor) -> _Orang | None:
    if p is None:
        return None
    t = p.penandatangan
    kepala = kantor.jabatan_kepala.strip().casefold()
    an = None if (t.jabatan or "").strip().casefold() == kepala else kantor.jabatan_kepala
    ub = getattr(t, "untuk_beliau", None)
    if ub and an is None:
        raise KantorError(f"Penandatangan ({t.jabatan}) adalah kepala kantor: isian u.b. "
                          f"(pemeriksaan.penandatangan.untuk_beliau = {ub!r}) tidak berlaku; kosongkan isian itu")
    return _Orang(t.nama, t.nip, t.jabatan, t.pangkat, an, ub)


def _k(s: str | None) -> str:
    return s or ""


def _baris_identitas(c: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    return [(_KUNCI_IDENTITAS[label], f"{label} :", _k(nilai)) for label, nilai in c["identitas"]]


def _baris_aspek(c: Mapping[str, Any], keterangan: bool) -> list[tuple[str, str, str]]:
    ket = " Keterangan" if keterangan else ""
    m = [("kepala_tabel", "No Aspek Bobot", f"{c['kolom_skor']} {c['kolom_tertimbang']}{ket}")]
    for a in c["aspek"]:
        m.append((f"aspek.{a['kode']}", f"{a['kode']} {a['nama']}", f"{a['bobot']} {a['skor']} {a['tertimbang']}"
                  + (f" {a['label']}" if keterangan else "")))
    m.append(("nilai_akhir.tabel", "Nilai akhir", f"{c['jumlah_bobot']} {c['nilai_akhir']}"
              + (f" {c['predikat']}" if keterangan else "")))
    return m


def rantai_tercetak(c: Mapping[str, Any], jenis: str) -> list[list[Any]]:
    """The printed fields of a document as they are signed (chains of ``(kunci, label, nilai)``, see
    :mod:`kesehatan_koperasi.outputs.tanda_tangan`), from the same strings the template prints."""
    from ..tanda_tangan import rantai

    if jenis == "sertifikat":
        t = c["penandatangan"]
        lb_pengantar = "Berdasarkan hasil pemeriksaan kesehatan"
        lb_dasar = "telah dinilai kesehatannya menurut"
        m = [("nomor", "Nomor:", _k(c["nomor"])),
             ("pengantar", lb_pengantar, c["pengantar"][len(lb_pengantar):]), *_baris_identitas(c),
             ("dasar_penilaian", lb_dasar, c["dasar_penilaian"][len(lb_dasar):]), *_baris_aspek(c, False),
             ("nilai_akhir", "Nilai akhir", f"{c['nilai_akhir']} ({c['nilai_akhir_terbilang']})"),
             ("predikat", ", dengan predikat", c["predikat"].upper()),
             ("kode", "Kode:", c["kode_verifikasi"]),
             ("keterangan", "Sertifikat ini", c["keterangan_ttd"][len("Sertifikat ini"):])]
        if c["kantor"].dasar_hukum:
            m.append(("dasar_hukum", "Dasar hukum:",
                      " ".join(f"{n}. {d}" for n, d in enumerate(c["kantor"].dasar_hukum, start=1))))
        m.append(("tanggal_terbit", f"{c['tempat']},", _k(c["tanggal_terbit"])))
        blok = " ".join(x for x in ((f"a.n. {t.an}" if t is not None and t.an else ""),
                                    (f"{t.ub}, u.b." if t is not None and t.ub else ""),
                                    _k(t.jabatan if t else None), _k(t.nama if t else None),
                                    _k(t.pangkat if t else None)) if x)
        m.append(("penandatangan", "", blok))
        if t is None or t.nip is not None:
            m.append(("penandatangan.nip", "NIP", _k(t.nip if t else None)))
        return [rantai("PENILAIAN KESEHATAN KOPERASI", m, "")]
    lb_pembuka = "Pada hari ini"
    lb_tugas = "berdasarkan Surat Tugas Nomor"
    awal: list[tuple[str, str, str]] = [("nomor", "Nomor:", _k(c["nomor"]))]
    if not c["ada_kertas_kerja"]:
        awal.append(("tanpa_kertas_kerja", "Hasil ini", _TANPA_KK[len("Hasil ini"):]))
    awal.append(("pembuka", lb_pembuka, c["kalimat_pembuka"][len(lb_pembuka):]))
    awal.append(("tim.kepala", "No Nama NIP", "Jabatan"))
    for n, o in enumerate(c["tim"], start=1):
        awal.append((f"tim.{n}", str(n), f"{o.nama} {o.nip or '–'} {o.jabatan or '–'}"))
    if not c["tim"]:
        awal.append(("tim.kosong", "1", "2"))
    awal.append(("surat_tugas", lb_tugas, c["kalimat_surat_tugas"][len(lb_tugas):]))
    awal += _baris_identitas(c)
    akhir = [*_baris_aspek(c, True),
             ("kesimpulan", "Nilai akhir", f"{c['nilai_akhir']} ({c['nilai_akhir_terbilang']}); predikat kesehatan "
                                           f"koperasi: {c['predikat'].upper()}.")]
    return [rantai("PEMERIKSAAN KESEHATAN KOPERASI", awal, "Pemeriksaan dihadiri", utuh=("tim.",)),
            rantai("III. KESIMPULAN", akhir, "Demikian")]


_TANPA_KK = ("Hasil ini tidak memuat data pemeriksaan (kertas kerja). Isian bertitik-titik diisi dengan tangan "
             "oleh tim pemeriksa.")


_KUNCI_IDENTITAS = {"Nama koperasi": "nama", "Nomor Induk Koperasi": "nik", "Badan hukum": "badan_hukum",
                    "Jenis koperasi": "jenis", "Alamat": "alamat", "Tahun buku": "tahun_buku"}


def _konteks_sertifikat(hasil: Hasil, kantor: Kantor, nomor: str | None) -> dict[str, Any]:
    c = _umum(hasil, kantor, "Sertifikat Penilaian Kesehatan Koperasi")
    kk = hasil.kertas_kerja
    p = kk.pemeriksaan if kk is not None else None
    c["nomor"] = nomor
    c["penandatangan"] = _penandatangan(p, kantor)
    t = c["penandatangan"]
    c["ttd_panjang"] = bool(t is not None and (len(t.nama or "") > 60 or len(t.jabatan or "") > 120))
    c["periode"] = (rentang_tanggal(p.tanggal_mulai_pemeriksaan, p.tanggal_selesai_pemeriksaan)
                    if p is not None else None)
    c["surat_tugas"] = ((p.nomor_surat_tugas, tanggal(p.tanggal_surat_tugas)) if p is not None else None)
    tugas = f" sesuai Surat Tugas Nomor {c['surat_tugas'][0]} tanggal {c['surat_tugas'][1]}" if c["surat_tugas"] else ""
    c["pengantar"] = (f"Berdasarkan hasil pemeriksaan kesehatan{' pada ' + c['periode'] if c['periode'] else ''}"
                      f"{tugas}, {kantor.nama} menerangkan bahwa:")
    c["dasar_penilaian"] = f"telah dinilai kesehatannya menurut {hasil.aturan.judul} dengan hasil:"
    c["keterangan_ttd"] = (
        f"Sertifikat ini ditandatangani secara elektronik oleh {kantor.nama}. Kode QR memuat nomor, kode dan tanda "
        "tangan; keasliannya dapat diperiksa "
        + (f"pada {kantor.laman_verifikasi}." if kantor.laman_verifikasi else "pada kantor penerbit."))
    return c


def _catatan(kk_temuan: Mapping[str, Any], kunci: str) -> dict[str, str | None] | None:
    t = kk_temuan.get(kunci)
    if t is None:
        return None
    if not (t.catatan or t.rekomendasi or t.tenggat):
        return None
    return {"catatan": t.catatan, "rekomendasi": t.rekomendasi, "tenggat": tanggal(t.tenggat) if t.tenggat else None}


def _konteks_berita_acara(hasil: Hasil, kantor: Kantor, nomor: str | None) -> dict[str, Any]:
    c = _umum(hasil, kantor, "Berita Acara Pemeriksaan Kesehatan Koperasi")
    c["nomor"] = nomor
    c["tanpa_kk"] = _TANPA_KK
    kk = hasil.kertas_kerja
    p = kk.pemeriksaan if kk is not None else None
    temuan_kk: dict[str, Any] = {k.strip(): v for k, v in (p.temuan.items() if p is not None else [])}
    kode_aspek = {a.kode for a in hasil.aspek}
    kode_ind = {i.kode for i in hasil.indikator}
    if p is not None:
        selesai = p.tanggal_selesai_pemeriksaan
        c["pembuka"] = pada_hari_ini(selesai)
        c["surat_tugas"] = (p.nomor_surat_tugas, tanggal(p.tanggal_surat_tugas))
        c["periode"] = rentang_tanggal(p.tanggal_mulai_pemeriksaan, selesai)
        c["tim"] = [_Orang(t.nama, t.nip, t.jabatan) for t in p.tim_pemeriksa]
        c["pengurus"] = [_Orang(x.nama, None, x.jabatan) for x in p.pengurus_hadir]
    else:
        c["pembuka"] = None
        c["surat_tugas"] = None
        c["periode"] = None
        c["tim"] = []
        c["pengurus"] = []

    # documents examined
    label_status = {"ada": "Ada", "tidak_ada": "Tidak ada", "tidak_berlaku": "Tidak berlaku"}
    dok = []
    for n, (kode, uraian, _bersyarat) in enumerate(DOKUMEN_PEMERIKSAAN, start=1):
        st = p.dokumen.get(kode) if p is not None else None
        dok.append({"no": n, "uraian": uraian, "status": st,
                    "teks": label_status.get(st or "", "Tidak dicatat") if p is not None else None,
                    "kurang": st == "tidak_ada"})
    c["dokumen"] = dok
    c["dokumen_kurang"] = [d["uraian"] for d in dok if d["kurang"]]
    c["dokumen_tak_dicatat"] = [d["uraian"] for d in dok if p is not None and d["status"] is None]

    # results and findings per aspect
    aspek = []
    for a, ringkas in zip(hasil.aspek, c["aspek"]):
        temuan = []
        for i in hasil.indikator:
            if i.aspek != a.kode or not i.temuan:
                continue
            temuan.append({
                "kode": i.kode, "label": i.label, "nilai": i.nilai, "skor": i.skor,
                "kategori": i.kategori, "nilai_rasio": _nilai_indikator(i), "rentang": _utuh(i.rentang),
                "rentang_sehat": _utuh(i.rentang_sehat), "rekomendasi": i.rekomendasi,
                "sementara": i.status == "sementara", "peringatan": i.peringatan,
                "pemeriksa": _catatan(temuan_kk, i.kode),
            })
        # examiner's notes on indicators that are not findings still belong under the aspect
        catatan_ind = [(i.kode, i.label, _catatan(temuan_kk, i.kode)) for i in hasil.indikator
                       if i.aspek == a.kode and not i.temuan and _catatan(temuan_kk, i.kode)]
        aspek.append(ringkas | {
            "temuan": temuan,
            "pemeriksa": _catatan(temuan_kk, a.kode) or _catatan(temuan_kk, a.nama),
            "catatan_indikator": catatan_ind,
        })
    c["hasil_aspek"] = aspek
    c["jumlah_temuan"] = sum(len(a["temuan"]) for a in aspek)
    lain = [(k, _catatan(temuan_kk, k)) for k in sorted(temuan_kk)
            if k not in kode_aspek and k not in kode_ind and k not in {a.nama for a in hasil.aspek}]
    c["catatan_lain"] = [(k, v) for k, v in lain if v]
    c["peringatan"] = list(hasil.peringatan)

    # annex
    c["indikator"] = [{
        "kode": i.kode, "label": i.label, "nilai_rasio": _nilai_indikator(i), "rentang": _utuh(i.rentang),
        "nilai": i.nilai, "skor": i.skor, "kategori": i.kategori, "sementara": i.status == "sementara",
        "temuan": i.temuan,
    } for i in hasil.indikator]
    c["hasil"] = hasil          # the partials that render a part of the result as it is (_ketahanan)
    c["nilai_sementara"], c["legenda"] = _sementara_per_indikator(hasil)
    # follow-up (tindak lanjut): each finding, its recommendation and the examiner's deadline
    c["tindak_lanjut"] = []
    for a in aspek:
        for t in a["temuan"]:
            tenggat = ((t["pemeriksa"] or {}).get("tenggat") or (a["pemeriksa"] or {}).get("tenggat"))
            saran = (t["pemeriksa"] or {}).get("rekomendasi") or t["rekomendasi"]
            c["tindak_lanjut"].append({"kode": t["kode"], "label": t["label"], "rekomendasi": saran,
                                       "tenggat": tenggat})
    c["tanggal_ba"] = tanggal(p.tanggal_selesai_pemeriksaan) if p is not None else None
    c["kalimat_pembuka"] = ((c["pembuka"] if c["pembuka"] else "Pada hari ini , tanggal bulan tahun ()")
                            + f", kami yang bertanda tangan di bawah ini, tim pemeriksa {kantor.nama}:")
    st = c["surat_tugas"]
    c["kalimat_surat_tugas"] = (f"berdasarkan Surat Tugas Nomor {st[0] if st else ''} tanggal {st[1] if st else ''}, "
                                "telah melaksanakan pemeriksaan kesehatan"
                                f"{' pada ' + c['periode'] if c['periode'] else ''} terhadap koperasi berikut:")
    c["kaki"] = f"Berita Acara Pemeriksaan Nomor {nomor or '…'} — Kode {c['kode_verifikasi']}"
    return c




_BATAS = re.compile(r"penempatan titik batas \(([^)]*)\)")


def _untuk_pembaca(teks: str) -> str:
    """A rule file's note made readable without the repository: interval brackets in words, and no
    file paths of the project's documentation."""
    def batas(m: re.Match[str]) -> str:
        butir = [b.strip() for b in m.group(1).split(",")]
        angka_ = [b.strip("[]") for b in butir]
        daftar = ", ".join(angka_[:-1]) + (" dan " if len(angka_) > 1 else "") + angka_[-1]
        if all(b.startswith("[") for b in butir):
            return f"nilai yang tepat sama dengan batas {daftar} masuk ke pita di atasnya"
        if all(b.endswith("]") for b in butir):
            return f"nilai yang tepat sama dengan batas {daftar} masuk ke pita di bawahnya"
        return f"letak batas {daftar}"

    t = _BATAS.sub(batas, teks)
    t = re.sub(r"\s*\(lihat docs/[\w./-]+\)", "", t)
    return re.sub(r",?\s*lihat docs/[\w./-]+", "", t).replace("(keputusan proyek)", "(keputusan pengembang perangkat lunak)")


_KODE_SUMBER = re.compile(r"\b([A-Z][A-Z0-9]{1,4})\b")


def _pustaka(hasil: Hasil) -> dict[str, str]:
    """The rule set's list of sources (code → full description), when the built-in rule set of
    this result (same content digest) is at hand; empty otherwise."""
    from ...errors import RulesError
    from ...rules import builtin_rules, load_rules

    if hasil.aturan.nama not in builtin_rules():
        return {}
    try:
        aturan = load_rules(hasil.aturan.nama)
    except RulesError:
        return {}
    if hasil.aturan.sidik and aturan.content_hash() != hasil.aturan.sidik:
        return {}
    return {k: " ".join(str(v).split()) for k, v in (aturan.sumber_pustaka or {}).items()}


def _sementara_per_indikator(hasil: Hasil) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Provisional values grouped per indicator of this result (in the result's order), and the
    legend of every source code they name."""
    urutan = {i.kode: n for n, i in enumerate(hasil.indikator)}
    label = {i.kode: i.label for i in hasil.indikator}
    grup: dict[str, list[dict[str, str]]] = {}
    for s in hasil.nilai_sementara:
        kode = next((k for k in sorted(urutan, key=len, reverse=True) if s.kunci == k or s.kunci.startswith(k + ".")),
                    "")
        uraian = s.uraian
        if kode and uraian.startswith(kode + " " + label[kode]):
            uraian = uraian[len(kode + " " + label[kode]):].lstrip(": ") or uraian
        uraian = _untuk_pembaca(uraian)
        grup.setdefault(kode, []).append({"uraian": uraian[:1].upper() + uraian[1:], "sumber": _untuk_pembaca(s.sumber)})
    daftar = [{"kode": k, "label": label.get(k, "Berlaku untuk beberapa indikator"), "nilai": v}
              for k, v in sorted(grup.items(), key=lambda kv: urutan.get(kv[0], -1))]
    pustaka = _pustaka(hasil)
    dipakai = {m for s in hasil.nilai_sementara for m in _KODE_SUMBER.findall(s.sumber)}
    return daftar, [(k, v) for k, v in sorted(pustaka.items()) if k in dipakai]
