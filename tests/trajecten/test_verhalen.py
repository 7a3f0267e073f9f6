"""Success stories: written and published by the coördinator, only with everyone's consent."""

import pytest
from django.urls import reverse

from praktijkwijs.errors import OvergangNietToegestaan
from tests.trajecten.builders_publiek import maak_verhaal
from trajecten.models import GenoemdPersoon, Succesverhaal


def formulier(titel="Sanne in de kas", personen=(), **anders) -> dict:
    """POST data for the story form with its formset of named people."""
    data = {
        "titel": titel,
        "tekst": "Sanne leerde bij de Stadsboerin planten verzorgen.",
        "bedrijf": "",
        "personen-TOTAL_FORMS": str(len(personen)),
        "personen-INITIAL_FORMS": "0",
        "personen-MIN_NUM_FORMS": "0",
        "personen-MAX_NUM_FORMS": "1000",
    }
    for index, (naam, toestemming) in enumerate(personen):
        data[f"personen-{index}-naam"] = naam
        if toestemming:
            data[f"personen-{index}-toestemming"] = "on"
    data.update(anders)
    return data


def test_story_cannot_be_published_without_consent_of_everyone_named(world):
    verhaal = maak_verhaal(personen={"Sanne": True, "Piet": False})
    with pytest.raises(OvergangNietToegestaan, match="geen toestemming van Piet"):
        verhaal.publiceer(door=world.coordinator)
    verhaal.refresh_from_db()
    assert not verhaal.gepubliceerd


def test_story_is_published_once_everyone_consented(world):
    verhaal = maak_verhaal(personen={"Sanne": True, "Piet": False})
    piet = verhaal.personen.get(naam="Piet")
    piet.toestemming = True
    piet.save()
    assert piet.toestemming_op is not None
    verhaal.publiceer(door=world.coordinator)
    assert verhaal.gepubliceerd and verhaal.gepubliceerd_op is not None
    assert list(Succesverhaal.objects.gepubliceerd()) == [verhaal]


def test_withdrawn_consent_clears_its_date(world):
    verhaal = maak_verhaal(personen={"Sanne": True})
    sanne = verhaal.personen.get()
    sanne.toestemming = False
    sanne.save()
    assert sanne.toestemming_op is None


def test_coordinator_writes_a_story_with_named_people(world, coordinator_client):
    response = coordinator_client.post(
        reverse("trajecten:verhaal_nieuw"), formulier(personen=[("Sanne", True), ("Jan", False)])
    )
    verhaal = Succesverhaal.objects.get()
    assert response["Location"] == reverse("trajecten:verhaal", args=[verhaal.pk])
    assert {(p.naam, p.toestemming) for p in verhaal.personen.all()} == {("Sanne", True), ("Jan", False)}
    assert not verhaal.gepubliceerd


def test_publish_button_refuses_with_a_message_naming_who_is_missing(world, coordinator_client):
    verhaal = maak_verhaal(personen={"Jan": False})
    response = coordinator_client.post(reverse("trajecten:verhaal_publiceren", args=[verhaal.pk]), follow=True)
    assert "Publiceren kan nog niet: geen toestemming van Jan." in response.content.decode()
    verhaal.refresh_from_db()
    assert not verhaal.gepubliceerd


def test_publish_and_take_offline_from_the_story_page(world, coordinator_client, client):
    verhaal = maak_verhaal("Kweken met Ahmed", personen={"Ahmed": True})
    coordinator_client.post(reverse("trajecten:verhaal_publiceren", args=[verhaal.pk]))
    assert "Kweken met Ahmed" in client.get(reverse("landing")).content.decode()
    coordinator_client.post(reverse("trajecten:verhaal_offline", args=[verhaal.pk]))
    assert "Kweken met Ahmed" not in client.get(reverse("landing")).content.decode()


def test_editing_away_consent_takes_a_published_story_offline(world, coordinator_client):
    verhaal = maak_verhaal(personen={"Sanne": True})
    verhaal.publiceer(door=world.coordinator)
    sanne = verhaal.personen.get()
    data = formulier(
        titel=verhaal.titel,
        **{
            "personen-TOTAL_FORMS": "1",
            "personen-INITIAL_FORMS": "1",
            "personen-0-id": str(sanne.pk),
            "personen-0-verhaal": str(verhaal.pk),
            "personen-0-naam": "Sanne",
        },
    )
    response = coordinator_client.post(reverse("trajecten:verhaal", args=[verhaal.pk]), data, follow=True)
    assert "Het verhaal is van de website gehaald" in response.content.decode()
    verhaal.refresh_from_db()
    assert not verhaal.gepubliceerd
    assert not GenoemdPersoon.objects.get().toestemming


def test_story_without_title_is_not_saved(world, coordinator_client):
    response = coordinator_client.post(reverse("trajecten:verhaal_nieuw"), formulier(titel=""))
    assert response.status_code == 200
    assert "Het verhaal is niet bewaard." in response.content.decode()
    assert not Succesverhaal.objects.exists()


def test_story_list_query_count_is_constant(world, coordinator_client, django_assert_num_queries):
    for nummer in range(3):
        maak_verhaal(f"Verhaal {nummer}", personen={"A": True, "B": False})
    # 1 session, 2 user, 3 stories with their bedrijf, 4 their named people
    with django_assert_num_queries(4):
        response = coordinator_client.get(reverse("trajecten:verhalen"))
    assert response.content.decode().count("toestemming ontbreekt") == 3
