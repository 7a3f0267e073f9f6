"""Helpers for pages with many rows, where what costs little once costs much 25-50 times."""

from collections.abc import Callable

from django.urls import reverse

# A number no real pk path contains twice: the place of the pk in a reversed URL.
_MERKTEKEN = 987654321


def url_per_pk(naam: str) -> Callable[[int], str]:
    """The URL of ``naam`` for a pk, with one ``reverse()`` for the whole list instead of one per
    row (about 80 µs each on this hardware: 2 ms for a page of 25 rows)."""
    voor, _, na = reverse(naam, args=[_MERKTEKEN]).rpartition(str(_MERKTEKEN))
    return lambda pk: f"{voor}{pk}{na}"
