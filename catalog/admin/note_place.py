"""The note form's place and keywords: venue and area sorted, areas grouped
and narrowed by venue, keywords kept in the order they were typed.

The area <select> is grouped by area group (<optgroup>) and each option says
which venues already have notes in it (`data-venues`); static/js/note_place.js
then shows only those areas for the chosen venue, with a switch to show all.
Without JavaScript every area is listed and valid.
"""

from __future__ import annotations

from django import forms

from catalog.models import Area, Venue
from catalog.selectors.places import venue_areas


def venue_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=Venue.objects.order_by("position", "code"))


class AreaSelect(forms.Select):
    """Areas under their group's name, each with the venues it is in."""

    class Media:
        js = ["js/note_place.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.venues_of: dict[int, set[int]] = {}

    def optgroups(self, name, value, attrs=None):
        self.venues_of = venue_areas()
        grouped: dict[str, list] = {}
        for _, options, _ in super().optgroups(name, value, attrs):
            for option in options:
                area = getattr(option["value"], "instance", None)
                group = area.group.name if area else ""
                grouped.setdefault(group, []).append(option)
        return [
            (group or None, options, index)
            for index, (group, options) in enumerate(grouped.items())
        ]

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        area = getattr(value, "instance", None)
        if area is not None:
            venues = sorted(self.venues_of.get(area.pk, ()))
            option["attrs"]["data-venues"] = " ".join(map(str, venues))
        return option


def area_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Area.objects.select_related("group").order_by(
            "group__position", "group__name", "name"
        ),
        widget=AreaSelect(attrs={"data-narrowed-by": "id_venue"}),
        help_text="Only the areas the venue has notes in are listed; tick “Show "
        "every area” to start a new listing.",
    )


class KeywordsField(forms.CharField):
    """Free keywords, separated by commas, kept in their order and shown
    back as typed: no quotes, no re-sorting (taggit's TagField does both)."""

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(str(getattr(item, "name", item)) for item in value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, (list, tuple)):
            return [str(item) for item in value]
        names: list[str] = []
        for part in (value or "").split(","):
            name = " ".join(part.split())
            if name and name not in names:
                names.append(name)
        return names

    def has_changed(self, initial, data) -> bool:
        return self.to_python(initial or []) != self.to_python(data)
