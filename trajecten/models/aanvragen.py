import operator
from functools import reduce

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praktijkwijs.errors import OvergangNietToegestaan
from werkopdrachten.models import Vakvaardigheid, Werkopdracht

from .deelnemers import Deelnemer, naam_bevat
from .organisaties import Bedrijf, Praktijkbegeleider, School


class InArray(models.Lookup):
    """``lhs IN (subquery)``; on PostgreSQL written as ``lhs = ANY(ARRAY(subquery))``.

    PostgreSQL evaluates ``ARRAY(subquery)`` once (an InitPlan) and can then answer the condition
    from the column's index, also inside an OR (a BitmapOr of both foreign-key indexes), whereas
    ``IN (subquery)`` inside an OR is a hashed filter on every row of a sequential scan. Used for
    counting all matches; for one sorted page the plain IN is better (see ``AanvraagQuerySet.zoek``).
    """

    lookup_name = "in_array"
    prepare_rhs = False

    def _delen(self, compiler, connection) -> tuple[str, str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if not rhs.startswith("("):
            rhs = f"({rhs})"
        return lhs, rhs, [*lhs_params, *rhs_params]

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        lhs, rhs, params = self._delen(compiler, connection)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler, connection) -> tuple[str, list]:
        lhs, rhs, params = self._delen(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", params


# A search word held by more bedrijven than this ("Leerbedrijf", "Bakkerij") narrows the
# candidates by their deelnemers alone: the bedrijven's numbers would restrict little, and
# hundreds of them cost more to send and plan (~3 ms for 444) than the search itself.
VEEL_BEDRIJVEN = 50


class AanvraagQuerySet(models.QuerySet):
    def voor(self, user) -> "AanvraagQuerySet":
        """Aanvragen are the coördinator's work; nobody else sees them."""
        if user.is_authenticated and user.is_coordinator:
            return self.all()
        return self.none()

    def open(self) -> "AanvraagQuerySet":
        return self.filter(status__in=Aanvraag.OPEN_STATUSSEN)

    def zoek(self, tekst: str, *, om_te_tellen: bool = False) -> "AanvraagQuerySet":
        """Every word must occur in the deelnemer's name or the bedrijf's name.

        Found in two steps that indexes answer, never by joining every aanvraag first (an OR across
        two joined tables: 160-180 ms at 30 000):

        1. The candidates: aanvragen of a deelnemer whose name holds *every* word (the trigram
           index of migration 0002 intersects the words' matches: "Bas van den Heuvel" is a handful
           of deelnemers, where "van" alone is 2 815), of a bedrijf whose name holds every word,
           or of a deelnemer holding the words that its bedrijf, holding the others, lacks (a
           search for "Sanne Laborijn"). Every match is among them. Asking only for a bedrijf
           holding *one* word made a word that many bedrijven share ("Leerbedrijf 123", "Bakkerij
           Smit") a candidate of thousands of aanvragen: 85 ms, now 29.
        2. Each word tested on the candidates' own deelnemer and bedrijf.

        A word of one or two letters ("de", "te") has no trigram to look up (as a lookup of its own
        it reads every deelnemer): it only takes part in step 2, unless all words are that short.

        For one sorted page, ``deelnemer_id IN (…) OR bedrijf_id IN (…)`` lets PostgreSQL walk the
        ingediend_op index until it has 25 (quick when matches are many; the overview fetches few
        matches by their numbers instead). To count every match (``om_te_tellen``) the
        ``ANY(ARRAY(…))`` form fetches just the candidates through both foreign-key indexes.
        """
        woorden = tekst.split()
        if not woorden:
            return self
        opzoekbaar = [woord for woord in woorden if len(woord) >= 3] or woorden

        def van(veld: str, rijen: models.QuerySet) -> models.Q:
            rijen = rijen.order_by().values("pk")
            if om_te_tellen:
                return models.Q(InArray(models.F(f"{veld}_id"), rijen))
            return models.Q(**{f"{veld}__in": rijen})

        def deelnemers(*voorwaarden: models.Q) -> models.QuerySet:
            return Deelnemer.objects.filter(*voorwaarden)

        naam_heeft = [naam_bevat(woord) for woord in opzoekbaar]
        bedrijf_heeft = [models.Q(naam__icontains=woord) for woord in opzoekbaar]
        kandidaten = van("deelnemer", deelnemers(*naam_heeft))
        if len(woorden) == 1:
            kandidaten |= van("bedrijf", Bedrijf.objects.filter(*bedrijf_heeft))
        else:
            # The bedrijven holding one of the words are read first (a small table), each with
            # which words it holds. Their numbers as literals give PostgreSQL true estimates: a
            # subquery's guess of hundreds of candidates, under the test of each word, made it
            # hash-join every deelnemer (3 ms for "Bas van den Heuvel", who works at none of
            # them; 13 ms for "de Vries", whose short "de" is only tested).
            houdt = {
                f"houdt_{i}": models.ExpressionWrapper(q, models.BooleanField()) for i, q in enumerate(bedrijf_heeft)
            }
            bedrijven = Bedrijf.objects.filter(reduce(operator.or_, bedrijf_heeft)).annotate(**houdt)
            # Grouped by the words they lack, which the deelnemer must then hold.
            per_ontbrekend: dict[tuple[int, ...], list[int]] = {}
            for pk, *gehouden in bedrijven.values_list("pk", *houdt):
                ontbrekend = tuple(i for i, ja in enumerate(gehouden) if not ja)
                per_ontbrekend.setdefault(ontbrekend, []).append(pk)
            for ontbrekend, pks in per_ontbrekend.items():
                if not ontbrekend:  # a bedrijf holding every word
                    kandidaten |= models.Q(bedrijf_id__in=pks)
                    continue
                # Some words in the bedrijf's name and the others in the deelnemer's.
                aanvullend = van("deelnemer", deelnemers(*(naam_heeft[i] for i in ontbrekend)))
                if len(pks) <= VEEL_BEDRIJVEN:
                    aanvullend &= models.Q(bedrijf_id__in=pks)
                kandidaten |= aanvullend
        qs = self.filter(kandidaten)
        for woord in woorden:
            qs = qs.filter(naam_bevat(woord, via="deelnemer__") | models.Q(bedrijf__naam__icontains=woord))
        return qs


class AanvraagStatus(models.TextChoices):
    INGEDIEND = "ingediend", _("ingediend")
    INTAKE_GEPLAND = "intake_gepland", _("intake gepland")
    INTAKE_GEHOUDEN = "intake_gehouden", _("intake gehouden")
    GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")
    AFGEWEZEN = "afgewezen", _("afgewezen")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


class AanvraagAdvies(models.TextChoices):
    POSITIEF = "positief", _("positief")
    TWIJFEL = "twijfel", _("twijfel")
    NEGATIEF = "negatief", _("negatief")


class Aanvraag(models.Model):
    """A request for a deelnemer to start praktijkleren. An approved aanvraag becomes a traject."""

    Status = AanvraagStatus

    OPEN_STATUSSEN = (Status.INGEDIEND, Status.INTAKE_GEPLAND, Status.INTAKE_GEHOUDEN)

    Advies = AanvraagAdvies

    deelnemer = models.ForeignKey(
        Deelnemer, on_delete=models.PROTECT, related_name="aanvragen", verbose_name=_("deelnemer")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.INGEDIEND)
    vakvaardigheden = models.ManyToManyField(
        Vakvaardigheid, blank=True, related_name="aanvragen", verbose_name=_("vakvaardigheden")
    )
    bedrijf = models.ForeignKey(
        Bedrijf, on_delete=models.PROTECT, null=True, blank=True, related_name="aanvragen", verbose_name=_("bedrijf")
    )
    praktijkbegeleider = models.ForeignKey(
        Praktijkbegeleider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanvragen",
        verbose_name=_("praktijkbegeleider"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="aanvragen", verbose_name=_("school")
    )
    gewenste_startdatum = models.DateField(_("gewenste startdatum"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    # Who submitted it, when that is not the deelnemer (an employer or referrer on the public form).
    aanmelder_naam = models.CharField(_("naam aanmelder"), max_length=200, blank=True)
    aanmelder_email = models.EmailField(_("e-mailadres aanmelder"), blank=True)
    aanmelder_organisatie = models.CharField(_("organisatie aanmelder"), max_length=200, blank=True)
    ingediend_op = models.DateTimeField(_("ingediend op"), default=timezone.now)

    intake_op = models.DateTimeField(_("intake op"), null=True, blank=True)
    intake_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intake door"),
    )
    intake_verslag = models.TextField(_("verslag van de intake"), blank=True)
    intake_advies = models.CharField(_("advies"), max_length=20, choices=Advies, blank=True)
    al_beheerst = models.ManyToManyField(
        Werkopdracht,
        blank=True,
        related_name="+",
        verbose_name=_("werkopdrachten al beheerst bij intake"),
    )
    reden = models.TextField(_("reden"), blank=True, help_text=_("Waarom afgewezen of ingetrokken."))
    afgerond_op = models.DateTimeField(_("besluit op"), null=True, blank=True)
    # Approved, and its traject not made yet: set on approval, cleared when the traject is saved
    # (Traject.save, in its transaction; trajecten are never deleted). The aanvragen board asks
    # this of every approved aanvraag; true for a few, so a small index answers it.
    wacht_op_traject = models.BooleanField(_("wacht op traject"), default=False, editable=False)

    objects = AanvraagQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-ingediend_op", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=AanvraagStatus.values), name="aanvraag_status_valid"),
            models.CheckConstraint(
                condition=models.Q(intake_advies__in=["", *AanvraagAdvies.values]), name="aanvraag_advies_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="afgewezen") | ~models.Q(reden=""), name="aanvraag_afgewezen_heeft_reden"
            ),
        ]
        indexes = [
            # The overview: filter by status, newest first.
            models.Index(fields=["status", "-ingediend_op"], name="aanvraag_status_ingediend_idx"),
            # The overview without a status filter: ORDER BY ingediend_op DESC, id DESC LIMIT 25 reads
            # 25 index entries instead of sorting every aanvraag (70 ms -> 0.5 ms at 30 000 aanvragen).
            models.Index(fields=["-ingediend_op", "-id"], name="aanvraag_ingediend_idx"),
            # The board's approved column: the few that wait for their traject, and those decided
            # in the last month. Each branch of its OR is one of these small indexes, where it read
            # every approved aanvraag (16 ms of a 56 ms board at national scale, twice).
            models.Index(
                fields=["ingediend_op"], condition=models.Q(wacht_op_traject=True), name="aanvraag_wacht_op_traject_idx"
            ),
            models.Index(
                fields=["afgerond_op"], condition=models.Q(status="goedgekeurd"), name="aanvraag_goedgekeurd_op_idx"
            ),
        ]

    def __str__(self) -> str:
        return _("Aanvraag %(nummer)s van %(naam)s") % {"nummer": self.pk, "naam": self.deelnemer}

    def get_absolute_url(self) -> str:
        return reverse("trajecten:aanvraag", args=[self.pk])

    # -- predicates: which step is possible now ------------------------------------------

    def kan_intake_plannen(self) -> bool:
        return self.status in (self.Status.INGEDIEND, self.Status.INTAKE_GEPLAND)

    def kan_intake_registreren(self) -> bool:
        return self.status == self.Status.INTAKE_GEPLAND

    def kan_goedkeuren(self) -> bool:
        return self.status == self.Status.INTAKE_GEHOUDEN

    def kan_afwijzen(self) -> bool:
        return self.status in self.OPEN_STATUSSEN

    def kan_intrekken(self) -> bool:
        return self.status in self.OPEN_STATUSSEN

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSSEN

    # -- transitions ---------------------------------------------------------------------

    def plan_intake(self, *, door, op, intake_door, toelichting: str = "") -> None:
        """Plan (or re-plan) the intake conversation."""
        self._overgang(
            naar=self.Status.INTAKE_GEPLAND,
            toegestaan=Aanvraag.kan_intake_plannen,
            door=door,
            toelichting=toelichting,
            velden={"intake_op": op, "intake_door": intake_door},
            ook_in_doelstatus=True,
        )

    def registreer_intake(self, *, door, verslag: str, advies: str, al_beheerst=()) -> None:
        """Record the intake; ``al_beheerst`` are werkopdrachten the deelnemer can already do."""
        self._overgang(
            naar=self.Status.INTAKE_GEHOUDEN,
            toegestaan=Aanvraag.kan_intake_registreren,
            door=door,
            toelichting=verslag,
            velden={"intake_verslag": verslag, "intake_advies": advies},
            al_beheerst=al_beheerst,
        )

    def keur_goed(self, *, door, toelichting: str = "") -> None:
        self._overgang(
            naar=self.Status.GOEDGEKEURD,
            toegestaan=Aanvraag.kan_goedkeuren,
            door=door,
            toelichting=toelichting,
            velden={"afgerond_op": timezone.now(), "wacht_op_traject": True},
        )

    def wijs_af(self, *, door, reden: str) -> None:
        if not reden.strip():
            raise OvergangNietToegestaan(_("Geef een reden op voor de afwijzing."))
        self._overgang(
            naar=self.Status.AFGEWEZEN,
            toegestaan=Aanvraag.kan_afwijzen,
            door=door,
            toelichting=reden,
            velden={"reden": reden, "afgerond_op": timezone.now()},
        )

    def trek_in(self, *, door, reden: str = "") -> None:
        self._overgang(
            naar=self.Status.INGETROKKEN,
            toegestaan=Aanvraag.kan_intrekken,
            door=door,
            toelichting=reden,
            velden={"reden": reden, "afgerond_op": timezone.now()},
        )

    def _overgang(
        self, *, naar, toegestaan, door, toelichting, velden, al_beheerst=None, ook_in_doelstatus=False
    ) -> None:
        with transaction.atomic():
            locked = Aanvraag.objects.select_for_update().get(pk=self.pk)
            van = locked.status
            if van == naar and not ook_in_doelstatus:
                return  # already done (a double click): nothing to record
            if not toegestaan(locked):
                raise OvergangNietToegestaan(
                    _("Dit kan niet: de aanvraag is al %(status)s.") % {"status": locked.get_status_display()}
                )
            for name, value in velden.items():
                setattr(locked, name, value)
            locked.status = naar
            locked.save(update_fields=["status", *velden])
            if al_beheerst is not None:
                locked.al_beheerst.set(al_beheerst)
            AanvraagWijziging.objects.create(
                aanvraag=locked, door=door, van_status=van, naar_status=naar, toelichting=toelichting
            )
        self.refresh_from_db()


class AanvraagWijziging(models.Model):
    """History: one row per state change of an aanvraag."""

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="wijzigingen")
    op = models.DateTimeField(_("op"), default=timezone.now)
    # Null when the public form submitted it.
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    van_status = models.CharField(_("van"), max_length=20, choices=Aanvraag.Status, blank=True)
    naar_status = models.CharField(_("naar"), max_length=20, choices=Aanvraag.Status)
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("wijziging van een aanvraag")
        verbose_name_plural = _("wijzigingen van aanvragen")
        ordering = ["op", "pk"]

    def __str__(self) -> str:
        return f"{self.aanvraag_id}: {self.van_status} → {self.naar_status}"
