from django.utils.translation import gettext_lazy as _


class OvergangNietToegestaan(Exception):
    """A state change that is not allowed from the object's current state.

    The message is Dutch and meant for the user; views show it as an error message.
    """

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("Deze stap is niet mogelijk in de huidige status."))
