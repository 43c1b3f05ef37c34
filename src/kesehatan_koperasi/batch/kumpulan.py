"""The outputs of one batch run as one set (issue 17, items 6 and 7).

:class:`Kumpulan` locks the output folder (``flock`` on the folder itself, so no lock file is left
behind; a second run into it fails at once instead of mixing its
files with the first), gives a temporary folder inside it for every file of the run, and moves the
complete set into place at the end. When anything fails — a full disk, a signal — the temporary
folder is removed and the previous complete set stays as it was; a write error names the file.

:func:`sinyal_berhenti` turns SIGTERM and SIGINT into :class:`Dihentikan`, which unwinds the run
(the worker pools terminate their processes, :mod:`.baca`), so the command prints one line and
exits 143 or 130.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType

from ..errors import KesehatanKoperasiError
from ..outputs.atomic import move_into_place, temporary_folder

_AWALAN = ".sementara-"
_SEMENTARA = re.compile(r"^\.(.+)\.[^.]+\.tmp$")      # the temporary name of outputs.atomic


class Dihentikan(BaseException):
    """The run was stopped by a signal; ``kode`` is the exit code (128 + signal number)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.nama = signal.Signals(signum).name
        self.kode = 128 + signum


@contextmanager
def sinyal_berhenti() -> Iterator[None]:
    """SIGTERM and SIGINT raise :class:`Dihentikan` in the main thread while the block runs (the
    previous handlers come back afterwards). Outside the main thread nothing changes."""
    def henti(signum: int, frame: FrameType | None) -> None:
        raise Dihentikan(signum)

    try:
        lama = {s: signal.signal(s, henti) for s in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:          # not the main thread: signals are not ours to handle
        yield
        return
    try:
        yield
    finally:
        for s, h in lama.items():
            signal.signal(s, h)


class Kumpulan:
    """The locked output folder ``out`` of one run and its temporary folder (:attr:`folder`)."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.folder = self.out
        self._kunci: int | None = None
        self._dibuat = False

    def __enter__(self) -> Kumpulan:
        import fcntl

        self._dibuat = not self.out.exists()
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.out, os.O_RDONLY | os.O_DIRECTORY)   # the folder itself is the lock
        except OSError as e:
            raise KesehatanKoperasiError(f"Folder keluaran {self.out} tidak dapat dipakai: {e.strerror or e}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise KesehatanKoperasiError(
                f"Folder keluaran {self.out} sedang dipakai oleh penilaian massal lain: tunggu sampai selesai, "
                "atau pilih folder --out lain") from None
        self._kunci = fd
        try:
            self.folder = temporary_folder(self.out, _AWALAN)
        except OSError as e:
            self.__exit__(None, None, None)
            raise KesehatanKoperasiError(f"Gagal menulis ke {self.out}: {e.strerror or e}") from None
        return self

    def __exit__(self, tipe: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        if self.folder != self.out:
            shutil.rmtree(self.folder, ignore_errors=True)
        if self._kunci is not None:
            os.close(self._kunci)            # releases the lock
            self._kunci = None
        if self._dibuat:                     # a run that wrote nothing leaves no empty folder behind
            try:
                self.out.rmdir()
            except OSError:
                pass

    @contextmanager
    def menulis(self, nama: str = "") -> Iterator[None]:
        """A write error (disk full, read-only folder) as one Indonesian message naming the file
        (``nama``, else the one the error names)."""
        try:
            yield
        except OSError as e:
            if not nama and e.filename:
                nama = Path(e.filename).name
                m = _SEMENTARA.match(nama)
                nama = m.group(1) if m else nama
            berkas = self.out / nama if nama and not nama.startswith(_AWALAN) else self.out
            raise KesehatanKoperasiError(f"Gagal menulis {berkas}: {e.strerror or e}; keluaran sebelumnya di "
                                         f"{self.out} tetap utuh") from None

    def pindahkan(self, ditulis: dict[str, Path], dokumen: bool = False) -> dict[str, Path]:
        """Move the finished set into ``out`` (each file by an atomic rename; the documents folder
        replaces the previous one whole); returns the final paths."""
        from .dokumen import FOLDER

        akhir = {}
        for k, p in ditulis.items():
            tujuan = self.out / Path(p).name
            move_into_place(Path(p), tujuan)
            akhir[k] = tujuan
        baru = self.folder / FOLDER
        if dokumen and baru.is_dir():
            move_into_place(baru, self.out / FOLDER)
        return akhir
