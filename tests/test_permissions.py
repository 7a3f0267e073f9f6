"""The role × URL matrix: every URL of the app, for every persona, answers as expected.

Adding a URL without a row here fails ``test_every_url_has_an_expectation``. A row names
how to build the URL's arguments from the test world, the HTTP method, and the status code
each persona gets. 302 for the anonymous visitor means "sent to the login page".
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS, client_voor

ANONIEM_NAAR_LOGIN = 302

# Shorthands for the common shapes.
IEDEREEN = dict.fromkeys(PERSONAS, 200)


def alleen(*personas: str, anders: int = 403, anoniem: int = ANONIEM_NAAR_LOGIN) -> dict[str, int]:
    expectations = {persona: (200 if persona in personas else anders) for persona in PERSONAS}
    expectations["anoniem"] = anoniem
    return expectations


COORDINATOR = alleen("coordinator")


def geen_args(w):
    return {}


# url name: (method, kwargs from world, {persona: status})
MATRIX = {
    "landing": ("get", geen_args, IEDEREEN),
    "login": ("get", geen_args, {**dict.fromkeys(PERSONAS, 302), "anoniem": 200}),
    "logout": ("post", geen_args, dict.fromkeys(PERSONAS, 302)),
    "home": (
        "get",
        geen_args,
        {**dict.fromkeys(PERSONAS, 302), "anoniem": ANONIEM_NAAR_LOGIN},
    ),
    "overzicht": ("get", geen_args, COORDINATOR),
    "begeleiding": ("get", geen_args, alleen("begeleider", "andere_begeleider")),
    "beoordelen": ("get", geen_args, alleen("beoordelaar")),
    "mijn": ("get", geen_args, alleen("deelnemer")),
    "werkopdrachten:catalogus": ("get", geen_args, COORDINATOR),
    "werkopdrachten:kwalificatie": ("get", lambda w: {"pk": w.vakvaardigheid.kwalificatie_id}, COORDINATOR),
    "werkopdrachten:vakvaardigheid": ("get", lambda w: {"pk": w.vakvaardigheid.pk}, COORDINATOR),
    "trajecten:aanvragen": ("get", geen_args, COORDINATOR),
    "trajecten:aanvraag": ("get", lambda w: {"pk": w.aanvraag.pk}, COORDINATOR),
    "trajecten:trajecten": ("get", geen_args, COORDINATOR),
    "trajecten:traject": (
        "get",
        lambda w: {"pk": w.traject.pk},
        {
            "anoniem": ANONIEM_NAAR_LOGIN,
            "coordinator": 200,
            "begeleider": 200,
            "andere_begeleider": 404,
            "beoordelaar": 200,
            "deelnemer": 200,
            "superuser": 403,
        },
    ),
    "trajecten:deelnemers": ("get", geen_args, COORDINATOR),
    "trajecten:deelnemer": ("get", lambda w: {"pk": w.traject.deelnemer_id}, COORDINATOR),
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
        if persona == "anoniem" and expectations[persona] == ANONIEM_NAAR_LOGIN and url_name not in ("logout",):
            assert response["Location"].startswith(reverse("login")), url_name
    assert not unexpected, f"{url} (got, expected): {unexpected}"


def test_admin_is_for_superusers_only(world):
    for persona in PERSONAS:
        response = client_voor(world, persona).get(reverse("admin:index"))
        if persona == "superuser":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, persona
