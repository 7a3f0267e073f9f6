"""Approving again: a second click changes nothing; a verklaring whose PDF failed after
approval waits in the beoordelaar's queue and is issued when tried again."""

import pytest
from django.urls import reverse

from tests.conftest import client_voor
from tests.trajecten.builders_verklaringen import voorstel
from trajecten.models import Verklaring

pytestmark = pytest.mark.django_db


def test_second_approval_click_shows_no_error_and_keeps_the_number(world):
    verklaring = voorstel(world)
    client = client_voor(world, "beoordelaar")
    url = reverse("trajecten:verklaring_goedkeuren", args=[verklaring.pk])
    client.post(url)
    verklaring.refresh_from_db()
    nummer = verklaring.nummer
    response = client.post(url, follow=True)
    verklaring.refresh_from_db()
    assert verklaring.nummer == nummer
    assert not [m for m in response.context["messages"] if m.level_tag == "danger"]
    assert verklaring.wijzigingen.filter(naar_status=Verklaring.Status.UITGEGEVEN).count() == 1


def test_approved_but_not_issued_verklaring_can_be_tried_again_from_the_queue(world):
    verklaring = voorstel(world)
    verklaring.keur_goed(door=world.beoordelaar)  # approved; imagine the PDF then failed
    client = client_voor(world, "beoordelaar")
    queue = client.get(reverse("beoordelen")).content.decode()
    assert verklaring.get_absolute_url() in queue and "Opnieuw proberen" in queue
    detail = client.get(verklaring.get_absolute_url()).content.decode()
    assert "Opnieuw proberen uit te geven" in detail
    client.post(reverse("trajecten:verklaring_goedkeuren", args=[verklaring.pk]))
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.UITGEGEVEN and verklaring.nummer
