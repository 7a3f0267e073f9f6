"""Personas and a small world shared by the tests.

The world: two bedrijven, each with a praktijkbegeleider and a deelnemer in a running
traject; one school with a beoordelaar; a coördinator. Each persona is a logged-in client.
"""

from dataclasses import dataclass

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from praktijkwijs.models import User
from tests import factories
from trajecten.models import Aanvraag


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Files written by a test go to a temporary folder, never to the project's media;
    passwords hash fast (the real hasher costs ~0.3 s per user)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # rate limits and the dashboard's cached report start empty in every test


@pytest.fixture
def stilstaande_klok():
    """The clock stands still: rate limits count in fixed windows (per minute, hour, quarter),
    and a test that crossed a window boundary halfway would see its counter start again."""
    with time_machine.travel(timezone.now(), tick=False) as reis:
        yield reis


@dataclass
class World:
    coordinator: User
    begeleider: User
    andere_begeleider: User
    beoordelaar: User
    andere_beoordelaar: User
    deelnemer: User
    andere_deelnemer: User
    superuser: User
    aanvraag: object
    traject: object
    andere_traject: object
    vakvaardigheid: object
    bedrijf: object
    andere_bedrijf: object
    school: object


@pytest.fixture
def world(db) -> World:
    coordinator = factories.maak_user(User.Rol.COORDINATOR, "coordinator")
    school = factories.maak_school("Graafschap College", "GC")
    andere_school = factories.maak_school("Aeres MBO", "AE")
    vak = factories.maak_vakvaardigheid(naam="Productielogistiek")
    bedrijf = factories.maak_bedrijf("Laborijn")
    andere_bedrijf = factories.maak_bedrijf("Stadsboerin Doetinchem")
    begeleider = factories.maak_begeleider(bedrijf, "begeleider")
    andere_begeleider = factories.maak_begeleider(andere_bedrijf, "begeleider2")
    beoordelaar = factories.maak_beoordelaar(school, "beoordelaar")
    andere_beoordelaar = factories.maak_beoordelaar(andere_school, "beoordelaar2")
    deelnemer = factories.maak_deelnemer("Sanne", "de Vries", login="deelnemer")
    andere_deelnemer = factories.maak_deelnemer("Ahmed", "Yılmaz", login="deelnemer2")
    traject = factories.maak_traject(
        deelnemer=deelnemer, begeleider=begeleider, school=school, vakvaardigheid=vak, door=coordinator
    )
    andere_traject = factories.maak_traject(
        deelnemer=andere_deelnemer,
        begeleider=andere_begeleider,
        school=andere_school,
        vakvaardigheid=vak,
        door=coordinator,
    )
    superuser = User.objects.create_superuser("beheer", "beheer@example.org", factories.WACHTWOORD)
    aanvraag = Aanvraag.objects.create(
        deelnemer=factories.maak_deelnemer("Zoë", "Dvořák"), bedrijf=bedrijf, school=school
    )
    aanvraag.vakvaardigheden.add(vak)
    return World(
        aanvraag=aanvraag,
        coordinator=coordinator,
        begeleider=begeleider.user,
        andere_begeleider=andere_begeleider.user,
        beoordelaar=beoordelaar.user,
        andere_beoordelaar=andere_beoordelaar.user,
        deelnemer=deelnemer.user,
        andere_deelnemer=andere_deelnemer.user,
        superuser=superuser,
        traject=traject,
        andere_traject=andere_traject,
        vakvaardigheid=vak,
        bedrijf=bedrijf,
        andere_bedrijf=andere_bedrijf,
        school=school,
    )


PERSONAS = [
    "anoniem",
    "coordinator",
    "begeleider",
    "andere_begeleider",
    "beoordelaar",
    "andere_beoordelaar",
    "deelnemer",
    "andere_deelnemer",
    "superuser",
]


def client_voor(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anoniem":
        client.force_login(getattr(world, persona))
    return client


@pytest.fixture
def coordinator_client(world) -> Client:
    return client_voor(world, "coordinator")


@pytest.fixture
def begeleider_client(world) -> Client:
    return client_voor(world, "begeleider")


@pytest.fixture
def beoordelaar_client(world) -> Client:
    return client_voor(world, "beoordelaar")


@pytest.fixture
def deelnemer_client(world) -> Client:
    return client_voor(world, "deelnemer")
