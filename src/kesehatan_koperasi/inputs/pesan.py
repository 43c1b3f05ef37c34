"""The one translation of pydantic validation errors into Indonesian problem texts.

JSON worksheets (:func:`~kesehatan_koperasi.model.read_json`), the examiner's workbook, office
settings files, rule files and the application checklist all validate into pydantic models; every
one of them reports the errors through :func:`translate_error`, so no English pydantic phrase
("Field required", "Input should be …", "Value error, …") reaches the user. Our own validators
raise ``ValueError`` with an Indonesian message: that message is kept, without pydantic's prefix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from ..errors import Masalah
from .budget import tampak

_BILANGAN = "harus berupa bilangan"
_BULAT = "harus berupa bilangan bulat"
_TANGGAL = "harus berupa tanggal (YYYY-MM-DD, mis. 2026-05-13)"
_WAKTU = "harus berupa tanggal dan jam (YYYY-MM-DDTjj:mm, mis. 2026-05-13T09:30)"
_JAM = "harus berupa jam (jj:mm, mis. 09:30)"
_PEMETAAN = "harus berupa pemetaan (kunci: nilai)"
_DAFTAR = "harus berupa daftar"

#: Messages that need no context, by pydantic error type.
_TETAP: dict[str, str] = {
    "missing": "wajib diisi",
    "missing_argument": "wajib diisi",
    "missing_keyword_only_argument": "wajib diisi",
    "missing_positional_only_argument": "wajib diisi",
    "extra_forbidden": "kunci tidak dikenal",
    "unexpected_keyword_argument": "kunci tidak dikenal",
    "string_type": "harus berupa teks",
    "string_unicode": "harus berupa teks",
    "string_sub_type": "harus berupa teks",
    "string_not_ascii": "harus berupa teks ASCII",
    "bytes_type": "harus berupa teks",
    "string_pattern_mismatch": "format tidak sah",
    "int_type": _BULAT, "int_parsing": _BULAT, "int_from_float": _BULAT, "int_parsing_size": _BULAT,
    "float_type": _BILANGAN, "float_parsing": _BILANGAN, "decimal_type": _BILANGAN,
    "decimal_parsing": _BILANGAN, "complex_type": _BILANGAN, "complex_str_parsing": _BILANGAN,
    "finite_number": "harus bilangan terhingga",
    "bool_type": "harus berupa ya/tidak (true/false)", "bool_parsing": "harus berupa ya/tidak (true/false)",
    "date_type": _TANGGAL, "date_parsing": _TANGGAL, "date_from_datetime_parsing": _TANGGAL,
    "date_from_datetime_inexact": "harus tanggal tanpa jam",
    "datetime_type": _WAKTU, "datetime_parsing": _WAKTU, "datetime_from_date_parsing": _WAKTU,
    "datetime_object_invalid": _WAKTU,
    "time_type": _JAM, "time_parsing": _JAM,
    "timezone_naive": "harus memuat zona waktu", "timezone_aware": "tidak boleh memuat zona waktu",
    "date_past": "harus tanggal yang sudah lewat", "date_future": "harus tanggal yang akan datang",
    "dict_type": _PEMETAAN, "mapping_type": _PEMETAAN, "model_type": _PEMETAAN,
    "model_attributes_type": _PEMETAAN, "dataclass_type": _PEMETAAN, "arguments_type": _PEMETAAN,
    "list_type": _DAFTAR, "tuple_type": _DAFTAR, "set_type": _DAFTAR, "frozen_set_type": _DAFTAR,
    "iterable_type": _DAFTAR,
    "none_required": "harus kosong",
    "json_type": "harus berupa teks JSON",
    "url_type": "harus berupa alamat URL", "url_parsing": "bukan alamat URL yang sah",
    "uuid_type": "harus berupa UUID", "uuid_parsing": "bukan UUID yang sah",
    "frozen_field": "tidak boleh diubah", "frozen_instance": "tidak boleh diubah",
    "union_tag_not_found": "penanda jenis wajib diisi",
    "callable_type": "isian tidak sah",
    "is_instance_of": "jenis isian tidak sah",
    "is_subclass_of": "jenis isian tidak sah",
    "recursion_loop": "isian merujuk dirinya sendiri",
}
_BARIS_KOLOM = re.compile(r"line (\d+) column (\d+)")


def field_path(loc: Sequence[Any]) -> str:
    """The dotted path of an error's location (``pemeriksaan.tim_pemeriksa.0.nama``); a key of the
    input (an unknown one may hold anything) with its control characters as printable escapes."""
    return ".".join(tampak(str(p), 200) for p in loc)


def _pilihan(expected: Any) -> str:
    """pydantic's ``"'KSP', 'USP' or 'KSPPS'"`` in Indonesian."""
    return str(expected).replace(" or ", " atau ")


