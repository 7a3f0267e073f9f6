from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlleenToevoegen(Exception):
    """Raised when code tries to change or remove a row of an append-only log."""


class UserRol(models.TextChoices):
    COORDINATOR = "coordinator", _("coördinator")
    BEGELEIDER = "begeleider", _("praktijkbegeleider")
    BEOORDELAAR = "beoordelaar", _("beoordelaar")
    DEELNEMER = "deelnemer", _("deelnemer")


class User(AbstractUser):
    """A login. The role decides which pages a user gets; the profile (Praktijkbegeleider,
    Beoordelaar, Deelnemer) decides which objects."""

    Rol = UserRol

    # Blank for accounts that only use the Django admin (superusers).
    rol = models.CharField(_("rol"), max_length=20, choices=Rol, blank=True, default="")

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(condition=models.Q(rol__in=["", *UserRol.values]), name="user_rol_valid"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_coordinator(self) -> bool:
        return self.rol == self.Rol.COORDINATOR

    @property
    def is_begeleider(self) -> bool:
        return self.rol == self.Rol.BEGELEIDER

    @property
    def is_beoordelaar(self) -> bool:
        return self.rol == self.Rol.BEOORDELAAR

    @property
    def is_deelnemer(self) -> bool:
        return self.rol == self.Rol.DEELNEMER


class ToegangsLogQuerySet(models.QuerySet):
    """Bulk changes are refused too, so no code path can rewrite history."""

    def update(self, **kwargs):
        raise AlleenToevoegen("ToegangsLog is append-only.")

    def delete(self):
        raise AlleenToevoegen("ToegangsLog is append-only.")

    def voor_deelnemer(self, deelnemer_id: int) -> "ToegangsLogQuerySet":
        return self.filter(deelnemer_id=deelnemer_id).select_related("user")


class ToegangsLog(models.Model):
    """Who viewed or changed which deelnemer's data, when, with what result.

    Append-only evidence for the AVG: the application writes rows through
    ``praktijkwijs.toegangslog.log_deelnemer_toegang``; ``save()`` refuses to change a row and
    ``delete()`` refuses always (in bulk too), and the admin only shows them. Holds ids only,
    no personal data.
    """

    class Actie(models.TextChoices):
        BEKEKEN = "bekeken", _("bekeken")
        GEWIJZIGD = "gewijzigd", _("gewijzigd")
        GEDOWNLOAD = "gedownload", _("gedownload")
        GEEXPORTEERD = "geexporteerd", _("geëxporteerd")
        GEANONIMISEERD = "geanonimiseerd", _("geanonimiseerd")

    op = models.DateTimeField(_("op"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("door"))
    # A plain id, not a foreign key: the log outlives anonymised or deleted deelnemers.
    deelnemer_id = models.BigIntegerField(_("deelnemer"), db_index=True)
    actie = models.CharField(_("actie"), max_length=20, choices=Actie)
    wat = models.CharField(_("wat"), max_length=200, help_text=_("De pagina of handeling."))
    resultaat = models.PositiveSmallIntegerField(_("resultaat (HTTP-status)"), default=200)

    objects = ToegangsLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("toegangslog")
        verbose_name_plural = _("toegangslog")
        ordering = ["-op", "-pk"]

    def __str__(self) -> str:
        return f"{self.op:%Y-%m-%d %H:%M} {self.user_id} {self.actie} deelnemer {self.deelnemer_id}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AlleenToevoegen("ToegangsLog is append-only: a row cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AlleenToevoegen("ToegangsLog is append-only: a row cannot be deleted.")


class TweeStapsApparaat(models.Model):
    """The TOTP secret (RFC 6238) of one user's authenticator app.

    Only confirmed devices exist: enrolment keeps the new secret in the session until the
    user has typed a valid code. ``laatste_stap`` refuses a code that was already used.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="tweestaps", verbose_name=_("gebruiker"))
    geheim = models.CharField(_("geheim"), max_length=64)
    bevestigd_op = models.DateTimeField(_("ingesteld op"), auto_now_add=True)
    laatste_stap = models.BigIntegerField(_("laatst gebruikte tijdstap"), default=0)

    class Meta:
        verbose_name = _("tweestapsverificatie")
        verbose_name_plural = _("tweestapsverificaties")

    def __str__(self) -> str:
        return str(_("Tweestapsverificatie van gebruiker %(id)s") % {"id": self.user_id})
