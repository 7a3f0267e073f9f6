"""The aanvragen overview and board: search, filters, sort, tabs with counts, htmx, query budget."""

import datetime
import importlib
import re

import pytest
from crispy_forms.utils import render_crispy_form
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.trajecten.builders_aanvragen import maak_aanvraag
from trajecten.forms.aanvragen import AanvraagFilterForm
from trajecten.models import Aanvraag, Bedrijf, Traject

pytestmark = pytest.mark.django_db

LIJST = reverse("trajecten:aanvragen")
BORD = reverse("trajecten:aanvragen_bord")


@pytest.fixture(autouse=True)
def lege_cache():
    """The filter's gemeenten are cached for a few minutes; every test starts without them."""
    cache.clear()
    yield
    cache.clear()


def namen(response) -> list[str]:
    return [rij["deelnemer__voornamen"] for rij in response.context["pagina"]]


@pytest.fixture
def pijplijn(world):
    """Besides the world's own aanvraag (Zoë, ingediend): one per stage, with distinct facts."""
    c = world.coordinator
    vak2 = factories.maak_vakvaardigheid(naam="Assistent keuken")
    return {
        "ingediend": maak_aanvraag(door=c, bedrijf=world.bedrijf, voornamen="Ingrid", gemeente="Winterswijk"),
        "gepland": maak_aanvraag(
            door=c, bedrijf=world.andere_bedrijf, stadium="intake_gepland", voornamen="Gerrit", doelgroep="inburgeraar"
        ),
        "gehouden": maak_aanvraag(
            door=c, vakvaardigheid=vak2, stadium="intake_gehouden", voornamen="Hanna", verwijzer="uwv"
        ),
        "goedgekeurd": maak_aanvraag(door=c, stadium="goedgekeurd", voornamen="Gijs"),
        "afgewezen": maak_aanvraag(door=c, stadium="afgewezen", voornamen="Anouk"),
        "vak2": vak2,
    }


def test_lists_every_aanvraag_newest_first(coordinator_client, pijplijn):
    response = coordinator_client.get(LIJST)
    assert namen(response) == ["Anouk", "Gijs", "Hanna", "Gerrit", "Ingrid", "Zoë"]


def test_search_finds_deelnemer_name_and_bedrijf(coordinator_client, pijplijn):
    assert namen(coordinator_client.get(LIJST, {"zoek": "hanna"})) == ["Hanna"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "stadsboerin"})) == ["Gerrit"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "dvořák"})) == ["Zoë"]


def test_filters_combine(coordinator_client, world, pijplijn):
    assert namen(coordinator_client.get(LIJST, {"status": "intake_gepland"})) == ["Gerrit"]
    assert namen(coordinator_client.get(LIJST, {"doelgroep": "inburgeraar"})) == ["Gerrit"]
    assert namen(coordinator_client.get(LIJST, {"verwijzer": "uwv"})) == ["Hanna"]
    assert namen(coordinator_client.get(LIJST, {"gemeente": "Winterswijk"})) == ["Ingrid"]
    assert namen(coordinator_client.get(LIJST, {"vakvaardigheid": pijplijn["vak2"].pk})) == ["Hanna"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "laborijn", "status": "ingediend"})) == ["Ingrid", "Zoë"]


def test_period_filter_uses_the_submission_date(coordinator_client, world, pijplijn):
    Aanvraag.objects.filter(pk=pijplijn["ingediend"].pk).update(
        ingediend_op=timezone.make_aware(datetime.datetime(2025, 3, 10, 12))
    )
    response = coordinator_client.get(LIJST, {"van": "2025-03-01", "tot": "2025-03-31"})
    assert namen(response) == ["Ingrid"]


def test_unknown_filter_values_are_ignored_not_an_error(coordinator_client, pijplijn):
    response = coordinator_client.get(LIJST, {"status": "bestaat-niet", "sorteer": "deelnemer__user__password"})
    assert response.status_code == 200
    assert len(namen(response)) == 6


