"""Journey 1 in Chromium: a coördinator takes a new aanvraag all the way to a running traject."""

import re

import pytest
from playwright.sync_api import expect

from praktijkwijs.models import User
from tests import factories
from tests.browser.conftest import log_in
from trajecten.models import Traject


@pytest.fixture
def browser_context_args(browser_context_args):
    # The interface is Dutch; Chromium would otherwise ask for English.
    return {**browser_context_args, "locale": "nl-NL"}


@pytest.fixture
def regio(transactional_db):
    factories.maak_user(User.Rol.COORDINATOR, "coordinator")
    bedrijf = factories.maak_bedrijf("Laborijn")
    begeleider = factories.maak_begeleider(bedrijf, "begeleider")
    factories.maak_school("Graafschap College", "GC")
    factories.maak_vakvaardigheid(naam="Productielogistiek")
    return begeleider


@pytest.mark.django_db(transaction=True)
def test_coordinator_takes_an_aanvraag_to_a_running_traject(regio, live_server, page):
    log_in(page, live_server, "coordinator", factories.WACHTWOORD)
    page.get_by_role("link", name="Aanvragen").first.click()
    page.get_by_role("link", name="Nieuwe aanvraag").click()

    # A new deelnemer, and where she will learn.
    page.get_by_label("Voornamen").fill("Fatima")
    page.get_by_label("Achternaam").fill("El Amrani")
    page.get_by_label("Geboortedatum").fill("1991-03-14")
    page.get_by_label("Geboorteplaats").fill("Casablanca")
    page.get_by_label("Gemeente").fill("Doetinchem")
    page.get_by_label("Doelgroep").select_option("inburgeraar")
    page.get_by_label("Productielogistiek").check()
    page.get_by_label("Bedrijf", exact=True).select_option(label="Laborijn")
    page.get_by_label("Praktijkbegeleider", exact=True).select_option(label=f"{regio.naam} (Laborijn)")
    page.get_by_label("School", exact=True).select_option(label="Graafschap College")
    page.get_by_role("button", name="Aanvraag vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fatima El Amrani")

    # Plan the intake.
    page.get_by_role("link", name="Intake plannen").click()
    page.get_by_label("Datum").fill("2026-10-05")
    page.get_by_label("Tijd").fill("10:30")
    page.get_by_role("button", name="Intake plannen").click()
    expect(page.get_by_role("alert")).to_contain_text("De intake is gepland.")

    # Record it: she can already check a packing slip.
    page.get_by_role("link", name="Intake vastleggen").click()
    page.get_by_label("Verslag").fill("Gemotiveerd, heeft in een magazijn gewerkt.")
    page.get_by_label("positief").check()
    page.get_by_label("Productielogistiek: Pakbon controleren").check()
    page.get_by_role("button", name="Intake vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("De intake is vastgelegd.")

    # Approve and start: the form is filled in from the aanvraag already.
    page.get_by_role("link", name="Goedkeuren en traject starten").click()
    expect(page.locator("#id_bedrijf")).to_have_value(str(regio.bedrijf_id))
    expect(
        page.get_by_role("group", name="Al beheerst bij intake").get_by_label("Productielogistiek: Pakbon controleren")
    ).to_be_checked()
    page.get_by_role("button", name="Goedkeuren en traject starten").click()
    expect(page.get_by_role("alert")).to_contain_text("Het traject van Fatima El Amrani is gestart.")
    expect(page).to_have_url(re.compile(r"/trajecten/\d+/$"))
    # The traject's history loads when scrolled to.
    page.get_by_role("heading", name="Historie").scroll_into_view_if_needed()
    expect(page.locator("#traject-historie")).to_contain_text("Aangemaakt")

    # And there it is in the overview, found by filtering in place.
    page.get_by_role("link", name="Trajecten").first.click()
    page.get_by_label("Zoek op deelnemer").fill("fatima")
    expect(page).to_have_url(re.compile(r"zoek=fatima"))
    rij = page.get_by_role("row").filter(has_text="Fatima El Amrani")
    expect(rij).to_contain_text("actief")
    expect(page.get_by_role("row")).to_have_count(2)  # heading + Fatima

    traject = Traject.objects.get(deelnemer__voornamen="Fatima")
    assert (traject.aantal_opdrachten, traject.aantal_beheerst) == (4, 1)


@pytest.mark.django_db(transaction=True)
def test_coordinator_finds_a_known_deelnemer_without_losing_what_was_typed(regio, live_server, page):
    bekend = factories.maak_deelnemer("Sanne", "de Vries", gemeente="Winterswijk")
    log_in(page, live_server, "coordinator", factories.WACHTWOORD)
    page.goto(f"{live_server.url}/aanvragen/nieuw/")
    page.get_by_label("Toelichting").fill("Via het taalcafé")

    # The search replaces only the choices (htmx): the note stays.
    page.get_by_label("Zoek een bekende deelnemer").fill("sanne vries")
    page.get_by_role("button", name="Zoeken").click()
    keuze = page.get_by_label("Sanne de Vries (17-05-1990, Winterswijk)")
    expect(keuze).to_be_visible()
    expect(page.get_by_label("Toelichting")).to_have_value("Via het taalcafé")
    keuze.check()
    page.get_by_role("button", name="Aanvraag vastleggen").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Sanne de Vries")
    aanvraag = bekend.aanvragen.get()
    assert aanvraag.toelichting == "Via het taalcafé"
