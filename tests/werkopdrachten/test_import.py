"""Importing the catalogue from CSV and XLSX: preview first, then all rows or none."""

import pytest
from django.urls import reverse

from tests import factories
from tests.werkopdrachten.builders_catalogus import (
    WERKOPDRACHTEN_KOP,
    WERKPROCESSEN_KOP,
    als,
    bestand,
    csv_bytes,
)
from werkopdrachten import uitwisseling
from werkopdrachten.models import Kwalificatie, Vakvaardigheid, Werkopdracht, Werkproces

pytestmark = pytest.mark.django_db

GOEDE_WERKOPDRACHTEN = [
    WERKOPDRACHTEN_KOP,
    [1, "Vrachtbrief tekenen", "Na controle van de lading", "B1-K1-W1"],
    [2, "Voorraad tellen", "", "B1-K1-W2;B1-K1-W3"],
]
FOUTE_WERKOPDRACHTEN = [
    WERKOPDRACHTEN_KOP,
    [1, "Vrachtbrief tekenen", "", "B1-K1-W1"],
    [2, "Voorraad tellen", "", "B1-K9-W9"],
]
GOEDE_WERKPROCESSEN = [
    WERKPROCESSEN_KOP,
    ["B1-K1", "Bereidt gerechten", "B1-K1-W1", "Maakt de werkplek gereed"],
    ["B1-K1", "Bereidt gerechten", "B1-K1-W2", "Bereidt eenvoudige gerechten"],
    ["B1-K2", "Houdt de keuken schoon", "B1-K2-W1", "Maakt de keuken schoon"],
]


@pytest.fixture
def lege_vakvaardigheid(world):
    return Vakvaardigheid.objects.create(naam="Magazijn", kwalificatie=world.vakvaardigheid.kwalificatie)


@pytest.fixture
def lege_kwalificatie(db):
    return Kwalificatie.objects.create(
        crebo="25180", naam="Assistent keuken", niveau=1, dossier_versie="2024", geldig_vanaf="2024-08-01"
    )


def upload(client, vakvaardigheid, upload_bestand):
    return client.post(
        reverse("werkopdrachten:werkopdrachten_import", args=[vakvaardigheid.pk]), {"bestand": upload_bestand}
    )


def bevestig(client, vakvaardigheid, response):
    return client.post(
        reverse("werkopdrachten:werkopdrachten_import_bevestigen", args=[vakvaardigheid.pk]),
        {"token": response.context["token"]},
    )


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_good_file_shows_preview_and_saves_only_after_confirming(coordinator_client, lege_vakvaardigheid, formaat):
    response = upload(coordinator_client, lege_vakvaardigheid, als(formaat, GOEDE_WERKOPDRACHTEN))
    assert response.status_code == 200
    assert "Vrachtbrief tekenen" in response.text
    assert "Bevestigen en opslaan" in response.text
    assert not lege_vakvaardigheid.werkopdrachten.exists()

    response = bevestig(coordinator_client, lege_vakvaardigheid, response)
    assert response.status_code == 302
    opdrachten = {
        wo.titel: (wo.volgorde, wo.omschrijving, sorted(wp.code for wp in wo.werkprocessen.all()))
        for wo in lege_vakvaardigheid.werkopdrachten.all()
    }
    assert opdrachten == {
        "Vrachtbrief tekenen": (1, "Na controle van de lading", ["B1-K1-W1"]),
        "Voorraad tellen": (2, "", ["B1-K1-W2", "B1-K1-W3"]),
    }


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_one_bad_row_saves_nothing_and_shows_the_error_on_that_row(coordinator_client, lege_vakvaardigheid, formaat):
    response = upload(coordinator_client, lege_vakvaardigheid, als(formaat, FOUTE_WERKOPDRACHTEN))
    assert response.status_code == 200
    assert "Onbekende werkprocescode: B1-K9-W9" in response.text
    assert "1 regel heeft een fout" in response.text
    assert "Bevestigen en opslaan" not in response.text
    # Even a confirm posted by hand finds nothing to save.
    bevestigd = coordinator_client.post(
        reverse("werkopdrachten:werkopdrachten_import_bevestigen", args=[lege_vakvaardigheid.pk]), {"token": "x"}
    )
    assert bevestigd.status_code == 302
    assert not lege_vakvaardigheid.werkopdrachten.exists()


