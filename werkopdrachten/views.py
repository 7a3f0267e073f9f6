from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from praktijkwijs.access import coordinator_vereist
from werkopdrachten.models import Kwalificatie, Vakvaardigheid


@require_GET
@coordinator_vereist
def catalogus(request: HttpRequest) -> HttpResponse:
    kwalificaties = Kwalificatie.objects.annotate(aantal_werkprocessen=Count("werkprocessen"))
    vakvaardigheden = Vakvaardigheid.objects.select_related("kwalificatie").annotate(
        aantal_werkopdrachten=Count("werkopdrachten")
    )
    return render(
        request, "werkopdrachten/catalogus.html", {"kwalificaties": kwalificaties, "vakvaardigheden": vakvaardigheden}
    )


@require_GET
@coordinator_vereist
def kwalificatie_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kwalificatie = get_object_or_404(Kwalificatie, pk=pk)
    kerntaken = kwalificatie.kerntaken.prefetch_related("werkprocessen")
    return render(
        request, "werkopdrachten/kwalificatie_detail.html", {"kwalificatie": kwalificatie, "kerntaken": kerntaken}
    )


@require_GET
@coordinator_vereist
def vakvaardigheid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vakvaardigheid = get_object_or_404(Vakvaardigheid.objects.select_related("kwalificatie"), pk=pk)
    werkopdrachten = vakvaardigheid.werkopdrachten.prefetch_related("werkprocessen")
    return render(
        request,
        "werkopdrachten/vakvaardigheid_detail.html",
        {"vakvaardigheid": vakvaardigheid, "werkopdrachten": werkopdrachten},
    )
