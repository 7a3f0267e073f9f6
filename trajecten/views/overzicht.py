"""The coördinator's dashboard: the programme at a glance."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from praktijkwijs.access import coordinator_vereist
from trajecten.models import Aanvraag, Traject


@require_GET
@coordinator_vereist
def overzicht(request: HttpRequest) -> HttpResponse:
    per_status = dict(Aanvraag.objects.values_list("status").annotate(n=Count("pk")).order_by())
    stadia = [(status, label, per_status.get(status, 0)) for status, label in Aanvraag.Status.choices]
    trajecten = Traject.objects.voor(request.user)
    return render(
        request,
        "trajecten/overzicht.html",
        {
            "stadia": stadia,
            "aantal_lopend": trajecten.lopend().count(),
            "aantal_zonder_voortgang": trajecten.zonder_recente_voortgang().count(),
        },
    )
