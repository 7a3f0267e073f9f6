"""The praktijkbegeleider's home, the traject page with its checklist and hours, and the
deelnemer's home.

The checklist is the screen used most, on a phone on the shop floor: every tap is a plain
``<form method="post">`` that htmx upgrades. A plain POST redirects back to the werkproces it
came from; an htmx POST gets out-of-band fragments for every place the werkopdracht appears
(one werkopdracht can count for several werkprocessen) and for the progress bars.
"""

import copy
import csv
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijkwijs.access import coordinator_vereist, rol_vereist
from praktijkwijs.errors import OvergangNietToegestaan
from praktijkwijs.lijsten import lokale_tijd, namen_lijst, namen_per_rij, url_per_pk
from praktijkwijs.models import ToegangsLog, User
from praktijkwijs.templatetags.datums import dag_kort, dag_maand, kort, kort_met_tijd, lang
from praktijkwijs.toegangslog import log_deelnemer_toegang
from trajecten.exports import veilige_cel
from trajecten.forms.uren import UrenForm, UrenNormForm
from trajecten.forms.voortgang import VoortgangForm
from trajecten.models import (
    Deelnemer,
    Praktijkbegeleider,
    Traject,
    Uren,
    UrenNorm,
    Verklaring,
    Voortgang,
    VoortgangWijziging,
    maandag_van,
)
from trajecten.views.checklist_rij import rij_html, rij_labels
from werkopdrachten.models import Werkopdracht, Werkproces


def get_traject_voor(user, pk: int, *, met_namen: bool = True) -> Traject:
    """The traject, if ``user`` may see it; 404 otherwise. ``met_namen``: with the deelnemer,
    bedrijf and school a page shows; the htmx answer to a tap shows none of them (three joins
    fewer to plan and read: ~0.7 ms of a tap), nor does the redirect after a plain one."""
    trajecten = Traject.objects.voor(user)
    if met_namen:
        trajecten = trajecten.select_related("deelnemer", "bedrijf", "school")
    return get_object_or_404(trajecten, pk=pk)


def mag_wijzigen(user) -> bool:
    """The roles that may tick and log hours. *Which* trajecten is Traject.objects.voor(user):
    a begeleider only sees their own."""
    return user.is_coordinator or user.is_begeleider


def get_traject_om_te_wijzigen(user, pk: int, *, met_namen: bool = True) -> Traject:
    """The traject, if ``user`` may change it: 404 when they cannot see it, 403 when they
    can see it but only read it (beoordelaar, deelnemer)."""
    traject = get_traject_voor(user, pk, met_namen=met_namen)
    if not mag_wijzigen(user):
        raise PermissionDenied
    return traject


# -- the begeleider's home


@require_GET
@rol_vereist(User.Rol.BEGELEIDER)
def begeleiding(request: HttpRequest) -> HttpResponse:
    vakken = namen_per_rij(Traject.vakvaardigheden.through, "traject_id", "vakvaardigheid__naam")
    trajecten = list(
        Traject.objects.voor(request.user)
        .lopend()
        .select_related("deelnemer")
        .only(*KAART_VELDEN)
        .annotate(vakken=vakken)
        .order_by("-laatste_activiteit", "pk")
    )
    traject_url = url_per_pk("trajecten:traject")
    # The texts with figures in them, translated once per page: three {% blocktranslate %} per
    # card took ~0.6 ms of a home with 15 deelnemers.
    start, telling = _("start %(datum)s"), _("%(klaar)s van %(totaal)s werkopdrachten beheerst")
    voortgang_van, laatst = _("Voortgang van %(naam)s"), _("Laatst bijgewerkt: %(datum)s")
    lokaal = lokale_tijd()
    for traject in trajecten:
        traject.url = traject_url(traject.pk)
        traject.vakken = namen_lijst(traject.vakken)
        traject.naam = traject.deelnemer.naam
        traject.procent = traject.procent_beheerst
        traject.start_tekst = start % {"datum": dag_maand(traject.startdatum)}
        traject.telling_tekst = telling % {"klaar": traject.aantal_beheerst, "totaal": traject.aantal_opdrachten}
        traject.aria_label = voortgang_van % {"naam": traject.naam}
        traject.laatst_tekst = laatst % {"datum": dag_maand(lokaal(traject.laatste_activiteit))}
    return render(request, "trajecten/begeleiding.html", {"trajecten": trajecten})


