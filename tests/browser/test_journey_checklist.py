"""Journey 2 on a phone (390 × 844): a praktijkbegeleider opens their deelnemer, ticks two
werkopdrachten, undoes one, and sees the progress change in place; a begeleider of another
bedrijf gets 404 for that traject."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import log_in

TELEFOON = {
    "locale": "nl-NL",
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def regio(transactional_db):
    """Two bedrijven, each with a begeleider and a deelnemer in a running traject."""
    coordinator = factories.maak_user("coordinator", "coordinator")
    school = factories.maak_school("Graafschap College", "GC")
    vak = factories.maak_vakvaardigheid(naam="Productielogistiek")
    begeleider = factories.maak_begeleider(factories.maak_bedrijf("Laborijn"), "begeleider")
    andere = factories.maak_begeleider(factories.maak_bedrijf("Stadsboerin Doetinchem"), "begeleider2")
    traject = factories.maak_traject(
        deelnemer=factories.maak_deelnemer("Sanne", "de Vries"),
        begeleider=begeleider,
        school=school,
        vakvaardigheid=vak,
        door=coordinator,
    )
    factories.maak_traject(
        deelnemer=factories.maak_deelnemer("Ahmed", "Yilmaz"),
        begeleider=andere,
        school=school,
        vakvaardigheid=vak,
        door=coordinator,
    )
    return traject


def knop_voor(page, actie: str, titel: str):
    """The button of one checklist row; its name ends with the werkopdracht for screen readers."""
    return page.get_by_role("button", name=re.compile(rf"{actie}\s*:\s*{titel}"))


def geen_horizontaal_scrollen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.django_db(transaction=True)
def test_begeleider_ticks_on_a_phone(regio, live_server, browser):
    context = browser.new_context(**TELEFOON)
    page = context.new_page()
    log_in(page, live_server, "begeleider", factories.WACHTWOORD)
    expect(page).to_have_url(f"{live_server.url}/begeleiding/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn deelnemers")
    expect(page.get_by_text("Ahmed")).to_have_count(0)
    geen_horizontaal_scrollen(page)

    page.get_by_role("link", name="Sanne de Vries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sanne de Vries")
    geen_horizontaal_scrollen(page)
    page.evaluate("window.zelfdePagina = true")  # gone if the page reloads

    totaal = page.locator("#checklist-totaal")
    expect(totaal).to_contain_text("0 van de 4 werkopdrachten beheerst")
    knop = knop_voor(page, "Beheerst", "Pakbon controleren")
    box = knop.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44

    knop.click()
    expect(totaal).to_contain_text("1 van de 4 werkopdrachten beheerst")
    expect(page.get_by_role("status").first).to_contain_text("Pakbon controleren: beheerst sinds")
    knop_voor(page, "Beheerst", "Order picken met scanner").click()
    expect(totaal).to_contain_text("2 van de 4 werkopdrachten beheerst")
    expect(page.locator("#checklist-totaal [role=progressbar]")).to_have_attribute("aria-valuenow", "50")
    expect(page.locator("section#wp-" + str(_werkproces_pk(regio, "B1-K1-W3")))).to_contain_text("Werkproces beheerst")

    undo = knop_voor(page, "Ongedaan maken", "Pakbon controleren")
    assert undo.bounding_box()["height"] >= 44
    undo.click()
    expect(totaal).to_contain_text("1 van de 4 werkopdrachten beheerst")
    expect(knop_voor(page, "Beheerst", "Pakbon controleren")).to_be_visible()
    assert page.evaluate("window.zelfdePagina") is True  # all of it in place, no reload
    geen_horizontaal_scrollen(page)

    # The history of the row: who, from, to.
    rij = page.locator("li.checklist-rij", has_text="Pakbon controleren")
    rij.locator("summary").click()
    expect(rij.locator(".checklist-historie li")).to_have_count(2)
    expect(rij.locator(".checklist-historie")).to_contain_text("beheerst → nog niet")
    geen_horizontaal_scrollen(page)
    # The details came in when opened; their form saves a note in place.
    rij.get_by_label("Notitie (niet verplicht)").fill("Oefent nog met de scanner")
    rij.get_by_role("button", name="Opslaan").click()
    expect(page.locator("li.checklist-rij", has_text="Pakbon controleren")).to_contain_text("Oefent nog met de scanner")
    assert page.evaluate("window.zelfdePagina") is True

    page.reload()
    expect(page.locator("#checklist-totaal")).to_contain_text("1 van de 4 werkopdrachten beheerst")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_begeleider_of_another_bedrijf_gets_404(regio, live_server, browser):
    context = browser.new_context(**TELEFOON)
    page = context.new_page()
    log_in(page, live_server, "begeleider2", factories.WACHTWOORD)
    expect(page).to_have_url(f"{live_server.url}/begeleiding/")
    expect(page.get_by_text("Sanne de Vries")).to_have_count(0)
    response = page.goto(f"{live_server.url}{regio.get_absolute_url()}")
    assert response.status == 404
    context.close()


def _werkproces_pk(traject, code: str) -> int:
    return traject.vakvaardigheden.get().kwalificatie.werkprocessen.get(code=code).pk
