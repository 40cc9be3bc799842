"""Payment card numbers: 13 to 19 digits, a card network's prefix, Luhn key.

14-digit numbers are SIRETs far more often than Diners cards: they are only read as cards under a
"carte" header.
"""

from __future__ import annotations

import re

from ouvert.engine.identifiers import luhn_is_valid
from ouvert.engine.privacy import context, cues
from ouvert.engine.privacy.base import Column, Table
from ouvert.engine.privacy.pattern import DIGIT_AFTER, DIGIT_BEFORE, PatternDetector

_BODY = r"[0-9](?:[ \-]?[0-9]){12,18}"


def card_network(digits: str) -> str | None:
    """The network a card number's prefix and length belong to."""
    length = len(digits)
    if digits[0] == "4" and length in (13, 16, 19):
        return "Visa"
    if 51 <= int(digits[:2]) <= 55 or 2221 <= int(digits[:4]) <= 2720:
        return "Mastercard" if length == 16 else None
    if digits[:2] in ("34", "37") and length == 15:
        return "American Express"
    if (digits[:4] == "6011" or digits[:2] == "65") and length >= 16:
        return "Discover"
    if 3528 <= int(digits[:4]) <= 3589 and length >= 16:
        return "JCB"
    if digits[:2] in ("36", "38", "30") and length == 14:
        return "Diners"
    return None


class CardDetector(PatternDetector):
    kind = "carte_bancaire"
    candidate = DIGIT_BEFORE + _BODY + DIGIT_AFTER
    occurrence = re.compile(rf"(?<![0-9]){_BODY}(?![0-9])")
    cues = cues.CARD
    min_valid = 0.8  # random identifiers pass Luhn one time in ten
    confidence = 0.9
    remedies = ["drop", "mask"]

    def valid(self, text: str) -> bool:
        digits = re.sub(r"[ \-]", "", text)
        if len(digits) == 14 or len(set(digits)) < 2:
            return False
        return card_network(digits) is not None and luhn_is_valid(digits)

    def public(self, text: str, column: Column, table: Table) -> bool:
        return column in context.organisation_id_columns(table)
