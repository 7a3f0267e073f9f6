"""People and organisations: deelnemers, bedrijven, scholen, begeleiders, beoordelaars."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from praktijkwijs.access import coordinator_vereist
from praktijkwijs.toegangslog import log_deelnemer_toegang
from trajecten.models import Bedrijf, Beoordelaar, Deelnemer, Praktijkbegeleider, School


def get_deelnemer_voor(user, pk: int) -> Deelnemer:
    return get_object_or_404(Deelnemer.objects.voor(user), pk=pk)


@require_GET
@coordinator_vereist
def deelnemer_lijst(request: HttpRequest) -> HttpResponse:
    pagina = Paginator(Deelnemer.objects.voor(request.user), 25).get_page(request.GET.get("pagina"))
    return render(request, "trajecten/deelnemer_lijst.html", {"pagina": pagina})


@require_GET
@coordinator_vereist
def deelnemer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deelnemer = get_deelnemer_voor(request.user, pk)
    log_deelnemer_toegang(request, deelnemer_id=deelnemer.pk)
    trajecten = deelnemer.trajecten.select_related("bedrijf")
    return render(request, "trajecten/deelnemer_detail.html", {"deelnemer": deelnemer, "trajecten": trajecten})


@require_GET
@coordinator_vereist
def bedrijf_lijst(request: HttpRequest) -> HttpResponse:
    return render(request, "trajecten/bedrijf_lijst.html", {"bedrijven": Bedrijf.objects.all()})


@require_GET
@coordinator_vereist
def bedrijf_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bedrijf = get_object_or_404(Bedrijf, pk=pk)
    begeleiders = bedrijf.praktijkbegeleiders.select_related("user")
    return render(request, "trajecten/bedrijf_detail.html", {"bedrijf": bedrijf, "begeleiders": begeleiders})


@require_GET
@coordinator_vereist
def school_lijst(request: HttpRequest) -> HttpResponse:
    return render(request, "trajecten/school_lijst.html", {"scholen": School.objects.all()})


@require_GET
@coordinator_vereist
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School, pk=pk)
    beoordelaars = school.beoordelaars.select_related("user")
    return render(request, "trajecten/school_detail.html", {"school": school, "beoordelaars": beoordelaars})


@require_GET
@coordinator_vereist
def praktijkbegeleider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    begeleider = get_object_or_404(Praktijkbegeleider.objects.select_related("user", "bedrijf"), pk=pk)
    return render(request, "trajecten/praktijkbegeleider_detail.html", {"begeleider": begeleider})


@require_GET
@coordinator_vereist
def beoordelaar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    beoordelaar = get_object_or_404(Beoordelaar.objects.select_related("user", "school"), pk=pk)
    return render(request, "trajecten/beoordelaar_detail.html", {"beoordelaar": beoordelaar})
