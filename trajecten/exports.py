"""Exports for the coördinator's reports: aanvragen, trajecten, uren and verklaringen as CSV
or XLSX.

Only what a report needs leaves the application: no contact details, no dates of birth and no
free-text notes (intake reports, reasons, remarks), because a spreadsheet travels further than
the application's access rules reach. Every text cell that a spreadsheet would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
single quote, so a name like ``=HYPERLINK(...)`` is shown, never executed.
"""

import csv
import datetime
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from praktijkwijs.lijsten import namen_lijst, namen_per_rij
from praktijkwijs.models import ToegangsLog
from trajecten import rapportage
from trajecten.models import Aanvraag, Deelnemer, Praktijkbegeleider, Traject, Uren, Verklaring

FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
FORMATEN = ("csv", "xlsx")


def veilige_cel(waarde: object) -> object:
    """The value as a spreadsheet may safely show it: text that looks like a formula is escaped."""
    if isinstance(waarde, str) and waarde.startswith(FORMULE_TEKENS):
        return "'" + waarde
    return waarde


@dataclass
class Export:
    titel: str
    kolommen: list[tuple[str, Callable[[object], object]]]
    rijen: Callable[[object, rapportage.Periode], QuerySet]
    deelnemer_id: Callable[[object], int]


def _lokaal(moment: datetime.datetime | None) -> datetime.datetime | None:
    # Spreadsheets have no time zones: write the local time the coördinator knows.
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0) if moment else None


@functools.cache
def _labels(keuzes: type[models.Choices], taal: str) -> dict[str, str]:
    with translation.override(taal):
        return {waarde: str(label) for waarde, label in keuzes.choices}


def _label(keuzes: type[models.Choices], waarde: str) -> str:
    """What get_FOO_display() gives, looked up once per language: an export asks it of every row
    (tens of thousands), and a translation per call was a seventh of a national trajecten export."""
    return _labels(keuzes, translation.get_language()).get(waarde, waarde)


# Many-to-many names read with the rows (lijsten.namen_per_rij) rather than prefetched: a model
# instance per vakvaardigheid, begeleider and user was half of a national trajecten export (3.5 s).
BEGELEIDER_NAAM = Praktijkbegeleider.naam_sql("praktijkbegeleider__")


def _aanvragen(user, periode: rapportage.Periode) -> QuerySet:
    return (
        Aanvraag.objects.voor(user)
        .filter(periode.q_moment("ingediend_op"))
        .select_related("deelnemer", "bedrijf", "school")
        .annotate(vakken=namen_per_rij(Aanvraag.vakvaardigheden.through, "aanvraag_id", "vakvaardigheid__naam"))
        .order_by("ingediend_op", "pk")
    )


def _trajecten(user, periode: rapportage.Periode) -> QuerySet:
    return (
        Traject.objects.voor(user)
        .filter(periode.q_datum("startdatum"))
        .select_related("deelnemer", "bedrijf", "school")
        .annotate(
            vakken=namen_per_rij(Traject.vakvaardigheden.through, "traject_id", "vakvaardigheid__naam"),
            begeleider_namen=namen_per_rij(Traject.begeleiders.through, "traject_id", BEGELEIDER_NAAM),
        )
        .order_by("startdatum", "pk")
    )


def _uren(user, periode: rapportage.Periode) -> QuerySet:
    return (
        Uren.objects.filter(traject__in=Traject.objects.voor(user).values("pk"))
        .filter(periode.q_datum("week"))
        .select_related("traject__deelnemer", "traject__bedrijf")
        .order_by("week", "traject_id")
    )


def _verklaringen(user, periode: rapportage.Periode) -> QuerySet:
    """Every verklaring issued in the period, revoked ones too (their status is a column)."""
    return (
        Verklaring.objects.voor(user)
        .filter(status__in=Verklaring.UITGEGEVEN_STATUSSEN)
        .filter(periode.q_moment("uitgegeven_op"))
        .select_related("traject")
        .order_by("uitgegeven_op", "pk")
    )


