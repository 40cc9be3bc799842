"""The personal-data guard (ouvert.engine.privacy) in the processing pipeline: every new version is
scanned before anyone else sees it; a version at risk is held back with a French explanation per
column, then remedied (a new version) or released by an organisation admin who writes why. Every
decision is kept in the audit log. Properties hidden in office files (authors, comments) are
stripped from the copy that is served."""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import shapely
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from ouvert.accounts import permissions
from ouvert.accounts.models import User
from ouvert.accounts.permissions import Action, AnyUser
from ouvert.catalog import services as catalog_services
from ouvert.catalog.models import ResourceVersion
from ouvert.catalog.storage import local_original, scratch_folder
from ouvert.engine.privacy import KIND_LABELS, REMEDY_LABELS, Scan, read_metadata, scan_parquet
from ouvert.engine.privacy import scan_file as scan_any_file
from ouvert.engine.privacy import strip_metadata as strip_file
from ouvert.engine.privacy.remedies import REMEDIES, RemedyError
from ouvert.engine.privacy.remedies import apply as apply_remedy
from ouvert.engine.sql import quote_identifier
from ouvert.engine.tabular.query.layout import DEFAULT_LAYOUT
from ouvert.publishing import reading, services
from ouvert.publishing.models import AuditEntry, Review
from ouvert.publishing.selectors import table_of
from ouvert.publishing.work import Held, Work

OFFICE_FORMATS = frozenset({"xlsx", "xlsm", "ods", "pdf", "docx", "odt", "pptx", "odp"})
MIN_JUSTIFICATION = 20
UNCHECKED = (
    "La recherche de données personnelles n'a pas pu aboutir (erreur inattendue, signalée à "
    "l'équipe de la plateforme) : la version n'est pas publiée. Un administrateur de "
    "l'organisation peut la publier en expliquant pourquoi ses données peuvent l'être."
)
logger = logging.getLogger(__name__)


def pseudonym_key() -> bytes:
    """The platform's key for pseudonyms: derived from its secret, never shown."""
    return hashlib.sha256(b"ouvert-pseudonymes:" + settings.SECRET_KEY.encode()).digest()


def _explain(findings: list[dict[str, Any]]) -> str:
    parts = []
    for finding in findings:
        label = finding.get("label") or finding["column"]
        kind = KIND_LABELS.get(finding["kind"], finding["kind"])
        examples = ", ".join(finding.get("examples") or [])
        count = int(finding["matches"])
        parts.append(
            f"colonne « {label} » : {kind} ({count} valeur{'s' if count > 1 else ''}"
            + (f", par exemple {examples}" if examples else "")
            + ")"
        )
    return (
        "Données personnelles suspectées, la version n'est pas publiée : "
        + " ; ".join(parts)
        + ". Corrigez-la (retirer, masquer, pseudonymiser ou généraliser la colonne) ou, si ces "
        "données peuvent être publiées, un administrateur de l'organisation peut la publier en "
        "expliquant pourquoi."
    )


