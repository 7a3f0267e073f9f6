"""The praktijkverklaring mbo: proposed by the coördinator, approved by the school's
beoordelaar, then issued once as a stored PDF that never changes.

Like an invoice in pretix: on issue every printed value is copied onto the verklaring (and the
werkprocessen onto ``VerklaringWerkproces`` rows), so later edits of the deelnemer, the
bedrijf or the catalogue never change an issued document. A correction is a new verklaring
that ``vervangt`` the old one, which is then revoked.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praktijkwijs.errors import OvergangNietToegestaan
from werkopdrachten.models import Kwalificatie, Werkproces

from .deelnemers import Deelnemer
from .organisaties import School
from .trajecten import Traject

# Crockford's base32: no I, L, O or U, so a printed code survives being read aloud or typed.
CODE_ALFABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# 28 characters of 5 bits: 140 random bits, printed as seven groups of four.
CODE_LENGTE = 28


def nieuwe_verificatiecode() -> str:
    return "".join(secrets.choice(CODE_ALFABET) for _ in range(CODE_LENGTE))


def normaliseer_code(code: str) -> str:
    """The code as stored, from what someone typed: case, dashes, spaces and look-alikes ignored."""
    code = code.upper().replace("-", "").replace(" ", "")
    return code.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


class VerklaringQuerySet(models.QuerySet):
    def voor(self, user) -> "VerklaringQuerySet":
        """The verklaringen ``user`` may see: those of the trajecten they may see; a deelnemer
        sees only issued ones (proposals are work of the staff)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_deelnemer:
            return self.filter(deelnemer__user=user, status__in=Verklaring.UITGEGEVEN_STATUSSEN)
        if user.rol:
            return self.filter(traject__in=Traject.objects.voor(user).values("pk"))
        return self.none()

    def uitgegeven(self) -> "VerklaringQuerySet":
        """Issued ones, valid and revoked, newest first (the deelnemer's /mijn/)."""
        return self.filter(status__in=Verklaring.UITGEGEVEN_STATUSSEN).order_by("-uitgegeven_op", "-pk")

    def open(self) -> "VerklaringQuerySet":
        return self.filter(status__in=Verklaring.OPEN_STATUSSEN)

    def delete(self):
        if self.filter(status__in=Verklaring.UITGEGEVEN_STATUSSEN).exists():
            raise OvergangNietToegestaan(_("Een uitgegeven verklaring kan niet worden verwijderd; trek haar in."))
        return super().delete()


class VerklaringStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("voorgesteld")
    TERUGGESTUURD = "teruggestuurd", _("teruggestuurd")
    GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")
    UITGEGEVEN = "uitgegeven", _("uitgegeven")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