def test_duplicate_titles_and_empty_title_are_errors(coordinator_client, lege_vakvaardigheid):
    rijen = [WERKOPDRACHTEN_KOP, [1, "Tellen", "", "B1-K1-W1"], [2, "tellen", "", "B1-K1-W2"], [3, "", "", "B1-K1-W2"]]
    response = upload(coordinator_client, lege_vakvaardigheid, als("xlsx", rijen))
    assert "staat dubbel (ook op regel 2)" in response.text
    assert "De titel is leeg." in response.text
    assert not lege_vakvaardigheid.werkopdrachten.exists()


def test_wrong_file_type_is_refused(coordinator_client, lege_vakvaardigheid):
    response = upload(
        coordinator_client, lege_vakvaardigheid, bestand("werkopdrachten.xlsx", csv_bytes(GOEDE_WERKOPDRACHTEN))
    )
    assert response.status_code == 200
    assert "geen XLSX-bestand" in response.text
    assert response.context["rijen"] is None
    response = upload(coordinator_client, lege_vakvaardigheid, bestand("foto.png", b"\x89PNG\r\n\x1a\n"))
    assert "Kies een .csv- of .xlsx-bestand" in response.text


def test_too_large_file_is_refused(coordinator_client, lege_vakvaardigheid):
    regel = b"1,Titel,,B1-K1-W1\n"
    inhoud = b"volgorde,titel,omschrijving,werkprocessen\n" + regel * (uitwisseling.MAX_BYTES // len(regel) + 1)
    response = upload(coordinator_client, lege_vakvaardigheid, bestand("groot.csv", inhoud))
    assert "te groot" in response.text
    assert not lege_vakvaardigheid.werkopdrachten.exists()


def test_confirm_with_a_forged_token_saves_nothing(coordinator_client, lege_vakvaardigheid):
    upload(coordinator_client, lege_vakvaardigheid, als("csv", GOEDE_WERKOPDRACHTEN))
    response = coordinator_client.post(
        reverse("werkopdrachten:werkopdrachten_import_bevestigen", args=[lege_vakvaardigheid.pk]),
        {"token": "geraden", "titel": "Iets anders"},
    )
    assert response.status_code == 302
    assert not lege_vakvaardigheid.werkopdrachten.exists()


def test_a_preview_can_be_confirmed_once(coordinator_client, lege_vakvaardigheid):
    response = upload(coordinator_client, lege_vakvaardigheid, als("csv", GOEDE_WERKOPDRACHTEN))
    bevestig(coordinator_client, lege_vakvaardigheid, response)
    lege_vakvaardigheid.werkopdrachten.all().delete()
    bevestig(coordinator_client, lege_vakvaardigheid, response)
    assert not lege_vakvaardigheid.werkopdrachten.exists()


def test_preview_of_another_vakvaardigheid_cannot_be_confirmed_here(coordinator_client, world, lege_vakvaardigheid):
    andere = Vakvaardigheid.objects.create(naam="Expeditie", kwalificatie=world.vakvaardigheid.kwalificatie)
    response = upload(coordinator_client, andere, als("csv", GOEDE_WERKOPDRACHTEN))
    bevestig(coordinator_client, lege_vakvaardigheid, response)
    assert not lege_vakvaardigheid.werkopdrachten.exists()


def test_catalogue_changed_between_preview_and_confirm_saves_nothing(coordinator_client, lege_vakvaardigheid):
    response = upload(coordinator_client, lege_vakvaardigheid, als("csv", GOEDE_WERKOPDRACHTEN))
    Werkproces.objects.get(kwalificatie=lege_vakvaardigheid.kwalificatie, code="B1-K1-W3").werkopdrachten.clear()
    Werkproces.objects.filter(kwalificatie=lege_vakvaardigheid.kwalificatie, code="B1-K1-W3").delete()
    response = bevestig(coordinator_client, lege_vakvaardigheid, response)
    assert response.status_code == 302
    assert not lege_vakvaardigheid.werkopdrachten.exists()


def test_import_updates_existing_werkopdrachten_by_title(coordinator_client, world):
    vak = factories.maak_vakvaardigheid(kwalificatie=world.vakvaardigheid.kwalificatie, naam="Nog niet gebruikt")
    rijen = [WERKOPDRACHTEN_KOP, [7, "pakbon controleren", "Met de chauffeur", "B1-K1-W2"]]
    response = upload(coordinator_client, vak, als("csv", rijen))
    bevestig(coordinator_client, vak, response)
    opdracht = vak.werkopdrachten.get(titel__iexact="pakbon controleren")
    assert (opdracht.volgorde, opdracht.omschrijving) == (7, "Met de chauffeur")
    assert [wp.code for wp in opdracht.werkprocessen.all()] == ["B1-K1-W2"]
    assert vak.werkopdrachten.count() == 4


def test_import_cannot_remap_a_werkopdracht_that_a_traject_uses(coordinator_client, world):
    vak = world.vakvaardigheid
    rijen = [WERKOPDRACHTEN_KOP, [1, "Pakbon controleren", "", "B1-K1-W3"]]
    response = upload(coordinator_client, vak, als("csv", rijen))
    assert "wordt gebruikt in een traject" in response.text
    assert "Bevestigen en opslaan" not in response.text
    assert [wp.code for wp in vak.werkopdrachten.get(titel="Pakbon controleren").werkprocessen.all()] == ["B1-K1-W1"]


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_werkprocessen_import_creates_kerntaken_and_werkprocessen(coordinator_client, lege_kwalificatie, formaat):
    url = reverse("werkopdrachten:werkprocessen_import", args=[lege_kwalificatie.pk])
    response = coordinator_client.post(url, {"bestand": als(formaat, GOEDE_WERKPROCESSEN)})
    assert not lege_kwalificatie.werkprocessen.exists()
    coordinator_client.post(
        reverse("werkopdrachten:werkprocessen_import_bevestigen", args=[lege_kwalificatie.pk]),
        {"token": response.context["token"]},
    )
    assert [(wp.kerntaak.code, wp.code, wp.titel) for wp in lege_kwalificatie.werkprocessen.order_by("code")] == [
        ("B1-K1", "B1-K1-W1", "Maakt de werkplek gereed"),
        ("B1-K1", "B1-K1-W2", "Bereidt eenvoudige gerechten"),
        ("B1-K2", "B1-K2-W1", "Maakt de keuken schoon"),
    ]


def test_werkprocessen_import_with_duplicate_code_saves_nothing(coordinator_client, lege_kwalificatie):
    rijen = [*GOEDE_WERKPROCESSEN, ["B1-K2", "Houdt de keuken schoon", "B1-K1-W1", "Dubbel"]]
    url = reverse("werkopdrachten:werkprocessen_import", args=[lege_kwalificatie.pk])
    response = coordinator_client.post(url, {"bestand": als("xlsx", rijen)})
    assert "B1-K1-W1 staat dubbel" in response.text
    assert not response.context["token"]
    assert not lege_kwalificatie.kerntaken.exists()


def test_failed_save_rolls_back_every_row(world, lege_vakvaardigheid, monkeypatch):
    """All or nothing also when the database refuses a row halfway."""
    tabel = uitwisseling.lees_tabel("x.csv", csv_bytes(GOEDE_WERKOPDRACHTEN), uitwisseling.KOLOMMEN_WERKOPDRACHTEN)
    echte_create = Werkopdracht.objects.create
    aantal = {"n": 0}

    def create_die_faalt(**velden):
        aantal["n"] += 1
        if aantal["n"] == 2:
            raise RuntimeError("database weigert")
        return echte_create(**velden)

    monkeypatch.setattr(Werkopdracht.objects, "create", create_die_faalt)
    with pytest.raises(RuntimeError):
        lege_vakvaardigheid.importeer_werkopdrachten(tabel)
    assert not lege_vakvaardigheid.werkopdrachten.exists()
