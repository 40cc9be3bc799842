"""The reading verdict: after every reading, whether the table it produced is plausible.

Each check that fails gives a `Doubt` (a stable code, and a French message saying what looks
wrong and which reading setting to change). The engine only reports; the platform holds a
version whose reading is in doubt. A check about a setting the person gave is not made: they
decided it.

Codes: `separateur` (one or two columns while the lines hold another separator), `entete_repete`
(the header comes back among the rows), `entete_donnees` (the header is numbers or dates),
`lecture_incoherente` (the rows read differ from the file's records), `lecture_au_mieux` (lines
that break the CSV rules, read at best), `champs_en_trop` (many rows longer than the header),
`date_constante` (a date column collapsed to one placeholder date), `hors_zone` (geometries
outside the expected area), `geometries_illisibles` (geometries present but unreadable).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from ouvert.engine.ingest import rejoin
from ouvert.engine.ingest.detect import ColumnPlan
from ouvert.engine.ingest.dialect import DELIMITERS
from ouvert.engine.ingest.names import clean_label
from ouvert.engine.ingest.raw import Raw
from ouvert.engine.ingest.settings import DETECT, Doubt
from ouvert.engine.ingest.text import DELIMITER_NAMES
from ouvert.engine.tabular.query.layout import DEFAULT_LAYOUT
from ouvert.engine.text import counted

Box = tuple[float, float, float, float]  # west, south, east, north, in degrees (WGS84)

# France, metropolitan and overseas, with a margin for the coast and the sea around it.
FRANCE: tuple[Box, ...] = (
    (-6.0, 41.0, 10.5, 51.5),  # métropole and Corse
    (-62.0, 15.7, -60.8, 16.7),  # Guadeloupe
    (-61.4, 14.2, -60.6, 15.0),  # Martinique
    (-63.3, 17.7, -62.6, 18.3),  # Saint-Martin, Saint-Barthélemy
    (-54.9, 1.9, -51.3, 6.1),  # Guyane
    (54.9, -21.6, 56.0, -20.7),  # La Réunion
    (44.8, -13.2, 45.5, -12.5),  # Mayotte
    (-56.6, 46.6, -56.0, 47.3),  # Saint-Pierre-et-Miquelon
    (-178.4, -14.5, -176.0, -13.0),  # Wallis-et-Futuna
    (-155.0, -28.2, -134.2, -7.6),  # Polynésie française
    (163.4, -23.0, 168.4, -19.4),  # Nouvelle-Calédonie
)
PLACEHOLDER_DATES = frozenset(
    {"1970-01-01", "1900-01-01", "1899-12-30", "1899-12-31", "0001-01-01"}
)
COMPARED_RECORDS = 200
_NUMBERISH = re.compile(r"[+-]?\d[\d \u00a0.,]*(€|%)?|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")
_YEAR = re.compile(r"(19|20)\d\d")


@dataclass(frozen=True)
class Extra:
    """Rows longer than the header, kept in unnamed columns."""

    rows: int  # at least this many rows have extra fields
    note: str


@dataclass(frozen=True)
class Reading:
    kind: str
    raw: Raw
    plans: list[ColumnPlan]
    profile: dict[str, Any]
    rows: int
    sample: list[tuple[Any, ...]]  # the first rows as text, in the raw columns' order
    lenient: bool
    geometry: pa.Table | None
    expected_area: Sequence[Box] | None
    extra: Extra | None


def assess(reading: Reading) -> list[Doubt]:
    """The doubts about a reading, in the order a person should look at them."""
    doubts: list[Doubt] = []
    given = reading.raw.given
    if reading.kind == "csv" and "separator" not in given:
        doubts += _separator(reading)
    if "header_row" not in given:
        doubts += _header(reading)
    if reading.kind == "csv":
        doubts += _records(reading)
    # A few longer rows are kept and said in a note; many mean the layout is not the right one.
    if reading.extra is not None and reading.extra.rows * 20 > reading.rows:
        doubts.append(
            Doubt(
                "champs_en_trop",
                f"{counted(reading.extra.rows, 'ligne')} sur {reading.rows} "
                f"{'a' if reading.extra.rows == 1 else 'ont'} plus de champs que l'en-tête : "
                "le séparateur, la ligne d'en-tête ou les guillemets ne sont peut-être pas les "
                "bons. Vérifiez-les dans les réglages de lecture.",
            )
        )
    doubts += _dates(reading)
    doubts += _geometries(reading)
    return doubts


def extra_fields(
    raw: Raw, plans: list[ColumnPlan], summary: dict[str, Any], rows: int
) -> Extra | None:
    """The unnamed columns past the header that hold values (rows wider than the header)."""
    if raw.header_width is None:
        return None
    beyond = [p for p in plans if raw.names.index(p.name) >= raw.header_width and not p.label]
    filled = [(p, rows - int(summary.get(p.name, {}).get("nulls", rows))) for p in beyond]
    filled = [(p, count) for p, count in filled if count > 0]
    if not filled:
        return None
    longer = max(count for _, count in filled)
    names = ", ".join(f"« {p.name} »" for p, _ in filled)
    return Extra(
        rows=longer,
        note=(
            f"{'Au moins ' if len(filled) > 1 else ''}{counted(longer, 'ligne')} "
            f"{'a' if longer == 1 else 'ont'} plus de champs que l'en-tête : les champs en trop "
            f"sont gardés dans {'la colonne' if len(filled) == 1 else 'les colonnes'} {names}."
        ),
    )


def _separator(reading: Reading) -> list[Doubt]:
    dialect = reading.raw.dialect
    if dialect is None:
        return []
    used = [p for p in reading.plans if p.label or reading.profile.get(p.name, {}).get("nulls")]
    if len(used) > 2:
        return []
    lines = [r for r in dialect.records[dialect.data :] if not r.is_blank][:COMPARED_RECORDS]
    if len(lines) < 3:
        return []
    texts = [dialect.delimiter.join(r.fields) for r in lines]
    for other in DELIMITERS:
        if other == dialect.delimiter:
            continue
        counts = Counter(text.count(other) for text in texts)
        count, share = counts.most_common(1)[0]
        if count >= 2 and share >= 0.8 * len(texts):
            name = DELIMITER_NAMES.get(other, other)
            return [
                Doubt(
                    "separateur",
                    f"Le tableau n'a que {counted(len(used), 'colonne')}, alors que presque "
                    f"toutes ses lignes contiennent {count} « {other} » ({name}) : le "
                    f"séparateur est peut-être la {name}. Vous pouvez le choisir dans les "
                    "réglages de lecture.",
                )
            ]
    return []


def _header(reading: Reading) -> list[Doubt]:
    raw = reading.raw
    if raw.settings.header_row is None or reading.kind in ("geojson", "shapefile", "gpkg", "json"):
        return []
    labels = [clean_label(label) for label in raw.labels]
    filled = [label for label in labels if label]
    doubts = []
    if len(filled) >= 2:
        repeats = sum(
            1
            for row in reading.sample
            if [clean_label(v or "") for v in row[: len(labels)]] == labels
        )
        if repeats:
            doubts.append(
                Doubt(
                    "entete_repete",
                    f"La ligne d'en-tête revient telle quelle parmi les données "
                    f"({counted(repeats, 'fois', 'fois')}) : le fichier assemble peut-être "
                    "plusieurs tableaux, ou la ligne d'en-tête n'est pas la bonne. Vérifiez la "
                    "ligne d'en-tête et la première ligne de données dans les réglages de lecture.",
                )
            )
    data_like = [
        label for label in filled if _NUMBERISH.fullmatch(label) and not _YEAR.fullmatch(label)
    ]
    if filled and len(data_like) * 2 >= len(filled):
        doubts.append(
            Doubt(
                "entete_donnees",
                f"L'en-tête ressemble à une ligne de données (« {data_like[0]} ») : le fichier "
                "n'a peut-être pas de ligne d'en-tête, ou elle est plus bas. Indiquez-la dans "
                "les réglages de lecture.",
            )
        )
    return doubts


def _records(reading: Reading) -> list[Doubt]:
    """The first rows DuckDB read against the records Python's csv parser found in the
    sample: a different count or content means the file was not read as it is written."""
    raw, dialect = reading.raw, reading.raw.dialect
    doubts = []
    if reading.lenient:
        doubts.append(
            Doubt(
                "lecture_au_mieux",
                "Des lignes ne respectent pas les règles du CSV (guillemets mal placés, nombre "
                "de champs variable) et ont été lues au mieux : le tableau peut être décalé. "
                "Vérifiez le séparateur et les guillemets dans les réglages de lecture.",
            )
        )
    if dialect is None:
        return doubts
    filled = [r for r in dialect.records[dialect.data :] if not r.is_blank][:COMPARED_RECORDS]
    records: list[list[str | None]] = [list[str | None](r.fields) for r in filled]
    if raw.rejoined and raw.header_width is not None:
        width_, columns = raw.header_width, raw.rejoined
        records = [rejoin.rejoin(r, width_, columns) for r in records]
    width = len(raw.names)
    expected = [tuple(_cell(f) for f in (list(r) + [None] * width)[:width]) for r in records]
    found = [tuple(_cell(v) for v in row) for row in reading.sample[: len(expected)]]
    differing = sum(1 for a, b in zip(expected, found, strict=False) if a != b)
    differing += len(expected) - len(found)
    if differing:
        doubts.append(
            Doubt(
                "lecture_incoherente",
                "Les premières lignes lues ne correspondent pas aux enregistrements du "
                f"fichier ({counted(max(differing, 1), 'ligne')} sur {len(expected)} "
                "diffèrent) : des cellules sur plusieurs lignes ou des guillemets ont pu "
                "être mal compris. Vérifiez l'aperçu, le séparateur et les guillemets dans "
                "les réglages de lecture.",
            )
        )
    return doubts


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _dates(reading: Reading) -> list[Doubt]:
    doubts = []
    for plan in reading.plans:
        if plan.type not in ("date", "datetime"):
            continue
        entry = reading.profile.get(plan.name, {})
        low = str(entry.get("min") or "")[:10]
        present = reading.rows - int(entry.get("nulls") or 0)
        if present >= 2 and entry.get("distinct") == 1 and low in PLACEHOLDER_DATES:
            doubts.append(
                Doubt(
                    "date_constante",
                    f"Toutes les dates de la colonne « {plan.label} » valent {low} : une date "
                    "qui tient lieu de valeur manquante, ou des dates mal lues. Vérifiez le "
                    "fichier d'origine.",
                )
            )
    return doubts


def _geometries(reading: Reading) -> list[Doubt]:
    doubts = []
    raw, table = reading.raw, reading.geometry
    if raw.geometry_unread:
        doubts.append(
            Doubt(
                "geometries_illisibles",
                f"{counted(raw.geometry_unread, 'géométrie')} du fichier "
                + (
                    "n’a pas pu être lue : ses coordonnées ne sont peut-être pas des nombres."
                    if raw.geometry_unread == 1
                    else "n’ont pas pu être lues : leurs coordonnées ne sont peut-être pas des "
                    "nombres."
                )
                + " Corrigez le fichier d'origine.",
            )
        )
    if table is None or not reading.expected_area:
        return doubts
    layout = DEFAULT_LAYOUT
    x = (
        np.asarray(table.column(layout.bbox_xmin).to_numpy(zero_copy_only=False), dtype=float)
        + np.asarray(table.column(layout.bbox_xmax).to_numpy(zero_copy_only=False), dtype=float)
    ) / 2
    y = (
        np.asarray(table.column(layout.bbox_ymin).to_numpy(zero_copy_only=False), dtype=float)
        + np.asarray(table.column(layout.bbox_ymax).to_numpy(zero_copy_only=False), dtype=float)
    ) / 2
    present = ~(np.isnan(x) | np.isnan(y))
    if not present.any():
        return doubts
    inside = np.zeros(len(x), dtype=bool)
    for west, south, east, north in reading.expected_area:
        inside |= (x >= west) & (x <= east) & (y >= south) & (y <= north)
    outside = int((present & ~inside).sum())
    total = int(present.sum())
    if outside and outside * 20 >= total:
        swapped = np.zeros(len(x), dtype=bool)
        for west, south, east, north in reading.expected_area:
            swapped |= (y >= west) & (y <= east) & (x >= south) & (x <= north)
        hint = (
            " La latitude et la longitude semblent inversées."
            if int((present & ~inside & swapped).sum()) * 2 >= outside
            else " Le système de coordonnées n'est peut-être pas le bon : vous pouvez "
            "l'indiquer dans les réglages de lecture."
        )
        doubts.append(
            Doubt(
                "hors_zone",
                f"{counted(outside, 'objet')} sur {total} "
                f"{'est placé' if outside == 1 else 'sont placés'} hors de la zone attendue "
                f"(la France).{hint}",
            )
        )
    return doubts


__all__ = ["DETECT", "FRANCE", "Box", "Extra", "Reading", "assess", "extra_fields"]
