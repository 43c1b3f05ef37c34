"""Alternative readings of the method as data (spec ``juknis-15-2021-ksp.md`` §9): applying the
``alternatif:`` entries of a rule file to give the patched rule set.

``kk.load_rules("juknis-15-2021", alternatif=["npl-12"])`` is :func:`terapkan` on the loaded
set. A reading replaces values, never code: a band table's cut points (``npl-12``, ``roe-7``,
``kemandirian-100``, ``ekuitas-tepi-bawah``, ``partisipasi-50``), the questionnaire table
(``kuesioner-cetak``), a rounding rule (``aspek-bulat``, ``aspek-2-desimal``), a growth's
denominator (``pertumbuhan-basis-bertanda``) or an added indicator (``npm-19``). Every value a
reading replaces is marked ``sementara`` with the reading's ``sumber`` (unless the reading states
its own), so a result scored under it lists the replaced values as provisional. An office adds
its own readings in its rule file; :func:`periksa` checks every reading when the file is loaded.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from ..errors import RulesError
from .checks import _check
from .model import SEMENTARA, Alternatif, Aturan


def _sumber(alt: Alternatif) -> str:
    return f"alternatif {alt.id}: {alt.sumber}"


def _gabung(dasar: dict[str, Any], tambal: dict[str, Any], sumber: str) -> None:
    """Merge ``tambal`` into ``dasar`` (in place): mappings key by key, everything else replaced
    whole. A mapping in which the patch replaces a value directly, and that carries a status and
    a source, is marked provisional with ``sumber`` unless the patch states them itself."""
    langsung = False
    for k, v in tambal.items():
        if isinstance(v, dict) and isinstance(dasar.get(k), dict):
            _gabung(dasar[k], v, sumber)
        else:
            dasar[k] = copy.deepcopy(v)
            langsung = True
    if langsung and "status" in dasar and "sumber" in dasar:
        if "status" not in tambal:
            dasar["status"] = SEMENTARA
            if "status_batas" in dasar and dasar["status_batas"] is not None:
                dasar["status_batas"] = SEMENTARA
        if "sumber" not in tambal:
            dasar["sumber"] = sumber


def _komponen(node: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for k in node.get("komponen", []):
        yield k
        yield from _komponen(k)


def _terapkan_satu(data: dict[str, Any], alt: Alternatif) -> list[tuple[str, str]]:
    """Apply one reading to a rule document (in place); the problems found, with their key."""
    masalah: list[tuple[str, str]] = []
    kunci = f"alternatif.{alt.id}"
    sumber = _sumber(alt)
    for k, v in alt.ganti.items():
        if not isinstance(data.get(k), dict):
            masalah.append((f"{kunci}.ganti.{k}", "aturan ini tidak memuat kunci tersebut"))
            continue
        _gabung(data[k], v, sumber)
    komponen = {k["kode"]: k for a in data["aspek"] for k in _komponen(a)}
    indikator = {i["kode"]: i for k in komponen.values() for i in k.get("indikator", [])}
    for kode, v in alt.indikator.items():
        if kode not in indikator:
            masalah.append((f"{kunci}.indikator.{kode}", "indikator tidak ada di aturan ini"))
            continue
        _gabung(indikator[kode], v, sumber)
    for n, t in enumerate(alt.tambah_indikator):
        baru = copy.deepcopy(t.indikator)
        baru.setdefault("status", SEMENTARA)
        baru.setdefault("sumber", sumber)
        if t.komponen not in komponen:
            masalah.append((f"{kunci}.tambah_indikator[{n}].komponen", f"komponen {t.komponen} tidak ada di aturan ini"))
            continue
        if baru.get("kode") in indikator:
            masalah.append((f"{kunci}.tambah_indikator[{n}].indikator.kode", f"indikator {baru.get('kode')} sudah ada"))
            continue
        daftar = komponen[t.komponen].setdefault("indikator", [])
        kode_ada = [i["kode"] for i in daftar]
        if t.setelah is not None and t.setelah not in kode_ada:
            masalah.append((f"{kunci}.tambah_indikator[{n}].setelah", f"indikator {t.setelah} tidak ada di {t.komponen}"))
            continue
        daftar.insert(kode_ada.index(t.setelah) + 1 if t.setelah is not None else len(daftar), baru)
        indikator[str(baru.get("kode"))] = baru
    return masalah


_CACHE: dict[tuple[int, str, tuple[str, ...]], Aturan] = {}


def terapkan(aturan: Aturan, ids: Iterable[str]) -> Aturan:
    """``aturan`` with the alternative readings ``ids`` applied, in order.

    The patched set keeps the name; its ``versi`` says which readings were applied
    (``"2026.11+npl-12"``) and so does :attr:`~.model.Aturan.alternatif_dipakai`. It carries no
    readings of its own (a reading is applied to the rule set as written).

    Raises
    ------
    RulesError
        An id the rule set does not know (the message lists the known ones), or a reading that
        does not fit the rule set (every problem with its key).
    """
    ids = list(ids)
    if not ids:
        return aturan
    key = (id(aturan), aturan.content_hash(), tuple(ids))
    hit = _CACHE.get(key)
    if hit is None:
        hit = _terapkan(aturan, ids)
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = hit
    return hit


def _terapkan(aturan: Aturan, ids: list[str]) -> Aturan:
    dikenal = [a.id for a in aturan.alternatif]
    asing = [i for i in ids if i not in dikenal]
    if asing:
        raise RulesError(aturan.berkas or aturan.nama, [
            ("alternatif", f"bacaan alternatif tidak dikenal: {', '.join(asing)}; "
                           f"yang dikenal aturan {aturan.nama}: {', '.join(dikenal) or '(tidak ada)'}")])
    data = aturan.model_dump(mode="json", exclude={"alternatif"})
    masalah: list[tuple[str, str]] = []
    for i in ids:
        masalah += _terapkan_satu(data, aturan.cari_alternatif(i))
    data["versi"] = f"{aturan.versi}+{'+'.join(ids)}"
    if not masalah:
        try:
            hasil = Aturan.model_validate(data)
        except ValidationError as e:
            from ..inputs.pesan import validation_messages

            masalah = [(f"alternatif {'+'.join(ids)}: {k}", m) for k, m in validation_messages(e)]
        else:
            masalah = [(f"alternatif {'+'.join(ids)}: {k}", m) for k, m in _check(hasil)]
    if masalah:
        raise RulesError(aturan.berkas or aturan.nama, masalah)
    hasil._berkas = aturan.berkas
    hasil._dasar = aturan.dasar
    hasil._alternatif_dipakai = tuple(aturan.alternatif_dipakai) + tuple(ids)
    return hasil


def periksa(aturan: Aturan) -> list[tuple[str, str]]:
    """Every problem of the rule set's readings: duplicate ids, and each reading applied alone."""
    masalah: list[tuple[str, str]] = []
    ids = [a.id for a in aturan.alternatif]
    for i in sorted({i for i in ids if ids.count(i) > 1}):
        masalah.append((f"alternatif.{i}", "id bacaan alternatif dipakai lebih dari sekali"))
    for i in dict.fromkeys(ids):
        try:
            terapkan(aturan, [i])
        except RulesError as e:
            masalah += e.masalah
    return masalah
