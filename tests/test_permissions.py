"""The role × URL matrix: every URL of the app, for every persona, answers as expected.

Adding a URL without a row here fails ``test_every_url_has_an_expectation``. A row names
how to build the URL's arguments from the test world, the HTTP method, and the status code
each persona gets. 302 for the anonymous visitor means "sent to the login page".
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS, client_voor
from tests.trajecten.builders_publiek import maak_verhaal
from tests.trajecten.builders_verklaringen import geef_uit, voorstel
from trajecten.models import Verklaring
from trajecten.services import verklaring_keur_goed

ANONIEM_NAAR_LOGIN = 302

# Shorthands for the common shapes.
IEDEREEN = dict.fromkeys(PERSONAS, 200)


def alleen(*personas: str, anders: int = 403, anoniem: int = ANONIEM_NAAR_LOGIN) -> dict[str, int]:
    expectations = {persona: (200 if persona in personas else anders) for persona in PERSONAS}
    expectations["anoniem"] = anoniem
    return expectations


COORDINATOR = alleen("coordinator")
# A traject and what it holds: its own begeleider, beoordelaar and deelnemer and the coördinator
# see it; the others of those roles get 404, the superuser (no role) 403.
WIE_HET_TRAJECT_ZIET = {
    "anoniem": ANONIEM_NAAR_LOGIN,
    "coordinator": 200,
    "begeleider": 200,
    "andere_begeleider": 404,
    "andere_beoordelaar": 404,
    "andere_deelnemer": 404,
    "beoordelaar": 200,
    "deelnemer": 200,
    "superuser": 403,
}
# Changing it (ticks, hours): those who may; read-only viewers (beoordelaar, deelnemer) get 403.
WIE_HET_TRAJECT_WIJZIGT = {**WIE_HET_TRAJECT_ZIET, "beoordelaar": 403, "deelnemer": 403}


def geen_args(w):
    return {}


def een_verklaring(w):
    """A verklaring on the world's traject: the one already there, else a new proposal.
    (Rows share one world in the accessibility walk, so they must not propose twice.)"""
    return w.traject.verklaringen.order_by("pk").first() or voorstel(w)


def een_uitgegeven_verklaring(w):
    bestaand = w.traject.verklaringen.filter(status=Verklaring.Status.UITGEGEVEN).first()
    if bestaand:
        return bestaand
    open_voorstel = w.traject.verklaringen.filter(status=Verklaring.Status.VOORGESTELD).first()
    if open_voorstel:
        return verklaring_keur_goed(verklaring=open_voorstel, door=w.beoordelaar)
    return geef_uit(w)


# url name: (method, kwargs from world, {persona: status})
MATRIX = {
    "landing": ("get", geen_args, IEDEREEN),
    "login": ("get", geen_args, {**dict.fromkeys(PERSONAS, 302), "anoniem": 200}),
    "logout": ("post", geen_args, dict.fromkeys(PERSONAS, 302)),
    # Nothing to verify after a login without 2FA: back to the home page.
    "tweestaps": ("get", geen_args, dict.fromkeys(PERSONAS, 302)),
    # Anyone logged in may set up 2FA voluntarily, and change their password.
    "tweestaps_instellen": ("get", geen_args, {**dict.fromkeys(PERSONAS, 200), "anoniem": ANONIEM_NAAR_LOGIN}),
    "wachtwoord_wijzigen": ("get", geen_args, {**dict.fromkeys(PERSONAS, 200), "anoniem": ANONIEM_NAAR_LOGIN}),
    # An unknown or expired link shows "link verlopen" to whoever opens it.
    "wachtwoord_instellen": ("get", lambda w: {"uidb64": "MA", "token": "verlopen-token"}, IEDEREEN),
    "home": (
        "get",
        geen_args,
        {**dict.fromkeys(PERSONAS, 302), "anoniem": ANONIEM_NAAR_LOGIN},
    ),
    "overzicht": ("get", geen_args, COORDINATOR),
    "begeleiding": ("get", geen_args, alleen("begeleider", "andere_begeleider")),
    "beoordelen": ("get", geen_args, alleen("beoordelaar", "andere_beoordelaar")),
    "mijn": ("get", geen_args, alleen("deelnemer", "andere_deelnemer")),
    "werkopdrachten:catalogus": ("get", geen_args, COORDINATOR),
    "werkopdrachten:kwalificatie": ("get", lambda w: {"pk": w.vakvaardigheid.kwalificatie_id}, COORDINATOR),
    "werkopdrachten:vakvaardigheid": ("get", lambda w: {"pk": w.vakvaardigheid.pk}, COORDINATOR),
    "werkopdrachten:kwalificatie_nieuw": ("get", geen_args, COORDINATOR),
    "werkopdrachten:kwalificatie_bewerken": ("get", lambda w: {"pk": w.vakvaardigheid.kwalificatie_id}, COORDINATOR),
    "werkopdrachten:kwalificatie_nieuwe_versie": (
        "get",
        lambda w: {"pk": w.vakvaardigheid.kwalificatie_id},
        COORDINATOR,
    ),
    "werkopdrachten:kerntaak_nieuw": ("get", lambda w: {"pk": w.vakvaardigheid.kwalificatie_id}, COORDINATOR),
    "werkopdrachten:kerntaak_bewerken": (
        "get",
        lambda w: {"pk": w.vakvaardigheid.kwalificatie.kerntaken.first().pk},
        COORDINATOR,
    ),
    "werkopdrachten:kerntaak_verwijderen": (
        "get",
        lambda w: {"pk": w.vakvaardigheid.kwalificatie.kerntaken.first().pk},
        COORDINATOR,
    ),
    "werkopdrachten:werkproces_nieuw": ("get", lambda w: {"pk": w.vakvaardigheid.kwalificatie_id}, COORDINATOR),
    "werkopdrachten:werkproces_bewerken": (
        "get",
        lambda w: {"pk": w.vakvaardigheid.kwalificatie.werkprocessen.first().pk},
        COORDINATOR,
    ),
    "werkopdrachten:werkproces_verwijderen": (
        "get",
        lambda w: {"pk": w.vakvaardigheid.kwalificatie.werkprocessen.first().pk},
        COORDINATOR,
    ),
    "werkopdrachten:werkprocessen_export": (
        "get",
        lambda w: {"pk": w.vakvaardigheid.kwalificatie_id, "formaat": "csv"},
        COORDINATOR,
    ),
    "werkopdrachten:werkprocessen_import": ("get", lambda w: {"pk": w.vakvaardigheid.kwalificatie_id}, COORDINATOR),
    # Without a previewed upload the coördinator is sent back to the upload page.
    "werkopdrachten:werkprocessen_import_bevestigen": (
        "post",
        lambda w: {"pk": w.vakvaardigheid.kwalificatie_id},
        {**COORDINATOR, "coordinator": 302},
    ),
    "werkopdrachten:vakvaardigheid_nieuw": ("get", geen_args, COORDINATOR),
    "werkopdrachten:vakvaardigheid_bewerken": ("get", lambda w: {"pk": w.vakvaardigheid.pk}, COORDINATOR),
    # The world has one version of the kwalificatie only: the coördinator is sent to make one first.
    "werkopdrachten:vakvaardigheid_nieuwe_versie": (
        "get",
        lambda w: {"pk": w.vakvaardigheid.pk},
        {**COORDINATOR, "coordinator": 302},
    ),
    "werkopdrachten:werkopdracht_nieuw": ("get", lambda w: {"pk": w.vakvaardigheid.pk}, COORDINATOR),
    "werkopdrachten:werkopdracht_bewerken": (
        "get",
        lambda w: {"pk": w.vakvaardigheid.werkopdrachten.first().pk},
        COORDINATOR,
    ),
    "werkopdrachten:werkopdracht_verwijderen": (
        "get",
        lambda w: {"pk": w.vakvaardigheid.werkopdrachten.first().pk},
        COORDINATOR,
    ),
    "werkopdrachten:werkopdrachten_export": (
        "get",
        lambda w: {"pk": w.vakvaardigheid.pk, "formaat": "xlsx"},
        COORDINATOR,
    ),
    "werkopdrachten:werkopdrachten_import": ("get", lambda w: {"pk": w.vakvaardigheid.pk}, COORDINATOR),
    "werkopdrachten:werkopdrachten_import_bevestigen": (
        "post",
        lambda w: {"pk": w.vakvaardigheid.pk},
        {**COORDINATOR, "coordinator": 302},
    ),
    "trajecten:aanvragen": ("get", geen_args, COORDINATOR),
    "trajecten:aanvraag": ("get", lambda w: {"pk": w.aanvraag.pk}, COORDINATOR),
    # -- the aanvragen pipeline; a step not possible from "ingediend" redirects the coördinator back
    "trajecten:aanvragen_bord": ("get", geen_args, COORDINATOR),
    "trajecten:aanvraag_nieuw": ("get", geen_args, COORDINATOR),
    "trajecten:aanvraag_wijzigen": ("get", lambda w: {"pk": w.aanvraag.pk}, COORDINATOR),
    "trajecten:aanvraag_intake_plannen": ("get", lambda w: {"pk": w.aanvraag.pk}, COORDINATOR),
    "trajecten:aanvraag_intake_registreren": (
        "get",
        lambda w: {"pk": w.aanvraag.pk},
        {**COORDINATOR, "coordinator": 302},
    ),
    "trajecten:aanvraag_goedkeuren": ("get", lambda w: {"pk": w.aanvraag.pk}, {**COORDINATOR, "coordinator": 302}),
    "trajecten:aanvraag_afwijzen": ("get", lambda w: {"pk": w.aanvraag.pk}, COORDINATOR),
    "trajecten:aanvraag_intrekken": ("get", lambda w: {"pk": w.aanvraag.pk}, COORDINATOR),
    "trajecten:aanvraag_traject_starten": (
        "get",
        lambda w: {"pk": w.aanvraag.pk},
        {**COORDINATOR, "coordinator": 302},
    ),
    "trajecten:trajecten": ("get", geen_args, COORDINATOR),
    "trajecten:traject_starten": ("post", lambda w: {"pk": w.traject.pk}, {**COORDINATOR, "coordinator": 302}),
    "trajecten:traject_stoppen": ("post", lambda w: {"pk": w.traject.pk}, {**COORDINATOR, "coordinator": 302}),
    "trajecten:traject_afronden": ("post", lambda w: {"pk": w.traject.pk}, {**COORDINATOR, "coordinator": 302}),
    "trajecten:traject": (
        "get",
        lambda w: {"pk": w.traject.pk},
        WIE_HET_TRAJECT_ZIET,
    ),
    # The traject's history (loaded when scrolled to): staff who may see the traject; a deelnemer
    # sees the traject but not who changed what.
    "trajecten:traject_historie": (
        "get",
        lambda w: {"pk": w.traject.pk},
        {**WIE_HET_TRAJECT_ZIET, "deelnemer": 403},
    ),
    # A checklist row's date, note and history: for whoever may see the traject.
    "trajecten:voortgang_details": (
        "get",
        lambda w: {"pk": w.traject.pk, "voortgang_pk": w.traject.voortgang.first().pk},
        WIE_HET_TRAJECT_ZIET,
    ),
    # Checklist and hours: an empty POST re-shows the page with the errors (200) to those who
    # may change the traject; read-only viewers get 403, outsiders 404.
    "trajecten:voortgang_wijzig": (
        "post",
        lambda w: {"pk": w.traject.pk, "voortgang_pk": w.traject.voortgang.first().pk},
        WIE_HET_TRAJECT_WIJZIGT,
    ),
    "trajecten:uren_registreer": (
        "post",
        lambda w: {"pk": w.traject.pk},
        WIE_HET_TRAJECT_WIJZIGT,
    ),
    "trajecten:uren_csv": ("get", lambda w: {"pk": w.traject.pk}, COORDINATOR),
    "trajecten:urennormen": ("get", geen_args, COORDINATOR),
    # -- public pages and dashboard
    "aanmelden": ("get", geen_args, IEDEREEN),
    "aanmelden_bedankt": ("get", geen_args, IEDEREEN),
    # The language switch sends every visitor back (to "/" when no page is named).
    "set_language": ("post", geen_args, dict.fromkeys(PERSONAS, 302)),
    "trajecten:export": ("get", lambda w: {"soort": "aanvragen", "formaat": "xlsx"}, COORDINATOR),
    "trajecten:verhalen": ("get", geen_args, COORDINATOR),
    "trajecten:verhaal_nieuw": ("get", geen_args, COORDINATOR),
    "trajecten:verhaal": ("get", lambda w: {"pk": maak_verhaal().pk}, COORDINATOR),
    "trajecten:verhaal_publiceren": ("post", lambda w: {"pk": maak_verhaal().pk}, {**COORDINATOR, "coordinator": 302}),
    "trajecten:verhaal_offline": ("post", lambda w: {"pk": maak_verhaal().pk}, {**COORDINATOR, "coordinator": 302}),
    "trajecten:deelnemers": ("get", geen_args, COORDINATOR),
    "trajecten:deelnemer": ("get", lambda w: {"pk": w.traject.deelnemer_id}, COORDINATOR),
    "trajecten:deelnemer_toegangslog": ("get", lambda w: {"pk": w.traject.deelnemer_id}, COORDINATOR),
    "trajecten:deelnemer_avg_export": ("get", lambda w: {"pk": w.traject.deelnemer_id}, COORDINATOR),
    "trajecten:deelnemer_avg_export_json": ("get", lambda w: {"pk": w.traject.deelnemer_id}, COORDINATOR),
    "trajecten:bedrijven": ("get", geen_args, COORDINATOR),
    "trajecten:bedrijf": ("get", lambda w: {"pk": w.bedrijf.pk}, COORDINATOR),
    "trajecten:praktijkbegeleider": (
        "get",
        lambda w: {"pk": w.begeleider.praktijkbegeleider.pk},
        COORDINATOR,
    ),
    "trajecten:scholen": ("get", geen_args, COORDINATOR),
    "trajecten:school": ("get", lambda w: {"pk": w.school.pk}, COORDINATOR),
    "trajecten:beoordelaar": ("get", lambda w: {"pk": w.beoordelaar.beoordelaar.pk}, COORDINATOR),
    # -- people and organisations: create and edit pages, invitations
    "trajecten:deelnemer_nieuw": ("get", geen_args, COORDINATOR),
    "trajecten:deelnemer_wijzigen": ("get", lambda w: {"pk": w.traject.deelnemer_id}, COORDINATOR),
    "trajecten:deelnemer_login": (
        "post",
        lambda w: {"pk": w.traject.deelnemer_id},
        {**COORDINATOR, "coordinator": 302},
    ),
    "trajecten:bedrijf_nieuw": ("get", geen_args, COORDINATOR),
    "trajecten:bedrijf_wijzigen": ("get", lambda w: {"pk": w.bedrijf.pk}, COORDINATOR),
    "trajecten:praktijkbegeleider_nieuw": ("get", lambda w: {"pk": w.bedrijf.pk}, COORDINATOR),
    "trajecten:praktijkbegeleider_wijzigen": ("get", lambda w: {"pk": w.begeleider.praktijkbegeleider.pk}, COORDINATOR),
    "trajecten:school_nieuw": ("get", geen_args, COORDINATOR),
    "trajecten:school_wijzigen": ("get", lambda w: {"pk": w.school.pk}, COORDINATOR),
    "trajecten:beoordelaar_nieuw": ("get", lambda w: {"pk": w.school.pk}, COORDINATOR),
    "trajecten:beoordelaar_wijzigen": ("get", lambda w: {"pk": w.beoordelaar.beoordelaar.pk}, COORDINATOR),
    "trajecten:uitnodiging_opnieuw": ("post", lambda w: {"pk": w.begeleider.pk}, {**COORDINATOR, "coordinator": 302}),
    # -- praktijkverklaringen: a proposal (voorstel) or an issued one (uitgegeven) on w.traject
    "trajecten:verklaring_nieuw": ("get", lambda w: {"pk": w.traject.pk}, COORDINATOR),
    # The review page is for staff: every deelnemer gets 403 (they download from /mijn/).
    "trajecten:verklaring": (
        "get",
        lambda w: {"pk": een_verklaring(w).pk},
        {
            **alleen("coordinator", "begeleider", "beoordelaar"),
            "andere_begeleider": 404,
            "andere_beoordelaar": 404,
            "andere_deelnemer": 403,
        },
    ),
    # The beoordelaar approves (and so issues), then is sent back to the queue.
    "trajecten:verklaring_goedkeuren": (
        "post",
        lambda w: {"pk": voorstel(w).pk},
        {**alleen(), "beoordelaar": 302, "andere_beoordelaar": 404},
    ),
    # Without a reason the page comes back with the question (400).
    "trajecten:verklaring_terugsturen": (
        "post",
        lambda w: {"pk": voorstel(w).pk},
        {**alleen(), "beoordelaar": 400, "andere_beoordelaar": 404},
    ),
    "trajecten:verklaring_intrekken": ("post", lambda w: {"pk": geef_uit(w).pk}, {**alleen(), "coordinator": 400}),
    "trajecten:verklaring_vervangen": ("get", lambda w: {"pk": een_uitgegeven_verklaring(w).pk}, COORDINATOR),
    "trajecten:verklaring_pdf": (
        "get",
        lambda w: {"pk": een_uitgegeven_verklaring(w).pk},
        {
            **alleen("coordinator", "begeleider", "beoordelaar", "deelnemer"),
            "andere_begeleider": 404,
            "andere_beoordelaar": 404,
            "andere_deelnemer": 404,
        },
    ),
    # Public: the address printed on the verklaring.
    "trajecten:verificatie_zoek": ("get", geen_args, IEDEREEN),
    "trajecten:verificatie": ("get", lambda w: {"code": een_uitgegeven_verklaring(w).verificatiecode}, IEDEREEN),
}


def all_url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every named URL of the project, with its namespace; the Django admin is left out."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            child_ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_url_names(pattern, child_ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_an_expectation():
    missing = all_url_names() - set(MATRIX)
    assert not missing, f"URLs without a row in the role × URL matrix: {sorted(missing)}"


def test_matrix_has_no_stale_rows():
    assert not set(MATRIX) - all_url_names()


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_role_url_matrix(world, url_name):
    method, make_kwargs, expectations = MATRIX[url_name]
    url = reverse(url_name, kwargs=make_kwargs(world))
    unexpected = {}
    for persona in PERSONAS:
        client = client_voor(world, persona)
        response = getattr(client, method)(url)
        if response.status_code != expectations[persona]:
            unexpected[persona] = (response.status_code, expectations[persona])
        if (
            persona == "anoniem"
            and expectations[persona] == ANONIEM_NAAR_LOGIN
            and url_name not in ("logout", "set_language")
        ):
            assert response["Location"].startswith(reverse("login")), url_name
    assert not unexpected, f"{url} (got, expected): {unexpected}"


def test_admin_is_for_superusers_only(world):
    for persona in PERSONAS:
        response = client_voor(world, persona).get(reverse("admin:index"))
        if persona == "superuser":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, persona