EXPORTS: dict[str, Export] = {
    "aanvragen": Export(
        titel=_("Aanvragen"),
        kolommen=[
            (_("Nummer"), lambda a: a.pk),
            (_("Status"), lambda a: _label(Aanvraag.Status, a.status)),
            (_("Ingediend op"), lambda a: _lokaal(a.ingediend_op)),
            (_("Deelnemer"), lambda a: a.deelnemer.naam),
            (_("Gemeente"), lambda a: a.deelnemer.gemeente),
            (_("Doelgroep"), lambda a: _label(Deelnemer.Doelgroep, a.deelnemer.doelgroep)),
            (_("Verwijzer"), lambda a: _label(Deelnemer.Verwijzer, a.deelnemer.verwijzer)),
            (_("Vakvaardigheden"), lambda a: namen_lijst(a.vakken)),
            (_("Bedrijf"), lambda a: a.bedrijf.naam if a.bedrijf else ""),
            (_("School"), lambda a: a.school.naam if a.school else ""),
            (_("Gewenste startdatum"), lambda a: a.gewenste_startdatum),
            (_("Intake op"), lambda a: _lokaal(a.intake_op)),
            (_("Advies"), lambda a: _label(Aanvraag.Advies, a.intake_advies)),
            (_("Besluit op"), lambda a: _lokaal(a.afgerond_op)),
            (_("Aangemeld door"), lambda a: a.aanmelder_naam),
            (_("Organisatie aanmelder"), lambda a: a.aanmelder_organisatie),
        ],
        rijen=_aanvragen,
        deelnemer_id=lambda a: a.deelnemer_id,
    ),
    "trajecten": Export(
        titel=_("Trajecten"),
        kolommen=[
            (_("Nummer"), lambda t: t.pk),
            (_("Status"), lambda t: _label(Traject.Status, t.status)),
            (_("Deelnemer"), lambda t: t.deelnemer.naam),
            (_("Gemeente"), lambda t: t.deelnemer.gemeente),
            (_("Doelgroep"), lambda t: _label(Deelnemer.Doelgroep, t.deelnemer.doelgroep)),
            (_("Bedrijf"), lambda t: t.bedrijf.naam),
            (_("School"), lambda t: t.school.naam),
            (_("Vakvaardigheden"), lambda t: namen_lijst(t.vakken)),
            (_("Praktijkbegeleiders"), lambda t: namen_lijst(t.begeleider_namen)),
            (_("Startdatum"), lambda t: t.startdatum),
            (_("Einddatum"), lambda t: t.einddatum),
            (_("Werkopdrachten"), lambda t: t.aantal_opdrachten),
            (_("Beheerst"), lambda t: t.aantal_beheerst),
            (_("Laatste voortgang"), lambda t: _lokaal(t.laatste_activiteit)),
            (_("Geplande uren per week"), lambda t: t.geplande_uren_per_week),
        ],
        rijen=_trajecten,
        deelnemer_id=lambda t: t.deelnemer_id,
    ),
    "uren": Export(
        titel=_("Uren"),
        kolommen=[
            (_("Traject"), lambda u: u.traject_id),
            (_("Deelnemer"), lambda u: u.traject.deelnemer.naam),
            (_("Bedrijf"), lambda u: u.traject.bedrijf.naam),
            (_("Week"), lambda u: f"{u.week:%G-W%V}"),
            (_("Maandag"), lambda u: u.week),
            (_("Uren"), lambda u: u.uren),
        ],
        rijen=_uren,
        deelnemer_id=lambda u: u.traject.deelnemer_id,
    ),
    "verklaringen": Export(
        titel=_("Verklaringen"),
        kolommen=[
            (_("Nummer"), lambda v: v.nummer),
            (_("Status"), lambda v: _label(Verklaring.Status, v.status)),
            (_("Traject"), lambda v: v.traject_id),
            (_("Deelnemer"), lambda v: v.deelnemer_naam),
            (_("Kwalificatie"), lambda v: v.kwalificatie_naam),
            (_("Crebocode"), lambda v: v.kwalificatie_crebo),
            (_("Niveau"), lambda v: v.kwalificatie_niveau),
            (_("School"), lambda v: v.school_naam),
            (_("Leerbedrijf"), lambda v: v.bedrijf_naam),
            (_("Uitgegeven op"), lambda v: _lokaal(v.uitgegeven_op)),
            (_("Ingetrokken op"), lambda v: _lokaal(v.ingetrokken_op)),
        ],
        rijen=_verklaringen,
        deelnemer_id=lambda v: v.traject.deelnemer_id,
    ),
}


def tabel(soort: str, user, periode: rapportage.Periode) -> tuple[list[str], list[list[object]], set[int]]:
    """Header, escaped rows and the ids of the deelnemers in them."""
    export = EXPORTS[soort]
    kop = [str(titel) for titel, _waarde in export.kolommen]
    rijen, deelnemers = [], set()
    for obj in export.rijen(user, periode):
        rijen.append([veilige_cel(waarde(obj)) for _titel, waarde in export.kolommen])
        deelnemers.add(export.deelnemer_id(obj))
    return kop, rijen, deelnemers


def _csv_waarde(waarde: object) -> object:
    # Dutch spreadsheets read a decimal comma; the separator is therefore a semicolon.
    if isinstance(waarde, Decimal | float):
        return str(waarde).replace(".", ",")
    if isinstance(waarde, datetime.datetime):
        return waarde.strftime("%Y-%m-%d %H:%M")
    if waarde is None:
        return ""
    return waarde


def als_csv(kop: list[str], rijen: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([veilige_cel(titel) for titel in kop])
    for rij in rijen:
        writer.writerow([_csv_waarde(waarde) for waarde in rij])
    # The byte order mark makes Excel read the file as UTF-8 (names like Dvořák stay intact).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def als_xlsx(titel: str, kop: list[str], rijen: list[list[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=titel[:31])
    sheet.freeze_panes = "A2"
    vet = Font(bold=True)
    kopcellen = []
    for naam in kop:
        cel = WriteOnlyCell(sheet, value=veilige_cel(naam))
        cel.font = vet
        kopcellen.append(cel)
    sheet.append(kopcellen)
    for rij in rijen:
        cellen = []
        for waarde in rij:
            cel = WriteOnlyCell(sheet, value=waarde)
            if isinstance(waarde, str):
                # Text stays text: openpyxl would otherwise read a leading "=" as a formula.
                cel.data_type = "s"
            elif isinstance(waarde, datetime.datetime):
                cel.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(waarde, datetime.date):
                cel.number_format = "yyyy-mm-dd"
            cellen.append(cel)
        sheet.append(cellen)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(request: HttpRequest, *, soort: str, formaat: str, periode: rapportage.Periode) -> HttpResponse:
    """The file as a download; every deelnemer in it gets a row in the access log."""
    export = EXPORTS[soort]
    kop, rijen, deelnemers = tabel(soort, request.user, periode)
    ToegangsLog.objects.bulk_create(
        ToegangsLog(
            user=request.user,
            deelnemer_id=deelnemer_id,
            actie=ToegangsLog.Actie.GEEXPORTEERD,
            wat=request.get_full_path()[:200],
        )
        for deelnemer_id in sorted(deelnemers)
    )
    naam = f"praktijkwijs-{soort}-{timezone.localdate():%Y-%m-%d}.{formaat}"
    if formaat == "csv":
        response = HttpResponse(als_csv(kop, rijen), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            als_xlsx(str(export.titel), kop, rijen),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response
