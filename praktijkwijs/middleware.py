"""Generic protections for every page: database outage, security headers, session limits, 2FA.

They work on every view without the view knowing, so pages added later are covered too.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError, DataError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template import loader
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from praktijkwijs import beveiliging

logger = logging.getLogger("praktijkwijs.beveiliging")

DATABASE_FOUTEN = (OperationalError, InterfaceError)
# Input that passed a form but that the database cannot hold (a number beyond 64 bits, a text
# longer than its column on PostgreSQL): the visitor's input is wrong, so 400, not 500.
ONGELDIGE_INVOER = (DataError, OverflowError)
# Seconds a client (or a proxy's health check) should wait before trying again.
RETRY_AFTER = 60


def database_onbereikbaar_response() -> HttpResponse:
    """The 503 page. Rendered without a request, so no context processor touches the database."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseOnbereikbaarMiddleware:
    """A database that is down or restarting answers 503 with Retry-After, not a traceback.

    Catches the error from views here (``process_exception``); errors raised in other
    middleware (loading a session) reach ``praktijkwijs.views.server_error``, which answers
    the same way.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except DATABASE_FOUTEN as exc:  # raised after the response was built (streaming, etc.)
            return self._antwoord(request, exc)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_FOUTEN):
            return self._antwoord(request, exception)
        if isinstance(exception, ONGELDIGE_INVOER):
            # Still a defect of the form that let it through: logged so it gets fixed.
            logger.warning(
                "ongeldige invoer bereikte de database path=%s fout=%s", request.path, type(exception).__name__
            )
            return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))
        return None

    @staticmethod
    def _antwoord(request: HttpRequest, exception: Exception) -> HttpResponse:
        # The class name only: driver messages can hold host names or query fragments.
        logger.error("database onbereikbaar path=%s fout=%s", request.path, type(exception).__name__)
        return database_onbereikbaar_response()


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; no caching of anything an authenticated user sees.

    Django's SecurityMiddleware and CSP middleware set the other headers (HSTS, nosniff,
    Referrer-Policy, COOP, Content-Security-Policy).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if self._is_ingelogd(request):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _is_ingelogd(request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None:
            return False
        try:
            return bool(user.is_authenticated)
        except DatabaseError:
            return True  # cannot tell: assume the worst and forbid caching


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _naar(request: HttpRequest, url: str) -> HttpResponse:
    """Redirect; htmx requests get HX-Redirect so the whole page changes, not a fragment."""
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SessieDuurMiddleware:
    """Every session ends 12 hours after login (SESSION_COOKIE_AGE); staff sessions also
    after 30 idle minutes (SESSIE_MAX_INACTIEF).

    The last-activity stamp is written at most once a minute, so pages do not each cost a
    session write.
    """

    SCHRIJF_INTERVAL = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            verlopen = self._verlopen(request, user)
            if verlopen:
                logger.info("sessie verlopen user_id=%s reden=%s", user.pk, verlopen)
                logout(request)
                messages.info(request, _("Je bent uitgelogd omdat je sessie verlopen is. Log opnieuw in."))
                return _naar(request, redirect_to_login(request.get_full_path())["Location"])
        return self.get_response(request)

    def _verlopen(self, request: HttpRequest, user) -> str:
        sessie = request.session
        nu = int(time.time())
        if beveiliging.LOGIN_OP not in sessie:  # a session from before this middleware
            sessie[beveiliging.LOGIN_OP] = nu
            sessie[beveiliging.ACTIEF_OP] = nu
        if nu - sessie[beveiliging.LOGIN_OP] > settings.SESSION_COOKIE_AGE:
            return "maximale duur"
        laatst = sessie.get(beveiliging.ACTIEF_OP, nu)
        if beveiliging.is_staf(user) and nu - laatst > settings.SESSIE_MAX_INACTIEF:
            return "inactief"
        if nu - laatst >= self.SCHRIJF_INTERVAL:
            sessie[beveiliging.ACTIEF_OP] = nu
        return ""


class TweeStapsMiddleware:
    """After the password, a user who needs 2FA reaches only the code page (or the enrolment
    page when no app is set up yet) and logout, until the code is accepted."""

    VRIJ = {"tweestaps", "tweestaps_instellen", "logout"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            status = request.session.get(beveiliging.TWEESTAPS)
            if status is None:  # a session from before this middleware
                status = beveiliging.TWEESTAPS_OPEN if beveiliging.tweestaps_nodig(user) else beveiliging.TWEESTAPS_OK
                request.session[beveiliging.TWEESTAPS] = status
            if status == beveiliging.TWEESTAPS_OPEN and not self._is_vrij(request):
                from praktijkwijs.models import TweeStapsApparaat

                doel = "tweestaps" if TweeStapsApparaat.objects.filter(user=user).exists() else "tweestaps_instellen"
                volgende = request.get_full_path() if request.method == "GET" and not _is_htmx(request) else ""
                url = reverse(doel)
                if volgende:
                    url = redirect_to_login(volgende, login_url=url)["Location"]
                return _naar(request, url)
        return self.get_response(request)

    def _is_vrij(self, request: HttpRequest) -> bool:
        try:
            return resolve(request.path_info).url_name in self.VRIJ
        except Resolver404:
            return False
