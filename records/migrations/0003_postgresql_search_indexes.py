"""PostgreSQL only: keep the search vectors filled, and index them and the text filters.

Each ``search_vector`` column is filled by a trigger from the row's own text on every insert
and update, so bulk inserts and raw updates keep it right too; a GIN index serves ``@@``
searches and ``ts_rank_cd`` reads the stored vector instead of parsing the text again. (The
built-in ``tsvector_update_trigger`` is not used: on an update that leaves the text alone it
keeps whatever vector the UPDATE wrote, and Django's ``save()`` writes NULL there.) Agenda item
titles get a trigram index for the ``agenda_item`` filter (``icontains``).

On any other database (SQLite in development) this migration does nothing: search falls
back to matching words there.
"""

from django.db import migrations

SEARCHED = {
    # table: columns whose words are searched, in order
    "records_paragraph": ["text"],
    "records_resolution": ["parties", "text"],
    "records_followupaction": ["description", "owners", "due_text"],
}

FORWARDS = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
BACKWARDS = []
for table, columns in SEARCHED.items():
    name = table.removeprefix("records_")
    vector = " || ".join(
        f"to_tsvector('pg_catalog.english', coalesce(NEW.{column}, ''))" for column in columns
    )
    FORWARDS += [
        f"CREATE FUNCTION {table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN NEW.search_vector := {vector}; RETURN NEW; END $$",
        f"CREATE TRIGGER {name}_search_vector_update BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()",
        # Fill the vector of the rows already there (the trigger does the work).
        f"UPDATE {table} SET search_vector = NULL",
        f"CREATE INDEX {name}_search_vector_idx ON {table} USING gin (search_vector)",
    ]
    BACKWARDS += [
        f"DROP INDEX IF EXISTS {name}_search_vector_idx",
        f"DROP TRIGGER IF EXISTS {name}_search_vector_update ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_search_vector()",
        f"UPDATE {table} SET search_vector = NULL",
    ]
FORWARDS.append(
    # Matches the SQL of Django's ``title__icontains`` on PostgreSQL: UPPER(title::text) LIKE.
    "CREATE INDEX agendaitem_title_trgm_idx ON records_agendaitem "
    "USING gin ((UPPER(title::text)) gin_trgm_ops)"
)
BACKWARDS.insert(0, "DROP INDEX IF EXISTS agendaitem_title_trgm_idx")


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0002_search_vectors"),
    ]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARDS), run_on_postgresql(BACKWARDS)),
    ]
