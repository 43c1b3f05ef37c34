"""Secrets of the web service (issue 13): passwords hashed with argon2 (argon2-cffi's defaults,
RFC 9106 low-memory profile), API tokens and session cookies as random 256-bit values of which
the database keeps only the SHA-256 (a stolen database reveals no usable token), and the
per-session CSRF token compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_PH = PasswordHasher()
#: Prefix of the service's API tokens (recognisable in logs and secret scanners).
AWALAN_TOKEN = "kk_"
#: Shortest password accepted.
SANDI_MIN = 10


def hash_sandi(sandi: str) -> str:
    return _PH.hash(sandi)


def sandi_cocok(hash_: str, sandi: str) -> bool:
    try:
        return _PH.verify(hash_, sandi)
    except (VerificationError, InvalidHashError):
        return False


def sidik(rahasia: str) -> str:
    """The SHA-256 of a token or cookie value (what the database stores)."""
    return hashlib.sha256(rahasia.encode("utf-8")).hexdigest()


def token_baru() -> str:
    """A new API token: ``kk_`` and 43 characters of base64url (256 bits)."""
    return AWALAN_TOKEN + secrets.token_urlsafe(32)


def rahasia_baru() -> str:
    """A new session cookie value or CSRF token (256 bits)."""
    return secrets.token_urlsafe(32)


def sama(a: str, b: str) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
