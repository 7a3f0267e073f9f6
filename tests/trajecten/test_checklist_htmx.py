"""The htmx answer to a tap on the checklist: only the changed row and the headings it
touches, with the same figures the full page shows, at a cost that does not grow with the
traject."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.trajecten.builders_checklist import koppel_aan_tweede_werkproces, maak_groot_traject, tik
from trajecten.models import Voortgang
from werkopdrachten.models import Werkopdracht

pytestmark = pytest.mark.django_db

RIJ = re.compile(r'<li id="rij-([^"]+)" class="checklist-rij')


def test_htmx_answer_holds_only_the_changed_row_under_each_of_its_werkprocessen(world, begeleider_client):
    wo = koppel_aan_tweede_werkproces(world)
    rij = world.traject.voortgang.get(werkopdracht=wo)
    w1, w3 = wo.werkprocessen.order_by("code")

    html = tik(begeleider_client, world.traject, rij).content.decode()

    assert sorted(RIJ.findall(html)) == sorted([f"{w1.pk}-{rij.pk}", f"{w3.pk}-{rij.pk}"])
    assert 'id="beheerst-' not in html  # ticked: the row offers undo, not the tick again
    assert "↶ Ongedaan maken" in html


def test_htmx_headings_match_the_full_page(world, begeleider_client):
    """The counts in the out-of-band headings are those the page shows after a reload."""
    wo = koppel_aan_tweede_werkproces(world)
    rij = world.traject.voortgang.get(werkopdracht=wo)
    html = tik(begeleider_client, world.traject, rij).content.decode()
    page = begeleider_client.get(world.traject.get_absolute_url()).content.decode()
    for werkproces in wo.werkprocessen.all():
        kop = re.compile(rf'<div id="wp-kop-{werkproces.pk}".*?</div>\s*</div>', re.S)
        fragment = re.sub(r' hx-swap-oob="true"', "", kop.search(html).group(0))
        assert fragment == kop.search(page).group(0)


def test_htmx_tick_on_a_werkopdracht_without_werkproces_updates_the_overige_heading(world, begeleider_client):
    eerste = world.traject.voortgang.select_related("werkopdracht").order_by("werkopdracht__volgorde").first()
    eerste.werkopdracht.werkprocessen.clear()
    html = tik(begeleider_client, world.traject, eerste).content.decode()
    assert RIJ.findall(html) == [f"overig-{eerste.pk}"]
    assert 'id="wp-kop-overig"' in html
    assert "Overige werkopdrachten" in html
    assert "1 van 1 beheerst" in html


def queries_for_tick(client, traject) -> int:
    rij = traject.voortgang.order_by("pk").first()
    with CaptureQueriesContext(connection) as context:
        assert tik(client, traject, rij).status_code == 200
    return len(context)


def test_htmx_tick_queries_do_not_grow_with_the_traject(world, begeleider_client):
    klein = maak_groot_traject(world, 4, begeleider=world.begeleider.praktijkbegeleider)
    groot = maak_groot_traject(world, 40, begeleider=world.begeleider.praktijkbegeleider)
    for traject in (klein, groot):
        for rij in traject.voortgang.all()[:3]:
            rij.zet_status(status=Voortgang.Status.BEZIG, door=world.begeleider)
    begeleider_client.get(klein.get_absolute_url())  # warm the session
    assert queries_for_tick(begeleider_client, klein) == queries_for_tick(begeleider_client, groot)


def test_htmx_answer_renders_one_row_not_the_checklist(world, begeleider_client):
    groot = maak_groot_traject(world, 40, begeleider=world.begeleider.praktijkbegeleider)
    rij = groot.voortgang.filter(werkopdracht__in=Werkopdracht.objects.filter(werkprocessen__isnull=False)).first()
    html = tik(begeleider_client, groot, rij).content.decode()
    assert {sleutel.split("-")[1] for sleutel in RIJ.findall(html)} == {str(rij.pk)}


def test_htmx_tick_query_budget(world, begeleider_client):
    """The number the benchmark reports (docs/performance.md); a new query here is a regression."""
    begeleider_client.get(world.traject.get_absolute_url())  # warm the session
    # session (from Redis in production), user; the traject scoped to the begeleider, the row;
    # under the lock: the traject and the row FOR UPDATE, the row's update, its history, the
    # recount, the traject's update (a savepoint and its release here, as the test runs in a
    # transaction; BEGIN and COMMIT in production); the access log; the werkprocessen with
    # their counts. "Undo" after a change of state is the state it came from: no query.
    assert queries_for_tick(begeleider_client, world.traject) == 14


def undo_in_answer(html: str) -> str:
    return re.search(r'name="status" value="(\w+)" class="btn btn-outline-danger">↶ Ongedaan maken', html).group(1)


def test_htmx_answer_offers_undo_to_the_state_before_the_change(world, begeleider_client):
    rij = world.traject.voortgang.order_by("pk").first()
    tik(begeleider_client, world.traject, rij, "bezig")
    assert undo_in_answer(tik(begeleider_client, world.traject, rij).content.decode()) == "bezig"

    # A new date on the mastered row is no change of state: undo still goes back to before the tick.
    def eerste_dag_beheerst() -> str:
        data = {"status": "beheerst", "datum": world.traject.startdatum.isoformat()}
        url = reverse("trajecten:voortgang_wijzig", args=[world.traject.pk, rij.pk])
        return begeleider_client.post(url, data, HTTP_HX_REQUEST="true").content.decode()

    html = eerste_dag_beheerst()
    assert "Beheerst sinds" in html
    assert undo_in_answer(html) == "bezig"
    # A repeated tap changes nothing and says so; undo is unchanged.
    html = eerste_dag_beheerst()
    assert "Dit was al opgeslagen." in html
    assert undo_in_answer(html) == "bezig"
