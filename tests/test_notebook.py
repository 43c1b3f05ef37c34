"""The batch notebook (issue 5) is executed here, so it can never rot.

The kernel is this interpreter (a kernelspec written to a temporary ``JUPYTER_PATH``), so the
test needs nothing installed by hand: ``make test`` installs ``.[test]`` (nbclient, nbformat,
ipykernel, matplotlib). Charts are drawn with the Agg backend.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "notebooks" / "penilaian-massal.ipynb"


def test_notebook_penilaian_massal_runs(tmp_path, monkeypatch):
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (uji)", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("KK_KELUARAN", str(tmp_path / "keluaran"))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    nb = nbformat.read(NOTEBOOK, as_version=4)
    # a bounded run (timeout per cell); its speed is not a unit-test matter
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=180,
                            resources={"metadata": {"path": str(tmp_path)}}).execute()

    keluaran = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in keluaran if o.get("output_type") == "error"]
    gambar = [o for o in keluaran if "image/png" in o.get("data", {})]
    assert len(gambar) >= 4                                   # predikat, aspek, temuan, kabupaten
    teks = "\n".join(o.get("text", "") for o in keluaran)
    assert "10.000 koperasi dinilai" in teks
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in keluaran)
    assert "Nilai akhir" in html                              # Hasil._repr_html_
    for nama in ("hasil-massal.csv", "hasil-massal.parquet", "hasil-massal.xlsx"):
        assert (tmp_path / "keluaran" / nama).stat().st_size > 0
