"""People and organisations: deelnemers, bedrijven, scholen, begeleiders, beoordelaars."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijkwijs.access import coordinator_vereist
from praktijkwijs.errors import OvergangNietToegestaan
from praktijkwijs.lijsten import volgorde_buiten_index, weinig_gevonden
from praktijkwijs.models import ToegangsLog, User
from praktijkwijs.toegangslog import log_deelnemer_toegang
from praktijkwijs.uitnodigingen import uitnodiging_na_commit
from trajecten.forms.organisaties import (
    BedrijfForm,
    BeoordelaarForm,
    DeelnemerForm,
    DeelnemerLoginForm,
    NieuweDeelnemerForm,
    PraktijkbegeleiderForm,
    SchoolForm,
    ZoekForm,
)
from trajecten.models import Bedrijf, Beoordelaar, Deelnemer, Praktijkbegeleider, School
from trajecten.services import (
    beoordelaar_maak,
    beoordelaar_wijzig,
    deelnemer_login_maak,
    praktijkbegeleider_maak,
    praktijkbegeleider_wijzig,
)

PER_PAGINA = 25
ONGELDIG = _("Niet alles is goed ingevuld. Kijk de gemarkeerde velden na.")


def get_deelnemer_voor(user, pk: int) -> Deelnemer:
    return get_object_or_404(Deelnemer.objects.voor(user), pk=pk)


def _zoekterm(request: HttpRequest) -> tuple[ZoekForm, str]:
    form = ZoekForm(request.GET)
    return form, (form.cleaned_data["zoek"] if form.is_valid() else "")


def _lijst(
    request: HttpRequest, template: str, objecten, zoekform: ZoekForm, *, aantal: int | None = None, **extra
) -> HttpResponse:
    paginator = Paginator(objecten, PER_PAGINA)
    if aantal is not None:  # already counted: no COUNT of the paginator's own
        paginator.count = aantal
    pagina = paginator.get_page(request.GET.get("pagina"))
    if request.htmx and not request.htmx.boosted:
        template += "#resultaten"
    return render(request, template, {"pagina": pagina, "zoekform": zoekform, **extra})


# -- deelnemers -----------------------------------------------------------------------------------


# See deelnemer_lijst. 2 000 numbers take ~3 ms to fetch and sort; a word in more names than that
# (one or two letters) has matches everywhere in the list, and walking finds 25 quickly.
DEELNEMERS_OP_NUMMERS_TOT = 2000


@require_GET
@coordinator_vereist
def deelnemer_lijst(request: HttpRequest) -> HttpResponse:
    zoekform, zoek = _zoekterm(request)
    deelnemers = Deelnemer.objects.voor(request.user).zoek(zoek)
    aantal = None
    if zoek:
        # The list is sorted by name, so a name search's matches lie together in that order, and
        # walking it to find them reads every name before them: 80 ms for a surname 387 of 25 000
        # deelnemers share. Fetched by their numbers up to a higher count than lijsten's default.
        deelnemers, aantal = weinig_gevonden(deelnemers, tot=DEELNEMERS_OP_NUMMERS_TOT)
        if aantal is not None:
            # Even for these numbers PostgreSQL would walk the name index (13 ms); names are never
            # null, so the same order written past that index sorts just the few rows (1.5 ms).
            deelnemers = deelnemers.order_by(*volgorde_buiten_index(*Deelnemer._meta.ordering))
    return _lijst(request, "trajecten/deelnemer_lijst.html", deelnemers, zoekform, aantal=aantal)


@require_GET
@coordinator_vereist
def deelnemer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deelnemer = get_deelnemer_voor(request.user, pk)
    log_deelnemer_toegang(request, deelnemer_id=deelnemer.pk)
    context = {
        "deelnemer": deelnemer,
        "trajecten": deelnemer.trajecten.select_related("bedrijf"),
        "aanvragen": deelnemer.aanvragen.select_related("bedrijf"),
    }
    return render(request, "trajecten/deelnemer_detail.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def deelnemer_nieuw(request: HttpRequest) -> HttpResponse:
    form = NieuweDeelnemerForm(request.POST or None)
    login_form = DeelnemerLoginForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and login_form.is_valid():
            if login_form.cleaned_data["login_aanmaken"] and not form.cleaned_data.get("email"):
                form.add_error("email", _("Vul een e-mailadres in: daar gaat de uitnodiging heen."))
            else:
                try:
                    with transaction.atomic():
                        deelnemer = form.save()
                        if login_form.cleaned_data["login_aanmaken"]:
                            deelnemer_login_maak(deelnemer=deelnemer)
                except OvergangNietToegestaan as fout:
                    form.add_error("email", str(fout))
                else:
                    log_deelnemer_toegang(request, deelnemer_id=deelnemer.pk, actie=ToegangsLog.Actie.GEWIJZIGD)
                    messages.success(request, _("%(naam)s is toegevoegd.") % {"naam": deelnemer.naam})
                    if deelnemer.user_id:
                        messages.info(
                            request, _("De uitnodiging is verstuurd naar %(email)s.") % {"email": deelnemer.email}
                        )
                    return redirect(deelnemer)
        messages.error(request, ONGELDIG)
    return render(request, "trajecten/deelnemer_form.html", {"form": form, "login_form": login_form})


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def deelnemer_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    deelnemer = get_deelnemer_voor(request.user, pk)
    form = DeelnemerForm(request.POST or None, instance=deelnemer)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            log_deelnemer_toegang(request, deelnemer_id=deelnemer.pk, actie=ToegangsLog.Actie.GEWIJZIGD)
            messages.success(request, _("De gegevens van %(naam)s zijn opgeslagen.") % {"naam": deelnemer.naam})
            return redirect(deelnemer)
        messages.error(request, ONGELDIG)
    else:
        log_deelnemer_toegang(request, deelnemer_id=deelnemer.pk)
    return render(request, "trajecten/deelnemer_form.html", {"form": form, "deelnemer": deelnemer})


@require_POST
@coordinator_vereist
def deelnemer_login(request: HttpRequest, pk: int) -> HttpResponse:
    deelnemer = get_deelnemer_voor(request.user, pk)
    try:
        deelnemer_login_maak(deelnemer=deelnemer)
    except (OvergangNietToegestaan, ValidationError) as fout:
        messages.error(request, " ".join(getattr(fout, "messages", [str(fout)])))
    else:
        log_deelnemer_toegang(request, deelnemer_id=deelnemer.pk, actie=ToegangsLog.Actie.GEWIJZIGD)
        messages.success(request, _("De uitnodiging is verstuurd naar %(email)s.") % {"email": deelnemer.email})
    return redirect(deelnemer)


@require_POST
@coordinator_vereist
def uitnodiging_opnieuw(request: HttpRequest, pk: int) -> HttpResponse:
    """A fresh set-password link for someone whose invitation expired (or who forgot the password)."""
    user = get_object_or_404(
        User.objects.filter(rol__in=[User.Rol.BEGELEIDER, User.Rol.BEOORDELAAR, User.Rol.DEELNEMER], is_active=True),
        pk=pk,
    )
    terug = request.POST.get("terug", "")
    if not user.email:
        messages.error(request, _("Er is geen e-mailadres bekend; vul dat eerst in."))
    else:
        uitnodiging_na_commit(user)
        messages.success(request, _("Een nieuwe uitnodiging is verstuurd naar %(email)s.") % {"email": user.email})
    if terug.startswith("/") and not terug.startswith("//"):
        return redirect(terug)
    return redirect("trajecten:deelnemers")


# -- bedrijven and their praktijkbegeleiders -----------------------------------------------------


@require_GET
@coordinator_vereist
def bedrijf_lijst(request: HttpRequest) -> HttpResponse:
    zoekform, zoek = _zoekterm(request)
    bedrijven = Bedrijf.objects.all()
    for woord in zoek.split():
        bedrijven = bedrijven.filter(
            Q(naam__icontains=woord) | Q(plaats__icontains=woord) | Q(sbb_erkenningsnummer__icontains=woord)
        )
    return _lijst(request, "trajecten/bedrijf_lijst.html", bedrijven, zoekform)


@require_GET
@coordinator_vereist
def bedrijf_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bedrijf = get_object_or_404(Bedrijf, pk=pk)
    context = {
        "bedrijf": bedrijf,
        "begeleiders": bedrijf.praktijkbegeleiders.select_related("user"),
        "vakvaardigheden": bedrijf.vakvaardigheden.all(),
    }
    return render(request, "trajecten/bedrijf_detail.html", context)


def _waarschuw_sbb(request: HttpRequest, bedrijf: Bedrijf) -> None:
    if not bedrijf.is_erkend:
        messages.warning(
            request,
            _("%(naam)s heeft nog geen SBB-erkenningsnummer. Een praktijkverklaring vraagt om een erkend leerbedrijf.")
            % {"naam": bedrijf.naam},
        )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def bedrijf_nieuw(request: HttpRequest) -> HttpResponse:
    form = BedrijfForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            bedrijf = form.save()
            messages.success(request, _("%(naam)s is toegevoegd.") % {"naam": bedrijf.naam})
            _waarschuw_sbb(request, bedrijf)
            return redirect(bedrijf)
        messages.error(request, ONGELDIG)
    return render(request, "trajecten/bedrijf_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def bedrijf_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    bedrijf = get_object_or_404(Bedrijf, pk=pk)
    form = BedrijfForm(request.POST or None, instance=bedrijf)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("De gegevens van %(naam)s zijn opgeslagen.") % {"naam": bedrijf.naam})
            _waarschuw_sbb(request, bedrijf)
            return redirect(bedrijf)
        messages.error(request, ONGELDIG)
    return render(request, "trajecten/bedrijf_form.html", {"form": form, "bedrijf": bedrijf})


@require_GET
@coordinator_vereist
def praktijkbegeleider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    begeleider = get_object_or_404(Praktijkbegeleider.objects.select_related("user", "bedrijf"), pk=pk)
    trajecten = begeleider.trajecten.lopend().select_related("deelnemer")
    return render(
        request, "trajecten/praktijkbegeleider_detail.html", {"begeleider": begeleider, "trajecten": trajecten}
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def praktijkbegeleider_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    """A new praktijkbegeleider at bedrijf ``pk``; they get an invitation to set a password."""
    bedrijf = get_object_or_404(Bedrijf, pk=pk)
    form = PraktijkbegeleiderForm(request.POST or None, initial={"bedrijf": bedrijf.pk})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            begeleider = praktijkbegeleider_maak(
                bedrijf=data["bedrijf"],
                email=data["email"],
                voornaam=data["voornaam"],
                achternaam=data["achternaam"],
                functie=data["functie"],
                telefoon=data["telefoon"],
            )
            messages.success(
                request,
                _("%(naam)s is toegevoegd; de uitnodiging is verstuurd naar %(email)s.")
                % {"naam": begeleider.naam, "email": data["email"]},
            )
            return redirect(begeleider.bedrijf)
        messages.error(request, ONGELDIG)
    context = {"form": form, "titel": _("Nieuwe praktijkbegeleider bij %(bedrijf)s") % {"bedrijf": bedrijf}}
    return render(request, "trajecten/praktijkbegeleider_form.html", {**context, "terug": bedrijf})


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def praktijkbegeleider_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    begeleider = get_object_or_404(Praktijkbegeleider.objects.select_related("user", "bedrijf"), pk=pk)
    form = PraktijkbegeleiderForm(request.POST or None, begeleider=begeleider)
    if request.method == "POST":
        if form.is_valid():
            praktijkbegeleider_wijzig(begeleider=begeleider, **form.cleaned_data)
            messages.success(request, _("De gegevens van %(naam)s zijn opgeslagen.") % {"naam": begeleider.naam})
            return redirect(begeleider)
        messages.error(request, ONGELDIG)
    context = {"form": form, "titel": _("%(naam)s wijzigen") % {"naam": begeleider.naam}, "terug": begeleider}
    return render(request, "trajecten/praktijkbegeleider_form.html", context)


# -- scholen and their beoordelaars ---------------------------------------------------------------


@require_GET
@coordinator_vereist
def school_lijst(request: HttpRequest) -> HttpResponse:
    zoekform, zoek = _zoekterm(request)
    scholen = School.objects.all()
    for woord in zoek.split():
        scholen = scholen.filter(Q(naam__icontains=woord) | Q(brin__icontains=woord) | Q(plaats__icontains=woord))
    return _lijst(request, "trajecten/school_lijst.html", scholen, zoekform)


@require_GET
@coordinator_vereist
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School, pk=pk)
    beoordelaars = school.beoordelaars.select_related("user")
    return render(request, "trajecten/school_detail.html", {"school": school, "beoordelaars": beoordelaars})


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def school_nieuw(request: HttpRequest) -> HttpResponse:
    form = SchoolForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            school = form.save()
            messages.success(request, _("%(naam)s is toegevoegd.") % {"naam": school.naam})
            return redirect(school)
        messages.error(request, ONGELDIG)
    return render(request, "trajecten/school_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def school_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School, pk=pk)
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("De gegevens van %(naam)s zijn opgeslagen.") % {"naam": school.naam})
            return redirect(school)
        messages.error(request, ONGELDIG)
    return render(request, "trajecten/school_form.html", {"form": form, "school": school})


@require_GET
@coordinator_vereist
def beoordelaar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    beoordelaar = get_object_or_404(Beoordelaar.objects.select_related("user", "school"), pk=pk)
    return render(request, "trajecten/beoordelaar_detail.html", {"beoordelaar": beoordelaar})


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def beoordelaar_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    """A new beoordelaar at school ``pk``; they get an invitation to set a password."""
    school = get_object_or_404(School, pk=pk)
    form = BeoordelaarForm(request.POST or None, initial={"school": school.pk})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            beoordelaar = beoordelaar_maak(
                school=data["school"], email=data["email"], voornaam=data["voornaam"], achternaam=data["achternaam"]
            )
            messages.success(
                request,
                _("%(naam)s is toegevoegd; de uitnodiging is verstuurd naar %(email)s.")
                % {"naam": beoordelaar.naam, "email": data["email"]},
            )
            return redirect(beoordelaar.school)
        messages.error(request, ONGELDIG)
    context = {"form": form, "titel": _("Nieuwe beoordelaar bij %(school)s") % {"school": school}, "terug": school}
    return render(request, "trajecten/beoordelaar_form.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def beoordelaar_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    beoordelaar = get_object_or_404(Beoordelaar.objects.select_related("user", "school"), pk=pk)
    form = BeoordelaarForm(request.POST or None, beoordelaar=beoordelaar)
    if request.method == "POST":
        if form.is_valid():
            beoordelaar_wijzig(beoordelaar=beoordelaar, **form.cleaned_data)
            messages.success(request, _("De gegevens van %(naam)s zijn opgeslagen.") % {"naam": beoordelaar.naam})
            return redirect(beoordelaar)
        messages.error(request, ONGELDIG)
    context = {"form": form, "titel": _("%(naam)s wijzigen") % {"naam": beoordelaar.naam}, "terug": beoordelaar}
    return render(request, "trajecten/beoordelaar_form.html", context)