def test_sort_only_by_allowed_columns(coordinator_client, pijplijn):
    # By surname: Dvořák comes before every Jansen.
    assert namen(coordinator_client.get(LIJST, {"sorteer": "deelnemer"}))[0] == "Zoë"
    assert namen(coordinator_client.get(LIJST, {"sorteer": "-deelnemer"}))[-1] == "Zoë"
    oplopend = [rij["pk"] for rij in coordinator_client.get(LIJST, {"sorteer": "ingediend"}).context["pagina"]]
    aflopend = [rij["pk"] for rij in coordinator_client.get(LIJST, {"sorteer": "-ingediend"}).context["pagina"]]
    assert oplopend == list(reversed(aflopend))


def test_tabs_count_per_status_within_the_other_filters(coordinator_client, pijplijn):
    response = coordinator_client.get(LIJST, {"zoek": "laborijn", "status": "afgewezen"})
    tabs = {waarde: aantal for waarde, _label, aantal in response.context["tabs"]}
    assert tabs[""] == 2
    assert tabs["ingediend"] == 2
    assert tabs["afgewezen"] == 0
    html = response.content.decode()
    assert 'aria-current="page"' in html


def test_filter_is_in_a_shareable_address(coordinator_client, pijplijn):
    html = coordinator_client.get(LIJST, {"zoek": "laborijn"}).content.decode()
    assert "?zoek=laborijn&amp;status=intake_gepland" in html  # the tab keeps the search


def test_htmx_request_gets_only_the_results(coordinator_client, pijplijn):
    response = coordinator_client.get(LIJST, {"status": "ingediend"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="resultaten"')
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html  # keeps the form's hidden status in step
    assert "Ingrid" in html and "Gerrit" not in html


def test_pagination_keeps_the_filters(coordinator_client, world):
    for nummer in range(27):
        maak_aanvraag(door=world.coordinator, voornamen=f"Pieter{nummer}")
    response = coordinator_client.get(LIJST, {"zoek": "pieter"})
    assert response.context["pagina"].paginator.num_pages == 2
    assert "?zoek=pieter&amp;pagina=2" in response.content.decode()
    assert len(coordinator_client.get(LIJST, {"zoek": "pieter", "pagina": 2}).context["pagina"]) == 2


def _vul(world, aantal: int) -> None:
    vak = world.vakvaardigheid
    for nummer in range(aantal):
        maak_aanvraag(door=world.coordinator, bedrijf=world.bedrijf, vakvaardigheid=vak, voornamen=f"Extra{nummer}")


@pytest.mark.parametrize("aantal", [2, 30])
def test_list_query_count_does_not_grow_with_rows(coordinator_client, world, django_assert_num_queries, aantal):
    _vul(world, aantal)
    params = {"zoek": "extra", "vakvaardigheid": world.vakvaardigheid.pk, "sorteer": "bedrijf"}
    # 1 session, 2 user, 3 gemeenten for the filter (not yet cached), 4 the chosen vakvaardigheid
    # (form validation), 5 counts per status (one GROUP BY; its total is also the paginator's count),
    # 6 the numbers of the few matches, 7 the page of aanvragen with deelnemer, bedrijf and their
    # vakvaardigheden's names (a subquery), 8 the vakvaardigheden for the filter's select.
    with django_assert_num_queries(8):
        response = coordinator_client.get(LIJST, params)
    assert response.status_code == 200
    # The gemeenten, and the counts and the matches' numbers for these filters, now come from the
    # cache: three queries less.
    with django_assert_num_queries(5):
        response = coordinator_client.get(LIJST, params)
    assert len(response.context["pagina"]) == min(aantal, 25)


@pytest.mark.parametrize("aantal", [2, 30])
def test_board_query_count_does_not_grow_with_rows(coordinator_client, world, django_assert_num_queries, aantal):
    _vul(world, aantal)
    # 1 session, 2 user, 3 gemeenten for the filter (not yet cached), 4 counts per column (GROUP BY status),
    # 5-8 the cards of the four columns (with deelnemer, bedrijf and traject), 9 vakvaardigheden for the filter.
    with django_assert_num_queries(9):
        response = coordinator_client.get(BORD)
    assert response.status_code == 200


def test_paginator_count_is_the_count_of_the_chosen_tab(coordinator_client, world):
    for nummer in range(27):
        maak_aanvraag(door=world.coordinator, voornamen=f"Pieter{nummer}")
    maak_aanvraag(door=world.coordinator, stadium="intake_gepland", voornamen="Pieterella")
    response = coordinator_client.get(LIJST, {"zoek": "pieter"})
    assert response.context["pagina"].paginator.count == 28
    assert response.context["pagina"].paginator.num_pages == 2
    response = coordinator_client.get(LIJST, {"zoek": "pieter", "status": "intake_gepland"})
    assert response.context["pagina"].paginator.count == 1
    assert namen(response) == ["Pieterella"]
    assert "1 aanvraag gevonden" in response.content.decode()


def test_search_words_may_match_name_and_bedrijf_together(coordinator_client, pijplijn):
    # "ingrid" is in the deelnemer's name, "laborijn" in the bedrijf's: every word must match somewhere.
    assert namen(coordinator_client.get(LIJST, {"zoek": "ingrid laborijn"})) == ["Ingrid"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "ingrid stadsboerin"})) == []


