"""Invitations: a new login gets an e-mail with a link to set its own password.

The link is Django's password-reset token (``default_token_generator``): it is bound to the
user's password hash and last login, so it works once, and it expires after
``PASSWORD_RESET_TIMEOUT`` (three days). A coördinator can send a fresh one at any time.
"""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from praktijkwijs.models import User


def uitnodiging_link(user: User) -> str:
    """The absolute set-password address for ``user``, valid until the token expires."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    pad = reverse("wachtwoord_instellen", kwargs={"uidb64": uidb64, "token": default_token_generator.make_token(user)})
    return f"{settings.SITE_URL}{pad}"


def geldig_dagen() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))


def uitnodiging_verstuur(user: User) -> None:
    """Send the invitation now. Prefer :func:`uitnodiging_na_commit` inside a transaction."""
    if not user.email:
        return
    context = {"user": user, "link": uitnodiging_link(user), "dagen": geldig_dagen(), "rol": user.get_rol_display()}
    onderwerp = " ".join(render_to_string("registration/uitnodiging_onderwerp.txt", context).split())
    tekst = render_to_string("registration/uitnodiging_email.txt", context)
    send_mail(onderwerp, tekst, None, [user.email])


def uitnodiging_na_commit(user: User) -> None:
    """Send the invitation once the login is really saved (never for a rolled-back one)."""
    transaction.on_commit(partial(uitnodiging_verstuur, user))


class WachtwoordInstellenView(auth_views.PasswordResetConfirmView):
    """The page behind the invitation link: choose a password, then land on your own home."""

    template_name = "registration/wachtwoord_instellen.html"
    reset_url_token = "instellen"  # noqa: S105 - the placeholder in the address, not a secret
    post_reset_login = True
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Je wachtwoord is ingesteld. Welkom bij PraktijkWijs!"))
        return response
