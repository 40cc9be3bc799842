"""Reading one cell's text as a typed value, value by value, as Table Schema (and frictionless-py)
define it.

Used for the types the SQL casts leave to Python (checked once per distinct value), for casting
constraint values (`minimum`, `enum`…) and by the repairs. `read(field)` returns a function
giving the typed value, or INVALID.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from ouvert.engine.validation.pyregex import compile_full
from ouvert.engine.validation.schema import Field

INVALID: Any = object()
Reader = Callable[[Any], Any]


class YearMonth(NamedTuple):
    year: int
    month: int


class GeoPoint(NamedTuple):
    lon: Decimal
    lat: Decimal


class Duration(NamedTuple):
    sign: int
    years: Decimal
    months: Decimal
    weeks: Decimal
    days: Decimal
    hours: Decimal
    minutes: Decimal
    seconds: Decimal


def _int(text: str) -> Any:
    try:
        return int(text)
    except (ValueError, TypeError):
        return INVALID


def _bare(text: str) -> str:
    text = re.sub(r"^[^-\d]*", "", text)
    return re.sub(r"\D*$", "", text)


def integer_reader(field: Field) -> Reader:
    def read(cell: Any) -> Any:
        if isinstance(cell, bool):
            return INVALID
        if isinstance(cell, int):
            return cell
        if isinstance(cell, float):
            return int(cell) if cell.is_integer() else INVALID
        if not isinstance(cell, str):
            return INVALID
        text = cell.strip()
        if not field.bare_number:
            text = _bare(text)
        return _int(text)

    return read


def number_reader(field: Field) -> Reader:
    def read(cell: Any) -> Any:
        if isinstance(cell, bool):
            return INVALID
        if isinstance(cell, int):
            return cell
        if isinstance(cell, float):
            return Decimal(str(cell))
        if not isinstance(cell, str):
            return INVALID
        text = cell.strip()
        if field.number_processing:
            if not field.bare_number:
                text = _bare(text)
            text = text.replace(field.group_char, "")
            if field.decimal_char != "." and "." in text:
                return INVALID
            text = text.replace(field.decimal_char, ".")
        try:
            return Decimal(text)
        except (InvalidOperation, ValueError):
            return INVALID

    return read


def boolean_reader(field: Field) -> Reader:
    mapping = {v: True for v in field.true_values}
    mapping.update({v: False for v in field.false_values})

    def read(cell: Any) -> Any:
        if isinstance(cell, bool):
            return cell
        if isinstance(cell, str):
            return mapping.get(cell, INVALID)
        return INVALID

    return read


# --- strptime, as Python's _strptime accepts it -------------------------------------------

_STRPTIME_DIRECTIVES = {
    "d": r"(?P<d>3[01]|[12]\d|0[1-9]|[1-9]| [1-9])",
    "f": r"(?P<f>[0-9]{1,6})",
    "H": r"(?P<H>2[0-3]|[0-1]\d|\d)",
    "I": r"(?P<I>1[0-2]|0[1-9]|[1-9])",
    "j": r"(?P<j>36[0-6]|3[0-5]\d|[12]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9])",
    "m": r"(?P<m>1[0-2]|0[1-9]|[1-9])",
    "M": r"(?P<M>[0-5]\d|\d)",
    "S": r"(?P<S>6[0-1]|[0-5]\d|\d)",
    "y": r"(?P<y>\d\d)",
    "Y": r"(?P<Y>\d\d\d\d)",
    "z": r"(?P<z>[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z))?",
    "b": r"(?P<b>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    "B": (
        r"(?P<B>january|february|march|april|may|june|july|august|september|october"
        r"|november|december)"
    ),
    "p": r"(?P<p>am|pm)",
    "%": "%",
}


def strptime_supported(fmt: str) -> bool:
    """Whether a strptime format only uses directives the SQL casts translate."""
    return all(d in "dmYHMS%" for d in re.findall(r"%(.)", fmt))


def strptime_regex(fmt: str) -> str:
    """The regular expression Python's strptime matches for `fmt` (fully, case-insensitively)."""
    out: list[str] = []
    i = 0
    while i < len(fmt):
        char = fmt[i]
        if char == "%" and i + 1 < len(fmt):
            directive = fmt[i + 1]
            pattern = _STRPTIME_DIRECTIVES.get(directive)
            if pattern is None:
                raise ValueError(directive)
            out.append(pattern)
            i += 2
            continue
        out.append(r"\s+" if char.isspace() else re.escape(char))
        i += 1
    return "".join(out)


