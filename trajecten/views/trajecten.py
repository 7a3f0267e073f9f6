"""The coördinator's trajecten overview, the traject's state changes (start, stop, finish) and their history."""

import hashlib

from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from praktijkwijs import cacheversie
from praktijkwijs.access import coordinator_vereist, rol_vereist
from praktijkwijs.errors import OvergangNietToegestaan
from praktijkwijs.lijsten import url_per_pk
from praktijkwijs.models import ToegangsLog, User
from praktijkwijs.toegangslog import log_deelnemer_toegang
from trajecten.forms.aanvragen import TrajectAfrondenForm, TrajectFilterForm, TrajectStoppenForm, signaal_filter
from trajecten.models import Deelnemer, Praktijkbegeleider, Traject

PER_PAGINA = 25


FILTERBALK_SECONDS = 300


def _filterbalk(form: TrajectFilterForm) -> str | None:
    """The filter bar's choice part, rendered, while none of its choices is made (the overview,
    its signal tabs, and a search: the search box is rendered fresh by the template).

    With 1 333 praktijkbegeleiders and 444 bedrijven in its selects the bar costs ~10 ms to render
    and two queries (~5 ms) to fill, on every view, and it is the same for every coördinator. It is
    kept in the shared cache under the language and the version of its choices (cacheversie: any
    bedrijf, begeleider or vakvaardigheid saved, added or removed gives a new one), so a change
    shows at once. A name changed past the app (the admin's user form) shows within five minutes.
    """
    if any(form.data.get(veld) for veld in form.KEUZEVELDEN):
        return None
    sleutel = repr((get_language(), cacheversie.versie("filterkeuzes")))
    cache_key = "trajecten:trajecten:filterkeuzes:" + hashlib.sha256(sleutel.encode()).hexdigest()
    html = cache.get(cache_key)
    if html is None:
        html = render_crispy_form(form, helper=form.keuze_helper)
        cache.set(cache_key, html, FILTERBALK_SECONDS)
    return mark_safe(html)  # noqa: S308 - crispy's own output, escaped when it was rendered


# The columns a row of the overview needs (its signals included); the rest stays unread.
RIJ_VELDEN = (
    "status",
    "startdatum",
    "einddatum",
    "laatste_activiteit",
    "aantal_opdrachten",
    "aantal_beheerst",
    *Deelnemer.naam_velden("deelnemer__"),
    "bedrijf__naam",
)


def _vul_rijen_aan(trajecten) -> None:
    """Give each row of the page its URL, status label and begeleiders' names.

    The names come from one query of plain values, not a prefetch of begeleiders with their
    users: model instances for 25 rows cost more than the rest of the rows together.
    """
    namen: dict[int, list[str]] = {}
    gebruiker = "praktijkbegeleider__user__"
    koppelingen = (
        Traject.begeleiders.through.objects.filter(traject_id__in=[traject.pk for traject in trajecten])
        .order_by(f"{gebruiker}last_name", f"{gebruiker}first_name")
        .values_list("traject_id", f"{gebruiker}first_name", f"{gebruiker}last_name", f"{gebruiker}username")
    )
    for traject_id, voornaam, achternaam, gebruikersnaam in koppelingen:
        namen.setdefault(traject_id, []).append(Praktijkbegeleider.naam_uit(voornaam, achternaam, gebruikersnaam))
    traject_url = url_per_pk("trajecten:traject")
    statuslabels = dict(Traject.Status.choices)
    for traject in trajecten:
        traject.url = traject_url(traject.pk)
        traject.statuslabel = statuslabels[traject.status]
        traject.begeleider_namen = ", ".join(namen.get(traject.pk, []))


