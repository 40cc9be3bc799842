"""What a file is, from its first bytes and, when they do not tell, its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ouvert.engine.ingest.errors import IngestError, NotATable

TEXT = "csv"
KINDS = ("csv", "xlsx", "xls", "ods", "json", "geojson", "shapefile", "gpkg")
_SPREADSHEET_NAMES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}


def sniff_kind(path: Path, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise IngestError("Le fichier est vide.")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(path, suffix)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head.startswith(b"%PDF"):
        raise NotATable(
            "Ce fichier est un PDF : il est publié tel quel, mais ses tableaux ne peuvent pas être "
            "lus. Publiez aussi les données au format CSV ou tableur pour qu'elles soient "
            "interrogeables."
        )
    if head.startswith((b"Rar!", b"7z\xbc\xaf")) or head[257:262] == b"ustar":
        raise IngestError(
            "Ce fichier est une archive compressée (rar, 7z ou tar) : seules les archives zip "
            "(Shapefile, ou un seul fichier CSV) et les fichiers gzip sont lus."
        )
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        if suffix == ".geojson" or b'"FeatureCollection"' in head or b'"Feature"' in head:
            return "geojson"
        return "json"
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16(head)):
        raise IngestError(
            "Ce fichier n'est ni un texte ni un tableur reconnu : il ne peut pas être lu comme un "
            "tableau. Formats lus : CSV, TSV, XLSX, XLS, ODS, JSON, GeoJSON, Shapefile zippé, "
            "GeoPackage."
        )
    return TEXT


def _utf16(head: bytes) -> bool:
    return head[1::2][:64].count(0) > 24 or head[0::2][:64].count(0) > 24


def _zip_kind(path: Path, suffix: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
            lowered = [n.lower() for n in names]
            if any(n.endswith(".shp") for n in lowered):
                return "shapefile"
            if any(n.endswith(".gpkg") for n in lowered):
                return "gpkg"
            if any(n.endswith((".geojson", ".json")) for n in lowered):
                return "geojson" if any(n.endswith(".geojson") for n in lowered) else "json"
            if any(n.endswith((".csv", ".tsv", ".txt")) for n in lowered):
                return "csv"
    except zipfile.BadZipFile as error:
        if suffix in _SPREADSHEET_NAMES:
            raise IngestError(
                "Le classeur est endommagé ou tronqué (son archive interne est illisible) : "
                "enregistrez-le de nouveau depuis le tableur et renvoyez-le."
            ) from error
        raise IngestError(
            "L'archive zip est endommagée ou tronquée : elle ne peut pas être ouverte."
        ) from error
    raise NotATable(
        "L'archive zip ne contient ni Shapefile, ni GeoPackage, ni GeoJSON, ni CSV : rien à lire."
    )
