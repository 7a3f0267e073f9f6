"""Journey 5 and the public face: an employer reads the landing page on a phone and signs
someone up; the coördinator sees it on the dashboard, narrows the period and exports."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import client_voor
from tests.trajecten.builders_publiek import maak_verhaal

TELEFOON = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_employer_on_a_phone_reads_the_landing_page_and_signs_someone_up(world, live_server, browser):
    world.bedrijf.tonen_op_website = True
    world.bedrijf.save()
    maak_verhaal("Van kas naar vaste baan", personen={"Ahmed": True}).publiceer(door=world.coordinator)
    context = browser.new_context(viewport=TELEFOON, locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Leren op de werkvloer")
    expect(page.get_by_role("heading", name="Voor werkgevers")).to_be_visible()
    expect(page.get_by_text("Laborijn, Doetinchem")).to_be_visible()
    expect(page.get_by_role("heading", name="Van kas naar vaste baan")).to_be_visible()
    # nothing sticks out sideways on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= TELEFOON["width"]

    page.get_by_role("link", name="Meld een medewerker of kandidaat aan").click()
    expect(page).to_have_url(f"{live_server.url}/aanmelden/")
    page.get_by_label("Ik ben werkgever").check()
    page.get_by_label("Voornaam").fill("Fatima")
    page.get_by_label("Achternaam").fill("El Amrani")
    page.get_by_label("Geboortedatum").fill("1994-02-03")
    page.get_by_label("Geboorteplaats").fill("Casablanca")
    page.get_by_label("Woonplaats (gemeente)").fill("Doetinchem")
    page.get_by_label("Ik ben inburgeraar").check()
    page.get_by_label("Productielogistiek").check()
    page.get_by_label("Uw naam").fill("Jan Stadsboer")
    page.get_by_label("Uw e-mailadres").fill("jan@stadsboerin.example")
    page.get_by_role("button", name="Aanmelding versturen").click()
    # forgot the consent: a Dutch message, and what was typed is still there
    expect(page.get_by_role("alert").first).to_contain_text("De aanmelding is nog niet verstuurd")
    expect(page.get_by_label("Achternaam")).to_have_value("El Amrani")
    page.get_by_label("Ik vind het goed dat het programmabureau").check()
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("we hebben de aanmelding ontvangen")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_language_switch_keeps_the_page(world, live_server, browser):
    context = browser.new_context(viewport=TELEFOON, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/aanmelden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up for learning on the job")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden voor praktijkleren")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_coordinator_sees_the_programme_at_a_glance_and_exports(world, live_server, browser):
    from trajecten.aanmelding import aanvraag_via_website
    from trajecten.forms.publiek import AanmeldenForm

    form = AanmeldenForm(
        {
            "wie": "zelf",
            "voornamen": "Fatima",
            "achternaam": "El Amrani",
            "geboortedatum": "1994-02-03",
            "geboorteplaats": "Casablanca",
            "gemeente": "Doetinchem",
            "telefoon": "0612345678",
            "doelgroep": "inburgeraar",
            "toestemming": "on",
        }
    )
    assert form.is_valid(), form.errors
    aanvraag_via_website(gegevens=form.cleaned_data)

    client = client_voor(world, "coordinator")
    context = browser.new_context(accept_downloads=True, locale="nl-NL")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('overzicht')}")
    ingediend = page.get_by_role("link", name="2 Ingediend")
    expect(ingediend).to_be_visible()
    expect(page.get_by_role("figure", name="Aanvragen per fase")).to_be_visible()
    # the chart's numbers are there for a screen reader
    expect(page.get_by_role("table", name="Aanvragen per fase").get_by_role("row", name="ingediend 2")).to_have_count(1)

    page.get_by_role("link", name="Vorig jaar").click()
    expect(page.get_by_text("Je ziet 1 januari")).to_be_visible()
    expect(page.get_by_role("link", name="0 Ingediend")).to_be_visible()
    page.get_by_role("link", name="Alles").click()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV Aanvragen").click()
    download = download_info.value
    assert download.suggested_filename.startswith("praktijkwijs-aanvragen-")
    tekst = Path(download.path()).read_text(encoding="utf-8-sig")
    rijen = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    assert "Fatima El Amrani" in [rij[3] for rij in rijen[1:]]

    ingediend = page.get_by_role("link", name="2 Ingediend")
    ingediend.click()
    expect(page).to_have_url(f"{live_server.url}/aanvragen/?status=ingediend")
    expect(page.get_by_text("Fatima El Amrani")).to_be_visible()
    context.close()