def parse_datetime(text: str, fmt: str) -> datetime | None:
    try:
        return datetime.strptime(text, fmt)
    except (ValueError, TypeError):
        return None


# --- ISO 8601 as dateutil's isoparse reads it (the part frictionless relies on) ------------

_ISO_TIME = re.compile(
    r"(?P<H>\d\d)(?::?(?P<M>\d\d)(?::?(?P<S>\d\d)(?:[.,](?P<f>\d+))?)?)?"
    r"(?P<tz>Z|z|[+-]\d\d(?::?\d\d)?)?",
    re.ASCII,
)
_ISO_DATE = re.compile(r"(?P<Y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)", re.ASCII)


def _iso_time(text: str) -> tuple[time, bool] | None:
    match = _ISO_TIME.fullmatch(text)
    if not match:
        return None
    hour = int(match["H"])
    minute = int(match["M"] or 0)
    second = int(match["S"] or 0)
    micro = int((match["f"] or "0")[:6].ljust(6, "0"))
    tz: timezone | None = None
    if match["tz"]:
        raw = match["tz"]
        if raw in ("Z", "z"):
            tz = UTC
        else:
            sign = -1 if raw[0] == "-" else 1
            digits = raw[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
            if hours > 23 or minutes > 59:
                return None
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    next_day = False
    if hour == 24:
        if minute or second or micro:
            return None
        hour, next_day = 0, True
    try:
        return time(hour, minute, second, micro, tzinfo=tz), next_day
    except ValueError:
        return None


def parse_isodatetime(text: str) -> datetime | None:
    if len(text) < 19 or text[16] != ":":
        return None
    match = _ISO_DATE.match(text)
    if not match or len(text) < 11:
        return None
    try:
        day = date(int(match["Y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    parsed = _iso_time(text[11:])
    if parsed is None:
        return None
    moment, next_day = parsed
    value = datetime.combine(day, moment)
    return value + timedelta(days=1) if next_day else value


def date_reader(field: Field) -> Reader:
    fmt = field.format

    def read(cell: Any) -> Any:
        if isinstance(cell, datetime):
            return cell.date() if cell.time() == time() else INVALID
        if isinstance(cell, date):
            return cell
        if not isinstance(cell, str):
            return INVALID
        if fmt == "any":
            value = parse_isodatetime(cell) if len(cell) > 10 else parse_datetime(cell, "%Y-%m-%d")
        else:
            value = parse_datetime(cell, "%Y-%m-%d" if fmt == "default" else fmt)
        return value.date() if value is not None else INVALID

    return read


def datetime_reader(field: Field) -> Reader:
    fmt = field.format

    def read(cell: Any) -> Any:
        if isinstance(cell, datetime):
            return cell
        if not isinstance(cell, str):
            return INVALID
        if fmt in ("default", "any"):
            return parse_isodatetime(cell) or INVALID
        return parse_datetime(cell, fmt) or INVALID

    return read


def time_reader(field: Field) -> Reader:
    fmt = field.format

    def read(cell: Any) -> Any:
        if isinstance(cell, time):
            return cell
        if not isinstance(cell, str):
            return INVALID
        if fmt in ("default", "any"):
            if len(cell) < 8 or cell[5] != ":":
                return INVALID
            parsed = _iso_time(cell)
            return parsed[0] if parsed is not None and not parsed[1] else INVALID
        value = parse_datetime(cell, fmt)
        return value.timetz() if value is not None else INVALID

    return read


def year_reader(field: Field) -> Reader:
    def read(cell: Any) -> Any:
        if isinstance(cell, bool):
            return INVALID
        if not isinstance(cell, int):
            if not isinstance(cell, str) or len(cell) != 4:
                return INVALID
            cell = _int(cell)
            if cell is INVALID:
                return INVALID
        return cell if 0 <= cell <= 9999 else INVALID

    return read


def yearmonth_reader(field: Field) -> Reader:
    def read(cell: Any) -> Any:
        if isinstance(cell, (list, tuple)):
            return YearMonth(int(cell[0]), int(cell[1])) if len(cell) == 2 else INVALID
        if not isinstance(cell, str):
            return INVALID
        parts = cell.split("-")
        if len(parts) != 2:
            return INVALID
        year, month = _int(parts[0]), _int(parts[1])
        if year is INVALID or month is INVALID or not 1 <= month <= 12:
            return INVALID
        return YearMonth(year, month)

    return read


_DURATION = re.compile(
    r"(?P<sign>[+-])?P(?!\b)"
    r"(?:(?P<years>\d+(?:[,.]\d+)?)Y)?(?:(?P<months>\d+(?:[,.]\d+)?)M)?"
    r"(?:(?P<weeks>\d+(?:[,.]\d+)?)W)?(?:(?P<days>\d+(?:[,.]\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:[,.]\d+)?)H)?(?:(?P<minutes>\d+(?:[,.]\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:[,.]\d+)?)S)?)?",
    re.ASCII,
)


def duration_reader(field: Field) -> Reader:
    def read(cell: Any) -> Any:
        if not isinstance(cell, str):
            return INVALID
        match = _DURATION.fullmatch(cell)
        if not match:
            return INVALID

        def part(name: str) -> Decimal:
            return Decimal((match[name] or "0").replace(",", "."))

        return Duration(
            -1 if match["sign"] == "-" else 1,
            *(part(n) for n in ("years", "months", "weeks", "days", "hours", "minutes", "seconds")),
        )

    return read


def _json(cell: Any) -> Any:
    try:
        return json.loads(cell)
    except (ValueError, TypeError):
        return INVALID


def object_reader(field: Field) -> Reader:
    def read(cell: Any) -> Any:
        value = cell if isinstance(cell, dict) else _json(cell) if isinstance(cell, str) else None
        return value if isinstance(value, dict) else INVALID

    return read


def array_reader(field: Field) -> Reader:
    def read(cell: Any) -> Any:
        if isinstance(cell, (list, tuple)):
            return list(cell)
        value = _json(cell) if isinstance(cell, str) else None
        return value if isinstance(value, list) else INVALID

    return read


def geopoint_reader(field: Field) -> Reader:
    fmt = field.format

    def read(cell: Any) -> Any:
        try:
            if isinstance(cell, str):
                if fmt == "array":
                    lon, lat = json.loads(cell)
                elif fmt == "object":
                    data = json.loads(cell)
                    if len(data) != 2:
                        return INVALID
                    lon, lat = data["lon"], data["lat"]
                else:
                    lon, lat = (part.strip() for part in cell.split(","))
                point = GeoPoint(Decimal(str(lon)), Decimal(str(lat)))
            else:
                point = GeoPoint(Decimal(str(cell[0])), Decimal(str(cell[1])))
        except (ValueError, TypeError, KeyError, InvalidOperation, IndexError):
            return INVALID
        if not (-180 <= point.lon <= 180 and -90 <= point.lat <= 90):
            return INVALID
        return point

    return read


_GEOJSON_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
    "Feature",
    "FeatureCollection",
}


def geojson_reader(field: Field) -> Reader:
    def read(cell: Any) -> Any:
        value = cell if isinstance(cell, dict) else _json(cell) if isinstance(cell, str) else None
        if not isinstance(value, dict):
            return INVALID
        if field.format == "topojson":
            return value if value.get("type") == "Topology" else INVALID
        return value if value.get("type") in _GEOJSON_TYPES else INVALID

    return read


_EMAIL = re.compile(
    r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*@"
    r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,}",
)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]*")
_UUID = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
)


