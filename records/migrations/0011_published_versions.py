"""Published versions, frozen: the database refuses to change or delete one.

Records published before versions were kept get their first version from their text now.
"""

import django.db.models.deletion
from django.db import migrations, models

REFUSAL = "a published version cannot be changed or deleted"

POSTGRESQL = [
    (
        f"""
        CREATE FUNCTION records_publishedversion_frozen() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'restrict_violation';
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER records_publishedversion_frozen
            BEFORE UPDATE OR DELETE ON records_publishedversion
            FOR EACH ROW EXECUTE FUNCTION records_publishedversion_frozen();
        """,
        """
        DROP TRIGGER records_publishedversion_frozen ON records_publishedversion;
        DROP FUNCTION records_publishedversion_frozen();
        """,
    )
]

SQLITE = [
    (
        f"""
        CREATE TRIGGER records_publishedversion_no_update
        BEFORE UPDATE ON records_publishedversion
        BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END;
        """,
        "DROP TRIGGER records_publishedversion_no_update;",
    ),
    (
        f"""
        CREATE TRIGGER records_publishedversion_no_delete
        BEFORE DELETE ON records_publishedversion
        BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END;
        """,
        "DROP TRIGGER records_publishedversion_no_delete;",
    ),
]


def _statements(schema_editor):
    return POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE


def freeze(apps, schema_editor):
    for create, _drop in _statements(schema_editor):
        schema_editor.execute(create)


def unfreeze(apps, schema_editor):
    for _create, drop in _statements(schema_editor):
        schema_editor.execute(drop)


def first_versions(apps, schema_editor):
    """Each record already published gets version 1: its text as it stands now."""
    from records.akoma_ntoso import work_uri
    from records.versions import serialise, sha256

    Meeting = apps.get_model("records", "Meeting")
    Paragraph = apps.get_model("records", "Paragraph")
    PublishedVersion = apps.get_model("records", "PublishedVersion")
    for meeting in Meeting.objects.filter(status="published").select_related("series"):
        content = serialise(
            work=work_uri(meeting),
            title=meeting.title,
            note=meeting.note,
            paragraphs=Paragraph.objects.filter(meeting=meeting).values_list("number", "text"),
        )
        PublishedVersion.objects.create(
            meeting=meeting,
            number=1,
            made_at=meeting.published_at,
            content=content,
            sha256=sha256(content),
        )


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0010_cache_generation'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublishedVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('made_at', models.DateTimeField()),
                ('note', models.TextField(blank=True, help_text='The correction note; empty for the first publication.')),
                ('content', models.TextField(help_text='The canonical serialisation of what was published.')),
                ('sha256', models.CharField(max_length=64)),
                ('previous_sha256', models.CharField(blank=True, max_length=64)),
                ('signature', models.TextField(blank=True, help_text="The secretariat's Ed25519 signature of ``sha256``, base64; empty if unsigned.")),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='published_versions', to='records.meeting')),
            ],
            options={
                'ordering': ['meeting_id', 'number'],
                'constraints': [models.UniqueConstraint(fields=('meeting', 'number'), name='publishedversion_unique_number'), models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='publishedversion_number_positive')],
            },
        ),
        migrations.RunPython(first_versions, migrations.RunPython.noop),
        migrations.RunPython(freeze, unfreeze),
    ]
