"""Reading settings (« Réglages de lecture »): every decision a reading takes about the layout of
a file, given by a person instead of detected, and recorded after each reading so that replaying
them reproduces the same table.

    ReadingSettings()                                  # everything detected
    ReadingSettings(separator=",", header_row=None)    # comma-separated, no header row
    ingested.settings                                  # what the reading decided, complete
    ReadingSettings.from_dict(ingested.settings.to_dict()) == ingested.settings

A field left at its default is detected. `header_row` has its own default, `DETECT`, because
`None` there is a decision: the file has no header row (its columns are named colonne_1…).
Rows are counted from 0 as a person sees them: physical lines of a text file (a header whose
quoted cells run over three lines starts on one line, the next record on the fourth), rows of a
sheet (Excel's row 1 is 0), records of a JSON or geographic file.
"""

from __future__ import annotations

import codecs
import enum
from dataclasses import dataclass, fields, replace
from typing import Any, Literal


class _Detect(enum.Enum):
    DETECT = "detect"


DETECT: Literal[_Detect.DETECT] = _Detect.DETECT
DECIMALS = (",", ".")


@dataclass(frozen=True)
class ReadingSettings:
    encoding: str | None = None  # a Python codec name: "utf-8", "utf-8-sig", "cp1252", "utf-16"
    separator: str | None = None  # one character: ";", ",", "\t", "|"…
    quote: str | None = None  # '"', "'", or "" for a file without quoting
    header_row: int | Literal[_Detect.DETECT] | None = DETECT  # None: no header row
    first_data_row: int | None = None
    decimal: str | None = None  # "," or "."
    crs: int | None = None  # EPSG code of the source coordinates and geometries
    sheet: str | int | None = None  # a sheet's name, or its index from 0

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        if self.encoding is not None:  # one name per codec: "UTF8", "utf_8" → "utf-8"
            object.__setattr__(self, "encoding", codecs.lookup(self.encoding).name)

    def given(self) -> frozenset[str]:
        """The names of the fields set (not left to detection)."""
        return frozenset(
            f.name
            for f in fields(self)
            if (getattr(self, f.name) is not DETECT if f.name == "header_row"
                else getattr(self, f.name) is not None)
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The fields set, for JSON storage (`header_row: null` is "no header row")."""
        return {name: getattr(self, name) for name in sorted(self.given())}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ReadingSettings:
        """Settings from `to_dict()`'s JSON; unknown keys are ignored (older or newer versions
        of the platform), a value of the wrong kind raises ValueError."""
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "header_row" in values and values["header_row"] == DETECT.value:
            del values["header_row"]
        return cls(**values)

    def over(self, detected: ReadingSettings) -> ReadingSettings:
        """These settings where given, `detected`'s elsewhere."""
        given = self.given()
        return replace(detected, **{name: getattr(self, name) for name in given})


def _problems(settings: ReadingSettings) -> list[str]:
    problems = []
    if settings.encoding is not None:
        try:
            codecs.lookup(settings.encoding)
        except (LookupError, TypeError):
            problems.append(f"encoding: unknown codec {settings.encoding!r}")
    if settings.separator is not None and (
        not isinstance(settings.separator, str)
        or len(settings.separator) != 1
        or settings.separator in "\r\n\"'"
    ):
        problems.append(f"separator: one character, not {settings.separator!r}")
    if settings.quote is not None and settings.quote not in ('"', "'", ""):
        problems.append(f"quote: '\"', \"'\" or '', not {settings.quote!r}")
    for name in ("header_row", "first_data_row"):
        value = getattr(settings, name)
        if value is DETECT or value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"{name}: a row number from 0, not {value!r}")
    if (
        isinstance(settings.header_row, int)
        and isinstance(settings.first_data_row, int)
        and settings.first_data_row <= settings.header_row
    ):
        problems.append("first_data_row: after header_row")
    if settings.decimal is not None and settings.decimal not in DECIMALS:
        problems.append(f"decimal: ',' or '.', not {settings.decimal!r}")
    if settings.crs is not None and (
        isinstance(settings.crs, bool) or not isinstance(settings.crs, int) or settings.crs <= 0
    ):
        problems.append(f"crs: an EPSG code, not {settings.crs!r}")
    if settings.sheet is not None and (
        isinstance(settings.sheet, bool)
        or not isinstance(settings.sheet, str | int)
        or (isinstance(settings.sheet, int) and settings.sheet < 0)
    ):
        problems.append(f"sheet: a name or an index from 0, not {settings.sheet!r}")
    return problems


@dataclass(frozen=True)
class Doubt:
    """Something in the table a reading produced that looks wrong. `code` is stable (tests and
    logic read it; a person never sees it); `message` says in French what looks wrong and which
    reading setting the person can change."""

    code: str
    message: str
