"""Export then import gives the same catalogue back."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories
from werkopdrachten import uitwisseling
from werkopdrachten.models import Kwalificatie, Vakvaardigheid

pytestmark = pytest.mark.django_db


def exporteer(client, naam: str, pk: int, formaat: str):
    response = client.get(reverse(f"werkopdrachten:{naam}_export", kwargs={"pk": pk, "formaat": formaat}))
    assert response.status_code == 200
    assert response["Content-Type"] == uitwisseling.CONTENT_TYPES[formaat]
    assert f".{formaat}" in response["Content-Disposition"]
    return response.content


def importeer(client, naam: str, pk: int, formaat: str, inhoud: bytes):
    response = client.post(
        reverse(f"werkopdrachten:{naam}_import", args=[pk]),
        {"bestand": SimpleUploadedFile(f"export.{formaat}", inhoud)},
    )
    assert response.context["aantal_fouten"] == 0, [r.fouten for r in response.context["rijen"] or []]
    bevestigd = client.post(
        reverse(f"werkopdrachten:{naam}_import_bevestigen", args=[pk]), {"token": response.context["token"]}
    )
    assert bevestigd.status_code == 302


def ruwe_titels(inhoud: bytes, formaat: str) -> list[str]:
    """The titel column as a spreadsheet would see it, without our unescaping."""
    if formaat == "csv":
        return [rij[1] for rij in csv.reader(io.StringIO(inhoud.decode("utf-8-sig")), delimiter=";")]
    sheet = load_workbook(io.BytesIO(inhoud)).worksheets[0]
    assert all(cel.data_type != "f" for rij in sheet.iter_rows() for cel in rij)
    return [cel.value for cel in sheet["B"]]


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_werkopdrachten_round_trip_into_an_empty_vakvaardigheid(coordinator_client, world, formaat):
    bron = world.vakvaardigheid
    # Text that a spreadsheet would run, and text with the separators of both formats.
    bron.nieuwe_werkopdracht(
        titel='=HYPERLINK("http://kwaad")',
        volgorde=9,
        omschrijving='-2 pallets; dan @team bellen, "netjes"\nen opruimen',
        werkprocessen=bron.kwalificatie.werkprocessen.filter(code__in=["B1-K1-W2", "B1-K1-W3"]),
    )
    doel = Vakvaardigheid.objects.create(naam="Kopie", kwalificatie=bron.kwalificatie)

    inhoud = exporteer(coordinator_client, "werkopdrachten", bron.pk, formaat)
    assert '\'=HYPERLINK("http://kwaad")' in ruwe_titels(inhoud, formaat)
    importeer(coordinator_client, "werkopdrachten", doel.pk, formaat, inhoud)

    doel.refresh_from_db()
    assert doel.werkopdrachten_tabel() == bron.werkopdrachten_tabel()
    assert len(doel.werkopdrachten_tabel()) == 5


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_werkprocessen_round_trip_into_an_empty_kwalificatie(coordinator_client, formaat):
    bron = factories.maak_kwalificatie()
    bron.kerntaken.create(code="B1-K2", titel="+ Verzendt goederen")
    kerntaak = bron.kerntaken.get(code="B1-K2")
    kerntaak.werkprocessen.create(kwalificatie=bron, code="B1-K2-W1", titel='@Pakt in; "zorgvuldig"')
    doel = Kwalificatie.objects.create(
        crebo="25999", naam="Leeg", niveau=2, dossier_versie="2025", geldig_vanaf="2025-08-01"
    )

    inhoud = exporteer(coordinator_client, "werkprocessen", bron.pk, formaat)
    importeer(coordinator_client, "werkprocessen", doel.pk, formaat, inhoud)

    assert doel.werkprocessen_tabel() == bron.werkprocessen_tabel()
    assert len(doel.werkprocessen_tabel()) == 4


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_reimporting_an_export_of_a_catalogue_in_use_changes_nothing(coordinator_client, world, formaat):
    vak = world.vakvaardigheid
    voor = (vak.werkopdrachten_tabel(), vak.kwalificatie.werkprocessen_tabel())
    importeer(
        coordinator_client,
        "werkopdrachten",
        vak.pk,
        formaat,
        exporteer(coordinator_client, "werkopdrachten", vak.pk, formaat),
    )
    importeer(
        coordinator_client,
        "werkprocessen",
        vak.kwalificatie_id,
        formaat,
        exporteer(coordinator_client, "werkprocessen", vak.kwalificatie_id, formaat),
    )
    assert (vak.werkopdrachten_tabel(), vak.kwalificatie.werkprocessen_tabel()) == voor


def test_export_of_unknown_format_is_404(coordinator_client, world):
    url = reverse("werkopdrachten:werkopdrachten_export", kwargs={"pk": world.vakvaardigheid.pk, "formaat": "pdf"})
    assert coordinator_client.get(url).status_code == 404
