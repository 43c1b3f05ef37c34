"""Exceptions of the public API. Messages are in Indonesian, for the examiner."""

from __future__ import annotations

from dataclasses import dataclass, field


class KesehatanKoperasiError(Exception):
    """Base class of every error this library raises on purpose."""


class RulesError(KesehatanKoperasiError):
    """A rule file cannot be used. ``masalah`` lists every problem as ``(kunci, pesan)``."""

    def __init__(self, berkas: str, masalah: list[tuple[str, str]]):
        self.berkas = berkas
        self.masalah = list(masalah)
        baris = "\n".join(f"  - {k}: {m}" if k else f"  - {m}" for k, m in self.masalah)
        super().__init__(f"Berkas aturan {berkas} tidak dapat dipakai ({len(self.masalah)} masalah):\n{baris}")


class PemilihanAturanError(RulesError):
    """No rule set (or more than one) can be chosen for a cooperative or a worksheet: an unknown
    jenis, a date no rule set covers, or a worksheet whose recorded rule set conflicts with the
    one asked for. ``berkas`` is the worksheet (or ``""``)."""

    def __init__(self, berkas: str, masalah: list[tuple[str, str]]):
        super().__init__(berkas, masalah)
        baris = "\n".join(f"  - {k}: {m}" if k else f"  - {m}" for k, m in self.masalah)
        asal = f" untuk {berkas}" if berkas else ""
        Exception.__init__(self, f"Aturan penilaian{asal} tidak dapat dipilih ({len(self.masalah)} masalah):\n{baris}")


@dataclass(frozen=True)
class Masalah:
    """One problem found in a worksheet: where it is and what was expected."""

    pesan: str
    medan: str | None = None
    lembar: str | None = None
    sel: str | None = None
    diharapkan: str | None = None
    ditemukan: str | None = None

    def __str__(self) -> str:
        tempat = ", ".join(
            p for p in (
                f"lembar '{self.lembar}'" if self.lembar else "",
                f"sel {self.sel}" if self.sel else "",
                f"isian {self.medan}" if self.medan else "",
            ) if p
        )
        teks = f"{tempat}: {self.pesan}" if tempat else self.pesan
        if self.diharapkan:
            teks += f" (diharapkan {self.diharapkan}"
            teks += f", ditemukan {self.ditemukan})" if self.ditemukan is not None else ")"
        return teks


@dataclass
class WorksheetError(KesehatanKoperasiError):
    """A worksheet (file or model) cannot be assessed. ``masalah`` lists every problem."""

    berkas: str | None
    masalah: list[Masalah] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        kepala = f"Kertas kerja {self.berkas}" if self.berkas else "Kertas kerja"
        baris = "\n".join(f"  - {m}" for m in self.masalah)
        return f"{kepala} memuat {len(self.masalah)} masalah:\n{baris}"


class FrameError(KesehatanKoperasiError, ValueError):
    """A call to ``assess_frame`` cannot run (e.g. columns are missing); lists what is missing."""


class PaketOpsionalError(KesehatanKoperasiError, ImportError):
    """An optional package (an extra of ``pyproject.toml``) is needed and not installed."""


#: The extra of ``pyproject.toml`` that brings each optional package.
EKSTRA = {"pyarrow": "parquet", "matplotlib": "notebook", "nbclient": "notebook"}


def perlu_paket(modul: str, untuk: str):  # -> ModuleType
    """Import the optional package ``modul`` or raise :class:`PaketOpsionalError` with an
    Indonesian install hint; ``untuk`` says what it is needed for (``"berkas Parquet"``)."""
    import importlib

    try:
        return importlib.import_module(modul)
    except ImportError:
        ekstra = EKSTRA.get(modul.split(".")[0], "")
        paket = f"kesehatan-koperasi[{ekstra}]" if ekstra else modul.split(".")[0]
        raise PaketOpsionalError(
            f"Paket '{modul.split('.')[0]}' diperlukan untuk {untuk} tetapi belum terpasang. "
            f"Pasang dengan: pip install \"{paket}\" (atau: pipx inject kesehatan-koperasi {modul.split('.')[0]})."
        ) from None


def masalah_json(e: BaseException) -> list[dict[str, object]]:
    """The problems of an error as JSON objects, for ``{"sah": false, "masalah": [...]}``:
    ``pesan`` always; ``berkas``, ``lembar``, ``sel``, ``medan``, ``diharapkan``, ``ditemukan``
    (or a rule file's ``kunci``) where known."""
    if isinstance(e, WorksheetError):
        berkas = {"berkas": e.berkas} if e.berkas else {}
        return [{k: v for k, v in vars(m).items() if v is not None} | berkas for m in e.masalah] \
            or [{"pesan": str(e)} | berkas]
    if isinstance(e, RulesError):
        out: list[dict[str, object]] = []
        for k, m in e.masalah:
            d: dict[str, object] = {"pesan": m}
            if k:
                d["kunci"] = k
            d["berkas"] = e.berkas
            out.append(d)
        return out
    return [{"pesan": str(e)}]


class PeringatanKertasKerja(UserWarning):
    """A worksheet was read, but something in it deserves the examiner's attention (e.g. cached
    formula values that may be stale); the text names the cells."""
