"""Tasks of complaint handling: reminders, escalation, auto-close."""
