"""The one atomic writer: every output file appears whole or not at all (a temporary file in
the same folder, fsynced, then renamed over the target).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; when the block succeeds it is renamed to ``path`` (with the
    permissions of an ordinary new file), otherwise removed — so no half-written file remains."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)      # as an ordinary new file, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_path`."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)




def temporary_folder(parent: Path, prefix: str) -> Path:
    """A new private folder inside ``parent`` for a set of outputs that is moved into place whole
    (:func:`move_into_place`); the caller removes it when the set is abandoned."""
    Path(parent).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


def move_into_place(source: Path, target: Path) -> None:
    """Move a finished file or folder over ``target`` by renames within one file system: a file
    replaces the old one atomically; a folder replaces the old folder whole (the old one is moved
    aside first, then removed), so ``target`` is always the old set or the new one."""
    import shutil

    source, target = Path(source), Path(target)
    if source.is_dir() and target.exists():
        aside = temporary_folder(target.parent, f".{target.name}.lama-")
        os.replace(target, aside / target.name)
        os.replace(source, target)
        shutil.rmtree(aside, ignore_errors=True)
        return
    os.replace(source, target)
