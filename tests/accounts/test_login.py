import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

LOGIN = "/accounts/login/"


def post_login(client, login, password):
    return client.post(LOGIN, {"login": login, "password": password})


@pytest.mark.django_db
class TestLogin:
    def test_login_with_nip(self, org, password):
        client = Client()
        response = post_login(client, org.asn.nip, password)
        assert response.status_code == 302
        assert response["Location"] == reverse("dashboards:home")
        assert client.get("/").status_code == 200

    def test_login_with_email(self, org, password):
        client = Client()
        response = post_login(client, org.asn.user.email, password)
        assert response.status_code == 302

    def test_wrong_password_gives_indonesian_message_and_keeps_the_nip(self, org):
        response = post_login(Client(), org.asn.nip, "salah-sandi-sekali")
        assert response.status_code == 200
        body = response.content.decode()
        assert "tidak benar" in body or "tidak tepat" in body or "salah" in body.lower()
        assert f'value="{org.asn.nip}"' in body

    def test_unknown_nip_gives_the_same_message_as_a_wrong_password(self, org):
        wrong = post_login(Client(), org.asn.nip, "salah-sandi-sekali").content.decode()
        unknown = post_login(Client(), "199901012020011999", "salah-sandi-sekali").content.decode()
        error = re.compile(r'<div class="alert alert-error" role="alert">(.*?)</div>', re.S)
        assert error.search(wrong).group(1) == error.search(unknown).group(1)

    def test_over_long_fields_are_refused_politely(self, org):
        response = post_login(Client(), "9" * 10_000, "x" * 10_000)
        assert response.status_code == 200
        assert "karakter" in response.content.decode()

    def test_ten_failed_logins_from_one_address_get_429(self, org):
        client = Client()
        statuses = [
            post_login(client, f"19990101202001100{i % 10}", "salah-sandi-sekali").status_code for i in range(11)
        ]
        assert statuses[:10] == [200] * 10
        assert statuses[10] == 429
        response = post_login(client, org.asn.nip, "whatever-wrong-pass")
        assert response.status_code == 429
        assert "Terlalu banyak" in response.content.decode()

    def test_an_office_behind_one_address_can_sign_in_at_its_morning_peak(self, org, password):
        # allauth's own default (30 sign-ins a minute per address) would refuse the 31st colleague.
        for _ in range(40):
            assert post_login(Client(REMOTE_ADDR="203.0.113.50"), org.asn.nip, password).status_code == 302

    def test_the_django_admin_login_cannot_be_used_to_guess_passwords(self, org, admin_user, password):
        # secure_admin_login sends every request, POST included, to the allauth login above (its
        # rate limits and MFA); the admin's own form never checks a password.
        for _ in range(3):
            response = Client().post("/admin/login/", {"username": admin_user.username, "password": password})
            assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert "_auth_user_id" not in Client().session

    def test_logout_is_post_only_and_ends_the_session(self, org):
        client = Client()
        client.force_login(org.asn.user, backend="django.contrib.auth.backends.ModelBackend")
        response = client.post("/accounts/logout/")
        assert response.status_code == 302
        assert client.get("/").status_code == 302

    def test_signup_is_closed(self, db):
        response = Client().get("/accounts/signup/", follow=True)
        assert "Pendaftaran" in response.content.decode() or response.redirect_chain


@pytest.mark.django_db
class TestPasswordReset:
    def test_reset_email_link_sets_a_new_password(self, org):
        client = Client()
        response = client.post("/accounts/password/reset/", {"email": org.asn.user.email})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
        response = client.get(link, follow=True)
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
        new = "Kinerja-Baru-2026!"
        response = client.post(form_url, {"password1": new, "password2": new})
        assert response.status_code == 302
        assert post_login(Client(), org.asn.nip, new).status_code == 302

    def test_password_reset_requests_are_rate_limited_per_address(self, org):
        client = Client()
        statuses = [
            client.post("/accounts/password/reset/", {"email": f"orang{i}@contoh.go.id"}).status_code for i in range(21)
        ]
        assert statuses[:20] == [302] * 20 and statuses[20] == 429
        assert (
            "Terlalu banyak" in client.post("/accounts/password/reset/", {"email": "x@contoh.go.id"}).content.decode()
        )

    def test_password_reset_requests_are_rate_limited_per_email(self, org):
        statuses = [
            Client(REMOTE_ADDR=f"10.0.0.{i}")
            .post("/accounts/password/reset/", {"email": org.asn.user.email})
            .status_code
            for i in range(6)
        ]
        assert statuses[:5] == [302] * 5 and statuses[5] == 429
        assert len(mail.outbox) == 5

    def test_short_password_is_refused_with_a_message(self, org):
        client = Client()
        client.post("/accounts/password/reset/", {"email": org.asn.user.email})
        link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
        response = client.get(link, follow=True)
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
        response = client.post(form_url, {"password1": "pendek123", "password2": "pendek123"})
        assert response.status_code == 200
        assert "12 karakter" in response.content.decode()

    def test_invalid_or_expired_link_says_so(self, db):
        response = Client().get("/accounts/password/reset/key/zz-set-password/", follow=True)
        assert response.status_code == 200
        body = response.content.decode()
        assert "tidak valid" in body or "kedaluwarsa" in body


@pytest.mark.django_db
def test_tampered_csrf_token_gets_an_indonesian_403(org, password):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    response = client.post(LOGIN, {"login": org.asn.nip, "password": password, "csrfmiddlewaretoken": "tampered"})
    assert response.status_code == 403
    assert "kedaluwarsa" in response.content.decode()
