import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from praktijkwijs.models import ToegangsLog
from tests import factories
from tests.trajecten.builders_publiek import maak_verklaring
from trajecten.exports import veilige_cel
from trajecten.models import Aanvraag, Uren


def export(client, soort: str, formaat: str, **params):
    return client.get(reverse("trajecten:export", kwargs={"soort": soort, "formaat": formaat}), params)


def lees_csv(response) -> list[list[str]]:
    tekst = response.content.decode("utf-8")
    assert tekst.startswith("\ufeff")
    return list(csv.reader(io.StringIO(tekst[1:]), delimiter=";"))


def lees_xlsx(response) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cel.value for cel in rij] for rij in sheet.iter_rows()]


@pytest.mark.parametrize(
    ("waarde", "veilig"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+31612345678", "'+31612345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Jansen", "Jansen"),
        ("", ""),
        (-5, -5),  # numbers stay numbers
    ],
)
def test_cells_that_look_like_formulas_are_escaped(waarde, veilig):
    assert veilige_cel(waarde) == veilig


@pytest.fixture
def kwaadaardige_aanvraag(world):
    deelnemer = factories.maak_deelnemer(
        '=HYPERLINK("http://evil.example","klik")',
        "@Jansen",
        email="geheim@example.org",
        telefoon="0612345678",
        gemeente="-Doetinchem",
    )
    aanvraag = Aanvraag.objects.create(
        deelnemer=deelnemer, bedrijf=world.bedrijf, aanmelder_organisatie="+Laborijn", toelichting="Privé verhaal"
    )
    aanvraag.vakvaardigheden.add(world.vakvaardigheid)
    return aanvraag


def test_csv_export_escapes_names_and_leaves_out_contact_details(kwaadaardige_aanvraag, coordinator_client):
    response = export(coordinator_client, "aanvragen", "csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="praktijkwijs-aanvragen-')
    rijen = lees_csv(response)
    kop = rijen[0]
    assert kop[:4] == ["Nummer", "Status", "Ingediend op", "Deelnemer"]
    rij = next(r for r in rijen[1:] if r[0] == str(kwaadaardige_aanvraag.pk))
    velden = dict(zip(kop, rij, strict=True))
    assert velden["Deelnemer"] == '\'=HYPERLINK("http://evil.example","klik") @Jansen'
    assert velden["Gemeente"] == "'-Doetinchem"
    assert velden["Organisatie aanmelder"] == "'+Laborijn"
    assert velden["Status"] == "ingediend"
    tekst = response.content.decode()
    for prive in ("geheim@example.org", "0612345678", "1990-05-17", "Privé verhaal"):
        assert prive not in tekst


def test_xlsx_export_writes_escaped_text_never_a_formula(kwaadaardige_aanvraag, coordinator_client):
    response = export(coordinator_client, "aanvragen", "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Nummer"
    for rij in sheet.iter_rows(min_row=2):
        for cel in rij:
            assert cel.data_type != "f", cel.value
    namen = [rij[3] for rij in lees_xlsx(response)[1:]]
    assert '\'=HYPERLINK("http://evil.example","klik") @Jansen' in namen


def test_export_follows_the_period(world, coordinator_client):
    oud = Aanvraag.objects.create(
        deelnemer=factories.maak_deelnemer("Oud", "Geval"), ingediend_op=timezone.now() - datetime.timedelta(days=400)
    )
    vandaag = timezone.localdate()
    rijen = lees_csv(export(coordinator_client, "aanvragen", "csv", van=vandaag - datetime.timedelta(days=30)))
    nummers = {r[0] for r in rijen[1:]}
    assert str(world.aanvraag.pk) in nummers
    assert str(oud.pk) not in nummers


def test_export_is_recorded_in_the_access_log_per_deelnemer(world, coordinator_client):
    export(coordinator_client, "trajecten", "csv")
    gelogd = set(
        ToegangsLog.objects.filter(actie=ToegangsLog.Actie.GEEXPORTEERD, user=world.coordinator).values_list(
            "deelnemer_id", flat=True
        )
    )
    assert gelogd == {world.traject.deelnemer_id, world.andere_traject.deelnemer_id}


def test_trajecten_export_lists_begeleiders_and_progress(world, coordinator_client):
    rijen = lees_csv(export(coordinator_client, "trajecten", "csv"))
    velden = dict(zip(rijen[0], next(r for r in rijen[1:] if r[0] == str(world.traject.pk)), strict=True))
    assert velden["Deelnemer"] == "Sanne de Vries"
    assert velden["Praktijkbegeleiders"] == "Begeleider Test"
    assert (velden["Werkopdrachten"], velden["Beheerst"]) == ("4", "0")
    assert velden["Status"] == "actief"
    assert velden["Vakvaardigheden"] == "Productielogistiek"


def test_trajecten_export_names_every_begeleider_as_the_app_does(world, coordinator_client):
    """Names read with the rows (SQL) must match Praktijkbegeleider.naam, username fallback included."""
    zonder_naam = factories.maak_begeleider(world.bedrijf, "anoniem-begeleider")
    zonder_naam.user.first_name = zonder_naam.user.last_name = ""
    zonder_naam.user.save()
    world.traject.begeleiders.add(zonder_naam)
    rijen = lees_csv(export(coordinator_client, "trajecten", "csv"))
    velden = dict(zip(rijen[0], next(r for r in rijen[1:] if r[0] == str(world.traject.pk)), strict=True))
    namen = sorted(b.naam for b in world.traject.begeleiders.all())
    assert velden["Praktijkbegeleiders"] == ", ".join(namen) == "Begeleider Test, anoniem-begeleider"


def test_uren_export_uses_a_decimal_comma_in_csv_and_numbers_in_xlsx(world, coordinator_client):
    Uren.objects.create(
        traject=world.traject, week=datetime.date(2026, 9, 9), uren=Decimal("12.5"), geregistreerd_door=world.begeleider
    )
    rijen = lees_csv(export(coordinator_client, "uren", "csv"))
    assert rijen[1][3:] == ["2026-W37", "2026-09-07", "12,5"]
    xlsx = lees_xlsx(export(coordinator_client, "uren", "xlsx"))
    assert xlsx[1][5] == 12.5


def test_verklaringen_export_lists_issued_ones_only(world, coordinator_client):
    uitgegeven = maak_verklaring(world.traject, uitgegeven_op=timezone.now(), door=world.coordinator)
    maak_verklaring(world.andere_traject, uitgegeven_op=None, status="voorgesteld", door=world.coordinator)
    rijen = lees_csv(export(coordinator_client, "verklaringen", "csv"))
    assert [r[0] for r in rijen[1:]] == [uitgegeven.nummer]


def test_unknown_export_is_not_found(coordinator_client):
    assert export(coordinator_client, "wachtwoorden", "csv").status_code == 404
    assert export(coordinator_client, "aanvragen", "pdf").status_code == 404
