"""The AVG export: everything stored about one deelnemer, as JSON and as a readable page."""

import datetime
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praktijkwijs.models import ToegangsLog
from tests.conftest import client_voor
from trajecten.models import Uren
from trajecten.privacy import deelnemer_export


def test_json_export_holds_the_deelnemer_their_trajecten_progress_and_hours(world):
    traject = world.traject
    Uren.objects.create(
        traject=traject,
        week=datetime.date(2026, 10, 5),
        uren=16,
        notitie="Goed bezig",
        geregistreerd_door=world.begeleider,
    )
    deelnemer = traject.deelnemer
    response = client_voor(world, "coordinator").get(
        reverse("trajecten:deelnemer_avg_export_json", args=[deelnemer.pk])
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["trajecten.deelnemer"][0]["achternaam"] == "de Vries"
    assert data["trajecten.deelnemer"][0]["geboortedatum"] == deelnemer.geboortedatum.isoformat()
    assert data["login"][0]["username"] == "deelnemer"
    assert [t["id"] for t in data["trajecten.traject"]] == [traject.pk]
    assert len(data["trajecten.voortgang"]) == traject.voortgang.count() > 0
    assert data["trajecten.uren"][0]["notitie"] == "Goed bezig"
    assert "toegangslog" in data


def test_export_never_contains_the_password_hash(world):
    deelnemer = world.traject.deelnemer
    response = client_voor(world, "coordinator").get(
        reverse("trajecten:deelnemer_avg_export_json", args=[deelnemer.pk])
    )
    tekst = response.content.decode()
    assert deelnemer.user.password not in tekst
    assert '"password"' not in tekst


def test_export_leaves_out_other_deelnemers(world):
    deelnemer = world.traject.deelnemer
    response = client_voor(world, "coordinator").get(
        reverse("trajecten:deelnemer_avg_export_json", args=[deelnemer.pk])
    )
    assert world.andere_traject.deelnemer.achternaam not in response.content.decode()


def test_readable_export_page_shows_the_data_and_is_logged_as_export(world):
    deelnemer = world.traject.deelnemer
    response = client_voor(world, "coordinator").get(reverse("trajecten:deelnemer_avg_export", args=[deelnemer.pk]))
    html = response.content.decode()
    assert "Alle gegevens van Sanne de Vries" in html
    assert "Geboortedatum" in html and "Trajecten" in html
    assert ToegangsLog.objects.filter(
        deelnemer_id=deelnemer.pk, actie=ToegangsLog.Actie.GEEXPORTEERD, user=world.coordinator
    ).exists()


def test_export_lists_who_saw_the_data(world):
    deelnemer = world.traject.deelnemer
    client_voor(world, "begeleider").get(reverse("trajecten:traject", args=[world.traject.pk]))
    response = client_voor(world, "coordinator").get(
        reverse("trajecten:deelnemer_avg_export_json", args=[deelnemer.pk])
    )
    log = json.loads(response.content)["toegangslog"]
    assert any(regel["door"] == str(world.begeleider) for regel in log)


def test_only_the_coordinator_exports(world):
    deelnemer_id = world.traject.deelnemer_id
    for persona in ["begeleider", "beoordelaar", "deelnemer"]:
        response = client_voor(world, persona).get(reverse("trajecten:deelnemer_avg_export_json", args=[deelnemer_id]))
        assert response.status_code == 403


def test_export_reads_the_same_number_of_queries_however_much_is_stored(world):
    """One query per kind of row, not per row: a long traject exports as quickly as a new one."""
    deelnemer = world.traject.deelnemer

    def aantal_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            deelnemer_export(deelnemer)
        return len(ctx.captured_queries)

    voor = aantal_queries()
    for rij in world.traject.voortgang.all():
        rij.zet_status(status="beheerst", door=world.begeleider)
        rij.zet_status(status="nog_niet", door=world.coordinator, notitie="Toch nog oefenen")
    for week in range(1, 6):
        Uren.objects.create(
            traject=world.traject,
            week=datetime.date(2026, 9, 7 * week - 6),
            uren=8,
            geregistreerd_door=world.begeleider,
        )
    assert len(deelnemer_export(deelnemer)["json"]["trajecten.voortgangwijziging"]) >= 8
    assert aantal_queries() <= voor  # not one more per row (it was one per row and relation)
