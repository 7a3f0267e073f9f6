"""Dates for lists: ``{{ d|kort }}`` is ``{{ d|date:"j M Y" }}``, ``{{ d|kort_met_tijd }}`` is
``{{ d|date:"j M Y H:i" }}``, ``{{ d|dag_kort }}`` is ``{{ d|date:"j M" }}``, ``{{ d|dag_kort_tijd }}`` is
``{{ d|date:"j M H:i" }}``, ``{{ d|dag_maand }}`` is ``{{ d|date:"j F" }}`` and ``{{ d|lang }}`` is
``{{ d|date:"j F Y" }}``, with the same (translated) month names.

Django's ``date`` filter parses its format and translates the month name on every call, about
60 µs on this hardware; a list of 25 rows with two dates each paid 3 ms for it. These look the
month names up once per language.
"""

import functools

from django import template
from django.utils import translation
from django.utils.dates import MONTHS, MONTHS_3

register = template.Library()


@functools.cache
def _maanden(taal: str, *, kort: bool) -> tuple[str, ...]:
    """The month names of ``taal``: short as Django's "M" prints them (.title()), or full as "F"."""
    with translation.override(taal):
        if kort:
            return ("", *(str(MONTHS_3[maand]).title() for maand in range(1, 13)))
        return ("", *(str(MONTHS[maand]) for maand in range(1, 13)))


# expects_localtime: a datetime arrives in the current time zone, as it does for |date.
@register.filter(expects_localtime=True)
def dag_kort(waarde) -> str:
    if not waarde:
        return ""
    return f"{waarde.day} {_maanden(translation.get_language(), kort=True)[waarde.month]}"


@register.filter(expects_localtime=True)
def kort(waarde) -> str:
    if not waarde:
        return ""
    return f"{dag_kort(waarde)} {waarde.year}"


@register.filter(expects_localtime=True)
def kort_met_tijd(waarde) -> str:
    if not waarde:
        return ""
    return f"{kort(waarde)} {waarde:%H:%M}"


@register.filter(expects_localtime=True)
def dag_kort_tijd(waarde) -> str:
    if not waarde:
        return ""
    return f"{dag_kort(waarde)} {waarde:%H:%M}"


@register.filter(expects_localtime=True)
def dag_maand(waarde) -> str:
    if not waarde:
        return ""
    return f"{waarde.day} {_maanden(translation.get_language(), kort=False)[waarde.month]}"


@register.filter(expects_localtime=True)
def lang(waarde) -> str:
    if not waarde:
        return ""
    return f"{dag_maand(waarde)} {waarde.year}"
