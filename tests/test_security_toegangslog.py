"""The access log: append-only, read-only in the admin, and the coördinator's lookup per deelnemer."""

import logging

import pytest
from django.urls import reverse

from praktijkwijs.models import AlleenToevoegen, ToegangsLog
from tests.conftest import client_voor


@pytest.fixture
def regel(world) -> ToegangsLog:
    return ToegangsLog.objects.create(user=world.coordinator, deelnemer_id=world.traject.deelnemer_id, wat="/x/")


def test_a_log_row_cannot_be_changed(regel):
    regel.wat = "/iets-anders/"
    with pytest.raises(AlleenToevoegen):
        regel.save()
    assert ToegangsLog.objects.get(pk=regel.pk).wat == "/x/"


def test_a_log_row_cannot_be_deleted_one_by_one_or_in_bulk(regel):
    with pytest.raises(AlleenToevoegen):
        regel.delete()
    with pytest.raises(AlleenToevoegen):
        ToegangsLog.objects.filter(pk=regel.pk).delete()
    with pytest.raises(AlleenToevoegen):
        ToegangsLog.objects.filter(pk=regel.pk).update(wat="/weg/")
    assert ToegangsLog.objects.filter(pk=regel.pk, wat="/x/").exists()


def test_admin_shows_the_log_but_offers_no_change_add_or_delete(world, regel):
    client = client_voor(world, "superuser")
    assert client.get(reverse("admin:praktijkwijs_toegangslog_changelist")).status_code == 200
    assert client.get(reverse("admin:praktijkwijs_toegangslog_add")).status_code == 403
    assert client.get(reverse("admin:praktijkwijs_toegangslog_delete", args=[regel.pk])).status_code == 403
    response = client.post(reverse("admin:praktijkwijs_toegangslog_change", args=[regel.pk]), {"wat": "/weg/"})
    assert response.status_code == 403
    assert ToegangsLog.objects.get(pk=regel.pk).wat == "/x/"


def test_viewing_a_deelnemer_is_recorded_with_who_what_and_result(world):
    deelnemer_id = world.traject.deelnemer_id
    client_voor(world, "coordinator").get(reverse("trajecten:deelnemer", args=[deelnemer_id]))
    regel = ToegangsLog.objects.get(deelnemer_id=deelnemer_id)
    assert (regel.user, regel.actie, regel.resultaat) == (world.coordinator, "bekeken", 200)
    assert regel.wat == reverse("trajecten:deelnemer", args=[deelnemer_id])


def test_coordinator_looks_up_who_saw_a_deelnemer(world):
    deelnemer_id = world.traject.deelnemer_id
    client_voor(world, "begeleider").get(reverse("trajecten:traject", args=[world.traject.pk]))
    response = client_voor(world, "coordinator").get(reverse("trajecten:deelnemer_toegangslog", args=[deelnemer_id]))
    html = response.content.decode()
    assert str(world.begeleider) in html
    assert reverse("trajecten:traject", args=[world.traject.pk]) in html
    # Only this deelnemer's rows.
    client_voor(world, "andere_begeleider").get(reverse("trajecten:traject", args=[world.andere_traject.pk]))
    response = client_voor(world, "coordinator").get(reverse("trajecten:deelnemer_toegangslog", args=[deelnemer_id]))
    assert reverse("trajecten:traject", args=[world.andere_traject.pk]) not in response.content.decode()


def test_toegangslog_filter_ignores_unknown_actions(world):
    deelnemer_id = world.traject.deelnemer_id
    client = client_voor(world, "coordinator")
    for actie in ["bekeken", "<script>", "' OR 1=1 --", "x" * 5000]:
        response = client.get(reverse("trajecten:deelnemer_toegangslog", args=[deelnemer_id]), {"actie": actie})
        assert response.status_code == 200


def test_begeleider_cannot_see_the_toegangslog(world):
    deelnemer_id = world.traject.deelnemer_id
    response = client_voor(world, "begeleider").get(reverse("trajecten:deelnemer_toegangslog", args=[deelnemer_id]))
    assert response.status_code == 403


def test_application_logs_hold_no_names_of_deelnemers(world, caplog):
    """Walk the pages that show deelnemers; the log output must not contain their names."""
    caplog.set_level(logging.DEBUG)
    deelnemer = world.traject.deelnemer
    client = client_voor(world, "coordinator")
    for url in [
        reverse("trajecten:deelnemers"),
        reverse("trajecten:deelnemer", args=[deelnemer.pk]),
        reverse("trajecten:traject", args=[world.traject.pk]),
        reverse("trajecten:deelnemer_avg_export", args=[deelnemer.pk]),
        reverse("trajecten:deelnemer", args=[999999]),
    ]:
        client.get(url)
    tekst = caplog.text
    for persoonsgegeven in [deelnemer.achternaam, deelnemer.voornamen, deelnemer.geboorteplaats]:
        assert persoonsgegeven not in tekst
