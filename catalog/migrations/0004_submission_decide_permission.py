"""Moderators may decide on reader submissions.

Written by hand: the permission is declared on Submission.Meta, and created
here too (Django otherwise creates permissions only after all migrations), so
that the Moderators group can be given it. The group is fetched or created,
whichever migration (this one or the workflow's) runs first.
"""

from django.db import migrations

DECIDE = ("decide_submission", "Can approve, reject or mark submissions as spam")
VIEW = ("view_submission", "Can view submission")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="catalog", model="submission"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in (DECIDE, VIEW)
    ]
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="catalog", codename=DECIDE[0]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0003_workflow_and_reader_models"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="submission",
            options={
                "ordering": ["-created_at", "-pk"],
                "permissions": [
                    (
                        "decide_submission",
                        "Can approve, reject or mark submissions as spam",
                    )
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
