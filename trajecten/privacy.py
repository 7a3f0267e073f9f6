"""AVG duties for one deelnemer: export everything stored about them, and anonymise them once
the retention period (``BEWAARTERMIJN_JAREN``) has passed.

The export walks the models generically (every row that points to the deelnemer, and the rows
that point to those, inside the project's apps), so data that later features store about a
deelnemer is exported without this module knowing it.
"""

import datetime
import decimal
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from praktijkwijs.models import ToegangsLog
from trajecten.models import (
    Aanvraag,
    AanvraagWijziging,
    Deelnemer,
    Traject,
    TrajectWijziging,
    Uren,
    Verklaring,
    Voortgang,
    VoortgangWijziging,
)
from trajecten.services import VERKLARINGEN_MAP

# Apps whose rows can hold a deelnemer's data; the catalogue (werkopdrachten) holds none.
PROJECT_APPS = {"trajecten", "praktijkwijs"}
# Never exported: secrets of the application, not data about the person.
GEHEIME_VELDEN = {"password", "geheim"}
LOGIN_VELDEN = ["username", "first_name", "last_name", "email", "rol", "is_active", "date_joined", "last_login"]
MAX_DIEPTE = 4

# What an anonymised deelnemer is called, and the text that replaces free text that must stay
# non-empty (a stopped traject and a rejected aanvraag must keep "a reason").
ANONIEM_VOORNAAM = "Geanonimiseerd"
ANONIEM_TEKST = "[geanonimiseerd]"
ANONIEME_GEBOORTEDATUM = datetime.date(1900, 1, 1)


# -- export ---------------------------------------------------------------------------------


@dataclass
class Veld:
    naam: str
    label: str
    waarde: object

    @property
    def tonen(self) -> str:
        """The value as text for the readable page."""
        waarde = self.waarde
        if waarde is None or waarde == "" or waarde == []:
            return "—"
        if waarde is True:
            return _("ja")
        if waarde is False:
            return _("nee")
        if isinstance(waarde, dict):
            return str(waarde["tekst"])
        if isinstance(waarde, list):
            return ", ".join(str(item) for item in waarde)
        return str(waarde)


@dataclass
class Sectie:
    model: str
    titel: str
    rijen: list[list[Veld]] = field(default_factory=list)


# str() of a related row, once per row: the export names the same traject or user in every row
# that points to it, and a row's text may read further rows (a voortgang names its werkopdracht).
# Rows the export itself read are named from that copy, which has read what it points to.
@dataclass
class Teksten:
    geladen: dict[tuple[type, object], models.Model] = field(default_factory=dict)
    tekst: dict[tuple[type, object], str] = field(default_factory=dict)

    def van(self, obj: models.Model, veld: models.ForeignKey) -> str:
        sleutel = (veld.related_model, getattr(obj, veld.attname))
        if sleutel not in self.tekst:
            gerelateerd = self.geladen.get(sleutel) or getattr(obj, veld.name)
            self.tekst[sleutel] = str(gerelateerd)
        return self.tekst[sleutel]


def _waarde(obj: models.Model, veld: models.Field, teksten: Teksten) -> object:
    """A JSON-friendly value: related rows as their text and id, files only as 'present'."""
    if isinstance(veld, models.ForeignKey):
        gerelateerd_id = getattr(obj, veld.attname)
        if gerelateerd_id is None:
            return None
        return {"id": gerelateerd_id, "tekst": teksten.van(obj, veld)}
    waarde = getattr(obj, veld.attname)
    if isinstance(veld, models.FileField):
        return bool(waarde)  # the storage path holds a random token: not for the export
    if isinstance(waarde, datetime.datetime | datetime.date | datetime.time):
        return waarde.isoformat()
    if isinstance(waarde, decimal.Decimal):
        return str(waarde)
    return waarde


def _rij(obj: models.Model, teksten: Teksten) -> list[Veld]:
    rij = []
    for veld in obj._meta.concrete_fields:
        if veld.name in GEHEIME_VELDEN:
            continue
        rij.append(Veld(veld.name, str(veld.verbose_name), _waarde(obj, veld, teksten)))
    for veld in obj._meta.many_to_many:
        rij.append(Veld(veld.name, str(veld.verbose_name), [str(item) for item in getattr(obj, veld.name).all()]))
    return rij


def _kinderen(rijen: list[models.Model]) -> Iterator[models.Model]:
    """Rows in the project's apps that point to any of ``rijen`` (reverse foreign keys and
    one-to-ones): one query per relation, with what the rows point to and their many-to-many,
    however many rows there are."""
    per_model: dict[type, list] = defaultdict(list)
    for rij in rijen:
        per_model[type(rij)].append(rij.pk)
    for model, pks in per_model.items():
        for relatie in model._meta.related_objects:
            doel = relatie.related_model
            if relatie.many_to_many or doel._meta.app_label not in PROJECT_APPS:
                continue
            verwijzingen = [veld.name for veld in doel._meta.concrete_fields if isinstance(veld, models.ForeignKey)]
            yield from (
                doel._default_manager.filter(**{f"{relatie.field.name}__in": pks})
                .select_related(*verwijzingen)
                .prefetch_related(*(veld.name for veld in doel._meta.many_to_many))
                .order_by("pk")
            )


