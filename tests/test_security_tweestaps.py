"""Two-factor login (TOTP, RFC 6238) for coördinatoren and beoordelaars."""

import base64
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from praktijkwijs import otp
from praktijkwijs.models import TweeStapsApparaat
from tests.conftest import client_voor
from tests.factories import WACHTWOORD

# RFC 6238 appendix B: the SHA-1 test secret and its 8-digit codes.
RFC_GEHEIM = base64.b32encode(b"12345678901234567890").decode()


@pytest.fixture(autouse=True)
def _tweestaps_aan(settings):
    settings.TWO_FACTOR_REQUIRED = True
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("moment", "code"),
    [(59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924"), (20000000000, "65353130")],
)
def test_totp_matches_the_rfc_6238_test_vectors(moment, code):
    assert otp.hotp(RFC_GEHEIM, otp.tijdstap(moment), cijfers=8) == code


def test_code_of_the_previous_step_is_accepted_but_not_older():
    geheim = otp.nieuw_geheim()
    nu = 1_800_000_000
    assert otp.geldige_stap(geheim, otp.totp(geheim, nu - 30), moment=nu) is not None
    assert otp.geldige_stap(geheim, otp.totp(geheim, nu - 90), moment=nu) is None
    assert otp.geldige_stap(geheim, "12345a", moment=nu) is None


def inloggen(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": WACHTWOORD})
    assert response.status_code == 302
    return client


def geheim_van_pagina(html: str) -> str:
    sleutel = re.search(r'<code class="fs-6">([A-Z2-7 ]+)</code>', html).group(1)
    return sleutel.replace(" ", "")


def test_coordinator_must_set_up_2fa_before_seeing_any_page(world):
    client = inloggen("coordinator")
    response = client.get(reverse("overzicht"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("tweestaps_instellen"))
    pagina = client.get(response["Location"])
    html = pagina.content.decode()
    assert "<svg" in html  # the QR code
    geheim = geheim_van_pagina(html)

    fout = client.post(reverse("tweestaps_instellen"), {"code": "000000" if otp.totp(geheim) != "000000" else "111111"})
    assert "klopt niet" in fout.content.decode()
    assert client.get(reverse("overzicht")).status_code == 302

    response = client.post(reverse("tweestaps_instellen"), {"code": otp.totp(geheim), "next": reverse("overzicht")})
    assert response.status_code == 302 and response["Location"] == reverse("overzicht")
    assert client.get(reverse("overzicht")).status_code == 200
    assert TweeStapsApparaat.objects.get(user=world.coordinator).geheim == geheim


def test_next_login_asks_the_code_and_refuses_a_used_or_wrong_one(world):
    geheim = otp.nieuw_geheim()
    with time_machine.travel(1_800_000_000, tick=False) as reis:
        assert otp.bevestig_apparaat(world.beoordelaar, geheim, otp.totp(geheim))  # the enrolment code is spent
        client = inloggen("beoordelaar")
        response = client.get(reverse("beoordelen"))
        assert response["Location"].startswith(reverse("tweestaps"))
        assert client.get(reverse("tweestaps_instellen"))["Location"] == reverse("tweestaps")  # no bypass

        gebruikt = client.post(reverse("tweestaps"), {"code": otp.totp(geheim)})
        assert "klopt niet" in gebruikt.content.decode()
        assert client.post(reverse("tweestaps"), {"code": "12"}).status_code == 200

        reis.shift(30)
        response = client.post(reverse("tweestaps"), {"code": otp.totp(geheim), "next": reverse("beoordelen")})
        assert response["Location"] == reverse("beoordelen")
        assert client.get(reverse("beoordelen")).status_code == 200


def test_wrong_codes_are_rate_limited(world):
    geheim = otp.nieuw_geheim()
    otp.bevestig_apparaat(world.coordinator, geheim, otp.totp(geheim))
    client = inloggen("coordinator")
    fout = "000000" if otp.totp(geheim) != "000000" else "111111"
    for _ in range(5):
        client.post(reverse("tweestaps"), {"code": fout})
    response = client.post(reverse("tweestaps"), {"code": fout})
    assert "Te veel pogingen" in response.content.decode()


def test_begeleider_and_deelnemer_are_not_asked_for_a_code(world):
    assert inloggen("begeleider").get(reverse("begeleiding")).status_code == 200
    assert inloggen("deelnemer").get(reverse("mijn")).status_code == 200


def test_not_asked_in_demo_mode_unless_set_up(world, settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert inloggen("coordinator").get(reverse("overzicht")).status_code == 200
    geheim = otp.nieuw_geheim()
    otp.bevestig_apparaat(world.begeleider, geheim, otp.totp(geheim))
    assert inloggen("begeleider").get(reverse("begeleiding")).status_code == 302


def test_logout_stays_possible_while_the_code_is_owed(world):
    client = inloggen("coordinator")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("overzicht"))["Location"].startswith(reverse("login"))


def test_htmx_request_gets_a_full_page_redirect_to_the_code_page(world):
    client = inloggen("coordinator")
    response = client.get(reverse("overzicht"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("tweestaps_instellen")


def test_force_login_in_tests_needs_no_code_when_2fa_is_off(world, settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert client_voor(world, "coordinator").get(reverse("overzicht")).status_code == 200
