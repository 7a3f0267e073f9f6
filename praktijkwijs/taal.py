"""Which language a page is shown in."""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class NederlandsTenzijGekozenMiddleware(LocaleMiddleware):
    """Dutch, unless the visitor chose another language with the switch (the language cookie).

    Django's own LocaleMiddleware also follows the browser's Accept-Language. Here it does not:
    only the public pages and the deelnemer's pages are translated, so a staff member whose
    browser asks for English would get pages that are half English, half Dutch.
    """

    def process_request(self, request: HttpRequest) -> None:
        taal = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if taal not in dict(settings.LANGUAGES):
            taal = settings.LANGUAGE_CODE
        translation.activate(taal)
        request.LANGUAGE_CODE = translation.get_language()