def test_search_for_a_bedrijf_by_words_other_bedrijven_share(coordinator_client, world, pijplijn):
    """All words in the bedrijf's name ("Stadsboerin Doetinchem"), one of them also in another's."""
    Bedrijf.objects.filter(pk=world.bedrijf.pk).update(naam="Laborijn Doetinchem")
    assert namen(coordinator_client.get(LIJST, {"zoek": "stadsboerin doetinchem"})) == ["Gerrit"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "doetinchem laborijn"})) == ["Ingrid", "Zoë"]
    # A word in the deelnemer's name next to words of the bedrijf's.
    assert namen(coordinator_client.get(LIJST, {"zoek": "gerrit stadsboerin doetinchem"})) == ["Gerrit"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "gerrit laborijn doetinchem"})) == []


@pytest.mark.parametrize("veel_bedrijven", [0, 50])
def test_words_split_over_name_and_bedrijf_find_the_same_with_few_or_many_bedrijven(
    coordinator_client, world, pijplijn, monkeypatch, veel_bedrijven
):
    """Bedrijven holding some of the words narrow the candidates down to their own aanvragen
    when they are few, and are left to the test of each word when they are many (0 here):
    either way the same matches."""
    monkeypatch.setattr("trajecten.models.aanvragen.VEEL_BEDRIJVEN", veel_bedrijven)
    Bedrijf.objects.filter(pk=world.bedrijf.pk).update(naam="Laborijn Doetinchem")
    assert namen(coordinator_client.get(LIJST, {"zoek": "ingrid laborijn"})) == ["Ingrid"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "gerrit stadsboerin doetinchem"})) == ["Gerrit"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "zoë doetinchem laborijn"})) == ["Zoë"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "gerrit laborijn doetinchem"})) == []
    assert namen(coordinator_client.get(LIJST, {"zoek": "ingrid stadsboerin"})) == []


def test_search_with_short_words_next_to_long_ones(coordinator_client, world, pijplijn):
    """Words of one or two letters ("de", "te") only narrow down what the longer words find."""
    maak_aanvraag(door=world.coordinator, voornamen="Ingrid", tussenvoegsel="de", achternaam="Vries")
    maak_aanvraag(door=world.coordinator, bedrijf=world.bedrijf, voornamen="Anke", tussenvoegsel="de", achternaam="Wit")
    maak_aanvraag(door=world.coordinator, voornamen="Ingrid", tussenvoegsel="van", achternaam="Dam")
    assert namen(coordinator_client.get(LIJST, {"zoek": "ingrid de"})) == ["Ingrid"]
    assert len(namen(coordinator_client.get(LIJST, {"zoek": "ingrid va"}))) == 1
    assert len(namen(coordinator_client.get(LIJST, {"zoek": "ingrid xx"}))) == 0
    # "la" is in the bedrijf's name (Laborijn): the short word may match there too.
    assert namen(coordinator_client.get(LIJST, {"zoek": "la ingrid"})) == ["Ingrid"]
    # The long word only in the bedrijf's name, the short one only in the deelnemer's.
    assert namen(coordinator_client.get(LIJST, {"zoek": "de laborijn"})) == ["Anke"]
    # Only short words: they are all looked up as they are.
    assert len(namen(coordinator_client.get(LIJST, {"zoek": "de"}))) >= 1


