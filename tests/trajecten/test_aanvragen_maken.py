"""Creating and editing an aanvraag: new or existing deelnemer, the duplicate warning, bad input."""

import pytest
from django.urls import reverse

from trajecten.models import Aanvraag, Deelnemer

pytestmark = pytest.mark.django_db

NIEUW = reverse("trajecten:aanvraag_nieuw")


def gegevens(world, **anders) -> dict:
    data = {
        "bestaande_deelnemer": "",
        "deelnemer-voornamen": "Fatima",
        "deelnemer-achternaam": "El Amrani",
        "deelnemer-geboortedatum": "1991-03-14",
        "deelnemer-geboorteplaats": "Casablanca",
        "deelnemer-gemeente": "Doetinchem",
        "deelnemer-doelgroep": "inburgeraar",
        "deelnemer-verwijzer": "gemeente",
        "vakvaardigheden": [world.vakvaardigheid.pk],
        "bedrijf": world.bedrijf.pk,
        "praktijkbegeleider": world.begeleider.praktijkbegeleider.pk,
        "school": world.school.pk,
        "toelichting": "Via het taalcafé",
    }
    data.update(anders)
    return data


def test_new_aanvraag_for_a_new_deelnemer(coordinator_client, world):
    response = coordinator_client.post(NIEUW, gegevens(world))
    aanvraag = Aanvraag.objects.get(deelnemer__voornamen="Fatima")
    assert response["Location"] == aanvraag.get_absolute_url()
    assert aanvraag.deelnemer.doelgroep == "inburgeraar"
    assert list(aanvraag.vakvaardigheden.all()) == [world.vakvaardigheid]
    assert aanvraag.praktijkbegeleider == world.begeleider.praktijkbegeleider
    rij = aanvraag.wijzigingen.get()
    assert (rij.van_status, rij.naar_status, rij.door) == ("", "ingediend", world.coordinator)


def test_new_aanvraag_for_an_existing_deelnemer(coordinator_client, world):
    bestaand = world.traject.deelnemer
    coordinator_client.post(NIEUW, gegevens(world, bestaande_deelnemer=bestaand.pk, **{"deelnemer-voornamen": ""}))
    assert Aanvraag.objects.filter(deelnemer=bestaand).count() == 1
    assert not Deelnemer.objects.filter(voornamen="Fatima").exists()


def test_create_page_preselects_the_deelnemer_from_the_address(coordinator_client, world):
    response = coordinator_client.get(NIEUW, {"deelnemer": world.traject.deelnemer_id})
    assert response.context["keuze"]["bestaande_deelnemer"].value() == str(world.traject.deelnemer_id)


def test_duplicate_deelnemer_is_flagged_and_nothing_is_saved(coordinator_client, world):
    bestaand = world.traject.deelnemer  # Sanne de Vries, 17 May 1990
    data = gegevens(
        world,
        **{"deelnemer-voornamen": "sanne", "deelnemer-achternaam": "De Vries", "deelnemer-geboortedatum": "1990-05-17"},
    )
    aantal = Deelnemer.objects.count()
    response = coordinator_client.post(NIEUW, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze deelnemer bestaat misschien al." in html
    assert f'name="gebruik_deelnemer" value="{bestaand.pk}"' in html
    assert 'value="Via het taalcafé"' in html or "Via het taalcafé" in html  # what was typed stays
    assert Deelnemer.objects.count() == aantal
    assert not Aanvraag.objects.filter(toelichting="Via het taalcafé").exists()


def test_use_the_existing_deelnemer_from_the_warning(coordinator_client, world):
    bestaand = world.traject.deelnemer
    data = gegevens(
        world,
        gebruik_deelnemer=bestaand.pk,
        **{"deelnemer-voornamen": "Sanne", "deelnemer-achternaam": "de Vries", "deelnemer-geboortedatum": "1990-05-17"},
    )
    coordinator_client.post(NIEUW, data)
    assert Aanvraag.objects.get(toelichting="Via het taalcafé").deelnemer == bestaand
    assert Deelnemer.objects.filter(achternaam="de Vries").count() == 1


def test_confirmed_different_person_gets_a_new_deelnemer(coordinator_client, world):
    data = gegevens(
        world,
        **{
            "deelnemer-voornamen": "Sanne",
            "deelnemer-achternaam": "de Vries",
            "deelnemer-geboortedatum": "1990-05-17",
            "deelnemer-toch_nieuw": "on",
        },
    )
    coordinator_client.post(NIEUW, data)
    assert Deelnemer.objects.filter(achternaam="de Vries").count() == 2


def test_missing_fields_show_dutch_errors_and_keep_the_input(coordinator_client, world):
    response = coordinator_client.post(NIEUW, gegevens(world, **{"deelnemer-geboortedatum": ""}))
    html = response.content.decode()
    assert "Dit veld is verplicht." in html
    assert 'value="El Amrani"' in html
    assert not Deelnemer.objects.filter(voornamen="Fatima").exists()


def test_begeleider_must_work_at_the_chosen_bedrijf(coordinator_client, world):
    andere = world.andere_begeleider.praktijkbegeleider
    response = coordinator_client.post(NIEUW, gegevens(world, praktijkbegeleider=andere.pk))
    assert "werkt bij Stadsboerin Doetinchem, niet bij het gekozen bedrijf" in response.content.decode()
    assert not Deelnemer.objects.filter(voornamen="Fatima").exists()


def test_editing_records_what_changed_on_the_timeline(coordinator_client, world):
    aanvraag = world.aanvraag
    coordinator_client.post(
        reverse("trajecten:aanvraag_wijzigen", args=[aanvraag.pk]),
        {
            "vakvaardigheden": [world.vakvaardigheid.pk],
            "bedrijf": world.andere_bedrijf.pk,
            "school": world.school.pk,
            "gewenste_startdatum": "2026-11-01",
        },
    )
    aanvraag.refresh_from_db()
    assert aanvraag.bedrijf == world.andere_bedrijf
    rij = aanvraag.wijzigingen.get()
    assert rij.van_status == rij.naar_status == "ingediend"
    assert "bedrijf" in rij.toelichting and "gewenste startdatum" in rij.toelichting


def test_closed_aanvraag_cannot_be_edited(coordinator_client, world):
    aanvraag = world.aanvraag
    aanvraag.wijs_af(door=world.coordinator, reden="Geen plek")
    response = coordinator_client.post(
        reverse("trajecten:aanvraag_wijzigen", args=[aanvraag.pk]),
        {"vakvaardigheden": [world.vakvaardigheid.pk], "bedrijf": world.andere_bedrijf.pk},
    )
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.bedrijf == world.bedrijf
