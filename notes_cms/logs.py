"""Structured logs: one JSON object per line, and the workflow event log."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from catalog.models import NoteEvent

event_logger = logging.getLogger("notes_cms.events")

# Attributes every LogRecord has; anything else came in through `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Time, level, logger and message, plus the record's `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update((k, v) for k, v in vars(record).items() if k not in _STANDARD)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def note_event_saved(sender, instance: NoteEvent, created: bool, **kwargs) -> None:
    """post_save receiver of NoteEvent, connected by CatalogConfig.ready()."""
    # Logging, not workflow: every service that records an event gets its log
    # line without having to remember it. (bulk_create sends no signal.)
    if created:
        log_event(instance)


def log_event(event: NoteEvent) -> None:
    """Log a workflow event once the transaction that recorded it commits.

    Every NoteEvent row saved is logged this way (`note_event_saved`);
    an event rolled back with its transaction is never logged.
    """
    fields = {
        "event": event.action,
        "note_id": event.note_id,
        "actor_id": event.actor_id,
        "from_status": event.from_status,
        "to_status": event.to_status,
    }
    transaction.on_commit(
        lambda: event_logger.info(
            "note %s: %s", fields["note_id"], fields["event"], extra=fields
        )
    )
