"""The praktijkbegeleider's home, the traject page with its checklist, and the deelnemer's home."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from praktijkwijs.access import rol_vereist
from praktijkwijs.models import User
from praktijkwijs.toegangslog import log_deelnemer_toegang
from trajecten.models import Traject


def get_traject_voor(user, pk: int) -> Traject:
    """The traject, if ``user`` may see it; 404 otherwise."""
    return get_object_or_404(Traject.objects.voor(user).select_related("deelnemer", "bedrijf", "school"), pk=pk)


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
@rol_vereist(*User.Rol.values)
def traject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    traject = get_traject_voor(request.user, pk)
    log_deelnemer_toegang(request, deelnemer_id=traject.deelnemer_id)
    return render(
        request,
        "trajecten/traject_detail.html",
        {
            "traject": traject,
            "werkprocessen": traject.voortgang_per_werkproces(),
            "begeleiders": traject.begeleiders.select_related("user"),
        },
    )


@require_GET
@rol_vereist(User.Rol.DEELNEMER)
def mijn(request: HttpRequest) -> HttpResponse:
    trajecten = Traject.objects.voor(request.user).select_related("bedrijf").order_by("-startdatum")
    return render(request, "trajecten/mijn.html", {"trajecten": trajecten})
