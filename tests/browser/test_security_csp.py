"""The Content-Security-Policy blocks nothing the app itself needs: htmx and Bootstrap load
(with the nonce) and the browser reports no violation on the main pages."""

import pytest

from tests.browser.conftest import log_in

PAGINAS = ["/overzicht/", "/aanvragen/", "/trajecten/", "/trajecten/1/", "/deelnemers/1/inzage/", "/catalogus/"]


@pytest.mark.django_db(transaction=True)
def test_no_csp_violations_and_scripts_load(demo, live_server, page):
    meldingen = []
    page.on("console", lambda bericht: meldingen.append(bericht.text))
    log_in(page, live_server, "coordinator")
    for pad in PAGINAS:
        page.goto(f"{live_server.url}{pad}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof htmx") == "object", pad
        assert page.evaluate("typeof bootstrap") == "object", pad
    assert not [m for m in meldingen if "Content Security Policy" in m or "Refused to" in m]
