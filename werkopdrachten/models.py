"""The catalogue: kwalificaties from the national kwalificatiedossiers, and the
vakvaardigheden with their werkopdrachten that leerbedrijven offer.

This app knows nothing of trajecten; trajecten build on it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Kwalificatie(models.Model):
    """One version of an mbo qualification. A new dossier version is a new row, so running
    trajecten keep pointing at the werkprocessen they started with."""

    crebo = models.CharField(_("crebocode"), max_length=5)
    naam = models.CharField(_("naam"), max_length=200)
    niveau = models.PositiveSmallIntegerField(_("niveau"))
    dossier_versie = models.CharField(_("versie kwalificatiedossier"), max_length=20, help_text=_("Bijvoorbeeld 2024."))
    geldig_vanaf = models.DateField(_("geldig vanaf"))

    class Meta:
        verbose_name = _("kwalificatie")
        verbose_name_plural = _("kwalificaties")
        ordering = ["naam", "-geldig_vanaf"]
        constraints = [
            models.UniqueConstraint(fields=["crebo", "dossier_versie"], name="kwalificatie_crebo_versie_unique"),
            models.CheckConstraint(condition=models.Q(niveau__gte=1, niveau__lte=4), name="kwalificatie_niveau_1_4"),
            models.CheckConstraint(condition=models.Q(crebo__regex=r"^[0-9]{5}$"), name="kwalificatie_crebo_5_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.crebo}, niveau {self.niveau}, {self.dossier_versie})"

    def get_absolute_url(self) -> str:
        return reverse("werkopdrachten:kwalificatie", args=[self.pk])


class Kerntaak(models.Model):
    kwalificatie = models.ForeignKey(
        Kwalificatie, on_delete=models.CASCADE, related_name="kerntaken", verbose_name=_("kwalificatie")
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("Bijvoorbeeld B1-K1."))
    titel = models.CharField(_("titel"), max_length=200)

    class Meta:
        verbose_name = _("kerntaak")
        verbose_name_plural = _("kerntaken")
        ordering = ["kwalificatie", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kwalificatie", "code"], name="kerntaak_code_unique_per_kwalificatie"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.titel}"


class Werkproces(models.Model):
    """The unit that a praktijkverklaring certifies."""

    # Copied from the kerntaak so the database can keep the code unique per kwalificatie.
    kwalificatie = models.ForeignKey(
        Kwalificatie, on_delete=models.CASCADE, related_name="werkprocessen", editable=False
    )
    kerntaak = models.ForeignKey(
        Kerntaak, on_delete=models.CASCADE, related_name="werkprocessen", verbose_name=_("kerntaak")
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("Bijvoorbeeld B1-K1-W1."))
    titel = models.CharField(_("titel"), max_length=200)

    class Meta:
        verbose_name = _("werkproces")
        verbose_name_plural = _("werkprocessen")
        ordering = ["kwalificatie", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kwalificatie", "code"], name="werkproces_code_unique_per_kwalificatie"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.titel}"

    def save(self, *args, **kwargs) -> None:
        self.kwalificatie_id = self.kerntaak.kwalificatie_id
        super().save(*args, **kwargs)


class Vakvaardigheid(models.Model):
    """A skill area a leerbedrijf offers, e.g. *assistent keuken*."""

    naam = models.CharField(_("naam"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    kwalificatie = models.ForeignKey(
        Kwalificatie,
        on_delete=models.PROTECT,
        related_name="vakvaardigheden",
        verbose_name=_("kwalificatie"),
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("vakvaardigheid")
        verbose_name_plural = _("vakvaardigheden")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["naam"], name="vakvaardigheid_naam_unique"),
        ]

    def __str__(self) -> str:
        return self.naam

    def get_absolute_url(self) -> str:
        return reverse("werkopdrachten:vakvaardigheid", args=[self.pk])


class Werkopdracht(models.Model):
    """A concrete work assignment, one page of "the binder of all work assignments"."""

    vakvaardigheid = models.ForeignKey(
        Vakvaardigheid,
        on_delete=models.CASCADE,
        related_name="werkopdrachten",
        verbose_name=_("vakvaardigheid"),
    )
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)
    titel = models.CharField(_("titel"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    werkprocessen = models.ManyToManyField(Werkproces, related_name="werkopdrachten", verbose_name=_("werkprocessen"))

    class Meta:
        verbose_name = _("werkopdracht")
        verbose_name_plural = _("werkopdrachten")
        ordering = ["vakvaardigheid", "volgorde", "titel"]
        constraints = [
            models.UniqueConstraint(
                fields=["vakvaardigheid", "titel"], name="werkopdracht_titel_unique_per_vakvaardigheid"
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    def check_werkprocessen(self, werkprocessen) -> None:
        """A werkopdracht may only certify werkprocessen of its own vakvaardigheid's kwalificatie."""
        vreemd = [wp for wp in werkprocessen if wp.kwalificatie_id != self.vakvaardigheid.kwalificatie_id]
        if vreemd:
            raise ValidationError(
                _("Werkproces %(code)s hoort niet bij de kwalificatie van deze vakvaardigheid.")
                % {"code": vreemd[0].code}
            )
