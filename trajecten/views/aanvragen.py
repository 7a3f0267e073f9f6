"""The coördinator's aanvragen pipeline: overview, board, create/edit, one form per transition."""

import datetime
import hashlib
import operator
from collections.abc import Callable
from functools import reduce
from html import escape

from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from praktijkwijs import cacheversie, lijsten
from praktijkwijs.access import coordinator_vereist
from praktijkwijs.errors import OvergangNietToegestaan
from praktijkwijs.lijsten import lokale_tijd, namen_lijst, namen_per_rij, url_per_pk, volgorde_buiten_index
from praktijkwijs.models import ToegangsLog
from praktijkwijs.templatetags.datums import dag_kort_tijd, kort, kort_met_tijd
from praktijkwijs.toegangslog import log_deelnemer_toegang
from trajecten.forms.aanvragen import (
    AanvraagFilterForm,
    AanvraagForm,
    AfwijzenForm,
    DeelnemerKeuzeForm,
    GoedkeurenForm,
    IntakePlannenForm,
    IntakeRegistrerenForm,
    IntrekkenForm,
    TrajectStartForm,
)
from trajecten.forms.organisaties import NieuweDeelnemerForm
from trajecten.models import Aanvraag, Deelnemer, Traject
from trajecten.services import aanvraag_maak, aanvraag_wijzig, traject_start_uit_aanvraag

PER_PAGINA = 25
KAARTEN_PER_KOLOM = 25
# What a card on the board shows, as a plain row (as the overview's rows); the rest of the
# aanvraag and of its deelnemer stays unread.
KAART_KOLOMMEN = ("pk", "status", "ingediend_op", "intake_op", *Deelnemer.naam_velden("deelnemer__"))
# A card's button by column: the next step's address, what it is called and how it looks. An
# approved aanvraag whose traject started links to the traject instead (NAAR_TRAJECT).
VOLGENDE_STAP = {
    Aanvraag.Status.INGEDIEND: ("trajecten:aanvraag_intake_plannen", _("Intake plannen"), "btn-outline-primary"),
    Aanvraag.Status.INTAKE_GEPLAND: (
        "trajecten:aanvraag_intake_registreren",
        _("Intake vastleggen"),
        "btn-outline-primary",
    ),
    Aanvraag.Status.INTAKE_GEHOUDEN: (
        "trajecten:aanvraag_traject_starten",
        _("Goedkeuren en traject starten"),
        "btn-pw",
    ),
    Aanvraag.Status.GOEDGEKEURD: ("trajecten:aanvraag_traject_starten", _("Traject starten"), "btn-pw"),
}
NAAR_TRAJECT = (_("Naar het traject"), "btn-outline-secondary")

# A card on the board, filled in by the view. Markup in Python, unlike the rest of the page: a
# board holds up to 100 cards, and the template engine took ~19 µs for a card's nine values
# (1.9 ms of the board), str.format ~3 µs. Every text is escaped where the card is filled in.
KAART_HTML = """<li class="card mb-2">
  <div class="card-body p-2">
    <h3 class="h6 mb-1"><a href="{url}">{naam}</a></h3>
    <p class="small text-body-secondary mb-2">
      {bedrijf}<br>
      {moment}
    </p>
    <a class="btn btn-sm {stap_stijl}" href="{stap_url}">{stap}<span class="visually-hidden"> — {naam}</span></a>
  </div>
</li>"""

# The board: one column per stage of the pipeline, in order.
BORD_KOLOMMEN = [
    Aanvraag.Status.INGEDIEND,
    Aanvraag.Status.INTAKE_GEPLAND,
    Aanvraag.Status.INTAKE_GEHOUDEN,
    Aanvraag.Status.GOEDGEKEURD,
]


def get_aanvraag_voor(user, pk: int) -> Aanvraag:
    return get_object_or_404(
        Aanvraag.objects.voor(user).select_related("deelnemer", "bedrijf", "school", "praktijkbegeleider__user"),
        pk=pk,
    )


GEMEENTEN_CACHE_KEY = "trajecten:aanvragen:gemeenten"
# The gemeenten change only when an aanvraag comes from a new gemeente: a few minutes old is fine.
GEMEENTEN_CACHE_SECONDS = 300


