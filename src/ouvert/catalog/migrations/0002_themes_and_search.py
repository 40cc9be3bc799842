"""The 13 EU data themes, and the search table of the database in use."""

from django.db import migrations

from ouvert.catalog.vocabularies.themes import THEMES

SQLITE = [
    "CREATE VIRTUAL TABLE catalog_dataset_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS catalog_dataset_fts"]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'ouvert_french') THEN
            CREATE TEXT SEARCH CONFIGURATION ouvert_french (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION ouvert_french
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    "CREATE TABLE catalog_dataset_search ("
    " dataset_id bigint PRIMARY KEY REFERENCES catalog_dataset(id) ON DELETE CASCADE"
    " DEFERRABLE INITIALLY DEFERRED,"
    " vector tsvector NOT NULL)",
    "CREATE INDEX catalog_dataset_search_vector ON catalog_dataset_search USING gin(vector)",
]
POSTGRES_REVERSE = ["DROP TABLE IF EXISTS catalog_dataset_search"]


def create_search(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def drop_search(apps, schema_editor):
    statements = (
        POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    )
    for statement in statements:
        schema_editor.execute(statement)


def create_themes(apps, schema_editor):
    Theme = apps.get_model("catalog", "Theme")
    for code in THEMES:
        Theme.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(create_themes, migrations.RunPython.noop),
        migrations.RunPython(create_search, drop_search),
    ]
