import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from praktijkwijs import beveiliging, otp
from praktijkwijs.forms import TweeStapsCodeForm
from praktijkwijs.middleware import DATABASE_FOUTEN, database_onbereikbaar_response
from praktijkwijs.models import TweeStapsApparaat, User
from praktijkwijs.ratelimit import client_ip, is_rate_limited

logger = logging.getLogger("praktijkwijs.beveiliging")

HOME_PER_ROL = {
    User.Rol.COORDINATOR: "overzicht",
    User.Rol.BEGELEIDER: "begeleiding",
    User.Rol.BEOORDELAAR: "beoordelen",
    User.Rol.DEELNEMER: "mijn",
}

DEMO_LOGINS = ["coordinator", "begeleider", "begeleider2", "beoordelaar", "deelnemer"]
DEMO_WACHTWOORD = "demo-praktijkwijs"  # noqa: S105 - only used and shown in demo mode

# Wrong two-factor codes: at most this many tries per user in this many seconds.
TWEESTAPS_POGINGEN = 5
TWEESTAPS_PERIODE = 5 * 60
NIEUW_GEHEIM = "pw_tweestaps_nieuw"


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "praktijkwijs/landing.html")


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """After login: each role lands on its own home."""
    if request.user.rol in HOME_PER_ROL:
        return redirect(HOME_PER_ROL[request.user.rol])
    if request.user.is_superuser:
        return redirect("admin:index")
    return render(request, "praktijkwijs/geen_rol.html", status=403)


class LoginView(auth_views.LoginView):
    """Django's login; django-axes locks a username after repeated failures (see settings)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Many usernames tried from one address (credential stuffing): slow that address down.
        if is_rate_limited(request, "login", limit=settings.LOGIN_POGINGEN_PER_IP, per_seconds=15 * 60):
            logger.warning("login afgeremd ip=%s", client_ip(request))
            return geblokkeerd(request)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_logins"] = DEMO_LOGINS
            context["demo_wachtwoord"] = DEMO_WACHTWOORD
        return context


class WachtwoordWijzigenView(auth_views.PasswordChangeView):
    """Change your own password. Django keeps this session (update_session_auth_hash) and every
    other session of the user ends, because its stored password hash no longer matches."""

    template_name = "registration/wachtwoord_wijzigen.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        logger.info("wachtwoord gewijzigd user_id=%s", self.request.user.pk)
        messages.success(self.request, _("Je wachtwoord is gewijzigd. Op andere apparaten ben je uitgelogd."))
        return response


def geblokkeerd(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout answer: a Dutch page saying how long to wait (429)."""
    minuten = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/geblokkeerd.html", {"minuten": minuten}, status=429)


def _volgende(request: HttpRequest) -> str:
    volgende = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return volgende
    return reverse_lazy("home")


def _tweestaps_klaar(request: HttpRequest) -> HttpResponse:
    request.session[beveiliging.TWEESTAPS] = beveiliging.TWEESTAPS_OK
    # A new session id once the login is complete, like Django does after the password.
    request.session.cycle_key()
    return redirect(_volgende(request))


@login_required
@require_http_methods(["GET", "POST"])
def tweestaps(request: HttpRequest) -> HttpResponse:
    """Second step of the login: the code from the authenticator app."""
    if request.session.get(beveiliging.TWEESTAPS) != beveiliging.TWEESTAPS_OPEN:
        return redirect("home")
    if not TweeStapsApparaat.objects.filter(user=request.user).exists():
        return redirect("tweestaps_instellen")
    form = TweeStapsCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_rate_limited(
            request, f"tweestaps:{request.user.pk}", limit=TWEESTAPS_POGINGEN, per_seconds=TWEESTAPS_PERIODE
        ):
            form.add_error(None, _("Te veel pogingen. Wacht vijf minuten en probeer het dan opnieuw."))
        elif otp.controleer_code(request.user, form.cleaned_data["code"]):
            logger.info("tweestaps geslaagd user_id=%s", request.user.pk)
            return _tweestaps_klaar(request)
        else:
            logger.warning("tweestaps mislukt user_id=%s", request.user.pk)
            form.add_error("code", _("Deze code klopt niet. Kijk in je app en probeer het opnieuw."))
    return render(request, "registration/tweestaps.html", {"form": form, "next": _volgende(request)})


@login_required
@require_http_methods(["GET", "POST"])
def tweestaps_instellen(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan the QR code, type one code to prove it works."""
    heeft_apparaat = TweeStapsApparaat.objects.filter(user=request.user).exists()
    if heeft_apparaat and request.session.get(beveiliging.TWEESTAPS) == beveiliging.TWEESTAPS_OPEN:
        # Replacing the app is only for someone who has passed the second step.
        return redirect("tweestaps")
    geheim = request.session.get(NIEUW_GEHEIM)
    if not geheim:
        geheim = request.session[NIEUW_GEHEIM] = otp.nieuw_geheim()
    form = TweeStapsCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_rate_limited(
            request, f"tweestaps:{request.user.pk}", limit=TWEESTAPS_POGINGEN, per_seconds=TWEESTAPS_PERIODE
        ):
            form.add_error(None, _("Te veel pogingen. Wacht vijf minuten en probeer het dan opnieuw."))
        elif otp.bevestig_apparaat(request.user, geheim, form.cleaned_data["code"]):
            del request.session[NIEUW_GEHEIM]
            logger.info("tweestaps ingesteld user_id=%s", request.user.pk)
            messages.success(
                request, _("Tweestapsverificatie is ingesteld. Voortaan vragen we na je wachtwoord een code.")
            )
            return _tweestaps_klaar(request)
        else:
            form.add_error("code", _("Deze code klopt niet. Scan de QR-code opnieuw of typ de sleutel over."))
    uri = otp.otpauth_uri(geheim, request.user.get_username())
    context = {
        "form": form,
        "qr": otp.qr_svg(uri),
        # Grouped by four for typing it over by hand.
        "sleutel": " ".join(geheim[i : i + 4] for i in range(0, len(geheim), 4)),
        "heeft_apparaat": heeft_apparaat,
        "next": _volgende(request),
    }
    return render(request, "registration/tweestaps_instellen.html", context)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a plain Dutch page, rendered without the database or the request context.

    A database outage that surfaced outside a view (loading the session) still gets the 503.
    """
    if isinstance(sys.exc_info()[1], DATABASE_FOUTEN):
        return database_onbereikbaar_response()
    return HttpResponseServerError(loader.render_to_string("500.html"))
