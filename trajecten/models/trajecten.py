import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praktijkwijs import cacheversie
from praktijkwijs.errors import OvergangNietToegestaan
from werkopdrachten.models import Vakvaardigheid, Werkopdracht, Werkproces

from .aanvragen import Aanvraag
from .deelnemers import Deelnemer
from .organisaties import Bedrijf, Praktijkbegeleider, School

GEEN_VOORTGANG_NA = datetime.timedelta(weeks=4)


class TrajectQuerySet(models.QuerySet):
    def voor(self, user) -> "TrajectQuerySet":
        """The trajecten ``user`` may see. The one place that answers this question."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        if user.is_begeleider:
            return self.filter(begeleiders__user=user)
        if user.is_beoordelaar:
            return self.filter(school__beoordelaars__user=user)
        if user.is_deelnemer:
            return self.filter(deelnemer__user=user)
        return self.none()

    def lopend(self) -> "TrajectQuerySet":
        return self.filter(status__in=[Traject.Status.GEPLAND, Traject.Status.ACTIEF])

    def zonder_recente_voortgang(self) -> "TrajectQuerySet":
        grens = timezone.now() - GEEN_VOORTGANG_NA
        return self.filter(status=Traject.Status.ACTIEF, laatste_activiteit__lt=grens)


class TrajectStatus(models.TextChoices):
    GEPLAND = "gepland", _("gepland")
    ACTIEF = "actief", _("actief")
    AFGEROND = "afgerond", _("afgerond")
    GESTOPT = "gestopt", _("gestopt")


class Traject(models.Model):
    """One deelnemer learning one or more vakvaardigheden at one bedrijf."""

    Status = TrajectStatus

    deelnemer = models.ForeignKey(
        Deelnemer, on_delete=models.PROTECT, related_name="trajecten", verbose_name=_("deelnemer")
    )
    aanvraag = models.OneToOneField(
        Aanvraag, on_delete=models.PROTECT, null=True, blank=True, related_name="traject", verbose_name=_("aanvraag")
    )
    bedrijf = models.ForeignKey(Bedrijf, on_delete=models.PROTECT, related_name="trajecten", verbose_name=_("bedrijf"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="trajecten", verbose_name=_("school"))
    begeleiders = models.ManyToManyField(
        Praktijkbegeleider, related_name="trajecten", verbose_name=_("praktijkbegeleiders")
    )
    vakvaardigheden = models.ManyToManyField(
        Vakvaardigheid, related_name="trajecten", verbose_name=_("vakvaardigheden")
    )
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.GEPLAND)
    stopreden = models.TextField(_("reden van stoppen"), blank=True)
    geplande_uren_per_week = models.DecimalField(
        _("geplande uren per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # Kept up to date by Voortgang.zet_status so list pages need no aggregate per row.
    laatste_activiteit = models.DateTimeField(_("laatste activiteit"), default=timezone.now)
    aantal_opdrachten = models.PositiveIntegerField(default=0, editable=False)
    aantal_beheerst = models.PositiveIntegerField(default=0, editable=False)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-startdatum", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=TrajectStatus.values), name="traject_status_valid"),
            models.CheckConstraint(
                condition=models.Q(einddatum__isnull=True) | models.Q(einddatum__gte=models.F("startdatum")),
                name="traject_einddatum_na_startdatum",
            ),
            models.CheckConstraint(
                condition=models.Q(aantal_beheerst__lte=models.F("aantal_opdrachten")),
                name="traject_beheerst_niet_meer_dan_opdrachten",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="gestopt") | ~models.Q(stopreden=""), name="traject_gestopt_heeft_reden"
            ),
        ]
        indexes = [
            # Signal "no progress in 4 weeks" and the begeleider's home (latest activity first).
            models.Index(fields=["status", "laatste_activiteit"], name="traject_status_activiteit_idx"),
            # The trajecten overview in its default order (ORDER BY startdatum DESC, id DESC LIMIT 25):
            # an index scan of 25 rows instead of sorting all 20 000 (150 ms -> 0.4 ms), once the
            # query has no blanket DISTINCT.
            models.Index(fields=["-startdatum", "-id"], name="traject_startdatum_idx"),
        ]

    def __str__(self) -> str:
        return _("Traject van %(deelnemer)s bij %(bedrijf)s") % {"deelnemer": self.deelnemer, "bedrijf": self.bedrijf}

    def save(self, *args, **kwargs) -> None:
        if not (self._state.adding and self.aanvraag_id):
            # A plain save writes one row: no savepoint (two queries) where nothing else is written.
            return super().save(*args, **kwargs)
        with transaction.atomic():
            super().save(*args, **kwargs)
            # Its aanvraag no longer waits for it (Aanvraag.wacht_op_traject), in the same commit.
            Aanvraag.objects.filter(pk=self.aanvraag_id, wacht_op_traject=True).update(wacht_op_traject=False)
            # update() sends no signal: the board's counts of waiting aanvragen are out of date.
            cacheversie.verouder("aanvragen")

    def get_absolute_url(self) -> str:
        return reverse("trajecten:traject", args=[self.pk])

    def clean(self) -> None:
        if self.einddatum and self.startdatum and self.einddatum < self.startdatum:
            raise ValidationError({"einddatum": _("De einddatum ligt voor de startdatum.")})

    @property
    def procent_beheerst(self) -> int:
        if not self.aantal_opdrachten:
            return 0
        return round(100 * self.aantal_beheerst / self.aantal_opdrachten)

    @property
    def is_klaar_voor_verklaring(self) -> bool:
        return self.aantal_opdrachten > 0 and self.aantal_beheerst == self.aantal_opdrachten

    @property
    def is_einddatum_verstreken(self) -> bool:
        return self.einddatum is not None and self.einddatum < timezone.localdate() and self.is_lopend

    @property
    def heeft_geen_recente_voortgang(self) -> bool:
        return self.status == self.Status.ACTIEF and self.laatste_activiteit < timezone.now() - GEEN_VOORTGANG_NA

    @property
    def is_lopend(self) -> bool:
        return self.status in (self.Status.GEPLAND, self.Status.ACTIEF)

    @property
    def signalen(self) -> frozenset[str]:
        """The trajecten overview's signals that this traject shows: the rules of
        forms.aanvragen.signaal_filter, here in Python (a test holds the two to each other)."""
        return frozenset(
            naam
            for naam, geldt in (
                ("geen_voortgang", self.heeft_geen_recente_voortgang),
                ("einddatum_verstreken", self.is_einddatum_verstreken),
                ("klaar", self.is_lopend and self.is_klaar_voor_verklaring),
            )
            if geldt
        )

    def kan_starten(self) -> bool:
        return self.status == self.Status.GEPLAND

    def kan_afronden(self) -> bool:
        return self.status == self.Status.ACTIEF

    def kan_stoppen(self) -> bool:
        return self.is_lopend

    def start(self, *, door) -> None:
        self._overgang(naar=self.Status.ACTIEF, toegestaan=Traject.kan_starten, door=door, toelichting="")

    def rond_af(self, *, door, einddatum: datetime.date | None = None, toelichting: str = "") -> None:
        self._overgang(
            naar=self.Status.AFGEROND,
            toegestaan=Traject.kan_afronden,
            door=door,
            toelichting=toelichting,
            velden={"einddatum": einddatum or timezone.localdate()},
        )

    def stop(self, *, door, reden: str, einddatum: datetime.date | None = None) -> None:
        if not reden.strip():
            raise OvergangNietToegestaan(_("Geef een reden op waarom het traject stopt."))
        self._overgang(
            naar=self.Status.GESTOPT,
            toegestaan=Traject.kan_stoppen,
            door=door,
            toelichting=reden,
            velden={"stopreden": reden, "einddatum": einddatum or timezone.localdate()},
        )

    def _overgang(self, *, naar, toegestaan, door, toelichting, velden=None) -> None:
        velden = velden or {}
        with transaction.atomic():
            locked = Traject.objects.select_for_update().get(pk=self.pk)
            van = locked.status
            if van == naar:
                return
            if not toegestaan(locked):
                raise OvergangNietToegestaan(
                    _("Dit kan niet: het traject is %(status)s.") % {"status": locked.get_status_display()}
                )
            if "einddatum" in velden and velden["einddatum"] < locked.startdatum:
                velden["einddatum"] = locked.startdatum
            for name, value in velden.items():
                setattr(locked, name, value)
            locked.status = naar
            locked.save(update_fields=["status", *velden])
            TrajectWijziging.objects.create(
                traject=locked, door=door, van_status=van, naar_status=naar, toelichting=toelichting
            )
        self.refresh_from_db()

    def herbereken_voortgang(self) -> None:
        """Recount the cached totals from the voortgang rows (after creating them in bulk)."""
        rijen = self.voortgang.all()
        self.aantal_opdrachten = rijen.count()
        self.aantal_beheerst = rijen.filter(status=Voortgang.Status.BEHEERST).count()
        self.save(update_fields=["aantal_opdrachten", "aantal_beheerst"])

    def voortgang_per_werkproces(self) -> list["WerkprocesVoortgang"]:
        """Progress per werkproces: mastered when all its werkopdrachten in this traject are.

        Three queries whatever the size of the traject.
        """
        rijen = list(self.voortgang.select_related("werkopdracht").order_by("werkopdracht__volgorde"))
        per_opdracht = {rij.werkopdracht_id: rij for rij in rijen}
        koppelingen = (
            Werkopdracht.werkprocessen.through.objects.filter(werkopdracht_id__in=per_opdracht)
            .select_related("werkproces__kerntaak")
            .order_by("werkproces__code")
        )
        per_werkproces: dict[int, WerkprocesVoortgang] = {}
        for koppeling in koppelingen:
            wp = koppeling.werkproces
            entry = per_werkproces.setdefault(wp.pk, WerkprocesVoortgang(werkproces=wp))
            entry.voortgang.append(per_opdracht[koppeling.werkopdracht_id])
        return list(per_werkproces.values())

    def weken_sinds_start(self, op: datetime.date | None = None) -> int:
        """Calendar weeks the traject has run up to ``op`` (default today), counting the
        start week and the current week; stops at the einddatum. The basis for planned hours."""
        op = op or timezone.localdate()
        if self.einddatum and self.einddatum < op:
            op = self.einddatum
        if op < self.startdatum:
            return 0
        return (maandag_van(op) - maandag_van(self.startdatum)).days // 7 + 1

    def registreer_uren(self, *, week: datetime.date, uren: Decimal, door, notitie: str = "") -> "Uren":
        """Record the hours of the week holding ``week``; a second entry for that week
        replaces the first (a correction, not an addition)."""
        if self.status != TrajectStatus.ACTIEF:
            raise OvergangNietToegestaan(_("Uren kunnen alleen bij een actief traject worden geregistreerd."))
        maandag = maandag_van(week)
        with transaction.atomic():
            rij, _created = Uren.objects.update_or_create(
                traject=self,
                week=maandag,
                defaults={"uren": uren, "notitie": notitie, "geregistreerd_door": door},
            )
        # laatste_activiteit is left alone: it signals progress on werkopdrachten, and hours
        # alone must not hide a traject that stands still.
        return rij


@dataclass
class WerkprocesVoortgang:
    werkproces: Werkproces
    voortgang: list["Voortgang"] = field(default_factory=list)

    @property
    def totaal(self) -> int:
        return len(self.voortgang)

    @property
    def aantal_beheerst(self) -> int:
        return sum(1 for rij in self.voortgang if rij.is_beheerst)

    @property
    def is_beheerst(self) -> bool:
        return self.totaal > 0 and self.aantal_beheerst == self.totaal

    @property
    def procent(self) -> int:
        return round(100 * self.aantal_beheerst / self.totaal) if self.totaal else 0

    @property
    def ontbrekend(self) -> list["Voortgang"]:
        return [rij for rij in self.voortgang if not rij.is_beheerst]


class TrajectWijziging(models.Model):
    """History: one row per state change of a traject."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="wijzigingen")
    op = models.DateTimeField(_("op"), default=timezone.now)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    van_status = models.CharField(_("van"), max_length=20, choices=Traject.Status, blank=True)
    naar_status = models.CharField(_("naar"), max_length=20, choices=Traject.Status)
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("wijziging van een traject")
        verbose_name_plural = _("wijzigingen van trajecten")
        ordering = ["op", "pk"]

    def __str__(self) -> str:
        return f"{self.traject_id}: {self.van_status} → {self.naar_status}"


