"""Search in every language (issue 17): accents and case ignored, words stemmed in the record's
language, Thai and Japanese cut into words (``records/search_words.py``), version paragraphs
searched too; on SQLite, FTS5 full-text indexes instead of matching parts of words.

PostgreSQL: the ``unaccent`` extension and three text search configurations,
``english_unaccent``, ``indonesian_unaccent`` and ``simple_unaccent`` (``unaccent`` before
the stemmer). Each ``search_vector`` trigger now reads the row's language (its meeting's, or
its language version's) and its ``search_text`` (the text with Thai and Japanese words apart)
when it has one; a change of a record's or version's language remakes its rows' vectors. The
version paragraphs get the trigger and GIN index the other searched tables have.

SQLite: one FTS5 table per searched table (``records_paragraph_words`` …), its rowid the row's
id, holding :func:`records.search_words.index_words` of the row's text, which triggers call
as ``records_search_words`` (registered on every connection by ``records/apps.py``).
"""

from django.db import migrations

import records.models.searchable
from records.search_words import has_words_without_spaces, segmented

# table: (its searched columns, SQL giving the row's language from NEW, its model)
SEARCHED = {
    "records_paragraph": (
        ["text"],
        "SELECT language FROM records_meeting WHERE id = NEW.meeting_id",
        "Paragraph",
    ),
    "records_resolution": (
        ["parties", "text"],
        "SELECT m.language FROM records_paragraph p JOIN records_meeting m ON m.id = p.meeting_id "
        "WHERE p.id = NEW.paragraph_id",
        "Resolution",
    ),
    "records_followupaction": (
        ["description", "owners", "due_text"],
        "SELECT language FROM records_meeting WHERE id = NEW.meeting_id",
        "FollowUpAction",
    ),
    "records_versionparagraph": (
        ["text"],
        "SELECT language FROM records_languageversion WHERE id = NEW.language_version_id",
        "VersionParagraph",
    ),
}
# The rows of each table whose language is a meeting's (%s: the meeting) or a version's.
OF_MEETING = {
    "records_paragraph": "meeting_id = {}",
    "records_resolution": "paragraph_id IN (SELECT id FROM records_paragraph WHERE meeting_id = {})",
    "records_followupaction": "meeting_id = {}",
}
OF_VERSION = {"records_versionparagraph": "language_version_id = {}"}


def _text(columns, row="NEW"):
    return " || ' ' || ".join(f"coalesce({row}.{column}, '')" for column in columns)


# PostgreSQL ------------------------------------------------------------------------------

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    *(
        statement
        for name, template, stemmer in [
            ("english_unaccent", "english", "english_stem"),
            ("indonesian_unaccent", "indonesian", "indonesian_stem"),
            ("simple_unaccent", "simple", "simple"),
        ]
        for statement in [
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{template})",
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
            f"WITH unaccent, {stemmer}",
        ]
    ),
    # The configuration of a BCP 47 language tag, as records.search_words.stemmed_as says.
    "CREATE FUNCTION records_search_configuration(language text) RETURNS regconfig "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT (CASE lower(split_part(coalesce(language, ''), '-', 1)) "
    "WHEN 'en' THEN 'english_unaccent' WHEN 'id' THEN 'indonesian_unaccent' "
    "WHEN 'ms' THEN 'indonesian_unaccent' ELSE 'simple_unaccent' END)::regconfig $$",
    # A query term (a to_tsquery text) read in every configuration: its distinct forms, any
    # of which may match ('smart' once, 'mobil' | 'mobility'). Immutable, as to_tsquery with
    # a configuration is: a query's terms are folded into one constant tsquery when it is
    # planned, so its index and parallel plans serve it (records/search.py).
    "CREATE FUNCTION records_search_forms(term text) RETURNS tsquery LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE AS $$ SELECT coalesce(string_agg(DISTINCT '(' || form::text || ')', ' | '), "
    "'')::tsquery FROM unnest(ARRAY[to_tsquery('english_unaccent', term), "
    "to_tsquery('indonesian_unaccent', term), to_tsquery('simple_unaccent', term)]) AS form "
    "WHERE numnode(form) > 0 $$",
]
POSTGRESQL_BACKWARDS = []
for table, (columns, language, _model) in SEARCHED.items():
    name = table.removeprefix("records_")
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
    POSTGRESQL += [
        # A raw UPDATE of the text leaves an old search_text behind: it is emptied, and the
        # vector made from the text as it is.
        f"CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'UPDATE' AND NEW.search_text = OLD.search_text AND ({changed}) THEN "
        "NEW.search_text := ''; END IF; "
        f"NEW.search_vector := to_tsvector(records_search_configuration(({language})), "
        f"CASE WHEN NEW.search_text <> '' THEN NEW.search_text ELSE {_text(columns)} END); "
        "RETURN NEW; END $$",
    ]
    if table == "records_versionparagraph":
        POSTGRESQL += [
            f"CREATE TRIGGER {name}_search_vector_update BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()",
            f"CREATE INDEX {name}_search_vector_idx ON {table} USING gin (search_vector)",
        ]
        POSTGRESQL_BACKWARDS += [
            f"DROP INDEX IF EXISTS {name}_search_vector_idx",
            f"DROP TRIGGER IF EXISTS {name}_search_vector_update ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_search_vector()",
        ]
    else:
        # As migration 0003 made it.
        old = " || ".join(
            f"to_tsvector('pg_catalog.english', coalesce(NEW.{column}, ''))" for column in columns
        )
        POSTGRESQL_BACKWARDS.append(
            f"CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN NEW.search_vector := {old}; RETURN NEW; END $$"
        )
    POSTGRESQL_BACKWARDS.append(f"UPDATE {table} SET search_vector = NULL")

