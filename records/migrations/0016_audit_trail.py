"""The audit trail (records/models/audit.py), and its entries for the history kept before it.

The backfill reads every history table with the models of the code that ships this migration
(an entry shows names as people read them: ``__str__`` and choice labels, which migration
models lack); on a new database there is no history and it reads nothing. A database with
history from before this migration must take it with the release that shipped it (the models
then match its tables), before later migrations add columns.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import records.text


def backfill_from_history(apps, schema_editor):
    """Only where history was kept before the trail: the shipped models may have columns
    that later migrations add, which a database at this step does not have yet."""
    from records import audit

    history = [
        model
        for model in apps.get_app_config("records").get_models()
        if model._meta.model_name.startswith("historical")
    ]
    if any(model.objects.exists() for model in history):
        audit.backfill()


def forget_entries(apps, schema_editor):
    apps.get_model("records", "AuditEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0015_resolution_verbs_other"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField()),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("created", "Created"),
                            ("changed", "Changed"),
                            ("deleted", "Deleted"),
                            ("moved", "Workflow move"),
                            ("corrected", "Correction note"),
                            ("signed_in", "Signed in"),
                            ("sign_in_failed", "Sign-in failed"),
                            ("locked_out", "Locked out"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "who",
                    models.CharField(
                        blank=True, help_text="The person, as named then.", max_length=300
                    ),
                ),
                (
                    "part",
                    models.CharField(
                        blank=True, help_text="The model name of the part.", max_length=40
                    ),
                ),
                ("object_id", models.BigIntegerField(blank=True, null=True)),
                ("object_label", models.CharField(blank=True, max_length=500)),
                ("record_label", models.CharField(blank=True, max_length=500)),
                ("history_id", models.BigIntegerField(blank=True, null=True)),
                ("changes", models.JSONField(blank=True, default=list)),
                (
                    "note",
                    models.TextField(blank=True, help_text="The public correction note, if any."),
                ),
                (
                    "address",
                    models.CharField(blank=True, help_text="For sign-in events.", max_length=64),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="records.meeting",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="audit_entries",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit trail",
                "ordering": ["-at", "-pk"],
                "default_permissions": ("view",),
                "indexes": [
                    models.Index(fields=["-at", "-id"], name="auditentry_at"),
                    models.Index(fields=["user", "-at"], name="auditentry_user_at"),
                    models.Index(fields=["meeting", "-at"], name="auditentry_meeting_at"),
                    models.Index(fields=["part", "-at"], name="auditentry_part_at"),
                    models.Index(fields=["kind", "-at"], name="auditentry_kind_at"),
                    models.Index(fields=["part", "object_id"], name="auditentry_part_object"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "created",
                                    "changed",
                                    "deleted",
                                    "moved",
                                    "corrected",
                                    "signed_in",
                                    "sign_in_failed",
                                    "locked_out",
                                ],
                            )
                        ),
                        name="auditentry_kind_valid",
                        violation_error_message="Not a kind of audit entry.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("history_id__isnull", False)),
                        fields=("part", "history_id"),
                        name="auditentry_one_per_history_row",
                    ),
                ],
            },
            bases=(records.text.NoSearchMarks, models.Model),
        ),
        migrations.RunPython(backfill_from_history, forget_entries),
    ]
