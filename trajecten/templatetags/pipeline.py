"""Template helpers of the coördinator's pipeline pages (aanvragen, trajecten overview)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from praktijkwijs.lijsten import lokale_tijd

register = template.Library()


@register.simple_tag(takes_context=True)
def sorteerkop(context, kolom: str, label: str) -> str:
    """A column heading that sorts by ``kolom``; a second click reverses the order.

    A plain link (shareable address) that htmx follows in place.
    """
    request = context["request"]
    huidig = context.get("sortering", "")
    nieuw = f"-{kolom}" if huidig == kolom else kolom
    params = request.GET.copy()
    params["sorteer"] = nieuw
    params.pop("pagina", None)
    href = f"?{params.urlencode()}"
    if huidig == kolom:
        pijl, aria = " ▲", _("oplopend gesorteerd")
    elif huidig == f"-{kolom}":
        pijl, aria = " ▼", _("aflopend gesorteerd")
    else:
        pijl, aria = "", ""
    return format_html(
        '<a href="{}" hx-get="{}" class="link-body-emphasis text-decoration-none">{}{}</a>{}',
        href,
        href,
        label,
        pijl,
        format_html(' <span class="visually-hidden">({})</span>', aria) if aria else "",
    )


@register.simple_tag
def traject_wijzigingen(traject):
    """The traject's history with who did it, in one query (for the traject page's timeline),
    each with its state labels and local time ready (a get_…_display per entry rebuilds the
    choices every time)."""
    from trajecten.models import Traject

    labels = dict(Traject.Status.choices)
    wijzigingen = list(traject.wijzigingen.select_related("door"))
    lokaal = lokale_tijd()
    for wijziging in wijzigingen:
        wijziging.van_label = labels.get(wijziging.van_status, wijziging.van_status)
        wijziging.naar_label = labels.get(wijziging.naar_status, wijziging.naar_status)
        wijziging.lokaal_op = lokaal(wijziging.op)
    return wijzigingen
