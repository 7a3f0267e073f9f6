"""Retention: ``manage.py bewaartermijn`` anonymises deelnemers years after their last traject
ended, keeps what the verification registry needs, and lists what it would do in a dry run."""

import datetime
import os
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from praktijkwijs.models import ToegangsLog
from tests import factories
from tests.trajecten.builders_publiek import maak_verklaring
from trajecten.models import Aanvraag, Deelnemer
from trajecten.privacy import ANONIEM_VOORNAAM

VANDAAG = datetime.datetime(2026, 11, 2, 3, 0, tzinfo=datetime.UTC)


def traject_van(world, deelnemer, *, start: datetime.date, einde: datetime.date | None, gestopt: bool = False):
    begeleider = world.begeleider.praktijkbegeleider
    with time_machine.travel(datetime.datetime.combine(start, datetime.time(9), tzinfo=datetime.UTC), tick=False):
        traject = factories.maak_traject(
            deelnemer=deelnemer,
            begeleider=begeleider,
            school=world.school,
            vakvaardigheid=world.vakvaardigheid,
            door=world.coordinator,
            startdatum=start,
        )
    if einde:
        with time_machine.travel(datetime.datetime.combine(einde, datetime.time(9), tzinfo=datetime.UTC), tick=False):
            if gestopt:
                traject.stop(door=world.coordinator, reden="Verhuisd naar Sanne's nieuwe woonplaats")
            else:
                traject.rond_af(door=world.coordinator, toelichting="Alles beheerst, Sanne was blij")
    return traject


def aanvraag_van(world, deelnemer, *, op: datetime.date, afwijzen: bool):
    with time_machine.travel(datetime.datetime.combine(op, datetime.time(9), tzinfo=datetime.UTC), tick=False):
        aanvraag = Aanvraag.objects.create(
            deelnemer=deelnemer, bedrijf=world.bedrijf, school=world.school, toelichting="Woont bij haar moeder"
        )
        if afwijzen:
            aanvraag.wijs_af(door=world.coordinator, reden="Sanne heeft nu geen tijd")
    return aanvraag


@pytest.fixture
def archief(world):
    """Deelnemers in every situation, seen from 2 November 2026 with a term of 7 years."""
    oud = factories.maak_deelnemer("Oud", "Afgerond", login="oud", email="oud@example.org", telefoon="0612345678")
    oud_traject = traject_van(world, oud, start=datetime.date(2017, 9, 1), einde=datetime.date(2019, 6, 30))
    gestopt = factories.maak_deelnemer("Oud", "Gestopt")
    traject_van(world, gestopt, start=datetime.date(2018, 1, 8), einde=datetime.date(2019, 3, 1), gestopt=True)
    recent = factories.maak_deelnemer("Recent", "Afgerond")
    traject_van(world, recent, start=datetime.date(2019, 1, 7), einde=datetime.date(2020, 1, 15))
    lopend = factories.maak_deelnemer("Oud", "Lopend")
    traject_van(world, lopend, start=datetime.date(2015, 9, 1), einde=None)
    afgewezen = factories.maak_deelnemer("Alleen", "Afgewezen")
    aanvraag_van(world, afgewezen, op=datetime.date(2018, 4, 1), afwijzen=True)
    open_aanvraag = factories.maak_deelnemer("Oude", "Openstaand")
    aanvraag_van(world, open_aanvraag, op=datetime.date(2017, 4, 1), afwijzen=False)
    terug = factories.maak_deelnemer("Kwam", "Terug")
    traject_van(world, terug, start=datetime.date(2016, 9, 1), einde=datetime.date(2017, 6, 30))
    aanvraag_van(world, terug, op=datetime.date(2025, 4, 1), afwijzen=True)
    return {
        "oud": oud,
        "oud_traject": oud_traject,
        "gestopt": gestopt,
        "recent": recent,
        "lopend": lopend,
        "afgewezen": afgewezen,
        "open": open_aanvraag,
        "terug": terug,
    }


def bewaartermijn(*args: str) -> str:
    uit = StringIO()
    with time_machine.travel(VANDAAG, tick=False):
        call_command("bewaartermijn", *args, stdout=uit)
    return uit.getvalue()


def is_anoniem(deelnemer: Deelnemer) -> bool:
    deelnemer.refresh_from_db()
    return deelnemer.voornamen == ANONIEM_VOORNAAM


def test_anonymises_only_those_past_the_term(archief):
    bewaartermijn()
    assert is_anoniem(archief["oud"]) and is_anoniem(archief["gestopt"]) and is_anoniem(archief["afgewezen"])
    for blijft in ["recent", "lopend", "open", "terug"]:
        assert not is_anoniem(archief[blijft]), blijft


