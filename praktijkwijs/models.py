from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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
