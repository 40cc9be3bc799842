"""Load the official referential (INSEE COG via @etalab/decoupage-administratif) into Territory.

A load upserts every entry by (kind, code), never deletes: entries gone from the new vintage
are kept with `is_current=False`, and a commune that merged points at its successor through the
successor's `anciensCodes`. Organisations tied to an old commune therefore keep working.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from ouvert.territory.models import Organisation, Territory

SHIPPED = Path(__file__).parent / "data" / "referentiel"
FILES = ("regions", "departements", "epci", "communes")
BATCH = 2000
UPDATED_FIELDS = [
    "name",
    "siren",
    "epci_type",
    "postcodes",
    "population",
    "region",
    "departement",
    "epci",
    "parent",
    "former_codes",
    "is_current",
    "replaced_by",
    "vintage",
]


@dataclass
class LoadReport:
    """What a load did, for the command line and the tests."""

    counts: Counter[str] = field(default_factory=Counter)
    retired: int = 0
    replaced: int = 0
    orphaned_organisations: list[tuple[str, str]] = field(default_factory=list)


def read_source(source: Path, name: str) -> list[dict[str, Any]]:
    """Read `name.json` or `name.json.gz` from a folder."""
    plain = source / f"{name}.json"
    if plain.exists():
        return json.loads(plain.read_text(encoding="utf-8"))
    compressed = source / f"{name}.json.gz"
    if compressed.exists():
        with gzip.open(compressed, "rt", encoding="utf-8") as handle:
            return json.load(handle)
    raise FileNotFoundError(f"{name}.json introuvable dans {source}")


def _ids(kind: str) -> dict[str, int]:
    return dict(Territory.objects.filter(kind=kind).values_list("code", "id"))


def _upsert(rows: list[Territory]) -> None:
    Territory.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["kind", "code"],
        update_fields=UPDATED_FIELDS,
    )


def load_referential(source: Path = SHIPPED, vintage: str = "") -> LoadReport:
    """Upsert régions, départements, EPCI and communes from a folder of JSON files."""
    data = {name: read_source(source, name) for name in FILES}
    if not vintage and (source / "VINTAGE").exists():
        vintage = (source / "VINTAGE").read_text(encoding="utf-8").strip()
    report = LoadReport()
    with transaction.atomic():
        # Everything becomes "not current" first; what the new vintage lists becomes current again.
        Territory.objects.update(is_current=False)

        _upsert(
            [
                Territory(
                    kind=Territory.Kind.REGION, code=r["code"], name=r["nom"], vintage=vintage
                )
                for r in data["regions"]
            ]
        )
        regions = _ids(Territory.Kind.REGION)
        _upsert(
            [
                Territory(
                    kind=Territory.Kind.DEPARTEMENT,
                    code=d["code"],
                    name=d["nom"],
                    region_id=regions.get(d.get("region", "")),
                    vintage=vintage,
                )
                for d in data["departements"]
            ]
        )
        departements = _ids(Territory.Kind.DEPARTEMENT)
        region_of_departement = dict(
            Territory.objects.filter(kind=Territory.Kind.DEPARTEMENT).values_list("id", "region_id")
        )

        commune_departement = {
            c["code"]: c.get("departement", "")
            for c in data["communes"]
            if c["type"] == "commune-actuelle"
        }
        epci_rows = []
        epci_of_commune: dict[str, str] = {}
        for e in data["epci"]:
            member_codes = [m["code"] for m in e.get("membres", [])]
            for code in member_codes:
                epci_of_commune[code] = e["code"]
            # An EPCI may straddle départements: it is filed under the one most members are in.
            counted = Counter(commune_departement.get(code, "") for code in member_codes)
            main_departement = counted.most_common(1)[0][0] if counted else ""
            departement_id = departements.get(main_departement)
            epci_rows.append(
                Territory(
                    kind=Territory.Kind.EPCI,
                    code=e["code"],
                    name=e["nom"],
                    siren=e["code"],
                    epci_type=e.get("type", ""),
                    population=e.get("populationMunicipale"),
                    departement_id=departement_id,
                    region_id=(
                        region_of_departement.get(departement_id) if departement_id else None
                    ),
                    vintage=vintage,
                )
            )
        _upsert(epci_rows)
        epcis = _ids(Territory.Kind.EPCI)

        def commune_row(c: dict[str, Any], parent_id: int | None = None) -> Territory:
            return Territory(
                kind=c["type"].replace("commune-actuelle", Territory.Kind.COMMUNE),
                code=c["code"],
                name=c["nom"],
                siren=c.get("siren", ""),
                postcodes=c.get("codesPostaux", []),
                population=c.get("population"),
                departement_id=departements.get(c.get("departement", "")),
                region_id=regions.get(c.get("region", "")),
                epci_id=epcis.get(epci_of_commune.get(c["code"], "")),
                parent_id=parent_id,
                former_codes=c.get("anciensCodes", []),
                vintage=vintage,
            )

        actuelles = [c for c in data["communes"] if c["type"] == "commune-actuelle"]
        _upsert([commune_row(c) for c in actuelles])
        communes = _ids(Territory.Kind.COMMUNE)
        others = [c for c in data["communes"] if c["type"] != "commune-actuelle"]
        _upsert(
            [
                commune_row(c, communes.get(c.get("chefLieu") or c.get("commune") or ""))
                for c in others
            ]
        )

        for entries, kind in (
            (data["regions"], "region"),
            (data["departements"], "departement"),
            (data["epci"], "epci"),
        ):
            report.counts[kind] = len(entries)
        for c in data["communes"]:
            report.counts[c["type"]] += 1

        _link_successors(actuelles, communes, report)
        report.retired = Territory.objects.filter(is_current=False).count()
        report.orphaned_organisations = [
            (organisation.name, str(organisation.territory))
            for organisation in Organisation.objects.filter(
                territory__is_current=False
            ).select_related("territory")
        ]
    return report


def _link_successors(
    actuelles: list[dict[str, Any]], communes: dict[str, int], report: LoadReport
) -> None:
    """Point each retired commune at the commune that lists its code among its former codes."""
    successor_of: dict[str, int] = {}
    for c in actuelles:
        for old in c.get("anciensCodes", []):
            if old != c["code"]:
                successor_of[old] = communes[c["code"]]
    retired = Territory.objects.filter(
        kind=Territory.Kind.COMMUNE, is_current=False, code__in=list(successor_of)
    )
    changed = []
    for territory in retired:
        territory.replaced_by_id = successor_of[territory.code]
        changed.append(territory)
    Territory.objects.bulk_update(changed, ["replaced_by"], batch_size=BATCH)
    report.replaced = len(changed)
