"""English as well as Dutch: the switch keeps the page, and the catalogue is complete and compiled
for the public pages, the deelnemer's pages and the base layout."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# Files whose text a newcomer reads: every string in them must have an English translation.
VERTAALD = (
    "templates/base.html",
    "templates/praktijkwijs/landing.html",
    "templates/trajecten/publiek_",
    "templates/trajecten/mijn.html",
    "templates/trajecten/_mijn_verklaringen.html",
    "templates/trajecten/_voortgangsbalk.html",
    "trajecten/forms/publiek.py",
    "trajecten/views/publiek.py",
)


def po_entries() -> list[dict]:
    """A small reader for the .po file as makemessages writes it: references, msgid, msgstr(s)."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        refs, fields, current = [], {}, None
        for line in block.splitlines():
            if line.startswith("#:"):
                refs.extend(ref.rsplit(":", 1)[0] for ref in line[2:].split())
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line):
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            entries.append({"refs": refs, **fields})
    return entries


def _unescape(text: str) -> str:
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def test_public_and_deelnemer_strings_have_an_english_translation():
    missing = [
        entry["msgid"]
        for entry in po_entries()
        if any(ref.startswith(VERTAALD) for ref in entry["refs"])
        and not all(value for key, value in entry.items() if key.startswith("msgstr"))
    ]
    assert not missing, f"Untranslated: {missing}"


def test_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po_entries():
        if "msgid_plural" in entry or not entry.get("msgstr"):
            continue
        assert compiled.gettext(_unescape(entry["msgid"])) == _unescape(entry["msgstr"]), entry["msgid"]


@pytest.mark.django_db
def test_language_switch_keeps_the_page_and_speaks_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/aanmelden/?bron=folder"})
    assert response.status_code == 302
    assert response["Location"] == "/aanmelden/?bron=folder"
    html = client.get("/aanmelden/?bron=folder").content.decode()
    assert '<html lang="en">' in html
    assert "Sign up for learning on the job" in html
    assert "I want to take part myself" in html
    client.post(reverse("set_language"), {"language": "nl", "next": "/aanmelden/"})
    assert "Aanmelden voor praktijkleren" in client.get("/aanmelden/").content.decode()


@pytest.mark.django_db
def test_language_switch_is_on_the_page_and_points_back_to_it(client):
    html = client.get("/aanmelden/?bron=folder").content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="next" value="/aanmelden/?bron=folder"' in html
    assert 'name="language" value="en" lang="en"' in html


@pytest.mark.django_db
def test_switch_refuses_to_send_visitors_to_another_site(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.fixture
def nederlands_tenzij_gekozen(settings):
    settings.MIDDLEWARE = [
        "praktijkwijs.taal.NederlandsTenzijGekozenMiddleware"
        if middleware == "django.middleware.locale.LocaleMiddleware"
        else middleware
        for middleware in settings.MIDDLEWARE
    ]


@pytest.mark.django_db
def test_pages_stay_dutch_for_an_english_browser_until_english_is_chosen(nederlands_tenzij_gekozen, client):
    html = client.get(reverse("landing"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Leren op de werkvloer, met een praktijkverklaring mbo" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("landing"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Learn on the job, with a praktijkverklaring mbo" in html


def test_deelnemer_home_in_english(world, deelnemer_client):
    deelnemer_client.post(reverse("set_language"), {"language": "en", "next": reverse("mijn")})
    html = deelnemer_client.get(reverse("mijn")).content.decode()
    assert "Hello Sanne" in html
    assert "My progress" in html  # the menu
    assert "Log out" in html
