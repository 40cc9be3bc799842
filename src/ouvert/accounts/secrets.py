"""Opaque secrets (API tokens, invitation links): generated once, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "ouv_"  # noqa: S105 - a public prefix, like GitHub's ghp_


def new_secret(prefix: str = "") -> str:
    """256 bits of randomness, URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """SHA-256 of the secret: enough for 256-bit random values, which no dictionary can guess."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
