"""Write a pip constraints file pinning every runtime dependency to its declared floor.

``pyproject.toml`` declares each runtime dependency as ``name>=floor``; this script turns those
floors into ``name==floor`` lines, so that ``.ci/run`` can install the LOWEST allowed versions in a
separate venv and run the tests with them (a floor that does not work is found in CI, not by a
user). Run:

    python scripts/versi_terendah.py [OUT.txt]      # default: stdout
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_SPEC = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$")


def batasan(pyproject: Path = PYPROJECT) -> list[str]:
    """``name==floor`` for every runtime dependency; a dependency without a ``>=`` floor is refused."""
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    out = []
    for d in deps:
        m = _SPEC.match(d.split(";")[0])
        if not m:
            raise SystemExit(f"dependensi tidak dapat dibaca: {d!r}")
        nama, spek = m[1], m[3]
        lantai = re.search(r">=\s*([0-9][^,\s]*)", spek)
        if not lantai:
            raise SystemExit(f"dependensi tanpa batas bawah '>=': {d!r}")
        out.append(f"{nama}=={lantai[1]}")
    return out


def main(argv: list[str]) -> int:
    teks = "\n".join(batasan()) + "\n"
    if argv:
        Path(argv[0]).write_text(teks, encoding="utf-8")
    else:
        sys.stdout.write(teks)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
