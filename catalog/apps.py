from django.apps import AppConfig
from django.db.models.signals import post_save


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        # Receivers are connected here, not as a side effect of an import.
        from notes_cms.logs import note_event_saved

        post_save.connect(
            note_event_saved,
            sender=self.get_model("NoteEvent"),
            dispatch_uid="log_note_event",
        )
