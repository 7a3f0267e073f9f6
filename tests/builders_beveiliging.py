"""Walking every page of the role × URL matrix, for the generic security tests."""

from django.db import transaction
from django.urls import reverse

from tests.test_permissions import MATRIX


def pagina_urls(world, persona: str) -> list[tuple[str, str]]:
    """(url name, address) of every GET page that ``persona`` may open.

    Some rows build their object on the fly (an issued verklaring); building a second one on the
    same world can be refused, so such a row is left out rather than failing the walk.
    """
    urls = []
    for naam, (methode, maak_kwargs, verwacht) in sorted(MATRIX.items()):
        if methode != "get" or verwacht.get(persona) != 200:
            continue
        try:
            with transaction.atomic():
                kwargs = maak_kwargs(world)
        except Exception:  # noqa: BLE001, S112 - see the docstring
            continue
        urls.append((naam, reverse(naam, kwargs=kwargs)))
    return urls
