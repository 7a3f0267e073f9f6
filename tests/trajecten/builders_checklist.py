"""Builders for checklist and hours tests: trajecten of any size, a werkopdracht that counts
for two werkprocessen, and a tap on a row as htmx sends it."""

import datetime

from django.urls import reverse

from tests import factories
from trajecten.models import Traject
from werkopdrachten.models import Werkopdracht


def maak_groot_traject(world, aantal: int, *, begeleider=None) -> Traject:
    """A running traject for a new deelnemer at the world's bedrijf with ``aantal``
    werkopdrachten spread over the three werkprocessen, some mapped to two."""
    vak = factories.maak_vakvaardigheid()
    werkprocessen = list(vak.kwalificatie.werkprocessen.order_by("code"))
    for nummer in range(aantal - vak.werkopdrachten.count()):
        wo = Werkopdracht.objects.create(vakvaardigheid=vak, volgorde=10 + nummer, titel=f"Extra opdracht {nummer}")
        wo.werkprocessen.add(werkprocessen[nummer % 3])
        if nummer % 2:
            wo.werkprocessen.add(werkprocessen[(nummer + 1) % 3])
    return factories.maak_traject(
        deelnemer=factories.maak_deelnemer("Groot", f"Traject{aantal}"),
        begeleider=begeleider or world.begeleider.praktijkbegeleider,
        school=world.school,
        vakvaardigheid=vak,
        door=world.coordinator,
        startdatum=datetime.date(2026, 9, 1),
    )


def koppel_aan_tweede_werkproces(world) -> Werkopdracht:
    """Map the world traject's first werkopdracht (B1-K1-W1) to B1-K1-W3 as well."""
    wo = world.traject.voortgang.order_by("werkopdracht__volgorde").first().werkopdracht
    wo.werkprocessen.add(wo.vakvaardigheid.kwalificatie.werkprocessen.get(code="B1-K1-W3"))
    return wo


def tik(client, traject, rij, status="beheerst"):
    """A tap on a checklist row, as htmx posts it."""
    return client.post(
        reverse("trajecten:voortgang_wijzig", args=[traject.pk, rij.pk]), {"status": status}, HTTP_HX_REQUEST="true"
    )
