"""The catalogue pages (/catalogus/), for the coördinator only.

Everything a running traject certifies is locked here (see models.in_gebruik): such objects
show their values but refuse changes, and the page says that a new version is the way.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijkwijs.access import coordinator_vereist
from werkopdrachten import uitwisseling
from werkopdrachten.forms import (
    ImportForm,
    KerntaakForm,
    KwalificatieForm,
    NieuweVersieForm,
    VakvaardigheidForm,
    VakvaardigheidVersieForm,
    WerkopdrachtForm,
    WerkprocesForm,
)
from werkopdrachten.models import Kerntaak, Kwalificatie, Vakvaardigheid, Werkopdracht, Werkproces, in_gebruik

WERKPROCESSEN = "werkprocessen"
WERKOPDRACHTEN = "werkopdrachten"


def _formulier(request: HttpRequest, form, *, titel: str, terug: str, knop: str, waarschuwing: str = "", **extra):
    context = {"form": form, "titel": titel, "terug": terug, "knop": knop, "waarschuwing": waarschuwing, **extra}
    return render(request, "werkopdrachten/formulier.html", context)


def _toon_fout(form, fout: ValidationError) -> None:
    """A model refusal shown on the form, so the coördinator keeps what they typed."""
    if hasattr(fout, "error_dict"):
        for veld, fouten in fout.error_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, fout)


# --- overview -------------------------------------------------------------------------------


@require_GET
@coordinator_vereist
def catalogus(request: HttpRequest) -> HttpResponse:
    # Query 1: kwalificaties with their number of werkprocessen.
    kwalificaties = Kwalificatie.objects.annotate(aantal_werkprocessen=Count("werkprocessen")).order_by(
        "naam", "-geldig_vanaf"
    )
    # Query 2: vakvaardigheden with their kwalificatie and number of werkopdrachten.
    vakvaardigheden = (
        Vakvaardigheid.objects.select_related("kwalificatie")
        .annotate(aantal_werkopdrachten=Count("werkopdrachten"))
        .order_by("-actief", "naam")
    )
    return render(
        request, "werkopdrachten/catalogus.html", {"kwalificaties": kwalificaties, "vakvaardigheden": vakvaardigheden}
    )


# --- kwalificaties, kerntaken, werkprocessen ------------------------------------------------


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def kwalificatie_nieuw(request: HttpRequest) -> HttpResponse:
    form = KwalificatieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kwalificatie = form.save()
        messages.success(request, _("Kwalificatie %(naam)s is aangemaakt.") % {"naam": kwalificatie.naam})
        return redirect(kwalificatie)
    return _formulier(
        request, form, titel=_("Nieuwe kwalificatie"), terug=_catalogus_url(), knop=_("Kwalificatie opslaan")
    )


@require_GET
@coordinator_vereist
def kwalificatie_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kwalificatie = get_object_or_404(Kwalificatie, pk=pk)
    kerntaken = kwalificatie.kerntaken.prefetch_related("werkprocessen")
    vergrendeld = kwalificatie.vergrendelde_werkprocessen()
    context = {
        "kwalificatie": kwalificatie,
        "kerntaken": kerntaken,
        "vergrendeld": vergrendeld,
        "vergrendelde_kerntaken": {kt_code for kt_code, _kt, _wp in vergrendeld.values()},
        "versies": Kwalificatie.objects.filter(crebo=kwalificatie.crebo).exclude(pk=kwalificatie.pk),
        "vakvaardigheden": kwalificatie.vakvaardigheden.all(),
    }
    return render(request, "werkopdrachten/kwalificatie_detail.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def kwalificatie_bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    kwalificatie = get_object_or_404(Kwalificatie, pk=pk)
    in_gebruik = kwalificatie.is_in_gebruik()
    form = KwalificatieForm(request.POST or None, instance=kwalificatie)
    if in_gebruik:
        form.vergrendel()
    if request.method == "POST" and form.is_valid():
        try:
            kwalificatie.wijzig(**form.cleaned_data)
        except ValidationError as fout:
            _toon_fout(form, fout)
        else:
            messages.success(request, _("De kwalificatie is opgeslagen."))
            return redirect(kwalificatie)
    return _formulier(
        request,
        form,
        titel=_("Kwalificatie bewerken"),
        terug=kwalificatie.get_absolute_url(),
        knop=_("Opslaan"),
        waarschuwing=_VERGRENDELD_KWALIFICATIE if in_gebruik else "",
        vergrendeld=in_gebruik,
    )


_VERGRENDELD_KWALIFICATIE = gettext_lazy(
    "Deze kwalificatie wordt gebruikt in een lopend of afgerond traject. Wat een traject certificeert "
    "mag niet stilletjes veranderen: maak een nieuwe versie en pas die aan."
)


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def kwalificatie_nieuwe_versie(request: HttpRequest, pk: int) -> HttpResponse:
    kwalificatie = get_object_or_404(Kwalificatie, pk=pk)
    form = NieuweVersieForm(request.POST or None, kwalificatie=kwalificatie)
    if request.method == "POST" and form.is_valid():
        try:
            nieuw = kwalificatie.nieuwe_versie(**form.cleaned_data)
        except ValidationError as fout:
            _toon_fout(form, fout)
        else:
            messages.success(
                request,
                _(
                    "Versie %(versie)s is aangemaakt met dezelfde kerntaken en werkprocessen. "
                    "Lopende trajecten houden versie %(oud)s."
                )
                % {"versie": nieuw.dossier_versie, "oud": kwalificatie.dossier_versie},
            )
            return redirect(nieuw)
    return _formulier(
        request,
        form,
        titel=_("Nieuwe versie van %(naam)s") % {"naam": kwalificatie.naam},
        terug=kwalificatie.get_absolute_url(),
        knop=_("Nieuwe versie maken"),
        uitleg=_(
            "De kerntaken en werkprocessen worden gekopieerd naar de nieuwe versie. De huidige versie blijft "
            "ongewijzigd, zodat lopende trajecten hetzelfde certificeren."
        ),
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def kerntaak_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    kwalificatie = get_object_or_404(Kwalificatie, pk=pk)
    form = KerntaakForm(request.POST or None, kwalificatie=kwalificatie)
    if request.method == "POST" and form.is_valid():
        Kerntaak.objects.create(kwalificatie=kwalificatie, **form.cleaned_data)
        messages.success(request, _("Kerntaak %(code)s is toegevoegd.") % {"code": form.cleaned_data["code"]})
        return redirect(kwalificatie)
    return _formulier(
        request, form, titel=_("Nieuwe kerntaak"), terug=kwalificatie.get_absolute_url(), knop=_("Kerntaak opslaan")
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def kerntaak_bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    kerntaak = get_object_or_404(Kerntaak.objects.select_related("kwalificatie"), pk=pk)
    in_gebruik = kerntaak.is_in_gebruik()
    form = KerntaakForm(request.POST or None, instance=kerntaak, kwalificatie=kerntaak.kwalificatie)
    if in_gebruik:
        form.vergrendel()
    if request.method == "POST" and form.is_valid():
        try:
            kerntaak.wijzig(**form.cleaned_data)
        except ValidationError as fout:
            _toon_fout(form, fout)
        else:
            messages.success(request, _("De kerntaak is opgeslagen."))
            return redirect(kerntaak.kwalificatie)
    return _formulier(
        request,
        form,
        titel=_("Kerntaak bewerken"),
        terug=kerntaak.kwalificatie.get_absolute_url(),
        knop=_("Opslaan"),
        waarschuwing=_VERGRENDELD_KWALIFICATIE if in_gebruik else "",
        vergrendeld=in_gebruik,
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def kerntaak_verwijderen(request: HttpRequest, pk: int) -> HttpResponse:
    kerntaak = get_object_or_404(Kerntaak.objects.select_related("kwalificatie"), pk=pk)
    return _verwijderen(request, kerntaak, terug=kerntaak.kwalificatie.get_absolute_url())


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def werkproces_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    kwalificatie = get_object_or_404(Kwalificatie, pk=pk)
    form = WerkprocesForm(request.POST or None, kwalificatie=kwalificatie)
    if request.method == "POST" and form.is_valid():
        Werkproces.objects.create(**form.cleaned_data)
        messages.success(request, _("Werkproces %(code)s is toegevoegd.") % {"code": form.cleaned_data["code"]})
        return redirect(kwalificatie)
    if not kwalificatie.kerntaken.exists():
        messages.info(request, _("Voeg eerst een kerntaak toe."))
        return redirect("werkopdrachten:kerntaak_nieuw", pk=kwalificatie.pk)
    return _formulier(
        request,
        form,
        titel=_("Nieuw werkproces"),
        terug=kwalificatie.get_absolute_url(),
        knop=_("Werkproces opslaan"),
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def werkproces_bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    werkproces = get_object_or_404(Werkproces.objects.select_related("kwalificatie"), pk=pk)
    in_gebruik = werkproces.is_in_gebruik()
    form = WerkprocesForm(request.POST or None, instance=werkproces, kwalificatie=werkproces.kwalificatie)
    if in_gebruik:
        form.vergrendel()
    if request.method == "POST" and form.is_valid():
        try:
            werkproces.wijzig(**form.cleaned_data)
        except ValidationError as fout:
            _toon_fout(form, fout)
        else:
            messages.success(request, _("Het werkproces is opgeslagen."))
            return redirect(werkproces.kwalificatie)
    return _formulier(
        request,
        form,
        titel=_("Werkproces bewerken"),
        terug=werkproces.kwalificatie.get_absolute_url(),
        knop=_("Opslaan"),
        waarschuwing=_VERGRENDELD_KWALIFICATIE if in_gebruik else "",
        vergrendeld=in_gebruik,
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def werkproces_verwijderen(request: HttpRequest, pk: int) -> HttpResponse:
    werkproces = get_object_or_404(Werkproces.objects.select_related("kwalificatie"), pk=pk)
    return _verwijderen(request, werkproces, terug=werkproces.kwalificatie.get_absolute_url())


# --- vakvaardigheden and werkopdrachten -----------------------------------------------------


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def vakvaardigheid_nieuw(request: HttpRequest) -> HttpResponse:
    form = VakvaardigheidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vakvaardigheid = form.save()
        messages.success(request, _("Vakvaardigheid %(naam)s is aangemaakt.") % {"naam": vakvaardigheid.naam})
        return redirect(vakvaardigheid)
    return _formulier(
        request, form, titel=_("Nieuwe vakvaardigheid"), terug=_catalogus_url(), knop=_("Vakvaardigheid opslaan")
    )


@require_GET
@coordinator_vereist
def vakvaardigheid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vakvaardigheid = get_object_or_404(Vakvaardigheid.objects.select_related("kwalificatie"), pk=pk)
    werkopdrachten = vakvaardigheid.werkopdrachten.annotate(in_gebruik=in_gebruik(pk=OuterRef("pk"))).prefetch_related(
        "werkprocessen"
    )
    context = {
        "vakvaardigheid": vakvaardigheid,
        "werkopdrachten": werkopdrachten,
        "andere_versies": Kwalificatie.objects.filter(crebo=vakvaardigheid.kwalificatie.crebo)
        .exclude(pk=vakvaardigheid.kwalificatie_id)
        .exists(),
    }
    return render(request, "werkopdrachten/vakvaardigheid_detail.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def vakvaardigheid_bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    vakvaardigheid = get_object_or_404(Vakvaardigheid, pk=pk)
    form = VakvaardigheidForm(request.POST or None, instance=vakvaardigheid)
    if request.method == "POST" and form.is_valid():
        # Name, description and "actief" only: the kwalificatie field is disabled in the form.
        form.save()
        messages.success(request, _("De vakvaardigheid is opgeslagen."))
        return redirect(vakvaardigheid)
    return _formulier(
        request, form, titel=_("Vakvaardigheid bewerken"), terug=vakvaardigheid.get_absolute_url(), knop=_("Opslaan")
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def vakvaardigheid_nieuwe_versie(request: HttpRequest, pk: int) -> HttpResponse:
    vakvaardigheid = get_object_or_404(Vakvaardigheid.objects.select_related("kwalificatie"), pk=pk)
    form = VakvaardigheidVersieForm(request.POST or None, vakvaardigheid=vakvaardigheid)
    if request.method == "POST" and form.is_valid():
        try:
            nieuw, ontbrekend = vakvaardigheid.nieuwe_versie(**form.cleaned_data)
        except ValidationError as fout:
            _toon_fout(form, fout)
        else:
            messages.success(
                request,
                _("%(naam)s is aangemaakt; %(oud)s is niet meer actief en blijft gelden voor lopende trajecten.")
                % {"naam": nieuw.naam, "oud": vakvaardigheid.naam},
            )
            if ontbrekend:
                messages.warning(
                    request,
                    _(
                        "Deze werkprocessen bestaan niet in de nieuwe versie; "
                        "koppel de werkopdrachten opnieuw: %(codes)s"
                    )
                    % {"codes": ", ".join(ontbrekend)},
                )
            return redirect(nieuw)
    if not form.fields["kwalificatie"].queryset.exists():
        messages.info(request, _("Maak eerst een nieuwe versie van de kwalificatie."))
        return redirect(vakvaardigheid.kwalificatie)
    if not form.is_bound:
        form.initial["naam"] = vakvaardigheid.naam
    return _formulier(
        request,
        form,
        titel=_("Nieuwe versie van %(naam)s") % {"naam": vakvaardigheid.naam},
        terug=vakvaardigheid.get_absolute_url(),
        knop=_("Nieuwe versie maken"),
        uitleg=_(
            "De werkopdrachten worden gekopieerd en gekoppeld aan de werkprocessen met dezelfde code in de nieuwe "
            "versie. Deze vakvaardigheid blijft zoals hij is voor lopende trajecten, maar wordt niet meer aangeboden."
        ),
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def werkopdracht_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    vakvaardigheid = get_object_or_404(Vakvaardigheid.objects.select_related("kwalificatie"), pk=pk)
    volgende = (vakvaardigheid.werkopdrachten.order_by("-volgorde").values_list("volgorde", flat=True).first() or 0) + 1
    form = WerkopdrachtForm(request.POST or None, vakvaardigheid=vakvaardigheid, initial={"volgorde": volgende})
    if request.method == "POST" and form.is_valid():
        try:
            vakvaardigheid.nieuwe_werkopdracht(**form.cleaned_data)
        except ValidationError as fout:
            _toon_fout(form, fout)
        else:
            messages.success(request, _("De werkopdracht is toegevoegd."))
            return redirect(vakvaardigheid)
    return _formulier(
        request,
        form,
        titel=_("Nieuwe werkopdracht"),
        terug=vakvaardigheid.get_absolute_url(),
        knop=_("Werkopdracht opslaan"),
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def werkopdracht_bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    werkopdracht = get_object_or_404(Werkopdracht.objects.select_related("vakvaardigheid__kwalificatie"), pk=pk)
    in_gebruik = werkopdracht.is_in_gebruik()
    form = WerkopdrachtForm(
        request.POST or None, instance=werkopdracht, vakvaardigheid=werkopdracht.vakvaardigheid, in_gebruik=in_gebruik
    )
    if request.method == "POST" and form.is_valid():
        try:
            werkopdracht.wijzig(**form.cleaned_data)
        except ValidationError as fout:
            _toon_fout(form, fout)
        else:
            messages.success(request, _("De werkopdracht is opgeslagen."))
            return redirect(werkopdracht.vakvaardigheid)
    return _formulier(
        request,
        form,
        titel=_("Werkopdracht bewerken"),
        terug=werkopdracht.vakvaardigheid.get_absolute_url(),
        knop=_("Opslaan"),
        waarschuwing=_(
            "Deze werkopdracht wordt gebruikt in een traject. Titel, omschrijving en volgorde kunt u aanpassen; "
            "de gekoppelde werkprocessen niet."
        )
        if in_gebruik
        else "",
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def werkopdracht_verwijderen(request: HttpRequest, pk: int) -> HttpResponse:
    werkopdracht = get_object_or_404(Werkopdracht.objects.select_related("vakvaardigheid"), pk=pk)
    return _verwijderen(request, werkopdracht, terug=werkopdracht.vakvaardigheid.get_absolute_url())


def _verwijderen(request: HttpRequest, obj: Kerntaak | Werkproces | Werkopdracht, *, terug: str) -> HttpResponse:
    """GET asks for confirmation (a mistaken tap on a phone deletes nothing); POST deletes,
    unless a traject uses the object: then the model refuses and the page says why."""
    in_gebruik = obj.is_in_gebruik()
    if request.method == "POST":
        try:
            obj.verwijder()
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(request, _("„%(naam)s” is verwijderd.") % {"naam": obj})
        return redirect(terug)
    return render(
        request,
        "werkopdrachten/verwijderen.html",
        {"object": obj, "soort": obj._meta.verbose_name, "terug": terug, "in_gebruik": in_gebruik},
    )


# --- export and import ----------------------------------------------------------------------


def _bestand(inhoud: bytes, formaat: str, naam: str) -> HttpResponse:
    response = HttpResponse(inhoud, content_type=uitwisseling.CONTENT_TYPES[formaat])
    response["Content-Disposition"] = f'attachment; filename="{slugify(naam)}.{formaat}"'
    return response


def _formaat(formaat: str) -> str:
    if formaat not in (uitwisseling.CSV, uitwisseling.XLSX):
        raise Http404
    return formaat


@require_GET
@coordinator_vereist
def werkprocessen_export(request: HttpRequest, pk: int, formaat: str) -> HttpResponse:
    kwalificatie = get_object_or_404(Kwalificatie, pk=pk)
    inhoud = uitwisseling.schrijf(
        _formaat(formaat),
        uitwisseling.KOLOMMEN_WERKPROCESSEN,
        kwalificatie.werkprocessen_tabel(),
        titel=_("Werkprocessen"),
    )
    return _bestand(inhoud, formaat, f"werkprocessen-{kwalificatie.crebo}-{kwalificatie.dossier_versie}")


@require_GET
@coordinator_vereist
def werkopdrachten_export(request: HttpRequest, pk: int, formaat: str) -> HttpResponse:
    vakvaardigheid = get_object_or_404(Vakvaardigheid, pk=pk)
    inhoud = uitwisseling.schrijf(
        _formaat(formaat),
        uitwisseling.KOLOMMEN_WERKOPDRACHTEN,
        vakvaardigheid.werkopdrachten_tabel(),
        titel=_("Werkopdrachten"),
    )
    return _bestand(inhoud, formaat, f"werkopdrachten-{vakvaardigheid.naam}")


# Between preview and confirm the checked rows wait in the session, on the server. The client
# only carries a random token naming that preview, so it cannot change what gets saved (a
# hidden field with the rows could be edited), and nothing needs uploading twice. The session
# is stored in the database, so a few thousand short rows fit. One pending import per target:
# a new upload replaces it, and confirming consumes it. On confirm the rows are checked again
# against the catalogue as it is then.
def _sessie_sleutel(soort: str, pk: int) -> str:
    return f"catalogus-import:{soort}:{pk}"


def _import(request: HttpRequest, *, soort: str, doel, kolommen: list[str], controleer) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None, kolommen=kolommen)
    rijen = None
    token = ""
    if request.method == "POST" and form.is_valid():
        rijen = controleer(form.cleaned_data["tabel"])
        if uitwisseling.heeft_fouten(rijen):
            request.session.pop(_sessie_sleutel(soort, doel.pk), None)
        else:
            token = secrets.token_urlsafe(16)
            request.session[_sessie_sleutel(soort, doel.pk)] = {
                "token": token,
                "rijen": [rij.als_dict() for rij in rijen],
            }
    context = {
        "form": form,
        "soort": soort,
        "doel": doel,
        "kolommen": kolommen,
        "rijen": rijen,
        "aantal_fouten": sum(1 for rij in rijen if rij.fouten) if rijen else 0,
        "token": token,
        "bevestig_url": f"werkopdrachten:{soort}_import_bevestigen",
    }
    return render(request, "werkopdrachten/importeren.html", context)


def _import_bevestigen(request: HttpRequest, *, soort: str, doel, importeer) -> HttpResponse:
    bewaard = request.session.get(_sessie_sleutel(soort, doel.pk))
    token = request.POST.get("token", "")
    if not bewaard or not token or not secrets.compare_digest(bewaard["token"], token):
        messages.error(request, _("Deze voorvertoning is verlopen of al gebruikt. Upload het bestand opnieuw."))
        return redirect(f"werkopdrachten:{soort}_import", pk=doel.pk)
    try:
        aantal = importeer(bewaard["rijen"])
    except ValidationError:
        messages.error(
            request,
            _("De catalogus is intussen veranderd; er is niets opgeslagen. Upload het bestand opnieuw."),
        )
        return redirect(f"werkopdrachten:{soort}_import", pk=doel.pk)
    finally:
        request.session.pop(_sessie_sleutel(soort, doel.pk), None)
    messages.success(request, _("%(aantal)s regels zijn geïmporteerd.") % {"aantal": aantal})
    return redirect(doel)


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def werkprocessen_import(request: HttpRequest, pk: int) -> HttpResponse:
    kwalificatie = get_object_or_404(Kwalificatie, pk=pk)
    return _import(
        request,
        soort=WERKPROCESSEN,
        doel=kwalificatie,
        kolommen=uitwisseling.KOLOMMEN_WERKPROCESSEN,
        controleer=kwalificatie.controleer_werkprocessen_import,
    )


@require_POST
@coordinator_vereist
def werkprocessen_import_bevestigen(request: HttpRequest, pk: int) -> HttpResponse:
    kwalificatie = get_object_or_404(Kwalificatie, pk=pk)
    return _import_bevestigen(
        request, soort=WERKPROCESSEN, doel=kwalificatie, importeer=kwalificatie.importeer_werkprocessen
    )


@require_http_methods(["GET", "POST"])
@coordinator_vereist
def werkopdrachten_import(request: HttpRequest, pk: int) -> HttpResponse:
    vakvaardigheid = get_object_or_404(Vakvaardigheid.objects.select_related("kwalificatie"), pk=pk)
    return _import(
        request,
        soort=WERKOPDRACHTEN,
        doel=vakvaardigheid,
        kolommen=uitwisseling.KOLOMMEN_WERKOPDRACHTEN,
        controleer=vakvaardigheid.controleer_werkopdrachten_import,
    )


@require_POST
@coordinator_vereist
def werkopdrachten_import_bevestigen(request: HttpRequest, pk: int) -> HttpResponse:
    vakvaardigheid = get_object_or_404(Vakvaardigheid.objects.select_related("kwalificatie"), pk=pk)
    return _import_bevestigen(
        request, soort=WERKOPDRACHTEN, doel=vakvaardigheid, importeer=vakvaardigheid.importeer_werkopdrachten
    )


def _catalogus_url() -> str:
    return reverse("werkopdrachten:catalogus")
