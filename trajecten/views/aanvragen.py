from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from praktijkwijs.access import coordinator_vereist
from praktijkwijs.toegangslog import log_deelnemer_toegang
from trajecten.models import Aanvraag


def get_aanvraag_voor(user, pk: int) -> Aanvraag:
    return get_object_or_404(Aanvraag.objects.voor(user).select_related("deelnemer", "bedrijf"), pk=pk)


@require_GET
@coordinator_vereist
def aanvraag_lijst(request: HttpRequest) -> HttpResponse:
    aanvragen = Aanvraag.objects.voor(request.user).select_related("deelnemer", "bedrijf")
    pagina = Paginator(aanvragen, 25).get_page(request.GET.get("pagina"))
    return render(request, "trajecten/aanvraag_lijst.html", {"pagina": pagina})


@require_GET
@coordinator_vereist
def aanvraag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    aanvraag = get_aanvraag_voor(request.user, pk)
    log_deelnemer_toegang(request, deelnemer_id=aanvraag.deelnemer_id)
    wijzigingen = aanvraag.wijzigingen.select_related("door")
    return render(request, "trajecten/aanvraag_detail.html", {"aanvraag": aanvraag, "wijzigingen": wijzigingen})
