"""Vehicle registration plates: SIV (AB-123-CD, since 2009) and FNI (123 ABC 45)."""

from __future__ import annotations

import re

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.base import Column, Table
from ouvert.engine.privacy.pattern import PatternDetector

_LETTER = "[A-HJ-NP-TV-Z]"
SIV = rf"{_LETTER}{{2}}[ \-]?[0-9]{{3}}[ \-]?{_LETTER}{{2}}"
_DEPARTMENT = r"(?:0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-6])"
# Written with separators (123 AB 45) or, with two letters at least, without (123AB45): "30T01"
# inside an ISO date-time (2022-01-30T01:11:38) is not a plate.
FNI = rf"(?:[0-9]{{1,4}}[ \-][A-Z]{{1,3}}[ \-]{_DEPARTMENT}|[0-9]{{1,4}}[A-Z]{{2,3}}{_DEPARTMENT})"
# A plate stands apart: not glued to a date, a time, a reference or a decimal number.
_APART = "[\\s,;()/'\"]"


class PlateDetector(PatternDetector):
    kind = "plaque_immatriculation"
    candidate = rf"(?:^|{_APART})(?:{SIV}|{FNI})(?:{_APART}|$)"
    occurrence = re.compile(rf"(?<![A-Za-z0-9\-:.+])(?:{SIV}|{FNI})(?![A-Za-z0-9\-:.+])")
    cues = cues.PLATE
    min_share = 0.3
    confidence = 0.85
    remedies = ["drop", "mask", "pseudonymise"]
    _dashed = re.compile(rf"^{_LETTER}{{2}}-[0-9]{{3}}-{_LETTER}{{2}}$")

    def valid(self, text: str) -> bool:
        return "000" not in text

    def public(self, text: str, column: Column, table: Table) -> bool:
        # Inside sentences, only the unmistakable AB-123-CD form counts.
        return column.is_free_text and not self._dashed.match(text.strip())
