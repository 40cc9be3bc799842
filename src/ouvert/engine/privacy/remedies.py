"""Remedies: each writes a new Parquet from the old one with DuckDB SQL, one column changed.

    apply(src, dst, column, "drop" | "mask" | "pseudonymise" | "generalise", key=b"…", kind=…)

- drop: the column is removed;
- mask: every character but the first and the separators becomes "*";
- mask_cells: only in the rows given (their `__id`), the other cells kept; with a pattern, only
  what it matches inside those cells ("04 67 99 11 03 / 06 ** ** ** **");
- pseudonymise: HMAC-SHA256 of the value with the platform's key, first 16 hex characters (the
  same person gets the same pseudonym across versions while the key is kept);
- generalise: a date becomes its year, a coordinate is rounded to 2 decimals (about 1 km), an
  address keeps only its postcode and commune (or becomes empty when it has none), an age its
  ten-year band, a geometry has its coordinates rounded to 2 decimals.

Geometries (DuckDB's GEOMETRY or WKB bytes) can only be generalised or dropped; a mask or a
pseudonym of a shape means nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import re
import zlib
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import shapely
from duckdb.func import FunctionNullHandling, PythonUDFType

from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.layout import DEFAULT_LAYOUT

ROW_ID = DEFAULT_LAYOUT.row_id
REMEDIES = ("drop", "mask", "pseudonymise", "generalise", "mask_cells")


class RemedyError(ValueError):
    """The remedy cannot be applied (message in French)."""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def apply(
    src: Path,
    dst: Path,
    column: str,
    remedy: str,
    *,
    key: bytes | None = None,
    kind: str | None = None,
    cells: list[int] | None = None,
    pattern: str = "",
    con: duckdb.DuckDBPyConnection | None = None,
) -> None:
    """Write `dst`: `src` with the remedy applied to `column` (only in `cells` for mask_cells)."""
    connection = con or duckdb.connect()
    try:
        source = f"read_parquet({_literal(str(src))})"
        described = connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608
        types = {str(row[0]): str(row[1]).upper() for row in described}
        if column not in types:
            raise RemedyError(f"La colonne « {column} » n'existe pas dans ce fichier.")
        if remedy not in REMEDIES:
            raise RemedyError(f"Remède inconnu : {remedy}.")
        quoted = quote_identifier(column)
        if remedy == "drop":
            select = f"* EXCLUDE ({quoted})"
        elif remedy == "mask_cells":
            if not cells or ROW_ID not in types:
                raise RemedyError("Aucune cellule à masquer n'a été repérée dans cette colonne.")
            connection.execute(
                "CREATE OR REPLACE TEMP TABLE ouvert_cells AS SELECT unnest(?::BIGINT[]) AS id",
                [cells],
            )
            masked = (
                _masked_inside(connection, quoted, pattern)
                if pattern
                else _expression(connection, quoted, types[column], "mask", key, kind)
            )
            listed = f"{quote_identifier(ROW_ID)} IN (SELECT id FROM ouvert_cells)"  # noqa: S608
            select = (
                f"* REPLACE (CASE WHEN {listed} THEN {masked} "
                f"ELSE CAST({quoted} AS VARCHAR) END AS {quoted})"
            )
        else:
            expression = _expression(connection, quoted, types[column], remedy, key, kind)
            select = f"* REPLACE ({expression} AS {quoted})"
        connection.execute(
            f"COPY (SELECT {select} FROM {source}) TO {_literal(str(dst))} (FORMAT parquet)"  # noqa: S608
        )
    finally:
        if con is None:
            connection.close()


def _expression(
    con: duckdb.DuckDBPyConnection,
    quoted: str,
    type_: str,
    remedy: str,
    key: bytes | None,
    kind: str | None,
) -> str:
    text = f"CAST({quoted} AS VARCHAR)"
    if type_ in ("BLOB", "WKB_BLOB") and quoted != quote_identifier("geometry"):
        raise RemedyError("Une colonne d'octets bruts ne peut être que supprimée.")
    if type_.startswith("GEOMETRY") or type_ in ("BLOB", "WKB_BLOB"):
        if remedy != "generalise":
            raise RemedyError(
                "Une géométrie ne peut être que généralisée (maille d'environ 1 km) ou supprimée."
            )
        name = "ouvert_rounded_geometry"
        with contextlib.suppress(duckdb.CatalogException):
            con.create_function(
                name,
                _rounded_wkb,
                ["BLOB"],
                "BLOB",
                type=PythonUDFType.ARROW,
                null_handling=FunctionNullHandling.SPECIAL,
            )
        rounded = f"{name}(CAST({quoted} AS BLOB))"
        return f"ST_GeomFromWKB({rounded})" if type_.startswith("GEOMETRY") else rounded
    if remedy == "mask":
        return (
            f"CASE WHEN {quoted} IS NULL THEN NULL ELSE "
            f"left({text}, 1) || regexp_replace(substr({text}, 2), '[0-9A-Za-zÀ-ÿ]', '*', 'g') END"
        )
    if remedy == "pseudonymise":
        if not key:
            raise RemedyError("La pseudonymisation demande une clé.")
        secret = bytes(key)

        def pseudonym(value: str | None) -> str | None:
            if value is None:
                return None
            digest = hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()
            return digest[:16]

        name = f"ouvert_pseudonym_{abs(hash(secret)) % 10**8}"
        # Already registered on this connection with the same key: keep it.
        with contextlib.suppress(duckdb.CatalogException):
            con.create_function(name, pseudonym, ["VARCHAR"], "VARCHAR", side_effects=False)
        return f"{name}({text})"
    # generalise
    if type_ in ("DATE",) or type_.startswith("TIMESTAMP"):
        return f"year({quoted})"
    if kind == "date_naissance":
        return f"regexp_extract({text}, '(19|20)[0-9][0-9]')"
    if kind == "age":
        low = f"(TRY_CAST({text} AS INTEGER) // 10 * 10)"
        return f"CAST({low} AS VARCHAR) || '-' || CAST({low} + 9 AS VARCHAR)"
    if kind == "coordonnees_personne" or type_ in ("DOUBLE", "FLOAT", "REAL"):
        number = f"TRY_CAST(replace({text}, ',', '.') AS DOUBLE)"
        return (
            f"round({number}, 2)"
            if type_ in ("DOUBLE", "FLOAT", "REAL")
            else f"CAST(round({number}, 2) AS VARCHAR)"
        )
    if kind == "adresse_personne":
        # Keep "29000 Quimper" (postcode and what follows), drop the street.
        return f"nullif(regexp_extract({text}, '[0-9]{{5}}\\s+[^,;]*$'), '')"
    raise RemedyError("Cette colonne ne peut pas être généralisée ; choisissez un autre remède.")


def _rounded_wkb(blobs: pa.Array) -> pa.Array:
    """WKB geometries with every coordinate rounded to 2 decimals (about 1 km in degrees)."""
    shapes = shapely.from_wkb(blobs.to_numpy(zero_copy_only=False), on_invalid="ignore")
    rounded = shapely.transform(shapes, lambda xy: np.round(xy, 2))
    return pa.array(shapely.to_wkb(rounded, output_dimension=2), type=pa.binary())


def _masked_inside(con: duckdb.DuckDBPyConnection, quoted: str, pattern: str) -> str:
    """SQL masking, inside a cell, every match of `pattern` (its first two characters kept)."""
    compiled = re.compile(pattern)

    def masked(value: str | None) -> str | None:
        if value is None:
            return None
        return compiled.sub(lambda match: _stars(match.group(0)), value)

    name = f"ouvert_mask_inside_{zlib.crc32(pattern.encode())}"
    with contextlib.suppress(duckdb.CatalogException):
        con.create_function(name, masked, ["VARCHAR"], "VARCHAR", side_effects=False)
    return f"{name}(CAST({quoted} AS VARCHAR))"


def _stars(text: str) -> str:
    """ "06 12 34 56 78" → "06 ** ** ** **": the kind stays readable, the person does not."""
    kept = 0
    out = []
    for char in text:
        if char.isalnum():
            out.append(char if kept < 2 else "*")
            kept += 1
        else:
            out.append(char)
    return "".join(out)