def test_what_identifies_the_person_is_gone(archief):
    bewaartermijn()
    oud = Deelnemer.objects.get(pk=archief["oud"].pk)
    assert (oud.achternaam, oud.email, oud.telefoon, oud.geboorteplaats) == (f"#{oud.pk}", "", "", "")
    assert oud.geboortedatum == datetime.date(1900, 1, 1)
    assert not oud.user.is_active and not oud.user.has_usable_password() and oud.user.email == ""
    assert oud.user.username == f"geanonimiseerd-{oud.pk}"
    traject = archief["oud_traject"]
    assert "Sanne" not in "".join(traject.wijzigingen.values_list("toelichting", flat=True))
    gestopt = archief["gestopt"].trajecten.get()
    assert gestopt.stopreden == "[geanonimiseerd]"  # a stopped traject keeps "a reason"
    aanvraag = archief["afgewezen"].aanvragen.get()
    assert (aanvraag.toelichting, aanvraag.reden) == ("", "[geanonimiseerd]")
    # What the statistics need stays.
    assert (oud.gemeente, oud.doelgroep, traject.status) == ("Doetinchem", "werkzoekende", "afgerond")


def test_issued_verklaring_keeps_its_printed_values(archief, world):
    traject = archief["oud_traject"]
    verklaring = maak_verklaring(
        traject, uitgegeven_op=timezone.now(), door=world.coordinator, deelnemer_naam="Oud Afgerond"
    )
    nummer = verklaring.nummer
    bewaartermijn()
    verklaring.refresh_from_db()
    assert (verklaring.deelnemer_naam, verklaring.nummer, verklaring.status) == ("Oud Afgerond", nummer, "uitgegeven")


def test_dry_run_lists_ids_and_changes_nothing(archief):
    uitvoer = bewaartermijn("--dry-run")
    for naam in ["oud", "gestopt", "afgewezen"]:
        assert f"zou anonimiseren: deelnemer {archief[naam].pk}," in uitvoer
    assert "3 deelnemer(s) te anonimiseren" in uitvoer
    assert "Afgerond" not in uitvoer and "Sanne" not in uitvoer  # ids only
    assert not any(is_anoniem(d) for d in Deelnemer.objects.all())
    assert not ToegangsLog.objects.filter(actie=ToegangsLog.Actie.GEANONIMISEERD).exists()


def test_a_shorter_term_takes_more_and_a_second_run_nothing(archief):
    bewaartermijn()
    assert "0 deelnemer(s) geanonimiseerd" in bewaartermijn()
    bewaartermijn("--jaren", "5")
    assert is_anoniem(archief["recent"])
    assert not is_anoniem(archief["lopend"])


def test_the_anonymisation_is_recorded_in_the_access_log(archief):
    bewaartermijn()
    regel = ToegangsLog.objects.get(deelnemer_id=archief["oud"].pk, actie=ToegangsLog.Actie.GEANONIMISEERD)
    assert regel.user is None


def test_term_comes_from_the_setting(archief, settings):
    settings.BEWAARTERMIJN_JAREN = 10
    assert "0 deelnemer(s) geanonimiseerd (bewaartermijn 10 jaar)" in bewaartermijn()


def test_removes_a_pdf_no_verklaring_holds_after_a_day(world, settings):
    """Issuing cut off by a database failure may leave its stored PDF (personal data) behind."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tests.trajecten.builders_verklaringen import geef_uit

    uitgegeven = geef_uit(world)
    los = default_storage.save("verklaringen/2026/abc/praktijkverklaring-GC-2026-0009.pdf", ContentFile(b"%PDF-"))
    nieuw = default_storage.save("verklaringen/2026/def/praktijkverklaring-GC-2026-0010.pdf", ContentFile(b"%PDF-"))
    gisteren = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    for naam in (los, uitgegeven.pdf.name):
        os.utime(default_storage.path(naam), (gisteren, gisteren))

    uitvoer = StringIO()
    call_command("bewaartermijn", "--dry-run", stdout=uitvoer)
    assert f"zou verwijderen: PDF zonder verklaring {los}" in uitvoer.getvalue()
    assert default_storage.exists(los)

    call_command("bewaartermijn", stdout=StringIO())
    assert not default_storage.exists(los)
    assert default_storage.exists(uitgegeven.pdf.name)  # held by its verklaring
    assert default_storage.exists(nieuw)  # perhaps an issue still in progress