# What a card on the begeleider's home shows; the rest of the deelnemer stays unread.
KAART_VELDEN = (
    "status",
    "startdatum",
    "laatste_activiteit",
    "aantal_opdrachten",
    "aantal_beheerst",
    *Deelnemer.naam_velden("deelnemer__"),
)


# -- the traject page and its checklist


@dataclass
class ChecklistGroep:
    """One heading of the checklist: a werkproces, or the werkopdrachten that count for none.

    ``rijen`` are per-occurrence copies of the voortgang rows (one werkopdracht can count for
    several werkprocessen), each with ``sleutel`` ("<group>-<row>", for element ids). The htmx
    answer holds only the changed row, so it passes the group's counts in ``telling``.
    """

    key: str
    code: str
    titel: str
    rijen: list[Voortgang] = field(default_factory=list)
    telling: tuple[int, int] | None = None  # (totaal, beheerst), when rijen is not the whole group

    @property
    def totaal(self) -> int:
        return self.telling[0] if self.telling else len(self.rijen)

    @property
    def aantal_beheerst(self) -> int:
        if self.telling:
            return self.telling[1]
        return sum(1 for rij in self.rijen if rij.status == Voortgang.Status.BEHEERST)

    @property
    def is_beheerst(self) -> bool:
        return self.totaal > 0 and self.aantal_beheerst == self.totaal

    @property
    def procent(self) -> int:
        return round(100 * self.aantal_beheerst / self.totaal) if self.totaal else 0

    @property
    def telling_tekst(self) -> str:
        return _("%(klaar)s van %(totaal)s beheerst") % {"klaar": self.aantal_beheerst, "totaal": self.totaal}

    @property
    def aria_label(self) -> str:
        return _("Voortgang %(code)s") % {"code": self.code or self.titel}


def checklist_groepen(traject: Traject) -> list[ChecklistGroep]:
    """The checklist of a traject. One query.

    It gives every row once per werkproces it counts for (a LEFT JOIN over the werkopdracht's
    werkprocessen, so rows that count for none come along with ``wp_id`` None): each
    occurrence is its own instance, as the ids in the markup differ per occurrence.
    """
    occurrences = (
        traject.voortgang.select_related("werkopdracht")
        .only(*RIJ_VELDEN)
        .annotate(
            wp_id=F("werkopdracht__werkprocessen__id"),
            wp_code=F("werkopdracht__werkprocessen__code"),
            wp_titel=F("werkopdracht__werkprocessen__titel"),
        )
        .order_by("werkopdracht__volgorde", "werkopdracht__titel", "pk")
    )
    per_werkproces: dict[int, ChecklistGroep] = {}
    overig: list[Voortgang] = []
    for rij in occurrences:
        if rij.wp_id is None:
            overig.append(rij)
            continue
        groep = per_werkproces.get(rij.wp_id)
        if groep is None:
            groep = per_werkproces[rij.wp_id] = ChecklistGroep(key=str(rij.wp_id), code=rij.wp_code, titel=rij.wp_titel)
        groep.rijen.append(rij)
    groepen = sorted(per_werkproces.values(), key=lambda groep: groep.code)
    # A werkopdracht without a werkproces certifies nothing, but must still be tickable.
    if overig:
        groepen.append(ChecklistGroep(key="overig", code="", titel=_("Overige werkopdrachten"), rijen=overig))
    bereid_rijen_voor(traject, groepen)
    return groepen


# What a checklist row shows; the rest of the row and of its werkopdracht stays unread.
RIJ_VELDEN = ("traject_id", "status", "bij_intake", "afgetekend_op", "notitie", "vorige_status", "werkopdracht__titel")


