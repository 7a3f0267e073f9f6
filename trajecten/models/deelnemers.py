import functools
import operator

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DeelnemerQuerySet(models.QuerySet):
    def voor(self, user) -> "DeelnemerQuerySet":
        """The deelnemers ``user`` may see: all for a coördinator, those of their own
        trajecten for a begeleider or beoordelaar, themself for a deelnemer."""
        from trajecten.models import Traject

        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        if user.is_begeleider or user.is_beoordelaar:
            return self.filter(pk__in=Traject.objects.voor(user).values("deelnemer"))
        if user.is_deelnemer:
            return self.filter(user=user)
        return self.none()

    def zoek(self, tekst: str) -> "DeelnemerQuerySet":
        """Every word must occur in the name, e-mail address or gemeente."""
        qs = self
        for woord in tekst.split():
            qs = qs.filter(
                models.Q(voornamen__icontains=woord)
                | models.Q(tussenvoegsel__icontains=woord)
                | models.Q(achternaam__icontains=woord)
                | models.Q(email__icontains=woord)
                | models.Q(gemeente__icontains=woord)
            )
        return qs

    def zoek_naam(self, tekst: str) -> "DeelnemerQuerySet":
        """Every word must occur in the name (voornamen, tussenvoegsel or achternaam).

        Only this table's own columns, so it can serve as a subquery (``deelnemer__in=``) instead of
        a join. ``icontains`` compiles to ``UPPER(col::text) LIKE UPPER('%woord%')`` on PostgreSQL,
        which the trigram index ``deelnemer_naam_trgm_idx`` (migration 0002) answers.
        """
        qs = self
        for woord in tekst.split():
            qs = qs.filter(naam_bevat(woord))
        return qs

    def mogelijke_dubbelen(self, *, voornamen: str, achternaam: str, geboortedatum) -> "DeelnemerQuerySet":
        """Deelnemers that are probably the same person: same name and date of birth
        (served by the index on achternaam + geboortedatum)."""
        return self.filter(
            achternaam__iexact=achternaam.strip(),
            geboortedatum=geboortedatum,
            voornamen__iexact=voornamen.strip(),
        )


def naam_bevat(woord: str, *, via: str = "") -> models.Q:
    """``woord`` occurs in one of the name columns (case-insensitive); ``via`` is the path to the
    deelnemer from another model (``"deelnemer__"``)."""
    return functools.reduce(
        operator.or_, (models.Q(**{f"{veld}__icontains": woord}) for veld in Deelnemer.naam_velden(via))
    )


def volledige_naam(*delen: str) -> str:
    """A full name from its parts in order, leaving out the empty ones (no tussenvoegsel)."""
    return " ".join(deel for deel in delen if deel)


class DeelnemerDoelgroep(models.TextChoices):
    WERKZOEKENDE = "werkzoekende", _("werkzoekende")
    WERKNEMER = "werknemer", _("werknemer")
    INBURGERAAR = "inburgeraar", _("inburgeraar")
    SCHOOLVERLATER = "schoolverlater", _("schoolverlater")
    ANDERS = "anders", _("anders")


class DeelnemerVerwijzer(models.TextChoices):
    GEMEENTE = "gemeente", _("gemeente")
    UWV = "uwv", _("UWV")
    SW_BEDRIJF = "sw_bedrijf", _("sociaal werkbedrijf")
    SCHOOL = "school", _("school")
    WERKGEVER = "werkgever", _("werkgever")
    ZELF = "zelf", _("zelf aangemeld")


class Deelnemer(models.Model):
    """A participant. Only what the work needs: never a BSN."""

    Doelgroep = DeelnemerDoelgroep

    Verwijzer = DeelnemerVerwijzer

    # The name's columns in printing order: what ``naam``, the name search and the lists that
    # show a name read.
    NAAM_VELDEN = ("voornamen", "tussenvoegsel", "achternaam")

    voornamen = models.CharField(_("voornamen"), max_length=100)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=100)
    geboortedatum = models.DateField(_("geboortedatum"))
    geboorteplaats = models.CharField(_("geboorteplaats"), max_length=100)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    gemeente = models.CharField(_("gemeente"), max_length=100)
    doelgroep = models.CharField(_("doelgroep"), max_length=20, choices=Doelgroep, default=Doelgroep.WERKZOEKENDE)
    verwijzer = models.CharField(_("verwijzer"), max_length=20, choices=Verwijzer, default=Verwijzer.ZELF)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deelnemer",
        verbose_name=_("login"),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = DeelnemerQuerySet.as_manager()

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["achternaam", "voornamen"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(doelgroep__in=DeelnemerDoelgroep.values), name="deelnemer_doelgroep_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(verwijzer__in=DeelnemerVerwijzer.values), name="deelnemer_verwijzer_valid"
            ),
        ]
        indexes = [
            # Duplicate check on create: same name and date of birth.
            models.Index(fields=["achternaam", "geboortedatum"], name="deelnemer_naam_geboorte_idx"),
        ]

    def __str__(self) -> str:
        return self.naam

    def get_absolute_url(self) -> str:
        return reverse("trajecten:deelnemer", args=[self.pk])

    @classmethod
    def naam_velden(cls, via: str = "") -> tuple[str, ...]:
        """The name's columns as seen from another model: ``naam_velden("deelnemer__")``."""
        return tuple(f"{via}{veld}" for veld in cls.NAAM_VELDEN)

    @property
    def naam(self) -> str:
        """The full name as printed on a verklaring."""
        return volledige_naam(*(getattr(self, veld) for veld in self.NAAM_VELDEN))

    @classmethod
    def naam_in_rij(cls, rij: dict, via: str = "") -> str:
        """The full name from a row of ``values()`` that holds ``naam_velden(via)``."""
        return volledige_naam(*(rij[veld] for veld in cls.naam_velden(via)))
