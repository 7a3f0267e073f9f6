"""Each transition of an aanvraag through its view: allowed, refused, and the timeline row."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.trajecten.builders_aanvragen import maak_aanvraag
from trajecten.models import Aanvraag, Traject

pytestmark = pytest.mark.django_db


def berichten(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def post(client, naam: str, aanvraag, data=None):
    return client.post(reverse(f"trajecten:{naam}", args=[aanvraag.pk]), data or {})


@pytest.fixture
def aanvraag(world):
    return world.aanvraag  # ingediend, at Laborijn, Graafschap College, one vakvaardigheid


def in_stadium(world, stadium):
    return maak_aanvraag(
        door=world.coordinator,
        bedrijf=world.bedrijf,
        school=world.school,
        vakvaardigheid=world.vakvaardigheid,
        stadium=stadium,
    )


# -- intake plannen ------------------------------------------------------------------------------


def test_coordinator_plans_the_intake(coordinator_client, world, aanvraag):
    response = post(
        coordinator_client,
        "aanvraag_intake_plannen",
        aanvraag,
        {"datum": "2026-10-05", "tijd": "10:30", "intake_door": world.coordinator.pk, "toelichting": "Op locatie"},
    )
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INTAKE_GEPLAND
    assert aanvraag.intake_op.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-10-05 10:30"
    rij = aanvraag.wijzigingen.last()
    assert (rij.van_status, rij.naar_status, rij.door, rij.toelichting) == (
        "ingediend",
        "intake_gepland",
        world.coordinator,
        "Op locatie",
    )
    assert "De intake is gepland." in berichten(response)


def test_plan_intake_without_time_keeps_what_was_typed(coordinator_client, world, aanvraag):
    response = post(
        coordinator_client,
        "aanvraag_intake_plannen",
        aanvraag,
        {"datum": "2026-10-05", "tijd": "", "intake_door": world.coordinator.pk, "toelichting": "Bij Laborijn"},
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert "Bij Laborijn" in response.content.decode()
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INGEDIEND
    assert not aanvraag.wijzigingen.exists()


def test_planning_the_intake_of_a_rejected_aanvraag_is_refused(coordinator_client, world):
    afgewezen = in_stadium(world, "afgewezen")
    response = post(
        coordinator_client,
        "aanvraag_intake_plannen",
        afgewezen,
        {"datum": "2026-10-05", "tijd": "10:30", "intake_door": world.coordinator.pk},
    )
    assert response.status_code == 302
    assert "Deze stap kan niet: de aanvraag is afgewezen." in berichten(response)
    assert afgewezen.wijzigingen.count() == 1  # only the rejection


# -- intake vastleggen ---------------------------------------------------------------------------


def test_recording_the_intake_keeps_what_the_deelnemer_already_masters(coordinator_client, world):
    aanvraag = in_stadium(world, "intake_gepland")
    eerste, tweede = list(world.vakvaardigheid.werkopdrachten.all())[:2]
    response = post(
        coordinator_client,
        "aanvraag_intake_registreren",
        aanvraag,
        {"verslag": "Kan al lossen en controleren.", "advies": "positief", "al_beheerst": [eerste.pk, tweede.pk]},
    )
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INTAKE_GEHOUDEN
    assert set(aanvraag.al_beheerst.all()) == {eerste, tweede}
    assert aanvraag.wijzigingen.last().naar_status == "intake_gehouden"


def test_intake_form_offers_the_werkopdrachten_of_the_aanvraag(coordinator_client, world):
    aanvraag = in_stadium(world, "intake_gepland")
    response = coordinator_client.get(reverse("trajecten:aanvraag_intake_registreren", args=[aanvraag.pk]))
    assert "Order picken met scanner" in response.content.decode()


def test_recording_an_intake_that_was_not_planned_is_refused(coordinator_client, aanvraag):
    response = post(coordinator_client, "aanvraag_intake_registreren", aanvraag, {"verslag": "x", "advies": "positief"})
    assert "Deze stap kan niet: de aanvraag is ingediend." in berichten(response)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INGEDIEND
    assert not aanvraag.wijzigingen.exists()


# -- goedkeuren (without starting the traject yet) ----------------------------------------------


def test_approving_after_the_intake(coordinator_client, world):
    aanvraag = in_stadium(world, "intake_gehouden")
    response = post(coordinator_client, "aanvraag_goedkeuren", aanvraag, {"toelichting": "Start in oktober"})
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.GOEDGEKEURD
    rij = aanvraag.wijzigingen.last()
    assert (rij.van_status, rij.naar_status, rij.toelichting) == ("intake_gehouden", "goedgekeurd", "Start in oktober")
    assert response.status_code == 302


def test_approving_before_the_intake_is_refused(coordinator_client, aanvraag):
    response = post(coordinator_client, "aanvraag_goedkeuren", aanvraag)
    assert "Deze stap kan niet: de aanvraag is ingediend." in berichten(response)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INGEDIEND


# -- afwijzen ------------------------------------------------------------------------------------


def test_rejecting_records_the_reason(coordinator_client, world, aanvraag):
    post(coordinator_client, "aanvraag_afwijzen", aanvraag, {"reden": "Geen passende plek"})
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.AFGEWEZEN
    assert aanvraag.reden == "Geen passende plek"
    rij = aanvraag.wijzigingen.get()
    assert (rij.naar_status, rij.toelichting, rij.door) == ("afgewezen", "Geen passende plek", world.coordinator)


def test_rejecting_without_a_reason_shows_a_dutch_error(coordinator_client, aanvraag):
    response = post(coordinator_client, "aanvraag_afwijzen", aanvraag, {"reden": "   "})
    assert response.status_code == 200
    assert "Geef een reden op voor de afwijzing." in response.content.decode()
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INGEDIEND


def test_rejecting_an_approved_aanvraag_is_refused(coordinator_client, world):
    aanvraag = in_stadium(world, "goedgekeurd")
    response = post(coordinator_client, "aanvraag_afwijzen", aanvraag, {"reden": "toch niet"})
    assert "Deze stap kan niet: de aanvraag is goedgekeurd." in berichten(response)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.GOEDGEKEURD


# -- intrekken -----------------------------------------------------------------------------------


def test_withdrawing_an_open_aanvraag(coordinator_client, world):
    aanvraag = in_stadium(world, "intake_gepland")
    post(coordinator_client, "aanvraag_intrekken", aanvraag, {"reden": "Heeft werk gevonden"})
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INGETROKKEN
    assert aanvraag.wijzigingen.last().toelichting == "Heeft werk gevonden"


def test_withdrawing_a_rejected_aanvraag_is_refused(coordinator_client, world):
    aanvraag = in_stadium(world, "afgewezen")
    response = post(coordinator_client, "aanvraag_intrekken", aanvraag, {"reden": "x"})
    assert "Deze stap kan niet: de aanvraag is afgewezen." in berichten(response)
    assert aanvraag.wijzigingen.count() == 1


# -- what the detail page offers ------------------------------------------------------------------


def test_detail_offers_only_the_steps_possible_now(coordinator_client, aanvraag):
    html = coordinator_client.get(aanvraag.get_absolute_url()).content.decode()
    assert reverse("trajecten:aanvraag_intake_plannen", args=[aanvraag.pk]) in html
    assert reverse("trajecten:aanvraag_afwijzen", args=[aanvraag.pk]) in html
    assert reverse("trajecten:aanvraag_intake_registreren", args=[aanvraag.pk]) not in html
    assert reverse("trajecten:aanvraag_goedkeuren", args=[aanvraag.pk]) not in html
    assert reverse("trajecten:aanvraag_traject_starten", args=[aanvraag.pk]) not in html


def test_closed_aanvraag_offers_no_steps(coordinator_client, world):
    aanvraag = in_stadium(world, "afgewezen")
    html = coordinator_client.get(aanvraag.get_absolute_url()).content.decode()
    assert "Deze aanvraag is afgesloten." in html
    assert reverse("trajecten:aanvraag_intrekken", args=[aanvraag.pk]) not in html


def test_timeline_shows_who_what_and_why(coordinator_client, world):
    aanvraag = in_stadium(world, "afgewezen")
    html = coordinator_client.get(aanvraag.get_absolute_url()).content.decode()
    assert "Tijdlijn" in html
    assert "ingediend → afgewezen" in html
    assert "Geen plek" in html
    assert str(world.coordinator) in html


def test_begeleider_gets_no_aanvraag_page(begeleider_client, aanvraag):
    assert begeleider_client.get(aanvraag.get_absolute_url()).status_code == 403
    response = begeleider_client.post(
        reverse("trajecten:aanvraag_afwijzen", args=[aanvraag.pk]), {"reden": "Kwaadwillig"}
    )
    assert response.status_code == 403
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INGEDIEND


# -- goedkeuren en traject starten ----------------------------------------------------------------


def start_gegevens(world, **anders) -> dict:
    opdrachten = list(world.vakvaardigheid.werkopdrachten.all())
    data = {
        "bedrijf": world.bedrijf.pk,
        "school": world.school.pk,
        "begeleiders": [world.begeleider.praktijkbegeleider.pk],
        "vakvaardigheden": [world.vakvaardigheid.pk],
        "startdatum": "2026-10-01",
        "einddatum": "2027-04-01",
        "geplande_uren_per_week": "24",
        "werkopdrachten": [wo.pk for wo in opdrachten[1:]],
        "al_beheerst": [opdrachten[0].pk],
        "direct_actief": "on",
    }
    data.update(anders)
    return data


def test_start_form_is_prefilled_from_the_aanvraag_and_intake(coordinator_client, world):
    aanvraag = in_stadium(world, "intake_gepland")
    eerste = world.vakvaardigheid.werkopdrachten.first()
    aanvraag.registreer_intake(door=world.coordinator, verslag="ok", advies="positief", al_beheerst=[eerste])
    response = coordinator_client.get(reverse("trajecten:aanvraag_traject_starten", args=[aanvraag.pk]))
    form = response.context["form"]
    assert form["bedrijf"].value() == world.bedrijf.pk
    assert form["school"].value() == world.school.pk
    assert form["vakvaardigheden"].value() == [world.vakvaardigheid.pk]
    assert set(form["werkopdrachten"].value()) == set(world.vakvaardigheid.werkopdrachten.values_list("pk", flat=True))
    assert form["al_beheerst"].value() == [eerste.pk]


def test_approve_and_start_traject_in_one_step(coordinator_client, world):
    aanvraag = in_stadium(world, "intake_gehouden")
    response = post(coordinator_client, "aanvraag_traject_starten", aanvraag, start_gegevens(world))
    traject = Traject.objects.get(aanvraag=aanvraag)
    assert response.status_code == 302
    assert response["Location"] == traject.get_absolute_url()
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.GOEDGEKEURD
    assert not aanvraag.wacht_op_traject  # off the board's "waiting" list
    assert traject.status == Traject.Status.ACTIEF
    assert (traject.aantal_opdrachten, traject.aantal_beheerst) == (4, 1)
    assert traject.voortgang.get(bij_intake=True).werkopdracht == world.vakvaardigheid.werkopdrachten.first()
    assert list(traject.begeleiders.all()) == [world.begeleider.praktijkbegeleider]
    assert traject.geplande_uren_per_week == 24
    assert aanvraag.wijzigingen.last().naar_status == "goedgekeurd"
    assert [w.naar_status for w in traject.wijzigingen.all()] == ["gepland", "actief"]


def test_start_traject_with_bad_input_saves_nothing(coordinator_client, world):
    aanvraag = in_stadium(world, "intake_gehouden")
    response = post(
        coordinator_client, "aanvraag_traject_starten", aanvraag, start_gegevens(world, einddatum="2026-09-01")
    )
    assert response.status_code == 200
    assert "De einddatum ligt voor de startdatum." in response.content.decode()
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INTAKE_GEHOUDEN
    assert not aanvraag.wacht_op_traject
    assert not Traject.objects.filter(aanvraag=aanvraag).exists()


def test_begeleider_of_another_bedrijf_is_refused(coordinator_client, world):
    aanvraag = in_stadium(world, "intake_gehouden")
    andere = world.andere_begeleider.praktijkbegeleider
    response = post(
        coordinator_client, "aanvraag_traject_starten", aanvraag, start_gegevens(world, begeleiders=[andere.pk])
    )
    assert "werkt niet bij Laborijn" in response.content.decode()
    assert not Traject.objects.filter(aanvraag=aanvraag).exists()


def begeleider_vakjes(response) -> list[str]:
    html = response.content.decode()
    blok = html[html.index('id="div_id_begeleiders"') : html.index('id="div_id_vakvaardigheden"')]
    return [label.strip() for label in re.findall(r"<label[^>]*form-check-label[^>]*>([^<]+)</label>", blok)]


def test_start_page_offers_the_begeleiders_of_the_chosen_bedrijf(coordinator_client, world):
    aanvraag = in_stadium(world, "intake_gehouden")
    url = reverse("trajecten:aanvraag_traject_starten", args=[aanvraag.pk])
    eigen = f"{world.begeleider.praktijkbegeleider.naam} (Laborijn)"
    ander = f"{world.andere_begeleider.praktijkbegeleider.naam} (Stadsboerin Doetinchem)"

    assert begeleider_vakjes(coordinator_client.get(url)) == [eigen]
    # Another bedrijf chosen on the page (htmx asks for the page with it): its begeleiders.
    assert begeleider_vakjes(coordinator_client.get(url, {"bedrijf": world.andere_bedrijf.pk})) == [ander]
    # A ticked begeleider of another bedrijf stays on offer, with the reason it is refused.
    response = post(
        coordinator_client,
        "aanvraag_traject_starten",
        aanvraag,
        start_gegevens(world, begeleiders=[world.andere_begeleider.praktijkbegeleider.pk]),
    )
    assert begeleider_vakjes(response) == [eigen, ander]
    assert "werkt niet bij Laborijn" in response.content.decode()


def test_starting_a_second_traject_for_one_aanvraag_is_refused(coordinator_client, world):
    aanvraag = in_stadium(world, "intake_gehouden")
    post(coordinator_client, "aanvraag_traject_starten", aanvraag, start_gegevens(world))
    response = post(coordinator_client, "aanvraag_traject_starten", aanvraag, start_gegevens(world))
    assert "Voor deze aanvraag is al een traject gestart." in berichten(response)
    assert Traject.objects.filter(aanvraag=aanvraag).count() == 1


def test_approved_aanvraag_without_traject_can_still_start_one(coordinator_client, world):
    aanvraag = in_stadium(world, "goedgekeurd")
    assert aanvraag.wacht_op_traject
    post(coordinator_client, "aanvraag_traject_starten", aanvraag, start_gegevens(world, direct_actief=""))
    traject = Traject.objects.get(aanvraag=aanvraag)
    assert traject.status == Traject.Status.GEPLAND
    aanvraag.refresh_from_db()
    assert not aanvraag.wacht_op_traject
    assert aanvraag.wijzigingen.filter(naar_status="goedgekeurd").count() == 1


def test_starting_a_traject_before_the_intake_is_refused(coordinator_client, world, aanvraag):
    response = post(coordinator_client, "aanvraag_traject_starten", aanvraag, start_gegevens(world))
    assert "Deze stap kan niet: de aanvraag is ingediend." in berichten(response)
    assert not Traject.objects.filter(aanvraag=aanvraag).exists()
