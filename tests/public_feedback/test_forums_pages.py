"""The forum pages and the statistics page in a real browser, on a phone (360 px) and a desktop
(1280 px), with the demo city's data: nothing wider than the screen, the key content visible,
a citizen sends input through the form, and the strict CSP holds. SIKAP_SCREENSHOTS=1 keeps PNGs."""

import pytest
from django.test import Client

from apps.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from apps.employees import demo as employees_demo
from apps.public_feedback import demo
from apps.public_feedback.models import Forum, ForumInput, ForumStatus
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    DESKTOP,
    PHONE,
    assert_fits_width,
    browser,
    log_in,
    new_page,
    screenshot,
)

pytestmark = pytest.mark.django_db(transaction=True)


class _Quiet:
    def write(self, text):
        pass


@pytest.fixture
def demo_city():
    employees_demo.build(stdout=_Quiet(), employees=300)
    demo.build(stdout=_Quiet())
    # the first request imports every view module (a few seconds on a busy machine): not in a page's timeout
    Client().get("/forum/")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_forum_and_statistics_pages_fit(demo_city, new_page, screenshot, viewport):  # noqa: F811
    page = new_page(viewport)
    page.goto("/forum/")
    assert page.get_by_role("heading", name="Akan datang").is_visible()
    assert_fits_width(page)
    screenshot(page, "forum-list")

    held = Forum.objects.filter(status=ForumStatus.HELD, minutes_published_at__isnull=False).first()
    page.goto(f"/forum/{held.pk}/")
    assert page.get_by_role("heading", name="Notulen").is_visible()
    assert page.get_by_role("heading", name="Tindak lanjut").is_visible()
    assert_fits_width(page)
    screenshot(page, "forum-detail-held")

    upcoming = Forum.objects.filter(status=ForumStatus.SCHEDULED).order_by("starts_at").first()
    before = ForumInput.objects.filter(forum=upcoming).count()
    page.goto(f"/forum/{upcoming.pk}/")
    page.get_by_label("Masukan Anda").fill("Mohon disediakan juru bahasa isyarat saat forum.")
    page.get_by_role("button", name="Kirim masukan").click()
    assert page.get_by_text("Terima kasih, masukan Anda sudah kami terima.").is_visible()
    assert ForumInput.objects.filter(forum=upcoming).count() == before + 1
    assert_fits_width(page)
    screenshot(page, "forum-detail-upcoming")

    page.goto("/statistik-layanan/")
    assert page.get_by_role("heading", name="Per perangkat daerah").is_visible()
    assert_fits_width(page)
    screenshot(page, "statistics")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_forum_management_pages_fit(demo_city, new_page, screenshot, viewport):  # noqa: F811
    page = new_page(viewport)
    log_in(page, DEMO_ACCOUNTS["admin"], DEMO_PASSWORD)
    page.goto("/kelola/forum/")
    assert page.get_by_role("link", name="Jadwalkan forum").is_visible()
    assert_fits_width(page)
    screenshot(page, "forum-staff-list")
    draft = Forum.objects.get(status=ForumStatus.HELD, minutes_published_at__isnull=True)
    page.goto(f"/kelola/forum/{draft.pk}/")
    assert page.get_by_role("button", name="Simpan dan terbitkan").is_visible()
    assert_fits_width(page)
    screenshot(page, "forum-staff-detail")
    page.get_by_role("button", name="Simpan dan terbitkan").click()
    assert page.get_by_text("Notulen dan tindak lanjut diterbitkan di halaman publik.").is_visible()
    upcoming = Forum.objects.filter(status=ForumStatus.SCHEDULED).order_by("starts_at").first()
    page.goto(f"/kelola/forum/{upcoming.pk}/")
    assert_fits_width(page)
    screenshot(page, "forum-staff-upcoming")
    page.goto("/kelola/forum/baru/")
    assert_fits_width(page)
    screenshot(page, "forum-staff-form")
