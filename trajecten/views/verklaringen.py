"""Praktijkverklaringen: propose, the beoordelaar's queue, issue, download, revoke, and the
public verification page that the QR code on the PDF leads to."""

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijkwijs.access import coordinator_vereist, rol_vereist
from praktijkwijs.errors import OvergangNietToegestaan
from praktijkwijs.models import ToegangsLog, User
from praktijkwijs.ratelimit import is_rate_limited
from praktijkwijs.toegangslog import log_deelnemer_toegang
from trajecten.forms.verklaringen import (
    MAX_PDF_GROOTTE,
    PdfControleForm,
    RedenForm,
    VerificatieZoekForm,
    VerklaringVoorstelForm,
)
from trajecten.models import Traject, Verklaring
from trajecten.models.verklaringen import normaliseer_code
from trajecten.services import (
    VerklaringUitgifteMislukt,
    verklaring_beheerste_werkprocessen,
    verklaring_keur_goed,
    verklaring_stel_voor,
)
from werkopdrachten.models import Kwalificatie

STAF = (User.Rol.COORDINATOR, User.Rol.BEGELEIDER, User.Rol.BEOORDELAAR)

# Lookups per address per minute: plenty for an employer, useless for guessing codes
# (which have 140 random bits anyway).
VERIFICATIE_PER_MINUUT = 30
CONTROLES_PER_MINUUT = 10


def get_verklaring_voor(user, pk: int) -> Verklaring:
    """The verklaring, if ``user`` may see it; 404 otherwise."""
    return get_object_or_404(
        Verklaring.objects.voor(user).select_related(
            "traject__deelnemer", "traject__bedrijf", "traject__school", "kwalificatie", "vervangt"
        ),
        pk=pk,
    )


# -- the traject page: propose ---------------------------------------------------------------


def _voorstel_context(traject: Traject, form: VerklaringVoorstelForm, **extra) -> dict:
    """Every werkproces of the traject, grouped by kwalificatie: mastered ones selectable, the
    others with the werkopdrachten still missing."""
    per_werkproces = traject.voortgang_per_werkproces()  # 3 queries
    kwalificaties = Kwalificatie.objects.in_bulk({wp.werkproces.kwalificatie_id for wp in per_werkproces})
    gekozen = {str(pk) for pk in (form["werkprocessen"].value() or [])}
    groepen: dict[int, dict] = {}
    for wp in per_werkproces:
        groep = groepen.setdefault(
            wp.werkproces.kwalificatie_id, {"kwalificatie": kwalificaties[wp.werkproces.kwalificatie_id], "rijen": []}
        )
        groep["rijen"].append({"wp": wp, "gekozen": str(wp.werkproces.pk) in gekozen})
    return {
        "traject": traject,
        "form": form,
        "groepen": list(groepen.values()),
        "heeft_beheerst": any(wp.is_beheerst for wp in per_werkproces),
        "teruggestuurd": traject.verklaringen.filter(status=Verklaring.Status.TERUGGESTUURD).first(),
        **extra,
    }


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def verklaring_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    traject = get_object_or_404(Traject.objects.voor(request.user).select_related("deelnemer", "school"), pk=pk)
    return _voorstel(request, traject=traject)


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def verklaring_vervangen(request: HttpRequest, pk: int) -> HttpResponse:
    oud = get_verklaring_voor(request.user, pk)
    if not oud.kan_vervangen():
        messages.error(request, _("Deze verklaring kan niet (meer) worden vervangen."))
        return redirect(oud.traject)
    return _voorstel(request, traject=oud.traject, vervangt=oud)


