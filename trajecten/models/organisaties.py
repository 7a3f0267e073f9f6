from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from werkopdrachten.models import Vakvaardigheid


class School(models.Model):
    """The mbo school (opleider) that issues praktijkverklaringen."""

    naam = models.CharField(_("naam"), max_length=200)
    brin = models.CharField(_("BRIN-code"), max_length=4, help_text=_("Vier tekens, bijvoorbeeld 01OE."))
    afkorting = models.CharField(
        _("afkorting"), max_length=6, help_text=_("Begin van het verklaringsnummer, bijvoorbeeld GC.")
    )
    plaats = models.CharField(_("plaats"), max_length=100)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["brin"], name="school_brin_unique"),
            models.UniqueConstraint(fields=["afkorting"], name="school_afkorting_unique"),
        ]

    def __str__(self) -> str:
        return self.naam

    def get_absolute_url(self) -> str:
        return reverse("trajecten:school", args=[self.pk])


class Bedrijf(models.Model):
    """A leerbedrijf. Should be erkend by SBB; the erkenningsnummer may still be missing."""

    naam = models.CharField(_("naam"), max_length=200)
    plaats = models.CharField(_("plaats"), max_length=100)
    sbb_erkenningsnummer = models.CharField(_("SBB-erkenningsnummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    vakvaardigheden = models.ManyToManyField(
        Vakvaardigheid, blank=True, related_name="bedrijven", verbose_name=_("vakvaardigheden")
    )
    tonen_op_website = models.BooleanField(
        _("tonen op de website"), default=False, help_text=_("Het bedrijf heeft hiervoor toestemming gegeven.")
    )

    class Meta:
        verbose_name = _("bedrijf")
        verbose_name_plural = _("bedrijven")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    def get_absolute_url(self) -> str:
        return reverse("trajecten:bedrijf", args=[self.pk])

    @property
    def is_erkend(self) -> bool:
        return bool(self.sbb_erkenningsnummer)


class Praktijkbegeleider(models.Model):
    """Guides and judges deelnemers on the shop floor (also: a jobcoach)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="praktijkbegeleider")
    bedrijf = models.ForeignKey(
        Bedrijf, on_delete=models.PROTECT, related_name="praktijkbegeleiders", verbose_name=_("bedrijf")
    )
    functie = models.CharField(_("functie"), max_length=100, blank=True)
    telefoon = models.CharField(_("telefoonnummer"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("praktijkbegeleider")
        verbose_name_plural = _("praktijkbegeleiders")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.naam

    def get_absolute_url(self) -> str:
        return reverse("trajecten:praktijkbegeleider", args=[self.pk])

    @property
    def naam(self) -> str:
        return self.naam_uit(self.user.first_name, self.user.last_name, self.user.username)

    @staticmethod
    def naam_uit(voornaam: str, achternaam: str, gebruikersnaam: str) -> str:
        """The name from the user's columns (as User.get_full_name(), else the username), for lists
        that read them as plain values instead of loading every user."""
        return f"{voornaam} {achternaam}".strip() or gebruikersnaam

    @staticmethod
    def naam_sql(via: str = "") -> models.Expression:
        """``naam_uit`` in SQL, to read names with other rows (``via``: the path to the
        begeleider, e.g. "praktijkbegeleider__" from a through table)."""
        volledig = Trim(Concat(f"{via}user__first_name", Value(" "), f"{via}user__last_name"))
        return Coalesce(NullIf(volledig, Value("")), f"{via}user__username")


class Beoordelaar(models.Model):
    """Teacher / assessor of the school who approves verklaringen on its behalf."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="beoordelaar")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="beoordelaars", verbose_name=_("school"))

    class Meta:
        verbose_name = _("beoordelaar")
        verbose_name_plural = _("beoordelaars")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.naam

    def get_absolute_url(self) -> str:
        return reverse("trajecten:beoordelaar", args=[self.pk])

    @property
    def naam(self) -> str:
        return self.user.get_full_name() or self.user.username