def historie_van(rij: Voortgang) -> list[VoortgangWijziging]:
    """The history of one row as its details show it: who changed what, when, with which note."""
    # get_<field>_display rebuilds the choices per call; the history shows them for every entry.
    status_labels = {waarde: str(label) for waarde, label in Voortgang.Status.choices}
    wijzigingen = list(rij.wijzigingen.select_related("door").order_by("op", "pk"))
    lokaal = lokale_tijd()
    for wijziging in wijzigingen:
        wijziging.van_label = status_labels.get(wijziging.van_status, "")
        wijziging.naar_label = status_labels.get(wijziging.naar_status, wijziging.naar_status)
        wijziging.op_tekst = kort_met_tijd(lokaal(wijziging.op))
        wijziging.datum_tekst = kort(wijziging.datum)
    return wijzigingen


@functools.cache
def _tellingen_sql() -> str:
    koppeling = Werkopdracht.werkprocessen.through._meta.db_table
    werkproces, voortgang = Werkproces._meta.db_table, Voortgang._meta.db_table
    # Table names from the models (the columns are the fields' own names); values are parameters.
    return f"""
        SELECT wp.id, wp.code, wp.titel, COUNT(v.id), COUNT(CASE WHEN v.status = %s THEN 1 END)
        FROM {koppeling} eigen
        JOIN {werkproces} wp ON wp.id = eigen.werkproces_id
        JOIN {koppeling} ander ON ander.werkproces_id = eigen.werkproces_id
        JOIN {voortgang} v ON v.werkopdracht_id = ander.werkopdracht_id
        WHERE eigen.werkopdracht_id = %s AND v.traject_id = %s
        GROUP BY wp.id, wp.code, wp.titel
        ORDER BY wp.code
    """  # noqa: S608


def tellingen_per_werkproces(traject_id: int, werkopdracht_id: int) -> list[tuple[int, str, str, int, int]]:
    """Per werkproces the werkopdracht counts for: its id, code and title, and how many of its
    werkopdrachten the traject has and has mastered.

    SQL of its own, as it runs on every tap: the ORM's version joined the werkopdracht table
    for nothing and took ~1.3 ms to build; PostgreSQL spent ~1 ms planning it under load, more
    than any other statement (docs/performance.md, round 7). This one: ~0.4 ms of planning.
    """
    with connection.cursor() as cursor:
        cursor.execute(_tellingen_sql(), [Voortgang.Status.BEHEERST, werkopdracht_id, traject_id])
        return cursor.fetchall()


def gewijzigde_groepen(traject: Traject, rij: Voortgang) -> list[ChecklistGroep]:
    """What the htmx answer to a tap shows: the changed row under every werkproces it counts
    for, with those werkprocessen's counts. One query (two for a werkopdracht of no
    werkproces), and one row to render instead of the whole checklist."""
    groepen = [
        ChecklistGroep(
            key=str(wp_id),
            code=code,
            titel=titel,
            # A copy per werkproces: each occurrence gets its own ids.
            rijen=[copy.copy(rij)],
            telling=(totaal, beheerst),
        )
        for wp_id, code, titel, totaal, beheerst in tellingen_per_werkproces(traject.pk, rij.werkopdracht_id)
    ]
    if not groepen:  # the werkopdracht counts for no werkproces
        telling = traject.voortgang.filter(werkopdracht__werkprocessen__isnull=True).aggregate(
            totaal=Count("pk"), beheerst=Count("pk", filter=Q(status=Voortgang.Status.BEHEERST))
        )
        groepen = [
            ChecklistGroep(
                key="overig",
                code="",
                titel=_("Overige werkopdrachten"),
                rijen=[rij],
                telling=(telling["totaal"], telling["beheerst"]),
            )
        ]
    bereid_rijen_voor(traject, groepen)
    return groepen


