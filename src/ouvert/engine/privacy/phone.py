"""French phone numbers, in every written form: 0612345678, 06 12 34 56 78, 06.12.34.56.78,
+33 6 12 34 56 78, +33 (0)6…, 0033 6…

Decision (docs/privacy.md): numbers starting 08 are services, never a person's; fixed lines
(01–05, 09) in a table that describes organisations or public places (a mairie, a gymnasium) are
the establishment's and stay publishable; mobiles (06, 07) are flagged everywhere.
"""

from __future__ import annotations

import re

from ouvert.engine.identifiers import luhn_is_valid
from ouvert.engine.privacy import context, cues
from ouvert.engine.privacy.base import Column, Table
from ouvert.engine.privacy.pattern import DIGIT_AFTER, DIGIT_BEFORE, PatternDetector

_SEP = "[ ./\\-\u00a0]?"
_BODY = rf"(?:(?:\+|00)33{_SEP}(?:\(0\){_SEP})?|0)[1-9](?:{_SEP}[0-9]{{2}}){{4}}"


_MOBILE = (
    rf"(?<![0-9+])(?:(?:\+|00)33{_SEP}(?:\(0\){_SEP})?|0)[67](?:{_SEP}[0-9]{{2}}){{4}}(?![0-9])"
)


# A mobile typed as a number in a spreadsheet loses its leading zero: 612345678.
_UNZEROED = r"^\s*[67][0-9]{8}(?:\.0)?\s*$"


class PhoneDetector(PatternDetector):
    kind = "telephone"
    candidate = f"(?:{DIGIT_BEFORE}{_BODY}{DIGIT_AFTER}|{_UNZEROED})"
    occurrence = re.compile(rf"(?<![0-9+]){_BODY}(?![0-9])|{_UNZEROED}")
    cues = cues.PHONE
    min_share = 0.05
    confidence = 0.9

    def national(self, text: str) -> str:
        digits = re.sub(r"[^0-9]", "", text.strip().removesuffix(".0"))
        if len(digits) == 9 and digits[0] in "67":
            return "0" + digits
        if digits.startswith("0033"):
            digits = "0" + digits[4:]
        elif digits.startswith("33"):
            digits = "0" + digits[2:]
        if digits.startswith("00"):  # +33 (0)6…
            digits = digits[1:]
        return digits

    def valid(self, text: str) -> bool:
        digits = re.sub(r"[^0-9]", "", text.strip().removesuffix(".0"))
        if len(digits) == 9 and luhn_is_valid(digits):
            return False  # a SIREN, not a mobile that lost its zero
        return len(self.national(text)) == 10

    def whole(self, value: str, found: list[str]) -> bool:
        rest = value
        for text in found:
            rest = rest.replace(text, "")
        return not re.sub(r"[\s/;,|\-–]|et|ou", "", rest)

    def cell_pattern(self, column: Column, table: Table) -> str:
        if context.describes_organisations(table):
            return _MOBILE  # the establishment's fixed line stays
        return self.occurrence.pattern

    def public(self, text: str, column: Column, table: Table) -> bool:
        if text.strip()[:1] in "67" and not column.cue(self.cues):
            return True  # 9 digits without a phone header: an identifier (Paris's trees' ids)
        number = self.national(text)
        if number.startswith("08"):
            return True
        if number[:2] in ("06", "07"):
            return False
        return context.describes_organisations(table)
