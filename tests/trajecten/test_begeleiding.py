"""The praktijkbegeleider's home: their own running trajecten, latest activity first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.trajecten.builders_checklist import maak_groot_traject
from trajecten.models import Traject, Voortgang

pytestmark = pytest.mark.django_db


def test_begeleider_sees_own_deelnemers_with_progress(world, begeleider_client):
    world.traject.voortgang.first().zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)
    html = begeleider_client.get(reverse("begeleiding")).content.decode()
    assert "Sanne de Vries" in html
    assert "1 van 4 werkopdrachten beheerst" in html
    assert 'aria-valuenow="25"' in html
    assert world.traject.get_absolute_url() in html


def test_cards_say_when_a_traject_starts_and_when_it_last_changed_in_local_time(world, begeleider_client):
    Traject.objects.filter(pk=world.traject.pk).update(
        status=Traject.Status.GEPLAND,
        startdatum=datetime.date(2026, 12, 1),
        # 23:30 UTC is already the next day in the Netherlands.
        laatste_activiteit=datetime.datetime(2026, 11, 20, 23, 30, tzinfo=datetime.UTC),
    )
    world.traject.deelnemer.__class__.objects.filter(pk=world.traject.deelnemer_id).update(
        tussenvoegsel="", achternaam="D'Angelo"
    )
    html = begeleider_client.get(reverse("begeleiding")).content.decode()
    assert "start 1 december" in html
    assert "Laatst bijgewerkt: 21 november" in html
    assert 'aria-label="Voortgang van Sanne D&#x27;Angelo"' in html  # escaped once


def test_begeleider_sees_nothing_of_another_bedrijf(world, begeleider_client):
    html = begeleider_client.get(reverse("begeleiding")).content.decode()
    assert "Ahmed" not in html
    assert "Stadsboerin" not in html
    assert world.andere_traject.get_absolute_url() not in html


def test_most_recent_activity_first(world, begeleider_client):
    later = maak_groot_traject(world, 4)
    Traject.objects.filter(pk=world.traject.pk).update(laatste_activiteit=timezone.now() - datetime.timedelta(days=3))
    later.voortgang.first().zet_status(status=Voortgang.Status.BEZIG, door=world.begeleider)
    html = begeleider_client.get(reverse("begeleiding")).content.decode()
    assert html.index(later.deelnemer.naam) < html.index("Sanne de Vries")


def test_finished_trajecten_are_not_listed(world, begeleider_client):
    world.traject.rond_af(door=world.coordinator)
    html = begeleider_client.get(reverse("begeleiding")).content.decode()
    assert "Sanne de Vries" not in html
    assert "U begeleidt op dit moment geen deelnemers." in html


def test_stalled_traject_is_flagged(world, begeleider_client):
    Traject.objects.filter(pk=world.traject.pk).update(laatste_activiteit=timezone.now() - datetime.timedelta(weeks=5))
    assert "al 4 weken geen voortgang" in begeleider_client.get(reverse("begeleiding")).content.decode()


def test_home_queries_are_constant(world, begeleider_client, django_assert_num_queries):
    for _ in range(5):
        maak_groot_traject(world, 6)
    extra = factories.maak_vakvaardigheid()
    world.traject.vakvaardigheden.add(extra)
    with django_assert_num_queries(3):
        # 1 session, 2 user,
        # 3 the begeleider's running trajecten with deelnemer and their vakvaardigheden's names.
        response = begeleider_client.get(reverse("begeleiding"))
    html = response.content.decode()
    assert html.count('class="card begeleiding-kaart') == 6
    # Both vakvaardigheden of the world's traject, in order of name, on its card.
    namen = ", ".join(sorted([world.vakvaardigheid.naam, extra.naam]))
    assert namen in html