class VoortgangStatus(models.TextChoices):
    NOG_NIET = "nog_niet", _("nog niet")
    BEZIG = "bezig", _("bezig")
    BEHEERST = "beheerst", _("beheerst")


class Voortgang(models.Model):
    """Progress of one werkopdracht in one traject."""

    Status = VoortgangStatus

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="voortgang")
    werkopdracht = models.ForeignKey(
        Werkopdracht, on_delete=models.PROTECT, related_name="voortgang", verbose_name=_("werkopdracht")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NOG_NIET)
    bij_intake = models.BooleanField(_("al beheerst bij intake"), default=False)
    afgetekend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgetekend door"),
    )
    afgetekend_op = models.DateField(_("beheerst sinds"), null=True, blank=True)
    notitie = models.TextField(_("notitie"), blank=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    # What "undo" goes back to: the state before the latest change into the current one (a
    # change of only the date or note enters no state); *nog niet* for a row never changed.
    # Kept by zet_status under the row's lock; the history (VoortgangWijziging) stays the
    # record it follows from. Stored, as reading it from the history per row cost every
    # checklist a subquery per row (~1 ms of building and running the query).
    vorige_status = models.CharField(
        _("terug naar"), max_length=20, choices=Status, default=Status.NOG_NIET, editable=False
    )

    class Meta:
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")
        ordering = ["traject", "werkopdracht__volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "werkopdracht"], name="voortgang_unique_per_traject"),
            models.CheckConstraint(
                condition=models.Q(status__in=VoortgangStatus.values), name="voortgang_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(bij_intake=True) | models.Q(status="beheerst"),
                name="voortgang_bij_intake_is_beheerst",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="beheerst") | models.Q(afgetekend_op__isnull=False),
                name="voortgang_beheerst_heeft_datum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.werkopdracht}: {self.get_status_display()}"

    @property
    def is_beheerst(self) -> bool:
        return self.status == self.Status.BEHEERST

    # What zet_status writes.
    ZET_STATUS_VELDEN = (
        "status", "afgetekend_op", "afgetekend_door", "bij_intake", "notitie", "gewijzigd_op", "vorige_status",
    )  # fmt: skip

    def zet_status(self, *, status: str, door, datum: datetime.date | None = None, notitie: str | None = None) -> bool:
        """Change the state (tick, *bezig*, or undo). Returns whether anything changed.

        Locks the traject first so concurrent ticks on one traject queue up and its cached
        totals stay exact; a repeated tap finds the target state already set and records
        nothing.
        """
        if status not in self.Status.values:
            raise OvergangNietToegestaan(_("Onbekende status."))
        # No savepoint inside a caller's transaction (the tap's view commits its access log with
        # the change): two statements fewer, and an error here rolls back the caller's work too.
        with transaction.atomic(savepoint=False):
            traject = Traject.objects.select_for_update().get(pk=self.traject_id)
            if not traject.is_lopend:
                raise OvergangNietToegestaan(
                    _("Dit traject is %(status)s; de voortgang kan niet meer veranderen.")
                    % {"status": traject.get_status_display()}
                )
            locked = Voortgang.objects.select_for_update().get(pk=self.pk)
            if status == self.Status.BEHEERST:
                datum = datum or timezone.localdate()
            else:
                datum = None
            nieuwe_notitie = locked.notitie if notitie is None else notitie
            if (locked.status, locked.afgetekend_op, locked.notitie) == (status, datum, nieuwe_notitie):
                self._neem_over(locked)
                return False
            van = locked.status
            if van != status:
                locked.vorige_status = van
            locked.status = status
            locked.afgetekend_op = datum
            locked.afgetekend_door = door if status == self.Status.BEHEERST else None
            locked.bij_intake = False
            locked.notitie = nieuwe_notitie
            locked.gewijzigd_op = timezone.now()
            locked.save(update_fields=self.ZET_STATUS_VELDEN)
            VoortgangWijziging.objects.create(
                voortgang=locked, door=door, van_status=van, naar_status=status, datum=datum, notitie=nieuwe_notitie
            )
            signalen_voor = traject.signalen
            traject.aantal_beheerst = traject.voortgang.filter(status=self.Status.BEHEERST).count()
            traject.laatste_activiteit = locked.gewijzigd_op
            # update(), not save(): save's signal would make the trajecten overview count its
            # signals afresh after every tap (cacheversie "trajecten"), and begeleiders tap all
            # day. Those counts change only when a tap moves the traject in or out of a signal.
            Traject.objects.filter(pk=traject.pk).update(
                aantal_beheerst=traject.aantal_beheerst, laatste_activiteit=traject.laatste_activiteit
            )
            if traject.signalen != signalen_voor:
                cacheversie.verouder("trajecten")
        self._neem_over(locked)
        if Voortgang.traject.is_cached(self):  # the caller's traject shows the new totals too
            self.traject.aantal_beheerst = traject.aantal_beheerst
            self.traject.laatste_activiteit = traject.laatste_activiteit
        return True

    def _neem_over(self, locked: "Voortgang") -> None:
        """This instance as the row was read under the lock (instead of reading it once more)."""
        for naam in self.ZET_STATUS_VELDEN:
            veld = self._meta.get_field(naam).attname
            setattr(self, veld, getattr(locked, veld))


class VoortgangWijziging(models.Model):
    """History of a voortgang row: who, when, from, to, note."""

    voortgang = models.ForeignKey(Voortgang, on_delete=models.CASCADE, related_name="wijzigingen")
    op = models.DateTimeField(_("op"), default=timezone.now)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    van_status = models.CharField(_("van"), max_length=20, choices=Voortgang.Status, blank=True)
    naar_status = models.CharField(_("naar"), max_length=20, choices=Voortgang.Status)
    datum = models.DateField(_("beheerst sinds"), null=True, blank=True)
    notitie = models.TextField(_("notitie"), blank=True)

    class Meta:
        verbose_name = _("wijziging van voortgang")
        verbose_name_plural = _("wijzigingen van voortgang")
        ordering = ["op", "pk"]

    def __str__(self) -> str:
        return f"{self.voortgang_id}: {self.van_status} → {self.naar_status}"


def maandag_van(datum: datetime.date) -> datetime.date:
    return datum - datetime.timedelta(days=datum.weekday())


class Uren(models.Model):
    """Hours at the workplace in one week (the week is stored as its Monday)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="uren")
    week = models.DateField(_("week (maandag)"))
    uren = models.DecimalField(
        _("uren"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(80)]
    )
    notitie = models.CharField(_("notitie"), max_length=200, blank=True)
    geregistreerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    geregistreerd_op = models.DateTimeField(_("geregistreerd op"), auto_now=True)

    class Meta:
        verbose_name = _("uren")
        verbose_name_plural = _("uren")
        ordering = ["traject", "-week"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "week"], name="uren_unique_per_week"),
            models.CheckConstraint(condition=models.Q(uren__gte=0, uren__lte=80), name="uren_between_0_and_80"),
        ]

    def __str__(self) -> str:
        return f"{self.week:%G-W%V}: {self.uren}"

    def save(self, *args, **kwargs) -> None:
        self.week = maandag_van(self.week)
        super().save(*args, **kwargs)


class UrenNorm(models.Model):
    """Hours per week a doelgroep must reach (inburgeraars: the hours norm for inburgering)."""

    doelgroep = models.CharField(_("doelgroep"), max_length=20, choices=Deelnemer.Doelgroep)
    uren_per_week = models.DecimalField(
        _("uren per week"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        verbose_name = _("urennorm")
        verbose_name_plural = _("urennormen")
        constraints = [models.UniqueConstraint(fields=["doelgroep"], name="urennorm_unique_per_doelgroep")]

    def __str__(self) -> str:
        return f"{self.get_doelgroep_display()}: {self.uren_per_week}"

    @classmethod
    def stel_in(cls, normen: dict[str, Decimal | None]) -> None:
        """Set the norm per doelgroep in one go; ``None`` removes the norm of that doelgroep."""
        with transaction.atomic():
            for doelgroep, uren in normen.items():
                if uren is None:
                    cls.objects.filter(doelgroep=doelgroep).delete()
                else:
                    cls.objects.update_or_create(doelgroep=doelgroep, defaults={"uren_per_week": uren})
