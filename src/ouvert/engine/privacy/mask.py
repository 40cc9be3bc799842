"""Masked examples: enough to recognise the kind of data, not the person."""

from __future__ import annotations

import re

_ALNUM = re.compile(r"[0-9A-Za-zÀ-ÿ]")


def mask_email(value: str) -> str:
    """ "jean.dupont@mairie.fr" → "j***@m***.fr"."""
    local, _, domain = value.partition("@")
    host, dot, tld = domain.rpartition(".")
    if not dot:
        host, tld = domain, ""
    return f"{local[:1]}***@{host[:1]}***{dot}{tld}"


def mask_digits(value: str, keep_start: int = 2, keep_end: int = 2) -> str:
    """Keep the first and last characters, star the others, keep separators.

    "06 12 34 56 78" → "06 ** ** ** 78"."""
    positions = [i for i, char in enumerate(value) if _ALNUM.match(char)]
    hidden = set(positions[keep_start : max(keep_start, len(positions) - keep_end)])
    return "".join("*" if i in hidden else char for i, char in enumerate(value))


def mask_words(value: str) -> str:
    """Each word to its initial: "Jean DUPONT" → "J*** D***"."""
    return " ".join(f"{word[:1]}***" for word in value.split())


def mask_date(value: str) -> str:
    """Keep the year only: "1987-03-14" → "1987-**-**", "14/03/1987" → "**/**/1987"."""
    match = re.search(r"(19|20)\d\d", value)
    if not match:
        return mask_digits(value, 0, 0)
    start, end = match.span()
    return mask_digits(value[:start], 0, 0) + value[start:end] + mask_digits(value[end:], 0, 0)
