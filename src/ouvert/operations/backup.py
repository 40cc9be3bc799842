"""Backing up and restoring a platform: its database and every file the database refers to.

A backup is a folder: `database.sqlite3` (SQLite's online backup API) or `database.pgdump`
(`pg_dump --format=custom`), the files under `media/` (originals, stripped copies, logos) and
`tables/` (typed Parquet tables), and `manifest.json` with the size and SHA-256 of each.

Consistent while the platform runs: the database is snapshotted first, then the files that this
snapshot refers to are copied. They cannot change afterwards: originals are content-addressed,
tables and stripped copies are written once under a new name. On PostgreSQL the references are
read in the very transaction whose snapshot `pg_dump` uses (`pg_export_snapshot`).

A restore checks every file of the manifest before writing anything, and refuses to write over
a platform that has data unless forced.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from ouvert import __version__
from ouvert.catalog.models import ResourceVersion
from ouvert.publishing.models import Review, Table
from ouvert.territory.models import Organisation, Portal

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in French."""


@dataclass
class Report:
    """What a backup or restore did (for the command's output)."""

    files: int = 0
    size: int = 0
    missing: list[str] = field(default_factory=list)


# (model, column, folder): every database column naming a file of the data folder.
def _references() -> list[tuple[str, str, str]]:
    return [
        (ResourceVersion._meta.db_table, "storage_path", "media"),
        (Review._meta.db_table, "stripped_path", "media"),
        (Table._meta.db_table, "path", "tables"),
        (Organisation._meta.db_table, "logo", "media"),
        (Portal._meta.db_table, "logo", "media"),
        (Portal._meta.db_table, "favicon", "media"),
    ]


def _referenced_files(query: Callable[[str], Iterable[tuple[Any, ...]]]) -> list[str]:
    found: set[str] = set()
    for table, column, folder in _references():
        quoted = connection.ops.quote_name
        sql = f"SELECT DISTINCT {quoted(column)} FROM {quoted(table)}"  # noqa: S608 - our names
        for (value,) in query(sql):
            if value:
                found.add(f"{folder}/{value}")
    return sorted(found)


def _source(relative: str) -> Path:
    folder, _, name = relative.partition("/")
    root = Path(settings.MEDIA_ROOT) if folder == "media" else Path(settings.DATA_DIR) / folder
    return root / name


def _copy(source: Path, target: Path) -> tuple[int, str]:
    """Copies a file, hashing it on the way; returns its size and SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as read, target.open("wb") as write:
        while chunk := read.read(CHUNK):
            digest.update(chunk)
            write.write(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as read:
        while chunk := read.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor() -> str:
    return str(connection.vendor)


def _postgres_options() -> list[str]:
    """libpq options for pg_dump/pg_restore, from Django's settings (password by environment)."""
    db = settings.DATABASES["default"]
    given = (("--host", db.get("HOST")), ("--port", db.get("PORT")), ("--username", db.get("USER")))
    return [part for option, value in given if value for part in (option, str(value))]


def _postgres_env() -> dict[str, str]:
    env = dict(os.environ)
    if password := settings.DATABASES["default"].get("PASSWORD"):
        env["PGPASSWORD"] = str(password)
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"La commande {name} est introuvable : installez le client PostgreSQL de la même "
            "version majeure que le serveur, ou plus récent (paquet Debian postgresql-client)."
        )
    return path


def _run(argv: list[str]) -> None:
    done = subprocess.run(argv, env=_postgres_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise BackupError(f"{Path(argv[0]).name} a échoué : {done.stderr.strip()[-2000:]}")


def backup(folder: Path) -> Report:
    """Writes a backup of the platform into `folder`, which must be empty or new."""
    folder = folder.resolve()
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"Le dossier {folder} n'est pas vide : choisissez un dossier neuf.")
    folder.mkdir(parents=True, exist_ok=True)
    if _vendor() == "sqlite":
        database = SQLITE_FILE
        files = _snapshot_sqlite(folder / database)
    elif _vendor() == "postgresql":
        database = PG_FILE
        files = _snapshot_postgres(folder / database)
    else:
        raise BackupError(f"Base de données non prise en charge : {_vendor()}.")
    report = Report()
    entries = []
    for relative in files:
        source = _source(relative)
        if not source.is_file():
            report.missing.append(relative)
            continue
        size, digest = _copy(source, folder / relative)
        entries.append({"path": relative, "size": size, "sha256": digest})
        report.files += 1
        report.size += size
    manifest = {
        "format": FORMAT,
        "ouvert": __version__,
        "created_at": timezone.now().isoformat(),
        "database": {
            "engine": _vendor(),
            "path": database,
            "size": (folder / database).stat().st_size,
            "sha256": sha256_of(folder / database),
        },
        "files": entries,
        "missing": report.missing,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return report


def _snapshot_sqlite(target: Path) -> list[str]:
    """SQLite's online backup: a consistent copy even while others write (WAL)."""
    name = settings.DATABASES["default"]["NAME"]
    source = sqlite3.connect(f"file:{name}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        return _referenced_files(lambda sql: copy.execute(sql).fetchall())
    finally:
        copy.close()
        source.close()


def _snapshot_postgres(target: Path) -> list[str]:
    """pg_dump of a snapshot exported by this transaction, which then reads the references."""
    pg_dump = _tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                pg_dump,
                *_postgres_options(),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                str(settings.DATABASES["default"]["NAME"]),
            ]
        )

        def query(sql: str) -> list[tuple[Any, ...]]:
            cursor.execute(sql)
            return list(cursor.fetchall())

        return _referenced_files(query)


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError as error:
        raise BackupError(
            f"{folder} n'est pas une sauvegarde d'ouvert ({MANIFEST} absent)."
        ) from error
    except (ValueError, OSError) as error:
        raise BackupError(f"{path} est illisible : {error}.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format de sauvegarde inconnu ({manifest.get('format')!r}).")
    return dict(manifest)


def verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file of the manifest is there with its SHA-256; raises BackupError otherwise."""
    entries = [manifest["database"], *manifest["files"]]
    wrong = []
    for entry in entries:
        path = folder / entry["path"]
        if not _inside(folder, path) or not path.is_file():
            wrong.append(f"{entry['path']} (absent)")
        elif path.stat().st_size != entry["size"] or sha256_of(path) != entry["sha256"]:
            wrong.append(f"{entry['path']} (contenu modifié)")
    if wrong:
        shown = "\n  ".join(wrong[:20])
        more = f"\n  … et {len(wrong) - 20} autres" if len(wrong) > 20 else ""
        raise BackupError(
            f"La sauvegarde est abîmée : {len(wrong)} fichier"
            f"{'s ne correspondent' if len(wrong) > 1 else ' ne correspond'} pas au manifeste.\n"
            f"  {shown}{more}"
        )


def _inside(folder: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def has_data() -> list[str]:
    """What a restore would overwrite: a database with tables, files in media/ or tables/."""
    found = []
    if _vendor() == "sqlite":
        name = Path(settings.DATABASES["default"]["NAME"])
        if name.exists() and name.stat().st_size > 0:
            check = sqlite3.connect(name)
            try:
                tables = check.execute("SELECT count(*) FROM sqlite_master WHERE type='table'")
                if tables.fetchone()[0]:
                    found.append(f"la base {name}")
            finally:
                check.close()
    elif connection.introspection.table_names():
        found.append(f"la base {settings.DATABASES['default']['NAME']}")
    for folder in (Path(settings.MEDIA_ROOT), Path(settings.DATA_DIR) / "tables"):
        if folder.exists() and any(p.is_file() for p in folder.rglob("*")):
            found.append(f"le dossier {folder}")
    return found


def restore(folder: Path, *, force: bool = False) -> Report:
    """Restores a backup into this platform's database and data folder."""
    folder = folder.resolve()
    manifest = read_manifest(folder)
    engine = manifest["database"]["engine"]
    if engine != _vendor():
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            f"Cette sauvegarde vient d'une base {names.get(engine, engine)} ; la plateforme est "
            f"configurée sur {names.get(_vendor(), _vendor())} (OUVERT_DATABASE_URL)."
        )
    verify(folder, manifest)
    existing = has_data()
    if existing and not force:
        raise BackupError(
            "La plateforme a déjà des données (" + ", ".join(existing) + ") : restaurez dans un "
            "dossier et une base vides, ou ajoutez --force pour les remplacer."
        )
    database = folder / manifest["database"]["path"]
    if engine == "sqlite":
        _restore_sqlite(database)
    else:
        _restore_postgres(database)
    report = Report()
    for root in (Path(settings.MEDIA_ROOT), Path(settings.DATA_DIR) / "tables"):
        if force and root.exists():
            shutil.rmtree(root)
    for entry in manifest["files"]:
        target = _source(entry["path"])
        size, digest = _copy(folder / entry["path"], target)
        if digest != entry["sha256"]:
            raise BackupError(f"{entry['path']} a changé pendant la restauration.")
        report.files += 1
        report.size += size
    report.missing = list(manifest.get("missing", []))
    call_command("migrate", interactive=False, verbosity=0)
    return report


def _restore_sqlite(database: Path) -> None:
    connections.close_all()
    name = Path(settings.DATABASES["default"]["NAME"])
    name.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")):
        leftover.unlink(missing_ok=True)
    # Written beside, then renamed: a restore cut short leaves no half database.
    with tempfile.NamedTemporaryFile(dir=name.parent, suffix=".restore", delete=False) as spool:
        partial = Path(spool.name)
    source, copy = sqlite3.connect(database), sqlite3.connect(partial)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    os.replace(partial, name)


def _restore_postgres(database: Path) -> None:
    pg_restore = _tool("pg_restore")
    with connection.cursor() as cursor:
        # Forced (or empty): start from an empty public schema, as the dump expects.
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connections.close_all()
    _run(
        [
            pg_restore,
            *_postgres_options(),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(database),
        ]
    )
