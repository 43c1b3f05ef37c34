"""One sample in a fresh process: the shared runner of ``bench_keamanan.py`` and ``bench_anggaran.py``.

:data:`HWM` is the child's prelude: it defines ``hwm()``, the peak resident memory of the process
image (``VmHWM``; ``ru_maxrss`` survives exec on Linux and would carry the parent's peak, so it is
only the fallback). :func:`jalankan` starts ``python -c PRELUDE + kode ARGS…`` and returns the JSON
object the child printed last, or ``{"hasil": "CRASH …"}`` naming what went wrong.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

HWM = r"""
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
def hwm():
    try:
        for l in open("/proc/self/status"):
            if l.startswith("VmHWM:"):
                return int(l.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""


def jalankan(kode: str, *args: str, timeout: float = 600) -> dict[str, Any]:
    """Run ``kode`` (after :data:`HWM`) in a fresh interpreter with ``args``; its last JSON line."""
    try:
        r = subprocess.run([sys.executable, "-c", HWM + kode, *args], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"hasil": f"CRASH lebih dari {timeout:.0f} s"}
    try:
        return dict(json.loads(r.stdout.strip().splitlines()[-1]))
    except (IndexError, json.JSONDecodeError):
        akhir = r.stderr.strip().splitlines()[-1][:80] if r.stderr.strip() else f"rc={r.returncode}"
        return {"hasil": "CRASH " + akhir}
