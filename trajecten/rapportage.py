"""The programme in figures: what the coördinator's dashboard, the exports and the public
landing page count.

Every function here runs a fixed number of queries, whatever the amount of data, so the
dashboard keeps a constant query count. A ``Periode`` narrows the figures to a date range;
an empty period means "everything".

Speed at national scale (issue 7; docs/performance.md, "Dashboard (round 2)"): these figures
are aggregates over whole tables, so they cost what the data costs (about 100-250 ms cold on
PostgreSQL with 30 000 aanvragen) and no index brings that to the 30 ms a page may take. So the
dashboard shows a ``Rapport`` from the shared cache (``rapport()``): computed at most once per
period per five minutes, and sooner when an aanvraag, traject or verklaring is added or changes
state. A coördinator's overview that is a few minutes old is fine; the page says when it was
computed, and nothing on it acts on these figures. What a coördinator acts on (the trajecten
without progress) stays live in the view.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from trajecten.models import (
    Aanvraag,
    AanvraagWijziging,
    Bedrijf,
    Deelnemer,
    Traject,
    TrajectWijziging,
    Verklaring,
    VerklaringWijziging,
)
from werkopdrachten.models import Vakvaardigheid

EINDSTATUSSEN = (Aanvraag.Status.GOEDGEKEURD, Aanvraag.Status.AFGEWEZEN, Aanvraag.Status.INGETROKKEN)
BESLUITEN = (Aanvraag.Status.GOEDGEKEURD, Aanvraag.Status.AFGEWEZEN)


@dataclass(frozen=True)
class Periode:
    """A range of calendar days, both ends included; ``None`` leaves that side open."""

    van: datetime.date | None = None
    tot: datetime.date | None = None

    @property
    def is_leeg(self) -> bool:
        return self.van is None and self.tot is None

    def _grenzen(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        # Whole local days, as aware datetimes, so the filter can use the column's index.
        tz = timezone.get_current_timezone()
        begin = datetime.datetime.combine(self.van, datetime.time.min, tzinfo=tz) if self.van else None
        einde = (
            datetime.datetime.combine(self.tot + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
            if self.tot
            else None
        )
        return begin, einde

    def q_moment(self, veld: str) -> Q:
        """A filter on a DateTimeField."""
        begin, einde = self._grenzen()
        q = Q()
        if begin:
            q &= Q(**{f"{veld}__gte": begin})
        if einde:
            q &= Q(**{f"{veld}__lt": einde})
        return q

    def q_datum(self, veld: str) -> Q:
        """A filter on a DateField."""
        q = Q()
        if self.van:
            q &= Q(**{f"{veld}__gte": self.van})
        if self.tot:
            q &= Q(**{f"{veld}__lte": self.tot})
        return q

    def bevat(self, moment: datetime.datetime) -> bool:
        begin, einde = self._grenzen()
        return (begin is None or moment >= begin) and (einde is None or moment < einde)


ALLES = Periode()


@dataclass
class Telling:
    sleutel: object
    label: str
    aantal: int


@dataclass
class Doorlooptijd:
    fase: str
    label: str
    mediaan_dagen: float | None
    aantal: int


@dataclass
class Uitsplitsing:
    """One breakdown (e.g. per bedrijf): rows of label with counts of aanvragen, trajecten, verklaringen."""

    dimensie: str
    titel: str
    rijen: list[dict] = field(default_factory=list)
    met_verklaringen: bool = False


# -- aanvragen ---------------------------------------------------------------------------


def aanvragen(periode: Periode = ALLES) -> QuerySet:
    """Aanvragen submitted in the period."""
    return Aanvraag.objects.filter(periode.q_moment("ingediend_op"))


def aanvragen_per_status(periode: Periode = ALLES) -> list[Telling]:
    """The funnel: how many aanvragen submitted in the period are in each stage now. One query."""
    per_status = dict(aanvragen(periode).values_list("status").annotate(n=Count("pk")).order_by())
    return [Telling(status, label, per_status.get(status, 0)) for status, label in Aanvraag.Status.choices]


def _verblijven(periode: Periode) -> list[tuple[str, datetime.timedelta]]:
    """Each completed stay of an aanvraag in a stage, as (stage, duration), that ended in the period.

    Read from the AanvraagWijziging history. The first stay, *ingediend*, starts at the
    aanvraag's ``ingediend_op`` (a history row for the creation may or may not exist); a row
    whose target is the stage the aanvraag is already in (re-planning an intake) does not end
    the stay. One query.

    This reads every history row into Python (110 000 rows at national scale: ~250 ms of SQL
    and more of Python), so it is only the fallback for SQLite; PostgreSQL computes the same
    medians in SQL (``_doorlooptijden_postgresql``). The tests in
    tests/trajecten/test_rapportage.py hold both to the same known figures.
    """
    rijen = AanvraagWijziging.objects.order_by("aanvraag_id", "op", "pk")
    if not periode.is_leeg:
        rijen = rijen.filter(aanvraag__in=AanvraagWijziging.objects.filter(periode.q_moment("op")).values("aanvraag"))
    rijen = rijen.values_list("aanvraag_id", "aanvraag__ingediend_op", "op", "naar_status")

    verblijven = []
    huidige_aanvraag = None
    fase, begin = None, None
    for aanvraag_id, ingediend_op, op, naar in rijen:
        if aanvraag_id != huidige_aanvraag:
            huidige_aanvraag, fase, begin = aanvraag_id, Aanvraag.Status.INGEDIEND, ingediend_op
        if naar == fase or fase in EINDSTATUSSEN:
            continue
        if periode.bevat(op):
            verblijven.append((fase, op - begin))
        if naar in BESLUITEN and periode.bevat(op):
            verblijven.append(("besluit", op - ingediend_op))
        fase, begin = naar, op
    return verblijven


def _mediaan_in_dagen(duren: list[datetime.timedelta]) -> float | None:
    if not duren:
        return None
    return round(statistics.median(d.total_seconds() for d in duren) / 86400, 1)


def _doorlooptijden_python(periode: Periode) -> dict[str, tuple[float | None, int]]:
    per_fase: dict[str, list[datetime.timedelta]] = defaultdict(list)
    for fase, duur in _verblijven(periode):
        per_fase[fase].append(duur)
    return {fase: (_mediaan_in_dagen(duren), len(duren)) for fase, duren in per_fase.items()}


# The medians in SQL (PostgreSQL), so only eight numbers leave the database instead of every
# history row. It relies on what Aanvraag._overgang guarantees: an aanvraag only moves forward
# (ingediend -> intake gepland, re-planned any number of times -> intake gehouden -> an end
# state, or straight to an end state from any open stage) and an end state is final. Then
# each stay is bounded by *first* moments, one GROUP BY over the history (no window over
# 104 000 rows, which cost twice as much: docs/performance.md), and it gives the same stays as
# the walk in ``_verblijven``:
#   ingediend: ingediend_op -> first row to any other stage;
#   intake gepland: first row into it -> first row to a later stage (a re-plan ends nothing);
#   intake gehouden: first row into it -> first row to an end state;
#   besluit: ingediend_op -> first approval or rejection.
# percentile_cont(0.5) is the same middle value (or mean of the two middle ones) as
# statistics.median. date_part('epoch', …) gives float8 directly; EXTRACT returns numeric on
# PostgreSQL 14+, which made the sorts for the medians a third slower.
# No index helps: both tables are read whole and the period only narrows which stays are
# counted. Tried with EXPLAIN ANALYZE at national scale: (aanvraag_id, op, id) for a LAG-window
# version (no gain), and (aanvraag_id) INCLUDE (naar_status, op) for this one (not used: the
# planner keeps a seq scan and hash aggregate, ~100 ms on a quiet machine).
_DOORLOOPTIJD_SQL = """
WITH momenten AS (
    SELECT aanvraag_id,
           MIN(op) FILTER (WHERE naar_status <> %(ingediend)s) AS uit_ingediend,
           MIN(op) FILTER (WHERE naar_status = %(gepland)s) AS in_gepland,
           MIN(op) FILTER (WHERE naar_status <> ALL(%(ingediend_gepland)s)) AS uit_gepland,
           MIN(op) FILTER (WHERE naar_status = %(gehouden)s) AS in_gehouden,
           MIN(op) FILTER (WHERE naar_status = ANY(%(eind)s)) AS einde,
           MIN(op) FILTER (WHERE naar_status = ANY(%(besluiten)s)) AS besluit
    FROM {wijziging}
    GROUP BY aanvraag_id
), duren AS (
    SELECT m.uit_ingediend, date_part('epoch', m.uit_ingediend - a.ingediend_op) AS ingediend,
           m.uit_gepland, date_part('epoch', m.uit_gepland - m.in_gepland) AS gepland,
           m.einde, date_part('epoch', m.einde - m.in_gehouden) AS gehouden,
           m.besluit AS besluit_op, date_part('epoch', m.besluit - a.ingediend_op) AS besluit
    FROM momenten m JOIN {aanvraag} a ON a.id = m.aanvraag_id
)
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ingediend) FILTER (WHERE {periode_ingediend}),
       COUNT(ingediend) FILTER (WHERE {periode_ingediend}),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY gepland) FILTER (WHERE {periode_gepland}),
       COUNT(gepland) FILTER (WHERE {periode_gepland}),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY gehouden) FILTER (WHERE {periode_gehouden}),
       COUNT(gehouden) FILTER (WHERE {periode_gehouden}),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY besluit) FILTER (WHERE {periode_besluit}),
       COUNT(besluit) FILTER (WHERE {periode_besluit})
