"""The trajecten overview (filters, signals, query budget) and start / stop / finish."""

import datetime
import re

import pytest
from crispy_forms.utils import render_crispy_form
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests import factories
from trajecten.forms.aanvragen import TrajectFilterForm, signaal_filter
from trajecten.models import Traject, Voortgang

pytestmark = pytest.mark.django_db

LIJST = reverse("trajecten:trajecten")


@pytest.fixture(autouse=True)
def lege_cache():
    """The unfiltered filter bar is kept in the cache; every test starts without it."""
    cache.clear()
    yield
    cache.clear()


def namen(response) -> list[str]:
    return [t.deelnemer.voornamen for t in response.context["pagina"]]


def test_filters_by_bedrijf_begeleider_status_and_search(coordinator_client, world):
    assert namen(coordinator_client.get(LIJST, {"bedrijf": world.bedrijf.pk})) == ["Sanne"]
    assert namen(coordinator_client.get(LIJST, {"begeleider": world.andere_begeleider.praktijkbegeleider.pk})) == [
        "Ahmed"
    ]
    assert namen(coordinator_client.get(LIJST, {"zoek": "yılmaz"})) == ["Ahmed"]
    assert namen(coordinator_client.get(LIJST, {"status": "afgerond"})) == []


def test_signal_no_progress_in_four_weeks(coordinator_client, world):
    Traject.objects.filter(pk=world.traject.pk).update(laatste_activiteit=timezone.now() - datetime.timedelta(weeks=5))
    response = coordinator_client.get(LIJST, {"signaal": "geen_voortgang"})
    assert namen(response) == ["Sanne"]
    assert "geen voortgang in 4 weken" in response.content.decode()
    tabs = {waarde: aantal for waarde, _label, aantal in response.context["tabs"]}
    assert tabs["geen_voortgang"] == 1


def test_signal_end_date_passed(coordinator_client, world):
    Traject.objects.filter(pk=world.andere_traject.pk).update(einddatum=timezone.localdate() - datetime.timedelta(1))
    assert namen(coordinator_client.get(LIJST, {"signaal": "einddatum_verstreken"})) == ["Ahmed"]


def test_signal_ready_for_a_verklaring(coordinator_client, world):
    for rij in world.traject.voortgang.all():
        rij.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)
    response = coordinator_client.get(LIJST, {"signaal": "klaar"})
    assert namen(response) == ["Sanne"]
    assert "klaar voor verklaring" in response.content.decode()


