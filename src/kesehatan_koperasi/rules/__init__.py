"""Rule sets as data (spec ``juknis-15-2021-ksp.md``): the model of a rule file, its loader and
checks, the resolver that chooses a set for a cooperative, and the views for people.

- :mod:`.model`      the rule file's data classes (:class:`Aturan`, :class:`Pita`, ...);
- :mod:`.load`       :func:`load_rules`, :func:`parse_rules`, :func:`builtin_rules`;
- :mod:`.checks`     semantic checks, every problem with its key;
- :mod:`.resolve`    :func:`pilih_aturan`: the rule set for a cooperative type and date;
- :mod:`.view`, :mod:`.diff`, :mod:`.metodologi`  text for people (nothing there scores).
"""

from __future__ import annotations

from .load import builtin_rules, parse_rules
from .model import (
                    SEMENTARA,
                    TERKONFIRMASI,
                    Aspek,
                    Aturan,
                    Bersumber,
                    Butir,
                    Indikator,
                    Komponen,
                    NilaiBersumber,
                    Pita,
                    Status,
)
from .resolve import JENIS_KONVENSIONAL, JENIS_SYARIAH, load_rules, pilih_aturan

__all__ = [
    "JENIS_KONVENSIONAL", "JENIS_SYARIAH", "SEMENTARA", "TERKONFIRMASI", "Aspek", "Aturan", "Bersumber", "Butir",
    "Indikator", "Komponen", "NilaiBersumber", "Pita", "Status", "builtin_rules", "load_rules", "parse_rules",
    "pilih_aturan",
]
