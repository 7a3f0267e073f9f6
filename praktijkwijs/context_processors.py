from django.conf import settings
from django.http import HttpRequest
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


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    rol = user.rol if user is not None and user.is_authenticated else ""
    return {"navigatie": NAVIGATIE.get(rol, []), "DEMO_MODE": settings.DEMO_MODE}
