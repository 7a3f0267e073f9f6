from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkopdrachtenConfig(AppConfig):
    name = "werkopdrachten"
    verbose_name = _("Catalogus")

    def ready(self) -> None:
        from praktijkwijs import cacheversie

        from .models import Vakvaardigheid

        # The filter bars that list vakvaardigheden are rendered once per change of what they list.
        cacheversie.volg(Vakvaardigheid, "filterkeuzes")
