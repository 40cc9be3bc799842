"""E-mail addresses. Functional addresses (contact@, mairie@…) are not a person's."""

from __future__ import annotations

import re

from ouvert.engine.privacy import context, cues
from ouvert.engine.privacy.base import Column, Table
from ouvert.engine.privacy.mask import mask_email
from ouvert.engine.privacy.pattern import PatternDetector
from ouvert.engine.text import fold

FUNCTIONAL = frozenset(
    [
        "accueil",
        "admin",
        "administration",
        "asso",
        "association",
        "billetterie",
        "bibliotheque",
        "bonjour",
        "bureau",
        "cabinet",
        "ccas",
        "club",
        "commande",
        "communication",
        "compta",
        "comptabilite",
        "contact",
        "courrier",
        "culture",
        "dgs",
        "dpo",
        "direction",
        "ecole",
        "education",
        "enfance",
        "etat-civil",
        "etatcivil",
        "evenements",
        "festival",
        "finances",
        "hello",
        "info",
        "infos",
        "inscription",
        "inscriptions",
        "jeunesse",
        "mairie",
        "marches",
        "marchespublics",
        "mediatheque",
        "noreply",
        "no-reply",
        "office",
        "periscolaire",
        "population",
        "presse",
        "president",
        "reservation",
        "reservations",
        "rgpd",
        "rh",
        "recrutement",
        "scolaire",
        "secretariat",
        "secretaire",
        "service",
        "services",
        "social",
        "sport",
        "sports",
        "standard",
        "support",
        "tourisme",
        "tresorier",
        "tresorerie",
        "urbanisme",
        "webmaster",
    ]
)


class EmailDetector(PatternDetector):
    kind = "email"
    candidate = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
    occurrence = re.compile(
        r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9])"
    )
    cues = cues.EMAIL
    confidence = 0.95

    def public(self, text: str, column: Column, table: Table) -> bool:
        local = fold(text.partition("@")[0])
        head = re.split(r"[._+\-0-9]", local, maxsplit=1)[0]
        # A service or a place's mailbox (accueil@, gymnase.kerlan@, piscine@): not a person's.
        return local in FUNCTIONAL or head in FUNCTIONAL or head in context.ORGANISATION_WORDS

    def mask(self, text: str) -> str:
        return mask_email(text)
