from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from praktijkwijs.access import rol_vereist
from praktijkwijs.models import User
from trajecten.models import Traject


def get_traject_voor(user, pk: int) -> Traject:
    """The traject, if ``user`` may see it; 404 otherwise."""
    return get_object_or_404(Traject.objects.voor(user).select_related("deelnemer", "bedrijf", "school"), pk=pk)


@require_GET
@rol_vereist(User.Rol.COORDINATOR)
def traject_lijst(request: HttpRequest) -> HttpResponse:
    trajecten = Traject.objects.voor(request.user).select_related("deelnemer", "bedrijf")
    pagina = Paginator(trajecten, 25).get_page(request.GET.get("pagina"))
    return render(request, "trajecten/traject_lijst.html", {"pagina": pagina})


@require_GET
@rol_vereist(*User.Rol.values)
def traject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    traject = get_traject_voor(request.user, pk)
    return render(
        request,
        "trajecten/traject_detail.html",
        {
            "traject": traject,
            "werkprocessen": traject.voortgang_per_werkproces(),
            "begeleiders": traject.begeleiders.select_related("user"),
        },
    )
