"""NIR (numéro de sécurité sociale): 15 characters, key checked (mod 97, Corsica 2A/2B)."""

from __future__ import annotations

import re

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.pattern import DIGIT_AFTER, DIGIT_BEFORE, PatternDetector

_S = r"[ .\-]?"
_BODY = (
    rf"[1-478]{_S}[0-9]{{2}}{_S}(?:0[1-9]|1[0-2]|[2-9][0-9]){_S}(?:[0-9]{{2}}|2[ABab])"
    rf"{_S}[0-9]{{3}}{_S}[0-9]{{3}}{_S}[0-9]{{2}}"
)


def nir_key_is_valid(text: str) -> bool:
    """The last two digits are 97 - (first 13 mod 97); 2A counts as 19, 2B as 18."""
    compact = re.sub(r"[ .\-]", "", text).upper()
    if len(compact) != 15:
        return False
    body, key = compact[:13], compact[13:]
    body = body[:5] + body[5:7].replace("2A", "19").replace("2B", "18") + body[7:]
    if not body.isdigit() or not key.isdigit():
        return False
    return 97 - int(body) % 97 == int(key)


class NirDetector(PatternDetector):
    kind = "nir"
    candidate = DIGIT_BEFORE + _BODY + DIGIT_AFTER
    occurrence = re.compile(rf"(?<![0-9]){_BODY}(?![0-9])")
    cues = cues.NIR
    min_valid = 0.5  # a column of random 15-digit numbers passes the key once in 97
    confidence = 0.97

    def valid(self, text: str) -> bool:
        return nir_key_is_valid(text)