for parent, rows in [("records_meeting", OF_MEETING), ("records_languageversion", OF_VERSION)]:
    refill = " ".join(
        f"UPDATE {table} SET search_vector = NULL WHERE {where.format('NEW.id')};"
        for table, where in rows.items()
    )
    POSTGRESQL += [
        f"CREATE FUNCTION {parent}_language_search() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {refill} RETURN NULL; END $$",
        f"CREATE TRIGGER {parent.removeprefix('records_')}_language_search AFTER UPDATE OF "
        f"language ON {parent} FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language) "
        f"EXECUTE FUNCTION {parent}_language_search()",
    ]
    POSTGRESQL_BACKWARDS += [
        f"DROP TRIGGER IF EXISTS {parent.removeprefix('records_')}_language_search ON {parent}",
        f"DROP FUNCTION IF EXISTS {parent}_language_search()",
    ]
POSTGRESQL_BACKWARDS += [
    "DROP FUNCTION IF EXISTS records_search_forms(text)",
    "DROP FUNCTION IF EXISTS records_search_configuration(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS english_unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS indonesian_unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent",
]
# Every vector made again, in the row's language (the triggers do the work).
POSTGRESQL_REFILL = [f"UPDATE {table} SET search_vector = NULL" for table in SEARCHED]


# SQLite ----------------------------------------------------------------------------------

SQLITE = []
SQLITE_BACKWARDS = []
for table, (columns, language, _model) in SEARCHED.items():
    index = f"{table}_words"
    words = f"records_search_words({_text(columns)}, ({language}))"
    SQLITE += [
        f"CREATE VIRTUAL TABLE {index} USING fts5(words, "
        "tokenize = 'unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {index} (rowid, words) VALUES (NEW.id, {words}); END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE ON {table} BEGIN "
        f"DELETE FROM {index} WHERE rowid = OLD.id; "
        f"INSERT INTO {index} (rowid, words) VALUES (NEW.id, {words}); END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN "
        f"DELETE FROM {index} WHERE rowid = OLD.id; END",
        f"INSERT INTO {index} (rowid, words) SELECT NEW.id, {words} FROM {table} AS NEW",
    ]
    SQLITE_BACKWARDS += [
        f"DROP TRIGGER IF EXISTS {index}_{event}" for event in ("insert", "update", "delete")
    ]
    SQLITE_BACKWARDS.append(f"DROP TABLE IF EXISTS {index}")

for parent, rows in [("records_meeting", OF_MEETING), ("records_languageversion", OF_VERSION)]:
    refill = " ".join(
        f"UPDATE {table} SET id = id WHERE {where.format('NEW.id')};"
        for table, where in rows.items()
    )
    SQLITE.append(
        f"CREATE TRIGGER {parent}_language_search AFTER UPDATE OF language ON {parent} "
        f"FOR EACH ROW WHEN OLD.language IS NOT NEW.language BEGIN {refill} END"
    )
    SQLITE_BACKWARDS.insert(0, f"DROP TRIGGER IF EXISTS {parent}_language_search")


def run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def _search_text_field():
    field = records.models.searchable.SearchTextField()
    field.set_attributes_from_name("search_text")
    return field


def add_search_text(apps, schema_editor):
    """On SQLite the column is added in place: remaking a table would make again the NULLS
    LAST indexes of migration 0020, which SQLite refuses."""
    for table, (_columns, _language, model) in SEARCHED.items():
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN search_text text NOT NULL DEFAULT ''"
            )
        else:
            schema_editor.add_field(apps.get_model("records", model), _search_text_field())


def remove_search_text(apps, schema_editor):
    for table, (_columns, _language, model) in SEARCHED.items():
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_text")
        else:
            schema_editor.remove_field(apps.get_model("records", model), _search_text_field())


def fill_search_text(apps, schema_editor):
    """Rows with Thai or Japanese words get their ``search_text`` (made in Python)."""
    for table, (columns, _language, model) in SEARCHED.items():
        rows = apps.get_model("records", model).objects.using(schema_editor.connection.alias)
        for row in rows.only("pk", *columns).iterator(chunk_size=2000):
            text = " ".join(getattr(row, column) or "" for column in columns)
            if has_words_without_spaces(text):
                rows.filter(pk=row.pk).update(search_text=segmented(text))


class Migration(migrations.Migration):
    dependencies = [
        ('records', '0021_language_versions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AddField(
                model_name='followupaction',
                name='search_text',
                field=records.models.searchable.SearchTextField(sources=['description', 'owners', 'due_text']),
            ),
            migrations.AddField(
                model_name='paragraph',
                name='search_text',
                field=records.models.searchable.SearchTextField(sources=['text']),
            ),
            migrations.AddField(
                model_name='resolution',
                name='search_text',
                field=records.models.searchable.SearchTextField(sources=['parties', 'text']),
            ),
            migrations.AddField(
                model_name='versionparagraph',
                name='search_text',
                field=records.models.searchable.SearchTextField(sources=['text']),
            ),
            ],
            database_operations=[migrations.RunPython(add_search_text, remove_search_text)],
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL + POSTGRESQL_REFILL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_BACKWARDS, "sqlite": SQLITE_BACKWARDS}),
        ),
    ]
