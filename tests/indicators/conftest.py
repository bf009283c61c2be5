"""Builders for SKP tests: a plan written through the real services, as a person would."""

from decimal import Decimal

import pytest

from apps.indicators.models import RhkKind
from apps.indicators.services import items
from apps.indicators.services import skp as skp_services

YEAR = 2026


def build_skp(employee, *, rhk=None, year=YEAR, approve_by=None):
    """An SKP with RHK/IKI: rhk = [(text, [(iki text, target, direction, cumulative), ...], weight), ...].
    With ``approve_by`` (the supervisor's User) it is submitted and approved."""
    actor = employee.user
    skp = skp_services.skp_create(actor=actor, employee=employee, year=year)
    for text, ikis, weight in rhk or [
        ("Terselesaikannya layanan administrasi", [("Surat diproses", 120, "higher", True)], None)
    ]:
        item = items.rhk_save(actor=actor, skp=skp, text=text, kind=RhkKind.UTAMA, weight=weight)
        for iki_text, target, direction, cumulative in ikis:
            items.iki_save(
                actor=actor,
                rhk=item,
                text=iki_text,
                aspect="kuantitas",
                target_value=Decimal(target),
                target_unit="dokumen",
                direction=direction,
                cumulative=cumulative,
            )
    if approve_by is not None:
        skp_services.skp_submit(actor=actor, skp=skp)
        skp_services.skp_approve(actor=approve_by, skp=skp)
    skp.refresh_from_db()
    return skp


@pytest.fixture
def approved_skp(org):
    return build_skp(org.asn, approve_by=org.supervisor.user)
