"""The validation report, shaped like frictionless-py 5's; titles and messages in French."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# type -> (title, description, tags); the same type names as frictionless-py, plus Validata's.
ERROR_TYPES: dict[str, tuple[str, str, list[str]]] = {
    "source-error": (
        "Fichier illisible",
        "Le fichier n'a pas pu être lu comme un tableau CSV.",
        [],
    ),
    "encoding-error": (
        "Erreur d'encodage",
        "Les caractères du fichier ne sont pas lisibles dans l'encodage détecté.",
        [],
    ),
    "blank-header": (
        "En-tête vide",
        "La première ligne du fichier, qui doit nommer les colonnes, est vide.",
        ["#table", "#header"],
    ),
    "extra-label": (
        "Colonne en trop",
        "L'en-tête du fichier contient une colonne que le schéma ne prévoit pas.",
        ["#table", "#header", "#label"],
    ),
    "missing-label": (
        "Colonne manquante",
        "Le schéma prévoit une colonne absente de l'en-tête du fichier.",
        ["#table", "#header", "#label"],
    ),
    "blank-label": (
        "Nom de colonne vide",
        "Une colonne de l'en-tête n'a pas de nom.",
        ["#table", "#header", "#label"],
    ),
    "duplicate-label": (
        "Nom de colonne en double",
        "Deux colonnes de l'en-tête portent le même nom.",
        ["#table", "#header", "#label"],
    ),
    "incorrect-label": (
        "Nom de colonne incorrect",
        "Le nom d'une colonne de l'en-tête ne correspond pas au nom prévu par le schéma à "
        "cette position.",
        ["#table", "#header", "#label"],
    ),
    "blank-row": (
        "Ligne vide",
        "Cette ligne ne contient aucune valeur.",
        ["#table", "#row"],
    ),
    "primary-key": (
        "Erreur de clé primaire",
        "Les valeurs qui identifient la ligne (clé primaire) manquent ou sont déjà utilisées "
        "par une autre ligne.",
        ["#table", "#row"],
    ),
    "extra-cell": (
        "Cellule en trop",
        "Cette ligne a plus de cellules que l'en-tête n'a de colonnes.",
        ["#table", "#row", "#cell"],
    ),
    "missing-cell": (
        "Cellule manquante",
        "Cette ligne a moins de cellules que l'en-tête n'a de colonnes.",
        ["#table", "#row", "#cell"],
    ),
    "type-error": (
        "Erreur de type",
        "La valeur ne correspond pas au type et au format que le schéma prévoit pour cette "
        "colonne.",
        ["#table", "#row", "#cell"],
    ),
    "constraint-error": (
        "Erreur de contrainte",
        "La valeur ne respecte pas une règle que le schéma fixe pour cette colonne.",
        ["#table", "#row", "#cell"],
    ),
    "unique-error": (
        "Valeur en double",
        "Cette colonne doit contenir des valeurs toutes différentes.",
        ["#table", "#row", "#cell"],
    ),
    "french-siret-value": (
        "SIRET invalide",
        "La valeur n'est pas un numéro SIRET valide (14 chiffres et une clé de contrôle).",
        ["#table", "#row", "#cell"],
    ),
    "french-siren-value": (
        "SIREN invalide",
        "La valeur n'est pas un numéro SIREN valide (9 chiffres et une clé de contrôle).",
        ["#table", "#row", "#cell"],
    ),
    "sum-columns-value": (
        "Somme incorrecte",
        "La valeur n'est pas égale à la somme des colonnes indiquées par le schéma.",
        ["#table", "#row", "#cell"],
    ),
    "compare-columns-value": (
        "Comparaison de colonnes incorrecte",
        "La valeur ne respecte pas la comparaison avec une autre colonne fixée par le schéma.",
        ["#table", "#row", "#cell"],
    ),
    "cohesive-columns-value": (
        "Colonnes liées incomplètes",
        "Ces colonnes doivent être toutes remplies ou toutes vides.",
        ["#table", "#row", "#cell"],
    ),
    "year-interval-value": (
        "Intervalle d'années invalide",
        "La valeur doit être un intervalle d'années « AAAA/AAAA ».",
        ["#table", "#row", "#cell"],
    ),
    "nomenclature-actes-value": (
        "Matière ACTES inconnue",
        "La valeur doit commencer par une matière de la nomenclature ACTES suivie de « / ».",
        ["#table", "#row", "#cell"],
    ),
    "one-of-required": (
        "Une des deux colonnes est obligatoire",
        "Au moins une des deux colonnes doit être remplie.",
        ["#table", "#row", "#cell"],
    ),
    "opening-hours-value": (
        "Horaires d'ouverture invalides",
        "La valeur ne suit pas la syntaxe OpenStreetMap des horaires (« opening_hours »).",
        ["#table", "#row", "#cell"],
    ),
}

HEADER_TYPES = {
    "blank-header",
    "extra-label",
    "missing-label",
    "blank-label",
    "duplicate-label",
    "incorrect-label",
}
ROW_TYPES = {"blank-row", "primary-key"}


@dataclass
class ValidationError:
    type: str
    message: str
    note: str = ""
    row_number: int | None = None
    field_name: str | None = None
    field_number: int | None = None
    cell: str | None = None
    cells: list[str] | None = None
    label: str | None = None
    labels: list[str] | None = None
    constraint: str | None = None  # which constraint, for constraint-error

    @property
    def title(self) -> str:
        return ERROR_TYPES.get(self.type, (self.type, "", []))[0]

    @property
    def description(self) -> str:
        return ERROR_TYPES.get(self.type, ("", "", []))[1]

    @property
    def tags(self) -> list[str]:
        return list(ERROR_TYPES.get(self.type, ("", "", []))[2])

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "description": self.description,
            "message": self.message,
            "tags": self.tags,
            "note": self.note,
        }
        if self.type in HEADER_TYPES:
            data["labels"] = self.labels or []
            data["rowNumbers"] = [1]
            if self.type != "blank-header":
                data["label"] = self.label or ""
                data["fieldName"] = self.field_name or ""
                data["fieldNumber"] = self.field_number
            return data
        if self.row_number is not None:
            data["cells"] = self.cells or []
            data["rowNumber"] = self.row_number
        if self.field_number is not None:
            data["cell"] = self.cell if self.cell is not None else ""
            data["fieldName"] = self.field_name or ""
            data["fieldNumber"] = self.field_number
        if self.constraint:
            data["constraint"] = self.constraint
        return data


@dataclass
class Report:
    valid: bool
    errors: list[ValidationError]
    error_counts: dict[str, int]  # every error found, by type (errors keeps the first ones)
    seconds: float
    place: str
    name: str
    labels: list[str]
    fields: int
    rows: int
    encoding: str = "utf-8"
    delimiter: str = ","
    schema: str = ""
    warnings: list[str] = field(default_factory=list)
    bytes: int = 0

    @property
    def error_count(self) -> int:
        return sum(self.error_counts.values())

    @property
    def omitted(self) -> dict[str, int]:
        kept: dict[str, int] = {}
        for error in self.errors:
            kept[error.type] = kept.get(error.type, 0) + 1
        return {t: n - kept.get(t, 0) for t, n in self.error_counts.items() if n > kept.get(t, 0)}

    def flatten(
        self, keys: tuple[str, ...] = ("rowNumber", "fieldName", "type")
    ) -> list[list[Any]]:
        """Like frictionless-py's `report.flatten`: one list of the given keys per error."""
        return [[e.to_dict().get(k) for k in keys] for e in self.errors]

    def to_dict(self) -> dict[str, Any]:
        seconds = round(self.seconds, 3)
        errors = [e.to_dict() for e in self.errors]
        task = {
            "name": self.name,
            "type": "table",
            "valid": self.valid,
            "place": self.place,
            "labels": self.labels,
            "stats": {
                "errors": self.error_count,
                "warnings": len(self.warnings),
                "seconds": seconds,
                "bytes": self.bytes,
                "fields": self.fields,
                "rows": self.rows,
            },
            "warnings": self.warnings,
            "errors": errors,
            "errorCounts": dict(self.error_counts),
            "omittedErrors": self.omitted,
            "dialect": {"delimiter": self.delimiter, "encoding": self.encoding},
            "schema": self.schema,
        }
        return {
            "valid": self.valid,
            "stats": {
                "tasks": 1,
                "errors": self.error_count,
                "warnings": len(self.warnings),
                "seconds": seconds,
            },
            "warnings": list(self.warnings),
            "errors": [],
            "tasks": [task],
        }
