"""A new version of a kwalificatie does not change running trajecten; what a traject uses is locked."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories
from werkopdrachten.models import Kwalificatie, Werkopdracht

pytestmark = pytest.mark.django_db


def samenvatting(traject):
    """What the traject certifies: per werkproces its id, code, titel, kerntaak and werkopdrachten."""
    return [
        (
            wpv.werkproces.pk,
            wpv.werkproces.code,
            wpv.werkproces.titel,
            wpv.werkproces.kerntaak.titel,
            sorted(rij.werkopdracht_id for rij in wpv.voortgang),
            wpv.aantal_beheerst,
        )
        for wpv in traject.voortgang_per_werkproces()
    ]


def test_nieuwe_versie_copies_kerntaken_and_werkprocessen(world):
    oud = world.vakvaardigheid.kwalificatie
    nieuw = oud.nieuwe_versie(dossier_versie="2026", geldig_vanaf=datetime.date(2026, 8, 1))
    assert (nieuw.crebo, nieuw.naam, nieuw.niveau, nieuw.dossier_versie) == (oud.crebo, oud.naam, oud.niveau, "2026")
    assert nieuw.werkprocessen_tabel() == oud.werkprocessen_tabel()
    assert not set(nieuw.werkprocessen.values_list("pk", flat=True)) & set(
        oud.werkprocessen.values_list("pk", flat=True)
    )
    assert all(wp.kerntaak.kwalificatie_id == nieuw.pk for wp in nieuw.werkprocessen.select_related("kerntaak"))


def test_nieuwe_versie_with_an_existing_version_is_refused(world):
    oud = world.vakvaardigheid.kwalificatie
    with pytest.raises(ValidationError):
        oud.nieuwe_versie(dossier_versie=oud.dossier_versie, geldig_vanaf=datetime.date(2026, 8, 1))
    assert Kwalificatie.objects.filter(crebo=oud.crebo).count() == 1


def test_running_traject_is_unchanged_by_a_new_version_and_its_remapping(world, coordinator_client):
    traject = world.traject
    rij = traject.voortgang.select_related("werkopdracht").get(werkopdracht__titel="Pakbon controleren")
    rij.zet_status(status="beheerst", door=world.begeleider)
    voor = samenvatting(traject)
    assert voor, "the traject must certify something for this test to mean anything"

    oud = world.vakvaardigheid.kwalificatie
    response = coordinator_client.post(
        reverse("werkopdrachten:kwalificatie_nieuwe_versie", args=[oud.pk]),
        {"dossier_versie": "2026", "geldig_vanaf": "2026-08-01"},
    )
    nieuw = Kwalificatie.objects.get(crebo=oud.crebo, dossier_versie="2026")
    assert response.url == nieuw.get_absolute_url()
    # The new dossier renames a werkproces and adds one.
    nieuw.werkprocessen.get(code="B1-K1-W1").wijzig(
        kerntaak=nieuw.kerntaken.get(), code="B1-K1-W1", titel="Ontvangt en controleert goederen"
    )
    nieuw.kerntaken.get().werkprocessen.create(kwalificatie=nieuw, code="B1-K1-W4", titel="Verzendt goederen")

    coordinator_client.post(
        reverse("werkopdrachten:vakvaardigheid_nieuwe_versie", args=[world.vakvaardigheid.pk]),
        {"kwalificatie": nieuw.pk, "naam": "Productielogistiek 2026"},
    )
    nieuwe_vak = nieuw.vakvaardigheden.get()
    # Remap the new werkopdrachten on the new version.
    pakbon = nieuwe_vak.werkopdrachten.get(titel="Pakbon controleren")
    coordinator_client.post(
        reverse("werkopdrachten:werkopdracht_bewerken", args=[pakbon.pk]),
        {
            "volgorde": 1,
            "titel": "Pakbon controleren",
            "omschrijving": "",
            "werkprocessen": [nieuw.werkprocessen.get(code="B1-K1-W4").pk],
        },
    )
    assert [wp.code for wp in pakbon.werkprocessen.all()] == ["B1-K1-W4"]

    traject.refresh_from_db()
    assert samenvatting(traject) == voor
    world.vakvaardigheid.refresh_from_db()
    assert not world.vakvaardigheid.actief
    assert world.vakvaardigheid.kwalificatie_id == oud.pk


def test_werkopdracht_used_by_a_traject_cannot_be_deleted(world, coordinator_client):
    werkopdracht = world.vakvaardigheid.werkopdrachten.first()
    url = reverse("werkopdrachten:werkopdracht_verwijderen", args=[werkopdracht.pk])
    assert "kan daarom niet worden verwijderd" in coordinator_client.get(url).text
    response = coordinator_client.post(url, follow=True)
    assert "wordt gebruikt in een traject en kan niet worden verwijderd" in response.text
    assert Werkopdracht.objects.filter(pk=werkopdracht.pk).exists()


def test_unused_werkopdracht_can_be_deleted(world, coordinator_client):
    werkopdracht = world.vakvaardigheid.nieuwe_werkopdracht(titel="Nieuw", volgorde=5)
    coordinator_client.post(reverse("werkopdrachten:werkopdracht_verwijderen", args=[werkopdracht.pk]))
    assert not Werkopdracht.objects.filter(pk=werkopdracht.pk).exists()


def test_werkproces_used_by_a_traject_cannot_be_deleted_or_changed(world, coordinator_client):
    werkproces = world.vakvaardigheid.kwalificatie.werkprocessen.get(code="B1-K1-W1")
    response = coordinator_client.post(
        reverse("werkopdrachten:werkproces_verwijderen", args=[werkproces.pk]), follow=True
    )
    assert "kan niet worden verwijderd" in response.text
    assert werkproces.werkopdrachten.count() == 2

    response = coordinator_client.post(
        reverse("werkopdrachten:werkproces_bewerken", args=[werkproces.pk]),
        {"kerntaak": werkproces.kerntaak_id, "code": "X-1", "titel": "Anders"},
    )
    werkproces.refresh_from_db()
    assert (werkproces.code, werkproces.titel) == ("B1-K1-W1", "Ontvangt goederen")
    with pytest.raises(ValidationError):
        werkproces.wijzig(kerntaak=werkproces.kerntaak, code="X-1", titel="Anders")


def test_kerntaak_with_mapped_werkprocessen_cannot_be_deleted(world, coordinator_client):
    kerntaak = world.vakvaardigheid.kwalificatie.kerntaken.get()
    coordinator_client.post(reverse("werkopdrachten:kerntaak_verwijderen", args=[kerntaak.pk]))
    assert world.vakvaardigheid.kwalificatie.werkprocessen.count() == 3


def test_werkopdracht_in_use_keeps_its_werkprocessen_but_text_may_change(world, coordinator_client):
    werkopdracht = world.vakvaardigheid.werkopdrachten.get(titel="Pakbon controleren")
    url = reverse("werkopdrachten:werkopdracht_bewerken", args=[werkopdracht.pk])
    assert "de gekoppelde werkprocessen niet" in coordinator_client.get(url).text
    andere = world.vakvaardigheid.kwalificatie.werkprocessen.get(code="B1-K1-W3")
    coordinator_client.post(
        url,
        {
            "volgorde": 3,
            "titel": "Pakbon nakijken",
            "omschrijving": "Samen met de chauffeur",
            "werkprocessen": [andere.pk],
        },
    )
    werkopdracht.refresh_from_db()
    assert (werkopdracht.titel, werkopdracht.volgorde) == ("Pakbon nakijken", 3)
    assert [wp.code for wp in werkopdracht.werkprocessen.all()] == ["B1-K1-W1"]
    with pytest.raises(ValidationError):
        werkopdracht.wijzig(titel="Pakbon nakijken", volgorde=3, omschrijving="", werkprocessen=[andere])


def test_kwalificatie_in_use_cannot_be_edited(world, coordinator_client):
    kwalificatie = world.vakvaardigheid.kwalificatie
    url = reverse("werkopdrachten:kwalificatie_bewerken", args=[kwalificatie.pk])
    assert "maak een nieuwe versie" in coordinator_client.get(url).text
    coordinator_client.post(
        url, {"naam": "Anders", "crebo": "12345", "niveau": 3, "dossier_versie": "X", "geldig_vanaf": "2020-01-01"}
    )
    kwalificatie.refresh_from_db()
    assert kwalificatie.naam == "Medewerker logistiek"


def test_unused_werkopdracht_can_be_remapped_within_its_kwalificatie(world, coordinator_client):
    vak = world.vakvaardigheid
    werkopdracht = vak.nieuwe_werkopdracht(
        titel="Nieuw", volgorde=5, werkprocessen=vak.kwalificatie.werkprocessen.filter(code="B1-K1-W1")
    )
    andere = vak.kwalificatie.werkprocessen.get(code="B1-K1-W2")
    coordinator_client.post(
        reverse("werkopdrachten:werkopdracht_bewerken", args=[werkopdracht.pk]),
        {"volgorde": 5, "titel": "Nieuw", "omschrijving": "", "werkprocessen": [andere.pk]},
    )
    assert [wp.code for wp in werkopdracht.werkprocessen.all()] == ["B1-K1-W2"]


def test_werkopdracht_cannot_map_to_a_werkproces_of_another_kwalificatie(world, coordinator_client):
    vak = world.vakvaardigheid
    werkopdracht = vak.nieuwe_werkopdracht(
        titel="Nieuw", volgorde=5, werkprocessen=vak.kwalificatie.werkprocessen.filter(code="B1-K1-W1")
    )
    vreemd = factories.maak_kwalificatie(naam="Andere").werkprocessen.get(code="B1-K1-W2")
    response = coordinator_client.post(
        reverse("werkopdrachten:werkopdracht_bewerken", args=[werkopdracht.pk]),
        {"volgorde": 5, "titel": "Nieuw", "omschrijving": "", "werkprocessen": [vreemd.pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["werkprocessen"]
    assert [wp.kwalificatie_id for wp in werkopdracht.werkprocessen.all()] == [vak.kwalificatie_id]