def translate_error(error: Mapping[str, Any], satuan: str = "butir") -> str:
    """The Indonesian text of one pydantic error (an item of ``ValidationError.errors()``).

    ``satuan`` names what a list holds in "paling sedikit 2 baris" (default ``butir``).
    """
    t = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    msg = str(error.get("msg", ""))
    if t == "value_error":
        return msg.removeprefix("Value error, ")
    if t == "assertion_error":
        return msg.removeprefix("Assertion failed, ")
    if t in _TETAP:
        return _TETAP[t]
    if t == "string_too_short":
        n = ctx.get("min_length", 1)
        return "wajib diisi" if n in (None, 1) else f"terlalu pendek (paling sedikit {n} karakter)"
    if t == "string_too_long":
        return f"terlalu panjang (paling banyak {ctx.get('max_length')} karakter)"
    if t == "too_short":
        n = ctx.get("min_length")
        return "wajib diisi" if n == 1 else f"paling sedikit {n} {satuan}"
    if t == "too_long":
        return f"paling banyak {ctx.get('max_length')} {satuan}"
    if t in ("greater_than", "greater_than_equal", "less_than", "less_than_equal", "multiple_of"):
        tanda = {"greater_than": ("gt", ">"), "greater_than_equal": ("ge", "≥"), "less_than": ("lt", "<"),
                 "less_than_equal": ("le", "≤"), "multiple_of": ("multiple_of", "kelipatan")}[t]
        return f"harus {tanda[1]} {ctx.get(tanda[0])}"
    if t in ("literal_error", "enum"):
        return f"pilihan tidak sah (yang sah: {_pilihan(ctx.get('expected'))})"
    if t == "union_tag_invalid":
        return f"jenis tidak dikenal (yang sah: {_pilihan(ctx.get('expected_tags'))})"
    if t == "json_invalid":
        m = _BARIS_KOLOM.search(str(ctx.get("error", "")))
        return "bukan JSON yang sah" + (f" (baris {m[1]}, kolom {m[2]})" if m else "")
    if t in ("decimal_max_digits", "decimal_max_places", "decimal_whole_digits"):
        return "terlalu banyak angka"
    if t.endswith("_type"):
        return "jenis isian tidak sah"
    return f"isian tidak sah ({t})" if t else "isian tidak sah"


def _ditemukan(error: Mapping[str, Any]) -> str | None:
    if error.get("type") in ("missing", "extra_forbidden") or "input" not in error:
        return None
    v = error["input"]
    if isinstance(v, (dict, list)):
        return None
    return repr(v)[:80]


def validation_problems(err: ValidationError, satuan: str = "butir") -> list[Masalah]:
    """Every error of ``err`` as a :class:`~kesehatan_koperasi.errors.Masalah`: the Indonesian
    text, the field path (``medan``) and the value found (not for a missing field or a mapping)."""
    return [Masalah(translate_error(e, satuan), medan=field_path(e["loc"]) or None, ditemukan=_ditemukan(e))
            for e in err.errors()]


def validation_messages(err: ValidationError, satuan: str = "butir") -> list[tuple[str, str]]:
    """Every error of ``err`` as ``(field path, Indonesian text)``."""
    return [(field_path(e["loc"]), translate_error(e, satuan)) for e in err.errors()]


__all__ = ["field_path", "translate_error", "validation_messages", "validation_problems"]