def test_htmx_gets_the_results_only(coordinator_client, world):
    response = coordinator_client.get(LIJST, {"bedrijf": world.bedrijf.pk}, headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<div id="resultaten"')


@pytest.mark.parametrize("extra", [0, 25])
def test_overview_query_count_does_not_grow_with_rows(coordinator_client, world, django_assert_num_queries, extra):
    for _ in range(extra):
        factories.maak_traject(
            deelnemer=factories.maak_deelnemer(),
            begeleider=world.begeleider.praktijkbegeleider,
            school=world.school,
            vakvaardigheid=world.vakvaardigheid,
            door=world.coordinator,
        )
    # 1 session, 2 user, 3 the chosen bedrijf (form validation), 4 counts per signal and in total
    # (the total is also the paginator's count), 5 the page of trajecten with deelnemer and bedrijf,
    # 6 their begeleiders' names, 7-9 bedrijven, vakvaardigheden, begeleiders for the selects.
    with django_assert_num_queries(9):
        response = coordinator_client.get(LIJST, {"bedrijf": world.bedrijf.pk})
    assert response.status_code == 200


def berichten(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_coordinator_stops_a_traject_with_a_reason(coordinator_client, world):
    traject = world.traject
    response = coordinator_client.post(
        reverse("trajecten:traject_stoppen", args=[traject.pk]), {"reden": "Verhuisd naar Zwolle"}
    )
    traject.refresh_from_db()
    assert traject.status == Traject.Status.GESTOPT
    assert traject.stopreden == "Verhuisd naar Zwolle"
    rij = traject.wijzigingen.last()
    assert (rij.van_status, rij.naar_status, rij.toelichting) == ("actief", "gestopt", "Verhuisd naar Zwolle")
    assert "Het traject is gestopt." in berichten(response)


def test_stopping_without_a_reason_is_refused(coordinator_client, world):
    response = coordinator_client.post(reverse("trajecten:traject_stoppen", args=[world.traject.pk]), {"reden": ""})
    assert "Geef een reden op waarom het traject stopt." in berichten(response)
    world.traject.refresh_from_db()
    assert world.traject.status == Traject.Status.ACTIEF


def test_coordinator_finishes_a_traject(coordinator_client, world):
    coordinator_client.post(reverse("trajecten:traject_afronden", args=[world.traject.pk]), {"einddatum": "2027-03-01"})
    world.traject.refresh_from_db()
    assert world.traject.status == Traject.Status.AFGEROND
    assert world.traject.einddatum == datetime.date(2027, 3, 1)
    assert world.traject.wijzigingen.last().naar_status == "afgerond"


def test_finishing_a_stopped_traject_is_refused(coordinator_client, world):
    world.traject.stop(door=world.coordinator, reden="Ziek")
    response = coordinator_client.post(reverse("trajecten:traject_afronden", args=[world.traject.pk]))
    assert "Dit kan niet: het traject is gestopt." in berichten(response)
    world.traject.refresh_from_db()
    assert world.traject.status == Traject.Status.GESTOPT


def test_starting_a_planned_traject_and_refusing_a_second_start(coordinator_client, world):
    gepland = factories.maak_traject(
        deelnemer=factories.maak_deelnemer(),
        begeleider=world.begeleider.praktijkbegeleider,
        school=world.school,
        vakvaardigheid=world.vakvaardigheid,
        door=world.coordinator,
        start=False,
    )
    coordinator_client.post(reverse("trajecten:traject_starten", args=[gepland.pk]))
    gepland.refresh_from_db()
    assert gepland.status == Traject.Status.ACTIEF
    gepland.stop(door=world.coordinator, reden="Ziek")
    response = coordinator_client.post(reverse("trajecten:traject_starten", args=[gepland.pk]))
    assert "Dit kan niet: het traject is gestopt." in berichten(response)


def test_traject_page_offers_the_coordinator_actions_and_history(coordinator_client, begeleider_client, world):
    html = coordinator_client.get(world.traject.get_absolute_url()).content.decode()
    assert reverse("trajecten:traject_stoppen", args=[world.traject.pk]) in html
    assert reverse("trajecten:traject_afronden", args=[world.traject.pk]) in html
    assert reverse("trajecten:traject_starten", args=[world.traject.pk]) not in html
    # The history loads when scrolled to (htmx), or on a page of its own (a link, without JavaScript).
    historie_url = reverse("trajecten:traject_historie", args=[world.traject.pk])
    assert f'hx-get="{historie_url}" hx-trigger="revealed"' in html
    assert f'<a href="{historie_url}">Historie bekijken</a>' in html
    fragment = coordinator_client.get(historie_url, headers={"HX-Request": "true"}).content.decode()
    assert "gepland → actief" in fragment
    assert "<html" not in fragment
    pagina = coordinator_client.get(historie_url).content.decode()
    assert "gepland → actief" in pagina
    assert f'href="{world.traject.get_absolute_url()}"' in pagina
    begeleider_html = begeleider_client.get(world.traject.get_absolute_url()).content.decode()
    assert reverse("trajecten:traject_stoppen", args=[world.traject.pk]) not in begeleider_html


def test_the_traject_history_says_when_in_dutch_time(coordinator_client, world):
    # 23:30 UTC on 2 March is already 3 March in the Netherlands (UTC+1 in winter).
    world.traject.wijzigingen.update(op=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC))
    historie_url = reverse("trajecten:traject_historie", args=[world.traject.pk])
    fragment = coordinator_client.get(historie_url, headers={"HX-Request": "true"}).content.decode()
    assert '<time datetime="2026-03-03T00:30:00+01:00">3 Mrt 2026 00:30</time>' in fragment


def test_begeleider_cannot_stop_a_traject(begeleider_client, world):
    response = begeleider_client.post(reverse("trajecten:traject_stoppen", args=[world.traject.pk]), {"reden": "x"})
    assert response.status_code == 403
    world.traject.refresh_from_db()
    assert world.traject.status == Traject.Status.ACTIEF


def test_a_traject_with_two_begeleiders_and_two_vakvaardigheden_is_listed_once(coordinator_client, world):
    vak2 = factories.maak_vakvaardigheid(naam="Assistent keuken")
    world.traject.vakvaardigheden.add(vak2)
    tweede = factories.maak_begeleider(bedrijf=world.bedrijf)
    world.traject.begeleiders.add(tweede)
    for params in ({}, {"vakvaardigheid": world.vakvaardigheid.pk}, {"begeleider": tweede.pk}):
        response = coordinator_client.get(LIJST, params)
        assert namen(response).count("Sanne") == 1
        assert response.context["pagina"].paginator.count == len(namen(response))
    assert namen(coordinator_client.get(LIJST, {"vakvaardigheid": vak2.pk})) == ["Sanne"]


def test_search_needs_every_word_in_the_name(coordinator_client, world):
    assert namen(coordinator_client.get(LIJST, {"zoek": "ahmed yılmaz"})) == ["Ahmed"]
    assert namen(coordinator_client.get(LIJST, {"zoek": "sanne yılmaz"})) == []


def test_paginator_count_is_the_count_of_the_chosen_signal(coordinator_client, world):
    Traject.objects.filter(pk=world.traject.pk).update(laatste_activiteit=timezone.now() - datetime.timedelta(weeks=5))
    response = coordinator_client.get(LIJST, {"signaal": "geen_voortgang"})
    assert response.context["pagina"].paginator.count == 1
    assert "1 traject gevonden" in response.content.decode()


def test_unfiltered_overview_reuses_its_filter_bar(coordinator_client, world, django_assert_num_queries):
    # First view: 1 session, 2 user, 3 counts per signal and in total, 4-6 bedrijven, vakvaardigheden,
    # begeleiders for the selects (the bar is rendered, then kept), 7 the page, 8 begeleiders' names.
    with django_assert_num_queries(8):
        eerste = coordinator_client.get(LIJST).content.decode()
    # Then the bar comes from the cache (queries 4-6 are gone), and so do the counts (3) until a traject changes.
    with django_assert_num_queries(4):
        tweede = coordinator_client.get(LIJST).content.decode()

    def filterbalk(html: str) -> str:
        begin = html.index('<form id="traject-filter"')
        return html[begin : html.index("</form>", begin)]

    assert "Laborijn" in filterbalk(eerste)
    assert filterbalk(tweede) == filterbalk(eerste)
    # A new begeleider gives the choices a new version, so the bar lists them at once.
    nieuw = factories.maak_begeleider(bedrijf=world.bedrijf)
    assert f'<option value="{nieuw.pk}">' in coordinator_client.get(LIJST).content.decode()


def test_memoised_filter_bar_with_a_search_is_the_bar_crispy_renders(coordinator_client, world):
    def filterbalk(html: str) -> str:
        begin = html.index('<form id="traject-filter"')
        balk = html[html.index(">", begin) + 1 : html.index('<input type="hidden" name="signaal"', begin)]
        return " ".join(re.sub(r">\s+<", "><", balk).split())

    def crispy(params: dict) -> str:
        form = TrajectFilterForm(params)
        form.is_valid()
        return " ".join(re.sub(r">\s+<", "><", render_crispy_form(form)).split())

    coordinator_client.get(LIJST)  # the choices are rendered and kept
    for params in ({"zoek": "sanne"}, {"zoek": "<b>x</b>"}, {}):
        assert filterbalk(coordinator_client.get(LIJST, params).content.decode()) == crispy(params)


def test_filter_bar_shows_a_renamed_begeleider_and_bedrijf_at_once(coordinator_client, world):
    from trajecten.services import praktijkbegeleider_wijzig

    coordinator_client.get(LIJST)  # the bar is rendered and kept
    begeleider = world.begeleider.praktijkbegeleider
    praktijkbegeleider_wijzig(
        begeleider=begeleider, voornaam="Hanna", achternaam="Hernoemd", email="h@example.org", bedrijf=world.bedrijf
    )

    def filterbalk() -> str:
        html = coordinator_client.get(LIJST).content.decode()
        return html[html.index('<form id="traject-filter"') :]

    assert "Hanna Hernoemd (Laborijn)" in filterbalk()
    world.bedrijf.naam = "Laborijn Hernoemd"
    world.bedrijf.save()
    assert "Hanna Hernoemd (Laborijn Hernoemd)" in filterbalk()


def test_signal_counts_follow_a_change_at_once(coordinator_client, world):
    """The unfiltered counts are cached, but a traject that changes shows in them on the next view."""

    def aantal_klaar() -> str:
        html = coordinator_client.get(LIJST).content.decode()
        tab = html[html.index("signaal=klaar") :]
        return re.search(r'class="badge[^"]*">(\d+)<', tab).group(1)

    assert aantal_klaar() == "0"
    traject = Traject.objects.get(pk=world.traject.pk)
    traject.aantal_beheerst = traject.aantal_opdrachten
    traject.save()
    assert aantal_klaar() == "1"
    traject.delete()
    assert aantal_klaar() == "0"


def tabs_van(client) -> dict[str, int]:
    return {waarde: aantal for waarde, _label, aantal in client.get(LIJST).context["tabs"] if waarde}


def test_taps_keep_the_counted_signals_until_a_traject_enters_or_leaves_one(
    coordinator_client, world, django_assert_num_queries
):
    """Begeleiders tap all day: the overview counts its signals again only when a tap changes
    them, and then shows the new counts on the next view."""
    Traject.objects.filter(pk=world.traject.pk).update(laatste_activiteit=timezone.now() - datetime.timedelta(weeks=5))
    assert tabs_van(coordinator_client) == {"geen_voortgang": 1, "einddatum_verstreken": 0, "klaar": 0}
    eerste, *rest = world.traject.voortgang.order_by("pk")

    eerste.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)  # progress again
    assert tabs_van(coordinator_client) == {"geen_voortgang": 0, "einddatum_verstreken": 0, "klaar": 0}

    rest[0].zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)  # no signal changes
    # 1 session, 2 user, 3 the page, 4 begeleiders' names: the counts came from the cache.
    with django_assert_num_queries(4):
        coordinator_client.get(LIJST)

    for rij in rest[1:]:
        rij.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider)  # the last one: ready
    assert tabs_van(coordinator_client)["klaar"] == 1
    rest[-1].zet_status(status=Voortgang.Status.NOG_NIET, door=world.begeleider)  # undone: not ready
    assert tabs_van(coordinator_client)["klaar"] == 0


@pytest.mark.parametrize(
    "velden",
    [
        {},
        {"laatste_activiteit": timezone.now() - datetime.timedelta(weeks=5)},
        {"laatste_activiteit": timezone.now() - datetime.timedelta(weeks=5), "status": "gepland"},
        {"einddatum": timezone.localdate() - datetime.timedelta(days=1)},
        {"einddatum": timezone.localdate() - datetime.timedelta(days=1), "status": "afgerond"},
        {"aantal_beheerst": 4},
        {"aantal_beheerst": 4, "status": "gestopt", "stopreden": "Verhuisd", "einddatum": timezone.localdate()},
        {"aantal_beheerst": 0, "aantal_opdrachten": 0},
    ],
)
def test_a_trajects_signals_in_python_are_the_overviews_signals(world, velden):
    """Traject.signalen (what a tap compares) and signaal_filter (what the overview counts) agree."""
    Traject.objects.filter(pk=world.traject.pk).update(**velden)
    traject = Traject.objects.get(pk=world.traject.pk)
    in_sql = {
        naam
        for naam, _label in TrajectFilterForm.SIGNALEN
        if naam and Traject.objects.filter(signaal_filter(naam), pk=traject.pk).exists()
    }
    assert traject.signalen == in_sql
