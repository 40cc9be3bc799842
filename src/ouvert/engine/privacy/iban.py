"""IBAN (ISO 13616): country, two check digits, account; mod 97 must give 1."""

from __future__ import annotations

import re

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.pattern import PatternDetector

_BODY = r"[A-Z]{2}[0-9]{2}(?:[ \-]?[A-Z0-9]){11,30}"


# Lengths of the IBANs of France (and its overseas collectivities) and its neighbours.
LENGTHS = {
    "FR": 27,
    "MC": 27,
    "GP": 27,
    "MQ": 27,
    "GF": 27,
    "RE": 27,
    "YT": 27,
    "NC": 27,
    "PF": 27,
    "PM": 27,
    "BL": 27,
    "MF": 27,
    "WF": 27,
    "TF": 27,
    "BE": 16,
    "DE": 22,
    "ES": 24,
    "IT": 27,
    "CH": 21,
    "LU": 20,
    "GB": 22,
    "NL": 18,
    "PT": 25,
    "AD": 24,
    "IE": 22,
    "AT": 20,
    "LI": 21,
    "SM": 27,
    "MA": 28,
    "TN": 24,
    "DZ": 26,
    "SN": 28,
    "PL": 28,
    "RO": 24,
    "DK": 18,
    "SE": 24,
}


def iban_is_valid(text: str) -> bool:
    compact = re.sub(r"[ \-]", "", text).upper()
    if LENGTHS.get(compact[:2]) != len(compact) or not compact.isalnum():
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
