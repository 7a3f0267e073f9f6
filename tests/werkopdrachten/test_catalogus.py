"""The catalogue pages: lists, create and edit forms, phone-sized and in Dutch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from werkopdrachten.models import Kerntaak, Kwalificatie, Vakvaardigheid, Werkproces

pytestmark = pytest.mark.django_db


def test_catalogus_lists_vakvaardigheden_and_kwalificaties(coordinator_client, world):
    response = coordinator_client.get(reverse("werkopdrachten:catalogus"))
    assert "Productielogistiek" in response.text
    assert "4 werkopdrachten" in response.text
    assert "Medewerker logistiek" in response.text
    assert "3 werkprocessen" in response.text


def test_catalogus_has_a_constant_number_of_queries(coordinator_client, world, django_assert_num_queries):
    url = reverse("werkopdrachten:catalogus")
    # 1 session, 2 user, 3 kwalificaties with a count of werkprocessen,
    # 4 vakvaardigheden with their kwalificatie and a count of werkopdrachten.
    with django_assert_num_queries(4):
        coordinator_client.get(url)
    for _ in range(5):
        factories.maak_vakvaardigheid()
    with django_assert_num_queries(4):
        response = coordinator_client.get(url)
    assert response.text.count("4 werkopdrachten") == 6


def _aantal_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_vakvaardigheid_page_has_a_constant_number_of_queries(coordinator_client, world, django_assert_num_queries):
    vak = world.vakvaardigheid
    url = reverse("werkopdrachten:vakvaardigheid", args=[vak.pk])
    # 1 session, 2 user, 3 the vakvaardigheid with its kwalificatie, 4 other versions exist?,
    # 5 werkopdrachten with a count of voortgang rows, 6 their werkprocessen (prefetch).
    with django_assert_num_queries(6):
        coordinator_client.get(url)
    for nummer in range(10):
        vak.nieuwe_werkopdracht(
            titel=f"Extra {nummer}", volgorde=10 + nummer, werkprocessen=vak.kwalificatie.werkprocessen.all()
        )
    with django_assert_num_queries(6):
        response = coordinator_client.get(url)
    assert "Extra 9" in response.text


def test_kwalificatie_page_has_a_constant_number_of_queries(coordinator_client, world):
    kwalificatie = world.vakvaardigheid.kwalificatie
    url = reverse("werkopdrachten:kwalificatie", args=[kwalificatie.pk])
    voor = _aantal_queries(coordinator_client, url)
    kerntaak = Kerntaak.objects.create(kwalificatie=kwalificatie, code="B1-K2", titel="Verzendt")
    for nummer in range(5):
        Werkproces.objects.create(kerntaak=kerntaak, code=f"B1-K2-W{nummer}", titel=f"Werkproces {nummer}")
    assert _aantal_queries(coordinator_client, url) == voor


def test_coordinator_creates_a_kwalificatie(coordinator_client):
    response = coordinator_client.post(
        reverse("werkopdrachten:kwalificatie_nieuw"),
        {
            "naam": "Assistent keuken",
            "crebo": "25180",
            "niveau": 1,
            "dossier_versie": "2024",
            "geldig_vanaf": "2024-08-01",
        },
    )
    kwalificatie = Kwalificatie.objects.get(crebo="25180")
    assert response.url == kwalificatie.get_absolute_url()


def test_bad_kwalificatie_shows_errors_and_keeps_input(coordinator_client):
    response = coordinator_client.post(
        reverse("werkopdrachten:kwalificatie_nieuw"),
        {
            "naam": "Assistent keuken",
            "crebo": "12",
            "niveau": 7,
            "dossier_versie": "2024",
            "geldig_vanaf": "2024-08-01",
        },
    )
    assert response.status_code == 200
    assert 'value="Assistent keuken"' in response.text
    assert not Kwalificatie.objects.filter(naam="Assistent keuken").exists()
    errors = response.context["form"].errors
    assert (errors["crebo"], errors["niveau"]) == (
        ["Een crebocode bestaat uit 5 cijfers."],
        ["Het niveau is 1, 2, 3 of 4."],
    )


def test_coordinator_adds_kerntaak_and_werkproces(coordinator_client):
    kwalificatie = Kwalificatie.objects.create(
        crebo="25180", naam="Assistent keuken", niveau=1, dossier_versie="2024", geldig_vanaf="2024-08-01"
    )
    # Without a kerntaak the werkproces form sends the coördinator to add one first.
    response = coordinator_client.get(reverse("werkopdrachten:werkproces_nieuw", args=[kwalificatie.pk]))
    assert response.url == reverse("werkopdrachten:kerntaak_nieuw", args=[kwalificatie.pk])
    coordinator_client.post(
        reverse("werkopdrachten:kerntaak_nieuw", args=[kwalificatie.pk]), {"code": "B1-K1", "titel": "Bereidt"}
    )
    kerntaak = kwalificatie.kerntaken.get()
    coordinator_client.post(
        reverse("werkopdrachten:werkproces_nieuw", args=[kwalificatie.pk]),
        {"kerntaak": kerntaak.pk, "code": "B1-K1-W1", "titel": "Maakt de werkplek gereed"},
    )
    response = coordinator_client.post(
        reverse("werkopdrachten:werkproces_nieuw", args=[kwalificatie.pk]),
        {"kerntaak": kerntaak.pk, "code": "B1-K1-W1", "titel": "Dubbel"},
    )
    assert "heeft al een werkproces B1-K1-W1" in response.text
    assert [(wp.code, wp.kwalificatie_id) for wp in kwalificatie.werkprocessen.all()] == [("B1-K1-W1", kwalificatie.pk)]


def test_unused_werkproces_can_be_edited_and_deleted(coordinator_client, world):
    kwalificatie = world.vakvaardigheid.kwalificatie
    werkproces = Werkproces.objects.create(kerntaak=kwalificatie.kerntaken.get(), code="B1-K1-W9", titel="Oud")
    coordinator_client.post(
        reverse("werkopdrachten:werkproces_bewerken", args=[werkproces.pk]),
        {"kerntaak": werkproces.kerntaak_id, "code": "B1-K1-W8", "titel": "Nieuw"},
    )
    werkproces.refresh_from_db()
    assert (werkproces.code, werkproces.titel) == ("B1-K1-W8", "Nieuw")
    coordinator_client.post(reverse("werkopdrachten:werkproces_verwijderen", args=[werkproces.pk]))
    assert not Werkproces.objects.filter(pk=werkproces.pk).exists()


def test_coordinator_creates_vakvaardigheid_and_werkopdracht(coordinator_client, world):
    kwalificatie = world.vakvaardigheid.kwalificatie
    coordinator_client.post(
        reverse("werkopdrachten:vakvaardigheid_nieuw"),
        {"naam": "Assistent kweek", "omschrijving": "", "kwalificatie": kwalificatie.pk, "actief": "on"},
    )
    vak = Vakvaardigheid.objects.get(naam="Assistent kweek")
    url = reverse("werkopdrachten:werkopdracht_nieuw", args=[vak.pk])
    assert coordinator_client.get(url).context["form"]["volgorde"].value() == 1
    werkprocessen = list(kwalificatie.werkprocessen.filter(code__in=["B1-K1-W1", "B1-K1-W2"]))
    coordinator_client.post(
        url,
        {
            "volgorde": 1,
            "titel": "Stekken",
            "omschrijving": "In de kas",
            "werkprocessen": [wp.pk for wp in werkprocessen],
        },
    )
    werkopdracht = vak.werkopdrachten.get()
    assert werkopdracht.titel == "Stekken"
    assert set(werkopdracht.werkprocessen.all()) == set(werkprocessen)
    response = coordinator_client.post(
        url, {"volgorde": 2, "titel": "stekken", "omschrijving": "", "werkprocessen": []}
    )
    assert "al een werkopdracht met deze titel" in response.text
    assert vak.werkopdrachten.count() == 1


def test_vakvaardigheid_edit_cannot_move_it_to_another_kwalificatie(coordinator_client, world):
    vak = world.vakvaardigheid
    andere = factories.maak_kwalificatie(naam="Andere")
    coordinator_client.post(
        reverse("werkopdrachten:vakvaardigheid_bewerken", args=[vak.pk]),
        {"naam": "Logistiek", "omschrijving": "", "kwalificatie": andere.pk},
    )
    vak.refresh_from_db()
    assert (vak.naam, vak.kwalificatie_id, vak.actief) == ("Logistiek", world.vakvaardigheid.kwalificatie_id, False)


@pytest.mark.parametrize("persona", ["begeleider", "beoordelaar", "deelnemer", "superuser"])
def test_only_the_coordinator_can_import(world, persona):
    from tests.conftest import client_voor
    from tests.werkopdrachten.builders_catalogus import WERKOPDRACHTEN_KOP, als

    vak = Vakvaardigheid.objects.create(naam="Leeg", kwalificatie=world.vakvaardigheid.kwalificatie)
    response = client_voor(world, persona).post(
        reverse("werkopdrachten:werkopdrachten_import", args=[vak.pk]),
        {"bestand": als("csv", [WERKOPDRACHTEN_KOP, [1, "Titel", "", "B1-K1-W1"]])},
    )
    assert response.status_code == 403
    assert not vak.werkopdrachten.exists()
