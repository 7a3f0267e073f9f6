"""The home page of each role. Each starts from what the user may see."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from praktijkwijs.access import rol_vereist
from praktijkwijs.models import User
from trajecten.models import Aanvraag, Traject


@require_GET
@rol_vereist(User.Rol.COORDINATOR)
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


@require_GET
@rol_vereist(User.Rol.BEGELEIDER)
def begeleiding(request: HttpRequest) -> HttpResponse:
    trajecten = (
        Traject.objects.voor(request.user)
        .lopend()
        .select_related("deelnemer", "bedrijf")
        .order_by("-laatste_activiteit")
    )
    return render(request, "trajecten/begeleiding.html", {"trajecten": trajecten})


@require_GET
@rol_vereist(User.Rol.BEOORDELAAR)
def beoordelen(request: HttpRequest) -> HttpResponse:
    trajecten = (
        Traject.objects.voor(request.user).select_related("deelnemer", "bedrijf").order_by("-laatste_activiteit")
    )
    return render(request, "trajecten/beoordelen.html", {"trajecten": trajecten[:50]})


@require_GET
@rol_vereist(User.Rol.DEELNEMER)
def mijn(request: HttpRequest) -> HttpResponse:
    trajecten = Traject.objects.voor(request.user).select_related("bedrijf").order_by("-startdatum")
    return render(request, "trajecten/mijn.html", {"trajecten": trajecten})
