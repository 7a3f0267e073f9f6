"""Verklaring numbers stay unique and gapless when several are issued at the same moment."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from tests import factories
from tests.trajecten.builders_verklaringen import beheers, stel_voor
from trajecten.models import Verklaring
from trajecten.services import verklaring_keur_goed

AANTAL = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_numbers_are_unique_and_gapless_under_concurrent_issue(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite locks the whole database")
    voorstellen = []
    for nummer in range(AANTAL):
        traject = factories.maak_traject(
            deelnemer=factories.maak_deelnemer(f"Deelnemer{nummer}"),
            begeleider=world.begeleider.praktijkbegeleider,
            school=world.school,
            vakvaardigheid=world.vakvaardigheid,
            door=world.coordinator,
        )
        beheers(traject, world.begeleider)
        voorstellen.append(stel_voor(traject, world.coordinator))

    start = threading.Barrier(AANTAL)
    fouten = []

    def keur_goed(verklaring):
        try:
            start.wait()
            verklaring_keur_goed(verklaring=Verklaring.objects.get(pk=verklaring.pk), door=world.beoordelaar)
        except Exception as exc:  # noqa: BLE001 - reported below
            fouten.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=keur_goed, args=(v,)) for v in voorstellen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert fouten == []
    jaar = timezone.localdate().year
    nummers = sorted(Verklaring.objects.filter(status="uitgegeven").values_list("nummer", flat=True))
    assert nummers == [f"GC-{jaar}-{n:04d}" for n in range(1, AANTAL + 1)]
