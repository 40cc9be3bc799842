"""Text folding for accent- and case-insensitive matching of French words."""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer

_SPACES = re.compile(r"\s+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def fold(text: str) -> str:
    """Lower-case, drop accents and ligatures, collapse spaces.

    "Équipements  Sportifs" → "equipements sportifs"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped).strip().lower()


_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("french")
# Words too common to search on (they would make every query an AND over "de", "la"…).
_STOP_LIST = (
    "a au aux avec ce ces d dans de des du elle en et il ils l la le les leur lui ma mais me "
    "meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur ta "
    "te tes toi ton tu un une vos votre vous y c j m t est sont"
)
STOP_WORDS = frozenset(_STOP_LIST.split())


def stems(text: str) -> list[str]:
    """French stems of the words of a text, folded: "Équipements sportifs" → ["equip", "sportif"].

    Folding runs before stemming, for the text indexed and the words searched alike: Snowball's
    French rules read accents (« Vendée » → « vend », « vendee » → « vende »), so stemming the
    accented word would make its stem depend on how the visitor typed it.
    """
    words = [word for word in _WORD.findall(fold(text)) if word not in STOP_WORDS]
    return [stem for stem in _STEMMER.stemWords(words) if stem]


# Control characters (but tab and newline) have no place in text people type: they break exports
# and PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text: str) -> str:
    """The text without control characters (tab and newline kept)."""
    return _CONTROL.sub("", text)


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun as French writes it: « 1 ligne », « 2 lignes », « 0 ligne »."""
    return f"{count} {singular if abs(count) < 2 else (plural or singular + 's')}"