@pytest.mark.parametrize("sorteer", ["", "ingediend", "bedrijf", "-deelnemer"])
def test_a_search_page_is_the_same_fetched_by_numbers_or_by_walking(coordinator_client, world, monkeypatch, sorteer):
    """A search with few matches fetches its page by their numbers, one with many by walking
    the sorted aanvragen: both give the same rows in the same order, on every tab."""
    for nummer in range(30):
        maak_aanvraag(door=world.coordinator, bedrijf=world.bedrijf, voornamen=f"Pieter{nummer:02}")
    maak_aanvraag(door=world.coordinator, stadium="intake_gepland", voornamen="Pieterella")
    paginas = {}
    for drempel in (0, 1000):  # always walking, always by numbers
        monkeypatch.setattr("praktijkwijs.lijsten.ZOEK_OP_NUMMERS_TOT", drempel)
        paginas[drempel] = [
            namen(coordinator_client.get(LIJST, {"zoek": "pieter", "sorteer": sorteer, **extra}))
            for extra in ({}, {"pagina": 2}, {"status": "intake_gepland"}, {"zoek": "niemand"})
        ]
    assert paginas[0] == paginas[1000]
    assert len(paginas[0][0]) == 25 and len(paginas[0][1]) == 6
    assert paginas[0][2] == ["Pieterella"]
    assert paginas[0][3] == []


def test_an_aanvraag_with_two_vakvaardigheden_is_listed_once(coordinator_client, world, pijplijn):
    pijplijn["gehouden"].vakvaardigheden.add(world.vakvaardigheid)
    response = coordinator_client.get(LIJST, {"vakvaardigheid": pijplijn["vak2"].pk})
    assert namen(response) == ["Hanna"]
    assert response.context["pagina"].paginator.count == 1


def test_a_new_gemeente_can_be_filtered_on_while_the_choices_are_cached(coordinator_client, world, pijplijn):
    coordinator_client.get(LIJST)  # caches the gemeenten as they are now
    maak_aanvraag(door=world.coordinator, voornamen="Nina", gemeente="Oost Gelre")
    response = coordinator_client.get(LIJST, {"gemeente": "Oost Gelre"})
    assert namen(response) == ["Nina"]
    assert not response.context["form"].errors
    assert '<option value="Oost Gelre" selected>' in response.content.decode()


def test_board_has_a_column_per_stage_with_the_next_step_on_each_card(coordinator_client, pijplijn):
    response = coordinator_client.get(BORD)
    kolommen = {
        kolom["status"]: [kaart["deelnemer__voornamen"] for kaart in kolom["kaarten"]]
        for kolom in response.context["kolommen"]
    }
    assert kolommen == {
        "ingediend": ["Zoë", "Ingrid"],
        "intake_gepland": ["Gerrit"],
        "intake_gehouden": ["Hanna"],
        "goedgekeurd": ["Gijs"],
    }
    html = response.content.decode()
    assert reverse("trajecten:aanvraag_intake_plannen", args=[pijplijn["ingediend"].pk]) in html
    assert reverse("trajecten:aanvraag_intake_registreren", args=[pijplijn["gepland"].pk]) in html
    assert reverse("trajecten:aanvraag_traject_starten", args=[pijplijn["gehouden"].pk]) in html
    assert reverse("trajecten:aanvraag_traject_starten", args=[pijplijn["goedgekeurd"].pk]) in html
    assert "Anouk" not in html  # closed aanvragen are not on the board


