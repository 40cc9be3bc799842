"""The PostgreSQL search table loses its foreign key: Django's flush (tests, `ouvert flush`)
truncates the catalogue tables without CASCADE and must not be refused. Orphan search rows are
removed after every migrate/flush instead (catalog/apps.py)."""

from django.db import migrations


def drop_foreign_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE catalog_dataset_search "
            "DROP CONSTRAINT IF EXISTS catalog_dataset_search_dataset_id_fkey"
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_version_progress")]

    operations = [migrations.RunPython(drop_foreign_key, migrations.RunPython.noop)]
