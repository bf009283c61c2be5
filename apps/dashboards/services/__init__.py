"""Writes of the dashboards app (announcements.py); the summaries are rebuilt by tasks."""
