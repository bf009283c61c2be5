import pytest
import time_machine

from .world import NOW, build_world


@pytest.fixture
def world(org, personas, admin_user):
    with time_machine.travel(NOW, tick=False):
        yield build_world(org, personas, admin_user)