def test_a_row_shows_its_labels_dates_in_dutch_time_and_a_dash_for_what_is_missing(coordinator_client, world):
    leeg = maak_aanvraag(door=world.coordinator, voornamen="Leeg", doelgroep="inburgeraar")
    gepland = maak_aanvraag(
        door=world.coordinator, bedrijf=world.bedrijf, stadium="intake_gepland", voornamen="Gepland"
    )
    # 23:30 UTC is already the next day in the Netherlands.
    Aanvraag.objects.filter(pk=leeg.pk).update(ingediend_op=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC))
    Aanvraag.objects.filter(pk=gepland.pk).update(intake_op=datetime.datetime(2026, 12, 2, 23, 30, tzinfo=datetime.UTC))
    html = coordinator_client.get(LIJST).content.decode()
    rij = lambda naam: re.search(rf"<tr>(?:(?!</tr>).)*{naam}.*?</tr>", html, re.S).group(0)  # noqa: E731
    cellen = lambda naam: re.findall(r"<td[^>]*>(.*?)</td>", rij(naam), re.S)  # noqa: E731
    assert "inburgeraar · " in cellen("Leeg")[0]
    assert cellen("Leeg")[1:] == [
        "—",
        "—",
        '<span class="badge text-bg-light border">ingediend</span>',
        "—",
        "3 Mrt 2026",
    ]
    assert cellen("Gepland")[1] == "Laborijn" and cellen("Gepland")[4] == "3 Dec 2026 00:30"


def test_a_card_says_its_bedrijf_and_when_in_dutch_time(coordinator_client, world):
    zonder_bedrijf = maak_aanvraag(door=world.coordinator, voornamen="Zonder")
    gepland = maak_aanvraag(
        door=world.coordinator, bedrijf=world.bedrijf, stadium="intake_gepland", voornamen="Gepland"
    )
    # 23:30 UTC is already the next day in the Netherlands, in winter and in summer.
    Aanvraag.objects.filter(pk=zonder_bedrijf.pk).update(
        ingediend_op=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC)
    )
    Aanvraag.objects.filter(pk=gepland.pk).update(intake_op=datetime.datetime(2026, 12, 2, 23, 30, tzinfo=datetime.UTC))
    html = coordinator_client.get(BORD).content.decode()
    kaart = lambda naam: re.search(rf'<li class="card mb-2">(?:(?!</li>).)*{naam}.*?</li>', html, re.S).group(0)  # noqa: E731
    assert "bedrijf nog onbekend<br>" in kaart("Zonder") and "Ingediend: 3 Mrt 2026" in kaart("Zonder")
    assert "Laborijn<br>" in kaart("Gepland") and "Intake: 3 Dec 00:30" in kaart("Gepland")


def test_a_card_escapes_names_once(coordinator_client, world):
    """The view writes a card's markup itself: a name or bedrijf with markup characters in it shows
    as text, escaped exactly once."""
    bedrijf = factories.maak_bedrijf(naam="Bakkerij <b>& Zn</b>")
    maak_aanvraag(door=world.coordinator, bedrijf=bedrijf, voornamen="Sanne", achternaam="D'Angelo <i>")
    html = coordinator_client.get(BORD).content.decode()
    assert '">Sanne D&#x27;Angelo &lt;i&gt;</a></h3>' in html
    assert '<span class="visually-hidden"> — Sanne D&#x27;Angelo &lt;i&gt;</span>' in html
    assert "Bakkerij &lt;b&gt;&amp; Zn&lt;/b&gt;<br>" in html
    assert "<i>" not in html and "&amp;#x27;" not in html


def test_an_approved_aanvraag_stays_on_the_board_until_its_traject_started_a_month_ago(coordinator_client, world):
    wacht = maak_aanvraag(door=world.coordinator, stadium="goedgekeurd", voornamen="Wachtend")
    gestart = maak_aanvraag(door=world.coordinator, stadium="goedgekeurd", voornamen="Gestart")
    traject = Traject.objects.create(
        deelnemer=gestart.deelnemer,
        aanvraag=gestart,
        bedrijf=world.bedrijf,
        school=world.school,
        startdatum=timezone.localdate(),
    )

    def goedgekeurd() -> list[str]:
        kolommen = {k["status"]: k["kaarten"] for k in coordinator_client.get(BORD).context["kolommen"]}
        return sorted(kaart["deelnemer__voornamen"] for kaart in kolommen["goedgekeurd"])

    assert goedgekeurd() == ["Gestart", "Wachtend"]  # decided this month
    html = coordinator_client.get(BORD).content.decode()
    assert f'href="{traject.get_absolute_url()}">Naar het traject' in html
    assert f'href="{reverse("trajecten:aanvraag_traject_starten", args=[wacht.pk])}">Traject starten' in html
    lang_geleden = timezone.now() - datetime.timedelta(days=40)
    Aanvraag.objects.filter(pk__in=[wacht.pk, gestart.pk]).update(afgerond_op=lang_geleden)
    assert goedgekeurd() == ["Wachtend"]  # its traject still has to start


