"""Rule-file inheritance: a rule file that derives from another (key ``dasar``) and states only
what differs, resolved at load time into one complete rule document (``docs/keputusan.md``,
"Pewarisan berkas aturan"; issue "One complete answer from the core", item 3).

The key::

    dasar: juknis-15-2021                 # short form: a built-in name or a rule-file path
    dasar:                                # long form
      aturan: juknis-15-2021
      tandai:                             # optional: how every inherited value is marked
        status: sementara
        sumber: "analogi dengan juknis-15-2021 (KSP); sumber KSP: {sumber}"

Merge semantics (child over parent):

- identity keys (:data:`TIDAK_DIWARISKAN`: ``nama``, ``versi``, ``judul``, ``jenis_koperasi``,
  ``berlaku_mulai``, ``berlaku_sampai``) are never inherited: the child states its own;
- mappings merge key by key, recursively; a key set to ``null`` in the child is removed (the
  model's default applies);
- lists of mappings with a ``kode`` (``aspek``, ``komponen``, ``indikator``, ``butir``) merge
  by ``kode``: the same kode merges field by field, a new kode is added at the end of the list,
  or right after the item named by its ``setelah: KODE`` (before the one named by
  ``sebelum: KODE``); an item ``{kode: X, hapus: true}`` removes X;
- every other list and every scalar is replaced whole;
- with ``tandai``, every inherited mapping that has a ``status`` and a ``sumber`` (an indicator,
  a band table, a weight, a rounding rule, ...) gets ``status`` = ``tandai.status`` (a band
  table's per-row statuses and ``status_batas`` too) and ``sumber`` = ``tandai.sumber`` with
  ``{sumber}`` replaced by the parent's source — unless the child states that key itself.
  Items that only the child has are never marked.

A parent may itself derive from another; a cycle or an unknown parent is a
:class:`~kesehatan_koperasi.errors.RulesError`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from ..errors import RulesError

KUNCI = "dasar"
#: Keys a child never inherits: the identity and validity of the rule set.
TIDAK_DIWARISKAN = ("nama", "versi", "judul", "jenis_koperasi", "berlaku_mulai", "berlaku_sampai")
#: Placement and removal keys of an item of a list merged by ``kode``.
_TEMPAT = ("setelah", "sebelum")
_HAPUS = "hapus"


def baca_dasar(nilai: Any, berkas: str) -> tuple[str, dict[str, str] | None]:
    """The parent's name/path and the marking option of a ``dasar`` value."""
    if isinstance(nilai, str) and nilai.strip():
        return nilai.strip(), None
    if isinstance(nilai, dict):
        lain = sorted(set(nilai) - {"aturan", "tandai"})
        if lain:
            raise RulesError(berkas, [(f"{KUNCI}.{k}", "kunci tidak dikenal (yang dikenal: aturan, tandai)") for k in lain])
        aturan = nilai.get("aturan")
        if not isinstance(aturan, str) or not aturan.strip():
            raise RulesError(berkas, [(f"{KUNCI}.aturan", "wajib ada: nama aturan bawaan atau jalur berkas aturan dasar")])
        tandai = nilai.get("tandai")
        if tandai is not None:
            if not isinstance(tandai, dict) or set(tandai) - {"status", "sumber"} or not tandai:
                raise RulesError(berkas, [(f"{KUNCI}.tandai", "harus pemetaan dengan kunci status dan/atau sumber")])
            if "status" in tandai and tandai["status"] not in ("terkonfirmasi", "sementara"):
                raise RulesError(berkas, [(f"{KUNCI}.tandai.status", "harus 'terkonfirmasi' atau 'sementara'")])
            if "sumber" in tandai and (not isinstance(tandai["sumber"], str) or "{sumber}" not in tandai["sumber"]):
                raise RulesError(berkas, [(f"{KUNCI}.tandai.sumber",
                                           "harus teks yang memuat {sumber} (tempat sumber aturan dasar)")])
        return aturan.strip(), tandai
    raise RulesError(berkas, [(KUNCI, "harus nama aturan dasar, atau pemetaan dengan kunci 'aturan' (dan 'tandai')")])


def tandai(data: Any, cara: dict[str, str]) -> Any:
    """A copy of ``data`` with every mapping that has ``status`` and ``sumber`` marked by ``cara``."""
    if isinstance(data, list):
        return [tandai(x, cara) for x in data]
    if not isinstance(data, dict):
        return data
    out = {k: tandai(v, cara) for k, v in data.items()}
    if "status" in out and "sumber" in out:
        if "status" in cara:
            out["status"] = cara["status"]
            if out.get("status_batas") is not None:
                out["status_batas"] = cara["status"]
        if "sumber" in cara:
            out["sumber"] = cara["sumber"].replace("{sumber}", str(data["sumber"]))
    return out


