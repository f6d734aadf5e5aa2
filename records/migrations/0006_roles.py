"""The four roles as groups, with the permissions they had when this migration was written.

The codenames are frozen here, not read from ``records/roles.py``: a fresh ``migrate`` runs
this migration before any later one, when only the models of 0001–0005 exist, so it must not
ask for the permissions of a model added later. After every ``migrate``, ``post_migrate``
(``records.roles.create_roles``) makes the groups hold exactly what ``records/roles.py`` says
today.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Secretariat editor"
PUBLISHER = "Publisher"
AUDITOR = "Auditor"
DELEGATE = "Member-state delegate"

# What a meeting owns, edited on its forms; the shared tables an editor adds to.
RECORD_CONTENTS = [
    "meeting",
    "participant",
    "agendaitem",
    "paragraph",
    "resolution",
    "followupaction",
    "progressupdate",
]
NAMES = ["person", "organisation", "meetingseries"]
# Every model of the records app at 0005, for the auditor to view.
MODELS = [
    *RECORD_CONTENTS,
    *NAMES,
    "country",
    "correction",
    "recordsversion",
]

EDITOR_CODENAMES = [
    *(f"{verb}_{model}" for model in RECORD_CONTENTS for verb in ["add", "change", "delete"]),
    *(f"{verb}_{model}" for model in NAMES for verb in ["add", "change"]),
    *(f"view_{model}" for model in [*RECORD_CONTENTS, *NAMES]),
    "view_country",
    "view_correction",
    "submit_meeting",
]
ROLES = {
    EDITOR: EDITOR_CODENAMES,
    PUBLISHER: [*EDITOR_CODENAMES, "publish_meeting", "correct_meeting", "withdraw_meeting"],
    AUDITOR: [f"view_{model}" for model in MODELS],
    DELEGATE: ["view_restricted_meeting"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="records", codename__in=codenames
        )
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise LookupError(f"The role {name} needs permissions that do not exist: {missing}")
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("records", "0005_workflow"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
