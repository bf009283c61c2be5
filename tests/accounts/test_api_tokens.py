import pytest
from django.test import Client

from apps.accounts import services
from apps.accounts.models import ApiToken
from tests.conftest import client_for


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.django_db
class TestTokens:
    def test_create_shows_the_key_once_and_stores_only_its_hash(self, personas):
        client = client_for(personas["asn"])
        response = client.post("/akun/token/baru/", {"name": "skrip bulanan"})
        assert response.status_code == 200
        key = response.context["new_key"]
        assert key.startswith("sikap_") and key in response.content.decode()
        token = ApiToken.objects.get(user=personas["asn"])
        assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
        assert key not in client.get("/akun/profil/").content.decode()

    def test_token_authenticates_the_api(self, org):
        token, key = services.api_token_create(actor=org.asn.user, name="uji")
        response = Client().get("/api/v1/me/", **bearer(key))
        assert response.status_code == 200
        assert response.json()["nip"] == org.asn.nip
        assert response.json()["roles"] == ["asn"]
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_last_used_is_written_at_most_once_a_minute(self, org):
        import datetime

        import time_machine
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        token, key = services.api_token_create(actor=org.asn.user, name="uji")
        start = datetime.datetime(2026, 11, 18, 9, 0, tzinfo=datetime.UTC)

        def call():
            with CaptureQueriesContext(connection) as queries:
                assert Client().get("/api/v1/me/", **bearer(key)).status_code == 200
            token.refresh_from_db()
            return [q["sql"] for q in queries if 'UPDATE "accounts_apitoken"' in q["sql"]]

        with time_machine.travel(start, tick=False):
            assert len(call()) == 1 and token.last_used_at == start  # first use: stamped
        with time_machine.travel(start + datetime.timedelta(seconds=59), tick=False):
            assert call() == [] and token.last_used_at == start  # within the minute: no write
        with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
            assert len(call()) == 1 and token.last_used_at == start + datetime.timedelta(seconds=61)

    def test_revoked_or_unknown_token_is_401(self, org):
        token, key = services.api_token_create(actor=org.asn.user, name="uji")
        client_for(org.asn.user).post(f"/akun/token/{token.pk}/cabut/")
        assert Client().get("/api/v1/me/", **bearer(key)).status_code == 401
        assert Client().get("/api/v1/me/", **bearer("sikap_bogus")).status_code == 401
        assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer a b c").status_code == 401

    def test_someone_elses_token_is_404(self, org):
        token, _ = services.api_token_create(actor=org.asn_peer.user, name="milik orang lain")
        response = client_for(org.asn.user).post(f"/akun/token/{token.pk}/cabut/")
        assert response.status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_empty_or_long_name_keeps_the_page_with_a_message(self, personas):
        client = client_for(personas["asn"])
        response = client.post("/akun/token/baru/", {"name": ""})
        assert response.status_code == 400
        assert "harus diisi" in response.content.decode()
        response = client.post("/akun/token/baru/", {"name": "x" * 500})
        assert response.status_code == 400
        assert 'value="' + "x" * 500 + '"' in response.content.decode()
        assert not ApiToken.objects.exists()

    def test_get_on_post_views_is_405(self, personas):
        client = client_for(personas["asn"])
        assert client.get("/akun/token/baru/").status_code == 405
        assert client.get("/akun/token/1/cabut/").status_code == 405

    def test_deactivated_user_token_stops_working(self, org):
        _, key = services.api_token_create(actor=org.asn.user, name="uji")
        org.asn.user.is_active = False
        org.asn.user.save()
        assert Client().get("/api/v1/me/", **bearer(key)).status_code == 401

    def test_revoke_all(self, org, admin_user):
        for name in ("a", "b"):
            services.api_token_create(actor=org.asn.user, name=name)
        assert services.user_tokens_revoke_all(actor=admin_user, user=org.asn.user) == 2
        assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served_locally(personas):
    client = client_for(personas["asn"])
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
