"""Hooks that carry citizens' voice into evaluations (filled in by the complaints and SKM parts)."""


def register() -> None:
    """Register EVIDENCE_SOURCES "complaints" and "ikm" (apps/evaluations/selectors.py)."""