def _gemeenten(gevraagd: str = "") -> list[str]:
    """The filter's gemeenten: only those that occur in an aanvraag, so every choice gives a result.

    A DISTINCT over 25 000 deelnemers matched with 30 000 aanvragen costs 20-40 ms, which no list
    page can pay on every view, so the list lives in the shared cache for five minutes. An address
    that names a gemeente missing from the cached list (a brand-new one) reloads it, so a valid
    filter is never refused because of the cache.
    """
    gemeenten = cache.get(GEMEENTEN_CACHE_KEY)
    if gemeenten is None or (gevraagd and gevraagd not in gemeenten):
        gemeenten = list(
            Deelnemer.objects.filter(Exists(Aanvraag.objects.filter(deelnemer=OuterRef("pk"))))
            .order_by("gemeente")
            .values_list("gemeente", flat=True)
            .distinct()
        )
        cache.set(GEMEENTEN_CACHE_KEY, gemeenten, GEMEENTEN_CACHE_SECONDS)
    return gemeenten


def _filter_form(request: HttpRequest) -> AanvraagFilterForm:
    form = AanvraagFilterForm(request.GET, gemeenten=_gemeenten(request.GET.get("gemeente", "")))
    form.is_valid()  # invalid filters are shown and left out; the rest still applies
    return form


def _filterbalk(form: AanvraagFilterForm) -> dict[str, str] | None:
    """The filter bar's choice part, rendered, while none of its fields is filled in.

    Crispy needs ~6 ms to render the bar, a fifth of the page. Its selects and date fields, left
    empty, depend only on their choices and the language, so that part is memoised under exactly
    those: the gemeenten (at hand) and the version of the vakvaardigheden (cacheversie). Never
    stale. The search box, holding whatever was typed, is rendered fresh.
    """
    if any(form.data.get(veld) for veld in AanvraagFilterForm.KEUZEVELDEN):
        return None
    sleutel = repr((get_language(), form.fields["gemeente"].choices[1:], cacheversie.versie("filterkeuzes")))
    cache_key = "trajecten:aanvragen:filterbalk:" + hashlib.sha256(sleutel.encode()).hexdigest()
    delen = cache.get(cache_key)
    if delen is None:
        delen = {
            "keuzes": render_crispy_form(form, helper=form.keuze_helper),
            "periode": render_crispy_form(form, helper=form.periode_helper),
        }
        cache.set(cache_key, delen, GEMEENTEN_CACHE_SECONDS)
    # crispy's own output, escaped when it was rendered
    return {deel: mark_safe(html) for deel, html in delen.items()}  # noqa: S308


def _tellingen(aanvragen) -> dict[str, int]:
    """Aanvragen per status (and in total) in one query: ``GROUP BY status``.

    Without filters PostgreSQL answers it from the index on (status, ingediend_op), and the
    total doubles as the paginator's count, so the page needs no COUNT of its own.
    """
    per_status = dict(aanvragen.order_by().values_list("status").annotate(aantal=Count("*")))
    tellingen = {status: per_status.get(status, 0) for status in Aanvraag.Status.values}
    tellingen["totaal"] = sum(per_status.values())
    return tellingen


# The columns a row of the overview shows; the rest of a deelnemer (personal data) stays unread.
RIJ_KOLOMMEN = ("pk", "status", "ingediend_op", "intake_op", *Deelnemer.naam_velden("deelnemer__"))


def _rijen(aanvragen):
    """The overview's rows as plain rows (``values()``) of the shown columns only, with the
    vakvaardigheden's names in ``vakken``. Instantiating every vakvaardigheid and the full
    deelnemer per row was two thirds of the list's time in the database and the ORM (8 ms of 11
    at national scale); a model instance per aanvraag, deelnemer and bedrijf, and the template's
    lookups on them, another ~1 ms of 7.5."""
    return aanvragen.values(
        *RIJ_KOLOMMEN,
        doelgroep=F("deelnemer__doelgroep"),
        gemeente=F("deelnemer__gemeente"),
        bedrijf_naam=F("bedrijf__naam"),
        vakken=namen_per_rij(Aanvraag.vakvaardigheden.through, "aanvraag_id", "vakvaardigheid__naam"),
    )


