"""Hooks that carry citizens' voice into evaluations (filled in by the complaints and SKM parts)."""


def _complaints(employee, period):
    """Substantiated complaints about the employee received in the evaluation period, out of those
    linked to them ("2 terbukti dari 3"); references only, never who reported."""
    from .selectors.complaints import employee_evidence

    return employee_evidence(employee, period.starts_on, period.ends_on)


def _ikm(employee, period):
    """The IKM and grade of the employee's unit over the evaluation period, or of the nearest unit
    above it with responses (the answer names which unit)."""
    from .selectors.ikm_outcomes import employee_evidence

    return employee_evidence(employee, period)


def register() -> None:
    """Register EVIDENCE_SOURCES "complaints" and "ikm" (apps/evaluations/selectors.py)."""
    from apps.evaluations.selectors import EVIDENCE_SOURCES

    EVIDENCE_SOURCES.setdefault("complaints", _complaints)
    EVIDENCE_SOURCES.setdefault("ikm", _ikm)
