"""The main menu (apps/core/templatetags/menu.py): kept per language, page and role, yet each
user sees their own groups, the current page marked and their own CSRF token in the logout form."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.core.templatetags import menu
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

GROUPS = {"Saya": "report-today", "Tim": "tinjau", "Kota": "Rekap SKP", "Pengaturan": "Kelola pengumuman"}
EXPECTED = {
    "asn": {"Saya"},
    "supervisor": {"Saya", "Tim"},
    "admin": {"Kota", "Pengaturan"},
    "leader": {"Kota"},
}


def _nav(html: str) -> str:
    return re.search(r'<nav id="main-nav".*?</nav>', html, re.S).group(0)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_its_own_groups_also_when_the_menu_is_kept(personas, role):
    client = client_for(personas[role])
    for _ in range(2):  # the second page is served from the kept menu
        nav = _nav(client.get(reverse("announcements:announcement-list")).content.decode())
        shown = {group for group in GROUPS if f"<summary>{group}</summary>" in nav}
        assert shown == EXPECTED[role]


def test_the_kept_menu_is_rendered_once_per_page_and_role(personas):
    menu._render.cache_clear()
    for role in ("asn", "asn", "supervisor", "outsider"):
        client_for(personas[role]).get(reverse("announcements:announcement-list"))
    info = menu._render.cache_info()
    assert (info.misses, info.hits) == (2, 2)  # asn and outsider share one; the supervisor has another


def test_the_current_page_is_marked(personas):
    nav = _nav(client_for(personas["asn"]).get(reverse("trainings:my-jp")).content.decode())
    link = re.escape(reverse("trainings:my-jp"))
    assert re.search(rf'href="{link}"\s+aria-current="page"', nav)
    assert nav.count('aria-current="page"') == 1


def test_the_logout_form_carries_the_users_own_token_and_works(org):
    tokens = []
    for employee in (org.asn, org.asn_peer):
        client = Client(enforce_csrf_checks=True)
        client.force_login(employee.user, backend="django.contrib.auth.backends.ModelBackend")
        nav = _nav(client.get(reverse("announcements:announcement-list")).content.decode())
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', nav).group(1)
        tokens.append(token)
        assert client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302
        assert client.get(reverse("dashboards:home")).status_code == 302  # signed out
    assert tokens[0] != tokens[1]


def test_the_menu_follows_the_language(personas):
    client = client_for(personas["asn"])
    client.cookies["django_language"] = "en"
    nav = _nav(client.get(reverse("announcements:announcement-list")).content.decode())
    assert "Beranda" not in nav
