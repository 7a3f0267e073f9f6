"""The catalogue: kwalificaties from the national kwalificatiedossiers, and the
vakvaardigheden with their werkopdrachten that leerbedrijven offer.

This app knows nothing of trajecten; trajecten build on it.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, ProtectedError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from werkopdrachten import uitwisseling


# "In use" below means: a traject has a voortgang row for the werkopdracht. We ask through the
# reverse relation ``voortgang`` (Voortgang.werkopdracht, related_name="voortgang") so this app
# never imports trajecten. Such a werkopdracht, its werkprocessen, their kerntaken and the
# kwalificatie are what a running traject certifies: they are locked; changes go into a new version.
def in_gebruik(**werkopdracht) -> models.Exists:
    """Whether a traject learns a werkopdracht matching ``werkopdracht`` (lookups, typically with
    OuterRef). EXISTS stops at the first voortgang row; a join counted or de-duplicated all of them,
    hundreds of thousands at national scale (80 ms for a kwalificatie's page)."""
    return models.Exists(Werkopdracht.objects.filter(voortgang__isnull=False, **werkopdracht))


NIET_GELDIG = _("Het bestand bevat fouten; er is niets opgeslagen.")


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

    def is_in_gebruik(self) -> bool:
        """Whether a traject certifies one of its werkprocessen; then the kwalificatie is locked."""
        return self.werkprocessen.filter(in_gebruik(werkprocessen=models.OuterRef("pk"))).exists()

    def vergrendelde_werkprocessen(self) -> dict[str, tuple[str, str, str]]:
        """Code → (kerntaak code, kerntaak titel, titel) of each werkproces a traject uses."""
        rijen = self.werkprocessen.filter(in_gebruik(werkprocessen=models.OuterRef("pk"))).select_related("kerntaak")
        return {wp.code: (wp.kerntaak.code, wp.kerntaak.titel, wp.titel) for wp in rijen}

    def wijzig(self, **velden) -> None:
        """Change name, crebo, niveau, version or date; refused while a traject uses it, because
        the verklaring prints these."""
        with transaction.atomic():
            if self.is_in_gebruik():
                raise ValidationError(
                    _("Deze kwalificatie wordt gebruikt in een traject en kan niet veranderen. Maak een nieuwe versie.")
                )
            for naam, waarde in velden.items():
                setattr(self, naam, waarde)
            self.full_clean()
            self.save()

    def nieuwe_versie(
        self, *, dossier_versie: str, geldig_vanaf: datetime.date, naam: str | None = None
    ) -> "Kwalificatie":
        """A copy with the same kerntaken and werkprocessen under another dossier version.

        The old version is left exactly as it is: trajecten that certify its werkprocessen keep
        certifying them. Changes to the dossier are made on the copy.
        """
        with transaction.atomic():
            nieuw = Kwalificatie(
                crebo=self.crebo,
                naam=naam or self.naam,
                niveau=self.niveau,
                dossier_versie=dossier_versie,
                geldig_vanaf=geldig_vanaf,
            )
            if Kwalificatie.objects.filter(crebo=self.crebo, dossier_versie=dossier_versie).exists():
                raise ValidationError(
                    {
                        "dossier_versie": _("Versie %(versie)s van deze kwalificatie bestaat al.")
                        % {"versie": dossier_versie}
                    }
                )
            nieuw.full_clean()
            nieuw.save()
            for kerntaak in self.kerntaken.prefetch_related("werkprocessen"):
                kopie = Kerntaak.objects.create(kwalificatie=nieuw, code=kerntaak.code, titel=kerntaak.titel)
                # bulk_create skips Werkproces.save, so the copied kwalificatie is set here.
                Werkproces.objects.bulk_create(
                    Werkproces(kwalificatie=nieuw, kerntaak=kopie, code=wp.code, titel=wp.titel)
                    for wp in kerntaak.werkprocessen.all()
                )
        return nieuw

    def werkprocessen_tabel(self) -> list[list[str]]:
        """The export: one row per werkproces, columns as uitwisseling.KOLOMMEN_WERKPROCESSEN."""
        return [
            [wp.kerntaak.code, wp.kerntaak.titel, wp.code, wp.titel]
            for wp in self.werkprocessen.select_related("kerntaak").order_by("kerntaak__code", "code")
        ]

    def controleer_werkprocessen_import(self, tabel: Iterable[Mapping]) -> list[uitwisseling.WerkprocesRij]:
        return uitwisseling.controleer_werkprocessen(tabel, self.vergrendelde_werkprocessen())

    def importeer_werkprocessen(self, tabel: Iterable[Mapping]) -> int:
        """Add or update kerntaken and werkprocessen by code, all rows or none.

        The rows are checked again here, under a lock, because the catalogue may have changed
        since the coördinator saw the preview. Werkprocessen not in the file are left alone.
        """
        with transaction.atomic():
            Kwalificatie.objects.select_for_update().get(pk=self.pk)
            rijen = self.controleer_werkprocessen_import(tabel)
            if uitwisseling.heeft_fouten(rijen):
                raise ValidationError(NIET_GELDIG)
            kerntaken = {kt.code: kt for kt in self.kerntaken.all()}
            werkprocessen = {wp.code: wp for wp in self.werkprocessen.all()}
            for rij in rijen:
                kerntaak = kerntaken.get(rij.kerntaak_code)
                if kerntaak is None:
                    kerntaak = Kerntaak.objects.create(
                        kwalificatie=self, code=rij.kerntaak_code, titel=rij.kerntaak_titel
                    )
                    kerntaken[kerntaak.code] = kerntaak
                elif kerntaak.titel != rij.kerntaak_titel:
                    kerntaak.titel = rij.kerntaak_titel
                    kerntaak.save(update_fields=["titel"])
                werkproces = werkprocessen.get(rij.werkproces_code)
                if werkproces is None:
                    Werkproces.objects.create(kerntaak=kerntaak, code=rij.werkproces_code, titel=rij.werkproces_titel)
                elif (werkproces.kerntaak_id, werkproces.titel) != (kerntaak.pk, rij.werkproces_titel):
                    werkproces.kerntaak = kerntaak
                    werkproces.titel = rij.werkproces_titel
                    werkproces.save()
        return len(rijen)


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

    def is_in_gebruik(self) -> bool:
        return Werkproces.objects.filter(in_gebruik(werkprocessen=models.OuterRef("pk")), kerntaak=self).exists()

    def wijzig(self, *, code: str, titel: str) -> None:
        with transaction.atomic():
            if self.is_in_gebruik():
                raise ValidationError(
                    _("Deze kerntaak wordt gebruikt in een traject en kan niet veranderen. Maak een nieuwe versie.")
                )
            self.code, self.titel = code, titel
            self.full_clean()
            self.save()

    def verwijder(self) -> None:
        """Delete with its werkprocessen, only when no werkopdracht is mapped to any of them:
        deleting would silently take them out of what a werkopdracht certifies."""
        with transaction.atomic():
            if Werkproces.objects.filter(kerntaak=self, werkopdrachten__isnull=False).exists():
                raise ValidationError(
                    _(
                        "Deze kerntaak heeft werkprocessen die aan werkopdrachten gekoppeld zijn. "
                        "Ontkoppel die eerst, of maak een nieuwe versie als een traject ze gebruikt."
                    )
                )
            self.delete()


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

    def is_in_gebruik(self) -> bool:
        return self.werkopdrachten.filter(voortgang__isnull=False).exists()

    def wijzig(self, *, kerntaak: Kerntaak, code: str, titel: str) -> None:
        with transaction.atomic():
            if self.is_in_gebruik():
                raise ValidationError(
                    _("Dit werkproces wordt gebruikt in een traject en kan niet veranderen. Maak een nieuwe versie.")
                )
            if kerntaak.kwalificatie_id != self.kwalificatie_id:
                raise ValidationError(_("De kerntaak hoort bij een andere kwalificatie."))
            self.kerntaak, self.code, self.titel = kerntaak, code, titel
            self.full_clean(exclude=["kwalificatie"])
            self.save()

    def verwijder(self) -> None:
        """The through table of Werkopdracht.werkprocessen cascades, so deleting would silently
        change what a werkopdracht certifies: refused while any werkopdracht is mapped to it."""
        with transaction.atomic():
            if self.is_in_gebruik():
                raise ValidationError(_("Dit werkproces wordt gebruikt in een traject en kan niet worden verwijderd."))
            if self.werkopdrachten.exists():
                raise ValidationError(_("Dit werkproces is gekoppeld aan werkopdrachten. Ontkoppel die eerst."))
            self.delete()


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

    def vergrendelde_werkopdrachten(self) -> dict[str, frozenset[str]]:
        """Lower-cased titel → werkproces codes of each werkopdracht a traject uses."""
        rijen = self.werkopdrachten.filter(in_gebruik(pk=models.OuterRef("pk"))).prefetch_related("werkprocessen")
        return {wo.titel.lower(): frozenset(wp.code for wp in wo.werkprocessen.all()) for wo in rijen}

    def nieuwe_werkopdracht(
        self, *, titel: str, volgorde: int, omschrijving: str = "", werkprocessen: Iterable["Werkproces"] = ()
    ) -> "Werkopdracht":
        with transaction.atomic():
            werkopdracht = Werkopdracht(vakvaardigheid=self, titel=titel, volgorde=volgorde, omschrijving=omschrijving)
            werkprocessen = list(werkprocessen)
            werkopdracht.check_werkprocessen(werkprocessen)
            werkopdracht.full_clean()
            werkopdracht.save()
            werkopdracht.werkprocessen.set(werkprocessen)
        return werkopdracht

    def nieuwe_versie(self, *, kwalificatie: Kwalificatie, naam: str) -> tuple["Vakvaardigheid", list[str]]:
        """Copy this vakvaardigheid onto another (usually newer) version of its kwalificatie.

        Werkopdrachten are copied and mapped to the werkprocessen with the same code; codes the
        new version lacks are returned so the coördinator can map those werkopdrachten again.
        This one becomes inactive (new aanvragen take the copy) but keeps its werkopdrachten
        and their mapping: running trajecten certify exactly what they did.
        """
        with transaction.atomic():
            nieuw = Vakvaardigheid(naam=naam, omschrijving=self.omschrijving, kwalificatie=kwalificatie, actief=True)
            nieuw.full_clean()
            nieuw.save()
            per_code = {wp.code: wp for wp in kwalificatie.werkprocessen.all()}
            ontbrekend: set[str] = set()
            for werkopdracht in self.werkopdrachten.prefetch_related("werkprocessen"):
                kopie = Werkopdracht.objects.create(
                    vakvaardigheid=nieuw,
                    volgorde=werkopdracht.volgorde,
                    titel=werkopdracht.titel,
                    omschrijving=werkopdracht.omschrijving,
                )
                codes = [wp.code for wp in werkopdracht.werkprocessen.all()]
                kopie.werkprocessen.set([per_code[code] for code in codes if code in per_code])
                ontbrekend.update(code for code in codes if code not in per_code)
            self.actief = False
            self.save(update_fields=["actief"])
        return nieuw, sorted(ontbrekend)

    def werkopdrachten_tabel(self) -> list[list[object]]:
        """The export: one row per werkopdracht, columns as uitwisseling.KOLOMMEN_WERKOPDRACHTEN."""
        rijen = self.werkopdrachten.prefetch_related(
            Prefetch("werkprocessen", queryset=Werkproces.objects.order_by("code"))
        )
        return [
            [wo.volgorde, wo.titel, wo.omschrijving, ";".join(wp.code for wp in wo.werkprocessen.all())] for wo in rijen
        ]

    def controleer_werkopdrachten_import(self, tabel: Iterable[Mapping]) -> list[uitwisseling.WerkopdrachtRij]:
        codes = self.kwalificatie.werkprocessen.values_list("code", flat=True)
        return uitwisseling.controleer_werkopdrachten(tabel, codes, self.vergrendelde_werkopdrachten())

    def importeer_werkopdrachten(self, tabel: Iterable[Mapping]) -> int:
        """Add or update werkopdrachten by titel, all rows or none; checked again under a lock
        because the catalogue may have changed since the preview. Werkopdrachten not in the
        file are left alone."""
        with transaction.atomic():
            Vakvaardigheid.objects.select_for_update().get(pk=self.pk)
            rijen = self.controleer_werkopdrachten_import(tabel)
            if uitwisseling.heeft_fouten(rijen):
                raise ValidationError(NIET_GELDIG)
            per_code = {wp.code: wp for wp in self.kwalificatie.werkprocessen.all()}
            bestaand = {wo.titel.lower(): wo for wo in self.werkopdrachten.all()}
            for rij in rijen:
                werkopdracht = bestaand.get(rij.titel.lower())
                if werkopdracht is None:
                    werkopdracht = Werkopdracht.objects.create(
                        vakvaardigheid=self, volgorde=rij.volgorde, titel=rij.titel, omschrijving=rij.omschrijving
                    )
                elif (werkopdracht.volgorde, werkopdracht.titel, werkopdracht.omschrijving) != (
                    rij.volgorde,
                    rij.titel,
                    rij.omschrijving,
                ):
                    werkopdracht.volgorde, werkopdracht.titel = rij.volgorde, rij.titel
                    werkopdracht.omschrijving = rij.omschrijving
                    werkopdracht.save(update_fields=["volgorde", "titel", "omschrijving"])
                # For a werkopdracht in use the check above made sure this is the same set.
                werkopdracht.werkprocessen.set([per_code[code] for code in rij.werkprocessen])
        return len(rijen)


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

    def is_in_gebruik(self) -> bool:
        return self.voortgang.exists()

    def wijzig(self, *, titel: str, volgorde: int, omschrijving: str, werkprocessen: Iterable[Werkproces]) -> None:
        """Text and order may always change; the werkprocessen only while no traject uses it,
        because they are what the traject's verklaring certifies."""
        werkprocessen = list(werkprocessen)
        with transaction.atomic():
            Werkopdracht.objects.select_for_update().get(pk=self.pk)
            nieuw = {wp.pk for wp in werkprocessen}
            if nieuw != set(self.werkprocessen.values_list("pk", flat=True)):
                if self.is_in_gebruik():
                    raise ValidationError(
                        _(
                            "Deze werkopdracht wordt gebruikt in een traject; de werkprocessen kunnen niet "
                            "veranderen. Maak een nieuwe versie van de vakvaardigheid."
                        )
                    )
                self.check_werkprocessen(werkprocessen)
                self.werkprocessen.set(werkprocessen)
            self.titel, self.volgorde, self.omschrijving = titel, volgorde, omschrijving
            self.full_clean()
            self.save()

    def verwijder(self) -> None:
        try:
            with transaction.atomic():
                self.delete()
        except ProtectedError as exc:
            # Voortgang.werkopdracht is PROTECT: a traject's progress is never deleted by the catalogue.
            raise ValidationError(
                _("Deze werkopdracht wordt gebruikt in een traject en kan niet worden verwijderd.")
            ) from exc

    def check_werkprocessen(self, werkprocessen) -> None:
        """A werkopdracht may only certify werkprocessen of its own vakvaardigheid's kwalificatie."""
        vreemd = [wp for wp in werkprocessen if wp.kwalificatie_id != self.vakvaardigheid.kwalificatie_id]
        if vreemd:
            raise ValidationError(
                _("Werkproces %(code)s hoort niet bij de kwalificatie van deze vakvaardigheid.")
                % {"code": vreemd[0].code}
            )
