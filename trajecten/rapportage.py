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
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from trajecten.models import Aanvraag, AanvraagWijziging, Bedrijf, Deelnemer, Traject, TrajectWijziging
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


# The same walk through the history as ``_verblijven``, in SQL, so only a handful of medians
# leave the database. Step 1 (``rijen``): per history row, the stage the aanvraag was in before
# it (the previous row's target; *ingediend* before the first row) and whether an earlier row
# already ended the aanvraag. Step 2 (``verblijven``): the rows that really change the stage
# (not a re-plan into the same stage, not after the end); each ends a stay that began at the
# previous such row, or at ``ingediend_op`` for the first. Step 3: median per stage with
# percentile_cont (the same middle value, or mean of the two middle ones, as statistics.median).
# An index on (aanvraag_id, op, id) was tried for the window's sort: the planner still prefers
# one sort of the joined rows (EXPLAIN ANALYZE, docs/performance.md), so there is none.
_DOORLOOPTIJD_SQL = """
WITH rijen AS (
    SELECT w.id, w.aanvraag_id, w.op, w.naar_status AS naar, a.ingediend_op,
           COALESCE(LAG(w.naar_status) OVER per_aanvraag, %(ingediend)s) AS fase,
           COUNT(*) FILTER (WHERE w.naar_status = ANY(%(eind)s))
               OVER (per_aanvraag ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS eerder_beeindigd
    FROM {wijziging} w JOIN {aanvraag} a ON a.id = w.aanvraag_id
    {alleen_geraakt}
    WINDOW per_aanvraag AS (PARTITION BY w.aanvraag_id ORDER BY w.op, w.id)
), verblijven AS (
    SELECT fase, naar, op, ingediend_op,
           COALESCE(LAG(op) OVER (PARTITION BY aanvraag_id ORDER BY op, id), ingediend_op) AS begin
    FROM rijen
    WHERE naar <> fase AND eerder_beeindigd = 0
)
SELECT fase, percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM op - begin)::float8), COUNT(*)
FROM verblijven WHERE {in_periode} GROUP BY fase
UNION ALL
SELECT 'besluit', percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM op - ingediend_op)::float8), COUNT(*)
FROM verblijven WHERE naar = ANY(%(besluiten)s) AND {in_periode}
"""