def string_reader(field: Field) -> Reader:
    fmt = field.format

    def read(cell: Any) -> Any:
        if not isinstance(cell, str):
            return INVALID
        if fmt == "email" and not _EMAIL.fullmatch(cell):
            return INVALID
        if fmt == "uri" and not _URI.fullmatch(cell):
            return INVALID
        if fmt == "uuid" and not _UUID.fullmatch(cell):
            return INVALID
        if fmt == "binary":
            try:
                base64.b64decode(cell)
            except (binascii.Error, ValueError):
                return INVALID
        return cell

    return read


def list_reader(field: Field) -> Reader:
    item = read_value(Field(name=field.name, type=field.item_type))

    def read(cell: Any) -> Any:
        items = cell.split(field.delimiter) if isinstance(cell, str) else cell
        if not isinstance(items, (list, tuple)):
            return INVALID
        values = [item(i) for i in items]
        return INVALID if any(v is INVALID for v in values) else values

    return read


def any_reader(field: Field) -> Reader:
    return lambda cell: cell


READERS: dict[str, Callable[[Field], Reader]] = {
    "string": string_reader,
    "integer": integer_reader,
    "number": number_reader,
    "boolean": boolean_reader,
    "date": date_reader,
    "datetime": datetime_reader,
    "time": time_reader,
    "year": year_reader,
    "yearmonth": yearmonth_reader,
    "duration": duration_reader,
    "object": object_reader,
    "array": array_reader,
    "geopoint": geopoint_reader,
    "geojson": geojson_reader,
    "list": list_reader,
    "any": any_reader,
}


