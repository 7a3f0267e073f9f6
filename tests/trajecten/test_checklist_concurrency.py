"""Real concurrency on PostgreSQL: begeleiders ticking the same traject at the same moment.

Each thread has its own database connection (Django connections are per thread), and a
barrier releases them together so their transactions overlap.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from tests import factories
from trajecten.models import Traject, Voortgang, VoortgangWijziging

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _alleen_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises all writers")


def tegelijk(*taken) -> list[BaseException]:
    """Run the callables in threads released at the same moment; return their errors."""
    barrier = threading.Barrier(len(taken))
    fouten: list[BaseException] = []

    def draai(taak):
        try:
            barrier.wait(timeout=10)
            taak()
        except BaseException as fout:  # noqa: BLE001 - reported to the test below
            fouten.append(fout)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=draai, args=(taak,)) for taak in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return fouten


@pytest.fixture
def twee_begeleiders(world):
    """A second begeleider at the same bedrijf, on the same traject."""
    collega = factories.maak_begeleider(world.bedrijf, "collega")
    world.traject.begeleiders.add(collega)
    return world.begeleider, collega.user


def tik_via_de_pagina(user, traject, rij):
    def taak():
        client = Client()
        client.force_login(user)
        response = client.post(
            reverse("trajecten:voortgang_wijzig", args=[traject.pk, rij.pk]),
            {"status": "beheerst"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200, response.status_code

    return taak


def test_two_begeleiders_ticking_different_werkopdrachten_both_keep_their_change(world, twee_begeleiders):
    een, twee = twee_begeleiders
    rij_a, rij_b = list(world.traject.voortgang.order_by("werkopdracht__volgorde"))[:2]
    assert not tegelijk(tik_via_de_pagina(een, world.traject, rij_a), tik_via_de_pagina(twee, world.traject, rij_b))
    rij_a.refresh_from_db()
    rij_b.refresh_from_db()
    assert (rij_a.status, rij_a.afgetekend_door) == (Voortgang.Status.BEHEERST, een)
    assert (rij_b.status, rij_b.afgetekend_door) == (Voortgang.Status.BEHEERST, twee)
    world.traject.refresh_from_db()
    assert world.traject.aantal_beheerst == 2


def test_double_tap_at_the_same_moment_records_one_history_row(world, twee_begeleiders):
    een, _ = twee_begeleiders
    rij = world.traject.voortgang.first()
    assert not tegelijk(*[tik_via_de_pagina(een, world.traject, rij)] * 2)
    assert VoortgangWijziging.objects.filter(voortgang=rij).count() == 1
    world.traject.refresh_from_db()
    assert world.traject.aantal_beheerst == 1


def test_aantal_beheerst_stays_exact_under_many_concurrent_changes(world, twee_begeleiders):
    een, twee = twee_begeleiders
    rijen = list(world.traject.voortgang.order_by("werkopdracht__volgorde"))
    # Tick all four at once, then undo two while ticking the other two again (no-ops).
    assert not tegelijk(*(tik_via_de_pagina(een if i % 2 else twee, world.traject, rij) for i, rij in enumerate(rijen)))

    def zet(user, rij, status):
        return lambda: Voortgang.objects.get(pk=rij.pk).zet_status(status=status, door=user)

    assert not tegelijk(
        zet(een, rijen[0], Voortgang.Status.NOG_NIET),
        zet(twee, rijen[1], Voortgang.Status.BEZIG),
        zet(een, rijen[2], Voortgang.Status.BEHEERST),
        zet(twee, rijen[3], Voortgang.Status.BEHEERST),
    )
    traject = Traject.objects.get(pk=world.traject.pk)
    echt = traject.voortgang.filter(status=Voortgang.Status.BEHEERST).count()
    assert echt == 2
    assert traject.aantal_beheerst == echt
    assert VoortgangWijziging.objects.filter(voortgang__traject=traject).count() == 6
