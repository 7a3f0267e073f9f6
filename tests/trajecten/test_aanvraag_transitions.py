import datetime

import pytest
from django.utils import timezone

from praktijkwijs.errors import OvergangNietToegestaan
from trajecten.models import Aanvraag
from trajecten.services import traject_start_uit_aanvraag

pytestmark = pytest.mark.django_db


def intake_gehouden(aanvraag, door):
    aanvraag.plan_intake(door=door, op=timezone.now() + datetime.timedelta(days=3), intake_door=door)
    aanvraag.registreer_intake(door=door, verslag="Gemotiveerd, heeft ervaring met heftrucks.", advies="positief")


def test_plan_intake_from_ingediend_records_history(world):
    aanvraag = world.aanvraag
    op = timezone.now() + datetime.timedelta(days=2)
    aanvraag.plan_intake(door=world.coordinator, op=op, intake_door=world.coordinator, toelichting="Met bedrijf")
    assert aanvraag.status == Aanvraag.Status.INTAKE_GEPLAND
    assert aanvraag.intake_op == op
    wijziging = aanvraag.wijzigingen.get()
    assert (wijziging.van_status, wijziging.naar_status, wijziging.door) == (
        "ingediend",
        "intake_gepland",
        world.coordinator,
    )
    assert wijziging.toelichting == "Met bedrijf"


def test_replanning_the_intake_records_a_second_row(world):
    aanvraag = world.aanvraag
    for dagen in (2, 5):
        aanvraag.plan_intake(
            door=world.coordinator, op=timezone.now() + datetime.timedelta(days=dagen), intake_door=world.coordinator
        )
    assert aanvraag.wijzigingen.count() == 2


def test_registreer_intake_keeps_werkopdrachten_already_mastered(world):
    aanvraag = world.aanvraag
    aanvraag.plan_intake(door=world.coordinator, op=timezone.now(), intake_door=world.coordinator)
    eerste = world.vakvaardigheid.werkopdrachten.first()
    aanvraag.registreer_intake(door=world.coordinator, verslag="Goed gesprek", advies="positief", al_beheerst=[eerste])
    assert aanvraag.status == Aanvraag.Status.INTAKE_GEHOUDEN
    assert list(aanvraag.al_beheerst.all()) == [eerste]


def test_cannot_record_intake_before_it_is_planned(world):
    with pytest.raises(OvergangNietToegestaan):
        world.aanvraag.registreer_intake(door=world.coordinator, verslag="x", advies="positief")
    assert world.aanvraag.wijzigingen.count() == 0


def test_keur_goed_after_intake(world):
    intake_gehouden(world.aanvraag, world.coordinator)
    world.aanvraag.keur_goed(door=world.coordinator)
    assert world.aanvraag.status == Aanvraag.Status.GOEDGEKEURD
    assert world.aanvraag.wijzigingen.last().naar_status == "goedgekeurd"


def test_keur_goed_is_refused_without_intake(world):
    with pytest.raises(OvergangNietToegestaan, match="ingediend"):
        world.aanvraag.keur_goed(door=world.coordinator)
    world.aanvraag.refresh_from_db()
    assert world.aanvraag.status == Aanvraag.Status.INGEDIEND


def test_keur_goed_twice_records_one_row(world):
    intake_gehouden(world.aanvraag, world.coordinator)
    world.aanvraag.keur_goed(door=world.coordinator)
    world.aanvraag.keur_goed(door=world.coordinator)
    assert world.aanvraag.wijzigingen.filter(naar_status="goedgekeurd").count() == 1


def test_wijs_af_needs_a_reason(world):
    with pytest.raises(OvergangNietToegestaan, match="reden"):
        world.aanvraag.wijs_af(door=world.coordinator, reden="  ")
    world.aanvraag.wijs_af(door=world.coordinator, reden="Past niet bij het aanbod")
    assert world.aanvraag.status == Aanvraag.Status.AFGEWEZEN
    assert world.aanvraag.wijzigingen.get().toelichting == "Past niet bij het aanbod"


def test_afgewezen_cannot_be_withdrawn(world):
    world.aanvraag.wijs_af(door=world.coordinator, reden="Geen plek")
    with pytest.raises(OvergangNietToegestaan):
        world.aanvraag.trek_in(door=world.coordinator, reden="alsnog")


def test_trek_in_from_intake_gepland(world):
    world.aanvraag.plan_intake(door=world.coordinator, op=timezone.now(), intake_door=world.coordinator)
    world.aanvraag.trek_in(door=world.coordinator, reden="Heeft werk gevonden")
    assert world.aanvraag.status == Aanvraag.Status.INGETROKKEN


def test_start_traject_from_aanvraag_carries_over_mastered_werkopdrachten(world):
    aanvraag = world.aanvraag
    werkopdrachten = list(world.vakvaardigheid.werkopdrachten.all())
    aanvraag.plan_intake(door=world.coordinator, op=timezone.now(), intake_door=world.coordinator)
    aanvraag.registreer_intake(
        door=world.coordinator, verslag="Kan al lossen", advies="positief", al_beheerst=[werkopdrachten[1]]
    )
    traject = traject_start_uit_aanvraag(
        aanvraag=aanvraag,
        door=world.coordinator,
        bedrijf=world.bedrijf,
        school=world.school,
        begeleiders=[world.begeleider.praktijkbegeleider],
        vakvaardigheden=[world.vakvaardigheid],
        werkopdrachten=werkopdrachten,
        al_beheerst=aanvraag.al_beheerst.all(),
        startdatum=datetime.date(2026, 10, 1),
    )
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.GOEDGEKEURD
    assert traject.aanvraag == aanvraag
    assert (traject.aantal_opdrachten, traject.aantal_beheerst) == (4, 1)
    intake = traject.voortgang.get(werkopdracht=werkopdrachten[1])
    assert intake.bij_intake and intake.is_beheerst


def test_start_traject_is_atomic(world):
    """A failing traject (end before start) leaves the aanvraag unapproved."""
    aanvraag = world.aanvraag
    aanvraag.plan_intake(door=world.coordinator, op=timezone.now(), intake_door=world.coordinator)
    aanvraag.registreer_intake(door=world.coordinator, verslag="ok", advies="positief")
    with pytest.raises(Exception):  # noqa: B017 - the validation error of the traject
        traject_start_uit_aanvraag(
            aanvraag=aanvraag,
            door=world.coordinator,
            bedrijf=world.bedrijf,
            school=world.school,
            begeleiders=[world.begeleider.praktijkbegeleider],
            vakvaardigheden=[world.vakvaardigheid],
            werkopdrachten=world.vakvaardigheid.werkopdrachten.all(),
            startdatum=datetime.date(2026, 10, 1),
            einddatum=datetime.date(2026, 9, 1),
        )
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INTAKE_GEHOUDEN
    assert not aanvraag.wijzigingen.filter(naar_status="goedgekeurd").exists()
