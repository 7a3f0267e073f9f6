"""A trigram index for the name search of the aanvragen and trajecten overviews (PostgreSQL only).

Serves ``Deelnemer.objects.zoek_naam`` / ``naam_bevat`` as used by ``Aanvraag.objects.zoek`` and the
trajecten filter: ``icontains`` compiles on PostgreSQL to ``UPPER("voornamen"::text) LIKE UPPER('%woord%')``
(and the same for tussenvoegsel and achternaam), a pattern with a leading wildcard that no B-tree can
serve. A GIN index with ``gin_trgm_ops`` on exactly those ``UPPER(col::text)`` expressions can: the
three ORed conditions become a BitmapOr of three scans of this one index instead of a sequential scan
of every deelnemer (see docs/performance.md, "List pages (round 2)").

Hand-written and kept out of the models' Meta on purpose: the index is PostgreSQL-only (SQLite has
no pg_trgm), so on any other database this migration does nothing, and ``makemigrations --check``
stays clean. Words shorter than three characters have no trigram; PostgreSQL then falls back to a
plain scan by itself.
"""

from django.db import migrations

INDEX = "deelnemer_naam_trgm_idx"


def maak_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The expressions must match the lookup's SQL exactly (UPPER(col::text)), or the planner ignores the index.
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON trajecten_deelnemer USING gin ("
        "UPPER(voornamen::text) gin_trgm_ops, "
        "UPPER(tussenvoegsel::text) gin_trgm_ops, "
        "UPPER(achternaam::text) gin_trgm_ops) "
        # No pending list: new deelnemers go straight into the index. With fastupdate on, rows added
        # since the last (auto)vacuum wait in an unsorted list that every search reads in full; after
        # a bulk load that made the name search 75 ms instead of 35 ms. Deelnemers are added rarely.
        "WITH (fastupdate = off)"
    )


def verwijder_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: dropping it could break other objects that use it.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("trajecten", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(maak_index, verwijder_index, elidable=False),
    ]
