"""Logins: lockout after repeated failures (django-axes), the login log without passwords,
session limits, deactivated users, password changes, and single-use invitation links."""

import datetime
import logging

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import client_voor
from tests.factories import WACHTWOORD

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _lege_cache():
    cache.clear()  # the per-IP login rate limit counts in the cache
    yield
    cache.clear()


def inloggen(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


# -- lockout ----------------------------------------------------------------------------------


def test_repeated_wrong_passwords_lock_the_username_with_a_dutch_message(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = inloggen(client, "coordinator", "fout-wachtwoord")
        assert response.status_code == 200  # the form again, with an error
    response = inloggen(client, "coordinator", "fout-wachtwoord")
    assert response.status_code == 429
    assert "Inloggen is even geblokkeerd" in response.content.decode()
    # Even the right password is refused while locked.
    response = inloggen(Client(), "coordinator", WACHTWOORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in Client().session


def test_lockout_is_per_username_not_for_everyone(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        inloggen(client, "coordinator", "fout-wachtwoord")
    assert inloggen(client, "begeleider", WACHTWOORD).status_code == 302


def test_lockout_ends_after_the_cooloff_time(world, settings):
    with time_machine.travel(START, tick=False) as reis:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            inloggen(Client(), "coordinator", "fout-wachtwoord")
        assert inloggen(Client(), "coordinator", WACHTWOORD).status_code == 429
        reis.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1))
        assert inloggen(Client(), "coordinator", WACHTWOORD).status_code == 302


def test_many_logins_from_one_address_are_slowed_down(world, settings, stilstaande_klok):
    settings.LOGIN_POGINGEN_PER_IP = 3
    client = Client()
    for naam in ["a", "b", "c"]:
        assert inloggen(client, naam, "x").status_code == 200
    assert inloggen(client, "d", "x").status_code == 429


def test_force_login_still_works_with_axes_installed(world):
    assert client_voor(world, "coordinator").get(reverse("overzicht")).status_code == 200


# -- the login log ----------------------------------------------------------------------------


def test_logins_are_logged_with_ids_and_ip_but_never_passwords(world, caplog):
    caplog.set_level(logging.INFO, logger="praktijkwijs.beveiliging")
    inloggen(Client(), "coordinator", "Mijn-Geheime-Poging-1")
    inloggen(Client(), "Sanne.de.Vries", "Ander-Geheim-2")
    inloggen(Client(), "coordinator", WACHTWOORD)
    tekst = caplog.text
    assert f"login mislukt user_id={world.coordinator.pk} ip=127.0.0.1" in tekst
    assert "login mislukt onbekende_naam=" in tekst
    assert f"login geslaagd user_id={world.coordinator.pk} ip=127.0.0.1" in tekst
    for geheim in ["Mijn-Geheime-Poging-1", "Ander-Geheim-2", WACHTWOORD, "Sanne.de.Vries"]:
        assert geheim not in tekst


# -- session limits ---------------------------------------------------------------------------


def test_staff_session_ends_after_30_idle_minutes(world):
    with time_machine.travel(START, tick=False) as reis:
        client = client_voor(world, "coordinator")
        assert client.get(reverse("overzicht")).status_code == 200
        reis.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("overzicht")).status_code == 200  # activity keeps it alive
        reis.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("overzicht")).status_code == 200
        reis.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("overzicht"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert client.get(reverse("overzicht")).status_code == 302  # really logged out


def test_idle_timeout_answers_htmx_with_a_full_page_redirect(world):
    with time_machine.travel(START, tick=False) as reis:
        client = client_voor(world, "beoordelaar")
        reis.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("beoordelen"), headers={"HX-Request": "true"})
        assert response["HX-Redirect"].startswith(reverse("login"))


def test_begeleider_is_not_logged_out_after_30_idle_minutes(world):
    with time_machine.travel(START, tick=False) as reis:
        client = client_voor(world, "begeleider")
        reis.shift(datetime.timedelta(minutes=45))
        assert client.get(reverse("begeleiding")).status_code == 200


def test_every_session_ends_after_12_hours_even_when_active(world):
    with time_machine.travel(START, tick=False) as reis:
        client = client_voor(world, "coordinator")
        for _ in range(12 * 3 + 1):  # a page every 20 minutes, for just over 12 hours
            reis.shift(datetime.timedelta(minutes=20))
            response = client.get(reverse("overzicht"))
        assert response.status_code == 302
        begeleider = client_voor(world, "begeleider")
        reis.shift(datetime.timedelta(hours=12, minutes=1))
        assert begeleider.get(reverse("begeleiding")).status_code == 302


def test_deactivated_user_is_out_on_the_next_request(world):
    client = client_voor(world, "begeleider")
    assert client.get(reverse("begeleiding")).status_code == 200
    world.begeleider.is_active = False
    world.begeleider.save(update_fields=["is_active"])
    response = client.get(reverse("begeleiding"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_password_change_keeps_this_session_and_ends_the_others(world):
    hier = client_voor(world, "coordinator")
    elders = client_voor(world, "coordinator")
    response = hier.post(
        reverse("wachtwoord_wijzigen"),
        {
            "old_password": WACHTWOORD,
            "new_password1": "Nieuw-lang-Wachtwoord-77",
            "new_password2": "Nieuw-lang-Wachtwoord-77",
        },
    )
    assert response.status_code == 302
    assert hier.get(reverse("overzicht")).status_code == 200
    assert elders.get(reverse("overzicht")).status_code == 302


def test_password_change_refuses_a_common_password(world):
    client = client_voor(world, "coordinator")
    response = client.post(
        reverse("wachtwoord_wijzigen"),
        {"old_password": WACHTWOORD, "new_password1": "password123", "new_password2": "password123"},
    )
    assert response.status_code == 200
    assert "te vaak gebruikt" in response.content.decode() or "te algemeen" in response.content.decode()


# -- invitation / reset links -----------------------------------------------------------------


def uitnodiging(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("wachtwoord_instellen", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})


def test_invitation_link_works_once(world):
    link = uitnodiging(world.begeleider)
    client = Client()
    formulier = client.get(link, follow=True)
    assert formulier.status_code == 200
    nieuw = "Eigen-lang-Wachtwoord-31"
    response = client.post(formulier.redirect_chain[-1][0], {"new_password1": nieuw, "new_password2": nieuw})
    assert response.status_code == 302
    Client().post(reverse("logout"))
    tweede = Client().get(link, follow=True)
    assert "werkt niet meer" in tweede.content.decode()


def test_invitation_token_expires(world, settings):
    with time_machine.travel(START, tick=False) as reis:
        token = default_token_generator.make_token(world.begeleider)
        assert default_token_generator.check_token(world.begeleider, token)
        reis.shift(datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60))
        assert not default_token_generator.check_token(world.begeleider, token)


def test_invitation_token_stops_working_once_the_password_is_set(world):
    token = default_token_generator.make_token(world.begeleider)
    world.begeleider.set_password("Eigen-lang-Wachtwoord-31")
    world.begeleider.save()
    assert not default_token_generator.check_token(world.begeleider, token)
