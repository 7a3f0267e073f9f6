from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectenConfig(AppConfig):
    name = "trajecten"
    verbose_name = _("Trajecten")

    def ready(self) -> None:
        from praktijkwijs import cacheversie

        from .models import Aanvraag, Bedrijf, Deelnemer, Praktijkbegeleider, Traject

        # The overviews' counts per status and per signal (views.aanvragen, views.trajecten): what
        # they count, and what their filters and name search read.
        for model in (Aanvraag, Deelnemer, Bedrijf):
            cacheversie.volg(model, "aanvragen")
        for model in (Traject, Deelnemer):
            cacheversie.volg(model, "trajecten")
        # The filter bars' choices (bedrijven, begeleiders; vakvaardigheden: werkopdrachten.apps).
        for model in (Bedrijf, Praktijkbegeleider):
            cacheversie.volg(model, "filterkeuzes")
