from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectenConfig(AppConfig):
    name = "trajecten"
    verbose_name = _("Trajecten")

    def ready(self) -> None:
        from praktijkwijs import cacheversie

        from .models import Aanvraag, Traject

        # The overviews' counts per status and per signal (views.aanvragen, views.trajecten).
        cacheversie.volg(Aanvraag, "aanvragen")
        cacheversie.volg(Traject, "trajecten")
