import contextlib

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from apps.core.errors import RETRY_AFTER_SECONDS
from apps.core.middleware import FriendlyErrorsMiddleware
from tests.conftest import client_for


@pytest.mark.django_db
def test_healthz_reports_database_and_broker():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"].startswith("ok")


@pytest.mark.django_db
def test_healthz_names_the_broker_when_it_is_down(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"] != "ok"


@contextlib.contextmanager
def database_down():
    """Point the live connection at a port where no PostgreSQL listens, then restore it."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})
    connection.settings_dict["OPTIONS"] = {**saved.get("OPTIONS", {}), "connect_timeout": 1}
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_healthz_names_the_database_when_it_is_down():
    with database_down():
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] != "ok"


@pytest.mark.django_db(transaction=True)
def test_a_page_needing_the_database_answers_a_friendly_503(personas):
    client = client_for(personas["asn"])
    client.raise_request_exception = False  # answer as in production, not re-raise
    with database_down():
        response = client.get("/")
    assert response.status_code == 503
    assert "tidak tersedia" in response.content.decode()
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_a_view_that_loses_the_database_answers_503_without_a_query(rf, error, django_assert_num_queries):
    middleware = FriendlyErrorsMiddleware(lambda request: None)
    with django_assert_num_queries(0):
        response = middleware.process_exception(rf.get("/"), error)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Layanan sedang tidak tersedia" in response.content.decode()


@pytest.mark.django_db
class TestErrorPages:
    def test_404_is_in_indonesian(self, personas):
        response = client_for(personas["asn"]).get("/tidak-ada/")
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in response.content.decode()

    def test_403_is_in_indonesian(self, personas):
        response = client_for(personas["asn"]).get("/admin/login/")
        assert response.status_code == 403
        assert "Akses ditolak" in response.content.decode()

    def test_oversized_request_body_is_a_400_not_a_500(self, personas, settings):
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
        data = {f"f{i}": "x" for i in range(50)}
        response = client_for(personas["asn"]).post("/akun/token/baru/", data)
        assert response.status_code == 400
        assert "tidak valid" in response.content.decode()

    @pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "429.html", "500.html", "503.html"])
    def test_error_templates_render_without_the_database(self, template, django_assert_num_queries):
        from django.template.loader import render_to_string

        with django_assert_num_queries(0):
            html = render_to_string(template)
        assert "SIKAP ASN" in html


@pytest.mark.django_db
def test_security_headers(personas):
    response = Client().get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "cdn" not in response.content.decode().lower()


@pytest.mark.django_db
def test_dates_use_asia_jakarta(settings):
    from django.utils import timezone

    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"


@pytest.mark.django_db
def test_too_many_files_in_one_page_request_say_why(org):
    """Django refuses more than DATA_UPLOAD_MAX_NUMBER_FILES before any view runs; the 400 page
    then says what was wrong rather than only "invalid request"."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(f"f{i}.pdf", b"%PDF-1.4", "application/pdf") for i in range(11)]
    response = client_for(org.asn.user).post("/pengaduan/", {"file": files})
    assert response.status_code == 400
    assert "Terlalu banyak file dalam satu kiriman; paling banyak 10." in response.content.decode()