def read_value(field: Field) -> Reader:
    """A function reading one cell (text or JSON value) as the field's typed value, or INVALID."""
    return READERS.get(field.type, any_reader)(field)


def constraint_checks(field: Field) -> list[tuple[str, Callable[[Any], bool]]]:
    """(name, test) for each non-`required` constraint, a test passing on a typed value."""
    reader = read_value(field)
    checks: list[tuple[str, Callable[[Any], bool]]] = []
    for name in field.active_constraints:
        bound = field.constraints[name]
        if name in ("minLength", "maxLength"):
            checks.append((name, _length_check(name, int(bound))))
        elif name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            typed = reader(bound)
            checks.append((name, _bound_check(name, typed)))
        elif name == "pattern":
            regex = compile_full(str(bound))
            checks.append((name, _pattern_check(regex)))
        elif name == "enum":
            allowed = [reader(v) for v in bound] if isinstance(bound, list) else []
            checks.append((name, _enum_check(allowed)))
    return checks


def _length_check(name: str, limit: int) -> Callable[[Any], bool]:
    if name == "minLength":
        return lambda v: len(v) >= limit
    return lambda v: len(v) <= limit


def _pattern_check(regex: re.Pattern[str]) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and bool(regex.match(v))


def _enum_check(allowed: list[Any]) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        try:
            return value in allowed
        except TypeError:
            return False

    return check


def _bound_check(name: str, typed: Any) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if value != value:  # NaN never satisfies a bound
            return False
        try:
            if name == "minimum":
                return bool(value >= typed)
            if name == "maximum":
                return bool(value <= typed)
            if name == "exclusiveMinimum":
                return bool(value > typed)
            return bool(value < typed)
        except (TypeError, InvalidOperation):
            return False

    return check


def cell_notes(field: Field) -> Callable[[str], tuple[bool, list[str], Any]]:
    """For a non-missing cell: (type is valid, failed constraints other than required, value)."""
    reader = read_value(field)
    checks = constraint_checks(field)
    item_notes = (
        cell_notes(_item_field(field)) if field.type == "array" and field.array_item else None
    )

    def notes(cell: str) -> tuple[bool, list[str], Any]:
        value = reader(cell)
        if value is INVALID:
            return False, [], None
        if item_notes is not None:
            failed: list[str] = []
            for item in value:
                if item is None:
                    if _item_field(field).required:
                        failed.append("required")
                    continue
                ok, item_failed, _ = item_notes(item)
                if not ok:
                    return False, [], None
                failed += [f for f in item_failed if f not in failed]
            if failed:
                return True, failed, value
        return True, [name for name, test in checks if not test(value)], value

    return notes


def _item_field(field: Field) -> Field:
    from ouvert.engine.validation.schema import parse_field

    descriptor = dict(field.array_item or {})
    descriptor.pop("arrayItem", None)
    descriptor.setdefault("name", field.name)
    descriptor.setdefault("type", "any")
    return parse_field(descriptor)


def canonical(value: Any) -> str:
    """A text key equal for equal typed values (uniqueness, primary keys)."""
    if isinstance(value, Decimal):
        return "n:" + (str(value.normalize()) if value.is_finite() else str(value))
    if isinstance(value, bool):
        return f"b:{value}"
    if isinstance(value, int):
        return f"n:{Decimal(value).normalize()}"
    if isinstance(value, tuple):  # GeoPoint, YearMonth, Duration: equal when their parts are
        return f"{type(value).__name__}:(" + ",".join(canonical(v) for v in value) + ")"
    if isinstance(value, (dict, list)):
        return "j:" + json.dumps(value, sort_keys=True, default=str)
    return f"{type(value).__name__}:{value}"
