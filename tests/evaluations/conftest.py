import datetime

import pytest
import time_machine

from apps.evaluations.services.periods import period_open
from tests.indicators.conftest import build_skp


@pytest.fixture
def period(admin_user):
    """November 2026, open; the clock stands on Tue 1 Dec 2026, 09:00 WIB."""
    with time_machine.travel(datetime.datetime(2026, 12, 1, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield period_open(actor=admin_user, year=2026, kind="periodic", number=11)


@pytest.fixture
def skp(org):
    return build_skp(org.asn, approve_by=org.supervisor.user)


from apps.indicators.berakhlak import CoreValue  # noqa: E402

BEHAVIOURS_SESUAI = dict.fromkeys(CoreValue.values, ("sesuai", ""))
