import datetime

from django.urls import register_converter


class IsoDateConverter:
    """``<isodate:day>``: 2026-12-01. An impossible date (2026-02-30) matches nothing: a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return datetime.date.fromisoformat(value)  # ValueError -> no match

    def to_url(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)


register_converter(IsoDateConverter, "isodate")