def bereid_rijen_voor(traject: Traject, groepen: list[ChecklistGroep]) -> None:
    """Give every occurrence of a row what its markup needs, computed once in Python rather
    than per use in the template: its form action, the address of its details, the ids of
    this occurrence and the date field's value.

    ``groepen`` must hold one instance per occurrence (``checklist_groepen`` and
    ``gewijzigde_groepen`` make sure of that)."""
    vandaag = timezone.localdate().isoformat()
    actie_url = url_per_pk("trajecten:voortgang_wijzig", traject.pk)
    details_url = url_per_pk("trajecten:voortgang_details", traject.pk)
    for groep in groepen:
        for rij in groep.rijen:
            # The werkproces to return to after a plain POST travels in the address.
            rij.actie = f"{actie_url(rij.pk)}?terug=wp-{groep.key}"
            rij.details_url = f"{details_url(rij.pk)}?groep={groep.key}"
            rij.sleutel = f"{groep.key}-{rij.pk}"
            rij.datum_iso = rij.afgetekend_op.isoformat() if rij.afgetekend_op else vandaag
            if rij.status == Voortgang.Status.BEHEERST:
                rij.beheerst_tekst = _("Beheerst sinds %(datum)s") % {"datum": lang(rij.afgetekend_op)}


def uren_context(traject: Traject, user, *, form: UrenForm | None = None) -> dict:
    """Hours of a traject against the planned hours and the doelgroep's norm. Two queries."""
    rijen = traject.uren.order_by("-week")
    if user.is_coordinator:
        # Only a coördinator sees who filled in a week: their names, not their whole login
        # (an ordered query costs Django ~3 µs per selected column to build).
        rijen = rijen.select_related("geregistreerd_door").only(*UREN_VELDEN, *NAAM_VELDEN_DOOR)
    rijen = list(rijen)
    # A row's week, translated once per page: a {% blocktranslate %} and two |date filters per row
    # took ~60 µs a row, 2.7 ms of the page of a traject 45 weeks under way.
    week_label = _("wk %(nummer)s (%(maandag)s)")
    for rij in rijen:
        rij.week_tekst = week_label % {"nummer": rij.week.isocalendar().week, "maandag": dag_kort(rij.week)}
    totaal = sum((rij.uren for rij in rijen), Decimal(0))
    weken = traject.weken_sinds_start()
    gepland = traject.geplande_uren_per_week * weken if traject.geplande_uren_per_week is not None else None
    norm = UrenNorm.objects.filter(doelgroep=traject.deelnemer.doelgroep).first()
    norm_totaal = norm.uren_per_week * weken if norm else None
    kan_schrijven = mag_wijzigen(user) and traject.status != Traject.Status.GEPLAND
    return {
        "uren_rijen": rijen,
        "uren_totaal": totaal,
        "uren_weken": weken,
        "uren_gepland": gepland,
        "uren_gepland_procent": procent_van(totaal, gepland),
        "uren_norm": norm,
        "uren_norm_totaal": norm_totaal,
        "uren_norm_procent": procent_van(totaal, norm_totaal),
        "kan_uren_schrijven": kan_schrijven,
        "uren_form": form or (UrenForm(traject=traject) if kan_schrijven else None),
    }


# What the hours table shows of a row, and of who filled it in (User.__str__).
UREN_VELDEN = ("traject_id", "week", "uren", "notitie")
NAAM_VELDEN_DOOR = ("geregistreerd_door__first_name", "geregistreerd_door__last_name", "geregistreerd_door__username")

# What the verklaringen section shows of a verklaring. The rest (about 30 columns: the copied
# names, birth date and texts of the certificate) stays unread: building an ordered query over all
# of them took Django ~0.15 ms of the traject page.
VERKLARING_VELDEN = (
    "traject_id",
    "status",
    "nummer",
    "voorgesteld_op",
    "vervangt_id",
    "terugstuurreden",
    "ingetrokken_op",
    "intrekkingsreden",
    "datum_uitgifte",
)


def verklaringen_van(traject: Traject, user) -> list[Verklaring]:
    """The traject's verklaringen for its page: a deelnemer sees only the issued ones (proposals
    and their remarks are staff work)."""
    verklaringen = traject.verklaringen.uitgegeven() if user.is_deelnemer else traject.verklaringen.all()
    return list(verklaringen.only(*VERKLARING_VELDEN))


def procent_van(deel: Decimal, geheel: Decimal | None) -> int | None:
    if not geheel:
        return None
    return min(100, round(100 * deel / geheel))


