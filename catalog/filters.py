"""Public filters of a listing; every value lives in the query string."""

import django_filters
from django.db.models import Q

from catalog.models import Note, Topic


class NoteFilter(django_filters.FilterSet):
    topic = django_filters.ModelMultipleChoiceFilter(
        field_name="topics__slug",
        to_field_name="slug",
        # Read at each request: which topics are public changes with time.
        queryset=lambda request: Topic.objects.public(),
        conjoined=True,
        label="Topics",
        error_messages={
            "invalid_choice": "There is no topic “%(value)s”.",
            "invalid_pk_value": "“%(pk)s” is not a topic.",
        },
    )
    q = django_filters.CharFilter(method="filter_words", label="Words", max_length=200)
    has_code = django_filters.ChoiceFilter(
        choices=[("1", "With code"), ("0", "Without code")],
        method="filter_has_code",
        label="Code",
        empty_label="Any",
    )
    # A listing's own order is the source's: by note slug (its file names).
    sort = django_filters.ChoiceFilter(
        choices=[
            ("listing", "Listing order"),
            ("title", "Title"),
            ("newest", "Newest"),
        ],
        method="filter_sort",
        label="Sort",
        empty_label=None,
        null_label=None,
    )
    default_sort = "listing"

    class Meta:
        model = Note
        fields = ["topic", "q", "has_code", "sort"]

    def filter_words(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(paper__title__icontains=word) | Q(summary__icontains=word)
            )
        return queryset

    def filter_has_code(self, queryset, name, value):
        if value == "1":
            return queryset.exclude(paper__code_url="")
        return queryset.filter(paper__code_url="")

    def filter_sort(self, queryset, name, value):
        if value == "newest":
            return queryset.newest_first()
        return queryset.by_title() if value == "title" else queryset.by_slug()

    @property
    def is_filtering(self) -> bool:
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return bool(data.get("topic") or data.get("q") or data.get("has_code"))


class TopicNoteFilter(NoteFilter):
    """The notes of one topic across venues, narrowed by venue and by area.

    The choices are the venues and areas that have notes on the topic, with
    their counts, so a reader never picks a filter that shows nothing.
    """

    venue = django_filters.ChoiceFilter(
        field_name="paper__venue__code", label="Venue", empty_label="All venues"
    )
    area = django_filters.ChoiceFilter(
        field_name="paper__area__slug", label="Area", empty_label="All areas"
    )
    # Across listings there is no listing order: by title, or newest.
    sort = django_filters.ChoiceFilter(
        choices=[("title", "Title"), ("newest", "Newest")],
        method="filter_sort",
        label="Sort",
        empty_label=None,
        null_label=None,
    )
    default_sort = "title"

    class Meta(NoteFilter.Meta):
        fields = ["venue", "area", *NoteFilter.Meta.fields]

    def __init__(self, *args, venues=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, facets in (("venue", venues), ("area", areas)):
            self.filters[name].extra["choices"] = [
                (facet.key, f"{facet.label} ({facet.count})") for facet in facets
            ]

    @property
    def is_filtering(self) -> bool:
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return super().is_filtering or bool(data.get("venue") or data.get("area"))