def _strip(version: ResourceVersion, source: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Properties of an office file, and its copy without them: where it is stored, its
    SHA-256 and size (the checksum published is that of the bytes served)."""
    suffix = (version.format or "").lower()
    if suffix not in OFFICE_FORMATS:
        return [], {}
    with tempfile.TemporaryDirectory() as folder:
        named = Path(folder) / f"original.{suffix}"
        named.symlink_to(source)
        items = read_metadata(named)
        if not items:
            return [], {}
        cleaned = Path(folder) / f"sans-proprietes.{suffix}"
        strip_file(named, cleaned)
        target = f"stripped/{version.uid}/{version.filename or cleaned.name}"
        with cleaned.open("rb") as handle:
            sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
            handle.seek(0)
            stored = default_storage.save(target, File(handle))
        copy = {
            "stripped_path": stored,
            "stripped_sha256": sha256,
            "stripped_size": cleaned.stat().st_size,
        }
    return [item.to_dict() for item in items], copy


def scan_version(work: Work) -> None:
    """The pipeline step: scan the version's table (and its file's properties)."""
    version, progress = work.version, work.progress
    if not version.storage_path:
        return
    table = table_of(version)
    organisation = version.resource.dataset.organisation
    with local_original(version.storage_path, work.folder) as source:
        metadata, copy = _strip(version, source)
    findings: list[dict[str, Any]] = []
    unchecked = False
    if table is not None:
        labels = {c["name"]: c.get("label") or c["name"] for c in table.columns}
        try:
            scan = scan_parquet(
                table.absolute_path, labels=labels, schema_fields=_schema_fields(version)
            )
        except Exception:  # a guard that could not look must not let the version through
            logger.exception("personal-data scan of version %s failed", version.pk)
            unchecked = True
        else:
            findings = [f.to_dict() for f in scan.findings]
    progress(95)
    decision = Review.Decision.HELD if findings or unchecked else Review.Decision.CLEAN
    Review.objects.update_or_create(
        version=version,
        defaults={
            "decision": decision,
            "findings": findings,
            "metadata": metadata,
            "stripped_path": "",
            "stripped_sha256": "",
            "stripped_size": None,
            **copy,
        },
    )
    if metadata:
        AuditEntry.objects.create(
            kind=AuditEntry.Kind.METADATA_STRIPPED,
            organisation=organisation,
            version=version,
            summary=(
                f"{len(metadata)} propriété{'s' if len(metadata) > 1 else ''} "
                f"retirée{'s' if len(metadata) > 1 else ''} de « {version.filename} »"
            ),
            details={"metadata": metadata},
        )
    if findings:
        message = _explain(findings)
        AuditEntry.objects.create(
            kind=AuditEntry.Kind.HELD,
            organisation=organisation,
            version=version,
            summary=f"« {version.filename} » retenue : "
            + ", ".join(f.get("label") or f["column"] for f in findings)[:400],
            details={"findings": findings},
        )
        raise Held(message)
    if unchecked:
        AuditEntry.objects.create(
            kind=AuditEntry.Kind.HELD,
            organisation=organisation,
            version=version,
            summary=f"« {version.filename} » retenue : la recherche n'a pas pu aboutir",
        )
        raise Held(UNCHECKED)


def scan_file(path: Path, filename: str) -> Scan:
    """Scans a file outside any dataset (`POST /api/1/scan`): read exactly as a published version
    would be, with the platform's limits and codes; `IngestError` when it cannot be."""
    return scan_any_file(
        path,
        filename=filename,
        limits=reading.limits(),
        referential=reading.referential(),
        memory_limit=settings.OUVERT_INGEST_MEMORY,
        scratch=scratch_folder(),
    )


def _schema_fields(version: ResourceVersion) -> set[str] | None:
    schema = version.resource.schema or version.resource.dataset.schema
    descriptor = getattr(schema, "descriptor", None) if schema else None
    if not descriptor:
        return None
    return {f.get("name", "") for f in descriptor.get("fields", []) if isinstance(f, dict)}


def release(actor: AnyUser, version: ResourceVersion, justification: str) -> ResourceVersion:
    """An organisation admin publishes a held version, saying why it may be."""
    organisation = version.resource.dataset.organisation
    permissions.require(actor, Action.RELEASE_HELD_VERSION, organisation)
    if version.status != ResourceVersion.Status.HELD:
        raise ValidationError("Cette version n'est pas retenue.")
    text = " ".join((justification or "").split())
    if len(text) < MIN_JUSTIFICATION:
        raise ValidationError(
            "Expliquez pourquoi ces données peuvent être publiées (au moins "
            f"{MIN_JUSTIFICATION} caractères) : cette justification est gardée au journal."
        )
    with transaction.atomic():
        ResourceVersion.objects.filter(pk=version.pk).update(
            status=ResourceVersion.Status.READY, status_message=""
        )
        Review.objects.filter(version=version).update(decision=Review.Decision.RELEASED)
        AuditEntry.objects.create(
            kind=AuditEntry.Kind.RELEASED,
            actor=actor if isinstance(actor, User) else None,
            organisation=organisation,
            version=version,
            summary=f"« {version.filename} » publiée malgré l'alerte",
            justification=text,
        )
        version.refresh_from_db()
        catalog_services.activate_version(version)
    return version


