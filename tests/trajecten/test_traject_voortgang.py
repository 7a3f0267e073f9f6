import datetime
import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from praktijkwijs.errors import OvergangNietToegestaan
from trajecten.models import Traject, Uren, Voortgang

pytestmark = pytest.mark.django_db


def test_traject_start_from_gepland(world):
    traject = world.traject
    traject.status = Traject.Status.GEPLAND
    traject.save()
    traject.start(door=world.coordinator)
    assert traject.status == Traject.Status.ACTIEF
    assert traject.wijzigingen.last().naar_status == "actief"


def test_traject_cannot_finish_when_stopped(world):
    world.traject.stop(door=world.coordinator, reden="Verhuisd")
    assert world.traject.status == Traject.Status.GESTOPT
    assert world.traject.stopreden == "Verhuisd"
    with pytest.raises(OvergangNietToegestaan):
        world.traject.rond_af(door=world.coordinator)


def test_stop_needs_a_reason(world):
    with pytest.raises(OvergangNietToegestaan):
        world.traject.stop(door=world.coordinator, reden="")
    assert world.traject.wijzigingen.filter(naar_status="gestopt").count() == 0


def test_rond_af_records_history_and_einddatum(world):
    world.traject.rond_af(door=world.coordinator, einddatum=datetime.date(2026, 11, 1))
    assert world.traject.einddatum == datetime.date(2026, 11, 1)
    wijziging = world.traject.wijzigingen.last()
    assert (wijziging.van_status, wijziging.naar_status) == ("actief", "afgerond")


def test_tick_updates_progress_and_history(world):
    rij = world.traject.voortgang.first()
    assert rij.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider, notitie="Zelfstandig gedaan")
    world.traject.refresh_from_db()
    assert world.traject.aantal_beheerst == 1
    assert rij.afgetekend_op == timezone.localdate()
    assert rij.afgetekend_door == world.begeleider
    wijziging = rij.wijzigingen.get()
    assert (wijziging.van_status, wijziging.naar_status, wijziging.notitie) == (
        "nog_niet",
        "beheerst",
        "Zelfstandig gedaan",
    )


def test_double_tick_records_one_history_row(world):
    rij = world.traject.voortgang.first()
    rij.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)
    assert not rij.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)
    assert rij.wijzigingen.count() == 1


def test_undo_tick(world):
    rij = world.traject.voortgang.first()
    rij.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)
    rij.zet_status(status=Voortgang.Status.NOG_NIET, door=world.begeleider)
    world.traject.refresh_from_db()
    assert world.traject.aantal_beheerst == 0
    assert rij.afgetekend_op is None
    assert [w.naar_status for w in rij.wijzigingen.all()] == ["beheerst", "nog_niet"]


def test_no_ticks_on_a_finished_traject(world):
    world.traject.rond_af(door=world.coordinator)
    with pytest.raises(OvergangNietToegestaan):
        world.traject.voortgang.first().zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)


def test_werkproces_mastered_when_all_its_werkopdrachten_are(world):
    w1_opdrachten = world.traject.voortgang.filter(werkopdracht__werkprocessen__code="B1-K1-W1")
    eerste, tweede = list(w1_opdrachten)
    eerste.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)
    per_wp = {entry.werkproces.code: entry for entry in world.traject.voortgang_per_werkproces()}
    assert not per_wp["B1-K1-W1"].is_beheerst
    assert per_wp["B1-K1-W1"].procent == 50
    tweede.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)
    per_wp = {entry.werkproces.code: entry for entry in world.traject.voortgang_per_werkproces()}
    assert per_wp["B1-K1-W1"].is_beheerst
    assert not per_wp["B1-K1-W2"].is_beheerst


def test_one_voortgang_per_traject_and_werkopdracht(world):
    rij = world.traject.voortgang.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Voortgang.objects.create(traject=world.traject, werkopdracht=rij.werkopdracht)


def test_einddatum_not_before_startdatum_in_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Traject.objects.filter(pk=world.traject.pk).update(einddatum=world.traject.startdatum - datetime.timedelta(1))


def test_status_must_be_a_known_choice(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Traject.objects.filter(pk=world.traject.pk).update(status="zomaar")


def test_uren_once_per_week_stored_on_monday(world):
    Uren.objects.create(
        traject=world.traject, week=datetime.date(2026, 11, 19), uren=16, geregistreerd_door=world.begeleider
    )
    assert Uren.objects.get().week == datetime.date(2026, 11, 16)
    with pytest.raises(IntegrityError), transaction.atomic():
        Uren.objects.create(
            traject=world.traject, week=datetime.date(2026, 11, 17), uren=8, geregistreerd_door=world.begeleider
        )


def vorige_uit_historie(rij: Voortgang) -> str:
    """What "undo" goes back to, by the history: the state before the latest change into the
    current one, skipping changes of only the date or note; *nog niet* when there is none."""
    overgangen = [w for w in rij.wijzigingen.order_by("-op", "-pk") if w.naar_status == rij.status]
    return next((w.van_status for w in overgangen if w.van_status != w.naar_status), "") or "nog_niet"


def test_the_undo_state_kept_with_a_row_is_what_its_history_says(world):
    rij = world.traject.voortgang.first()
    door = world.begeleider
    eerder = world.traject.startdatum
    stappen = [
        {"status": "bezig"},
        {"status": "beheerst"},
        {"status": "beheerst", "datum": eerder, "notitie": "Met hulp"},  # only the date and note
        {"status": "bezig"},  # undo
        {"status": "beheerst"},
        {"status": "nog_niet"},
        {"status": "nog_niet", "notitie": "Nog oefenen"},  # only the note
        {"status": "beheerst"},
    ]
    verwacht = ["nog_niet", "bezig", "bezig", "beheerst", "bezig", "beheerst", "beheerst", "nog_niet"]
    for stap, vorige in zip(stappen, verwacht, strict=True):
        rij.zet_status(door=door, **stap)
        opgeslagen = Voortgang.objects.get(pk=rij.pk)
        assert (rij.vorige_status, opgeslagen.vorige_status) == (vorige, vorige), stap
        assert opgeslagen.vorige_status == vorige_uit_historie(opgeslagen), stap


def test_the_migration_derives_the_undo_state_from_the_history(world):
    """Migration 0005 fills in Voortgang.vorige_status for the rows already there."""
    eerste, tweede, derde = world.traject.voortgang.order_by("pk")[:3]
    for status in ("bezig", "beheerst"):
        eerste.zet_status(door=world.begeleider, status=status)
    tweede.zet_status(door=world.begeleider, status="beheerst")
    tweede.zet_status(door=world.begeleider, status="beheerst", datum=world.traject.startdatum)
    Voortgang.objects.update(vorige_status="beheerst")  # anything but the truth

    importlib.import_module("trajecten.migrations.0005_voortgang_vorige_status").vul_in(apps, None)

    rijen = {rij.pk: rij for rij in Voortgang.objects.filter(pk__in=[eerste.pk, tweede.pk, derde.pk])}
    assert [rijen[rij.pk].vorige_status for rij in (eerste, tweede, derde)] == ["bezig", "nog_niet", "nog_niet"]
