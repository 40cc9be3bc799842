"""What a scan reports: one Finding per column and kind, gathered in a Scan."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The kinds of personal data, as shown to publishers.
KIND_LABELS: dict[str, str] = {
    "email": "adresses e-mail",
    "telephone": "numéros de téléphone",
    "nir": "numéros de sécurité sociale (NIR)",
    "iban": "IBAN (coordonnées bancaires)",
    "carte_bancaire": "numéros de carte bancaire",
    "nom_personne": "noms de personnes",
    "date_naissance": "dates de naissance",
    "age": "âges de personnes",
    "adresse_personne": "adresses postales de particuliers",
    "plaque_immatriculation": "plaques d'immatriculation",
    "adresse_ip": "adresses IP",
    "coordonnees_personne": "coordonnées géographiques précises de personnes",
    "texte_libre": "texte libre contenant des données personnelles",
}

# Remedy names (keys of remedies.REMEDIES) and how they are offered.
REMEDY_LABELS: dict[str, str] = {
    "drop": "supprimer la colonne",
    "mask": "masquer les valeurs",
    "pseudonymise": "pseudonymiser (empreinte à clé)",
    "generalise": "généraliser (année, commune, maille d'environ 1 km)",
    "mask_cells": "masquer seulement les cellules signalées",
}


@dataclass
class Finding:
    """Personal data suspected in one column."""

    column: str
    kind: str
    confidence: float  # 0–1
    matches: int  # cells holding this kind of data (estimated on large tables)
    rows: int  # non-empty cells of the column
    examples: list[str]  # masked, at most 3
    explanation: str  # in French
    remedies: list[str]
    label: str = ""  # the column's header as written in the file
    contains: list[str] = field(default_factory=list)  # for texte_libre: the kinds found inside
    cells: list[int] = field(default_factory=list)  # row numbers (__id) of the cells at risk
    # A Python regular expression of what to mask inside those cells ("" = the whole cell): the
    # mobile in "04 67 99 11 03 / 06 69 58 35 62", not the establishment's number.
    pattern: str = ""
    # The at-risk cells' values, to locate them; never reported nor stored.
    values: list[str] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        del data["values"]
        data["confidence"] = round(self.confidence, 2)
        data["kind_label"] = KIND_LABELS.get(self.kind, self.kind)
        return data


@dataclass
class MetadataItem:
    """A property of the file itself (author, comment…) that may name a person."""

    field: str  # e.g. "creator", "lastModifiedBy", "comment"
    value: str  # masked
    explanation: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Scan:
    """The result of scanning one table (and, for office files, its metadata)."""

    findings: list[Finding] = field(default_factory=list)
    metadata: list[MetadataItem] = field(default_factory=list)
    rows: int = 0
    columns: int = 0
    seconds: float = 0.0

    @property
    def suspected(self) -> bool:
        return bool(self.findings or self.metadata)

    def columns_at_risk(self) -> list[str]:
        return sorted({finding.column for finding in self.findings})

    def to_dict(self) -> dict[str, object]:
        return {
            "suspected": self.suspected,
            "rows": self.rows,
            "columns": self.columns,
            "seconds": round(self.seconds, 3),
            "findings": [finding.to_dict() for finding in self.findings],
            "metadata": [item.to_dict() for item in self.metadata],
        }
