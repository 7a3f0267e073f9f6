"""Cached figures that must change as soon as a table changes.

A figure over a whole table, or over what a filter or search selects from it (the aanvragen per
status, the trajecten per signal), costs a scan of up to tens of thousands of rows, on every
view of a list page. Cached under a *version* of the data it reads, it is computed once per
change instead: every save or delete of a row of the tables ``volg`` names, and every change of
their many-to-many relations, gives the data a new version, so the next view computes the
figure afresh and nobody sees an old count.

The new version is set twice: at once, so the process that changed the row sees its change,
and again when the transaction commits, so a figure computed by another request between the
change and the commit (from the data before it) is never read again.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# Safety net for changes that send no signal (QuerySet.update, raw SQL): at most this old.
TIMEOUT = 300


def _versie_sleutel(naam: str) -> str:
    return f"cacheversie:{naam}"


def versie(naam: str) -> str:
    """The current version of ``naam``; a fresh one when the cache lost it."""
    huidig = cache.get(_versie_sleutel(naam))
    if huidig is None:
        huidig = uuid.uuid4().hex
        cache.set(_versie_sleutel(naam), huidig, timeout=None)
    return huidig


def verouder(naam: str) -> None:
    """Every figure cached under ``naam`` is out of date, now and when the transaction commits."""
    nieuw = lambda: cache.set(_versie_sleutel(naam), uuid.uuid4().hex, timeout=None)  # noqa: E731
    nieuw()
    transaction.on_commit(nieuw)


def onthoud(naam: str, sleutel: str, bereken: Callable[[], Any]) -> Any:
    """``bereken()``, cached until ``naam`` changes."""
    cache_key = f"cachewaarde:{naam}:{versie(naam)}:{sleutel}"
    waarde = cache.get(cache_key)
    if waarde is None:
        waarde = bereken()
        cache.set(cache_key, waarde, TIMEOUT)
    return waarde


def volg(model: type[models.Model], naam: str) -> None:
    """Give ``naam`` a new version whenever a row of ``model`` is saved or deleted, or one of its
    many-to-many relations changes."""

    def veranderd(**kwargs) -> None:
        verouder(naam)

    uid = f"cacheversie:{naam}:{model._meta.label}"
    # weak=False: the receiver is this local function; nothing else keeps it alive.
    post_save.connect(veranderd, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(veranderd, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
    for veld in model._meta.many_to_many:
        m2m_changed.connect(veranderd, sender=veld.remote_field.through, weak=False, dispatch_uid=f"{uid}:{veld.name}")


def sleutel_van(waarden: dict) -> str:
    """A cache key part for a set of filter values (order-independent, any length)."""
    # A chosen object by its pk: two with the same name must not share counts.
    gezet = {naam: str(getattr(waarde, "pk", waarde)) for naam, waarde in waarden.items() if waarde not in (None, "")}
    tekst = repr(sorted(gezet.items()))
    return hashlib.sha256(tekst.encode()).hexdigest()
