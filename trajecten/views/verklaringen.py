"""Praktijkverklaringen: propose, the beoordelaar's queue, issue, download, revoke."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from praktijkwijs.access import rol_vereist
from praktijkwijs.models import User
from trajecten.models import Traject


@require_GET
@rol_vereist(User.Rol.BEOORDELAAR)
def beoordelen(request: HttpRequest) -> HttpResponse:
    trajecten = (
        Traject.objects.voor(request.user).select_related("deelnemer", "bedrijf").order_by("-laatste_activiteit")
    )
    return render(request, "trajecten/beoordelen.html", {"trajecten": trajecten[:50]})
