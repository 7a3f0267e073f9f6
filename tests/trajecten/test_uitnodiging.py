"""The invitation link: set a password once, land on your own home; expired links say so."""

import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from praktijkwijs.uitnodigingen import uitnodiging_verstuur
from trajecten.services import praktijkbegeleider_maak

pytestmark = pytest.mark.django_db

NIEUW_WACHTWOORD = "Pompwagen-Pallet-2026"


@pytest.fixture
def uitgenodigd(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        begeleider = praktijkbegeleider_maak(
            bedrijf=world.bedrijf, email="henk@laborijn.nl", voornaam="Henk", achternaam="Bos"
        )
    return begeleider.user


def link_uit(mail) -> str:
    return re.search(r"https?://[^/]+(/wachtwoord-instellen/\S+/)", mail.body).group(1)


def test_invitation_mail_names_the_username_and_expiry(uitgenodigd, mailoutbox):
    mail = mailoutbox[0]
    assert mail.subject == "Uitnodiging voor PraktijkWijs: stel je wachtwoord in"
    assert "henk@laborijn.nl" in mail.body
    assert "3 dagen geldig" in mail.body


def test_setting_the_password_logs_in_and_lands_on_the_home(client, uitgenodigd, mailoutbox):
    pagina = client.get(link_uit(mailoutbox[0]), follow=True)
    assert "Wachtwoord instellen" in pagina.content.decode()
    response = client.post(
        pagina.redirect_chain[-1][0], {"new_password1": NIEUW_WACHTWOORD, "new_password2": NIEUW_WACHTWOORD}
    )
    assert response["Location"] == reverse("home")
    uitgenodigd.refresh_from_db()
    assert uitgenodigd.check_password(NIEUW_WACHTWOORD)
    assert client.get(reverse("begeleiding")).status_code == 200


def test_link_works_only_once(client, uitgenodigd, mailoutbox):
    link = link_uit(mailoutbox[0])
    pagina = client.get(link, follow=True)
    client.post(pagina.redirect_chain[-1][0], {"new_password1": NIEUW_WACHTWOORD, "new_password2": NIEUW_WACHTWOORD})
    client.logout()
    response = client.get(link, follow=True)
    assert "Deze link werkt niet meer" in response.content.decode()


def test_link_expires_after_three_days(client, uitgenodigd, mailoutbox):
    link = link_uit(mailoutbox[0])
    with time_machine.travel(timezone.now() + timezone.timedelta(days=4)):
        response = client.get(link, follow=True)
    assert "Deze link werkt niet meer" in response.content.decode()


def test_weak_password_gets_a_dutch_message(client, uitgenodigd, mailoutbox):
    pagina = client.get(link_uit(mailoutbox[0]), follow=True)
    response = client.post(pagina.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"})
    assert "Dit wachtwoord is te algemeen." in response.content.decode()
    uitgenodigd.refresh_from_db()
    assert not uitgenodigd.has_usable_password()


def test_no_mail_when_the_login_is_rolled_back(world, mailoutbox, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                praktijkbegeleider_maak(bedrijf=world.bedrijf, email="weg@example.org", voornaam="W", achternaam="E")
                raise RuntimeError("later step fails")
        except RuntimeError:
            pass
    assert mailoutbox == []


def test_user_without_email_gets_no_mail(world, mailoutbox):
    uitnodiging_verstuur(world.coordinator)
    assert mailoutbox == []
