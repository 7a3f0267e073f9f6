"""Success stories on the public landing page, with the consent of everyone they name."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praktijkwijs.errors import OvergangNietToegestaan

from .organisaties import Bedrijf


class SuccesverhaalQuerySet(models.QuerySet):
    def voor(self, user) -> "SuccesverhaalQuerySet":
        """Stories are written and kept by the coördinator; the public sees published ones only
        (through ``gepubliceerd()``)."""
        if user.is_authenticated and user.is_coordinator:
            return self.all()
        return self.none()

    def gepubliceerd(self) -> "SuccesverhaalQuerySet":
        return self.filter(gepubliceerd=True)


class Succesverhaal(models.Model):
    """A story the coördinator writes. Published only when every person it names consented."""

    titel = models.CharField(_("titel"), max_length=200)
    tekst = models.TextField(_("tekst"))
    bedrijf = models.ForeignKey(
        Bedrijf,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="succesverhalen",
        verbose_name=_("bedrijf"),
        help_text=_("Het leerbedrijf waar het verhaal over gaat (niet verplicht)."),
    )
    gepubliceerd = models.BooleanField(_("gepubliceerd"), default=False)
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    gepubliceerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = SuccesverhaalQuerySet.as_manager()

    class Meta:
        verbose_name = _("succesverhaal")
        verbose_name_plural = _("succesverhalen")
        ordering = ["-gepubliceerd_op", "-aangemaakt_op", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gepubliceerd=False) | models.Q(gepubliceerd_op__isnull=False),
                name="succesverhaal_gepubliceerd_heeft_datum",
            ),
        ]
        indexes = [
            # The landing page: published stories, newest first.
            models.Index(fields=["gepubliceerd", "-gepubliceerd_op"], name="verhaal_gepubliceerd_idx"),
        ]

    def __str__(self) -> str:
        return self.titel

    def zonder_toestemming(self) -> list["GenoemdPersoon"]:
        """The people named in the story who have not (or no longer) given consent."""
        return [persoon for persoon in self.personen.all() if not persoon.toestemming]

    def kan_publiceren(self) -> bool:
        return not self.zonder_toestemming()

    def publiceer(self, *, door) -> None:
        """Show the story on the website; refused while a named person has not consented."""
        with transaction.atomic():
            locked = Succesverhaal.objects.select_for_update().get(pk=self.pk)
            if locked.gepubliceerd:
                return
            ontbreekt = locked.zonder_toestemming()
            if ontbreekt:
                raise OvergangNietToegestaan(
                    _("Publiceren kan nog niet: geen toestemming van %(namen)s.")
                    % {"namen": ", ".join(persoon.naam for persoon in ontbreekt)}
                )
            locked.gepubliceerd = True
            locked.gepubliceerd_op = timezone.now()
            locked.gepubliceerd_door = door
            locked.save(update_fields=["gepubliceerd", "gepubliceerd_op", "gepubliceerd_door", "gewijzigd_op"])
        self.refresh_from_db()

    def haal_offline(self, *, door) -> None:
        """Take the story off the website (it stays here, to edit or publish again)."""
        with transaction.atomic():
            locked = Succesverhaal.objects.select_for_update().get(pk=self.pk)
            if not locked.gepubliceerd:
                return
            locked.gepubliceerd = False
            locked.gepubliceerd_op = None
            locked.gepubliceerd_door = door
            locked.save(update_fields=["gepubliceerd", "gepubliceerd_op", "gepubliceerd_door", "gewijzigd_op"])
        self.refresh_from_db()

    def controleer_toestemming(self, *, door) -> bool:
        """After an edit: a published story whose named people no longer all consent goes
        offline at once. Returns whether it was taken offline."""
        if self.gepubliceerd and not self.kan_publiceren():
            self.haal_offline(door=door)
            return True
        return False


class GenoemdPersoon(models.Model):
    """A person named in a success story, and whether they agreed to be named."""

    verhaal = models.ForeignKey(Succesverhaal, on_delete=models.CASCADE, related_name="personen")
    naam = models.CharField(_("naam"), max_length=200)
    toestemming = models.BooleanField(
        _("heeft toestemming gegeven"),
        default=False,
        help_text=_("Deze persoon vindt het goed dat het verhaal met de naam op de website staat."),
    )
    toestemming_op = models.DateTimeField(_("toestemming op"), null=True, blank=True)

    class Meta:
        verbose_name = _("genoemd persoon")
        verbose_name_plural = _("genoemde personen")
        ordering = ["verhaal", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(toestemming=False) | models.Q(toestemming_op__isnull=False),
                name="genoemdpersoon_toestemming_heeft_datum",
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    def save(self, *args, **kwargs) -> None:
        # The moment of consent is recorded once, and cleared when consent is withdrawn.
        if self.toestemming and self.toestemming_op is None:
            self.toestemming_op = timezone.now()
        elif not self.toestemming:
            self.toestemming_op = None
        super().save(*args, **kwargs)
