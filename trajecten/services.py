"""Workflows that touch several models. Keyword-only; each is one transaction."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from werkopdrachten.models import Vakvaardigheid, Werkopdracht

from .models import Aanvraag, Bedrijf, Deelnemer, Praktijkbegeleider, School, Traject, TrajectWijziging, Voortgang


@transaction.atomic
def traject_maak(
    *,
    deelnemer: Deelnemer,
    bedrijf: Bedrijf,
    school: School,
    begeleiders: Iterable[Praktijkbegeleider],
    vakvaardigheden: Iterable[Vakvaardigheid],
    werkopdrachten: Iterable[Werkopdracht],
    startdatum: datetime.date,
    door,
    al_beheerst: Iterable[Werkopdracht] = (),
    einddatum: datetime.date | None = None,
    geplande_uren_per_week: Decimal | None = None,
    aanvraag: Aanvraag | None = None,
) -> Traject:
    """Create a traject with one voortgang row per werkopdracht to learn.

    Werkopdrachten in ``al_beheerst`` start as *beheerst* "al beheerst bij intake".
    """
    traject = Traject(
        deelnemer=deelnemer,
        aanvraag=aanvraag,
        bedrijf=bedrijf,
        school=school,
        startdatum=startdatum,
        einddatum=einddatum,
        geplande_uren_per_week=geplande_uren_per_week,
    )
    traject.full_clean(exclude=["aanvraag"])
    traject.save()
    traject.begeleiders.set(begeleiders)
    traject.vakvaardigheden.set(vakvaardigheden)
    al_beheerst_ids = {wo.pk for wo in al_beheerst}
    vandaag = timezone.localdate()
    Voortgang.objects.bulk_create(
        Voortgang(
            traject=traject,
            werkopdracht=wo,
            status=Voortgang.Status.BEHEERST if wo.pk in al_beheerst_ids else Voortgang.Status.NOG_NIET,
            bij_intake=wo.pk in al_beheerst_ids,
            afgetekend_op=vandaag if wo.pk in al_beheerst_ids else None,
            afgetekend_door=door if wo.pk in al_beheerst_ids else None,
        )
        for wo in {wo.pk: wo for wo in werkopdrachten}.values()
    )
    traject.herbereken_voortgang()
    TrajectWijziging.objects.create(traject=traject, door=door, van_status="", naar_status=traject.status)
    return traject


@transaction.atomic
def traject_start_uit_aanvraag(*, aanvraag: Aanvraag, door, **gegevens) -> Traject:
    """Approve the aanvraag (if not yet approved) and start its traject, all or nothing.

    ``gegevens`` are the arguments of :func:`traject_maak` other than deelnemer and aanvraag;
    the form that collects them is pre-filled from the aanvraag.
    """
    aanvraag.keur_goed(door=door)
    return traject_maak(deelnemer=aanvraag.deelnemer, aanvraag=aanvraag, door=door, **gegevens)
