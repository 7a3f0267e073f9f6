"""Login bookkeeping: the security log of logins, session timestamps, and the 2FA state.

The security log (logger ``praktijkwijs.beveiliging``) holds user ids and IP addresses, never
passwords or names. A failed login for an unknown username logs a short hash of what was
typed, because people sometimes type their password into the username field.
"""

import hashlib
import logging
import time

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.checks import Tags, Warning, register
from django.dispatch import receiver
from django.http import HttpRequest

from praktijkwijs.ratelimit import client_ip

logger = logging.getLogger("praktijkwijs.beveiliging")

# Session keys (one place, so middleware, views and tests agree).
LOGIN_OP = "pw_login_op"
ACTIEF_OP = "pw_actief_op"
TWEESTAPS = "pw_tweestaps"
TWEESTAPS_OPEN = "open"  # password accepted, code still needed
TWEESTAPS_OK = "ok"  # code accepted (or none needed)


def is_staf(user) -> bool:
    """Staff whose sessions end after 30 idle minutes and who may need 2FA."""
    return user.is_superuser or user.rol in ("coordinator", "beoordelaar")


def tweestaps_nodig(user) -> bool:
    """A code is asked from staff when the setting says so, and from everyone who set it up."""
    from praktijkwijs.models import TweeStapsApparaat

    if settings.TWO_FACTOR_REQUIRED and is_staf(user):
        return True
    return TweeStapsApparaat.objects.filter(user=user).exists()


def start_sessie(request: HttpRequest, user) -> None:
    """Timestamps for the session limits and the 2FA state of a fresh login."""
    nu = int(time.time())
    request.session[LOGIN_OP] = nu
    request.session[ACTIEF_OP] = nu
    request.session[TWEESTAPS] = TWEESTAPS_OPEN if tweestaps_nodig(user) else TWEESTAPS_OK


class InlogBackend(AxesStandaloneBackend, ModelBackend):
    """Django's ModelBackend behind django-axes' lockout check, as one backend.

    One backend (rather than axes' backend followed by ModelBackend) keeps ``login(request, user)``
    working without naming a backend, as Django's set-password view does after an invitation.
    Inactive users are refused at login and on their next request (ModelBackend.get_user).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        # Raises PermissionDenied (a failed login to Django) while the username is locked out.
        AxesStandaloneBackend.authenticate(self, request, username=username, password=password, **kwargs)
        return ModelBackend.authenticate(self, request, username=username, password=password, **kwargs)


def _ip(request: HttpRequest | None) -> str:
    return client_ip(request) if request is not None else "-"


@receiver(user_logged_in, dispatch_uid="praktijkwijs_login_geslaagd")
def login_geslaagd(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        start_sessie(request, user)
    logger.info("login geslaagd user_id=%s ip=%s", user.pk, _ip(request))


@receiver(user_login_failed, dispatch_uid="praktijkwijs_login_mislukt")
def login_mislukt(sender, credentials, request=None, **kwargs) -> None:
    username = str((credentials or {}).get("username", ""))
    user_id = get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
    if user_id is not None:
        wie = f"user_id={user_id}"
    else:
        wie = "onbekende_naam=" + hashlib.sha256(username.encode("utf-8", "replace")).hexdigest()[:12]
    logger.warning("login mislukt %s ip=%s", wie, _ip(request))


@receiver(user_logged_out, dispatch_uid="praktijkwijs_uitgelogd")
def uitgelogd(sender, request, user, **kwargs) -> None:
    logger.info("uitgelogd user_id=%s ip=%s", getattr(user, "pk", None), _ip(request))


@register(Tags.security, deploy=True)
def check_geen_demo_in_productie(app_configs, **kwargs) -> list:
    """The demo logins have a published password: never with DEBUG off."""
    if not settings.DEBUG and settings.DEMO_MODE:
        return [
            Warning(
                "DEMO_MODE is on while DEBUG is off: the demo logins and their password are shown.",
                hint="Set DEMO_MODE=0 in production.",
                id="praktijkwijs.W001",
            )
        ]
    if not settings.DEBUG and not settings.TWO_FACTOR_REQUIRED:
        return [
            Warning(
                "TWO_FACTOR_REQUIRED is off in production.",
                hint="Set TWO_FACTOR_REQUIRED=1 so coördinatoren and beoordelaars need a code.",
                id="praktijkwijs.W002",
            )
        ]
    return []
