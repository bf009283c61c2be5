import datetime
from decimal import Decimal

import pytest

from apps.trainings.models import TrainingProgram
from apps.trainings.services.catalogue import session_save

TODAY = datetime.date(2026, 11, 18)


@pytest.fixture
def program(db):
    return TrainingProgram.objects.create(
        name="Pelayanan Prima", path="klasikal", method="pelatihan_manajerial", jp=Decimal(24)
    )


@pytest.fixture
def make_session(admin_user, program):
    def make(
        *, capacity=2, starts=datetime.date(2026, 12, 7), days=3, deadline=datetime.date(2026, 12, 1), program_=None
    ):
        return session_save(
            actor=admin_user,
            program=program_ or program,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=days - 1),
            capacity=capacity,
            registration_deadline=deadline,
            place="Aula BKPSDM",
        )

    return make
