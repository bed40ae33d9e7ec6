"""Preview links name the revision they show and can be revoked; the event
log outlives a deleted note; only superusers delete notes, papers and
submissions (the Moderators group loses its delete permissions).

Generated, with the group change written by hand.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Deleting erases what the audit log describes: the superuser's alone.
DELETE_CODENAMES = ["delete_note", "delete_paper", "delete_submission"]


def moderators_do_not_delete(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    deletes = Permission.objects.filter(
        content_type__app_label="catalog", codename__in=DELETE_CODENAMES
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.remove(*deletes)


def moderators_delete_again(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    deletes = Permission.objects.filter(
        content_type__app_label="catalog", codename__in=DELETE_CODENAMES
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(*deletes)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0014_trust_workflow"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="noteevent",
            name="note_label",
            field=models.CharField(
                blank=True,
                help_text="The note's title and address, kept.",
                max_length=700,
            ),
        ),
        migrations.AlterField(
            model_name="noteevent",
            name="note",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="events",
                to="catalog.note",
            ),
        ),
        migrations.CreateModel(
            name="PreviewLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("expires_at", models.DateTimeField()),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "note",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="preview_links",
                        to="catalog.note",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="catalog.noterevision",
                    ),
                ),
                (
                    "revoked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.RunPython(moderators_do_not_delete, moderators_delete_again),
    ]
