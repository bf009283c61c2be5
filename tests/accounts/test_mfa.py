"""TOTP is required for supervisors, admins and leaders when SIKAP_MFA_ENFORCED is on (the
production default). Codes are computed from the secret the test reads back, as an app would."""

import datetime

import pyotp
import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def _enforce_mfa(settings):
    settings.SIKAP_MFA_ENFORCED = True


def login(client, username, password):
    return client.post("/accounts/login/", {"login": username, "password": password})


def activate_totp(client, password) -> str:
    """Set up TOTP the way a person does: allauth first asks for the password again (changing
    how one signs in always needs a fresh confirmation), then shows the secret."""
    response = client.get(ACTIVATE)
    if response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/"):
        client.post(response["Location"], {"password": password})
        client.get(ACTIVATE)
    secret = client.session["mfa.totp.secret"]
    response = client.post(ACTIVATE, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["supervisor", "admin", "leader"])
def test_privileged_roles_are_sent_to_set_up_totp(role, personas, password):
    client = Client()
    login(client, personas[role].username, password)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    assert client.get("/akun/profil/")["Location"] == ACTIVATE


@pytest.mark.django_db
def test_asn_is_not_forced(personas, password):
    client = Client()
    login(client, personas["asn"].username, password)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_setting_up_totp_opens_the_app_and_the_next_login_asks_for_a_code(personas, password):
    user = personas["supervisor"]
    client = Client()
    login(client, user.username, password)
    secret = activate_totp(client, password)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")

    # A later login needs the password and then a fresh code (a reused code is refused).
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=90)):
        second = Client()
        response = login(second, user.username, password)
        assert response["Location"] == "/accounts/2fa/authenticate/"
        assert second.get("/").status_code == 302  # not signed in until the code is given
        wrong = second.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert wrong.status_code == 200
        response = second.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})
        assert response.status_code == 302
        assert second.get("/").status_code == 200


@pytest.mark.django_db
def test_recovery_codes_are_available_after_setup(personas, password):
    client = Client()
    login(client, personas["admin"].username, password)
    activate_totp(client, password)
    response = client.get("/accounts/2fa/recovery-codes/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_django_admin_uses_the_same_login(personas):
    response = Client().get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/") or response["Location"].startswith("/accounts/login/")
    response = Client().get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_admin_must_set_up_totp_before_the_django_admin(personas, password):
    client = Client()
    login(client, personas["admin"].username, password)
    assert client.get("/admin/")["Location"] == ACTIVATE
    activate_totp(client, password)
    assert client.get("/admin/").status_code == 200
