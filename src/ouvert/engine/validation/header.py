"""Header checks and the fields each column is read with, as frictionless-py 5 pairs them.

`fieldsMatch` "exact" (the default) pairs labels and fields by position; the other modes
(`equal`, `subset`, `superset`, `partial`) pair them by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from ouvert.engine.validation.schema import Field, Schema

TOLERATES_EXTRA = ("subset", "partial")
TOLERATES_MISSING = ("superset", "partial")


@dataclass
class HeaderIssue:
    type: str
    field_name: str
    field_number: int
    label: str
    note: str = ""


def _dedupe(names: list[str]) -> list[str]:
    used: set[str] = set()
    out = []
    for name in names:
        candidate, suffix = name, 2
        while candidate in used:
            candidate = f"{name}{suffix}"
            suffix += 1
        used.add(candidate)
        out.append(candidate)
    return out


def match_header(labels: list[str], schema: Schema) -> tuple[list[Field], list[HeaderIssue]]:
    """The field each column (label position) is read with, and the header errors."""
    fields = list(schema.fields)
    mode = schema.fields_match
    by_name = mode != "exact"
    by_key: dict[str, Field] = {}
    for f in fields:
        by_key.setdefault(f.name, f)

    def matching(position: int, label: str) -> Field | None:
        if not by_name:
            return fields[position] if position < len(fields) else None
        return by_key.get(label)

    issues: list[HeaderIssue] = []
    if not labels:
        return fields, [HeaderIssue("blank-header", "", 0, "")]
    if mode not in TOLERATES_EXTRA:
        for number, label in enumerate(labels, start=1):
            if matching(number - 1, label) is None:
                issues.append(HeaderIssue("extra-label", "", number, label))
    if by_name:
        present = set(labels)
        missing = [f for f in fields if f.name not in present]
    else:
        missing = fields[len(labels) :]
    if mode in TOLERATES_MISSING:
        missing = [f for f in missing if f.required or f.name in schema.primary_key]
    for offset, f in enumerate(missing):
        issues.append(HeaderIssue("missing-label", f.name, len(labels) + 1 + offset, ""))
    if not by_name:
        for number, (f, label) in enumerate(zip(fields, labels, strict=False), start=1):
            if not label:
                issues.append(HeaderIssue("blank-label", f.name, number, ""))
                continue
            earlier = [
                str(i) for i, seen in enumerate(labels[: number - 1], start=1) if seen == label
            ]
            if earlier:
                note = ", ".join(earlier)
                issues.append(HeaderIssue("duplicate-label", f.name, number, label, note))
                continue
            if label != f.name:
                issues.append(HeaderIssue("incorrect-label", f.name, number, label))
    matched = [matching(position, label) for position, label in enumerate(labels)]
    names = _dedupe(
        [m.name if m is not None else label for m, label in zip(matched, labels, strict=True)]
    )
    expected = [
        m if m is not None else Field(name=name, type="any")
        for m, name in zip(matched, names, strict=True)
    ]
    return expected, issues
