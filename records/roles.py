"""The roles, as Django groups with their permissions: one definition, applied idempotently.

``create_roles()`` runs after every ``migrate`` or ``flush`` (``post_migrate``, see
``RecordsConfig.ready``), so the groups exist, with exactly these permissions, in every
database, including a test database just flushed. The ``0006_roles`` migration created them
with the permissions of its day, frozen in it: change the roles here, never there.
"""

from django.apps import apps as global_apps

EDITOR = "Secretariat editor"
PUBLISHER = "Publisher"
AUDITOR = "Auditor"
DELEGATE = "Member-state delegate"

# What a meeting owns, edited on its forms.
RECORD_CONTENTS = [
    "meeting",
    "participant",
    "agendaitem",
    "paragraph",
    "resolution",
    "followupaction",
    "progressupdate",
    "languageversion",
    "versionparagraph",
]
# Shared tables an editor adds to while entering a record.
NAMES = ["person", "organisation", "meetingseries"]
# Member-state delegates' accounts, invited and deactivated (never deleted) in the admin.
DELEGATE_MANAGEMENT = ["add_delegate", "change_delegate", "view_delegate"]
# Whom reminders of follow-up actions go to (docs/notifications.md), kept by editors.
CONTACTS = ["focalpoint", "secretariatdesk", "suppressedaddress"]


# What each role may do, as a refused page tells its people.
ROLE_MAY = {
    EDITOR: "enter records and change them while they are drafts or in review, submit them "
    "for review, and keep names and contacts up to date",
    PUBLISHER: "do what editors do, publish, correct and withdraw records, and read the "
    "audit trail",
    AUDITOR: "read every record, its history and the audit trail, and export them; change nothing",
    DELEGATE: "read restricted records on the public site",
}


def what_roles_may_do(user) -> list[tuple[str, str]]:
    """``[(role, what it may do)]`` for each role of ``user``, in the order above."""
    names = set(user.groups.values_list("name", flat=True))
    return [(role, may) for role, may in ROLE_MAY.items() if role in names]


def _editor_codenames() -> list[str]:
    codenames = [
        f"{verb}_{model}"
        for model in RECORD_CONTENTS
        for verb in ("add", "change", "delete", "view")
    ]
    codenames += [f"{verb}_{model}" for model in NAMES for verb in ("add", "change", "view")]
    codenames += [
        f"{verb}_{model}" for model in CONTACTS for verb in ("add", "change", "delete", "view")
    ]
    # Editors add the states a record names (dialogue partners and others); membership of
    # ASEAN and changes to a state are for those who may change countries.
    return [*codenames, "add_country", "view_country", "view_correction", "submit_meeting"]


def role_codenames(apps=global_apps) -> dict[str, list[str]]:
    """Each role's ``records`` permission codenames."""
    records_views = [
        permission.codename
        for permission in apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="records", codename__startswith="view_"
        )
        # Not the addresses of the public who follow records: staff given the permission.
        if permission.codename not in {"view_restricted_meeting", "view_subscription"}
    ]
    return {
        EDITOR: _editor_codenames(),
        PUBLISHER: [
            *_editor_codenames(),
            "publish_meeting",
            "correct_meeting",
            "withdraw_meeting",
            # Publishers answer for what is published: they read who changed it too.
            "view_auditentry",
            # Inviting member-state delegates and deactivating them (records/delegates.py):
            # who decides what the public reads decides who reads what is restricted.
            *DELEGATE_MANAGEMENT,
        ],
        # Every records table, history and the audit trail included, read-only.
        AUDITOR: records_views,
        DELEGATE: ["view_restricted_meeting"],
    }


def create_roles(apps=global_apps) -> None:
    """Create or update the four groups so they hold exactly their role's permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in role_codenames(apps).items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="records", codename__in=codenames
        )
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise LookupError(f"The role {name} needs permissions that do not exist: {missing}")
        group.permissions.set(permissions)


def roles_after_migrate(sender, apps=global_apps, **kwargs) -> None:
    """``post_migrate``: the permissions exist by then (contrib.auth's handler runs first)."""
    try:
        apps.get_model("auth", "Group")
        apps.get_model("auth", "Permission")
    except LookupError:
        return  # a migration state without auth, which contrib.auth's own handler skips too
    create_roles(apps)
