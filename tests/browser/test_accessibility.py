"""Accessibility of every page, checked by axe-core in Chromium, as every persona that may see it.

The pages come from the role × URL matrix (tests/test_permissions.py): every GET row that
answers 200 for some persona is checked, so a page added there is covered here too. Downloads
(CSV, XLSX, PDF) are left out: axe checks HTML.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import client_voor
from tests.test_permissions import MATRIX

ERNSTIG = {"serious", "critical"}
TELEFOON = {"width": 390, "height": 844}
SCHERM = {"width": 1280, "height": 900}

PAGINAS = sorted(
    naam for naam, (methode, _args, verwacht) in MATRIX.items() if methode == "get" and 200 in verwacht.values()
)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def context_voor(browser, live_server, world, persona: str, viewport=TELEFOON):
    """A browser context logged in as ``persona`` (a session made by Django's test client)."""
    # bypass_csp: axe is injected as a script; the page's own CSP is not what is tested here.
    # A Dutch browser, as the programme's users have (Chromium would otherwise ask for en-US).
    context = browser.new_context(viewport=viewport, bypass_csp=True, locale="nl-NL")
    if persona != "anoniem":
        client = client_voor(world, persona)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


def beschrijf(overtredingen: list[dict]) -> str:
    regels = []
    for overtreding in overtredingen:
        doelen = [" ".join(node["target"]) for node in overtreding["nodes"][:3]]
        regels.append(f"{overtreding['id']} ({overtreding['impact']}): {overtreding['help']} at {doelen}")
    return "\n".join(regels)


# One persona per role; a page every role sees alike (the public pages) is checked as a
# visitor and as a coördinator only, which keeps this test at about a minute.
VERTEGENWOORDIGERS = ["anoniem", "coordinator", "begeleider", "beoordelaar", "deelnemer"]


def personas_voor(verwacht: dict[str, int]) -> list[str]:
    personas = [p for p in VERTEGENWOORDIGERS if verwacht[p] == 200]
    return ["anoniem", "coordinator"] if personas == VERTEGENWOORDIGERS else personas


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", VERTEGENWOORDIGERS)
def test_pages_have_no_serious_accessibility_violations(persona, world, live_server, browser, axe):
    context = context_voor(browser, live_server, world, persona)
    page = context.new_page()
    client = client_voor(world, persona)
    gevonden = {}
    for url_name in PAGINAS:
        _methode, maak_args, verwacht = MATRIX[url_name]
        if persona not in personas_voor(verwacht):
            continue
        url = reverse(url_name, kwargs=maak_args(world))
        antwoord = client.get(url)
        if antwoord.status_code != 200 or not antwoord["Content-Type"].startswith("text/html"):
            continue  # a download, or the matrix test reports the status
        page.goto(f"{live_server.url}{url}")
        overtredingen = [v for v in axe.run(page).response["violations"] if v["impact"] in ERNSTIG]
        if overtredingen:
            gevonden[url] = beschrijf(overtredingen)
    context.close()
    assert not gevonden, "\n".join(f"{url} as {persona}:\n{tekst}" for url, tekst in gevonden.items())


@pytest.mark.django_db(transaction=True)
def test_keyboard_reaches_skip_link_then_main_navigation(world, live_server, browser):
    context = context_voor(browser, live_server, world, "coordinator", viewport=SCHERM)
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('overzicht')}")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # visible once focused
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for _stap in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Aanvragen":
            break
    expect(nav.get_by_role("link", name="Aanvragen")).to_be_focused()
    # The skip link jumps past the menu to the content.
    page.goto(f"{live_server.url}{reverse('overzicht')}")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhoud$"))
    context.close()


@pytest.mark.django_db(transaction=True)
def test_keyboard_opens_the_menu_on_a_phone(world, live_server, browser):
    context = context_voor(browser, live_server, world, "deelnemer")
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('mijn')}")
    menu = page.get_by_role("button", name="Menu openen")
    for _stap in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-controls')") == "menu":
            break
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Mijn voortgang")).to_be_focused()
    context.close()