def deelnemer_export(deelnemer: Deelnemer) -> dict:
    """Everything stored about ``deelnemer``: for the HTML page (``secties``) and as JSON (``json``).

    Walks the rows that point to the deelnemer, then the rows that point to those, and so on,
    one level at a time (``MAX_DIEPTE`` levels): a number of queries that does not grow with the
    rows found (it was one per row and relation: 436 for a deelnemer with one traject).
    """
    secties: dict[str, Sectie] = {}
    teksten = Teksten()
    gezien: set[tuple[str, int]] = {(deelnemer._meta.label_lower, deelnemer.pk)}
    laag = [deelnemer]
    for _diepte in range(MAX_DIEPTE):
        volgende = []
        for kind in _kinderen(laag):
            sleutel = (kind._meta.label_lower, kind.pk)
            if sleutel in gezien:
                continue
            gezien.add(sleutel)
            teksten.geladen[(type(kind), kind.pk)] = kind
            sectie = secties.setdefault(
                kind._meta.label_lower, Sectie(kind._meta.label_lower, str(kind._meta.verbose_name_plural).capitalize())
            )
            sectie.rijen.append(_rij(kind, teksten))
            volgende.append(kind)
        laag = volgende

    alle = [Sectie(deelnemer._meta.label_lower, _("Deelnemer"), [_rij(deelnemer, teksten)])]
    if deelnemer.user_id:
        login = deelnemer.user
        velden = {veld.name: veld for veld in login._meta.concrete_fields}
        alle.append(
            Sectie(
                "login",
                _("Login"),
                [
                    [
                        Veld(naam, str(velden[naam].verbose_name), _waarde(login, velden[naam], teksten))
                        for naam in LOGIN_VELDEN
                    ]
                ],
            )
        )
    alle.extend(secties.values())

    log = ToegangsLog.objects.voor_deelnemer(deelnemer.pk).order_by("op", "pk")
    toegang = Sectie(
        "toegangslog",
        _("Wie je gegevens heeft bekeken of gewijzigd"),
        [
            [
                Veld("op", _("op"), regel.op.isoformat()),
                Veld("door", _("door"), str(regel.user) if regel.user_id else _("systeem")),
                Veld("rol", _("rol"), regel.user.get_rol_display() if regel.user_id else ""),
                Veld("actie", _("actie"), regel.get_actie_display()),
                Veld("wat", _("wat"), regel.wat),
            ]
            for regel in log
        ],
    )
    alle.append(toegang)
    return {
        "deelnemer_id": deelnemer.pk,
        "gemaakt_op": timezone.now().isoformat(),
        "secties": alle,
        "json": {
            "deelnemer_id": deelnemer.pk,
            "gemaakt_op": timezone.now().isoformat(),
            **{sectie.model: [{veld.naam: veld.waarde for veld in rij} for rij in sectie.rijen] for sectie in alle},
        },
    }


# -- retention ------------------------------------------------------------------------------


def jaren_terug(datum: datetime.date, jaren: int) -> datetime.date:
    try:
        return datum.replace(year=datum.year - jaren)
    except ValueError:  # 29 February in a year without one
        return datum.replace(year=datum.year - jaren, day=28)


@dataclass
class Kandidaat:
    deelnemer_id: int
    reden: str
    laatste_datum: datetime.date | None


def te_anonimiseren(*, jaren: int, vandaag: datetime.date | None = None) -> list[Kandidaat]:
    """Deelnemers whose retention period has passed, and not yet anonymised:

    - every traject ended (afgerond/gestopt) and the last one ended more than ``jaren`` ago;
    - no traject, every aanvraag closed, the last decided more than ``jaren`` ago;
    - neither, and the deelnemer was recorded more than ``jaren`` ago.

    A running traject or an open aanvraag keeps the deelnemer; so does anything more recent.
    """
    vandaag = vandaag or timezone.localdate()
    grens = jaren_terug(vandaag, jaren)
    grens_moment = timezone.make_aware(datetime.datetime.combine(grens, datetime.time.min))
    gesloten_traject = [Traject.Status.AFGEROND, Traject.Status.GESTOPT]

    al_gedaan = ToegangsLog.objects.filter(actie=ToegangsLog.Actie.GEANONIMISEERD).values("deelnemer_id")
    lopend = Traject.objects.filter(deelnemer=OuterRef("pk")).filter(
        ~Q(status__in=gesloten_traject) | Q(einddatum__isnull=True) | Q(einddatum__gte=grens)
    )
    recente_aanvraag = Aanvraag.objects.filter(deelnemer=OuterRef("pk")).filter(
        Q(status__in=Aanvraag.OPEN_STATUSSEN)
        | Q(afgerond_op__gte=grens_moment)
        | Q(afgerond_op__isnull=True, ingediend_op__gte=grens_moment)
    )
    qs = (
        Deelnemer.objects.exclude(pk__in=al_gedaan)
        .exclude(Exists(lopend))
        .exclude(Exists(recente_aanvraag))
        .annotate(
            laatste_einde=Max("trajecten__einddatum"),
            aantal_trajecten=models.Count("trajecten", distinct=True),
            aantal_aanvragen=models.Count("aanvragen", distinct=True),
        )
        .order_by("pk")
    )
    kandidaten = []
    for deelnemer in qs:
        if deelnemer.aantal_trajecten:
            kandidaten.append(Kandidaat(deelnemer.pk, "laatste traject beëindigd", deelnemer.laatste_einde))
        elif deelnemer.aantal_aanvragen:
            kandidaten.append(Kandidaat(deelnemer.pk, "alleen gesloten aanvragen", None))
        elif deelnemer.aangemaakt_op < grens_moment:
            kandidaten.append(Kandidaat(deelnemer.pk, "geen traject of aanvraag", None))
    return kandidaten


