"""pyarrow is optional (the extra ``[parquet]``, issue 16): the package imports and scores without it.

Found by the lowest-versions CI step: ``result/frame.py`` imported pyarrow at the top, so
``import kesehatan_koperasi`` failed in an install without the extra."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_import_and_score_without_pyarrow():
    kode = textwrap.dedent("""
        import sys
        class Blok:
            def find_spec(self, name, path=None, target=None):
                if name == "pyarrow" or name.startswith("pyarrow."):
                    raise ImportError("pyarrow tidak terpasang (disimulasikan)")
                return None
        sys.meta_path.insert(0, Blok())
        import kesehatan_koperasi as kk
        out = kk.assess_frame(kk.contoh.koperasi(20, seed=1))
        assert len(out) == 20 and str(out["predikat"].dtype) == "string", out["predikat"].dtype
        assert "pyarrow" not in sys.modules
        print("ok")
    """)
    r = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip().endswith("ok")
