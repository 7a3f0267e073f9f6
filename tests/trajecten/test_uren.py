"""Hours per week on a traject: recording, correcting, validation, the totals against plan
and norm, the coördinator's CSV export and the norms page."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from praktijkwijs.models import ToegangsLog
from tests.conftest import client_voor
from trajecten.models import Deelnemer, Uren, UrenNorm, maandag_van

pytestmark = pytest.mark.django_db


def uren_url(traject) -> str:
    return reverse("trajecten:uren_registreer", args=[traject.pk])


def test_begeleider_records_hours_stored_on_monday(world, begeleider_client):
    woensdag = datetime.date(2026, 9, 9)
    response = begeleider_client.post(uren_url(world.traject), {"week": woensdag.isoformat(), "uren": "24,5"})
    assert response["Location"] == world.traject.get_absolute_url() + "#uren"
    rij = Uren.objects.get(traject=world.traject)
    assert (rij.week, rij.uren, rij.geregistreerd_door) == (
        datetime.date(2026, 9, 7),
        Decimal("24.5"),
        world.begeleider,
    )


def test_same_week_again_replaces_the_hours(world, begeleider_client):
    begeleider_client.post(uren_url(world.traject), {"week": "2026-09-08", "uren": "20"})
    begeleider_client.post(uren_url(world.traject), {"week": "2026-09-11", "uren": "16", "notitie": "ziek op vrijdag"})
    rij = Uren.objects.get(traject=world.traject)
    assert (rij.uren, rij.notitie) == (Decimal("16"), "ziek op vrijdag")


def test_htmx_answer_is_the_hours_section_with_the_new_total(world, begeleider_client):
    world.traject.geplande_uren_per_week = Decimal("16")
    world.traject.save()
    response = begeleider_client.post(
        uren_url(world.traject), {"week": "2026-09-08", "uren": "12"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert '<section id="uren"' in html
    assert "<html" not in html  # the section only
    assert "<strong>12 uur</strong> gewerkt" in html
    assert "12 uur opgeslagen voor de week van 7 september 2026." in html
    assert "Gepland: 16 uur per week" in html


@pytest.mark.parametrize(
    ("uren", "week", "fout"),
    [
        ("81", "2026-09-08", "Hoogstens 80 uur per week."),
        ("-1", "2026-09-08", "Het aantal uren kan niet negatief zijn."),
        ("veel", "2026-09-08", "Vul een getal in"),
        ("", "2026-09-08", "Vul het aantal uren in."),
        ("10", "2026-08-20", "Deze week ligt voor de start van het traject"),
        ("10", "", "Kies een dag in de week."),
    ],
)
def test_bad_hours_are_refused_in_dutch(world, begeleider_client, uren, week, fout):
    response = begeleider_client.post(uren_url(world.traject), {"week": week, "uren": uren}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert fout in html
    assert f'value="{uren}"' in html or not uren  # what was typed is shown again
    assert not Uren.objects.exists()


def test_future_week_is_refused(world, begeleider_client):
    volgende_week = timezone.localdate() + datetime.timedelta(days=7)
    response = begeleider_client.post(uren_url(world.traject), {"week": volgende_week.isoformat(), "uren": "8"})
    assert "Deze week is nog niet begonnen." in response.content.decode()
    assert not Uren.objects.exists()


def test_this_week_is_allowed(world, begeleider_client):
    begeleider_client.post(uren_url(world.traject), {"week": timezone.localdate().isoformat(), "uren": "8"})
    assert Uren.objects.get().week == maandag_van(timezone.localdate())


@pytest.mark.parametrize(("persona", "status"), [("andere_begeleider", 404), ("beoordelaar", 403), ("deelnemer", 403)])
def test_others_cannot_record_hours(world, persona, status):
    response = client_voor(world, persona).post(uren_url(world.traject), {"week": "2026-09-08", "uren": "8"})
    assert response.status_code == status
    assert not Uren.objects.exists()


def test_traject_shows_total_against_plan_and_doelgroep_norm(world, coordinator_client):
    deelnemer = world.traject.deelnemer
    deelnemer.doelgroep = Deelnemer.Doelgroep.INBURGERAAR
    deelnemer.save()
    world.traject.geplande_uren_per_week = Decimal("16")
    world.traject.einddatum = datetime.date(2026, 9, 20)  # three calendar weeks
    world.traject.save()
    UrenNorm.objects.create(doelgroep=Deelnemer.Doelgroep.INBURGERAAR, uren_per_week=Decimal("20"))
    for week, uren in [("2026-09-01", "16"), ("2026-09-08", "20"), ("2026-09-15", "12")]:
        world.traject.registreer_uren(week=datetime.date.fromisoformat(week), uren=Decimal(uren), door=world.begeleider)
    html = coordinator_client.get(world.traject.get_absolute_url()).content.decode()
    assert "<strong>48 uur</strong> gewerkt" in html
    assert "Gepland: 16 uur per week × 3 weken = 48 uur" in html
    assert "Urennorm voor inburgeraar: 20 uur per week × 3 weken = 60 uur" in html
    assert 'aria-label="Uren tegenover de urennorm" aria-valuenow="80"' in html


def uren_tabel(html: str) -> str:
    return re.search(r'<table class="table table-sm uren-tabel">.*?</table>', html, re.S).group(0)


def test_only_a_coordinator_sees_who_filled_in_a_week_and_each_name_costs_no_query(world, coordinator_client):
    url = world.traject.get_absolute_url()
    traject = world.traject
    Uren.objects.create(traject=traject, week=datetime.date(2026, 9, 7), uren=8, geregistreerd_door=world.begeleider)
    coordinator_client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as met_een:
        coordinator_client.get(url)
    Uren.objects.create(traject=traject, week=datetime.date(2026, 9, 14), uren=6, geregistreerd_door=world.coordinator)
    with CaptureQueriesContext(connection) as met_twee:
        tabel = uren_tabel(coordinator_client.get(url).content.decode())
    assert len(met_twee) == len(met_een)
    assert str(world.begeleider) in tabel and str(world.coordinator) in tabel
    tabel = uren_tabel(client_voor(world, "begeleider").get(url).content.decode())
    assert "<td>wk 37 (7 Sep)</td>" in tabel  # as {% blocktranslate %} with |date:"W" and "j M" printed it
    assert str(world.begeleider) not in tabel and str(world.coordinator) not in tabel


def test_no_norm_line_without_a_norm(world, begeleider_client):
    html = begeleider_client.get(world.traject.get_absolute_url()).content.decode()
    assert "Urennorm" not in html


def test_weken_sinds_start_counts_calendar_weeks_up_to_the_end():
    from trajecten.models import Traject

    traject = Traject(startdatum=datetime.date(2026, 9, 2))  # a Wednesday
    assert traject.weken_sinds_start(op=datetime.date(2026, 9, 1)) == 0
    assert traject.weken_sinds_start(op=datetime.date(2026, 9, 6)) == 1
    assert traject.weken_sinds_start(op=datetime.date(2026, 9, 7)) == 2
    traject.einddatum = datetime.date(2026, 9, 10)
    assert traject.weken_sinds_start(op=datetime.date(2026, 12, 1)) == 2


def test_coordinator_exports_hours_as_csv_with_formula_cells_escaped(world, coordinator_client):
    world.traject.registreer_uren(
        week=datetime.date(2026, 9, 8), uren=Decimal("12.5"), door=world.begeleider, notitie='=HYPERLINK("x")'
    )
    world.traject.registreer_uren(
        week=datetime.date(2026, 9, 15), uren=Decimal("8"), door=world.begeleider, notitie="@som"
    )
    response = coordinator_client.get(reverse("trajecten:uren_csv", args=[world.traject.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Deelnemer", "Bedrijf", "Week", "Maandag", "Uren"]
    assert rows[1][:6] == ["Sanne de Vries", "Laborijn", "2026-W37", "2026-09-07", "12,5", '\'=HYPERLINK("x")']
    assert rows[2][5] == "'@som"
    assert len(rows) == 3
    assert ToegangsLog.objects.filter(actie=ToegangsLog.Actie.GEEXPORTEERD, user=world.coordinator).exists()


@pytest.mark.parametrize("waarde", ["=1+1", "+31", "-5", "@A1", "\tx"])
def test_csv_cell_escaping(waarde):
    from trajecten.views.begeleiding import csv_cel

    assert csv_cel(waarde) == "'" + waarde
    assert csv_cel("gewoon") == "gewoon"


@pytest.mark.parametrize("persona", ["begeleider", "beoordelaar", "deelnemer"])
def test_only_the_coordinator_exports(world, persona):
    response = client_voor(world, persona).get(reverse("trajecten:uren_csv", args=[world.traject.pk]))
    assert response.status_code == 403


def test_coordinator_sets_and_removes_norms(world, coordinator_client):
    url = reverse("trajecten:urennormen")
    response = coordinator_client.post(url, {"inburgeraar": "20", "werkzoekende": "12,5"}, follow=True)
    assert "De urennormen zijn opgeslagen." in response.content.decode()
    assert dict(UrenNorm.objects.values_list("doelgroep", "uren_per_week")) == {
        "inburgeraar": Decimal("20"),
        "werkzoekende": Decimal("12.5"),
    }
    coordinator_client.post(url, {"inburgeraar": "24"})
    assert dict(UrenNorm.objects.values_list("doelgroep", "uren_per_week")) == {"inburgeraar": Decimal("24")}


def test_bad_norm_is_refused_and_nothing_changes(world, coordinator_client):
    UrenNorm.objects.create(doelgroep="inburgeraar", uren_per_week=Decimal("20"))
    response = coordinator_client.post(reverse("trajecten:urennormen"), {"inburgeraar": "16", "werkzoekende": "100"})
    assert "Hoogstens 80 uur per week." in response.content.decode()
    assert UrenNorm.objects.get().uren_per_week == Decimal("20")


def test_no_hours_on_a_finished_traject(world):
    """Attendance records back subsidies: a finished traject collects no more hours."""
    world.traject.rond_af(door=world.coordinator, einddatum=datetime.date(2026, 10, 30))
    client = client_voor(world, "begeleider")
    response = client.post(uren_url(world.traject), {"week": "2026-10-26", "uren": "8"}, follow=True)
    assert "alleen bij een actief traject" in response.content.decode()
    assert not world.traject.uren.exists()


@pytest.mark.parametrize(
    "data",
    [None, {"week": "2026-08-20", "uren": "veel", "notitie": "<b>ziek</b>"}, {"week": "", "uren": "", "notitie": ""}],
)
def test_hours_form_markup_is_what_crispy_would_render(world, begeleider_client, data):
    """The hours form is written out in the template for speed; it must stay crispy's markup."""
    from crispy_forms.helper import FormHelper
    from crispy_forms.layout import Submit
    from crispy_forms.utils import render_crispy_form

    from trajecten.forms.uren import UrenForm

    if data is None:
        html = begeleider_client.get(world.traject.get_absolute_url()).content.decode()
        form = UrenForm(traject=world.traject)
    else:
        html = begeleider_client.post(uren_url(world.traject), data, HTTP_HX_REQUEST="true").content.decode()
        form = UrenForm(data, traject=world.traject)
        form.is_valid()
    form.helper = FormHelper()
    form.helper.form_tag = False
    form.helper.add_input(Submit("opslaan", "Uren opslaan", css_class="btn-pw tap-target"))

    def genormaliseerd(tekst: str) -> str:
        tekst = re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", tekst)
        return " ".join(re.sub(r">\s+<", "><", tekst).split()).replace("> <", "><")

    formulier = html[html.index(f'<form method="post" action="{uren_url(world.traject)}"') :]
    formulier = formulier[: formulier.index("</form>")]
    assert genormaliseerd(render_crispy_form(form)) in genormaliseerd(formulier)
