"""The French sentences of the report: one message per error, notes naming the broken rule."""

from __future__ import annotations

from typing import Any

from ouvert.engine.validation.schema import Field

TYPE_NAMES = {
    "string": "du texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "un booléen",
    "date": "une date",
    "datetime": "une date et heure",
    "time": "une heure",
    "year": "une année",
    "yearmonth": "une année et un mois (AAAA-MM)",
    "duration": "une durée ISO 8601",
    "object": "un objet JSON",
    "array": "un tableau JSON",
    "list": "une liste",
    "geopoint": "un point géographique",
    "geojson": "un objet GeoJSON",
    "any": "une valeur",
}
FORMAT_NAMES = {
    "email": "une adresse électronique",
    "uri": "une adresse web (URI)",
    "uuid": "un identifiant UUID",
    "binary": "du contenu encodé en base64",
}


def _strftime_to_french(fmt: str) -> str:
    out = fmt
    for directive, text in (
        ("%Y", "AAAA"),
        ("%y", "AA"),
        ("%m", "MM"),
        ("%d", "JJ"),
        ("%H", "hh"),
        ("%M", "mm"),
        ("%S", "ss"),
    ):
        out = out.replace(directive, text)
    return out


def expected(field: Field) -> str:
    """What a cell of this field must look like, in French."""
    if field.type == "string" and field.format in FORMAT_NAMES:
        return FORMAT_NAMES[field.format]
    base = TYPE_NAMES.get(field.type, field.type)
    if field.type == "date" and field.format in ("default", "%Y-%m-%d"):
        return "une date au format AAAA-MM-JJ (par exemple 2024-03-31)"
    if field.type in ("date", "datetime", "time") and field.format not in ("default", "any"):
        return f"{base} au format {_strftime_to_french(field.format)}"
    if field.type == "datetime":
        return "une date et heure au format AAAA-MM-JJThh:mm:ss (par exemple 2024-03-31T14:05:00Z)"
    if field.type == "time":
        return "une heure au format hh:mm:ss"
    if field.type == "boolean":
        values = " / ".join(field.true_values[:1] + field.false_values[:1])
        return f"un booléen ({values})"
    if field.type == "number":
        sep = "une virgule" if field.decimal_char == "," else "un point"
        return f"un nombre (avec {sep} comme séparateur décimal)"
    if field.type == "year":
        return "une année sur quatre chiffres"
    return base


def type_note(field: Field) -> str:
    return f"le type attendu est « {field.type}/{field.format} » : {expected(field)}"


def constraint_note(kind: str, value: Any) -> str:
    if kind == "required":
        return "la valeur est obligatoire"
    if kind == "enum" and isinstance(value, list):
        return "valeurs autorisées : " + ", ".join(f"« {v} »" for v in value)
    names = {
        "minLength": "longueur minimale",
        "maxLength": "longueur maximale",
        "pattern": "motif",
        "minimum": "minimum",
        "maximum": "maximum",
        "exclusiveMinimum": "minimum (exclu)",
        "exclusiveMaximum": "maximum (exclu)",
    }
    return f"{names.get(kind, kind)} : « {value} »"


def _cell(cell: str) -> str:
    return f"« {cell} »" if cell != "" else "vide"


def cell_message(
    kind_type: str,
    kind: str,
    cell: str,
    row: int,
    field: Field | None,
    pos: int,
    note: str,
) -> str:
    name = field.name if field is not None else ""
    where = f"ligne {row}, colonne « {name} » (n° {pos})"
    if kind_type == "type-error" and field is not None:
        return f"{where} : la valeur {_cell(cell)} n’est pas {expected(field)}."
    if kind_type == "constraint-error":
        constraints = field.constraints if field is not None else {}
        value = constraints.get(kind)
        texts = {
            "required": "la cellule est vide alors que la valeur est obligatoire",
            "minLength": f"la valeur {_cell(cell)} fait moins de {value} caractères",
            "maxLength": f"la valeur {_cell(cell)} dépasse {value} caractères",
            "pattern": (
                f"la valeur {_cell(cell)} ne respecte pas le format attendu (motif « {value} »)"
            ),
            "minimum": f"la valeur {_cell(cell)} est inférieure au minimum autorisé ({value})",
            "maximum": f"la valeur {_cell(cell)} est supérieure au maximum autorisé ({value})",
            "exclusiveMinimum": (
                f"la valeur {_cell(cell)} doit être strictement supérieure à {value}"
            ),
            "exclusiveMaximum": (
                f"la valeur {_cell(cell)} doit être strictement inférieure à {value}"
            ),
            "enum": f"la valeur {_cell(cell)} ne fait pas partie des valeurs autorisées",
        }
        return f"{where} : {texts.get(kind, note)}."
    if kind_type == "unique-error":
        return f"{where} : la valeur {_cell(cell)} est en double ({note})."
    if kind_type == "missing-cell":
        return f"{where} : la ligne s’arrête avant cette colonne."
    if kind_type == "extra-cell":
        return (
            f"ligne {row}, colonne n° {pos} : la cellule {_cell(cell)} est en trop "
            "(l’en-tête n’a pas de colonne à cette position)."
        )
    return f"{where} : {note}."


def row_message(kind_type: str, row: int, detail: str) -> str:
    if kind_type == "blank-row":
        return f"ligne {row} : la ligne est vide."
    if detail == "null":
        return f"ligne {row} : la clé primaire est vide."
    return f"ligne {row} : la clé primaire a les mêmes valeurs qu’à la ligne {detail}."


def header_message(kind_type: str, label: str, field_name: str, number: int) -> str:
    if kind_type == "missing-label":
        return (
            f"La colonne « {field_name} » prévue par le schéma (n° {number}) "
            "est absente du fichier."
        )
    if kind_type == "extra-label":
        return f"La colonne « {label} » (n° {number}) n’est pas prévue par le schéma."
    if kind_type == "incorrect-label":
        return (
            f"La colonne n° {number} s’appelle « {label} » ; le schéma attend « {field_name} » "
            "à cette position."
        )
    if kind_type == "duplicate-label":
        return f"La colonne « {label} » (n° {number}) apparaît plusieurs fois dans l’en-tête."
    if kind_type == "blank-label":
        return f"La colonne n° {number} n’a pas de nom ; le schéma attend « {field_name} »."
    return "La première ligne du fichier, qui doit nommer les colonnes, est vide."
