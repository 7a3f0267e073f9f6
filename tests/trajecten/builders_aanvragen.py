"""Builders for aanvragen in a given stage (on top of tests/factories.py)."""

import datetime

from django.utils import timezone

from tests import factories
from trajecten.models import Aanvraag


def maak_aanvraag(*, door, bedrijf=None, school=None, vakvaardigheid=None, stadium: str = "ingediend", **deelnemer):
    """An aanvraag moved through the real transitions up to ``stadium``."""
    aanvraag = Aanvraag.objects.create(deelnemer=factories.maak_deelnemer(**deelnemer), bedrijf=bedrijf, school=school)
    if vakvaardigheid is not None:
        aanvraag.vakvaardigheden.add(vakvaardigheid)
    volgorde = ["ingediend", "intake_gepland", "intake_gehouden", "goedgekeurd"]
    if stadium in ("afgewezen", "ingetrokken"):
        aanvraag.wijs_af(door=door, reden="Geen plek") if stadium == "afgewezen" else aanvraag.trek_in(door=door)
        return aanvraag
    doel = volgorde.index(stadium)
    if doel >= 1:
        aanvraag.plan_intake(door=door, op=timezone.now() + datetime.timedelta(days=2), intake_door=door)
    if doel >= 2:
        aanvraag.registreer_intake(door=door, verslag="Gemotiveerd.", advies="positief")
    if doel >= 3:
        aanvraag.keur_goed(door=door)
    return aanvraag
