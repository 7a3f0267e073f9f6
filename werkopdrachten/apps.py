from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkopdrachtenConfig(AppConfig):
    name = "werkopdrachten"
    verbose_name = _("Catalogus")