def _doorlooptijden_postgresql(periode: Periode) -> dict[str, tuple[float | None, int]]:
    begin, einde = periode._grenzen()
    params = {
        "ingediend": Aanvraag.Status.INGEDIEND.value,
        "eind": [str(s) for s in EINDSTATUSSEN],
        "besluiten": [str(s) for s in BESLUITEN],
        "begin": begin,
        "einde": einde,
    }
    grenzen = []
    if begin:
        grenzen.append("op >= %(begin)s")
    if einde:
        grenzen.append("op < %(einde)s")
    wijziging = connection.ops.quote_name(AanvraagWijziging._meta.db_table)
    # With a period, only aanvragen with history in it can have a stay that ended in it.
    alleen_geraakt = (
        f"WHERE w.aanvraag_id IN (SELECT aanvraag_id FROM {wijziging} WHERE {' AND '.join(grenzen)})"  # noqa: S608
        if grenzen
        else ""
    )
    sql = _DOORLOOPTIJD_SQL.format(
        wijziging=wijziging,
        aanvraag=connection.ops.quote_name(Aanvraag._meta.db_table),
        alleen_geraakt=alleen_geraakt,
        in_periode=" AND ".join(grenzen) or "TRUE",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            fase: (round(seconden / 86400, 1) if seconden is not None else None, aantal)
            for fase, seconden, aantal in cursor.fetchall()
            if aantal
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


# -- verklaringen (tolerant: the model arrives with the verklaringen work) ----------------


def verklaring_model():
    """The Verklaring model, or None while it does not exist yet."""
    try:
        from trajecten.models import Verklaring
    except ImportError:
        return None
    return Verklaring


def verklaringen(periode: Periode = ALLES) -> QuerySet | None:
    """Verklaringen issued in the period (revoked ones included: they were issued), or None."""
    Verklaring = verklaring_model()
    if Verklaring is None:
        return None
    return Verklaring.objects.filter(status__in=Verklaring.UITGEGEVEN_STATUSSEN).filter(
        periode.q_moment("uitgegeven_op")
    )


def verklaringen_per_maand(periode: Periode = ALLES) -> list[Telling] | None:
    """Verklaringen issued per month; without a period the last twelve months. One query.

    Months without any verklaring are shown with 0, so the chart has no gaps.
    """
    if verklaring_model() is None:
        return None
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


def _tel_per(qs: QuerySet, pad: str, label_suffix: str | None) -> dict[object, tuple[str, int]]:
    velden = [pad, pad + label_suffix] if label_suffix else [pad]
    resultaat = {}
    # COUNT(*), not COUNT(DISTINCT id): grouped by the dimension, each joined row is one
    # aanvraag/traject/verklaring (to-one paths; for vakvaardigheden one row per unique pair
    # in the m2m table), so nothing is counted twice and PostgreSQL skips a sort per group.
    for rij in qs.values(*velden).annotate(n=Count("*")).order_by():
        sleutel = rij[pad]
        label = rij[pad + label_suffix] if label_suffix else sleutel
        resultaat[sleutel] = (label, rij["n"])
    return resultaat


def uitsplitsing(dimensie: str, periode: Periode = ALLES) -> Uitsplitsing:
    """Aanvragen submitted, trajecten started and verklaringen issued in the period, per
    value of ``dimensie`` (see DIMENSIES). Two queries, three once verklaringen exist.

    An aanvraag or traject with two vakvaardigheden counts once under each of them.
    """
    titel, aanvraag_pad, traject_pad, label_suffix, keuzes = DIMENSIES[dimensie]
    kolommen = {
        "aanvragen": _tel_per(aanvragen(periode), aanvraag_pad, label_suffix),
        "trajecten": _tel_per(trajecten(periode), traject_pad, label_suffix),
    }
    uitgegeven = verklaringen(periode)
    if uitgegeven is not None:
        kolommen["verklaringen"] = _tel_per(uitgegeven, f"traject__{traject_pad}", label_suffix)

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
    return Uitsplitsing(dimensie, str(titel), rijen, met_verklaringen=uitgegeven is not None)


# -- the dashboard's report, cached ------------------------------------------------------

RAPPORT_CACHE_SECONDEN = 5 * 60


@dataclass
class Rapport:
    """Everything the dashboard shows about a period, computed in one go so it can be cached."""

    berekend_op: datetime.datetime
    per_status: list[Telling]
    doorlooptijden: list[Doorlooptijd]
    per_maand: list[Telling] | None
    uitsplitsingen: list[Uitsplitsing]


def bereken_rapport(periode: Periode = ALLES) -> Rapport:
    """The dashboard's figures, straight from the database: 1 + 1 + 1 + 15 queries
    (funnel, doorlooptijd, verklaringen per month, 5 breakdowns × 3)."""
    per_status = aanvragen_per_status(periode)
    for telling in per_status:
        telling.label = str(telling.label)  # the cache key holds the language
    return Rapport(
        berekend_op=timezone.now(),
        per_status=per_status,
        doorlooptijden=doorlooptijd_per_fase(periode),
        per_maand=verklaringen_per_maand(periode),
        uitsplitsingen=[uitsplitsing(dimensie, periode) for dimensie in DIMENSIES],
    )


def _stand_van_de_gegevens() -> str:
    """The newest aanvraag, traject, verklaring and state change of each: one query of
    primary-key index lookups (well under a millisecond at national scale).

    Part of the cache key, so a report is recomputed as soon as something is added or changes
    state (every transition writes a history row) rather than up to five minutes later. Edits
    that write no history (a bedrijf or gemeente corrected) show within the five minutes.
    """
    modellen = [Aanvraag, AanvraagWijziging, Traject, TrajectWijziging]
    Verklaring = verklaring_model()
    if Verklaring is not None:
        from trajecten.models import VerklaringWijziging

        modellen += [Verklaring, VerklaringWijziging]
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
    sleutel = f"overzicht:rapport:v1:{get_language()}:{periode.van}:{periode.tot}:{_stand_van_de_gegevens()}"
    gevonden = cache.get(sleutel)
    if gevonden is None:
        gevonden = bereken_rapport(periode)
        cache.set(sleutel, gevonden, RAPPORT_CACHE_SECONDEN)
    return gevonden


# -- the public landing page ---------------------------------------------------------------


@dataclass
class Kerncijfers:
    trajecten: int
    verklaringen: int | None
    leerbedrijven: int


def kerncijfers() -> Kerncijfers:
    """The live figures on the landing page. Three queries (two before verklaringen exist).

    A leerbedrijf counts once it has had a traject; verklaringen count when issued and not
    revoked, so a corrected verklaring counts once.
    """
    uitgegeven = verklaringen()
    if uitgegeven is not None:
        uitgegeven = uitgegeven.filter(status=verklaring_model().Status.UITGEGEVEN)
    return Kerncijfers(
        trajecten=Traject.objects.count(),
        verklaringen=uitgegeven.count() if uitgegeven is not None else None,
        leerbedrijven=Bedrijf.objects.filter(trajecten__isnull=False).distinct().count(),
    )


def vakvaardigheden_in_aanbod() -> QuerySet:
    return Vakvaardigheid.objects.filter(actief=True).order_by("naam")


def leerbedrijven_op_website() -> QuerySet:
    """Leerbedrijven that agreed to be named on the website."""
    return Bedrijf.objects.filter(tonen_op_website=True).order_by("naam")
