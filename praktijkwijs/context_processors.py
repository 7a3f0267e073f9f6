import functools

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

# Navigation per role: (url name, label). One place, so every page shows the same menu.
NAVIGATIE = {
    "coordinator": [
        ("overzicht", _("Overzicht")),
        ("trajecten:aanvragen", _("Aanvragen")),
        ("trajecten:trajecten", _("Trajecten")),
        ("trajecten:deelnemers", _("Deelnemers")),
        ("trajecten:bedrijven", _("Bedrijven")),
        ("trajecten:scholen", _("Scholen")),
        ("werkopdrachten:catalogus", _("Catalogus")),
    ],
    "begeleider": [("begeleiding", _("Mijn deelnemers"))],
    "beoordelaar": [("beoordelen", _("Beoordelen"))],
    "deelnemer": [("mijn", _("Mijn voortgang"))],
}


@functools.cache
def _menu(rol: str, script_prefix: str) -> list[tuple[str, str]]:
    """(address, label) per item; reversed once per role, not on every page (a reverse() per item
    was a third of the base layout's rendering time)."""
    return [(reverse(url_name), label) for url_name, label in NAVIGATIE.get(rol, [])]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    rol = user.rol if user is not None and user.is_authenticated else ""
    return {"navigatie": _menu(rol, get_script_prefix()), "DEMO_MODE": settings.DEMO_MODE}
