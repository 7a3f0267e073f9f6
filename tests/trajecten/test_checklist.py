"""The praktijkbegeleider's checklist on the traject page: tick, bezig, undo, date, note,
history, htmx answers, who may change what, and a constant number of queries."""

import datetime
import re

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from praktijkwijs.models import ToegangsLog
from tests import factories
from tests.conftest import client_voor
from tests.trajecten.builders_checklist import koppel_aan_tweede_werkproces, maak_groot_traject, tik
from trajecten.models import Voortgang
from werkopdrachten.models import Werkopdracht

pytestmark = pytest.mark.django_db


def eerste_rij(traject) -> Voortgang:
    return traject.voortgang.order_by("werkopdracht__volgorde").select_related("werkopdracht").first()


def wijzig_url(traject, rij) -> str:
    return reverse("trajecten:voortgang_wijzig", args=[traject.pk, rij.pk])


def details_url(traject, rij) -> str:
    """The details of the row's occurrence under its first werkproces (as the checklist links it)."""
    werkproces = rij.werkopdracht.werkprocessen.first()
    groep = werkproces.pk if werkproces else "overig"
    return reverse("trajecten:voortgang_details", args=[traject.pk, rij.pk]) + f"?groep={groep}"


def test_tick_as_plain_post_redirects_back_to_the_werkproces_with_a_message(world, begeleider_client):
    rij = eerste_rij(world.traject)
    response = begeleider_client.post(
        wijzig_url(world.traject, rij) + "?terug=wp-123", {"status": "beheerst"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{world.traject.get_absolute_url()}#wp-123"
    rij.refresh_from_db()
    assert rij.status == Voortgang.Status.BEHEERST
    assert rij.afgetekend_op == timezone.localdate()
    assert "Pakbon controleren: beheerst sinds" in response.content.decode()
    world.traject.refresh_from_db()
    assert world.traject.aantal_beheerst == 1


def test_without_javascript_a_row_button_ticks_through_the_checklists_one_form(world):
    """The rows hold no form of their own: their buttons submit the checklist's form (its CSRF
    token) to their own address, which says the werkproces to return to."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.begeleider)
    html = client.get(world.traject.get_absolute_url()).content.decode()
    checklist = html[html.index('<section id="checklist"') : html.index('<section id="uren"')]
    assert checklist.count("csrfmiddlewaretoken") == 1 and checklist.count("<form") == 1
    formulier = re.search(r'<form id="checklist-knoppen" [^>]*>(.*?)</form>', html).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', formulier).group(1)
    rij = eerste_rij(world.traject)
    adres = re.search(
        rf'form="checklist-knoppen" formaction="([^"]*/voortgang/{rij.pk}/[^"]*)" name="status" value="beheerst"', html
    ).group(1)

    response = client.post(adres.replace("&amp;", "&"), {"status": "beheerst", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert re.fullmatch(rf"{world.traject.get_absolute_url()}#wp-\d+", response["Location"])
    rij.refresh_from_db()
    assert rij.status == Voortgang.Status.BEHEERST


def test_redirect_ignores_a_foreign_return_address(world, begeleider_client):
    rij = eerste_rij(world.traject)
    response = begeleider_client.post(
        wijzig_url(world.traject, rij) + "?terug=https://example.org/", {"status": "bezig"}
    )
    assert response["Location"] == world.traject.get_absolute_url()


def test_htmx_tick_updates_progress_in_place(world, begeleider_client):
    rij = eerste_rij(world.traject)
    response = tik(begeleider_client, world.traject, rij)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment, not the page
    assert 'id="checklist-totaal" class="mb-3" hx-swap-oob="true"' in html
    assert "<strong>1</strong> van de 4 werkopdrachten beheerst" in html
    assert "1 van 2 beheerst" in html  # B1-K1-W1 has two werkopdrachten
    assert f'id="rij-{rij.werkopdracht.werkprocessen.get().pk}-{rij.pk}"' in html
    assert "Ongedaan maken" in html
    assert "Pakbon controleren: beheerst sinds" in html  # spoken by the live region


def test_werkopdracht_for_two_werkprocessen_shows_under_both_and_a_tick_updates_both(world, begeleider_client):
    wo = koppel_aan_tweede_werkproces(world)
    rij = world.traject.voortgang.get(werkopdracht=wo)
    w1, w3 = wo.werkprocessen.order_by("code")
    page = begeleider_client.get(world.traject.get_absolute_url()).content.decode()
    assert f'id="rij-{w1.pk}-{rij.pk}"' in page
    assert f'id="rij-{w3.pk}-{rij.pk}"' in page

    html = tik(begeleider_client, world.traject, rij).content.decode()
    assert re.search(rf'<li id="rij-{w1.pk}-{rij.pk}" class="checklist-rij checklist-beheerst" hx-swap-oob', html)
    assert re.search(rf'<li id="rij-{w3.pk}-{rij.pk}" class="checklist-rij checklist-beheerst" hx-swap-oob', html)
    assert f'id="wp-kop-{w1.pk}"' in html and f'id="wp-kop-{w3.pk}"' in html
    # W2 does not contain the werkopdracht, so its heading is left alone.
    w2 = wo.vakvaardigheid.kwalificatie.werkprocessen.get(code="B1-K1-W2")
    assert f'id="wp-kop-{w2.pk}"' not in html
    world.traject.refresh_from_db()
    assert world.traject.aantal_beheerst == 1  # counted once, not once per werkproces


def undo_status(client, traject, url) -> str:
    """The state the undo button of the row with address ``url`` sends, on the page."""
    page = client.get(traject.get_absolute_url()).content.decode()
    undo = re.search(
        rf'<button type="submit" form="checklist-knoppen" formaction="{url}\?terug=wp-\w+" name="status" '
        r'value="(\w+)"[^>]*>↶ Ongedaan maken',
        page,
    )
    return undo.group(1)


def test_bezig_then_tick_then_undo_goes_back_to_bezig(world, begeleider_client):
    rij = eerste_rij(world.traject)
    url = wijzig_url(world.traject, rij)
    begeleider_client.post(url, {"status": "bezig"})
    begeleider_client.post(url, {"status": "beheerst"})
    # The undo button of this row sends the state before the tick.
    assert undo_status(begeleider_client, world.traject, url) == "bezig"
    begeleider_client.post(url, {"status": "bezig"})
    rij.refresh_from_db()
    assert rij.status == Voortgang.Status.BEZIG
    assert rij.afgetekend_op is None
    assert [(w.van_status, w.naar_status) for w in rij.wijzigingen.all()] == [
        ("nog_niet", "bezig"),
        ("bezig", "beheerst"),
        ("beheerst", "bezig"),
    ]


def test_tick_with_a_changed_date_and_a_note_is_in_the_history(world, begeleider_client):
    rij = eerste_rij(world.traject)
    datum = world.traject.startdatum + datetime.timedelta(days=3)
    begeleider_client.post(
        wijzig_url(world.traject, rij),
        {"status": "beheerst", "datum": datum.isoformat(), "notitie": "Zelfstandig, zonder hulp"},
    )
    rij.refresh_from_db()
    assert (rij.afgetekend_op, rij.notitie, rij.afgetekend_door) == (
        datum,
        "Zelfstandig, zonder hulp",
        world.begeleider,
    )
    wijziging = rij.wijzigingen.get()
    assert (wijziging.door, wijziging.van_status, wijziging.naar_status, wijziging.datum, wijziging.notitie) == (
        world.begeleider,
        "nog_niet",
        "beheerst",
        datum,
        "Zelfstandig, zonder hulp",
    )
    page = begeleider_client.get(world.traject.get_absolute_url()).content.decode()
    assert "Zelfstandig, zonder hulp" in page  # the note, on the row itself
    details = begeleider_client.get(details_url(world.traject, rij), HTTP_HX_REQUEST="true").content.decode()
    historie = details[details.index('class="checklist-historie') :]
    assert "Begeleider Test" in historie  # who
    assert "nog niet → <strong>beheerst</strong>" in historie
    assert "Zelfstandig, zonder hulp" in historie
    assert f'value="{datum.isoformat()}"' in details  # the form holds the row's date


def test_the_history_says_when_in_dutch_time_and_the_date_it_was_mastered(world, begeleider_client):
    rij = eerste_rij(world.traject)
    datum = world.traject.startdatum + datetime.timedelta(days=3)
    begeleider_client.post(wijzig_url(world.traject, rij), {"status": "beheerst", "datum": datum.isoformat()})
    # 23:30 UTC on 2 March is already 3 March in the Netherlands.
    rij.wijzigingen.update(op=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC))

    details = begeleider_client.get(details_url(world.traject, rij), HTTP_HX_REQUEST="true").content.decode()
    historie = details[details.index('class="checklist-historie') :]
    assert "3 Mrt 2026 00:30" in historie
    assert f"({date_format(datum, 'j M Y')})" in historie  # the date it was mastered, as Django writes it


def test_details_load_when_opened_and_are_a_page_without_javascript(world, begeleider_client):
    """The checklist carries no form and history per row: each row's details load on opening."""
    rij = eerste_rij(world.traject)
    rij.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider, notitie="Kan het alleen")
    page = begeleider_client.get(world.traject.get_absolute_url()).content.decode()
    checklist = page[page.index('id="checklist"') : page.index('id="uren"')]
    assert 'name="notitie"' not in checklist
    assert "checklist-historie" not in checklist
    url = details_url(world.traject, rij)
    assert f'hx-get="{url}"' in page and f'href="{url}"' in page  # htmx, and a link without JavaScript
    fragment = begeleider_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert 'name="notitie"' in fragment and "Kan het alleen</textarea>" in fragment
    assert "nog niet → <strong>beheerst</strong>" in fragment
    eigen_pagina = begeleider_client.get(url).content.decode()
    assert "<html" in eigen_pagina and "Terug naar de voortgang van Sanne de Vries" in eigen_pagina
    assert "nog niet → <strong>beheerst</strong>" in eigen_pagina


def test_details_form_fields_have_labels_and_ids_of_their_occurrence(world, begeleider_client):
    rij = eerste_rij(world.traject)
    groep = rij.werkopdracht.werkprocessen.first().pk
    html = begeleider_client.get(details_url(world.traject, rij), HTTP_HX_REQUEST="true").content.decode()
    velden = re.findall(r'<(?:input|textarea) [^>]*id="((?:datum|notitie)-[^"]+)"', html)
    assert velden == [f"datum-{groep}-{rij.pk}", f"notitie-{groep}-{rij.pk}"]
    for veld_id in velden:
        assert f'for="{veld_id}"' in html


def test_details_of_a_row_of_another_traject_are_not_found(world, begeleider_client):
    vreemde_rij = eerste_rij(world.andere_traject)
    response = begeleider_client.get(details_url(world.traject, vreemde_rij))
    assert response.status_code == 404


def test_quick_tap_keeps_the_existing_note(world, begeleider_client):
    rij = eerste_rij(world.traject)
    url = wijzig_url(world.traject, rij)
    begeleider_client.post(url, {"status": "bezig", "notitie": "Oefent met de scanner"})
    begeleider_client.post(url, {"status": "beheerst"})
    rij.refresh_from_db()
    assert rij.notitie == "Oefent met de scanner"


def test_future_date_is_refused_in_dutch_and_nothing_is_saved(world, begeleider_client):
    rij = eerste_rij(world.traject)
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    response = begeleider_client.post(
        wijzig_url(world.traject, rij), {"status": "beheerst", "datum": morgen.isoformat(), "notitie": "Getypt"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "De datum ligt in de toekomst" in html
    assert "Getypt</textarea>" in html  # what was typed is shown again
    assert f'value="{morgen.isoformat()}"' in html
    assert f'<h1 class="mb-1">{world.traject.deelnemer.naam}</h1>' in html  # the whole page again
    rij.refresh_from_db()
    assert rij.status == Voortgang.Status.NOG_NIET
    assert not rij.wijzigingen.exists()


def test_date_before_the_start_is_refused_over_htmx(world, begeleider_client):
    rij = eerste_rij(world.traject)
    te_vroeg = world.traject.startdatum - datetime.timedelta(days=1)
    response = begeleider_client.post(
        wijzig_url(world.traject, rij), {"status": "beheerst", "datum": te_vroeg.isoformat()}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "De datum ligt voor de start van het traject (1 september 2026)" in html
    assert "alert-danger" in html
    assert "<details open>" in html  # the row's form stays open with the error
    rij.refresh_from_db()
    assert rij.status == Voortgang.Status.NOG_NIET


def test_unknown_status_is_refused(world, begeleider_client):
    rij = eerste_rij(world.traject)
    response = begeleider_client.post(wijzig_url(world.traject, rij), {"status": "klaar"})
    assert "Kies nog niet, bezig of beheerst." in response.content.decode()
    assert not rij.wijzigingen.exists()


def test_double_tap_records_one_history_row(world, begeleider_client):
    rij = eerste_rij(world.traject)
    tik(begeleider_client, world.traject, rij)
    response = tik(begeleider_client, world.traject, rij)
    assert "Dit was al opgeslagen." in response.content.decode()
    assert rij.wijzigingen.count() == 1


def test_finished_traject_cannot_be_ticked(world, begeleider_client):
    world.traject.rond_af(door=world.coordinator)
    rij = eerste_rij(world.traject)
    response = begeleider_client.post(wijzig_url(world.traject, rij), {"status": "beheerst"}, follow=True)
    assert "de voortgang kan niet meer veranderen" in response.content.decode()
    rij.refresh_from_db()
    assert rij.status == Voortgang.Status.NOG_NIET
    # The page itself offers no buttons any more.
    assert "Ongedaan maken" not in response.content.decode()
    assert ">✔ Beheerst<" not in response.content.decode()


def test_coordinator_may_tick_too(world, coordinator_client):
    rij = eerste_rij(world.traject)
    coordinator_client.post(wijzig_url(world.traject, rij), {"status": "beheerst"})
    rij.refresh_from_db()
    assert rij.afgetekend_door == world.coordinator


@pytest.mark.parametrize(("persona", "status"), [("andere_begeleider", 404), ("beoordelaar", 403), ("deelnemer", 403)])
def test_only_own_begeleiders_and_coordinator_may_tick(world, persona, status):
    rij = eerste_rij(world.traject)
    response = client_voor(world, persona).post(wijzig_url(world.traject, rij), {"status": "beheerst"})
    assert response.status_code == status
    rij.refresh_from_db()
    assert rij.status == Voortgang.Status.NOG_NIET


def test_voortgang_of_another_traject_is_not_found(world, begeleider_client):
    vreemde_rij = eerste_rij(world.andere_traject)
    response = begeleider_client.post(wijzig_url(world.traject, vreemde_rij), {"status": "beheerst"})
    assert response.status_code == 404
    vreemde_rij.refresh_from_db()
    assert vreemde_rij.status == Voortgang.Status.NOG_NIET


def test_begeleider_cannot_see_other_bedrijf_traject(world, begeleider_client):
    response = begeleider_client.get(world.andere_traject.get_absolute_url())
    assert response.status_code == 404


def test_a_change_is_in_the_access_log(world, begeleider_client):
    rij = eerste_rij(world.traject)
    begeleider_client.post(wijzig_url(world.traject, rij), {"status": "beheerst"})
    assert ToegangsLog.objects.filter(
        user=world.begeleider, deelnemer_id=world.traject.deelnemer_id, actie=ToegangsLog.Actie.GEWIJZIGD
    ).exists()


def test_a_change_whose_access_log_line_cannot_be_written_is_not_saved(world, begeleider_client, monkeypatch):
    """No change to a deelnemer's progress without its line in the access log."""

    def log_fails(*args, **kwargs):
        raise DatabaseError("toegangslog niet bereikbaar")

    monkeypatch.setattr("trajecten.views.begeleiding.log_deelnemer_toegang", log_fails)
    rij = eerste_rij(world.traject)
    with pytest.raises(DatabaseError):
        begeleider_client.post(wijzig_url(world.traject, rij), {"status": "beheerst"}, headers={"HX-Request": "true"})
    rij.refresh_from_db()
    assert rij.status == Voortgang.Status.NOG_NIET
    assert not rij.wijzigingen.exists()
    world.traject.refresh_from_db()
    assert world.traject.aantal_beheerst == 0


@pytest.mark.parametrize("persona", ["beoordelaar", "deelnemer"])
def test_read_only_viewers_see_progress_but_no_buttons(world, persona):
    eerste_rij(world.traject).zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider, notitie="Prima")
    html = client_voor(world, persona).get(world.traject.get_absolute_url()).content.decode()
    assert "<strong>1</strong> van de 4 werkopdrachten beheerst" in html
    assert "Prima" in html
    assert "/voortgang/" in html  # each row's details (reading only)
    assert not re.search(r'action="[^"]*/voortgang/', html) and "hx-post" not in html  # no form posts
    assert "Uren van een week invullen" not in html


def test_coordinator_sees_all_details(world, coordinator_client):
    html = coordinator_client.get(world.traject.get_absolute_url()).content.decode()
    for tekst in ["Sanne de Vries", "Laborijn", "Begeleider Test", "Graafschap College", "B1-K1-W1", "B1-K1-W3"]:
        assert tekst in html
    assert world.traject.deelnemer.get_absolute_url() in html


def test_traject_page_names_every_begeleider(world, coordinator_client):
    tweede = factories.maak_begeleider(world.bedrijf, "zonder-naam")
    tweede.user.first_name = tweede.user.last_name = ""
    tweede.user.save()
    world.traject.begeleiders.add(tweede)
    html = coordinator_client.get(world.traject.get_absolute_url()).content.decode()
    namen = re.search(r"Praktijkbegeleiders</dt><dd[^>]*>([^<]*)</dd>", html).group(1)
    assert sorted(namen.split(", ")) == ["Begeleider Test", "zonder-naam"]  # the username when no name


def test_checklist_buttons_name_their_werkopdracht(world, begeleider_client):
    html = begeleider_client.get(world.traject.get_absolute_url()).content.decode()
    # Every button names its werkopdracht for screen readers.
    assert '✔ Beheerst<span class="visually-hidden">: Pakbon controleren</span>' in html


def test_a_row_escapes_its_title_and_note_once(world, begeleider_client):
    rij = eerste_rij(world.traject)
    Werkopdracht.objects.filter(pk=rij.werkopdracht_id).update(titel="Pallets <laden> & 'stapelen'")
    Voortgang.objects.filter(pk=rij.pk).update(notitie='Let op "de <rug>"')
    titel, notitie = "Pallets &lt;laden&gt; &amp; &#x27;stapelen&#x27;", "Let op &quot;de &lt;rug&gt;&quot;"

    page = begeleider_client.get(world.traject.get_absolute_url()).content.decode()
    assert f'<span class="visually-hidden">: {titel}</span></button>' in page
    assert f'<span class="d-block small text-body-secondary">{notitie}</span>' in page
    answer = tik(begeleider_client, world.traject, rij).content.decode()
    assert '<span class="fw-semibold" id="titel-' in answer and f">{titel}</span>" in answer
    assert notitie in answer  # a quick tap keeps the note
    for html in (page, answer):
        assert "<laden>" not in html and "<rug>" not in html  # escaped
        assert "&amp;lt;" not in html and "&amp;#x27;" not in html  # once


def queries_for_checklist(client, traject) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(traject.get_absolute_url()).status_code == 200
    return len(context)


def test_checklist_queries_are_constant(world, begeleider_client, django_assert_num_queries):
    klein = maak_groot_traject(world, 4)
    groot = maak_groot_traject(world, 40)
    for traject in (klein, groot):
        for rij in traject.voortgang.all()[:3]:
            rij.zet_status(status=Voortgang.Status.BEHEERST, door=world.begeleider, notitie="ok")
    begeleider_client.get(klein.get_absolute_url())  # warm the session
    for traject in (klein, groot):
        with django_assert_num_queries(9):
            # 1 session, 2 user,
            # 3 traject with deelnemer, bedrijf and school (scoped to the begeleider),
            # 4 insert into the access log,
            # 5 voortgang rows with their werkopdracht and what "undo" goes back to, once per
            #   werkproces they count for (LEFT JOIN: rows that count for none come along for
            #   "overige"),
            # 6 the names of the traject's begeleiders,
            # 7 the hours per week (who recorded them only for a coördinator),
            # 8 the hours norm of the deelnemer's doelgroep,
            # 9 the traject's verklaringen (begeleiding.verklaringen_van).
            # (The traject's history loads when scrolled to: traject_historie.)
            response = begeleider_client.get(traject.get_absolute_url())
        assert response.status_code == 200


def test_coordinator_checklist_queries_do_not_grow_with_the_traject(world, coordinator_client):
    """The coördinator's page also holds other areas' sections; whatever they add, the
    count must not depend on the number of werkopdrachten."""
    klein = maak_groot_traject(world, 4)
    groot = maak_groot_traject(world, 40)
    coordinator_client.get(klein.get_absolute_url())
    assert queries_for_checklist(coordinator_client, klein) == queries_for_checklist(coordinator_client, groot)


def test_undo_after_editing_the_date_goes_back_to_before_the_tick(world):
    """Saving a new date or note on a mastered row must not make "undo" forget the tick."""
    rij = world.traject.voortgang.first()
    client = client_voor(world, "begeleider")
    url = reverse("trajecten:voortgang_wijzig", args=[world.traject.pk, rij.pk])
    client.post(url, {"status": "bezig"})
    client.post(url, {"status": "beheerst"})
    gisteren = timezone.localdate() - datetime.timedelta(days=1)
    client.post(url, {"status": "beheerst", "datum": gisteren.isoformat(), "notitie": "Met hulp"})
    assert rij.wijzigingen.count() == 3  # the edit is a change of its own
    assert undo_status(client, world.traject, url) == "bezig"


def test_the_admin_shows_progress_but_changes_it_only_through_the_checklist(world):
    rij = eerste_rij(world.traject)
    client = client_voor(world, "superuser")
    assert client.get(reverse("admin:trajecten_voortgang_changelist")).status_code == 200
    assert client.get(reverse("admin:trajecten_voortgang_change", args=[rij.pk])).status_code == 200
    response = client.post(reverse("admin:trajecten_voortgang_change", args=[rij.pk]), {"status": "beheerst"})
    assert response.status_code == 403
    assert client.post(reverse("admin:trajecten_voortgang_delete", args=[rij.pk]), {"post": "yes"}).status_code == 403
    rij.refresh_from_db()
    assert rij.status == Voortgang.Status.NOG_NIET
    assert not rij.wijzigingen.exists()
