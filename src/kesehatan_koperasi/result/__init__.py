"""The result of an assessment, built mechanically from the core's answer
(:class:`~kesehatan_koperasi.core.engine.Skor`):

- :mod:`.hasil`  the :class:`Hasil` of one cooperative (what ``hasil.json`` holds);
- :mod:`.build`  one scored row as a :class:`Hasil`;
- :mod:`.frame`  the two table layouts of ``assess_frame``.
"""

from __future__ import annotations

from .hasil import Hasil, HasilAspek, HasilIndikator, NilaiSementara

__all__ = ["Hasil", "HasilAspek", "HasilIndikator", "NilaiSementara"]
