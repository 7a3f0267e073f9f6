"""The coördinator's dashboard (the programme at a glance), its exports, and the success
stories the coördinator writes for the public landing page."""

import datetime

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijkwijs.access import coordinator_vereist
from praktijkwijs.errors import OvergangNietToegestaan
from trajecten import exports, rapportage
from trajecten.forms.overzicht import GenoemdePersonenFormSet, PeriodeForm, SuccesverhaalForm
from trajecten.grafieken import Staafdiagram, staafdiagram
from trajecten.models import Succesverhaal

ZONDER_VOORTGANG_GETOOND = 10


def _snelkeuzes(vandaag: datetime.date) -> list[tuple[str, str]]:
    """Ready-made periods for the filter: (label, query string)."""
    jaar = vandaag.year
    return [
        (_("Dit jaar"), urlencode({"van": datetime.date(jaar, 1, 1), "tot": vandaag})),
        (_("Vorig jaar"), urlencode({"van": datetime.date(jaar - 1, 1, 1), "tot": datetime.date(jaar - 1, 12, 31)})),
        (_("Laatste 12 maanden"), urlencode({"van": vandaag - datetime.timedelta(days=365), "tot": vandaag})),
        (_("Alles"), ""),
    ]


def _grafieken(rapport: rapportage.Rapport) -> tuple[dict, list[tuple[rapportage.Uitsplitsing, Staafdiagram, str]]]:
    """The charts of a report: plain Python over a few dozen numbers, no queries."""
    grafieken = {
        "fasen": staafdiagram(
            "grafiek-fasen",
            _("Aanvragen per fase"),
            [(t.label, t.aantal) for t in rapport.per_status],
            kolom_label=_("Fase"),
            kolom_waarde=_("Aantal aanvragen"),
        ),
        "doorlooptijd": staafdiagram(
            "grafiek-doorlooptijd",
            _("Doorlooptijd per fase (mediaan, in dagen)"),
            [(d.label, d.mediaan_dagen) for d in rapport.doorlooptijden],
            kolom_label=_("Fase"),
            kolom_waarde=_("Dagen (mediaan)"),
        ),
    }
    if rapport.per_maand is not None:
        grafieken["verklaringen"] = staafdiagram(
            "grafiek-verklaringen",
            _("Verklaringen uitgegeven per maand"),
            [(t.label, t.aantal) for t in rapport.per_maand],
            kolom_label=_("Maand"),
            kolom_waarde=_("Aantal verklaringen"),
        )
    uitsplitsingen = []
    for uitsplitsing in rapport.uitsplitsingen:
        kolom = "verklaringen" if uitsplitsing.met_verklaringen else "trajecten"
        wat = _("Verklaringen") if kolom == "verklaringen" else _("Trajecten")
        grafiek = staafdiagram(
            f"grafiek-{uitsplitsing.dimensie}",
            _("%(wat)s %(per)s") % {"wat": wat, "per": uitsplitsing.titel.lower()},
            [(rij["label"], rij[kolom]) for rij in uitsplitsing.rijen[:10] if rij[kolom]],
            kolom_label=uitsplitsing.titel,
            kolom_waarde=wat,
        )
        uitsplitsingen.append((uitsplitsing, grafiek, kolom))
    return grafieken, uitsplitsingen


