"""A version's files besides its original: its table's Parquet file moved into place, then its
row in one transaction; both that file and the guard's copy removed with their version."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction

from ouvert.catalog.models import ResourceVersion
from ouvert.publishing.models import Review, Table, tables_root


def table_path(version: ResourceVersion) -> str:
    """Relative path of a version's Parquet file: one file per version, never rewritten."""
    return f"{version.uid.hex[:2]}/{version.uid}.parquet"


def attach_table(
    version: ResourceVersion,
    parquet: Path,
    *,
    row_count: int,
    columns: list[dict[str, Any]],
    profile: dict[str, Any] | None = None,
    notes: list[str] | None = None,
    is_geographic: bool = False,
) -> Table:
    """Move a finished Parquet file into the tables folder and record it for the version.

    The file is renamed into place (atomic on one filesystem) before the row exists, so a
    reader never finds a row without its file.
    """
    relative = table_path(version)
    target = tables_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    # Moved beside its final name first (a copy if on another filesystem), then renamed.
    temporary = target.with_suffix(".part")
    shutil.move(str(parquet), temporary)
    os.replace(temporary, target)
    with transaction.atomic():
        table, _ = Table.objects.update_or_create(
            version=version,
            defaults={
                "path": relative,
                "row_count": row_count,
                "columns": columns,
                "profile": profile or {},
                "notes": notes or [],
                "is_geographic": is_geographic,
                "size": target.stat().st_size,
            },
        )
    return table


def forget_deleted_table(sender: Any, instance: Table, **kwargs: Any) -> None:
    """post_delete of a table (its version deleted): its Parquet file goes once committed."""
    path = tables_root() / instance.path if instance.path else None
    if path is not None:
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


def forget_deleted_review(sender: Any, instance: Review, **kwargs: Any) -> None:
    """post_delete of a review (its version deleted): the copy it served goes too."""
    name = instance.stripped_path
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))
