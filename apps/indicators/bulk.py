"""Moved to ``apps.core.bulk`` (the daily reports' demo uses it too); kept so imports still work."""

from apps.core.bulk import copy, history_written_after, new_ids

__all__ = ["copy", "history_written_after", "new_ids"]
