"""English as well as Dutch: the switch keeps the page, and the catalogue is complete and compiled
for the public pages (landing, aanmelden, inloggen, verificatie, error pages), the deelnemer's pages
and the base layout. Besides reading the .po file, the pages are rendered in both languages, so a
string that was never wrapped or never extracted is noticed too."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import CharField, TextField
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# Files whose text a newcomer reads: every string in them must have an English translation.
VERTAALD = (
    "templates/base.html",
    "templates/_foutpagina.html",
    "templates/400.html",
    "templates/403.html",
    "templates/403_csrf.html",
    "templates/404.html",
    "templates/500.html",
    "templates/503.html",
    "templates/registration/login.html",
    "templates/registration/geblokkeerd.html",
    "templates/praktijkwijs/landing.html",
    "templates/trajecten/publiek_",
    "templates/trajecten/verificatie",
    "templates/trajecten/mijn.html",
    "templates/trajecten/_mijn_verklaringen.html",
    "templates/trajecten/_voortgangsbalk.html",
    "templates/trajecten/traject_detail.html",
    "templates/trajecten/_traject_",
    "trajecten/views/checklist_rij.py",
    "trajecten/forms/publiek.py",
    "trajecten/views/publiek.py",
    "trajecten/models/",
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


# --- Every visible text of the public and deelnemer pages really is English --------------------------
#
# The .po checks above only see strings that makemessages extracted. A string that was never wrapped in
# {% translate %} (or never extracted) slips past them, so these tests render each page in Dutch and in
# English and look at what a visitor reads: a text that comes out the same in both languages must be data
# (a name, a code, a werkopdracht title from the catalogue) or one of the few words both languages share.

# Words that are the same in Dutch and English (or are names) and so may stay unchanged.
GELIJK = {
    "PraktijkWijs",
    "praktijkverklaring",
    "praktijkverklaringen",
    "Praktijkverklaring",
    "mbo",
    "Nederlands",
    "English",
    "Status",
    "Crebo",
    "crebo",
    "BRIN",
    "SHA",
    "PDF",
    "QR",
    "E",
    "Login",
    "Intake",
    "Contact",
    "JSON",
    "CSV",
    "SBB",
    "AVG",
    "MB",
    "kB",
    "nl",
    "NL",
    "en",
    "EN",
    "School",
    # month abbreviations that Dutch and English share (the "M" date format)
    "Jan",
    "Feb",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Nov",
    "Dec",
}
# Elements whose content is not read as text (<code> holds user names and codes), and attributes that are.
GEEN_TEKST = {"script", "style", "code"}
TEKST_ATTRIBUTEN = {"aria-label", "placeholder", "title", "alt"}


class _Teksten(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.teksten: list[str] = []
        self._overslaan = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in GEEN_TEKST:
            self._overslaan += 1
        attributen = dict(attrs)
        for naam, waarde in attrs:
            if waarde and (
                naam in TEKST_ATTRIBUTEN or (naam == "value" and attributen.get("type") in {"submit", "button"})
            ):
                self._voeg_toe(waarde)

    def handle_endtag(self, tag: str) -> None:
        if tag in GEEN_TEKST:
            self._overslaan -= 1

    def handle_data(self, data: str) -> None:
        if not self._overslaan:
            self._voeg_toe(data)

    def _voeg_toe(self, tekst: str) -> None:
        tekst = " ".join(tekst.split())
        if tekst:
            self.teksten.append(tekst)


def zichtbare_teksten(html: str) -> list[str]:
    """The text nodes and read-aloud attributes of a page, whitespace collapsed."""
    parser = _Teksten()
    parser.feed(html)
    return parser.teksten


def gegevens_in_de_database() -> list[str]:
    """Every text value stored in the database: names, codes and catalogue titles are data, not UI."""
    waarden: set[str] = set()
    for model in apps.get_models():
        velden = [f.attname for f in model._meta.concrete_fields if isinstance(f, (CharField, TextField))]
        if not velden:
            continue
        for rij in model.objects.values_list(*velden):
            waarden.update(" ".join(str(w).split()) for w in rij if w and len(str(w)) > 1)
    return sorted(waarden, key=len, reverse=True)


def nederlandse_resten(nl: str, en: str) -> list[str]:
    """Texts of the English page that also stand, unchanged, on the Dutch page and hold words that are
    neither data nor shared words: a string someone forgot to translate."""
    gegevens = gegevens_in_de_database()
    nederlands = set(zichtbare_teksten(nl))
    resten = []
    for tekst in dict.fromkeys(zichtbare_teksten(en)):
        if tekst not in nederlands:
            continue
        rest = tekst
        for waarde in gegevens:
            if waarde in rest:
                rest = re.sub(rf"(?<!\w){re.escape(waarde)}(?!\w)", " ", rest)
        woorden = [w for w in re.findall(r"[^\W\d_]{2,}", rest) if w not in GELIJK]
        if woorden:
            resten.append(tekst)
    return resten


def in_beide_talen(client, url: str, method: str = "get", data: dict | None = None) -> tuple[str, str, int]:
    """The page at ``url`` as a Dutch and as an English visitor sees it (chosen with the language cookie)."""
    pages = []
    for taal in ("nl", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = taal
        response = getattr(client, method)(url, data or {})
        pages.append(response.content.decode())
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert '<html lang="en"' in pages[1], url
    return pages[0], pages[1], response.status_code


def sjabloon_in_beide_talen(template: str, request, context: dict) -> tuple[str, str]:
    pages = []
    for taal in ("nl", "en"):
        with translation.override(taal):
            pages.append(render_to_string(template, context, request=request))
    return pages[0], pages[1]


@pytest.fixture
def uitgegeven(world):
    from tests.trajecten.builders_verklaringen import geef_uit

    return geef_uit(world)


def test_the_english_check_notices_dutch_that_was_never_translated(world):
    nl = "<h1>Naar de startpagina</h1><p>Sanne</p>"
    assert nederlandse_resten(nl, nl) == ["Naar de startpagina"]
    assert nederlandse_resten(nl, "<h1>To the home page</h1><p>Sanne</p>") == []


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/aanmelden/",
        "/aanmelden/bedankt/",
        "/inloggen/",
        "/verificatie/",
        "/verificatie/ONBEKEND-CODE/",
        "/bestaat-niet/",
    ],
)
@pytest.mark.django_db
def test_public_page_has_no_dutch_left_in_english(client, url):
    nl, en, _status = in_beide_talen(client, url)
    assert not nederlandse_resten(nl, en)


@pytest.mark.django_db
def test_public_form_errors_are_english(client):
    nl, en, status = in_beide_talen(client, "/aanmelden/", method="post", data={"voornamen": ""})
    assert status == 200
    assert not nederlandse_resten(nl, en)


def test_verification_page_of_an_issued_verklaring_is_english(world, uitgegeven, client):
    url = reverse("trajecten:verificatie", args=[uitgegeven.verificatiecode])
    nl, en, _status = in_beide_talen(client, url)
    assert "Valid" in en
    assert not nederlandse_resten(nl, en)
    # A PDF that is not the issued one: the answer to the check is English too.
    pages = []
    for taal in ("nl", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = taal
        vervalst = SimpleUploadedFile("verklaring.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
        pages.append(client.post(url, {"bestand": vervalst}).content.decode())
    assert "NOT the registered document" in pages[1]
    assert not nederlandse_resten(*pages)


def test_deelnemer_pages_have_no_dutch_left_in_english(world, uitgegeven, deelnemer_client):
    for url in (reverse("mijn"), reverse("trajecten:traject", args=[world.traject.pk]), "/bestaat-niet/"):
        nl, en, status = in_beide_talen(deelnemer_client, url)
        assert status in (200, 404), url
        assert not nederlandse_resten(nl, en), url


def test_forbidden_page_is_english(world, deelnemer_client):
    nl, en, status = in_beide_talen(deelnemer_client, reverse("trajecten:trajecten"))
    assert status == 403
    assert not nederlandse_resten(nl, en)


@pytest.mark.parametrize(
    ("template", "context"),
    [
        ("400.html", {}),
        ("403_csrf.html", {}),
        ("500.html", {}),
        ("503.html", {}),
        ("registration/geblokkeerd.html", {"minuten": 5}),
        ("trajecten/verificatie_te_veel.html", {}),
    ],
)
@pytest.mark.django_db
def test_error_and_blocked_pages_have_no_dutch_left_in_english(rf, template, context):
    request = rf.get("/")
    request.user = AnonymousUser()
    nl, en = sjabloon_in_beide_talen(template, request, context)
    assert nl != en
    assert not nederlandse_resten(nl, en)
