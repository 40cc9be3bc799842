"""A Table Schema v1 descriptor read into plain dataclasses, with frictionless-py's defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_MISSING_VALUES = ("",)
DEFAULT_TRUE_VALUES = ("true", "True", "TRUE", "1")
DEFAULT_FALSE_VALUES = ("false", "False", "FALSE", "0")
TYPES = {
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "list",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
}
# Constraints each type honours, in the order frictionless-py evaluates (and reports) them.
SUPPORTED_CONSTRAINTS = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "number": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "boolean": ("required", "enum"),
    "object": ("required", "minLength", "maxLength", "enum"),
    "array": ("required", "minLength", "maxLength", "enum"),
    "list": ("required", "minLength", "maxLength"),
    "date": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "time": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "datetime": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "year": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "yearmonth": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "duration": ("required", "enum"),
    "geopoint": ("required", "enum"),
    "geojson": ("required", "enum"),
    "any": ("required", "enum"),
}


class SchemaError(ValueError):
    """The descriptor cannot be used (message in French)."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"
    format: str = "default"
    title: str = ""
    description: str = ""
    constraints: dict[str, Any] = field(default_factory=dict)
    missing_values: tuple[str, ...] | None = None  # field-level, replaces the schema's
    true_values: tuple[str, ...] = DEFAULT_TRUE_VALUES
    false_values: tuple[str, ...] = DEFAULT_FALSE_VALUES
    decimal_char: str = "."
    group_char: str = ""
    bare_number: bool = True
    # frictionless-py only pre-processes numbers when one of these three is declared
    number_processing: bool = False
    array_item: dict[str, Any] | None = None
    item_type: str = "string"
    delimiter: str = ","
    example: Any = None
    descriptor: dict[str, Any] = field(default_factory=dict)

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def active_constraints(self) -> list[str]:
        """Declared constraints the type supports, in evaluation order (required included)."""
        supported = SUPPORTED_CONSTRAINTS.get(self.type, ())
        return [name for name in supported if self.constraints.get(name) is not None]

    @property
    def type_label(self) -> str:
        return f"{self.type}/{self.format}"


@dataclass(frozen=True)
class Schema:
    fields: tuple[Field, ...]
    missing_values: tuple[str, ...] = DEFAULT_MISSING_VALUES
    primary_key: tuple[str, ...] = ()
    unique_keys: tuple[tuple[str, ...], ...] = ()
    custom_checks: tuple[dict[str, Any], ...] = ()
    fields_match: str = "exact"
    descriptor: dict[str, Any] = field(default_factory=dict)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field | None:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        return None

    def missing_values_of(self, f: Field) -> tuple[str, ...]:
        return f.missing_values if f.missing_values is not None else self.missing_values

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name") or self.descriptor.get("title") or "")


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SchemaError(f"« {what} » doit être une liste de chaînes de caractères.")
    return tuple(value)


def _missing(value: Any, what: str) -> tuple[str, ...]:
    # Table Schema v2 also allows [{"value": …, "label": …}]
    if isinstance(value, list):
        value = [v.get("value") if isinstance(v, dict) else v for v in value]
    return _strings(value, what)


def parse_field(descriptor: dict[str, Any]) -> Field:
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("name"), str):
        raise SchemaError("Chaque champ doit être un objet avec un nom (« name »).")
    kind = descriptor.get("type") or "string"
    if kind not in TYPES:
        raise SchemaError(f"Le champ « {descriptor['name']} » a un type inconnu : « {kind} ».")
    fmt = descriptor.get("format") or "default"
    if isinstance(fmt, str) and fmt.startswith("fmt:"):
        fmt = fmt[4:]
    constraints = descriptor.get("constraints") or {}
    if not isinstance(constraints, dict):
        raise SchemaError(f"Les contraintes du champ « {descriptor['name']} » sont mal formées.")
    kwargs: dict[str, Any] = {}
    if "missingValues" in descriptor:
        kwargs["missing_values"] = _missing(descriptor["missingValues"], "missingValues")
    if "trueValues" in descriptor:
        kwargs["true_values"] = _strings(descriptor["trueValues"], "trueValues")
    if "falseValues" in descriptor:
        kwargs["false_values"] = _strings(descriptor["falseValues"], "falseValues")
    processing = any(k in descriptor for k in ("decimalChar", "groupChar", "bareNumber"))
    return Field(
        name=descriptor["name"],
        type=kind,
        format=str(fmt),
        title=str(descriptor.get("title") or ""),
        description=str(descriptor.get("description") or ""),
        constraints=dict(constraints),
        decimal_char=str(descriptor.get("decimalChar", ".")),
        group_char=str(descriptor.get("groupChar", "")),
        bare_number=bool(descriptor.get("bareNumber", True)),
        number_processing=processing,
        array_item=descriptor.get("arrayItem") if kind == "array" else None,
        item_type=str(descriptor.get("itemType", "string")),
        delimiter=str(descriptor.get("delimiter", ",")),
        example=descriptor.get("example"),
        descriptor=descriptor,
        **kwargs,
    )


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise SchemaError("« primaryKey » et « uniqueKeys » doivent nommer des champs.")


def parse_schema(descriptor: dict[str, Any]) -> Schema:
    """A Schema from a Table Schema descriptor (v1, with the v2 additions honoured)."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("fields"), list):
        raise SchemaError(
            "Ce schéma n'est pas un Table Schema : la liste des champs (« fields ») manque."
        )
    fields = tuple(parse_field(f) for f in descriptor["fields"])
    missing: tuple[str, ...] = DEFAULT_MISSING_VALUES
    if "missingValues" in descriptor:
        missing = _missing(descriptor["missingValues"], "missingValues")
    unique_keys = tuple(_names(k) for k in descriptor.get("uniqueKeys") or [])
    checks = descriptor.get("custom_checks") or []
    if not isinstance(checks, list):
        raise SchemaError("« custom_checks » doit être une liste.")
    return Schema(
        fields=fields,
        missing_values=missing,
        primary_key=_names(descriptor.get("primaryKey")),
        unique_keys=unique_keys,
        custom_checks=tuple(c for c in checks if isinstance(c, dict)),
        fields_match=str(descriptor.get("fieldsMatch") or "exact"),
        descriptor=descriptor,
    )
