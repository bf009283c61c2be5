import re
from pathlib import Path

import polib
import pytest
from django.test import Client

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_english_catalogue_translates_every_string():
    po = polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == [], "run `make messages`, then translate locale/en (no fuzzy flags)"


# %(name)s / %(n)d / %(t).1f (python-format, blocktranslate variables), a literal %% and {max_length} (brace-format)
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdifr]|%%|\{\w+\}")


def test_english_translations_keep_every_placeholder():
    po = polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))
    broken = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            pairs = [(entry.msgid if n == 0 else entry.msgid_plural, s) for n, s in sorted(entry.msgstr_plural.items())]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        broken += [
            (source, text)
            for source, text in pairs
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
            or source.startswith("\n") != text.startswith("\n")
            or source.endswith("\n") != text.endswith("\n")
        ]
    assert broken == []


@pytest.mark.parametrize("language", ["en", "id"])
def test_compiled_catalogues_match_their_sources(language):
    po = polib.pofile(str(LOCALE / f"{language}/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE / f"{language}/LC_MESSAGES/django.mo"))
    compiled = {entry.msgid: entry.msgstr for entry in mo}
    source = {entry.msgid: entry.msgstr for entry in po.translated_entries() if not entry.msgid_plural}
    assert {k: compiled.get(k) for k in source} == source, "run `make messages`"


@pytest.mark.django_db
def test_indonesian_is_the_default_and_english_is_one_switch_away():
    client = Client()
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="id">' in page and "Masuk ke SIKAP ASN" in page and "Kata sandi" in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page and "Sign in to SIKAP ASN" in page and "Password" in page


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian_until_the_switch_is_used():
    page = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/accounts/login/").content.decode()
    assert '<html lang="id">' in page and "Masuk ke SIKAP ASN" in page
