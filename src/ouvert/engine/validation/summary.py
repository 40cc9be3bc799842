# ruff: noqa: E501 — the French advice reads better unbroken
"""The report for people: errors grouped by column, with counts, first examples and what to do."""

from __future__ import annotations

from dataclasses import dataclass, field

from ouvert.engine.validation.report import Report, ValidationError

EXAMPLES = 3

ADVICE = {
    "type-error": "Corrigez les valeurs pour qu’elles aient le format attendu : {expected}.",
    "constraint-error:required": "Remplissez cette colonne sur chaque ligne : elle est obligatoire.",
    "constraint-error:pattern": "Respectez le format attendu (motif « {rule} »).",
    "constraint-error:enum": "Utilisez seulement une des valeurs autorisées : {rule}.",
    "constraint-error:maxLength": "Raccourcissez les textes à {rule} caractères au plus.",
    "constraint-error:minLength": "Complétez les textes : {rule} caractères au moins.",
    "constraint-error:minimum": "Les valeurs doivent être supérieures ou égales à {rule}.",
    "constraint-error:maximum": "Les valeurs doivent être inférieures ou égales à {rule}.",
    "constraint-error:exclusiveMinimum": "Les valeurs doivent être strictement supérieures à {rule}.",
    "constraint-error:exclusiveMaximum": "Les valeurs doivent être strictement inférieures à {rule}.",
    "unique-error": "Chaque valeur de cette colonne doit être différente : supprimez les doublons.",
    "missing-label": "Ajoutez la colonne « {name} » à l’en-tête (même vide si elle est facultative).",
    "extra-label": "Supprimez cette colonne ou renommez-la selon le schéma.",
    "incorrect-label": "Renommez la colonne en « {name} » (le schéma fixe l’ordre et le nom des colonnes).",
    "duplicate-label": "Donnez un nom unique à chaque colonne.",
    "blank-label": "Donnez un nom à cette colonne : « {name} ».",
    "missing-cell": "Ajoutez les séparateurs manquants en fin de ligne pour que chaque ligne ait toutes les colonnes.",
    "extra-cell": "Supprimez les cellules en trop, souvent dues à un séparateur de trop dans le texte "
    "(mettez les textes contenant le séparateur entre guillemets).",
    "blank-row": "Supprimez les lignes vides.",
    "primary-key": "Chaque ligne doit avoir un identifiant rempli et unique.",
    "french-siret-value": "Indiquez un SIRET à 14 chiffres valide (vérifiable sur annuaire-entreprises.data.gouv.fr) ; "
    "un tableur peut l’avoir abîmé en nombre (2,12E+13) : formatez la colonne en texte.",
    "french-siren-value": "Indiquez un SIREN à 9 chiffres valide.",
    "one-of-required": "Remplissez au moins une des deux colonnes.",
}


@dataclass
class ColumnSummary:
    column: str  # field name, "" for errors not tied to a column (blank rows…)
    field_number: int | None
    count: int
    by_type: dict[str, int] = field(default_factory=dict)
    examples: list[ValidationError] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "column": self.column,
            "fieldNumber": self.field_number,
            "count": self.count,
            "byType": self.by_type,
            "examples": [e.to_dict() for e in self.examples],
            "advice": self.advice,
        }


def _key(error: ValidationError) -> str:
    if error.type == "constraint-error" and error.constraint:
        return f"constraint-error:{error.constraint}"
    return error.type


def _advice(error: ValidationError) -> str:
    key = _key(error)
    template = ADVICE.get(key) or ADVICE.get(error.type)
    if template is None:
        return error.description
    rule = ""
    if error.type == "constraint-error":
        rule = error.note.split(" : ", 1)[-1]
        if error.constraint != "enum":  # one value: the advice puts its own quotes, if any
            rule = rule.removeprefix("« ").removesuffix(" »")
    expected = error.note.split(" : ", 1)[-1] if error.type == "type-error" else ""
    return template.format(name=error.field_name or "", rule=rule, expected=expected)


def rows_text(rows: int) -> str:
    """« 1 ligne », « 12 lignes »."""
    return f"{rows} ligne" if rows <= 1 else f"{rows} lignes"


def summarise(report: Report) -> list[ColumnSummary]:
    """Errors grouped by column (header errors included), most frequent first.

    Counts cover every error of the report's listed ones; when errors were capped, the
    per-type totals are in `report.error_counts`.
    """
    groups: dict[str, ColumnSummary] = {}
    for error in report.errors:
        column = error.field_name or ""
        group = groups.setdefault(column, ColumnSummary(column, error.field_number, 0))
        group.count += 1
        label = (
            error.title
            if error.type != "constraint-error"
            else f"{error.title} ({error.constraint})"
        )
        group.by_type[label] = group.by_type.get(label, 0) + 1
        if len(group.examples) < EXAMPLES:
            group.examples.append(error)
        advice = _advice(error)
        if advice not in group.advice:
            group.advice.append(advice)
    return sorted(groups.values(), key=lambda g: (-g.count, g.field_number or 0))


def summary_text(report: Report) -> str:
    """A plain-text French summary (command line, e-mails)."""
    if report.valid:
        return f"Le fichier est conforme au schéma ({rows_text(report.rows)})."
    lines = [
        f"Le fichier n’est pas conforme : {report.error_count} erreur(s) "
        f"sur {rows_text(report.rows)}."
    ]
    for group in summarise(report):
        name = f"Colonne « {group.column} »" if group.column else "Lignes et en-tête"
        kinds = ", ".join(f"{label} : {n}" for label, n in group.by_type.items())
        lines.append(f"- {name} — {kinds}")
        for example in group.examples:
            lines.append(f"    · {example.message}")
        for advice in group.advice:
            lines.append(f"    → {advice}")
    return "\n".join(lines)
