"""Creating and editing an aanvraag: new or existing deelnemer, the duplicate warning, bad input."""

import re

import pytest
from django.urls import reverse

from tests import factories
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
    keuze = keuzes(response)
    assert keuze["Sanne de Vries (17-05-1990, Doetinchem)"] == "checked"
    assert keuze["Nieuwe deelnemer (hieronder invullen)"] == ""


def keuzes(response) -> dict[str, str]:
    """The deelnemer choices on the page: label -> "checked" or ""."""
    html = response.content.decode()
    keuze = html[html.index('id="deelnemer-keuze"') : html.index("Of een nieuwe deelnemer")]
    gevonden = re.findall(r'<input type="radio"([^>]*)>\s*<label[^>]*>\s*([^<]+?)\s*</label>', keuze)
    return {label: "checked" if " checked" in attributen else "" for attributen, label in gevonden}


def test_create_page_offers_no_list_of_every_deelnemer(coordinator_client, world, django_assert_max_num_queries):
    """Only what is searched for: not the name, birth date and gemeente of everyone known."""
    for nummer in range(15):
        factories.maak_deelnemer("Kees", f"Pietersen{nummer}")
    with django_assert_max_num_queries(6):
        response = coordinator_client.get(NIEUW)
    html = response.content.decode()
    assert "Pietersen" not in html and "de Vries" not in html
    assert keuzes(response) == {"Nieuwe deelnemer (hieronder invullen)": "checked"}


def test_search_offers_the_matching_deelnemers_and_one_is_chosen(coordinator_client, world):
    response = coordinator_client.get(NIEUW, {"zoek_deelnemer": "sanne vries"})
    assert "1 gevonden." in response.content.decode()
    assert list(keuzes(response)) == [
        "Nieuwe deelnemer (hieronder invullen)",
        "Sanne de Vries (17-05-1990, Doetinchem)",
    ]

    coordinator_client.post(NIEUW, gegevens(world, bestaande_deelnemer=world.traject.deelnemer_id))
    assert Aanvraag.objects.get(toelichting="Via het taalcafé").deelnemer == world.traject.deelnemer


def test_search_with_many_matches_shows_the_first_ten_and_asks_for_more(coordinator_client, world):
    for nummer in range(12):
        factories.maak_deelnemer("Kees", f"Pietersen{nummer:02}", gemeente="Winterswijk")
    response = coordinator_client.get(NIEUW, {"zoek_deelnemer": "pietersen"})
    html = response.content.decode()
    assert "Meer dan 10 gevonden; de eerste staan hieronder." in html
    assert len(keuzes(response)) == 1 + 10
    assert "Kees Pietersen00 (17-05-1990, Winterswijk)" in keuzes(response)  # sorted by name


def test_search_without_matches_says_so_and_keeps_the_new_deelnemer(coordinator_client, world):
    response = coordinator_client.get(NIEUW, {"zoek_deelnemer": "Onbekend"})
    assert "Niemand gevonden met „Onbekend”." in response.content.decode()
    assert keuzes(response) == {"Nieuwe deelnemer (hieronder invullen)": "checked"}


def test_a_refused_form_still_offers_the_chosen_deelnemer(coordinator_client, world):
    response = coordinator_client.post(
        NIEUW, gegevens(world, bestaande_deelnemer=world.traject.deelnemer_id, gewenste_startdatum="morgen")
    )
    assert response.status_code == 200
    assert keuzes(response)["Sanne de Vries (17-05-1990, Doetinchem)"] == "checked"
    assert "Via het taalcafé" in response.content.decode()  # what was typed stays


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


def begeleider_opties(response) -> list[str]:
    html = response.content.decode()
    select = re.search(r'<select[^>]*name="praktijkbegeleider".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]+)</option>", select)


def test_aanvraag_form_offers_the_begeleiders_of_the_chosen_bedrijf(coordinator_client, world):
    eigen = f"{world.begeleider.praktijkbegeleider.naam} (Laborijn)"
    ander = f"{world.andere_begeleider.praktijkbegeleider.naam} (Stadsboerin Doetinchem)"

    # No bedrijf yet: nobody to choose (not every begeleider in the country).
    assert begeleider_opties(coordinator_client.get(NIEUW)) == ["nog onbekend"]
    # A bedrijf chosen on the page (htmx asks for the page with it): its begeleiders.
    response = coordinator_client.get(NIEUW, {"bedrijf": world.bedrijf.pk})
    assert begeleider_opties(response) == ["nog onbekend", eigen]
    assert f'hx-get="{NIEUW}"' in response.content.decode()
    # A refused form keeps the chosen begeleider on offer, with the reason it is refused.
    response = coordinator_client.post(
        NIEUW, gegevens(world, praktijkbegeleider=world.andere_begeleider.praktijkbegeleider.pk)
    )
    assert begeleider_opties(response) == ["nog onbekend", eigen, ander]
    # Editing: the aanvraag's bedrijf's begeleiders.
    aanvraag = world.aanvraag
    aanvraag.bedrijf = world.andere_bedrijf
    aanvraag.save()
    assert begeleider_opties(coordinator_client.get(reverse("trajecten:aanvraag_wijzigen", args=[aanvraag.pk]))) == [
        "nog onbekend",
        ander,
    ]


@pytest.mark.parametrize("bedrijf", ["abc", "99999", "-1"])
def test_an_unknown_bedrijf_in_the_address_offers_no_begeleiders(coordinator_client, world, bedrijf):
    response = coordinator_client.get(NIEUW, {"bedrijf": bedrijf})
    assert response.status_code == 200
    assert begeleider_opties(response) == ["nog onbekend"]


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
