"""The public pages: the landing page and the aanmelden form. No login."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from praktijkwijs.ratelimit import is_rate_limited
from trajecten import rapportage
from trajecten.aanmelding import aanvraag_via_website
from trajecten.forms.publiek import AanmeldenForm
from trajecten.models import Succesverhaal

# Per address: enough for an office that registers a few people in a row, too few for a robot.
AANMELDINGEN_PER_UUR = 10
VERHALEN_OP_LANDING = 6


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "praktijkwijs/landing.html",
        {
            "cijfers": rapportage.kerncijfers(),
            "vakvaardigheden": rapportage.vakvaardigheden_in_aanbod(),
            "leerbedrijven": rapportage.leerbedrijven_op_website(),
            "verhalen": Succesverhaal.objects.gepubliceerd()
            .select_related("bedrijf")
            .order_by("-gepubliceerd_op", "-pk")[:VERHALEN_OP_LANDING],
        },
    )


@require_http_methods(["GET", "POST"])
def aanmelden(request: HttpRequest) -> HttpResponse:
    form = AanmeldenForm(request.POST or None)
    if request.method == "POST":
        if is_rate_limited(request, "aanmelden", limit=AANMELDINGEN_PER_UUR, per_seconds=3600):
            messages.error(
                request, _("Er zijn te veel aanmeldingen verstuurd vanaf dit adres. Probeer het over een uur opnieuw.")
            )
            return render(request, "trajecten/publiek_aanmelden.html", {"form": form}, status=429)
        if form.is_spam:
            # Tell a robot nothing: it sees the normal confirmation, but nothing is stored.
            return redirect("aanmelden_bedankt")
        if form.is_valid():
            aanvraag_via_website(gegevens=form.cleaned_data)
            return redirect("aanmelden_bedankt")
        messages.error(request, _("De aanmelding is nog niet verstuurd. Kijk naar de rode meldingen hieronder."))
    return render(request, "trajecten/publiek_aanmelden.html", {"form": form})


@require_GET
def aanmelden_bedankt(request: HttpRequest) -> HttpResponse:
    return render(request, "trajecten/publiek_bedankt.html")