class Verklaring(models.Model):
    """One praktijkverklaring mbo for one kwalificatie of one traject."""

    Status = VerklaringStatus

    OPEN_STATUSSEN = (Status.VOORGESTELD, Status.GOEDGEKEURD)
    UITGEGEVEN_STATUSSEN = (Status.UITGEGEVEN, Status.INGETROKKEN)
    # What may still change on an issued verklaring: only its revocation.
    NA_UITGIFTE_WIJZIGBAAR = frozenset({"status", "ingetrokken_op", "ingetrokken_door", "intrekkingsreden"})

    traject = models.ForeignKey(
        Traject, on_delete=models.PROTECT, related_name="verklaringen", verbose_name=_("traject")
    )
    # The traject's deelnemer, kept here too so /mijn/ reaches "my verklaringen" in one step.
    deelnemer = models.ForeignKey(
        Deelnemer, on_delete=models.PROTECT, related_name="verklaringen", verbose_name=_("deelnemer")
    )
    kwalificatie = models.ForeignKey(
        Kwalificatie, on_delete=models.PROTECT, related_name="verklaringen", verbose_name=_("kwalificatie")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.VOORGESTELD)
    werkprocessen = models.ManyToManyField(
        Werkproces, related_name="verklaringen", verbose_name=_("voorgestelde werkprocessen")
    )
    samenvattend_oordeel = models.TextField(
        _("samenvattend oordeel van de praktijkbegeleider"),
        help_text=_("Kort: wat kan de deelnemer zelfstandig, en hoe is dat beoordeeld?"),
    )
    # A foreign key, not one-to-one: a replacement that was sent back leaves room for another.
    vervangt = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vervangingen",
        verbose_name=_("vervangt"),
    )
    vervangreden = models.TextField(_("reden van vervanging"), blank=True)

    voorgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("voorgesteld door")
    )
    voorgesteld_op = models.DateTimeField(_("voorgesteld op"), default=timezone.now)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    terugstuurreden = models.TextField(_("reden van terugsturen"), blank=True)

    # -- set once, on issue ------------------------------------------------------------
    nummer = models.CharField(_("nummer"), max_length=30, blank=True, default="")
    verificatiecode = models.CharField(_("verificatiecode"), max_length=40, default=nieuwe_verificatiecode)
    uitgegeven_op = models.DateTimeField(_("uitgegeven op"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 van de PDF"), max_length=64, blank=True)

    # The printed values, copied from the traject, deelnemer, school, bedrijf and catalogue.
    deelnemer_naam = models.CharField(_("naam deelnemer"), max_length=250, blank=True)
    deelnemer_geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    deelnemer_geboorteplaats = models.CharField(_("geboorteplaats"), max_length=100, blank=True)
    school_naam = models.CharField(_("school"), max_length=200, blank=True)
    school_brin = models.CharField(_("BRIN-code"), max_length=4, blank=True)
    kwalificatie_naam = models.CharField(_("kwalificatie"), max_length=200, blank=True)
    kwalificatie_crebo = models.CharField(_("crebocode"), max_length=5, blank=True)
    kwalificatie_niveau = models.PositiveSmallIntegerField(_("niveau"), null=True, blank=True)
    kwalificatie_dossier_versie = models.CharField(_("versie kwalificatiedossier"), max_length=20, blank=True)
    bedrijf_naam = models.CharField(_("leerbedrijf"), max_length=200, blank=True)
    bedrijf_plaats = models.CharField(_("plaats leerbedrijf"), max_length=100, blank=True)
    bedrijf_sbb_nummer = models.CharField(_("SBB-erkenningsnummer"), max_length=20, blank=True)
    begeleider_namen = models.CharField(_("praktijkbegeleider(s)"), max_length=500, blank=True)
    periode_van = models.DateField(_("periode van"), null=True, blank=True)
    periode_tot = models.DateField(_("periode tot"), null=True, blank=True)
    beoordelaar_naam = models.CharField(_("beoordelaar"), max_length=250, blank=True)
    plaats_uitgifte = models.CharField(_("plaats van uitgifte"), max_length=100, blank=True)
    datum_uitgifte = models.DateField(_("datum van uitgifte"), null=True, blank=True)

    # -- revocation ----------------------------------------------------------------------
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )
    intrekkingsreden = models.TextField(_("reden van intrekking"), blank=True)

    objects = VerklaringQuerySet.as_manager()

    class Meta:
        verbose_name = _("praktijkverklaring")
        verbose_name_plural = _("praktijkverklaringen")
        ordering = ["-voorgesteld_op", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=VerklaringStatus.values), name="verklaring_status_valid"
            ),
            models.UniqueConstraint(fields=["nummer"], condition=~models.Q(nummer=""), name="verklaring_nummer_unique"),
            models.UniqueConstraint(fields=["verificatiecode"], name="verklaring_verificatiecode_unique"),
            # One proposal in the works, and one valid verklaring, per kwalificatie of a traject.
            models.UniqueConstraint(
                fields=["traject", "kwalificatie"],
                condition=models.Q(status__in=["voorgesteld", "goedgekeurd"]),
                name="verklaring_een_open_per_traject_kwalificatie",
            ),
            models.UniqueConstraint(
                fields=["traject", "kwalificatie"],
                condition=models.Q(status="uitgegeven"),
                name="verklaring_een_geldige_per_traject_kwalificatie",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["uitgegeven", "ingetrokken"])
                | (~models.Q(nummer="") & ~models.Q(sha256="") & ~models.Q(pdf="")),
                name="verklaring_uitgegeven_heeft_nummer_en_pdf",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ingetrokken")
                | (models.Q(ingetrokken_op__isnull=False) & ~models.Q(intrekkingsreden="")),
                name="verklaring_ingetrokken_heeft_datum_en_reden",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="teruggestuurd") | ~models.Q(terugstuurreden=""),
                name="verklaring_teruggestuurd_heeft_reden",
            ),
        ]
        indexes = [
            # The beoordelaar's queue: open proposals, oldest first.
            models.Index(fields=["status", "voorgesteld_op"], name="verklaring_status_voorgest_idx"),
        ]

    def __str__(self) -> str:
        if self.nummer:
            return _("Praktijkverklaring %(nummer)s") % {"nummer": self.nummer}
        return _("Voorstel praktijkverklaring %(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs) -> None:
        # An issued verklaring is a document: only its revocation may still be written.
        if getattr(self, "_status_bij_laden", None) in self.UITGEGEVEN_STATUSSEN:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or set(update_fields) - self.NA_UITGIFTE_WIJZIGBAAR:
                raise OvergangNietToegestaan(_("Een uitgegeven verklaring kan niet meer worden gewijzigd."))
        super().save(*args, **kwargs)
        self._status_bij_laden = self.status

    def get_absolute_url(self) -> str:
        return reverse("trajecten:verklaring", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.status in self.UITGEGEVEN_STATUSSEN or self.nummer:
            raise OvergangNietToegestaan(_("Een uitgegeven verklaring kan niet worden verwijderd; trek haar in."))
        return super().delete(*args, **kwargs)

    # Remembered so save() can tell an issued verklaring from one being issued right now.
    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._status_bij_laden = instance.status
        return instance

    # -- reading -------------------------------------------------------------------------

    @property
    def is_uitgegeven(self) -> bool:
        return self.status in self.UITGEGEVEN_STATUSSEN

    @property
    def is_geldig(self) -> bool:
        return self.status == self.Status.UITGEGEVEN

    @property
    def verificatie_url(self) -> str:
        return settings.SITE_URL + reverse("trajecten:verificatie", args=[self.verificatiecode])

    @property
    def code_leesbaar(self) -> str:
        """The verification code as printed: groups of four."""
        return "-".join(self.verificatiecode[i : i + 4] for i in range(0, len(self.verificatiecode), 4))

    @property
    def bestandsnaam(self) -> str:
        return f"praktijkverklaring-{self.nummer}.pdf"

    def werkprocessen_per_kerntaak(self) -> list[tuple[str, str, list["VerklaringWerkproces"]]]:
        """The printed werkprocessen grouped as on the PDF: (kerntaak code, titel, rows)."""
        groepen: dict[str, tuple[str, str, list]] = {}
        for rij in self.regels.all():
            groepen.setdefault(rij.kerntaak_code, (rij.kerntaak_code, rij.kerntaak_titel, []))[2].append(rij)
        return list(groepen.values())

    # -- predicates ----------------------------------------------------------------------

    def kan_goedkeuren(self) -> bool:
        return self.status == self.Status.VOORGESTELD

    def kan_terugsturen(self) -> bool:
        return self.status in (self.Status.VOORGESTELD, self.Status.GOEDGEKEURD)

    def kan_uitgeven(self) -> bool:
        return self.status == self.Status.GOEDGEKEURD

    def kan_intrekken(self) -> bool:
        return self.status == self.Status.UITGEGEVEN

    def kan_vervangen(self) -> bool:
        """Issued and valid, and no replacement already under way."""
        if self.status != self.Status.UITGEGEVEN:
            return False
        return not self.vervangingen.filter(status__in=self.OPEN_STATUSSEN).exists()

    @property
    def vervangen_door(self) -> "Verklaring | None":
        """The issued verklaring that replaced this one, if any."""
        return self.vervangingen.filter(status__in=self.UITGEGEVEN_STATUSSEN).first()

    def is_deze_pdf(self, bestand) -> bool:
        """Whether an uploaded file is byte for byte the registered PDF (by SHA-256)."""
        if not self.sha256:
            return False
        digest = hashlib.sha256()
        for chunk in bestand.chunks():
            digest.update(chunk)
        return secrets.compare_digest(digest.hexdigest(), self.sha256)

    # -- transitions (one object); issuing touches several and lives in services.py -----

    def keur_goed(self, *, door) -> None:
        """The beoordelaar approves on behalf of the school. Issuing follows in the same
        transaction (``services.verklaring_keur_goed``)."""
        self._overgang(
            naar=self.Status.GOEDGEKEURD,
            toegestaan=Verklaring.kan_goedkeuren,
            door=door,
            toelichting="",
            velden={"beoordeeld_door": door, "beoordeeld_op": timezone.now()},
        )

    def stuur_terug(self, *, door, reden: str) -> None:
        if not reden.strip():
            raise OvergangNietToegestaan(_("Geef een reden op, zodat de coördinator weet wat er moet gebeuren."))
        self._overgang(
            naar=self.Status.TERUGGESTUURD,
            toegestaan=Verklaring.kan_terugsturen,
            door=door,
            toelichting=reden,
            velden={"terugstuurreden": reden, "beoordeeld_door": door, "beoordeeld_op": timezone.now()},
        )

    def trek_in(self, *, door, reden: str) -> None:
        if not reden.strip():
            raise OvergangNietToegestaan(_("Geef een reden op voor de intrekking."))
        self._overgang(
            naar=self.Status.INGETROKKEN,
            toegestaan=Verklaring.kan_intrekken,
            door=door,
            toelichting=reden,
            velden={"ingetrokken_op": timezone.now(), "ingetrokken_door": door, "intrekkingsreden": reden},
        )

    def _overgang(self, *, naar, toegestaan, door, toelichting, velden) -> None:
        with transaction.atomic():
            locked = Verklaring.objects.select_for_update().get(pk=self.pk)
            van = locked.status
            if van == naar:
                return  # a double click: already done, nothing to record
            if not toegestaan(locked):
                raise OvergangNietToegestaan(
                    _("Dit kan niet: de verklaring is %(status)s.") % {"status": locked.get_status_display()}
                )
            for name, value in velden.items():
                setattr(locked, name, value)
            locked.status = naar
            locked.save(update_fields=["status", *velden])
            VerklaringWijziging.objects.create(
                verklaring=locked, door=door, van_status=van, naar_status=naar, toelichting=toelichting
            )
        self.refresh_from_db()
        self._status_bij_laden = self.status


class VerklaringWerkproces(models.Model):
    """A printed werkproces of an issued verklaring: copied, so catalogue edits never reach it."""

    verklaring = models.ForeignKey(Verklaring, on_delete=models.CASCADE, related_name="regels")
    volgorde = models.PositiveSmallIntegerField(_("volgorde"))
    # Kept for reports only; the printed text is in the fields below.
    werkproces = models.ForeignKey(Werkproces, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kerntaak_code = models.CharField(_("kerntaak"), max_length=20)
    kerntaak_titel = models.CharField(_("titel kerntaak"), max_length=200)
    werkproces_code = models.CharField(_("werkproces"), max_length=20)
    werkproces_titel = models.CharField(_("titel werkproces"), max_length=200)

    class Meta:
        verbose_name = _("werkproces op een verklaring")
        verbose_name_plural = _("werkprocessen op verklaringen")
        ordering = ["verklaring", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["verklaring", "werkproces_code"], name="verklaringwerkproces_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.werkproces_code} {self.werkproces_titel}"


class VerklaringTeller(models.Model):
    """The last number issued per school per year. Issuing locks this row, so numbers are
    gapless and unique even when two beoordelaars approve at the same moment."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    laatste = models.PositiveIntegerField(_("laatste nummer"), default=0)

    class Meta:
        verbose_name = _("nummerteller")
        verbose_name_plural = _("nummertellers")
        constraints = [models.UniqueConstraint(fields=["school", "jaar"], name="verklaringteller_unique")]

    def __str__(self) -> str:
        return f"{self.school_id}/{self.jaar}: {self.laatste}"


class VerklaringWijziging(models.Model):
    """History: one row per state change of a verklaring (who, when, from, to, why)."""

    verklaring = models.ForeignKey(Verklaring, on_delete=models.CASCADE, related_name="wijzigingen")
    op = models.DateTimeField(_("op"), default=timezone.now)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    van_status = models.CharField(_("van"), max_length=20, choices=Verklaring.Status, blank=True)
    naar_status = models.CharField(_("naar"), max_length=20, choices=Verklaring.Status)
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("wijziging van een verklaring")
        verbose_name_plural = _("wijzigingen van verklaringen")
        ordering = ["op", "pk"]

    def __str__(self) -> str:
        return f"{self.verklaring_id}: {self.van_status} → {self.naar_status}"
