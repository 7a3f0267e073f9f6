"""Which objects each role may see: the querysets' ``voor(user)`` methods."""

import pytest

from trajecten.models import Aanvraag, Deelnemer, Traject

pytestmark = pytest.mark.django_db


def test_coordinator_sees_every_traject(world):
    assert set(Traject.objects.voor(world.coordinator)) == {world.traject, world.andere_traject}


def test_begeleider_sees_only_own_trajecten(world):
    assert list(Traject.objects.voor(world.begeleider)) == [world.traject]
    assert list(Traject.objects.voor(world.andere_begeleider)) == [world.andere_traject]


def test_beoordelaar_sees_trajecten_of_own_school(world):
    assert list(Traject.objects.voor(world.beoordelaar)) == [world.traject]


def test_deelnemer_sees_only_themself(world):
    assert list(Traject.objects.voor(world.deelnemer)) == [world.traject]
    assert list(Deelnemer.objects.voor(world.deelnemer)) == [world.traject.deelnemer]


def test_begeleider_sees_deelnemers_of_own_trajecten_only(world):
    assert list(Deelnemer.objects.voor(world.begeleider)) == [world.traject.deelnemer]


def test_only_coordinator_sees_aanvragen(world):
    assert Aanvraag.objects.voor(world.coordinator).count() == 1
    for user in (world.begeleider, world.beoordelaar, world.deelnemer, world.superuser):
        assert not Aanvraag.objects.voor(user).exists()


def test_user_without_role_sees_nothing(world):
    assert not Traject.objects.voor(world.superuser).exists()
    assert not Deelnemer.objects.voor(world.superuser).exists()
