"""The Editors and Moderators groups, with the workflow's permissions.

Data only, written by hand. Django creates permissions after all migrations
have run, so the default ones (add/change/view/delete) and the workflow's own
(publish_note, review_note, kept off the models so that no model migration is
needed) are created here, on the historical models. Whichever migration
creates the Moderators group first (this one or the submissions' one), the
other fetches it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKFLOW_PERMISSIONS = [
    ("publish_note", "Can approve, publish and unpublish notes"),
    ("review_note", "Can review notes: claim, comment, request changes, reject"),
]

# model -> default actions, per group.
EDITORS = {
    "note": ["add", "change", "view"],
    "paper": ["add", "change", "view"],
    "venue": ["view"],
    "area": ["view"],
    "areagroup": ["view"],
    "topic": ["view"],
    "keyword": ["view"],
}
MODERATORS = {
    "note": ["add", "change", "view", "delete"],
    "paper": ["add", "change", "view", "delete"],
    "venue": ["view"],
    "area": ["view"],
    "areagroup": ["view"],
    "topic": ["add", "change", "view"],
    "keyword": ["add", "change", "view"],
    "submission": ["change", "view", "delete"],
}


def _permissions(Permission, wanted: dict[str, list[str]]) -> list:
    codenames = [
        f"{action}_{model}" for model, actions in wanted.items() for action in actions
    ]
    found = list(
        Permission.objects.filter(
            content_type__app_label="catalog", codename__in=codenames
        )
    )
    missing = set(codenames) - {permission.codename for permission in found}
    if missing:
        raise RuntimeError(f"Permissions missing: {sorted(missing)}")
    return found


def create_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    catalog = apps.get_app_config("catalog")
    # Django creates permissions after all migrations; they are needed now.
    # create_permissions skips an app without models_module, which the
    # historical app config lacks: lend it one for the call.
    catalog.models_module = True
    create_permissions(catalog, apps=apps, verbosity=0)
    catalog.models_module = None
    note_type, _ = ContentType.objects.get_or_create(app_label="catalog", model="note")
    workflow = [
        Permission.objects.get_or_create(
            content_type=note_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in WORKFLOW_PERMISSIONS
    ]
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*_permissions(Permission, EDITORS))
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(*_permissions(Permission, MODERATORS), *workflow)


def remove_groups(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    Permission.objects.filter(
        content_type__app_label="catalog",
        codename__in=[codename for codename, _ in WORKFLOW_PERMISSIONS],
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0005_search_index"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
