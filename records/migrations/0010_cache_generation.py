"""RecordsVersion is renamed CacheGeneration, its permissions with it."""

from django.db import migrations, models

ACTIONS = ("add", "change", "delete", "view")


def rename_permissions(old: str, new: str, label: str):
    def rename(apps, schema_editor):
        Permission = apps.get_model("auth", "Permission")
        for action in ACTIONS:
            Permission.objects.filter(
                content_type__app_label="records", codename=f"{action}_{old}"
            ).update(codename=f"{action}_{new}", name=f"Can {action} {label}")

    return rename


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("records", "0009_reference_data_versions"),
    ]

    operations = [
        migrations.RenameModel(
            old_name="RecordsVersion",
            new_name="CacheGeneration",
        ),
        migrations.RemoveConstraint(
            model_name="cachegeneration",
            name="recordsversion_single_row",
        ),
        migrations.AddConstraint(
            model_name="cachegeneration",
            constraint=models.CheckConstraint(
                condition=models.Q(("pk", 1)), name="cachegeneration_single_row"
            ),
        ),
        migrations.RunPython(
            rename_permissions("recordsversion", "cachegeneration", "cache generation"),
            rename_permissions("cachegeneration", "recordsversion", "records version"),
        ),
    ]
