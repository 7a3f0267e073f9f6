import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

HOMES = {
    "coordinator": ("/overzicht/", "Overzicht"),
    "begeleider": ("/begeleiding/", "Mijn deelnemers"),
    "beoordelaar": ("/beoordelen/", "Beoordelen"),
    "deelnemer": ("/mijn/", "Hallo"),
}


@pytest.mark.django_db(transaction=True)
def test_each_demo_role_lands_on_its_own_home(demo, live_server, browser):
    for username, (path, heading) in HOMES.items():
        context = browser.new_context()
        page = context.new_page()
        log_in(page, live_server, username)
        expect(page).to_have_url(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        page.get_by_role("button", name="Uitloggen").click()
        expect(page).to_have_url(f"{live_server.url}/inloggen/")
        context.close()


@pytest.mark.django_db(transaction=True)
def test_login_page_shows_demo_logins_only_in_demo_mode(live_server, page, settings):
    settings.DEMO_MODE = True
    page.goto(f"{live_server.url}/inloggen/")
    expect(page.get_by_text("demo-praktijkwijs")).to_be_visible()
    settings.DEMO_MODE = False
    page.goto(f"{live_server.url}/inloggen/")
    expect(page.get_by_text("demo-praktijkwijs")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_wrong_password_gets_a_dutch_message(live_server, page):
    log_in(page, live_server, "coordinator", "fout")
    expect(page.locator(".alert-danger")).to_contain_text("gebruikersnaam en wachtwoord")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("coordinator")