def test_board_counts_are_kept_until_an_aanvraag_changes_or_a_traject_starts(coordinator_client, world):
    lang_geleden = timezone.now() - datetime.timedelta(days=40)
    wacht = maak_aanvraag(door=world.coordinator, stadium="goedgekeurd", voornamen="Wachtend")
    Aanvraag.objects.filter(pk=wacht.pk).update(afgerond_op=lang_geleden)

    def aantallen() -> dict[str, int]:
        return {k["status"]: k["aantal"] for k in coordinator_client.get(BORD).context["kolommen"]}

    assert aantallen()["goedgekeurd"] == 1
    with CaptureQueriesContext(connection) as queries:
        assert aantallen()["goedgekeurd"] == 1
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]  # counted once
    maak_aanvraag(door=world.coordinator, voornamen="Nieuw")
    assert aantallen()["ingediend"] == Aanvraag.objects.filter(status="ingediend").count()
    # Starting its traject (an update() of the aanvraag, no signal) takes it off the board.
    Traject.objects.create(
        deelnemer=wacht.deelnemer, aanvraag=wacht, bedrijf=world.bedrijf, school=world.school,
        startdatum=timezone.localdate(),
    )  # fmt: skip
    assert aantallen()["goedgekeurd"] == 0


def test_the_migration_marks_the_approved_aanvragen_that_wait_for_their_traject(world):
    """Migration 0004 fills in Aanvraag.wacht_op_traject for the aanvragen already there."""
    wacht = maak_aanvraag(door=world.coordinator, stadium="goedgekeurd", voornamen="Wachtend")
    gestart = maak_aanvraag(door=world.coordinator, stadium="goedgekeurd", voornamen="Gestart")
    open_ = maak_aanvraag(door=world.coordinator, stadium="intake_gehouden", voornamen="Open")
    Traject.objects.create(
        deelnemer=gestart.deelnemer,
        aanvraag=gestart,
        bedrijf=world.bedrijf,
        school=world.school,
        startdatum=timezone.localdate(),
    )
    Aanvraag.objects.update(wacht_op_traject=False)  # as before the migration

    importlib.import_module("trajecten.migrations.0004_aanvraag_wacht_op_traject").vul_in(apps, None)

    assert set(Aanvraag.objects.filter(wacht_op_traject=True)) == {wacht}  # not gestart, not open_
    assert open_.status == Aanvraag.Status.INTAKE_GEHOUDEN


def test_deelnemer_gets_no_overview(deelnemer_client):
    assert deelnemer_client.get(LIJST).status_code == 403
    assert deelnemer_client.get(BORD).status_code == 403


def test_memoised_filter_bar_is_the_same_bar_and_shows_a_new_vakvaardigheid_at_once(coordinator_client, pijplijn):
    def filterbalk(response) -> str:
        html = response.content.decode()
        begin = html.index('<form id="aanvraag-filter"')
        return " ".join(re.sub(r">\s+<", "><", html[begin : html.index("</form>", begin)]).split())

    def crispy(params: dict) -> str:
        form = AanvraagFilterForm(params, gemeenten=["Doetinchem", "Winterswijk"])
        form.is_valid()
        return " ".join(re.sub(r">\s+<", "><", render_crispy_form(form)).split())

    eerste = filterbalk(coordinator_client.get(LIJST, {"zoek": "jansen"}))  # rendered, its choices kept
    assert crispy({"zoek": "jansen"}) in eerste
    # From the cache now, with what is typed in the search box rendered fresh: still the very same bar.
    tweede = filterbalk(coordinator_client.get(LIJST, {"zoek": "dvořák"}))
    assert crispy({"zoek": "dvořák"}) in tweede
    assert 'value="dvořák"' in tweede and "jansen" not in tweede
    # The search box (written by hand in the template) also shows an error as crispy would.
    te_lang = "x" * 101
    assert crispy({"zoek": te_lang}) in filterbalk(coordinator_client.get(LIJST, {"zoek": te_lang}))
    factories.maak_vakvaardigheid(naam="Heftruck rijden")
    assert "Heftruck rijden" in filterbalk(coordinator_client.get(LIJST))