def checklist_context(
    request: HttpRequest, traject: Traject, groepen: list[ChecklistGroep], *, oob: bool = False, **extra
) -> dict:
    """What the checklist partials need besides the groups, and every row's markup (``rij.html``).
    Every row gets the values of its full form: its own, or, on the row whose form was refused,
    what was typed and the errors. ``oob``: for the htmx answer, whose parts swap out of band."""
    vandaag = timezone.localdate()
    context = {
        "traject": traject,
        "groepen": groepen,
        "kan_wijzigen": mag_wijzigen(request.user) and traject.is_lopend,
        "oob": oob,
        "vandaag": vandaag,
        "vandaag_iso": vandaag.isoformat(),
        "start_iso": traject.startdatum.isoformat(),
        **extra,
    }
    fout_form, fout_rij = extra.get("fout_form"), extra.get("fout_rij")
    labels = rij_labels()
    for groep in groepen:
        for rij in groep.rijen:
            details = ""
            if fout_form is not None and rij.pk == fout_rij:  # show what was typed, and why not
                rij.form_status = fout_form["status"].value()
                rij.form_datum = fout_form["datum"].value()
                rij.form_notitie = fout_form["notitie"].value()
                rij.form_fouten = fout_form.errors
                # This row's details are rendered open, in place; the others load when opened.
                rij.historie = historie_van(rij)
                rij.details_open = True
                details = render_to_string(
                    "trajecten/traject_detail.html#checklist_details", {**context, "rij": rij}, request=request
                )
            else:
                rij.form_status, rij.form_datum, rij.form_notitie = rij.status, rij.datum_iso, rij.notitie
                rij.form_fouten = None
                rij.details_open = False
            rij.html = rij_html(rij, labels, kan_wijzigen=context["kan_wijzigen"], oob=oob, details=details)
    return context


def traject_context(request: HttpRequest, traject: Traject, **extra) -> dict:
    return {
        **checklist_context(request, traject, checklist_groepen(traject), **extra),
        # Names only, as plain values: no model instance per begeleider and user.
        "begeleiders": [
            Praktijkbegeleider.naam_uit(*namen)
            for namen in traject.begeleiders.values_list("user__first_name", "user__last_name", "user__username")
        ],
        **uren_context(traject, request.user),
        "verklaringen": verklaringen_van(traject, request.user),
        **extra,
    }


@require_GET
@rol_vereist(*User.Rol.values)
def traject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    traject = get_traject_voor(request.user, pk)
    log_deelnemer_toegang(request, deelnemer_id=traject.deelnemer_id)
    return render(request, "trajecten/traject_detail.html", traject_context(request, traject))


TERUG = re.compile(r"^wp-(\d+|overig)$")
GROEP = re.compile(r"^(\d+|overig)$")


@require_GET
@rol_vereist(*User.Rol.values)
def voortgang_details(request: HttpRequest, pk: int, voortgang_pk: int) -> HttpResponse:
    """A checklist row's date, note and history. The checklist loads them (htmx) when the row's
    details are opened, so the page does not carry a form and a history for every row; without
    JavaScript the same address is a page of its own."""
    traject = get_traject_voor(request.user, pk)
    rij = get_object_or_404(traject.voortgang.select_related("werkopdracht"), pk=voortgang_pk)
    log_deelnemer_toegang(request, deelnemer_id=traject.deelnemer_id)
    # Which occurrence of the row (it may count for several werkprocessen): its element ids.
    groep_key = request.GET.get("groep", "")
    groep = ChecklistGroep(key=groep_key if GROEP.match(groep_key) else "overig", code="", titel="", rijen=[rij])
    bereid_rijen_voor(traject, [groep])
    context = checklist_context(request, traject, [groep], groep=groep, rij=rij)
    rij.historie = historie_van(rij)
    if request.htmx:
        return render(request, "trajecten/traject_detail.html#checklist_details", context)
    return render(request, "trajecten/voortgang_details.html", context)