def _voorstel(request: HttpRequest, *, traject: Traject, vervangt: Verklaring | None = None) -> HttpResponse:
    log_deelnemer_toegang(
        request,
        deelnemer_id=traject.deelnemer_id,
        actie=ToegangsLog.Actie.GEWIJZIGD if request.method == "POST" else ToegangsLog.Actie.BEKEKEN,
    )
    beheerst = verklaring_beheerste_werkprocessen(traject=traject)
    initial = {"werkprocessen": [wp.pk for wp in vervangt.werkprocessen.all()]} if vervangt else {}
    form = VerklaringVoorstelForm(
        request.POST or None, beheerst_ids=beheerst, vervanging=vervangt is not None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            verklaring = verklaring_stel_voor(
                traject=traject,
                werkprocessen=form.cleaned_data["werkprocessen"],
                samenvattend_oordeel=form.cleaned_data["samenvattend_oordeel"],
                door=request.user,
                vervangt=vervangt,
                vervangreden=form.cleaned_data.get("vervangreden", ""),
            )
        except OvergangNietToegestaan as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Het voorstel is naar de beoordelaar van %(school)s gestuurd.") % {"school": traject.school},
            )
            return redirect(verklaring)
    elif request.method == "POST":
        messages.error(request, _("Het voorstel is nog niet verstuurd: kijk de fouten hieronder na."))
    return render(request, "trajecten/verklaring_nieuw.html", _voorstel_context(traject, form, vervangt=vervangt))


# -- one verklaring: review, approve, send back, revoke --------------------------------------


def _detail(request: HttpRequest, verklaring: Verklaring, status: int = 200, **forms) -> HttpResponse:
    context = {
        "verklaring": verklaring,
        "traject": verklaring.traject,
        "werkprocessen": verklaring.werkprocessen.select_related("kerntaak").order_by("code"),
        "wijzigingen": verklaring.wijzigingen.select_related("door"),
        "terugstuur_form": forms.get("terugstuur_form") or RedenForm(label=_("Wat moet er anders?")),
        "intrek_form": forms.get("intrek_form") or RedenForm(label=_("Reden van intrekking")),
        "mag_beoordelen": request.user.is_beoordelaar
        and verklaring.traject.school.beoordelaars.filter(user=request.user).exists(),
    }
    return render(request, "trajecten/verklaring_detail.html", context, status=status)


@require_GET
@rol_vereist(*STAF)
def verklaring_detail(request: HttpRequest, pk: int) -> HttpResponse:
    verklaring = get_verklaring_voor(request.user, pk)
    log_deelnemer_toegang(request, deelnemer_id=verklaring.deelnemer_id)
    return _detail(request, verklaring)


@require_POST
@rol_vereist(User.Rol.BEOORDELAAR)
def verklaring_goedkeuren(request: HttpRequest, pk: int) -> HttpResponse:
    verklaring = get_verklaring_voor(request.user, pk)
    log_deelnemer_toegang(request, deelnemer_id=verklaring.deelnemer_id, actie=ToegangsLog.Actie.GEWIJZIGD)
    try:
        verklaring = verklaring_keur_goed(verklaring=verklaring, door=request.user)
    except (OvergangNietToegestaan, VerklaringUitgifteMislukt) as exc:
        messages.error(request, str(exc))
        return redirect(verklaring)
    if not verklaring.is_uitgegeven:
        # VERKLARING_UITGEVEN_OP_ACHTERGROND: the worker makes the PDF after this request.
        messages.success(
            request,
            _(
                "Goedgekeurd. De PDF wordt nu gemaakt en de verklaring krijgt zo een nummer; "
                "daarna kan de deelnemer haar downloaden."
            ),
        )
        return redirect("beoordelen")
    messages.success(
        request,
        _("Goedgekeurd en uitgegeven als %(nummer)s. De deelnemer kan de verklaring nu downloaden.")
        % {"nummer": verklaring.nummer},
    )
    return redirect("beoordelen")


@require_POST
@rol_vereist(User.Rol.BEOORDELAAR)
def verklaring_terugsturen(request: HttpRequest, pk: int) -> HttpResponse:
    verklaring = get_verklaring_voor(request.user, pk)
    log_deelnemer_toegang(request, deelnemer_id=verklaring.deelnemer_id, actie=ToegangsLog.Actie.GEWIJZIGD)
    form = RedenForm(request.POST, label=_("Wat moet er anders?"))
    if not form.is_valid():
        messages.error(request, _("Geef een reden op, zodat de coördinator weet wat er moet gebeuren."))
        return _detail(request, verklaring, status=400, terugstuur_form=form)
    try:
        verklaring.stuur_terug(door=request.user, reden=form.cleaned_data["reden"])
    except OvergangNietToegestaan as exc:
        messages.error(request, str(exc))
        return redirect(verklaring)
    messages.success(request, _("Het voorstel is teruggestuurd naar de coördinator."))
    return redirect("beoordelen")