def remedy(actor: AnyUser, version: ResourceVersion, column: str, name: str) -> ResourceVersion:
    """Applies a remedy to one column of a held version: the result is a new version, processed
    (and scanned) like any other."""
    organisation = version.resource.dataset.organisation
    permissions.require(actor, Action.EDIT_DATASET, organisation)
    table = table_of(version)
    review = Review.objects.filter(version=version).first()
    if table is None or review is None or version.status != ResourceVersion.Status.HELD:
        raise ValidationError("Cette version n'est pas retenue.")
    if name not in REMEDIES:
        raise ValidationError("Correction inconnue.")
    finding = next((f for f in review.findings if f["column"] == column), None)
    if finding is None:
        raise ValidationError("Cette colonne n'a pas été signalée.")
    if name not in finding.get("remedies", REMEDIES):
        raise ValidationError("Cette correction ne s'applique pas à cette colonne.")
    stem = (version.filename or "donnees").rsplit(".", 1)[0]
    with tempfile.TemporaryDirectory(dir=scratch_folder()) as folder:
        remedied = Path(folder) / "corrige.parquet"
        try:
            apply_remedy(
                table.absolute_path,
                remedied,
                column,
                name,
                key=pseudonym_key(),
                kind=finding["kind"],
                cells=finding.get("cells") or None,
                pattern=finding.get("pattern") or "",
            )
        except RemedyError as error:
            raise ValidationError(str(error)) from error
        labels = {c["name"]: c.get("label") or c["name"] for c in table.columns}
        if table.is_geographic and not (name == "drop" and column == DEFAULT_LAYOUT.geometry):
            output, filename = Path(folder) / "corrige.geojson", f"{stem}-corrige.geojson"
            _write_geojson(remedied, output, labels)
        else:
            output, filename = Path(folder) / "corrige.csv", f"{stem}-corrige.csv"
            _write_csv(remedied, output, labels)
        provenance = (
            f"Version {version.number} corrigée par la plateforme : "
            f"{REMEDY_LABELS[name]} « {finding.get('label') or column} »."
        )
        with output.open("rb") as handle:
            new = services.upload_version(
                actor, version.resource, handle, filename, provenance=provenance
            )
    with transaction.atomic():
        Review.objects.filter(pk=review.pk).update(decision=Review.Decision.REMEDIED)
        AuditEntry.objects.create(
            kind=AuditEntry.Kind.REMEDIED,
            actor=actor if isinstance(actor, User) else None,
            organisation=organisation,
            version=version,
            summary=f"« {finding.get('label') or column} » : {REMEDY_LABELS[name]} "
            f"(nouvelle version {new.number})",
            details={"column": column, "remedy": name, "new_version": str(new.uid)},
        )
    return new


def _data_columns(con: duckdb.DuckDBPyConnection, parquet: Path) -> list[str]:
    layout = DEFAULT_LAYOUT
    hidden = {layout.row_id, layout.geometry, *layout.bbox}
    names = [
        r[0]
        for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(parquet)]).fetchall()
    ]
    return [n for n in names if n not in hidden]


def _write_csv(parquet: Path, target: Path, labels: dict[str, str]) -> None:
    con = duckdb.connect()
    columns = _data_columns(con, parquet)
    selects = ", ".join(
        f"{quote_identifier(c)} AS {quote_identifier(labels.get(c, c))}" for c in columns
    )
    path = str(parquet).replace("'", "''")
    out = str(target).replace("'", "''")
    con.execute(
        f"COPY (SELECT {selects} FROM read_parquet('{path}') ORDER BY __id) "  # noqa: S608
        f"TO '{out}' (FORMAT csv, HEADER, DELIMITER ';')"
    )


def _write_geojson(parquet: Path, target: Path, labels: dict[str, str]) -> None:
    con = duckdb.connect()
    columns = _data_columns(con, parquet)
    selects = ", ".join(quote_identifier(c) for c in columns)
    cursor = con.execute(
        f"SELECT {selects}{', ' if selects else ''}geometry "  # noqa: S608 - quoted identifiers
        "FROM read_parquet(?) ORDER BY __id",
        [str(parquet)],
    )
    with target.open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [')
        first = True
        while batch := cursor.fetchmany(10_000):
            for row in batch:
                blob = row[-1]
                geometry = json.loads(shapely.to_geojson(shapely.from_wkb(blob))) if blob else None
                properties = {
                    labels.get(c, c): (
                        v if isinstance(v, int | float | str | bool) or v is None else str(v)
                    )
                    for c, v in zip(columns, row[:-1], strict=True)
                }
                feature = {"type": "Feature", "properties": properties, "geometry": geometry}
                out.write(("" if first else ",") + json.dumps(feature, ensure_ascii=False))
                first = False
        out.write("]}")
