"""Accounts, API tokens and browser sessions in the service's database (issue 13, item 1).

Pure database operations on a :class:`~sqlalchemy.orm.Session` given by the caller (the CLI's
``pengguna tambah`` and ``token buat``, the login page, the authentication of every request).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..errors import KesehatanKoperasiError
from . import sandi as S
from .skema import PERAN, Pengguna, Sesi, TokenApi


class AkunError(KesehatanKoperasiError):
    """An account operation cannot be done (unknown user, weak password, …)."""


def sekarang() -> dt.datetime:
    """Now, in UTC without tzinfo (as stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def tambah_pengguna(s: Session, nama: str, peran: str, sandi: str) -> Pengguna:
    nama = nama.strip()
    if not nama or len(nama) > 100 or any(c.isspace() for c in nama):
        raise AkunError("Nama pengguna harus 1-100 karakter tanpa spasi")
    if peran not in PERAN:
        raise AkunError(f"Peran harus salah satu dari {', '.join(PERAN)}, bukan '{peran}'")
    if len(sandi) < S.SANDI_MIN:
        raise AkunError(f"Kata sandi terlalu pendek: paling sedikit {S.SANDI_MIN} karakter")
    if s.scalar(select(Pengguna).where(Pengguna.nama == nama)) is not None:
        raise AkunError(f"Pengguna '{nama}' sudah ada")
    p = Pengguna(nama=nama, peran=peran, sandi_hash=S.hash_sandi(sandi), dibuat_pada=sekarang())
    s.add(p)
    s.flush()
    return p


def cari_pengguna(s: Session, nama: str) -> Pengguna:
    p = s.scalar(select(Pengguna).where(Pengguna.nama == nama.strip()))
    if p is None:
        raise AkunError(f"Pengguna '{nama}' tidak ada; buat dengan: kesehatan-koperasi pengguna tambah {nama} --peran pemeriksa")
    return p


def buat_token(s: Session, nama: str) -> str:
    """A new API token of user ``nama``; only its digest is stored, the token itself is returned once."""
    p = cari_pengguna(s, nama)
    token = S.token_baru()
    s.add(TokenApi(pengguna_id=p.id, sidik=S.sidik(token), dibuat_pada=sekarang()))
    return token


def pengguna_token(s: Session, token: str) -> Pengguna | None:
    t = s.scalar(select(TokenApi).where(TokenApi.sidik == S.sidik(token)))
    return s.get(Pengguna, t.pengguna_id) if t is not None else None


def masuk(s: Session, nama: str, sandi: str, umur: int) -> tuple[str, Sesi] | None:
    """A new session (cookie value, row) when the password matches; None otherwise."""
    p = s.scalar(select(Pengguna).where(Pengguna.nama == nama.strip()))
    if p is None:
        S.sandi_cocok(_HASH_TIRUAN, sandi)      # the same time whether or not the user exists
        return None
    if not S.sandi_cocok(p.sandi_hash, sandi):
        return None
    nilai = S.rahasia_baru()
    sesi = Sesi(sidik=S.sidik(nilai), pengguna_id=p.id, csrf=S.rahasia_baru(),
                kedaluwarsa=sekarang() + dt.timedelta(seconds=umur))
    s.add(sesi)
    s.execute(delete(Sesi).where(Sesi.kedaluwarsa < sekarang()))
    return nilai, sesi


def sesi_dari_cookie(s: Session, nilai: str) -> tuple[Sesi, Pengguna] | None:
    sesi = s.scalar(select(Sesi).where(Sesi.sidik == S.sidik(nilai)))
    if sesi is None or sesi.kedaluwarsa < sekarang():
        return None
    p = s.get(Pengguna, sesi.pengguna_id)
    return (sesi, p) if p is not None else None


def keluar(s: Session, nilai: str) -> None:
    s.execute(delete(Sesi).where(Sesi.sidik == S.sidik(nilai)))


_HASH_TIRUAN = S.hash_sandi("sandi-tiruan-untuk-waktu-yang-sama")
