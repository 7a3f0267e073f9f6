"""The public pages: the landing page and the aanmelden form (good, bad and spammy input)."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.trajecten.builders_publiek import maak_verhaal, maak_verklaring
from trajecten.models import Aanvraag, AanvraagWijziging, Deelnemer
from trajecten.views.publiek import AANMELDINGEN_PER_UUR


@pytest.fixture(autouse=True)
def _lege_cache():
    # The rate limit counts in the cache; every test starts with a clean count.
    cache.clear()
    yield
    cache.clear()


def goede_aanmelding(**anders) -> dict:
    gegevens = {
        "wie": "werkgever",
        "voornamen": "Fatima",
        "achternaam": "El Amrani",
        "geboortedatum": "1994-02-03",
        "geboorteplaats": "Casablanca",
        "gemeente": "Doetinchem",
        "telefoon": "06 12345678",
        "doelgroep": "inburgeraar",
        "toelichting": "Kan in maart beginnen.",
        "aanmelder_naam": "Jan Stadsboer",
        "aanmelder_organisatie": "Stadsboerin Doetinchem",
        "aanmelder_email": "jan@stadsboerin.example",
        "toestemming": "on",
        "website": "",
    }
    gegevens.update(anders)
    return {k: v for k, v in gegevens.items() if v is not None}


# -- landing page ----------------------------------------------------------------------------


def test_landing_shows_live_figures_offer_and_consenting_bedrijven(world, client):
    world.bedrijf.tonen_op_website = True
    world.bedrijf.save()
    maak_verklaring(world.traject, uitgegeven_op=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC))
    html = client.get(reverse("landing")).content.decode()
    assert "2</span>mensen leren of leerden een vak" in html.replace("\n", "")
    assert "1</span>praktijkverklaring uitgereikt" in html
    assert "2</span>leerbedrijven doen mee" in html
    assert world.vakvaardigheid.naam in html
    assert "Laborijn, Doetinchem" in html
    assert "Stadsboerin Doetinchem" not in html  # did not agree to be shown


def test_landing_shows_published_stories_only(world, client):
    maak_verhaal("Gepubliceerd verhaal", personen={"Ahmed": True}).publiceer(door=world.coordinator)
    maak_verhaal("Concept verhaal")
    html = client.get(reverse("landing")).content.decode()
    assert "Gepubliceerd verhaal" in html
    assert "Concept verhaal" not in html


def test_landing_query_count_is_constant(world, client, django_assert_num_queries):
    for nummer in range(3):
        maak_verhaal(f"Verhaal {nummer}").publiceer(door=world.coordinator)
        factories.maak_bedrijf(f"Bedrijf {nummer}", tonen_op_website=True)
    # 1 trajecten, 2 valid verklaringen, 3 leerbedrijven with a traject, 4 vakvaardigheden,
    # 5 leerbedrijven on the website, 6 published stories with their bedrijf
    with django_assert_num_queries(6):
        client.get(reverse("landing"))


# -- aanmelden ---------------------------------------------------------------------------------


def test_good_aanmelding_creates_an_ingediend_aanvraag_with_history(world, client):
    response = client.post(reverse("aanmelden"), goede_aanmelding(vakvaardigheden=[world.vakvaardigheid.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("aanmelden_bedankt")
    aanvraag = Aanvraag.objects.get(deelnemer__achternaam="El Amrani")
    assert aanvraag.status == Aanvraag.Status.INGEDIEND
    assert aanvraag.deelnemer.verwijzer == Deelnemer.Verwijzer.WERKGEVER
    assert aanvraag.deelnemer.doelgroep == Deelnemer.Doelgroep.INBURGERAAR
    assert aanvraag.deelnemer.geboortedatum == datetime.date(1994, 2, 3)
    assert aanvraag.aanmelder_organisatie == "Stadsboerin Doetinchem"
    assert list(aanvraag.vakvaardigheden.all()) == [world.vakvaardigheid]
    wijziging = AanvraagWijziging.objects.get(aanvraag=aanvraag)
    assert (wijziging.door, wijziging.van_status, wijziging.naar_status) == (None, "", "ingediend")
    assert "ontvangen" in client.get(response["Location"]).content.decode()


def test_aanmelding_appears_as_ingediend_for_the_coordinator(world, client, coordinator_client):
    client.post(reverse("aanmelden"), goede_aanmelding())
    html = coordinator_client.get(reverse("trajecten:aanvragen")).content.decode()
    assert "Fatima El Amrani" in html
    overzicht = coordinator_client.get(reverse("overzicht"))
    ingediend = next(t for t in overzicht.context["per_status"] if t.sleutel == "ingediend")
    assert ingediend.aantal == 2  # the world's own aanvraag and this one


def test_someone_signing_up_themself_needs_no_aanmelder_but_a_way_to_call(db, client):
    zonder_contact = goede_aanmelding(
        wie="zelf", telefoon="", aanmelder_naam="", aanmelder_organisatie="", aanmelder_email=""
    )
    response = client.post(reverse("aanmelden"), zonder_contact)
    assert response.status_code == 200
    assert "Vul een telefoonnummer of e-mailadres in" in response.content.decode()
    response = client.post(reverse("aanmelden"), {**zonder_contact, "email": "fatima@example.org"})
    assert response.status_code == 302
    aanvraag = Aanvraag.objects.get()
    assert aanvraag.aanmelder_naam == "" and aanvraag.deelnemer.verwijzer == Deelnemer.Verwijzer.ZELF


@pytest.mark.parametrize(
    ("fout", "melding"),
    [
        ({"achternaam": ""}, "Dit veld is verplicht."),
        ({"geboortedatum": "2099-01-01"}, "De geboortedatum moet in het verleden liggen."),
        (
            {"geboortedatum": datetime.date.today().replace(year=datetime.date.today().year - 10).isoformat()},
            "Meedoen kan vanaf 16 jaar.",
        ),
        ({"geboortedatum": "gisteren"}, "Voer een geldige datum in."),
        ({"telefoon": "12"}, "Vul een telefoonnummer in van minstens 10 cijfers"),
        ({"aanmelder_email": ""}, "Vul uw e-mailadres in"),
        ({"aanmelder_email": "geen-adres"}, "Voer een geldig e-mailadres in."),
        ({"toestemming": None}, "Dit veld is verplicht."),
        ({"wie": "hacker"}, "Selecteer een geldige keuze."),
    ],
)
def test_bad_input_gets_a_dutch_message_keeps_what_was_typed_and_saves_nothing(db, client, fout, melding):
    response = client.post(reverse("aanmelden"), goede_aanmelding(**fout))
    assert response.status_code == 200
    html = response.content.decode()
    assert melding in html
    assert "De aanmelding is nog niet verstuurd." in html
    assert 'value="Fatima"' in html
    assert not Aanvraag.objects.exists() and not Deelnemer.objects.exists()


def test_honeypot_filled_in_looks_accepted_but_stores_nothing(db, client):
    response = client.post(reverse("aanmelden"), goede_aanmelding(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("aanmelden_bedankt")
    assert not Aanvraag.objects.exists() and not Deelnemer.objects.exists()


def test_honeypot_is_hidden_from_people(db, client):
    html = client.get(reverse("aanmelden")).content.decode()
    assert 'class="d-none"' in html and 'name="website"' in html
    assert 'aria-hidden="true"' in html


def test_too_many_aanmeldingen_from_one_address_are_refused(db, client, stilstaande_klok):
    for nummer in range(AANMELDINGEN_PER_UUR):
        response = client.post(reverse("aanmelden"), goede_aanmelding(achternaam=f"Persoon {nummer}"))
        assert response.status_code == 302
    response = client.post(reverse("aanmelden"), goede_aanmelding(achternaam="Een te veel"))
    assert response.status_code == 429
    assert "te veel aanmeldingen" in response.content.decode()
    assert Aanvraag.objects.count() == AANMELDINGEN_PER_UUR
    # another address is not affected
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(reverse("aanmelden"), goede_aanmelding(achternaam="Ander adres")).status_code == 302
