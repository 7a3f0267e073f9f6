"""The coördinator's trajecten overview and the traject's state changes (start, stop, finish)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from praktijkwijs.access import coordinator_vereist
from trajecten.models import Traject


@require_GET
@coordinator_vereist
def traject_lijst(request: HttpRequest) -> HttpResponse:
    trajecten = Traject.objects.voor(request.user).select_related("deelnemer", "bedrijf")
    pagina = Paginator(trajecten, 25).get_page(request.GET.get("pagina"))
    return render(request, "trajecten/traject_lijst.html", {"pagina": pagina})