@require_POST
@rol_vereist(*User.Rol.values)
def voortgang_wijzig(request: HttpRequest, pk: int, voortgang_pk: int) -> HttpResponse:
    """One tap on the checklist: *beheerst*, *bezig*, undo, or a new date or note."""
    traject = get_traject_om_te_wijzigen(request.user, pk, met_namen=False)
    rij = get_object_or_404(traject.voortgang.select_related("werkopdracht"), pk=voortgang_pk)
    form = VoortgangForm(request.POST, traject=traject, voortgang=rij)
    if not form.is_valid():
        melding = _("Niet opgeslagen: %(fout)s") % {
            "fout": " ".join(e for fouten in form.errors.values() for e in fouten)
        }
        if request.htmx:
            return render_wijziging(request, traject, rij, melding=melding, fout_form=form, fout=True)
        messages.error(request, melding)
        traject = get_traject_voor(request.user, pk)  # the page, with the names it shows
        context = traject_context(request, traject, fout_rij=rij.pk, fout_form=form)
        return render(request, "trajecten/traject_detail.html", context)

    fout = False
    try:
        # The change and its line in the access log commit together: one commit per tap, and
        # never a change without its line.
        with transaction.atomic():
            veranderd = rij.zet_status(door=request.user, **form.cleaned_data)
            if veranderd:
                log_deelnemer_toegang(request, deelnemer_id=traject.deelnemer_id, actie=ToegangsLog.Actie.GEWIJZIGD)
    except OvergangNietToegestaan as error:
        melding, fout, veranderd = str(error), True, False
    else:
        melding = status_melding(rij) if veranderd else _("Dit was al opgeslagen.")

    if request.htmx:
        # zet_status brought the totals of ``traject`` (rij.traject) up to date.
        return render_wijziging(request, traject, rij, melding=melding, fout=fout)
    (messages.error if fout else messages.success)(request, melding)
    terug = request.GET.get("terug", "")
    return redirect(traject.get_absolute_url() + (f"#{terug}" if TERUG.match(terug) else ""))


def status_melding(rij: Voortgang) -> str:
    titel = rij.werkopdracht.titel
    if rij.status == Voortgang.Status.BEHEERST:
        return _("%(titel)s: beheerst sinds %(datum)s.") % {
            "titel": titel,
            "datum": date_format(rij.afgetekend_op, "j F Y"),
        }
    if rij.status == Voortgang.Status.BEZIG:
        return _("%(titel)s: bezig.") % {"titel": titel}
    return _("%(titel)s: nog niet beheerst.") % {"titel": titel}


def render_wijziging(request: HttpRequest, traject: Traject, rij: Voortgang, **extra) -> HttpResponse:
    """The htmx answer: every occurrence of the changed row, the heading of every werkproces
    it counts for, the overall progress and the spoken message, all out of band. Only these
    are rendered (not the whole page), so the answer costs one row, whatever the traject."""
    groepen = gewijzigde_groepen(traject, rij)
    context = checklist_context(request, traject, groepen, fout_rij=rij.pk, oob=True, **extra)
    context["gewijzigde_groepen"] = groepen
    return render(request, "trajecten/traject_detail.html#checklist_wijziging", context)


# -- hours


@require_POST
@rol_vereist(*User.Rol.values)
def uren_registreer(request: HttpRequest, pk: int) -> HttpResponse:
    traject = get_traject_om_te_wijzigen(request.user, pk)
    form = UrenForm(request.POST, traject=traject)
    if form.is_valid():
        rij = traject.registreer_uren(door=request.user, **form.cleaned_data)
        log_deelnemer_toegang(request, deelnemer_id=traject.deelnemer_id, actie=ToegangsLog.Actie.GEWIJZIGD)
        melding = _("%(uren)s uur opgeslagen voor de week van %(week)s.") % {
            "uren": f"{rij.uren:n}".replace(".", ","),
            "week": date_format(rij.week, "j F Y"),
        }
        if request.htmx:
            context = {"traject": traject, "uren_melding": melding, **uren_context(traject, request.user)}
            return render(request, "trajecten/_traject_uren.html", context)
        messages.success(request, melding)
        return redirect(traject.get_absolute_url() + "#uren")
    if request.htmx:
        context = {"traject": traject, **uren_context(traject, request.user, form=form)}
        return render(request, "trajecten/_traject_uren.html", context)
    messages.error(request, _("De uren zijn niet opgeslagen. Kijk de velden hieronder na."))
    context = traject_context(request, traject)
    context.update(uren_context(traject, request.user, form=form))
    return render(request, "trajecten/traject_detail.html", context)