@require_POST
@coordinator_vereist
def verklaring_intrekken(request: HttpRequest, pk: int) -> HttpResponse:
    verklaring = get_verklaring_voor(request.user, pk)
    log_deelnemer_toegang(request, deelnemer_id=verklaring.deelnemer_id, actie=ToegangsLog.Actie.GEWIJZIGD)
    form = RedenForm(request.POST, label=_("Reden van intrekking"))
    if not form.is_valid():
        messages.error(request, _("Geef een reden op voor de intrekking."))
        return _detail(request, verklaring, status=400, intrek_form=form)
    try:
        verklaring.trek_in(door=request.user, reden=form.cleaned_data["reden"])
    except OvergangNietToegestaan as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Verklaring %(nummer)s is ingetrokken. De controlepagina meldt dit vanaf nu.")
            % {"nummer": verklaring.nummer},
        )
    return redirect(verklaring)


@require_GET
@rol_vereist(*User.Rol.values)
def verklaring_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The stored file, exactly as issued (never rendered again).

    The deelnemer's most frequent request, so it does only what it must: one narrow query
    (the columns used here, without the joins of the detail page), the access-log row, and
    the file streamed from storage (FileResponse sets its length; the server may use sendfile).
    """
    verklaring = get_object_or_404(
        Verklaring.objects.voor(request.user).only("status", "pdf", "nummer", "deelnemer"), pk=pk
    )
    if not verklaring.is_uitgegeven or not verklaring.pdf:
        raise Http404
    log_deelnemer_toegang(request, deelnemer_id=verklaring.deelnemer_id, actie=ToegangsLog.Actie.GEDOWNLOAD)
    response = FileResponse(
        verklaring.pdf.open("rb"), as_attachment=True, filename=verklaring.bestandsnaam, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# -- the beoordelaar's queue -----------------------------------------------------------------


@require_GET
@rol_vereist(User.Rol.BEOORDELAAR)
def beoordelen(request: HttpRequest) -> HttpResponse:
    verklaringen = Verklaring.objects.voor(request.user).select_related(
        "traject__deelnemer", "traject__bedrijf", "kwalificatie"
    )
    te_beoordelen = (
        # Approved but not yet issued ones too: their PDF failed and can be tried again.
        verklaringen.filter(status__in=[Verklaring.Status.VOORGESTELD, Verklaring.Status.GOEDGEKEURD])
        .annotate(aantal_werkprocessen=Count("werkprocessen"))
        .order_by("voorgesteld_op", "pk")
    )
    # The last ten issued: what the list shows is copied onto each verklaring, so no joins.
    uitgegeven = (
        Verklaring.objects.voor(request.user)
        .filter(status__in=Verklaring.UITGEGEVEN_STATUSSEN)
        .only("nummer", "deelnemer_naam", "status")
        .order_by("-uitgegeven_op", "-pk")
    )
    # The school's fifty most recently active trajecten: picked first, then read with deelnemer
    # and bedrijf, instead of joining those to each of the school's (1 667 at national scale).
    recent = Traject.objects.voor(request.user).order_by("-laatste_activiteit").values("pk")[:50]
    trajecten = (
        Traject.objects.filter(pk__in=recent).select_related("deelnemer", "bedrijf").order_by("-laatste_activiteit")
    )
    return render(
        request,
        "trajecten/beoordelen.html",
        {"te_beoordelen": te_beoordelen, "uitgegeven": uitgegeven[:10], "trajecten": trajecten},
    )


# -- public verification ---------------------------------------------------------------------


def _wil_json(request: HttpRequest) -> bool:
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _te_veel(request: HttpRequest) -> HttpResponse:
    if _wil_json(request):
        return JsonResponse({"status": "te_veel_verzoeken"}, status=429, headers={"Retry-After": "60"})
    response = render(request, "trajecten/verificatie_te_veel.html", status=429)
    response["Retry-After"] = "60"
    return response


def _als_json(verklaring: Verklaring | None, pdf_klopt: bool | None) -> dict:
    """Only what the PDF itself prints (name, number, date, school, kwalificatie, werkprocessen)."""
    if verklaring is None:
        return {"status": "onbekend"}
    return {
        "status": "geldig" if verklaring.is_geldig else "ingetrokken",
        "nummer": verklaring.nummer,
        "naam": verklaring.deelnemer_naam,
        "datum_uitgifte": verklaring.datum_uitgifte.isoformat(),
        # The day in the Netherlands, as the page says it (not the UTC day, just after midnight).
        "ingetrokken_op": (
            timezone.localdate(verklaring.ingetrokken_op).isoformat() if verklaring.ingetrokken_op else None
        ),
        "school": {"naam": verklaring.school_naam, "brin": verklaring.school_brin},
        "kwalificatie": {
            "naam": verklaring.kwalificatie_naam,
            "crebo": verklaring.kwalificatie_crebo,
            "niveau": verklaring.kwalificatie_niveau,
            "dossier_versie": verklaring.kwalificatie_dossier_versie,
        },
        "werkprocessen": [
            {"kerntaak": r.kerntaak_code, "code": r.werkproces_code, "titel": r.werkproces_titel}
            for r in verklaring.regels.all()
        ],
        **({"pdf_klopt": pdf_klopt} if pdf_klopt is not None else {}),
    }


@require_GET
def verificatie_zoek(request: HttpRequest) -> HttpResponse:
    """Type the printed code when the QR code cannot be scanned."""
    form = VerificatieZoekForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = normaliseer_code(form.cleaned_data["code"])
        if code.isalnum():
            return redirect("trajecten:verificatie", code=code)
        form.add_error("code", _("Deze code klopt niet. Neem hem precies over van de verklaring."))
    return render(request, "trajecten/verificatie_zoek.html", {"form": form})


@require_http_methods(["GET", "POST"])
def verificatie(request: HttpRequest, code: str) -> HttpResponse:
    """Public: is this verklaring genuine? Answers geldig / ingetrokken / onbekend, in HTML or
    (``Accept: application/json``) JSON, and checks an uploaded PDF against the registered one."""
    if is_rate_limited(request, "verificatie", limit=VERIFICATIE_PER_MINUUT, per_seconds=60):
        return _te_veel(request)
    verklaring = (
        Verklaring.objects.filter(
            verificatiecode=normaliseer_code(code)[:40], status__in=Verklaring.UITGEGEVEN_STATUSSEN
        )
        .prefetch_related("regels")
        .first()
    )
    form = PdfControleForm()
    pdf_klopt = None
    status = 200 if verklaring else 404
    if request.method == "POST" and verklaring is not None:
        if is_rate_limited(request, "verificatie-pdf", limit=CONTROLES_PER_MINUUT, per_seconds=60):
            return _te_veel(request)
        # Refuse a huge upload before Django reads it into a temporary file.
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_PDF_GROOTTE + 64 * 1024:
            form = PdfControleForm()
            form.add_error(None, _("Dit bestand is te groot. Een verklaring is kleiner dan 5 MB."))
            status = 413
        else:
            form = PdfControleForm(request.POST, request.FILES)
            if form.is_valid():
                pdf_klopt = verklaring.is_deze_pdf(form.cleaned_data["bestand"])
                form = PdfControleForm()
            else:
                status = 400
    if verklaring is not None:
        log_deelnemer_toegang(request, deelnemer_id=verklaring.deelnemer_id, resultaat=status)
    if _wil_json(request):
        data = _als_json(verklaring, pdf_klopt)
        if status == 400 or status == 413:
            data["fouten"] = [str(e) for errors in form.errors.values() for e in errors]
        response = JsonResponse(data, status=status)
    else:
        response = render(
            request,
            "trajecten/verificatie.html",
            {
                "verklaring": verklaring,
                "form": form,
                "pdf_klopt": pdf_klopt,
                "kerntaken": verklaring.werkprocessen_per_kerntaak() if verklaring else [],
                "zoek_url": reverse("trajecten:verificatie_zoek"),
            },
            status=status,
        )
    # The address holds the code: keep it out of search engines and shared caches.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    response["Vary"] = "Accept"
    return response
