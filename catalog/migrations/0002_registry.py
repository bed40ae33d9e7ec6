"""Load the venues, area groups and areas every site starts with."""

from django.db import migrations

from catalog.registry import registry_load


def load(apps, schema_editor):
    registry_load(
        apps.get_model("catalog", "Venue"),
        apps.get_model("catalog", "AreaGroup"),
        apps.get_model("catalog", "Area"),
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