def csv_cel(waarde) -> str:
    return veilige_cel("" if waarde is None else str(waarde))


@require_GET
@coordinator_vereist
def uren_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance record of one traject (needed for subsidies), for Excel in Dutch:
    semicolons, decimal commas, and a byte order mark so accents survive."""
    traject = get_traject_voor(request.user, pk)
    log_deelnemer_toegang(request, deelnemer_id=traject.deelnemer_id, actie=ToegangsLog.Actie.GEEXPORTEERD)
    rijen = traject.uren.select_related("geregistreerd_door").order_by("week")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="uren-traject-{traject.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [_("Deelnemer"), _("Bedrijf"), _("Week"), _("Maandag"), _("Uren"), _("Notitie"), _("Geregistreerd door")]
    )
    for rij in rijen:
        writer.writerow(
            csv_cel(waarde)
            for waarde in [
                traject.deelnemer.naam,
                traject.bedrijf.naam,
                f"{rij.week:%G-W%V}",
                rij.week.isoformat(),
                str(rij.uren).replace(".", ","),
                rij.notitie,
                rij.geregistreerd_door,
            ]
        )
    return response


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def urennormen(request: HttpRequest) -> HttpResponse:
    form = UrenNormForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        UrenNorm.stel_in(form.normen())
        messages.success(request, _("De urennormen zijn opgeslagen."))
        return redirect("trajecten:urennormen")
    return render(request, "trajecten/urennormen.html", {"form": form})


# -- the deelnemer's home


@dataclass
class MijnTraject:
    """One traject on the deelnemer's home; the werkopdrachten by their titles, in order."""

    traject: Traject
    beheerst: list[str]
    bezig: list[str]
    nog_niet: list[str]
    uren_totaal: Decimal
    uren_deze_week: Decimal

    @property
    def hierna(self) -> list[str]:
        return self.nog_niet[:3]

    @property
    def aantal_later(self) -> int:
        return max(0, len(self.nog_niet) - 3)


@require_GET
@rol_vereist(User.Rol.DEELNEMER)
def mijn(request: HttpRequest) -> HttpResponse:
    vakken = namen_per_rij(Traject.vakvaardigheden.through, "traject_id", "vakvaardigheid__naam")
    trajecten = list(
        Traject.objects.voor(request.user).select_related("bedrijf").annotate(vakken=vakken).order_by("-startdatum")
    )
    # The titles per state, as plain values: the page shows nothing else of a werkopdracht.
    titels: dict[tuple[int, str], list[str]] = {}
    rijen = (
        Voortgang.objects.filter(traject__in=trajecten)
        .order_by("werkopdracht__volgorde", "werkopdracht__titel")
        .values_list("traject_id", "status", "werkopdracht__titel")
    )
    for traject_id, status, titel in rijen:
        titels.setdefault((traject_id, status), []).append(titel)
    deze_week = maandag_van(timezone.localdate())
    uren = {
        rij["traject"]: rij
        for rij in Uren.objects.filter(traject__in=trajecten)
        .values("traject")
        .annotate(totaal=Sum("uren"), deze_week=Sum("uren", filter=Q(week=deze_week)))
    }
    overzicht = []
    for traject in trajecten:
        traject.vakken = namen_lijst(traject.vakken)
        traject_uren = uren.get(traject.pk, {})
        overzicht.append(
            MijnTraject(
                traject=traject,
                beheerst=titels.get((traject.pk, Voortgang.Status.BEHEERST), []),
                bezig=titels.get((traject.pk, Voortgang.Status.BEZIG), []),
                nog_niet=titels.get((traject.pk, Voortgang.Status.NOG_NIET), []),
                uren_totaal=traject_uren.get("totaal") or Decimal(0),
                uren_deze_week=traject_uren.get("deze_week") or Decimal(0),
            )
        )
    if trajecten:
        log_deelnemer_toegang(request, deelnemer_id=trajecten[0].deelnemer_id)
    return render(request, "trajecten/mijn.html", {"overzicht": overzicht})
