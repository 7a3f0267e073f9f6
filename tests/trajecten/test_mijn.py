"""The deelnemer's own page: their progress in plain Dutch, what comes next, their hours."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_voor
from tests.trajecten.builders_checklist import maak_groot_traject
from trajecten.models import Voortgang

pytestmark = pytest.mark.django_db


def test_deelnemer_sees_mastered_and_next_in_plain_dutch(world, deelnemer_client):
    rijen = list(world.traject.voortgang.order_by("werkopdracht__volgorde"))
    rijen[0].zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)
    rijen[1].zet_status(status=Voortgang.Status.BEZIG, door=world.begeleider)
    html = deelnemer_client.get(reverse("mijn")).content.decode()
    assert "Je kunt <strong>1</strong> van de 4 opdrachten." in html
    dit_kun_je = html[html.index("Dit kun je al") : html.index("Hier ben je mee bezig")]
    assert "Pakbon controleren" in dit_kun_je
    bezig = html[html.index("Hier ben je mee bezig") : html.index("Dit ga je nog leren")]
    assert "Goederen lossen met de pompwagen" in bezig
    hierna = html[html.index("Dit ga je nog leren") : html.index("Je uren")]
    assert "Pallets opslaan op de juiste locatie" in hierna
    assert "Pakbon controleren" not in hierna


def test_only_the_next_three_are_listed(world, deelnemer_client):
    groot = maak_groot_traject(world, 10)
    groot.deelnemer.user = world.deelnemer
    world.traject.deelnemer.user = None
    world.traject.deelnemer.save()
    groot.deelnemer.save()
    html = deelnemer_client.get(reverse("mijn")).content.decode()
    assert "En daarna nog 7 andere opdrachten." in html


def test_deelnemer_sees_own_hours(world, deelnemer_client):
    vandaag = timezone.localdate()
    world.traject.registreer_uren(week=vandaag, uren=Decimal("16"), door=world.begeleider)
    world.traject.registreer_uren(week=datetime.date(2026, 9, 8), uren=Decimal("20.5"), door=world.begeleider)
    html = deelnemer_client.get(reverse("mijn")).content.decode()
    assert "Deze week: <strong>16 uur</strong>." in html
    assert "Samen: <strong>36,5 uur</strong>." in html


def test_deelnemer_sees_nothing_of_anyone_else(world, deelnemer_client):
    world.andere_traject.voortgang.first().zet_status(status=Voortgang.Status.BEHEERST, door=world.andere_begeleider)
    html = deelnemer_client.get(reverse("mijn")).content.decode()
    assert "Ahmed" not in html
    assert "Stadsboerin" not in html
    assert "Je kunt <strong>0</strong> van de 4 opdrachten." in html


def test_other_deelnemer_has_own_page(world):
    html = client_voor(world, "deelnemer").get(reverse("mijn")).content.decode()
    assert "Hallo Sanne" in html


def test_everything_done_is_celebrated(world, deelnemer_client):
    for rij in world.traject.voortgang.all():
        rij.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)
    html = deelnemer_client.get(reverse("mijn")).content.decode()
    assert "Goed gedaan! Je kunt alle opdrachten." in html
    assert "Dit ga je nog leren" not in html


def test_mijn_queries_are_constant(world, deelnemer_client, django_assert_num_queries):
    world.traject.registreer_uren(week=datetime.date(2026, 9, 8), uren=Decimal("8"), door=world.begeleider)
    with django_assert_num_queries(8):
        # 1 session, 2 user,
        # 3 the deelnemer's trajecten with bedrijf and their vakvaardigheden's names,
        # 4 the titles and states of their werkopdrachten,
        # 5 hours per traject: total and this week,
        # 6 insert into the access log,
        # 7 the deelnemer of the user, 8 their issued verklaringen (_mijn_verklaringen.html, another area).
        response = deelnemer_client.get(reverse("mijn"))
    assert response.status_code == 200
