"""Repairs offered for what French spreadsheets usually do to a schema's file.

`repair(path, schema, out)` rewrites the file (UTF-8, same delimiter) changing only cells that
are invalid for their field and become valid once repaired: decimal commas, spaces (also
no-break and thin) inside numbers, French dates (JJ/MM/AAAA) to ISO, oui/non-style booleans,
surrounding spaces, an allowed value written with another case or without accents; and header
labels that differ from the schema's names only by case, accents, spaces or underscores.
Each kind of repair comes with its count and before/after examples; what cannot be repaired
(a SIRET Excel turned into 2,12E+13) is listed with the reason.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ouvert.engine.validation.reading import prepare
from ouvert.engine.validation.registry import load_schema
from ouvert.engine.validation.schema import Field
from ouvert.engine.validation.suggest import label_key
from ouvert.engine.validation.values import cell_notes

EXAMPLES = 5
SPACES = "\u0020\u00a0\u202f\u2009\u2007"
FRENCH_DATE = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*")
SCIENTIFIC = re.compile(r"\s*\d+(?:[.,]\d+)?[eE]\+?\d+\s*")
TRUE_WORDS = {"oui", "o", "vrai", "true", "yes", "y", "1", "x"}
FALSE_WORDS = {"non", "n", "faux", "false", "no", "0"}

EXPLANATIONS = {
    "virgule-decimale": "Virgule décimale remplacée par un point (le schéma attend 1234.56).",
    "espaces-nombre": "Espaces (y compris insécables et fines) retirés des nombres.",
    "date-francaise": "Dates JJ/MM/AAAA réécrites au format ISO AAAA-MM-JJ.",
    "booleen": "Réponses oui/non, vrai/faux… réécrites avec les valeurs prévues par le schéma.",
    "espaces-autour": "Espaces en début ou en fin de cellule retirés.",
    "valeur-autorisee": "Valeur autorisée écrite avec une autre casse ou sans accents, corrigée.",
    "en-tete": "Nom de colonne corrigé (casse, accents, espaces ou tirets bas).",
}
UNREPAIRABLE = {
    "notation-scientifique": (
        "Identifiant abîmé par un tableur (notation scientifique, par exemple 2,12E+13) : les "
        "derniers chiffres sont perdus et ne peuvent pas être retrouvés. Reprenez la valeur dans "
        "la source, et formatez la colonne en « texte » avant d'enregistrer."
    ),
}


@dataclass
class RepairKind:
    kind: str
    column: str
    count: int = 0
    examples: list[tuple[int, str, str]] = field(default_factory=list)  # (row, before, after)

    @property
    def explanation(self) -> str:
        return EXPLANATIONS.get(self.kind, UNREPAIRABLE.get(self.kind, ""))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "column": self.column,
            "count": self.count,
            "explanation": self.explanation,
            "examples": [
                {"rowNumber": r, "before": before, "after": after}
                for r, before, after in self.examples
            ],
        }


@dataclass
class RepairResult:
    output: Path | None
    repairs: list[RepairKind]
    unrepairable: list[RepairKind]
    cells_changed: int
    header: dict[str, str]  # old label -> new label

    def to_dict(self) -> dict[str, Any]:
        return {
            "output": str(self.output) if self.output else None,
            "cellsChanged": self.cells_changed,
            "header": self.header,
            "repairs": [r.to_dict() for r in self.repairs],
            "unrepairable": [r.to_dict() for r in self.unrepairable],
        }


def _number(text: str, f: Field) -> tuple[str, str] | None:
    """(kind, repaired) for a French-written number, or None."""
    stripped = text.strip(SPACES + "\t")
    compact = re.sub(f"[{SPACES}]", "", stripped)
    kind = "espaces-nombre" if compact != stripped else ""
    if f.type == "number" and f.decimal_char == "." and re.fullmatch(r"[+-]?\d*,\d+", compact):
        return "virgule-decimale", compact.replace(",", ".")
    if (
        f.type == "number"
        and f.decimal_char == "."
        and re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+,\d+", compact)
    ):
        return "virgule-decimale", compact.replace(".", "").replace(",", ".")
    if kind:
        return kind, compact
    return None


def _candidates(f: Field) -> list[Callable[[str], tuple[str, str] | None]]:
    fixes: list[Callable[[str], tuple[str, str] | None]] = []
    if f.type in ("number", "integer"):
        fixes.append(lambda t: _number(t, f))
    if f.type == "date" and f.format in ("default", "%Y-%m-%d"):

        def french_date(text: str) -> tuple[str, str] | None:
            match = FRENCH_DATE.fullmatch(text)
            if not match:
                return None
            day, month, year = match.groups()
            return "date-francaise", f"{year}-{int(month):02d}-{int(day):02d}"

        fixes.append(french_date)
    if f.type == "boolean" and f.true_values and f.false_values:

        def boolean(text: str) -> tuple[str, str] | None:
            word = text.strip().lower()
            if word in TRUE_WORDS:
                return "booleen", f.true_values[0]
            if word in FALSE_WORDS:
                return "booleen", f.false_values[0]
            return None

        fixes.append(boolean)
    enum = f.constraints.get("enum")
    if isinstance(enum, list) and f.type in ("string", "any"):
        allowed = {label_key(str(v)): str(v) for v in enum}

        def enum_value(text: str) -> tuple[str, str] | None:
            value = allowed.get(label_key(text))
            return ("valeur-autorisee", value) if value is not None and value != text else None

        fixes.append(enum_value)
    fixes.append(lambda t: ("espaces-autour", t.strip()) if t.strip() != t else None)
    return fixes


def _looks_scientific(text: str, f: Field) -> bool:
    return bool(SCIENTIFIC.fullmatch(text)) and f.type in ("string", "integer")


def repair(path: str | Path, schema: Any, out: str | Path | None = None) -> RepairResult:
    """Repair what can be; write the repaired CSV to `out` (when given)."""
    parsed = load_schema(schema)
    source = prepare(path)
    try:
        return _repair(source.path, source.delimiter, parsed, Path(out) if out else None)
    finally:
        source.cleanup()


def _repair(path: Path, delimiter: str, schema: Any, out: Path | None) -> RepairResult:
    by_key = {label_key(f.name): f.name for f in schema.fields}
    repairs: dict[tuple[str, str], RepairKind] = {}
    unrepairable: dict[tuple[str, str], RepairKind] = {}
    changed = 0
    header_changes: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        labels = next(reader, [])
        new_labels = []
        names = set(schema.field_names)
        for label in labels:
            target = by_key.get(label_key(label))
            if label not in names and target is not None and target not in labels:
                header_changes[label] = target
                kind = repairs.setdefault(("en-tete", target), RepairKind("en-tete", target))
                kind.count += 1
                kind.examples.append((1, label, target))
                new_labels.append(target)
            else:
                new_labels.append(label)
        columns: list[tuple[Field | None, Any, list[Any], tuple[str, ...]]] = []
        for label in new_labels:
            f = schema.field(label)
            if f is None:
                columns.append((None, None, [], ()))
            else:
                columns.append((f, cell_notes(f), _candidates(f), schema.missing_values_of(f)))
        writer = None
        target_handle = None
        if out is not None:
            target_handle = out.open("w", encoding="utf-8", newline="")
            writer = csv.writer(target_handle, delimiter=delimiter, lineterminator="\r\n")
            writer.writerow(new_labels)
        try:
            for row_number, row in enumerate(reader, start=2):
                new_row = list(row)
                for index, cell in enumerate(row[: len(columns)]):
                    f, notes, fixes, missing = columns[index]
                    if f is None or cell in missing:
                        continue
                    ok, failed, _ = notes(cell)
                    if ok and not failed:
                        continue
                    for fix in fixes:
                        proposal = fix(cell)
                        if proposal is None:
                            continue
                        kind_name, value = proposal
                        ok2, failed2, _ = notes(value)
                        if ok2 and not failed2:
                            new_row[index] = value
                            changed += 1
                            kind = repairs.setdefault(
                                (kind_name, f.name), RepairKind(kind_name, f.name)
                            )
                            kind.count += 1
                            if len(kind.examples) < EXAMPLES:
                                kind.examples.append((row_number, cell, value))
                            break
                    else:
                        if _looks_scientific(cell, f):
                            key = ("notation-scientifique", f.name)
                            lost = unrepairable.setdefault(key, RepairKind(key[0], f.name))
                            lost.count += 1
                            if len(lost.examples) < EXAMPLES:
                                lost.examples.append((row_number, cell, ""))
                if writer is not None:
                    writer.writerow(new_row)
        finally:
            if target_handle is not None:
                target_handle.close()
    return RepairResult(
        output=out,
        repairs=sorted(repairs.values(), key=lambda k: (-k.count, k.column)),
        unrepairable=list(unrepairable.values()),
        cells_changed=changed,
        header=header_changes,
    )
