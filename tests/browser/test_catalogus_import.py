"""A coördinator on a phone imports the werkopdrachten of a new vakvaardigheid from a spreadsheet:
a file with a mistake shows the error on its row and saves nothing; the corrected file is
previewed, confirmed, and the werkopdrachten appear."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests import factories
from tests.werkopdrachten.builders_catalogus import WERKOPDRACHTEN_KOP, xlsx_bytes
from werkopdrachten.models import Vakvaardigheid

TELEFOON = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def geen_horizontaal_scrollen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.django_db(transaction=True)
def test_coordinator_imports_werkopdrachten_from_a_spreadsheet(live_server, browser, tmp_path):
    coordinator = factories.maak_user("coordinator", "coordinator")
    kwalificatie = factories.maak_kwalificatie(naam="Medewerker logistiek")
    vak = Vakvaardigheid.objects.create(naam="Assistent magazijn", kwalificatie=kwalificatie)
    fout = tmp_path / "werkopdrachten.xlsx"
    fout.write_bytes(
        xlsx_bytes([WERKOPDRACHTEN_KOP, [1, "Pakbon controleren", "", "B1-K1-W1"], [2, "Order picken", "", "B1-K9-W9"]])
    )
    goed = tmp_path / "werkopdrachten-verbeterd.xlsx"
    goed.write_bytes(
        xlsx_bytes([WERKOPDRACHTEN_KOP, [1, "Pakbon controleren", "", "B1-K1-W1"], [2, "Order picken", "", "B1-K1-W3"]])
    )

    context = browser.new_context(**TELEFOON)
    # Logged in through a session cookie: this journey is about the catalogue, the login page
    # has its own browser test.
    client = Client()
    client.force_login(coordinator)
    sessie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": sessie, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/catalogus/")
    page.get_by_role("link", name="Assistent magazijn").click()
    page.get_by_role("link", name="Werkopdrachten importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkopdrachten importeren")
    geen_horizontaal_scrollen(page)

    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(fout))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("Onbekende werkprocescode: B1-K9-W9")).to_be_visible()
    expect(page.get_by_role("button", name="Bevestigen en opslaan")).to_have_count(0)
    geen_horizontaal_scrollen(page)
    assert not vak.werkopdrachten.exists()

    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(goed))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("Alle 2 regels zijn in orde.")).to_be_visible()
    assert not vak.werkopdrachten.exists()
    page.get_by_role("button", name="Bevestigen en opslaan").click()

    expect(page.get_by_text("2 regels zijn geïmporteerd.")).to_be_visible()
    expect(page.locator("li .fw-semibold", has_text="Order picken")).to_be_visible()
    geen_horizontaal_scrollen(page)
    assert list(vak.werkopdrachten.values_list("titel", flat=True)) == ["Pakbon controleren", "Order picken"]

    # The other catalogue pages fit the phone too.
    for pad in (
        kwalificatie.get_absolute_url(),
        f"/catalogus/werkopdrachten/{vak.werkopdrachten.first().pk}/bewerken/",
        "/catalogus/",
    ):
        page.goto(f"{live_server.url}{pad}")
        geen_horizontaal_scrollen(page)
