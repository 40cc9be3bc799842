"""IP addresses, version 4 and 6 (checked by the ipaddress module)."""

from __future__ import annotations

import ipaddress
import re

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.pattern import PatternDetector

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
V4 = rf"{_OCTET}(?:\.{_OCTET}){{3}}"
V6 = r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"


class IpDetector(PatternDetector):
    kind = "adresse_ip"
    candidate = rf"(?:^|[^0-9.])(?:{V4}(?:[^0-9.]|$)|{V6})"
    occurrence = re.compile(rf"(?<![0-9.:A-Fa-f])(?:{V4}|{V6})(?![0-9.:A-Fa-f])")
    cues = cues.IP
    min_share = 0.3
    confidence = 0.85
    remedies = ["drop", "mask", "pseudonymise"]

    def valid(self, text: str) -> bool:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            return False
        if address.version == 6 and text.count(":") < 2:
            return False
        return not address.is_unspecified