@require_GET
@coordinator_vereist
def traject_lijst(request: HttpRequest) -> HttpResponse:
    form = TrajectFilterForm(request.GET)
    form.is_valid()  # invalid filters are shown and left out
    basis = form.filter(Traject.objects.voor(request.user), met_signaal=False)

    # One pass over the filtered trajecten counts every signal and the total; the total (or the
    # chosen signal's count) is also the paginator's count, so no second COUNT runs.
    def tel_signalen() -> dict[str, int]:
        return basis.aggregate(
            totaal=Count("*"),
            **{naam: Count("pk", filter=signaal_filter(naam)) for naam, _label in TrajectFilterForm.SIGNALEN if naam},
        )

    # That pass reads every traject (~6 ms unfiltered): kept per set of filters until a traject or
    # deelnemer changes (a tick changes its traject too); "no progress in 4 weeks" may be up to
    # cacheversie.TIMEOUT late.
    signalen = cacheversie.onthoud(
        "trajecten", "signalen:" + cacheversie.sleutel_van(form.filterwaarden()), tel_signalen
    )
    # No DISTINCT: the filters on many-valued relations are EXISTS subqueries (TrajectFilterForm.filter),
    # so no row can repeat, and ORDER BY startdatum DESC, id DESC LIMIT 25 reads traject_startdatum_idx.
    trajecten = form.filter(Traject.objects.voor(request.user)).select_related("deelnemer", "bedrijf").only(*RIJ_VELDEN)
    signaal = form.cleaned_data.get("signaal", "") if hasattr(form, "cleaned_data") else ""
    paginator = Paginator(trajecten, PER_PAGINA)
    paginator.count = signalen[signaal] if signaal else signalen["totaal"]
    pagina = paginator.get_page(request.GET.get("pagina"))
    _vul_rijen_aan(pagina)
    tabs = [("", _("Alle"), None)] + [
        (naam, label, signalen[naam]) for naam, label in TrajectFilterForm.SIGNALEN if naam
    ]
    context = {"form": form, "pagina": pagina, "tabs": tabs, "signaal": signaal, "filterbalk": None}
    template = "trajecten/traject_lijst.html"
    if request.htmx and not request.htmx.boosted:
        template += "#resultaten"
    else:
        context["filterbalk"] = _filterbalk(form)
    return render(request, template, context)


@require_GET
@rol_vereist(*User.Rol.values)
def traject_historie(request: HttpRequest, pk: int) -> HttpResponse:
    """The traject's state changes, with who and why: loaded by the traject page when scrolled to
    (htmx), a page of its own without JavaScript. Staff's view: a deelnemer sees the traject, not this."""
    traject = get_object_or_404(Traject.objects.voor(request.user).select_related("deelnemer"), pk=pk)
    if request.user.is_deelnemer:
        raise PermissionDenied
    log_deelnemer_toegang(request, deelnemer_id=traject.deelnemer_id)
    if request.htmx:
        return render(request, "trajecten/_traject_historie.html#lijst", {"traject": traject})
    return render(request, "trajecten/traject_historie.html", {"traject": traject})


def _get_traject(request: HttpRequest, pk: int) -> Traject:
    return get_object_or_404(Traject.objects.voor(request.user).select_related("deelnemer"), pk=pk)


def _overgang(request: HttpRequest, traject: Traject, actie, gelukt: str) -> HttpResponse:
    try:
        actie()
    except OvergangNietToegestaan as fout:
        messages.error(request, str(fout))
    else:
        log_deelnemer_toegang(request, deelnemer_id=traject.deelnemer_id, actie=ToegangsLog.Actie.GEWIJZIGD)
        messages.success(request, gelukt)
    return redirect(traject)


def _fouten_terug(request: HttpRequest, form, traject: Traject) -> HttpResponse:
    """The forms sit on the traject page: show their errors there as messages."""
    for fouten in form.errors.values():
        for fout in fouten:
            messages.error(request, fout)
    return redirect(traject)


@require_POST
@coordinator_vereist
def traject_starten(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _get_traject(request, pk)
    return _overgang(request, traject, lambda: traject.start(door=request.user), _("Het traject is actief."))


@require_POST
@coordinator_vereist
def traject_stoppen(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _get_traject(request, pk)
    form = TrajectStoppenForm(request.POST)
    if not form.is_valid():
        return _fouten_terug(request, form, traject)
    return _overgang(
        request,
        traject,
        lambda: traject.stop(
            door=request.user, reden=form.cleaned_data["reden"], einddatum=form.cleaned_data["einddatum"]
        ),
        _("Het traject is gestopt."),
    )


@require_POST
@coordinator_vereist
def traject_afronden(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _get_traject(request, pk)
    form = TrajectAfrondenForm(request.POST)
    if not form.is_valid():
        return _fouten_terug(request, form, traject)
    return _overgang(
        request,
        traject,
        lambda: traject.rond_af(
            door=request.user, einddatum=form.cleaned_data["einddatum"], toelichting=form.cleaned_data["toelichting"]
        ),
        _("Het traject is afgerond."),
    )