def anonimiseer_deelnemer(deelnemer_id: int) -> None:
    """Remove what identifies the deelnemer, in one transaction.

    Kept: ids and statuses, dates of the steps, progress and hours (statistics), gemeente and
    doelgroep (reports per gemeente), and every Verklaring row untouched: the verification
    registry shows the name, number, date and werkprocessen that were printed.
    """
    with transaction.atomic():
        deelnemer = Deelnemer.objects.select_for_update().get(pk=deelnemer_id)
        deelnemer.voornamen = ANONIEM_VOORNAAM
        deelnemer.tussenvoegsel = ""
        deelnemer.achternaam = f"#{deelnemer.pk}"
        deelnemer.geboortedatum = ANONIEME_GEBOORTEDATUM
        deelnemer.geboorteplaats = ""
        deelnemer.email = ""
        deelnemer.telefoon = ""
        deelnemer.save(
            update_fields=[
                "voornamen",
                "tussenvoegsel",
                "achternaam",
                "geboortedatum",
                "geboorteplaats",
                "email",
                "telefoon",
            ]
        )
        if deelnemer.user_id:
            login = deelnemer.user
            login.username = f"geanonimiseerd-{deelnemer.pk}"
            login.first_name = login.last_name = login.email = ""
            login.is_active = False
            login.set_unusable_password()
            login.save(update_fields=["username", "first_name", "last_name", "email", "is_active", "password"])

        aanvragen = Aanvraag.objects.filter(deelnemer=deelnemer)
        aanvragen.update(
            toelichting="", intake_verslag="", aanmelder_naam="", aanmelder_email="", aanmelder_organisatie=""
        )
        aanvragen.exclude(reden="").update(reden=ANONIEM_TEKST)
        AanvraagWijziging.objects.filter(aanvraag__deelnemer=deelnemer).exclude(toelichting="").update(
            toelichting=ANONIEM_TEKST
        )
        trajecten = Traject.objects.filter(deelnemer=deelnemer)
        trajecten.exclude(stopreden="").update(stopreden=ANONIEM_TEKST)
        TrajectWijziging.objects.filter(traject__deelnemer=deelnemer).exclude(toelichting="").update(
            toelichting=ANONIEM_TEKST
        )
        Voortgang.objects.filter(traject__deelnemer=deelnemer).update(notitie="")
        VoortgangWijziging.objects.filter(voortgang__traject__deelnemer=deelnemer).update(notitie="")
        Uren.objects.filter(traject__deelnemer=deelnemer).update(notitie="")

        ToegangsLog.objects.create(
            user=None,
            deelnemer_id=deelnemer.pk,
            actie=ToegangsLog.Actie.GEANONIMISEERD,
            wat="manage.py bewaartermijn",
            resultaat=200,
        )


def losse_pdfs(*, ouder_dan: datetime.timedelta = datetime.timedelta(days=1)) -> list[str]:
    """Stored verklaring PDFs that no verklaring holds, last changed longer than ``ouder_dan`` ago.

    Issuing stores the PDF before it commits. When the database connection fails at that moment
    the app cannot tell whether the verklaring was issued, so it keeps the file
    (services._pdf_mogelijk_in_gebruik). Such a file holds personal data and serves nothing:
    ``manage.py bewaartermijn`` removes it. The margin spares the files of issues in progress.
    """
    in_gebruik = set(Verklaring.objects.exclude(pdf="").values_list("pdf", flat=True))
    grens = timezone.now() - ouder_dan
    return [
        naam
        for naam in _bestanden(default_storage, VERKLARINGEN_MAP)
        if naam not in in_gebruik and default_storage.get_modified_time(naam) <= grens
    ]


def _bestanden(storage, map_: str):
    try:
        mappen, bestanden = storage.listdir(map_)
    except FileNotFoundError:  # nothing issued yet
        return
    for bestand in bestanden:
        yield f"{map_}/{bestand}"
    for submap in mappen:
        yield from _bestanden(storage, f"{map_}/{submap}")
