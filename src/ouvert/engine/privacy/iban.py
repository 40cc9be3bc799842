"""IBAN (ISO 13616): country, two check digits, account; mod 97 must give 1."""

from __future__ import annotations

import re

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.pattern import PatternDetector

_BODY = r"[A-Z]{2}[0-9]{2}(?:[ \-]?[A-Z0-9]){11,30}"


def iban_is_valid(text: str) -> bool:
    compact = re.sub(r"[ \-]", "", text).upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum():
        return False
    if compact.startswith("FR") and len(compact) != 27:
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1


class IbanDetector(PatternDetector):
    kind = "iban"
    candidate = r"(?i)(?:^|[^A-Z0-9])" + _BODY
    occurrence = re.compile(rf"(?<![A-Za-z0-9]){_BODY}", re.I)
    cues = cues.IBAN
    min_valid = 0.5
    confidence = 0.97

    def occurrences(self, value: str) -> list[str]:
        found = []
        for match in self.occurrence.finditer(value.upper()):
            text = match.group(0)
            # A greedy match may swallow the next word: shorten it until the checksum holds.
            while len(re.sub(r"[ \-]", "", text)) >= 15:
                if iban_is_valid(text):
                    found.append(text)
                    break
                text = text[:-1].rstrip(" -")
        return found
