"""The dashboard's figures, checked against a small dataset whose answers are known by hand."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from praktijkwijs.models import User
from tests import factories
from tests.trajecten.builders_publiek import maak_verklaring
from trajecten import rapportage
from trajecten.models import Aanvraag, AanvraagWijziging, Deelnemer, Traject
from trajecten.rapportage import Periode

AMS = ZoneInfo("Europe/Amsterdam")
S = Aanvraag.Status


@pytest.fixture(autouse=True)
def _lege_cache():
    """The dashboard caches its report; every test starts from the database."""
    cache.clear()
    yield
    cache.clear()


def moment(dag: str, uur: int = 12) -> datetime.datetime:
    return datetime.datetime.fromisoformat(dag).replace(hour=uur, tzinfo=AMS)


def aanvraag_met_historie(deelnemer, ingediend: str, stappen: list[tuple[str, str]], met_aanmaakrij=True, **velden):
    """An aanvraag submitted at noon on ``ingediend`` that went through ``stappen`` (day, status)."""
    eind = stappen[-1][1] if stappen else S.INGEDIEND
    aanvraag = Aanvraag.objects.create(deelnemer=deelnemer, ingediend_op=moment(ingediend), status=eind, **velden)
    if met_aanmaakrij:
        AanvraagWijziging.objects.create(aanvraag=aanvraag, op=moment(ingediend), naar_status=S.INGEDIEND)
    van = S.INGEDIEND
    for dag, naar in stappen:
        AanvraagWijziging.objects.create(aanvraag=aanvraag, op=moment(dag), van_status=van, naar_status=naar)
        van = naar
    return aanvraag


@pytest.fixture
def gegevens(db):
    """Five aanvragen, three trajecten and four verklaringen; the expected figures are in the tests."""
    coordinator = factories.maak_user(User.Rol.COORDINATOR, "coord")
    s1, s2 = factories.maak_school("Graafschap College", "GC"), factories.maak_school("Aeres MBO", "AE")
    v1 = factories.maak_vakvaardigheid(naam="Assistent kweek")
    v2 = factories.maak_vakvaardigheid(naam="Productielogistiek")
    b1, b2 = factories.maak_bedrijf("Stadsboerin Doetinchem"), factories.maak_bedrijf("Laborijn")
    g1, g2 = factories.maak_begeleider(b1), factories.maak_begeleider(b2)
    d1 = factories.maak_deelnemer("Amina", "Said", doelgroep=Deelnemer.Doelgroep.INBURGERAAR, gemeente="Doetinchem")
    d2 = factories.maak_deelnemer("Kees", "Bos", doelgroep=Deelnemer.Doelgroep.WERKZOEKENDE, gemeente="Winterswijk")
    d3 = factories.maak_deelnemer("Omar", "Haddad", doelgroep=Deelnemer.Doelgroep.INBURGERAAR, gemeente="Doetinchem")

    # ingediend 4 d, intake gepland 10 d (a re-plan does not end the stage), intake gehouden 3 d; decision after 17 d
    a1 = aanvraag_met_historie(
        d1,
        "2026-03-01",
        [
            ("2026-03-05", S.INTAKE_GEPLAND),
            ("2026-03-07", S.INTAKE_GEPLAND),
            ("2026-03-15", S.INTAKE_GEHOUDEN),
            ("2026-03-18", S.GOEDGEKEURD),
        ],
        bedrijf=b1,
    )
    a1.vakvaardigheden.add(v1)
    # no creation row; 2 d, 8 d, 1 d; decision after 11 d
    aanvraag_met_historie(
        d2,
        "2026-03-10",
        [("2026-03-12", S.INTAKE_GEPLAND), ("2026-03-20", S.INTAKE_GEHOUDEN), ("2026-03-21", S.AFGEWEZEN)],
        met_aanmaakrij=False,
        reden="Past niet",
    )
    aanvraag_met_historie(d3, "2026-04-01", [("2026-04-07", S.INTAKE_GEPLAND)])  # 6 d, still waiting
    aanvraag_met_historie(d3, "2026-04-02", [("2026-04-03", S.INGETROKKEN)])  # 1 d; withdrawn is no decision
    aanvraag_met_historie(d1, "2025-12-01", [("2026-01-01", S.INTAKE_GEPLAND)])  # 31 d

    maak = factories.maak_traject
    t1 = maak(
        deelnemer=d1,
        begeleider=g1,
        school=s1,
        vakvaardigheid=v1,
        door=coordinator,
        startdatum=datetime.date(2026, 3, 10),
    )
    t2 = maak(
        deelnemer=d2,
        begeleider=g2,
        school=s1,
        vakvaardigheid=v2,
        door=coordinator,
        startdatum=datetime.date(2026, 5, 1),
    )
    t3 = maak(
        deelnemer=d3,
        begeleider=g1,
        school=s2,
        vakvaardigheid=v1,
        door=coordinator,
        startdatum=datetime.date(2025, 11, 1),
    )
    nu = timezone.now()
    Traject.objects.filter(pk=t1.pk).update(laatste_activiteit=nu - datetime.timedelta(weeks=5))
    Traject.objects.filter(pk=t2.pk).update(laatste_activiteit=nu - datetime.timedelta(weeks=1))
    Traject.objects.filter(pk=t3.pk).update(laatste_activiteit=nu - datetime.timedelta(weeks=9))
    t3.stop(door=coordinator, reden="Verhuisd")  # stopped: not "without progress", however quiet

    maak_verklaring(t1, uitgegeven_op=moment("2026-03-20"), door=coordinator)
    maak_verklaring(t3, uitgegeven_op=moment("2026-01-15"), door=coordinator)
    # Revoked (replaced by the one above): shown nowhere in the figures, so it counts once.
    maak_verklaring(t3, uitgegeven_op=moment("2025-12-10"), status="ingetrokken", door=coordinator)
    maak_verklaring(t2, uitgegeven_op=None, status="voorgesteld", door=coordinator)
    return {"coordinator": coordinator, "t1": t1, "b1": b1, "b2": b2}


MAART = Periode(van=datetime.date(2026, 3, 1), tot=datetime.date(2026, 3, 31))


def per_sleutel(tellingen):
    return {t.sleutel: t.aantal for t in tellingen}


def test_funnel_counts_aanvragen_per_current_stage(gegevens):
    assert per_sleutel(rapportage.aanvragen_per_status()) == {
        S.INGEDIEND: 0,
        S.INTAKE_GEPLAND: 2,
        S.INTAKE_GEHOUDEN: 0,
        S.GOEDGEKEURD: 1,
        S.AFGEWEZEN: 1,
        S.INGETROKKEN: 1,
    }


def test_funnel_only_counts_aanvragen_submitted_in_the_period(gegevens):
    tellingen = per_sleutel(rapportage.aanvragen_per_status(MAART))
    assert tellingen[S.GOEDGEKEURD] == 1 and tellingen[S.AFGEWEZEN] == 1
    assert sum(tellingen.values()) == 2


def test_median_doorlooptijd_per_stage_from_the_history(gegevens):
    regels = {r.fase: (r.mediaan_dagen, r.aantal) for r in rapportage.doorlooptijd_per_fase()}
    assert regels == {
        S.INGEDIEND: (4.0, 5),  # 1, 2, 4, 6, 31 days
        S.INTAKE_GEPLAND: (9.0, 2),  # 10 and 8
        S.INTAKE_GEHOUDEN: (2.0, 2),  # 3 and 1
        "besluit": (14.0, 2),  # 17 and 11
    }


def test_doorlooptijd_in_a_period_counts_stays_that_ended_in_it(gegevens):
    regels = {r.fase: (r.mediaan_dagen, r.aantal) for r in rapportage.doorlooptijd_per_fase(MAART)}
    assert regels[S.INGEDIEND] == (3.0, 2)  # 4 and 2; the April and January ones fall outside
    assert regels[S.INTAKE_GEPLAND] == (9.0, 2)


def test_doorlooptijd_without_data_has_no_median(db):
    assert all(r.mediaan_dagen is None and r.aantal == 0 for r in rapportage.doorlooptijd_per_fase())


def test_trajecten_without_progress_are_active_ones_silent_for_four_weeks(gegevens):
    assert list(rapportage.trajecten_zonder_voortgang()) == [gegevens["t1"]]


def test_verklaringen_per_month_fill_empty_months(gegevens):
    periode = Periode(van=datetime.date(2026, 1, 1), tot=datetime.date(2026, 3, 31))
    per_maand = rapportage.verklaringen_per_maand(periode)
    assert [(t.sleutel, t.aantal) for t in per_maand] == [
        (datetime.date(2026, 1, 1), 1),
        (datetime.date(2026, 2, 1), 0),
        (datetime.date(2026, 3, 1), 1),
    ]
    assert per_maand[0].label == "januari 2026"


def rijen(uitsplitsing):
    return {rij["label"]: {k: v for k, v in rij.items() if k != "label"} for rij in uitsplitsing.rijen}


def test_breakdown_per_gemeente_and_doelgroep(gegevens):
    assert rijen(rapportage.uitsplitsing("gemeente")) == {
        "Doetinchem": {"aanvragen": 4, "trajecten": 2, "verklaringen": 2},
        "Winterswijk": {"aanvragen": 1, "trajecten": 1, "verklaringen": 0},
    }
    assert rijen(rapportage.uitsplitsing("doelgroep", MAART)) == {
        "inburgeraar": {"aanvragen": 1, "trajecten": 1, "verklaringen": 1},
        "werkzoekende": {"aanvragen": 1, "trajecten": 0, "verklaringen": 0},
    }


def test_breakdown_per_bedrijf_school_and_vakvaardigheid(gegevens):
    assert rijen(rapportage.uitsplitsing("bedrijf")) == {
        "(onbekend)": {"aanvragen": 4, "trajecten": 0, "verklaringen": 0},
        "Stadsboerin Doetinchem": {"aanvragen": 1, "trajecten": 2, "verklaringen": 2},
        "Laborijn": {"aanvragen": 0, "trajecten": 1, "verklaringen": 0},
    }
    assert rijen(rapportage.uitsplitsing("school"))["Aeres MBO"] == {"aanvragen": 0, "trajecten": 1, "verklaringen": 1}
    assert rijen(rapportage.uitsplitsing("vakvaardigheid"))["Assistent kweek"] == {
        "aanvragen": 1,
        "trajecten": 2,
        "verklaringen": 2,
    }


def test_all_breakdowns_at_once_give_the_same_rows_as_each_alone(gegevens):
    samen = rapportage.uitsplitsingen(MAART)
    assert [u.dimensie for u in samen] == list(rapportage.DIMENSIES)
    for u in samen:
        assert u.rijen == rapportage.uitsplitsing(u.dimensie, MAART).rijen


def test_landing_figures_count_valid_verklaringen_and_bedrijven_with_trajecten(gegevens):
    factories.maak_bedrijf("Nog zonder deelnemers")
    cijfers = rapportage.kerncijfers()
    assert (cijfers.trajecten, cijfers.verklaringen, cijfers.leerbedrijven) == (3, 2, 2)


# -- the page ------------------------------------------------------------------------------


def test_dashboard_shows_the_figures(gegevens, client):
    client.force_login(gegevens["coordinator"])
    response = client.get(reverse("overzicht"), {"van": "2026-03-01", "tot": "2026-03-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Je ziet 1 maart 2026 tot en met 31 maart 2026." in html
    assert "1 traject zonder voortgang in de laatste 4 weken" in html
    assert "<svg" in html and 'class="visually-hidden"' in html
    # the doorlooptijd table for screen readers: ingediend 3 days (median of 4 and 2)
    assert '<th scope="row">ingediend</th><td>3</td>' in html
    assert "?van=2026-03-01&amp;tot=2026-03-31" in html  # exports keep the period


def test_dashboard_rejects_a_reversed_period_and_shows_everything(gegevens, client):
    client.force_login(gegevens["coordinator"])
    response = client.get(reverse("overzicht"), {"van": "2026-04-01", "tot": "2026-03-01"})
    assert "De begindatum ligt na de einddatum." in response.content.decode()
    assert response.context["periode"].is_leeg


def test_dashboard_query_count_does_not_grow_with_the_data(gegevens, client, django_assert_num_queries):
    client.force_login(gegevens["coordinator"])
    # Computed (nothing cached yet): 1 session, 2 user, 3 state of the data (cache key),
    # 4 funnel, 5 doorlooptijd (history; medians in SQL on PostgreSQL), 6 verklaringen per month,
    # 7-18 breakdowns (vakvaardigheid, doelgroep and gemeente together, bedrijf, school × aanvragen,
    # trajecten, verklaringen), 19 lopende trajecten, 20 trajecten without progress (count),
    # 21 the first of them (live, not cached)
    with django_assert_num_queries(21):
        client.get(reverse("overzicht"))
    for _nummer in range(5):
        aanvraag_met_historie(gegevens["t1"].deelnemer, "2026-02-01", [("2026-02-03", S.INTAKE_GEPLAND)])
    Traject.objects.filter(pk=gegevens["t1"].pk).update(laatste_activiteit=timezone.now() - datetime.timedelta(weeks=8))
    # New aanvragen change the state of the data, so the report is computed again: same count.
    with django_assert_num_queries(21):
        client.get(reverse("overzicht"))
    # From the cache: 1 session, 2 user, 3 state of the data, 4 the first trajecten without progress
    with django_assert_num_queries(4):
        client.get(reverse("overzicht"))


def test_dashboard_shows_when_its_cached_figures_were_computed(gegevens, client):
    client.force_login(gegevens["coordinator"])
    eerste = client.get(reverse("overzicht"))
    berekend_op = eerste.context["rapport"].berekend_op
    assert f"Cijfers bijgewerkt om {timezone.localtime(berekend_op):%H:%M}" in eerste.content.decode()
    # A second look within five minutes, nothing changed: the same report, not a new one.
    assert client.get(reverse("overzicht")).context["rapport"].berekend_op == berekend_op


def test_dashboard_counts_a_new_aanvraag_at_once_despite_the_cache(gegevens, client):
    client.force_login(gegevens["coordinator"])
    ingediend = "?van=2026-06-01"
    client.get(reverse("overzicht") + ingediend)
    aanvraag_met_historie(gegevens["t1"].deelnemer, "2026-06-02", [])
    response = client.get(reverse("overzicht") + ingediend)
    assert per_sleutel(response.context["per_status"])[S.INGEDIEND] == 1


def test_dashboard_caches_each_period_separately(gegevens, client):
    client.force_login(gegevens["coordinator"])
    alles = per_sleutel(client.get(reverse("overzicht")).context["per_status"])
    maart = per_sleutel(
        client.get(reverse("overzicht"), {"van": "2026-03-01", "tot": "2026-03-31"}).context["per_status"]
    )
    assert sum(alles.values()) == 5 and sum(maart.values()) == 2


@pytest.mark.postgres
def test_doorlooptijd_in_sql_matches_the_walk_through_the_history(gegevens):
    """On PostgreSQL the medians come from SQL; the Python walk is SQLite's. Same answers."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    for periode in (
        rapportage.ALLES,
        MAART,
        Periode(van=datetime.date(2026, 4, 1)),
        Periode(tot=datetime.date(2026, 1, 1)),
    ):
        python = rapportage._doorlooptijden_python(periode)
        sql = rapportage._doorlooptijden_postgresql(periode)
        for fase in (S.INGEDIEND, S.INTAKE_GEPLAND, S.INTAKE_GEHOUDEN, "besluit"):
            assert sql[fase] == python.get(fase, (None, 0)), (periode, fase)
