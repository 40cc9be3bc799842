"""Accents are folded before stemming, for indexed text and searched words alike (issue 14 §5).

SQLite: `engine.text.stems` now folds first; PostgreSQL: `unaccent` now runs before the stemmer
for every kind of word PostgreSQL's parser sees (ASCII words, words with digits, hyphenated
parts), not only for words with non-ASCII letters. Every dataset's search entry is written again
after the migrate (catalog/apps.py), with the current models.
"""

from django.db import migrations

POSTGRES = """
    ALTER TEXT SEARCH CONFIGURATION ouvert_french
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
        WITH unaccent, french_stem;
    ALTER TEXT SEARCH CONFIGURATION ouvert_french
        ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;
"""


def fold_before_stemming(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0008_version_provenance")]

    operations = [migrations.RunPython(fold_before_stemming, migrations.RunPython.noop)]