@require_GET
@coordinator_vereist
def aanvraag_lijst(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    zichtbaar = Aanvraag.objects.voor(request.user)
    filterwaarden = form.filterwaarden()
    # Counting means a scan of every aanvraag (5-10 ms) or a name search: kept per set of filters
    # until an aanvraag, deelnemer or bedrijf changes, so paging and switching tabs count once.
    # (The querysets are built only when used: with a search, building one costs a millisecond.)
    tellingen = cacheversie.onthoud(
        "aanvragen",
        "tellingen:" + cacheversie.sleutel_van(filterwaarden),
        lambda: _tellingen(form.filter(zichtbaar, met_status=False, om_te_tellen=True)),
    )
    status = form.cleaned_data.get("status", "") if hasattr(form, "cleaned_data") else ""
    # The tabs already counted these rows (same filters; a status filter is one of the tabs).
    aantal = tellingen[status] if status else tellingen["totaal"]
    if not aantal:
        gevonden = zichtbaar.none()
    elif filterwaarden.get("zoek") and aantal <= lijsten.ZOEK_OP_NUMMERS_TOT:
        # Few matches: fetch them through the indexes, as the counts did, and sort just those. The
        # page's own query walks every aanvraag in sorted order until 25 match: quick for a common
        # name, but for one person (7 matches of 30 000) 35 ms against 15 ms, and 25 against 5 ms
        # when nothing matches. Their numbers are kept with the counts, as the same changes change
        # both: paging through a search, or coming back to it, searches once (~4 ms of the page).
        nummers = cacheversie.onthoud(
            "aanvragen",
            "nummers:" + cacheversie.sleutel_van({**filterwaarden, "status": status}),
            lambda: lijsten.nummers_van(form.filter(zichtbaar, om_te_tellen=True)),
        )
        gevonden = zichtbaar.filter(pk__in=nummers)
    else:
        gevonden = form.filter(zichtbaar)
    paginator = Paginator(_rijen(form.sorteer_op(gevonden)), PER_PAGINA)
    # Set, so the paginator needs no second COUNT over the same search.
    paginator.count = aantal
    pagina = paginator.get_page(request.GET.get("pagina"))
    aanvraag_url = url_per_pk("trajecten:aanvraag")
    # A row's texts made here, the labels translated once per page: a get_…_display per row cost
    # ~2 ms a page, and a filter per cell (label, date, "—") another ~0.5 ms.
    statuslabels = {waarde: str(label) for waarde, label in Aanvraag.Status.choices}
    doelgroeplabels = {waarde: str(label) for waarde, label in Deelnemer.Doelgroep.choices}
    lokaal = lokale_tijd()
    for rij in pagina:
        rij["url"] = aanvraag_url(rij["pk"])
        rij["naam"] = Deelnemer.naam_in_rij(rij, "deelnemer__")
        rij["vakken"] = namen_lijst(rij["vakken"]) or "—"
        rij["bedrijf"] = rij["bedrijf_naam"] or "—"
        rij["doelgroep_label"] = doelgroeplabels.get(rij["doelgroep"], rij["doelgroep"])
        rij["status_label"] = statuslabels.get(rij["status"], rij["status"])
        rij["intake"] = kort_met_tijd(lokaal(rij["intake_op"])) or "—"
        rij["ingediend"] = kort(lokaal(rij["ingediend_op"]))
    tabs = [("", _("Alle"), tellingen["totaal"])] + [
        (waarde, label, tellingen[waarde]) for waarde, label in Aanvraag.Status.choices
    ]
    context = {
        "form": form,
        "pagina": pagina,
        "tabs": tabs,
        "status": status,
        "sortering": form.sortering,
        "filterbalk": None if request.htmx and not request.htmx.boosted else _filterbalk(form),
    }
    template = "trajecten/aanvraag_lijst.html"
    if request.htmx and not request.htmx.boosted:
        template += "#resultaten"
    return render(request, template, context)


@require_GET
@coordinator_vereist
def aanvraag_bord(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    basis = form.filter(Aanvraag.objects.voor(request.user), met_status=False)
    # Approved ones stay on the board while their traject still has to start, or for a month.
    recent = timezone.now() - datetime.timedelta(days=30)
    kolom_filters = {status: Q(status=status) for status in BORD_KOLOMMEN}
    kolom_filters[Aanvraag.Status.GOEDGEKEURD] &= Q(wacht_op_traject=True) | Q(afgerond_op__gte=recent)
    # Counting the open aanvragen (~2.5 ms at national scale) is kept per set of filters until
    # the data change, as on the list; a card leaves the approved column up to
    # cacheversie.TIMEOUT after its month.
    tellingen = cacheversie.onthoud(
        "aanvragen",
        "bord:" + cacheversie.sleutel_van(form.filterwaarden()),
        lambda: _tellingen(basis.filter(reduce(operator.or_, kolom_filters.values()))),
    )
    # One reverse() per kind of link instead of two per card (75 cards).
    aanvraag_url, traject_url = url_per_pk("trajecten:aanvraag"), url_per_pk("trajecten:traject")
    stap_url = {status: url_per_pk(naam) for status, (naam, _label, _stijl) in VOLGENDE_STAP.items()}
    # A card's texts, translated (and escaped) once per page: the template's {% if %}, filters and
    # labels per card took ~0.5 ms of a board with 100 cards.
    bedrijf_onbekend = escape(gettext("bedrijf nog onbekend"))
    intake, ingediend = escape(gettext("Intake")), escape(gettext("Ingediend"))
    stappen = {status: (escape(str(label)), stijl) for status, (_adres, label, stijl) in VOLGENDE_STAP.items()}
    naar_traject = (escape(str(NAAR_TRAJECT[0])), NAAR_TRAJECT[1])
    lokaal = lokale_tijd()
    kolommen = []
    for status in BORD_KOLOMMEN:
        # Oldest first: the longest-waiting aanvraag is the next piece of work. A query per column
        # (two for the approved one).
        kolom = basis.filter(kolom_filters[status])
        if status == Aanvraag.Status.GOEDGEKEURD:
            # A few approved aanvragen among tens of thousands: first the numbers of the oldest, from
            # the aanvragen alone through the column's two partial indexes, then their cards. Sorted
            # past the date index (the date is never null), or PostgreSQL walks that index from the
            # oldest aanvraag on to find them (8 ms for 200 waiting).
            eerste = kolom.order_by(*volgorde_buiten_index("ingediend_op", "pk")).values_list("pk", flat=True)
            kolom = Aanvraag.objects.filter(pk__in=list(eerste[:KAARTEN_PER_KOLOM]))
        velden = {"bedrijf_naam": F("bedrijf__naam")}
        if status == Aanvraag.Status.GOEDGEKEURD:
            # Only an approved aanvraag can have a traject: the other columns skip the join, which
            # doubled the time PostgreSQL spent planning their query (0.17 -> 0.34 ms).
            velden["traject_pk"] = F("traject__id")
        kaarten = list(kolom.values(*KAART_KOLOMMEN, **velden).order_by("ingediend_op", "pk")[:KAARTEN_PER_KOLOM])
        for kaart in kaarten:
            # When: the planned intake, else the day it came in.
            if kaart["status"] == Aanvraag.Status.INTAKE_GEPLAND:
                moment = f"{intake}: {dag_kort_tijd(lokaal(kaart['intake_op']))}"
            else:
                moment = f"{ingediend}: {kort(lokaal(kaart['ingediend_op']))}"
            # An approved aanvraag whose traject started links to it; the others to their next step.
            if kaart.get("traject_pk"):
                volgende_url, (stap, stap_stijl) = traject_url(kaart["traject_pk"]), naar_traject
            else:
                volgende_url, (stap, stap_stijl) = stap_url[status](kaart["pk"]), stappen[status]
            kaart["html"] = mark_safe(  # noqa: S308 - the names are escaped; addresses and labels are ours
                KAART_HTML.format(
                    url=aanvraag_url(kaart["pk"]),
                    naam=escape(Deelnemer.naam_in_rij(kaart, "deelnemer__")),
                    bedrijf=escape(kaart["bedrijf_naam"]) if kaart["bedrijf_naam"] else bedrijf_onbekend,
                    moment=moment,
                    stap_url=volgende_url,
                    stap=stap,
                    stap_stijl=stap_stijl,
                )
            )
        kolommen.append(
            {
                "status": status,
                "label": Aanvraag.Status(status).label,
                "aantal": tellingen[status],
                "kaarten": kaarten,
                "meer": tellingen[status] - len(kaarten),
            }
        )
    context = {"form": form, "kolommen": kolommen, "filterbalk": _filterbalk(form)}
    return render(request, "trajecten/aanvraag_bord.html", context)


@require_GET
@coordinator_vereist
def aanvraag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    aanvraag = get_aanvraag_voor(request.user, pk)
    log_deelnemer_toegang(request, deelnemer_id=aanvraag.deelnemer_id)
    context = {
        "aanvraag": aanvraag,
        "wijzigingen": aanvraag.wijzigingen.select_related("door"),
        "traject": Traject.objects.filter(aanvraag=aanvraag).first(),
        "vakvaardigheden": aanvraag.vakvaardigheden.all(),
        "al_beheerst": aanvraag.al_beheerst.select_related("vakvaardigheid"),
    }
    return render(request, "trajecten/aanvraag_detail.html", context)


def _gekozen_bedrijf(request: HttpRequest) -> dict:
    """Another bedrijf chosen on a form's page (htmx asks the page for that bedrijf's begeleiders)."""
    return {"bedrijf": request.GET["bedrijf"]} if request.GET.get("bedrijf") else {}


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def aanvraag_nieuw(request: HttpRequest) -> HttpResponse:
    """A new aanvraag, for a deelnemer who is already known or one entered here."""
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and data.get("gebruik_deelnemer"):
        # "Use this one" under the duplicate warning: same form, existing deelnemer.
        data["bestaande_deelnemer"] = data["gebruik_deelnemer"]
    keuze_initial = {"bestaande_deelnemer": request.GET.get("deelnemer")} if request.GET.get("deelnemer") else {}
    keuze = DeelnemerKeuzeForm(data, initial=keuze_initial, zoek=request.GET.get("zoek_deelnemer", ""))
    aanvraag_form = AanvraagForm(data, initial=_gekozen_bedrijf(request), adres=request.path)
    deelnemer_form = NieuweDeelnemerForm(data, prefix="deelnemer")
    if data is not None:
        keuze_geldig = keuze.is_valid()
        bestaande = keuze.cleaned_data.get("bestaande_deelnemer") if keuze_geldig else None
        deelnemer_geldig = bestaande is not None or deelnemer_form.is_valid()
        if keuze_geldig and aanvraag_form.is_valid() and deelnemer_geldig:
            try:
                aanvraag = aanvraag_maak(
                    door=request.user,
                    deelnemer=bestaande,
                    nieuwe_deelnemer=None if bestaande else deelnemer_form.instance,
                    vakvaardigheden=aanvraag_form.cleaned_data["vakvaardigheden"],
                    **aanvraag_form.velden(),
                )
            except ValidationError as fout:
                messages.error(request, " ".join(fout.messages))
            else:
                log_deelnemer_toegang(request, deelnemer_id=aanvraag.deelnemer_id, actie=ToegangsLog.Actie.GEWIJZIGD)
                messages.success(request, _("De aanvraag van %(naam)s is vastgelegd.") % {"naam": aanvraag.deelnemer})
                return redirect(aanvraag)
        else:
            messages.error(request, _("Niet alles is goed ingevuld. Kijk de gemarkeerde velden na."))
    context = {"keuze": keuze, "form": aanvraag_form, "deelnemer_form": deelnemer_form}
    return render(request, "trajecten/aanvraag_form.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def aanvraag_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    aanvraag = get_aanvraag_voor(request.user, pk)
    if not aanvraag.is_open:
        messages.error(
            request,
            _("Een aanvraag die %(status)s is, kan niet meer worden gewijzigd.")
            % {"status": aanvraag.get_status_display()},
        )
        return redirect(aanvraag)
    form = AanvraagForm(request.POST or None, instance=aanvraag, initial=_gekozen_bedrijf(request), adres=request.path)
    if request.method == "POST":
        if form.is_valid():
            # The form worked on a copy: the service re-reads the row under a lock.
            aanvraag = get_aanvraag_voor(request.user, pk)
            try:
                gewijzigd = aanvraag_wijzig(
                    aanvraag=aanvraag,
                    door=request.user,
                    vakvaardigheden=form.cleaned_data["vakvaardigheden"],
                    **form.velden(),
                )
            except (OvergangNietToegestaan, ValidationError) as fout:
                messages.error(request, " ".join(getattr(fout, "messages", [str(fout)])))
                return redirect(aanvraag)
            log_deelnemer_toegang(request, deelnemer_id=aanvraag.deelnemer_id, actie=ToegangsLog.Actie.GEWIJZIGD)
            if gewijzigd:
                messages.success(request, _("De aanvraag is bijgewerkt."))
            else:
                messages.info(request, _("Er was niets veranderd."))
            return redirect(aanvraag)
        messages.error(request, _("Niet alles is goed ingevuld. Kijk de gemarkeerde velden na."))
    else:
        log_deelnemer_toegang(request, deelnemer_id=aanvraag.deelnemer_id)
    return render(request, "trajecten/aanvraag_form.html", {"form": form, "aanvraag": aanvraag})


# -- transitions: each its own small form ------------------------------------------------------


def _niet_toegestaan(request: HttpRequest, aanvraag: Aanvraag) -> HttpResponse:
    messages.error(
        request,
        _("Deze stap kan niet: de aanvraag is %(status)s.") % {"status": aanvraag.get_status_display()},
    )
    return redirect(aanvraag)


def _overgang(
    request: HttpRequest,
    pk: int,
    *,
    form_class,
    toegestaan: Callable[[Aanvraag], bool],
    uitvoeren: Callable[[Aanvraag, dict], None],
    titel: str,
    knop: str,
    gelukt: str,
    uitleg: str = "",
    gevaarlijk: bool = False,
    form_kwargs: Callable[[Aanvraag], dict] | None = None,
) -> HttpResponse:
    """GET shows the transition's form; POST validates it and hands it to the model verb.

    A step that is not possible from the current state is refused on both, with a message:
    the detail page does not offer it, but an old tab or a crafted POST can still ask.
    """
    aanvraag = get_aanvraag_voor(request.user, pk)
    if not toegestaan(aanvraag):
        return _niet_toegestaan(request, aanvraag)
    extra = form_kwargs(aanvraag) if form_kwargs else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST":
        if form.is_valid():
            try:
                uitvoeren(aanvraag, form.cleaned_data)
            except OvergangNietToegestaan as fout:
                messages.error(request, str(fout))
                return redirect(aanvraag)
            log_deelnemer_toegang(request, deelnemer_id=aanvraag.deelnemer_id, actie=ToegangsLog.Actie.GEWIJZIGD)
            messages.success(request, gelukt)
            return redirect(aanvraag)
        messages.error(request, _("Niet alles is goed ingevuld. Kijk de gemarkeerde velden na."))
    else:
        log_deelnemer_toegang(request, deelnemer_id=aanvraag.deelnemer_id)
    context = {
        "aanvraag": aanvraag,
        "form": form,
        "titel": titel,
        "knop": knop,
        "uitleg": uitleg,
        "gevaarlijk": gevaarlijk,
    }
    return render(request, "trajecten/aanvraag_overgang.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def aanvraag_intake_plannen(request: HttpRequest, pk: int) -> HttpResponse:
    def initial(aanvraag: Aanvraag) -> dict:
        if aanvraag.intake_op:
            lokaal = timezone.localtime(aanvraag.intake_op)
            return {"initial": {"datum": lokaal.date(), "tijd": lokaal.time(), "intake_door": aanvraag.intake_door_id}}
        return {"initial": {"intake_door": request.user.pk}}

    return _overgang(
        request,
        pk,
        form_class=IntakePlannenForm,
        toegestaan=Aanvraag.kan_intake_plannen,
        uitvoeren=lambda a, d: a.plan_intake(
            door=request.user, op=d["op"], intake_door=d["intake_door"], toelichting=d["toelichting"]
        ),
        titel=_("Intake plannen"),
        knop=_("Intake plannen"),
        gelukt=_("De intake is gepland."),
        form_kwargs=initial,
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def aanvraag_intake_registreren(request: HttpRequest, pk: int) -> HttpResponse:
    return _overgang(
        request,
        pk,
        form_class=IntakeRegistrerenForm,
        toegestaan=Aanvraag.kan_intake_registreren,
        uitvoeren=lambda a, d: a.registreer_intake(
            door=request.user, verslag=d["verslag"], advies=d["advies"], al_beheerst=d["al_beheerst"]
        ),
        titel=_("Intake vastleggen"),
        knop=_("Intake vastleggen"),
        gelukt=_("De intake is vastgelegd."),
        uitleg=_("Vink aan welke werkopdrachten de deelnemer nu al kan. Die hoeft hij of zij niet meer te leren."),
        form_kwargs=lambda a: {"aanvraag": a},
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def aanvraag_goedkeuren(request: HttpRequest, pk: int) -> HttpResponse:
    return _overgang(
        request,
        pk,
        form_class=GoedkeurenForm,
        toegestaan=Aanvraag.kan_goedkeuren,
        uitvoeren=lambda a, d: a.keur_goed(door=request.user, toelichting=d["toelichting"]),
        titel=_("Goedkeuren zonder traject"),
        knop=_("Alleen goedkeuren"),
        gelukt=_("De aanvraag is goedgekeurd. Start het traject zodra de gegevens bekend zijn."),
        uitleg=_(
            "Meestal keurt u goed en start u meteen het traject. Alleen goedkeuren is voor als de startdatum "
            "of de begeleider nog niet vaststaat; het traject start u dan later vanaf de aanvraag."
        ),
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def aanvraag_afwijzen(request: HttpRequest, pk: int) -> HttpResponse:
    return _overgang(
        request,
        pk,
        form_class=AfwijzenForm,
        toegestaan=Aanvraag.kan_afwijzen,
        uitvoeren=lambda a, d: a.wijs_af(door=request.user, reden=d["reden"]),
        titel=_("Aanvraag afwijzen"),
        knop=_("Afwijzen"),
        gelukt=_("De aanvraag is afgewezen."),
        gevaarlijk=True,
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def aanvraag_intrekken(request: HttpRequest, pk: int) -> HttpResponse:
    return _overgang(
        request,
        pk,
        form_class=IntrekkenForm,
        toegestaan=Aanvraag.kan_intrekken,
        uitvoeren=lambda a, d: a.trek_in(door=request.user, reden=d["reden"]),
        titel=_("Aanvraag intrekken"),
        knop=_("Intrekken"),
        gelukt=_("De aanvraag is ingetrokken."),
        uitleg=_("Intrekken is voor als de deelnemer of de aanmelder zelf afziet van de aanvraag."),
        gevaarlijk=True,
    )


def kan_traject_starten(aanvraag: Aanvraag) -> bool:
    """After the intake (approve and start at once) or after a plain approval."""
    if aanvraag.kan_goedkeuren():
        return True
    return aanvraag.status == Aanvraag.Status.GOEDGEKEURD and not Traject.objects.filter(aanvraag=aanvraag).exists()


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def aanvraag_traject_starten(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (if not yet) and start the traject, pre-filled from the aanvraag, in one transaction."""
    aanvraag = get_aanvraag_voor(request.user, pk)
    if not kan_traject_starten(aanvraag):
        bestaand = Traject.objects.filter(aanvraag=aanvraag).first()
        if bestaand is not None:
            messages.error(request, _("Voor deze aanvraag is al een traject gestart."))
            return redirect(bestaand)
        return _niet_toegestaan(request, aanvraag)
    if request.method == "POST":
        form = TrajectStartForm(request.POST, aanvraag=aanvraag)
        if form.is_valid():
            try:
                traject = traject_start_uit_aanvraag(aanvraag=aanvraag, door=request.user, **form.gegevens())
            except OvergangNietToegestaan as fout:
                messages.error(request, str(fout))
                return redirect(aanvraag)
            except ValidationError as fout:
                messages.error(request, " ".join(fout.messages))
            else:
                log_deelnemer_toegang(request, deelnemer_id=aanvraag.deelnemer_id, actie=ToegangsLog.Actie.GEWIJZIGD)
                messages.success(request, _("Het traject van %(naam)s is gestart.") % {"naam": aanvraag.deelnemer.naam})
                return redirect(traject)
        else:
            messages.error(request, _("Niet alles is goed ingevuld. Kijk de gemarkeerde velden na."))
    else:
        initial = {**TrajectStartForm.initial_uit(aanvraag), **_gekozen_bedrijf(request)}
        form = TrajectStartForm(initial=initial, aanvraag=aanvraag)
        log_deelnemer_toegang(request, deelnemer_id=aanvraag.deelnemer_id)
    return render(request, "trajecten/traject_start.html", {"aanvraag": aanvraag, "form": form})
