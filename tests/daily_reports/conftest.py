import datetime

import pytest
import time_machine

# A Wednesday with no holiday near it: the filing window is Fri 13, Mon 16, Tue 17 and Wed 18 Nov.
TODAY = datetime.date(2026, 11, 18)


@pytest.fixture
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 18, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def at(hour, minute=0):
    return datetime.time(hour, minute)
