"""The ``demo`` management command: a realistic, idempotent demo of the Achterhoek.

Loading the demo takes a few seconds, so it is loaded once for this module inside a
transaction that is rolled back at the end; each test runs in its own savepoint within it.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from praktijkwijs.models import User
from trajecten.models import (
    Aanvraag,
    AanvraagWijziging,
    Bedrijf,
    Deelnemer,
    Traject,
    TrajectWijziging,
    Uren,
    UrenNorm,
    Voortgang,
    VoortgangWijziging,
)
from werkopdrachten.models import Kwalificatie, Vakvaardigheid, Werkopdracht, Werkproces

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    "coordinator": User.Rol.COORDINATOR,
    "begeleider": User.Rol.BEGELEIDER,
    "begeleider2": User.Rol.BEGELEIDER,
    "beoordelaar": User.Rol.BEOORDELAAR,
    "deelnemer": User.Rol.DEELNEMER,
}


def laad_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo's output; the demo stays in the database for the tests of this module."""
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic():
        with fast_hasher:
            output = laad_demo()
        yield output
        transaction.set_rollback(True)


def tellingen() -> dict[str, int]:
    modellen = (
        User,
        Kwalificatie,
        Werkproces,
        Vakvaardigheid,
        Werkopdracht,
        Bedrijf,
        Deelnemer,
        Aanvraag,
        AanvraagWijziging,
        Traject,
        TrajectWijziging,
        Voortgang,
        VoortgangWijziging,
        Uren,
        UrenNorm,
    )
    return {model.__name__: model.objects.count() for model in modellen}


def test_demo_logins_have_their_role_and_password(demo):
    for username, rol in DEMO_LOGINS.items():
        user = User.objects.get(username=username)
        assert user.rol == rol
        assert user.check_password("demo-praktijkwijs")
        assert user.email.endswith("@example.org")
        assert user.first_name and user.last_name
    assert not User.objects.filter(rol="").exists()
    assert User.objects.get(username="begeleider").praktijkbegeleider.bedrijf.naam == "Laborijn"
    assert User.objects.get(username="begeleider2").praktijkbegeleider.bedrijf.naam == "Stadsboerin Doetinchem"
    assert User.objects.get(username="beoordelaar").beoordelaar.school.naam == "Graafschap College"
    assert Bedrijf.objects.get(naam="Laborijn").praktijkbegeleiders.count() == 2
    assert "demo-praktijkwijs" in demo
    for username in DEMO_LOGINS:
        assert username in demo


def test_vakvaardigheden_have_8_to_15_werkopdrachten_mapped_to_their_kwalificatie(demo):
    vakken = Vakvaardigheid.objects.select_related("kwalificatie")
    assert vakken.count() >= 5
    for vak in vakken:
        opdrachten = list(vak.werkopdrachten.prefetch_related("werkprocessen"))
        assert 8 <= len(opdrachten) <= 15, vak.naam
        assert [wo.volgorde for wo in opdrachten] == list(range(1, len(opdrachten) + 1))
        gebruikt = set()
        for opdracht in opdrachten:
            werkprocessen = list(opdracht.werkprocessen.all())
            assert 1 <= len(werkprocessen) <= 2, opdracht.titel
            assert all(wp.kwalificatie_id == vak.kwalificatie_id for wp in werkprocessen), opdracht.titel
            gebruikt.update(wp.pk for wp in werkprocessen)
        # Every werkproces of the kwalificatie can be learned through some werkopdracht.
        assert gebruikt == set(vak.kwalificatie.werkprocessen.values_list("pk", flat=True)), vak.naam
        assert vak.bedrijven.exists(), vak.naam
    stadsboerin = Bedrijf.objects.get(naam="Stadsboerin Doetinchem")
    assert stadsboerin.vakvaardigheden.count() == 4
    assert Bedrijf.objects.filter(sbb_erkenningsnummer="").exists()  # shows the missing-erkenning warning


def test_about_40_aanvragen_in_every_status_with_full_history(demo):
    aanvragen = Aanvraag.objects.prefetch_related("wijzigingen")
    assert 35 <= aanvragen.count() <= 45
    assert set(aanvragen.values_list("status", flat=True)) == set(Aanvraag.Status.values)
    coordinator = User.objects.get(username="coordinator")
    for aanvraag in aanvragen:
        wijzigingen = sorted(aanvraag.wijzigingen.all(), key=lambda w: w.pk)
        # One row per step, each step starting where the previous ended, ending at the status.
        assert wijzigingen[0].van_status == ""
        assert wijzigingen[0].naar_status == Aanvraag.Status.INGEDIEND
        for vorige, volgende in zip(wijzigingen, wijzigingen[1:], strict=False):
            assert volgende.van_status == vorige.naar_status
            assert volgende.op >= vorige.op
            assert volgende.door == coordinator
        assert wijzigingen[-1].naar_status == aanvraag.status
        if aanvraag.status == Aanvraag.Status.GOEDGEKEURD:
            assert aanvraag.traject.deelnemer_id == aanvraag.deelnemer_id


def test_trajecten_in_every_state_with_progress_and_signals(demo):
    statussen = set(Traject.objects.values_list("status", flat=True))
    assert statussen == set(Traject.Status.values)
    actief = Traject.objects.filter(status=Traject.Status.ACTIEF)
    assert actief.count() > Traject.objects.count() / 2
    assert actief.filter(aantal_beheerst__gt=0).count() == actief.count()
    assert 1 <= Traject.objects.zonder_recente_voortgang().count() < actief.count()
    assert Voortgang.objects.filter(bij_intake=True).exists()
    assert Voortgang.objects.filter(status=Voortgang.Status.BEZIG).exists()
    assert not Traject.objects.filter(status=Traject.Status.GESTOPT, stopreden="").exists()
    assert Uren.objects.exists()
    assert UrenNorm.objects.filter(doelgroep=Deelnemer.Doelgroep.INBURGERAAR).exists()
    assert set(Deelnemer.objects.values_list("doelgroep", flat=True)) == set(Deelnemer.Doelgroep.values)


def test_begeleiders_only_see_trajecten_of_their_own_bedrijf(demo):
    for username, bedrijf in (("begeleider", "Laborijn"), ("begeleider2", "Stadsboerin Doetinchem")):
        user = User.objects.get(username=username)
        trajecten = Traject.objects.voor(user)
        assert set(trajecten.values_list("bedrijf__naam", flat=True)) == {bedrijf}
        assert trajecten.filter(status=Traject.Status.ACTIEF).count() >= 3
    # Laborijn's other praktijkbegeleider guides deelnemers whom `begeleider` does not see.
    begeleider = User.objects.get(username="begeleider")
    assert Traject.objects.voor(begeleider).count() < Traject.objects.filter(bedrijf__naam="Laborijn").count()


def test_demo_deelnemer_has_a_fully_mastered_traject_at_laborijn(demo):
    user = User.objects.get(username="deelnemer")
    traject = Traject.objects.voor(user).get()
    assert traject.deelnemer.user == user
    assert traject.bedrijf.naam == "Laborijn"
    assert traject.status == Traject.Status.AFGEROND
    assert traject.begeleiders.filter(user__username="begeleider").exists()
    assert traject.is_klaar_voor_verklaring
    assert not traject.voortgang.exclude(status=Voortgang.Status.BEHEERST).exists()
    per_werkproces = traject.voortgang_per_werkproces()
    assert per_werkproces and all(wp.is_beheerst for wp in per_werkproces)


def test_running_twice_changes_nothing(demo):
    voor = tellingen()
    assert laad_demo().strip() == "Demo-gegevens staan er al."
    assert tellingen() == voor