@require_GET
@coordinator_vereist
def overzicht(request: HttpRequest) -> HttpResponse:
    form = PeriodeForm(request.GET or None)
    periode = form.periode()
    # The figures come from the shared cache, at most five minutes old (see trajecten.rapportage);
    # the page says when they were computed. The trajecten without progress are a to-do list,
    # so the list itself is read live (their count is a figure, from the report).
    rapport = rapportage.rapport(periode)
    if not rapport.html:
        grafieken, uitsplitsingen = _grafieken(rapport)
        context = {"grafieken": grafieken, "uitsplitsingen": uitsplitsingen, "per_status": rapport.per_status}
        # Without the request: no context processors, so nothing of this user ends up in the
        # HTML that other coördinatoren are shown from the cache.
        rapport.html = {
            deel: render_to_string(f"trajecten/overzicht_rapport.html#{deel}", context)
            for deel in ("aanvragen", "uitsplitsingen")
        }
        rapportage.bewaar(rapport)
    zonder_voortgang = rapportage.trajecten_zonder_voortgang()

    querystring = urlencode({k: v for k, v in request.GET.items() if k in ("van", "tot") and v})
    return render(
        request,
        "trajecten/overzicht.html",
        {
            "form": form,
            "periode": periode,
            "snelkeuzes": _snelkeuzes(timezone.localdate()),
            "querystring": querystring,
            "rapport": rapport,
            "per_status": rapport.per_status,
            "doorlooptijden": rapport.doorlooptijden,
            "fragmenten": rapport.html,
            "aantal_lopend": rapport.aantal_lopend,
            # One more than shown, to know whether to link to the full list.
            "zonder_voortgang": list(zonder_voortgang[: ZONDER_VOORTGANG_GETOOND + 1]),
            "zonder_voortgang_getoond": ZONDER_VOORTGANG_GETOOND,
            "aantal_zonder_voortgang": rapport.aantal_zonder_voortgang,
            "exports": exports.EXPORTS,
        },
    )


@require_GET
@coordinator_vereist
def export(request: HttpRequest, soort: str, formaat: str) -> HttpResponse:
    if soort not in exports.EXPORTS or formaat not in exports.FORMATEN:
        raise Http404
    periode = PeriodeForm(request.GET or None).periode()
    return exports.export_response(request, soort=soort, formaat=formaat, periode=periode)


# -- success stories ---------------------------------------------------------------------


@require_GET
@coordinator_vereist
def verhaal_lijst(request: HttpRequest) -> HttpResponse:
    verhalen = (
        Succesverhaal.objects.voor(request.user)
        .select_related("bedrijf")
        .prefetch_related("personen")
        .order_by("-gepubliceerd", "-gewijzigd_op", "-pk")
    )
    return render(request, "trajecten/verhaal_lijst.html", {"verhalen": verhalen})


def _bewaar_verhaal(request: HttpRequest, verhaal: Succesverhaal | None) -> HttpResponse:
    form = SuccesverhaalForm(request.POST or None, instance=verhaal)
    personen = GenoemdePersonenFormSet(request.POST or None, instance=form.instance, prefix="personen")
    if request.method == "POST":
        if form.is_valid() and personen.is_valid():
            with transaction.atomic():
                verhaal = form.save()
                personen.instance = verhaal
                personen.save()
            if verhaal.controleer_toestemming(door=request.user):
                messages.warning(
                    request,
                    _("Het verhaal is van de website gehaald: niet iedereen die genoemd wordt heeft toestemming."),
                )
            else:
                messages.success(request, _("Het verhaal is bewaard."))
            return redirect("trajecten:verhaal", pk=verhaal.pk)
        messages.error(request, _("Het verhaal is niet bewaard. Verbeter de fouten hieronder."))
    return render(request, "trajecten/verhaal_form.html", {"form": form, "personen": personen, "verhaal": verhaal})


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def verhaal_nieuw(request: HttpRequest) -> HttpResponse:
    return _bewaar_verhaal(request, None)


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def verhaal_bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    return _bewaar_verhaal(request, get_object_or_404(Succesverhaal.objects.voor(request.user), pk=pk))


@require_POST
@coordinator_vereist
def verhaal_publiceren(request: HttpRequest, pk: int) -> HttpResponse:
    verhaal = get_object_or_404(Succesverhaal.objects.voor(request.user), pk=pk)
    try:
        verhaal.publiceer(door=request.user)
    except OvergangNietToegestaan as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("Het verhaal staat nu op de website."))
    return redirect("trajecten:verhaal", pk=verhaal.pk)


@require_POST
@coordinator_vereist
def verhaal_offline(request: HttpRequest, pk: int) -> HttpResponse:
    verhaal = get_object_or_404(Succesverhaal.objects.voor(request.user), pk=pk)
    verhaal.haal_offline(door=request.user)
    messages.success(request, _("Het verhaal staat niet meer op de website."))
    return redirect("trajecten:verhaal", pk=verhaal.pk)