def gabung(induk: Any, anak: Any, kunci: str = "", berkas: str = "<data>") -> Any:
    """``anak`` merged over ``induk`` (module docstring); neither argument is modified."""
    if isinstance(induk, dict) and isinstance(anak, dict):
        out = copy.deepcopy(induk)
        for k, v in anak.items():
            if v is None:
                out.pop(k, None)
            elif k in out:
                out[k] = gabung(out[k], v, f"{kunci}.{k}" if kunci else str(k), berkas)
            else:
                out[k] = _bersih(copy.deepcopy(v))
        return out
    if _berkode(induk) and isinstance(anak, list) and all(isinstance(x, dict) and "kode" in x for x in anak):
        return _gabung_daftar(induk, anak, kunci, berkas)
    return _bersih(copy.deepcopy(anak))


def _berkode(x: Any) -> bool:
    return isinstance(x, list) and bool(x) and all(isinstance(i, dict) and "kode" in i for i in x)


def _bersih(x: Any) -> Any:
    """A child's new content: placement keys and removal markers have no meaning there."""
    if isinstance(x, list):
        return [_bersih(i) for i in x if not (isinstance(i, dict) and i.get(_HAPUS) is True)]
    if isinstance(x, dict):
        return {k: _bersih(v) for k, v in x.items() if k not in _TEMPAT}
    return x


def _gabung_daftar(induk: list[dict[str, Any]], anak: list[dict[str, Any]], kunci: str, berkas: str) -> list[Any]:
    out = [copy.deepcopy(x) for x in induk]
    masalah: list[tuple[str, str]] = []

    def letak(kode: Any) -> int:
        return next((i for i, x in enumerate(out) if x.get("kode") == kode), -1)

    for item in anak:
        kode = item["kode"]
        tempat = f"{kunci}[{kode}]"
        i = letak(kode)
        if item.get(_HAPUS) is True:
            if i < 0:
                masalah.append((tempat, f"'{kode}' hendak dihapus tetapi tidak ada di aturan dasar"))
            else:
                del out[i]
            continue
        isi = {k: v for k, v in item.items() if k not in _TEMPAT and k != _HAPUS}
        if i >= 0:
            if any(k in item for k in _TEMPAT):
                masalah.append((tempat, "setelah/sebelum hanya untuk butir baru (kode yang tidak ada di aturan dasar)"))
            out[i] = gabung(out[i], isi, tempat, berkas)
            continue
        isi = _bersih(copy.deepcopy(isi))
        acuan = item.get("setelah", item.get("sebelum"))
        if acuan is None:
            out.append(isi)
            continue
        j = letak(acuan)
        if j < 0:
            masalah.append((tempat, f"kode acuan '{acuan}' tidak ada di daftar ini"))
            continue
        out.insert(j + 1 if "setelah" in item else j, isi)
    if masalah:
        raise RulesError(berkas, masalah)
    return out


def selesaikan(data: dict[str, Any], berkas: str, muat_induk: Callable[[str, str], tuple[dict[str, Any], str]],
               jejak: tuple[str, ...] = ()) -> tuple[dict[str, Any], list[str]]:
    """The complete rule document of ``data`` (which has a ``dasar``) and its ancestry.

    ``muat_induk(nama_atau_jalur, berkas_anak)`` returns the parent's raw document and an
    identity for it (used to find cycles). Returns ``(document, [parent, grandparent, ...])``.
    """
    nama, cara = baca_dasar(data[KUNCI], berkas)
    induk, identitas = muat_induk(nama, berkas)
    jejak = jejak + (berkas,)
    if identitas in jejak:
        rantai = " → ".join(jejak + (identitas,))
        raise RulesError(berkas, [(KUNCI, f"pewarisan berputar: {rantai}")])
    leluhur: list[str] = []
    if isinstance(induk, dict) and KUNCI in induk:
        induk, leluhur = selesaikan(induk, identitas, muat_induk, jejak)
    if not isinstance(induk, dict):
        raise RulesError(berkas, [(KUNCI, f"aturan dasar '{nama}' bukan pemetaan YAML")])
    induk = {k: v for k, v in induk.items() if k not in TIDAK_DIWARISKAN}
    if cara:
        induk = tandai(induk, cara)
    anak = {k: v for k, v in data.items() if k != KUNCI}
    return gabung(induk, anak, berkas=berkas), [nama, *leluhur]
