"""The office's agenda register as a table of the service's database (issue 13, item 2).

The same contract as :class:`kesehatan_koperasi.outputs.agenda.Agenda` (the SQLite file of the
CLI): :meth:`AgendaBasisData.urut_untuk` gives, per office and year of issue, the number a result
already has, else the next one. It writes inside the caller's transaction, so a number taken for
documents that then fail to render is given back by the rollback; concurrent issuers are
serialised (PostgreSQL: a transaction-scoped advisory lock per office and year; SQLite: every
transaction of the service begins ``IMMEDIATE``), and the table's keys refuse a duplicate anyway.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from .skema import Agenda


class AgendaBasisData:
    """The register of office ``kantor`` (a profile) in the session ``s``."""

    def __init__(self, s: Session, kantor: Any) -> None:
        self.s = s
        self.kantor = kantor

    def urut_untuk(self, kunci_hasil: str, tanggal: dt.date) -> int:
        nama = str(self.kantor.nama)
        if self.s.get_bind().dialect.name == "postgresql":
            self.s.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"),
                           {"a": zlib.crc32(nama.encode("utf-8")) & 0x7FFFFFFF, "b": tanggal.year})
        ada = self.s.scalar(select(Agenda.urut).where(Agenda.kantor == nama, Agenda.tahun == tanggal.year,
                                                      Agenda.kunci_hasil == kunci_hasil))
        if ada is None:
            akhir = self.s.scalar(select(func.coalesce(func.max(Agenda.urut), 0))
                                  .where(Agenda.kantor == nama, Agenda.tahun == tanggal.year))
            ada = int(akhir or 0) + 1
            self.s.add(Agenda(kantor=nama, tahun=tanggal.year, urut=ada, kunci_hasil=kunci_hasil, tanggal=tanggal))
            self.s.flush()
        return int(ada)
