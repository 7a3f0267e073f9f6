"""Journeys 3 and 4: the coördinator proposes a verklaring, the beoordelaar approves, the
deelnemer downloads the PDF; an employer opens the printed verification address, and sees
*ingetrokken* once the coördinator revokes it."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import log_in


def nieuwe_pagina(browser, live_server, username: str | None = None):
    # Chromium asks for English by default; our users' browsers ask for Dutch.
    context = browser.new_context(accept_downloads=True, locale="nl-NL")
    page = context.new_page()
    if username:
        log_in(page, live_server, username)
    return page


@pytest.mark.django_db(transaction=True)
def test_propose_approve_download_verify_and_revoke(demo, live_server, browser, settings):
    from praktijkwijs.models import User
    from trajecten.models import Traject, Verklaring

    # The printed address (and QR code) must lead to this test server.
    settings.SITE_URL = live_server.url
    traject = Traject.objects.select_related("deelnemer").get(deelnemer__user__username="deelnemer")
    # Should the demo already hold a verklaring for this traject, take it out of the way so the
    # journey starts from a traject that is ready for one.
    for verklaring in Verklaring.objects.filter(traject=traject, status="uitgegeven"):
        verklaring.trek_in(door=User.objects.get(username="coordinator"), reden="Ruimte voor de test.")
    Verklaring.objects.filter(traject=traject, status="voorgesteld").update(
        status="teruggestuurd", terugstuurreden="Ruimte voor de test."
    )
    naam = traject.deelnemer.naam

    # Journey 3: the coördinator proposes from the traject page.
    coordinator = nieuwe_pagina(browser, live_server, "coordinator")
    coordinator.goto(f"{live_server.url}/trajecten/{traject.pk}/")
    coordinator.get_by_role("link", name="Verklaring voorstellen").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Verklaring voorstellen")
    coordinator.get_by_label("Samenvattend oordeel van de praktijkbegeleider").fill("Werkt zelfstandig en veilig.")
    coordinator.get_by_role("button", name="Voorstel naar de beoordelaar sturen").click()
    expect(coordinator.get_by_role("alert")).to_contain_text("Het voorstel is naar de beoordelaar")

    # The beoordelaar approves from the queue; the PDF is issued.
    beoordelaar = nieuwe_pagina(browser, live_server, "beoordelaar")
    expect(beoordelaar).to_have_url(f"{live_server.url}/beoordelen/")
    beoordelaar.get_by_role("region", name="Voorstellen voor een praktijkverklaring").get_by_role(
        "link", name=naam
    ).click()
    expect(beoordelaar.get_by_text("Werkt zelfstandig en veilig.")).to_be_visible()
    beoordelaar.get_by_role("button", name="Goedkeuren en uitgeven").click()
    expect(beoordelaar.get_by_role("alert")).to_contain_text("Goedgekeurd en uitgegeven als")

    # The deelnemer downloads it from /mijn/.
    deelnemer = nieuwe_pagina(browser, live_server, "deelnemer")
    expect(deelnemer).to_have_url(f"{live_server.url}/mijn/")
    with deelnemer.expect_download() as info:
        deelnemer.get_by_role("link", name="Download je verklaring (PDF)").click()
    download = info.value
    assert re.fullmatch(r"praktijkverklaring-GC-\d{4}-\d{4}\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as bestand:
        inhoud = bestand.read()
    assert inhoud.startswith(b"%PDF")

    # Journey 4: an employer opens the address printed under the QR code.
    tekst = "".join(page.extract_text() for page in PdfReader(io.BytesIO(inhoud)).pages)
    adres = re.search(rf"{re.escape(live_server.url)}/verificatie/[0-9A-Z]+/", tekst).group(0)
    werkgever = nieuwe_pagina(browser, live_server)
    werkgever.goto(adres)
    expect(werkgever.get_by_role("heading", name="Geldig")).to_be_visible()
    expect(werkgever.get_by_text(naam)).to_be_visible()

    # The coördinator revokes it; the verification page now says so.
    coordinator.goto(f"{live_server.url}/trajecten/{traject.pk}/")
    coordinator.get_by_role("link", name=re.compile(r"GC-\d{4}-\d{4}")).first.click()
    coordinator.get_by_label("Reden van intrekking").fill("Geboorteplaats verkeerd overgenomen.")
    coordinator.get_by_role("button", name="Verklaring intrekken").click()
    expect(coordinator.get_by_role("alert").first).to_contain_text("is ingetrokken")
    werkgever.reload()
    expect(werkgever.get_by_role("heading", name="Ingetrokken")).to_be_visible()
