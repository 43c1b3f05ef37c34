"""kesehatan-koperasi: pemeriksaan kesehatan koperasi simpan pinjam.

Permenkop UKM 9/2020 and Juknis Deputi Bidang Perkoperasian 15/2021 (KKPKK): rule sets as
data, one vectorised scoring core, the examiner's Excel worksheet and the two documents
(Sertifikat Penilaian Kesehatan Koperasi, Berita Acara Pemeriksaan).

>>> import kesehatan_koperasi as kk
>>> rules = kk.load_rules("juknis-15-2021")
>>> [a.nama for a in rules.aspek]
['Tata Kelola', 'Profil Risiko', 'Kinerja Keuangan', 'Permodalan']
"""

from __future__ import annotations

from .api import assess, assess_frame, uji_ketahanan
from .errors import FrameError, KesehatanKoperasiError, Masalah, RulesError, WorksheetError
from .model import Identitas, KertasKerja, Keuangan, Pemeriksaan, Penandatangan, Pengurus, Petugas, Temuan
from .result.hasil import Hasil, HasilAspek, HasilIndikator, NilaiSementara
from .rules import Aturan, builtin_rules, load_rules, pilih_aturan


def __getattr__(name: str):  # the I/O parts load lazily, so `import kesehatan_koperasi` stays light
    if name in ("read_worksheet", "write_template", "write_worksheet"):
        from . import worksheet

        return getattr(worksheet, name)
    if name == "write_hasil_xlsx":
        from .outputs.excel import write_hasil_xlsx

        return write_hasil_xlsx
    if name in ("render_certificate", "render_minutes", "certificate_html", "minutes_html", "load_kantor"):
        from .outputs import pdf

        return getattr(pdf, name)
    if name == "verify":
        from .outputs.verify import verify

        return verify
    if name in ("Permohonan", "HasilPermohonan", "HasilKesehatan", "periksa_permohonan"):
        from . import pertimbangan

        return getattr(pertimbangan, name)
    if name in ("contoh", "grafik"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'kesehatan_koperasi' has no attribute {name!r}")


def _versi() -> str:
    """The installed distribution's version (written once, in pyproject.toml)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kesehatan-koperasi")
    except PackageNotFoundError:  # a source tree on sys.path without an install
        return "0+tidak-terpasang"


__version__ = _versi()

__all__ = [
    "Aturan", "FrameError", "Hasil", "HasilAspek", "HasilIndikator", "Identitas", "Keuangan",
    "KertasKerja", "KesehatanKoperasiError", "Masalah", "NilaiSementara", "Pemeriksaan", "Pengurus",
    "Penandatangan", "Petugas", "RulesError", "Temuan", "WorksheetError", "assess", "assess_frame", "builtin_rules",
    "load_rules", "pilih_aturan", "uji_ketahanan",
    # loaded on first use
    "read_worksheet", "write_template", "write_worksheet", "write_hasil_xlsx", "render_certificate",
    "render_minutes", "certificate_html", "minutes_html", "verify", "load_kantor", "Permohonan",
    "HasilPermohonan", "HasilKesehatan", "periksa_permohonan", "contoh", "grafik",
]
