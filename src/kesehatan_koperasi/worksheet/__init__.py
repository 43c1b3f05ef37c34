"""The examiner's Excel worksheet (kertas kerja), issue 3.

- :func:`write_template` — a blank worksheet generated from the rule file (command ``template``);
- :func:`write_worksheet` — a worksheet filled from a :class:`~kesehatan_koperasi.model.KertasKerja`;
- :func:`read_worksheet` — read and validate a filled worksheet (commands ``validate``, ``assess``),
  every problem reported with sheet and cell (:class:`~kesehatan_koperasi.errors.WorksheetError`);

The sheets, rows and canonical keys are one table, :mod:`.layout`.
"""

from .reader import read_worksheet
from .template import build_workbook, write_template, write_worksheet

__all__ = ["build_workbook", "read_worksheet", "write_template", "write_worksheet"]
