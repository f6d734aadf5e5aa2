"""Lao, Khmer, Burmese and Chinese cut into words as Thai and Japanese are, and Chinese
characters one each in Japanese too (``records/search_words.py``): every searched row is read
again.

- ``search_text`` made again for every row whose text it changes (the rows with words of these
  scripts); on PostgreSQL the ``search_vector`` triggers of migration 0022 remake the vector
  of each row so updated.
- On SQLite the full-text tables of migration 0022 are made again and filled, their tokenizer
  now keeping the marks of letters (``M*``: Thai and Khmer vowels, Burmese medials) in the
  words, as PostgreSQL's parser does: FTS5's default cut ``ព្រះ`` into ``ព`` and ``រ``, and
  so found a part of a Khmer or Burmese unit, which the other database does not.
"""

import importlib

from django.db import migrations

from records.search_words import has_words_without_spaces, segmented

searching = importlib.import_module("records.migrations.0022_search_languages")

TOKENIZER = "unicode61 remove_diacritics 2 categories ''L* N* Co M*''"
TOKENIZER_0022 = "unicode61 remove_diacritics 2"


def remake_search_text(apps, schema_editor):
    """Each row's ``search_text`` as the model now makes it, written where it changes."""
    for _table, (columns, _language, model) in searching.SEARCHED.items():
        rows = apps.get_model("records", model).objects.using(schema_editor.connection.alias)
        for row in rows.only("pk", "search_text", *columns).iterator(chunk_size=2000):
            text = " ".join(getattr(row, column) or "" for column in columns)
            search_text = segmented(text) if has_words_without_spaces(text) else ""
            if search_text != row.search_text:
                rows.filter(pk=row.pk).update(search_text=search_text)


def remake_full_text_tables(tokenizer):
    def remake(apps, schema_editor):
        """The FTS5 tables (SQLite only) made again with ``tokenizer`` and filled as 0022
        filled them; 0022's triggers name them, so they keep them up to date as before."""
        if schema_editor.connection.vendor != "sqlite":
            return
        for table, (columns, language, _model) in searching.SEARCHED.items():
            index = f"{table}_words"
            words = f"records_search_words({searching._text(columns)}, ({language}))"
            schema_editor.execute(f"DROP TABLE IF EXISTS {index}")
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE {index} USING fts5(words, tokenize = '{tokenizer}')"
            )
            schema_editor.execute(
                f"INSERT INTO {index} (rowid, words) SELECT NEW.id, {words} FROM {table} AS NEW"
            )

    return remake


class Migration(migrations.Migration):
    dependencies = [
        ('records', '0024_notice_language'),
    ]

    operations = [
        migrations.RunPython(remake_search_text, migrations.RunPython.noop),
        migrations.RunPython(
            remake_full_text_tables(TOKENIZER), remake_full_text_tables(TOKENIZER_0022)
        ),
    ]
