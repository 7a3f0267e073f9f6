from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PraktijkwijsConfig(AppConfig):
    name = "praktijkwijs"
    verbose_name = _("PraktijkWijs")

    def ready(self) -> None:
        # Login signal receivers and the deploy checks.
        from praktijkwijs import beveiliging  # noqa: F401
