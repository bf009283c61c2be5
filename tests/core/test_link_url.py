"""``|link_url`` (apps/core/templatetags/links.py): only http(s) URLs and paths of this site become
link targets, however a stored URL is spelled."""

import pytest
from django.template import Context, Template

from apps.core.templatetags.links import link_url


@pytest.mark.parametrize(
    "value",
    ["https://zoom.example/j/1", "http://example.test/a?b=c", "HTTPS://Example.test", "/laporan/", "/pelatihan/1/"],
)
def test_http_urls_and_paths_are_kept(value):
    assert link_url(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
        "http:evil",
        "laporan/",
        "http://[::1",
        "",
        None,
    ],
)
def test_anything_else_is_no_link(value):
    assert link_url(value) == ""


def test_a_template_shows_the_text_without_a_link():
    template = Template(
        '{% load links %}{% with href=url|link_url %}{% if href %}<a href="{{ href }}">{{ url }}</a>'
        "{% else %}{{ url }}{% endif %}{% endwith %}"
    )
    assert template.render(Context({"url": "javascript:alert(1)"})) == "javascript:alert(1)"
    assert template.render(Context({"url": '/a/"b'})) == '<a href="/a/&quot;b">/a/&quot;b</a>'
