"""AVG: the coördinator's export of everything about one deelnemer, and who saw or changed them."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from praktijkwijs.access import coordinator_vereist
from praktijkwijs.models import ToegangsLog
from praktijkwijs.toegangslog import log_deelnemer_toegang
from trajecten.models import Deelnemer
from trajecten.privacy import deelnemer_export


def _deelnemer(request: HttpRequest, pk: int) -> Deelnemer:
    return get_object_or_404(Deelnemer.objects.voor(request.user), pk=pk)


@require_GET
@coordinator_vereist
def deelnemer_toegangslog(request: HttpRequest, pk: int) -> HttpResponse:
    """Who saw or changed this deelnemer's data, newest first; filter by action (allow-list)."""
    deelnemer = _deelnemer(request, pk)
    log_deelnemer_toegang(request, deelnemer_id=deelnemer.pk)
    regels = ToegangsLog.objects.voor_deelnemer(deelnemer.pk)
    actie = request.GET.get("actie", "")
    if actie in ToegangsLog.Actie.values:
        regels = regels.filter(actie=actie)
    else:
        actie = ""
    pagina = Paginator(regels, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "trajecten/privacy_toegangslog.html",
        {"deelnemer": deelnemer, "pagina": pagina, "actie": actie, "acties": ToegangsLog.Actie.choices},
    )


@require_GET
@coordinator_vereist
def deelnemer_avg_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything stored about the deelnemer as a readable page (print it or save it as PDF)."""
    deelnemer = _deelnemer(request, pk)
    log_deelnemer_toegang(request, deelnemer_id=deelnemer.pk, actie=ToegangsLog.Actie.GEEXPORTEERD)
    return render(
        request, "trajecten/privacy_export.html", {"deelnemer": deelnemer, "export": deelnemer_export(deelnemer)}
    )


@require_GET
@coordinator_vereist
def deelnemer_avg_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The same as JSON, as a download."""
    deelnemer = _deelnemer(request, pk)
    log_deelnemer_toegang(request, deelnemer_id=deelnemer.pk, actie=ToegangsLog.Actie.GEEXPORTEERD)
    response = JsonResponse(deelnemer_export(deelnemer)["json"], json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="avg-export-deelnemer-{deelnemer.pk}.json"'
    return response
