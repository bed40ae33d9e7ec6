"""What every public page shows: venues, area groups, areas, topics, keywords."""

from django.contrib import admin
from taggit.models import Tag

from catalog.models import Area, AreaGroup, Keyword, Topic, Venue
from catalog.services import registry_changed


class RegistryAdmin(admin.ModelAdmin):
    """An admin for what every public page shows (venues, areas, topics …).

    Any change moves the public version on, so cached pages show it at once.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        registry_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        registry_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        registry_changed()


# django-taggit's own Tag model holds nothing here (topics and keywords have
# their own models and admins below), and its admin's merge-tags page checks
# no permission beyond being staff: any editor could open and post it.
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


class AddressKeyReadOnly:
    """The key of every note address below a venue or area (its code, its
    slug) is fixed once a paper is filed under it: changing it would move
    every note at once, with no review and no redirect from the old
    addresses. The name, emoji and order stay editable."""

    address_key = ""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.papers.exists():
            fields.append(self.address_key)
        return fields


@admin.register(Venue)
class VenueAdmin(AddressKeyReadOnly, RegistryAdmin):
    list_display = ["code", "name", "emoji", "year", "position", "is_current"]
    list_editable = ["position"]
    list_filter = ["is_current", "year"]
    search_fields = ["code", "name"]
    address_key = "code"


@admin.register(AreaGroup)
class AreaGroupAdmin(RegistryAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Area)
class AreaAdmin(AddressKeyReadOnly, RegistryAdmin):
    list_display = ["name", "slug", "emoji", "group", "position"]
    list_filter = ["group"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["group"]
    address_key = "slug"


@admin.register(Topic)
class TopicAdmin(RegistryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Keyword)
class KeywordAdmin(RegistryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