def test_status_counts_follow_a_change_at_once(coordinator_client, world):
    """The unfiltered tab counts are cached, but the next view after a transition shows it."""

    def tellingen() -> dict:
        tabs = coordinator_client.get(LIJST).context["tabs"]
        return {waarde: aantal for waarde, _label, aantal in tabs}

    voor = tellingen()
    aanvraag = Aanvraag.objects.get(pk=world.aanvraag.pk)
    aanvraag.plan_intake(
        door=world.coordinator, op=timezone.now() + datetime.timedelta(days=2), intake_door=world.coordinator
    )
    na = tellingen()
    assert na["ingediend"] == voor["ingediend"] - 1
    assert na["intake_gepland"] == voor["intake_gepland"] + 1
    maak_aanvraag(door=world.coordinator)
    assert tellingen()[""] == na[""] + 1


def test_counts_of_a_search_follow_a_renamed_deelnemer(coordinator_client, world):
    """Counts are cached per search too; changing a name the search reads shows at once."""
    assert coordinator_client.get(LIJST, {"zoek": "Dvořák"}).context["tabs"][0][2] == 1
    assert coordinator_client.get(LIJST, {"zoek": "Smit"}).context["tabs"][0][2] == 0
    deelnemer = world.aanvraag.deelnemer
    deelnemer.achternaam = "Smit"
    deelnemer.save()
    assert coordinator_client.get(LIJST, {"zoek": "Dvořák"}).context["tabs"][0][2] == 0
    assert coordinator_client.get(LIJST, {"zoek": "Smit"}).context["tabs"][0][2] == 1


def test_the_rows_of_a_search_follow_a_renamed_deelnemer_and_bedrijf(coordinator_client, world):
    """A search with few matches keeps their numbers with the counts; the rows still change at
    once when a name the search reads changes, also when the count stays the same."""
    pieter = maak_aanvraag(door=world.coordinator, voornamen="Pieter", achternaam="Smit")
    bedrijf = factories.maak_bedrijf(naam="Bakkerij Vermeulen")
    gerrit = maak_aanvraag(door=world.coordinator, bedrijf=bedrijf, voornamen="Gerrit", achternaam="Bos")
    assert namen(coordinator_client.get(LIJST, {"zoek": "Dvořák"})) == ["Zoë"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "Vermeulen"})) == ["Gerrit"]
    # Zoë's name goes to Pieter: still one match, another aanvraag.
    zoe = world.aanvraag.deelnemer
    zoe.achternaam = "Smit"
    zoe.save()
    pieter.deelnemer.achternaam = "Dvořák"
    pieter.deelnemer.save()
    assert namen(coordinator_client.get(LIJST, {"zoek": "Dvořák"})) == ["Pieter"]
    # A bedrijf's name, which the search reads too.
    bedrijf.naam = "Bakkerij de Wit"
    bedrijf.save()
    gerrit.deelnemer.achternaam = "Vermeulen"
    gerrit.deelnemer.save()
    maak_aanvraag(door=world.coordinator, voornamen="Hanna", achternaam="Vermeulen")
    assert namen(coordinator_client.get(LIJST, {"zoek": "Vermeulen"})) == ["Hanna", "Gerrit"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "Bakkerij Wit"})) == ["Gerrit"]


def test_counts_follow_a_changed_vakvaardigheid_of_an_aanvraag(coordinator_client, world):
    """A filter on a many-to-many relation: changing only that relation shows at once too."""
    ander = factories.maak_vakvaardigheid(naam="Schoonmaak")
    params = {"vakvaardigheid": ander.pk}
    assert coordinator_client.get(LIJST, params).context["tabs"][0][2] == 0
    world.aanvraag.vakvaardigheden.add(ander)
    assert coordinator_client.get(LIJST, params).context["tabs"][0][2] == 1