FROM duren
"""


def _doorlooptijden_postgresql(periode: Periode) -> dict[str, tuple[float | None, int]]:
    begin, einde = periode._grenzen()
    S = Aanvraag.Status

    def in_periode(kolom: str) -> str:
        # The stay counts when it ended in the period.
        grenzen = [f"{kolom} >= %(begin)s"] if begin else []
        grenzen += [f"{kolom} < %(einde)s"] if einde else []
        return " AND ".join(grenzen) or "TRUE"

    sql = _DOORLOOPTIJD_SQL.format(
        wijziging=connection.ops.quote_name(AanvraagWijziging._meta.db_table),
        aanvraag=connection.ops.quote_name(Aanvraag._meta.db_table),
        periode_ingediend=in_periode("uit_ingediend"),
        periode_gepland=in_periode("uit_gepland"),
        periode_gehouden=in_periode("einde"),
        periode_besluit=in_periode("besluit_op"),
    )
    params = {
        "ingediend": S.INGEDIEND.value,
        "gepland": S.INTAKE_GEPLAND.value,
        "gehouden": S.INTAKE_GEHOUDEN.value,
        "ingediend_gepland": [S.INGEDIEND.value, S.INTAKE_GEPLAND.value],
        "eind": [str(s) for s in EINDSTATUSSEN],
        "besluiten": [str(s) for s in BESLUITEN],
        "begin": begin,
        "einde": einde,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rij = cursor.fetchone()
    fasen = [S.INGEDIEND, S.INTAKE_GEPLAND, S.INTAKE_GEHOUDEN, "besluit"]
    return {
        str(fase): (round(seconden / 86400, 1) if seconden is not None else None, aantal or 0)
        for fase, seconden, aantal in zip(fasen, rij[0::2], rij[1::2], strict=True)
    }


def doorlooptijd_per_fase(periode: Periode = ALLES) -> list[Doorlooptijd]:
    """Median days an aanvraag stays in each open stage, and from submission to decision.

    Counts the stays that ended in the period (an aanvraag still waiting has no stay to count
    yet). One query: the medians in SQL on PostgreSQL, in Python elsewhere (SQLite has no
    percentile_cont).
    """
    if connection.vendor == "postgresql":
        per_fase = _doorlooptijden_postgresql(periode)
    else:
        per_fase = _doorlooptijden_python(periode)
    regels = [
        Doorlooptijd(status, str(Aanvraag.Status(status).label), *per_fase.get(status, (None, 0)))
        for status in Aanvraag.OPEN_STATUSSEN
    ]
    regels.append(Doorlooptijd("besluit", str(_("van indienen tot besluit")), *per_fase.get("besluit", (None, 0))))
    return regels


# -- trajecten ---------------------------------------------------------------------------


def trajecten(periode: Periode = ALLES) -> QuerySet:
    """Trajecten that started in the period."""
    return Traject.objects.filter(periode.q_datum("startdatum"))


def trajecten_zonder_voortgang() -> QuerySet:
    """Active trajecten where nothing was ticked off in the last four weeks, longest silent first.

    Always about today, whatever period is chosen.
    """
    return (
        Traject.objects.zonder_recente_voortgang()
        .select_related("deelnemer", "bedrijf")
        .order_by("laatste_activiteit", "pk")
    )


# -- verklaringen -----------------------------------------------------------------------------


def verklaringen(periode: Periode = ALLES) -> QuerySet:
    """Verklaringen issued in the period that are still valid. A revoked one no longer counts,
    so a corrected verklaring (the old one revoked, a new one issued) counts once, on the
    dashboard and on the landing page alike."""
    return Verklaring.objects.filter(status=Verklaring.Status.UITGEGEVEN).filter(periode.q_moment("uitgegeven_op"))


def verklaringen_per_maand(periode: Periode = ALLES) -> list[Telling]:
    """Verklaringen issued per month; without a period the last twelve months. One query.

    Months without any verklaring are shown with 0, so the chart has no gaps.
    """
    vandaag = timezone.localdate()
    if periode.is_leeg:
        eerste = (vandaag.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
        periode = Periode(van=eerste, tot=vandaag)
    per_maand = {
        maand.date() if isinstance(maand, datetime.datetime) else maand: n
        for maand, n in verklaringen(periode)
        .annotate(maand=TruncMonth("uitgegeven_op"))
        .values_list("maand")
        .annotate(n=Count("pk"))
        .order_by()
    }
    eerste = (periode.van or min(per_maand, default=vandaag)).replace(day=1)
    laatste = (periode.tot or vandaag).replace(day=1)
    tellingen = []
    maand = eerste
    while maand <= laatste:
        tellingen.append(Telling(maand, date_format(maand, "YEAR_MONTH_FORMAT"), per_maand.get(maand, 0)))
        maand = (maand + datetime.timedelta(days=32)).replace(day=1)
    return tellingen


# -- breakdowns ---------------------------------------------------------------------------

# dimension: (title, path from Aanvraag, path from Traject, label path or None, choices or None)
DIMENSIES = {
    "vakvaardigheid": (_("Per vakvaardigheid"), "vakvaardigheden", "vakvaardigheden", "__naam", None),
    "doelgroep": (_("Per doelgroep"), "deelnemer__doelgroep", "deelnemer__doelgroep", None, Deelnemer.Doelgroep),
    "bedrijf": (_("Per bedrijf"), "bedrijf", "bedrijf", "__naam", None),
    "school": (_("Per school"), "school", "school", "__naam", None),
    "gemeente": (_("Per gemeente"), "deelnemer__gemeente", "deelnemer__gemeente", None, None),
}


# Dimensions counted together in one grouped query per table, then added up per dimension in
# Python: doelgroep and gemeente are both columns of the deelnemer, so one join instead of two,
# and their combinations are few (about 100 nationally). Many-valued (vakvaardigheden) or
# many-combination (bedrijf × school: 5 000) dimensions keep a query of their own.
SAMEN_GETELD = [("vakvaardigheid",), ("doelgroep", "gemeente"), ("bedrijf",), ("school",)]


def _tel_per(qs: QuerySet, paden: dict[str, tuple[str, str | None]]) -> dict[str, dict[object, tuple[str, int]]]:
    """Count ``qs`` per value of each dimension in ``paden`` (dimension: (path, label suffix)). One query."""
    velden = []
    for pad, label_suffix in paden.values():
        velden += [pad, pad + label_suffix] if label_suffix else [pad]
    resultaat: dict[str, dict[object, tuple[str, int]]] = {dimensie: {} for dimensie in paden}
    # COUNT(*), not COUNT(DISTINCT id): grouped by to-one paths each joined row is one
    # aanvraag/traject/verklaring, and for vakvaardigheden one row per unique pair in the m2m
    # table, so nothing is counted twice and PostgreSQL needs no sort per group.
    for rij in qs.values(*velden).annotate(n=Count("*")).order_by():
        for dimensie, (pad, label_suffix) in paden.items():
            sleutel = rij[pad]
            label = rij[pad + label_suffix] if label_suffix else sleutel
            eerder = resultaat[dimensie].get(sleutel, (label, 0))[1]
            resultaat[dimensie][sleutel] = (label, eerder + rij["n"])
    return resultaat


def _uitsplitsingen(dimensies: tuple[str, ...], periode: Periode) -> list[Uitsplitsing]:
    """The breakdowns for ``dimensies``, counted together: three queries."""
    uitgegeven = verklaringen(periode)
    kanten = {
        "aanvragen": (aanvragen(periode), 1, ""),
        "trajecten": (trajecten(periode), 2, ""),
        "verklaringen": (uitgegeven, 2, "traject__"),
    }
    per_kolom = {
        kolom: _tel_per(qs, {d: (voorvoegsel + DIMENSIES[d][kant], DIMENSIES[d][3]) for d in dimensies})
        for kolom, (qs, kant, voorvoegsel) in kanten.items()
    }
    resultaat = []
    for dimensie in dimensies:
        titel, _aanvraag_pad, _traject_pad, _label_suffix, keuzes = DIMENSIES[dimensie]
        kolommen = {kolom: tellingen[dimensie] for kolom, tellingen in per_kolom.items()}
        labels: dict[object, str] = {}
        for tellingen in kolommen.values():
            for sleutel, (label, _n) in tellingen.items():
                labels[sleutel] = label
        rijen = []
        for sleutel, label in labels.items():
            if sleutel is None or sleutel == "":
                label = _("(onbekend)")
            elif keuzes is not None:
                label = keuzes(sleutel).label if sleutel in keuzes.values else sleutel
            rij = {"label": str(label)}
            for kolom, tellingen in kolommen.items():
                rij[kolom] = tellingen.get(sleutel, ("", 0))[1]
            rijen.append(rij)
        rijen.sort(key=lambda r: (-sum(v for k, v in r.items() if k != "label"), r["label"].lower()))
        resultaat.append(Uitsplitsing(dimensie, str(titel), rijen, met_verklaringen=True))
    return resultaat


def uitsplitsing(dimensie: str, periode: Periode = ALLES) -> Uitsplitsing:
    """Aanvragen submitted, trajecten started and verklaringen issued in the period, per
    value of ``dimensie`` (see DIMENSIES). Two queries, three once verklaringen exist.

    An aanvraag or traject with two vakvaardigheden counts once under each of them.
    """
    return _uitsplitsingen((dimensie,), periode)[0]


def uitsplitsingen(periode: Periode = ALLES) -> list[Uitsplitsing]:
    """Every breakdown of DIMENSIES, in that order: 4 × 3 queries (see SAMEN_GETELD)."""
    per_dimensie = {u.dimensie: u for samen in SAMEN_GETELD for u in _uitsplitsingen(samen, periode)}
    return [per_dimensie[dimensie] for dimensie in DIMENSIES]


# -- the dashboard's report, cached ------------------------------------------------------

RAPPORT_CACHE_SECONDEN = 5 * 60


@dataclass
class Rapport:
    """Everything the dashboard shows about a period, computed in one go so it can be cached."""

    berekend_op: datetime.datetime
    per_status: list[Telling]
    doorlooptijden: list[Doorlooptijd]
    per_maand: list[Telling]
    uitsplitsingen: list[Uitsplitsing]
    aantal_lopend: int
    aantal_zonder_voortgang: int
    # Filled in by ``rapport()`` and the view: the cache key, and the report's HTML fragments
    # (rendering every chart and table costs more than the rest of the page).
    sleutel: str = ""
    html: dict[str, str] = field(default_factory=dict)


def bereken_rapport(periode: Periode = ALLES) -> Rapport:
    """The dashboard's figures, straight from the database: 1 + 1 + 1 + 12 + 2 queries
    (funnel, doorlooptijd, verklaringen per month, 4 groups of breakdowns × 3, trajecten lopend
    and without progress).

    The trajecten are counted whole: only coördinatoren see the dashboard, and they see every
    traject (``Traject.objects.voor``). Both counts are about today, whatever the period.
    """
    per_status = aanvragen_per_status(periode)
    for telling in per_status:
        telling.label = str(telling.label)  # the cache key holds the language
    return Rapport(
        berekend_op=timezone.now(),
        per_status=per_status,
        doorlooptijden=doorlooptijd_per_fase(periode),
        per_maand=verklaringen_per_maand(periode),
        uitsplitsingen=uitsplitsingen(periode),
        aantal_lopend=Traject.objects.lopend().count(),
        aantal_zonder_voortgang=trajecten_zonder_voortgang().count(),
    )


def _stand_van_de_gegevens() -> str:
    """The newest aanvraag, traject, verklaring and state change of each: one query of
    primary-key index lookups (well under a millisecond at national scale).

    Part of the cache key, so a report is recomputed as soon as something is added or changes
    state (every transition writes a history row) rather than up to five minutes later. Edits
    that write no history (a bedrijf or gemeente corrected) show within the five minutes.
    """
    modellen = [Aanvraag, AanvraagWijziging, Traject, TrajectWijziging, Verklaring, VerklaringWijziging]
    quote = connection.ops.quote_name
    delen = ", ".join(
        # Table and column names come from the models, never from input.
        f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)})"  # noqa: S608
        for model in modellen
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {delen}")
        return "-".join(str(waarde or 0) for waarde in cursor.fetchone())


def rapport(periode: Periode = ALLES) -> Rapport:
    """The dashboard's figures for the period from the shared cache (local memory in
    development, Redis in production), computed when missing: one query when cached.

    Keyed by period, language (labels and month names are in it) and the state of the data.
    At most ``RAPPORT_CACHE_SECONDEN`` old; ``Rapport.berekend_op`` says how old.
    """
    # Bump "v1" when Rapport changes shape, so no server unpickles an old one from Redis.
    sleutel = f"overzicht:rapport:v1:{get_language()}:{periode.van}:{periode.tot}:{_stand_van_de_gegevens()}"
    gevonden = cache.get(sleutel)
    if gevonden is None:
        gevonden = bereken_rapport(periode)
        gevonden.sleutel = sleutel
        bewaar(gevonden)
    return gevonden


def bewaar(rapport: Rapport) -> None:
    """Store the report under its key (again once the view added its HTML), until five minutes
    after it was computed."""
    over = RAPPORT_CACHE_SECONDEN - (timezone.now() - rapport.berekend_op).total_seconds()
    if rapport.sleutel and over > 0:
        cache.set(rapport.sleutel, rapport, over)


# -- the public landing page ---------------------------------------------------------------


@dataclass
class Kerncijfers:
    trajecten: int
    verklaringen: int
    leerbedrijven: int


def kerncijfers() -> Kerncijfers:
    """The live figures on the landing page. Three queries.

    A leerbedrijf counts once it has had a traject; verklaringen count when issued and not
    revoked, so a corrected verklaring counts once.
    """
    return Kerncijfers(
        trajecten=Traject.objects.count(),
        verklaringen=verklaringen().count(),
        # EXISTS probes the traject index per bedrijf; a DISTINCT over the join read every
        # traject (11 ms on this public page at national scale, against 0.6 ms).
        leerbedrijven=Bedrijf.objects.filter(Exists(Traject.objects.filter(bedrijf=OuterRef("pk")))).count(),
    )


def vakvaardigheden_in_aanbod() -> QuerySet:
    return Vakvaardigheid.objects.filter(actief=True).order_by("naam")


def leerbedrijven_op_website() -> QuerySet:
    """Leerbedrijven that agreed to be named on the website."""
    return Bedrijf.objects.filter(tonen_op_website=True).order_by("naam")
