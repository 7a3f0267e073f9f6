"""People and organisations: lists with search, create and edit, the SBB warning, invitations."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from praktijkwijs.models import ToegangsLog, User
from tests import factories
from trajecten.models import Bedrijf, Beoordelaar, Deelnemer, Praktijkbegeleider, School

pytestmark = pytest.mark.django_db


def berichten(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_deelnemer_search(coordinator_client, world):
    response = coordinator_client.get(reverse("trajecten:deelnemers"), {"zoek": "vries"})
    assert [d.voornamen for d in response.context["pagina"]] == ["Sanne"]


@pytest.mark.parametrize("extra", [0, 30])
def test_deelnemer_list_query_count(coordinator_client, world, django_assert_num_queries, extra):
    for _ in range(extra):
        factories.maak_deelnemer()
    # 1 session, 2 user, 3 count for the paginator, 4 the page of deelnemers.
    with django_assert_num_queries(4):
        coordinator_client.get(reverse("trajecten:deelnemers"))


@pytest.mark.parametrize("extra", [0, 30])
def test_deelnemer_search_query_count(coordinator_client, world, django_assert_num_queries, extra):
    for _ in range(extra):
        factories.maak_deelnemer(achternaam="Vries")
    # 1 session, 2 user, 3 the numbers of the matches (few enough: also their count),
    # 4 the page of deelnemers.
    with django_assert_num_queries(4):
        coordinator_client.get(reverse("trajecten:deelnemers"), {"zoek": "vries"})


@pytest.mark.parametrize("drempel", [0, 1000])  # always walking the sorted list, always by numbers
def test_deelnemer_search_pages_the_same_whichever_way_they_are_fetched(
    coordinator_client, world, monkeypatch, drempel
):
    for nummer in range(30):
        factories.maak_deelnemer(voornamen=f"Pieter{nummer:02}", achternaam=["Bakker", "Aalders"][nummer % 2])
    factories.maak_deelnemer(voornamen="Anna", achternaam="Pietersen")
    monkeypatch.setattr("trajecten.views.organisaties.DEELNEMERS_OP_NUMMERS_TOT", drempel)
    paginas = [
        [
            (d.achternaam, d.voornamen)
            for d in coordinator_client.get(reverse("trajecten:deelnemers"), params).context["pagina"]
        ]
        for params in ({"zoek": "pieter"}, {"zoek": "pieter", "pagina": 2}, {"zoek": "niemand"})
    ]
    alle = sorted([("Aalders" if n % 2 else "Bakker", f"Pieter{n:02}") for n in range(30)] + [("Pietersen", "Anna")])
    assert paginas == [alle[:25], alle[25:], []]


@pytest.mark.parametrize("extra", [0, 30])
def test_bedrijf_list_query_count(coordinator_client, world, django_assert_num_queries, extra):
    for nummer in range(extra):
        factories.maak_bedrijf(f"Bedrijf {nummer}")
    # 1 session, 2 user, 3 count for the paginator, 4 the page of bedrijven.
    with django_assert_num_queries(4):
        coordinator_client.get(reverse("trajecten:bedrijven"), {"zoek": "b"})


def test_bedrijf_and_school_search(coordinator_client, world):
    response = coordinator_client.get(reverse("trajecten:bedrijven"), {"zoek": "stadsboerin"})
    assert [b.naam for b in response.context["pagina"]] == ["Stadsboerin Doetinchem"]
    response = coordinator_client.get(reverse("trajecten:scholen"), {"zoek": "graafschap"})
    assert [s.naam for s in response.context["pagina"]] == ["Graafschap College"]


def test_new_deelnemer_with_login_gets_an_invitation(
    coordinator_client, world, mailoutbox, django_capture_on_commit_callbacks
):
    data = {
        "voornamen": "Fatima",
        "achternaam": "El Amrani",
        "geboortedatum": "1991-03-14",
        "geboorteplaats": "Casablanca",
        "email": "fatima@example.org",
        "gemeente": "Doetinchem",
        "doelgroep": "inburgeraar",
        "verwijzer": "gemeente",
        "login_aanmaken": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("trajecten:deelnemer_nieuw"), data)
    deelnemer = Deelnemer.objects.get(voornamen="Fatima")
    assert response["Location"] == deelnemer.get_absolute_url()
    assert deelnemer.user.rol == User.Rol.DEELNEMER
    assert not deelnemer.user.has_usable_password()
    assert [m.to for m in mailoutbox] == [["fatima@example.org"]]
    assert ToegangsLog.objects.filter(deelnemer_id=deelnemer.pk, actie="gewijzigd").exists()


def test_login_without_email_is_refused_and_nothing_saved(coordinator_client, world, mailoutbox):
    data = {
        "voornamen": "Piet",
        "achternaam": "Zonder",
        "geboortedatum": "1991-03-14",
        "geboorteplaats": "Zutphen",
        "gemeente": "Zutphen",
        "doelgroep": "werkzoekende",
        "verwijzer": "zelf",
        "login_aanmaken": "on",
    }
    response = coordinator_client.post(reverse("trajecten:deelnemer_nieuw"), data)
    assert "Vul een e-mailadres in" in response.content.decode()
    assert not Deelnemer.objects.filter(voornamen="Piet").exists()
    assert mailoutbox == []


def test_new_deelnemer_duplicate_warning(coordinator_client, world):
    data = {
        "voornamen": "Sanne",
        "achternaam": "de Vries",
        "geboortedatum": "1990-05-17",
        "geboorteplaats": "Doetinchem",
        "gemeente": "Doetinchem",
        "doelgroep": "werkzoekende",
        "verwijzer": "zelf",
    }
    response = coordinator_client.post(reverse("trajecten:deelnemer_nieuw"), data)
    assert "Deze deelnemer bestaat misschien al." in response.content.decode()
    assert Deelnemer.objects.filter(achternaam="de Vries").count() == 1


def test_edit_deelnemer_is_logged(coordinator_client, world):
    deelnemer = world.traject.deelnemer
    data = {
        "voornamen": "Sanne",
        "achternaam": "de Vries",
        "geboortedatum": "1990-05-17",
        "geboorteplaats": "Doetinchem",
        "gemeente": "Winterswijk",
        "doelgroep": "werkzoekende",
        "verwijzer": "zelf",
    }
    coordinator_client.post(reverse("trajecten:deelnemer_wijzigen", args=[deelnemer.pk]), data)
    deelnemer.refresh_from_db()
    assert deelnemer.gemeente == "Winterswijk"
    assert ToegangsLog.objects.filter(deelnemer_id=deelnemer.pk, actie="gewijzigd").exists()


def test_bedrijf_without_sbb_number_is_saved_with_a_warning(coordinator_client, world):
    response = coordinator_client.post(
        reverse("trajecten:bedrijf_nieuw"),
        {"naam": "Kwekerij De Hoven", "plaats": "Zelhem", "sbb_erkenningsnummer": ""},
    )
    bedrijf = Bedrijf.objects.get(naam="Kwekerij De Hoven")
    assert response["Location"] == bedrijf.get_absolute_url()
    assert any("geen SBB-erkenningsnummer" in b for b in berichten(response))
    assert "nog geen SBB-erkenningsnummer" in coordinator_client.get(bedrijf.get_absolute_url()).content.decode()


def test_bedrijf_with_sbb_number_gets_no_warning(coordinator_client, world):
    response = coordinator_client.post(
        reverse("trajecten:bedrijf_wijzigen", args=[world.bedrijf.pk]),
        {"naam": "Laborijn", "plaats": "Doetinchem", "sbb_erkenningsnummer": "12345678"},
    )
    assert not any("SBB" in b for b in berichten(response))
    world.bedrijf.refresh_from_db()
    assert world.bedrijf.sbb_erkenningsnummer == "12345678"


def test_school_with_bad_brin_keeps_what_was_typed(coordinator_client, world):
    response = coordinator_client.post(
        reverse("trajecten:school_nieuw"),
        {"naam": "Aeres MBO Doetinchem", "brin": "12", "afkorting": "AMD", "plaats": "Doetinchem"},
    )
    html = response.content.decode()
    assert "Een BRIN-code heeft vier tekens" in html
    assert 'value="Aeres MBO Doetinchem"' in html
    assert not School.objects.filter(naam="Aeres MBO Doetinchem").exists()


def test_new_praktijkbegeleider_gets_an_invitation(
    coordinator_client, world, mailoutbox, django_capture_on_commit_callbacks
):
    data = {"voornaam": "Henk", "achternaam": "Bos", "email": "Henk@Laborijn.nl", "bedrijf": world.bedrijf.pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("trajecten:praktijkbegeleider_nieuw", args=[world.bedrijf.pk]), data)
    begeleider = Praktijkbegeleider.objects.get(user__last_name="Bos")
    assert response["Location"] == world.bedrijf.get_absolute_url()
    assert begeleider.user.username == "henk@laborijn.nl"
    assert begeleider.user.rol == User.Rol.BEGELEIDER
    assert len(mailoutbox) == 1
    assert "/wachtwoord-instellen/" in mailoutbox[0].body


def test_new_beoordelaar_gets_an_invitation(coordinator_client, world, mailoutbox, django_capture_on_commit_callbacks):
    data = {"voornaam": "Ria", "achternaam": "Smit", "email": "ria@graafschapcollege.nl", "school": world.school.pk}
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("trajecten:beoordelaar_nieuw", args=[world.school.pk]), data)
    assert Beoordelaar.objects.get(user__last_name="Smit").user.rol == User.Rol.BEOORDELAAR
    assert mailoutbox[0].to == ["ria@graafschapcollege.nl"]


def test_email_already_in_use_is_refused_and_no_mail(coordinator_client, world, mailoutbox):
    world.coordinator.email = "bezet@example.org"
    world.coordinator.save()
    data = {"voornaam": "X", "achternaam": "Y", "email": "bezet@example.org", "bedrijf": world.bedrijf.pk}
    response = coordinator_client.post(reverse("trajecten:praktijkbegeleider_nieuw", args=[world.bedrijf.pk]), data)
    assert "Er bestaat al een login met dit e-mailadres." in response.content.decode()
    assert mailoutbox == []


def test_edit_praktijkbegeleider(coordinator_client, world):
    begeleider = world.begeleider.praktijkbegeleider
    data = {
        "voornaam": "Bert",
        "achternaam": "Test",
        "email": "bert@laborijn.nl",
        "functie": "Teamleider",
        "bedrijf": world.bedrijf.pk,
    }
    coordinator_client.post(reverse("trajecten:praktijkbegeleider_wijzigen", args=[begeleider.pk]), data)
    begeleider.refresh_from_db()
    assert (begeleider.user.first_name, begeleider.functie, begeleider.user.email) == (
        "Bert",
        "Teamleider",
        "bert@laborijn.nl",
    )


@pytest.mark.parametrize("extra", [0, 5])
def test_praktijkbegeleider_form_offers_every_bedrijf_with_its_own_chosen(
    coordinator_client, world, django_assert_num_queries, extra
):
    for nummer in range(extra):
        factories.maak_bedrijf(f"Bedrijf {nummer}")
    begeleider = world.begeleider.praktijkbegeleider
    # 1 session, 2 user, 3 the begeleider with user and bedrijf, 4 the bedrijven offered (names only).
    with django_assert_num_queries(4):
        response = coordinator_client.get(reverse("trajecten:praktijkbegeleider_wijzigen", args=[begeleider.pk]))
    html = response.content.decode()
    assert f'<option value="{world.bedrijf.pk}" selected>{world.bedrijf.naam}</option>' in html
    assert html.count("<option") == Bedrijf.objects.count() + 1  # and the empty choice


def test_resend_invitation(coordinator_client, world, mailoutbox, django_capture_on_commit_callbacks):
    world.begeleider.email = "begeleider@laborijn.nl"
    world.begeleider.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("trajecten:uitnodiging_opnieuw", args=[world.begeleider.pk]), {"terug": "/bedrijven/"}
        )
    assert response["Location"] == "/bedrijven/"
    assert mailoutbox[0].to == ["begeleider@laborijn.nl"]


def test_resend_never_redirects_off_site(coordinator_client, world):
    response = coordinator_client.post(
        reverse("trajecten:uitnodiging_opnieuw", args=[world.begeleider.pk]), {"terug": "//evil.example"}
    )
    assert response["Location"] == reverse("trajecten:deelnemers")


def test_coordinator_cannot_be_sent_an_invitation_through_this_page(coordinator_client, world):
    response = coordinator_client.post(reverse("trajecten:uitnodiging_opnieuw", args=[world.coordinator.pk]))
    assert response.status_code == 404
