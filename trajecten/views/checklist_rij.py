"""The markup of one checklist row, filled in by Python.

The checklist is the page begeleiders use all day, and its rows were most of its rendering: the
template engine took ~115 µs for a row's twenty values and conditions (2.3 ms of a traject of 20
rows, on round 12's slow machine), this function ~20 µs. So the row is filled in here, for the
page and for the htmx answer to a tap alike; the rest of the page, and a row's date, note and
history (``checklist_details``), stay in ``trajecten/traject_detail.html``.

Every value is escaped where it is filled in, the labels once per response.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trajecten.models import Voortgang

RIJ_HTML = """<li id="rij-{sleutel}" class="checklist-rij checklist-{status}"{oob}>
  <div class="checklist-kop">
    <span class="checklist-icoon" aria-hidden="true">{icoon}</span>
    <div class="checklist-titel">
      <span class="fw-semibold" id="titel-{sleutel}">{titel}</span>
      <span class="d-block small">{stand}</span>{notitie}
    </div>
  </div>{knoppen}
  <details{details}>
    <summary>{details_label}</summary>
    <div class="checklist-details">{details_inhoud}</div>
  </details>
</li>"""

# A button per step, each sending its status to its row's address (formaction), also without
# JavaScript. They belong to the checklist's one form (form=), which holds the CSRF token: a
# form and a token per row were a tenth of the page's bytes.
KNOP_HTML = (
    '\n    <button type="submit" form="checklist-knoppen" formaction="{actie}" name="status" value="{status}"'
    ' class="btn {stijl}"{extra}>{label}<span class="visually-hidden">: {titel}</span></button>'
)

# Closed details load their date, note and history when opened (htmx), or link to their own page
# without JavaScript. hx-disinherit: the form that comes in must not take this element's target.
DETAILS_LADEN = (
    ' hx-get="{url}" hx-trigger="toggle once" hx-target="find .checklist-details" hx-swap="innerHTML" hx-disinherit="*"'
)

ICOON = {Voortgang.Status.BEHEERST: "✔", Voortgang.Status.BEZIG: "◐", Voortgang.Status.NOG_NIET: "○"}


def rij_labels() -> dict[str, str]:
    """The texts every row repeats, translated and escaped once per response."""
    labels = {
        "beheerst": _("Beheerst"),
        "bezig": _("Bezig"),
        "nog_niet": _("Nog niet"),
        "intake": _("al bij de intake"),
        "ongedaan": _("Ongedaan maken"),
        "details": _("Datum, notitie en geschiedenis"),
        "geschiedenis": _("Geschiedenis"),
    }
    return {naam: escape(tekst) for naam, tekst in labels.items()}


def rij_html(rij: Voortgang, labels: dict[str, str], *, kan_wijzigen: bool, oob: bool, details: str = "") -> SafeString:
    """One row as ``bereid_rijen_voor`` and ``checklist_context`` prepared it. ``details``: the
    rendered date, note and history, for the row whose details are open (``rij.details_open``)."""
    titel, actie = escape(rij.werkopdracht.titel), escape(rij.actie)
    if rij.status == Voortgang.Status.BEHEERST:
        stand = escape(rij.beheerst_tekst) + (f" · {labels['intake']}" if rij.bij_intake else "")
    else:  # "bezig" and "nog_niet" show their own label
        stand = labels[rij.status]
    knoppen = ""
    if kan_wijzigen:

        def knop(status: str, stijl: str, label: str, extra: str = "") -> str:
            return KNOP_HTML.format(actie=actie, status=status, stijl=stijl, extra=extra, label=label, titel=titel)

        if rij.status != Voortgang.Status.BEHEERST:
            sleutel = escape(rij.sleutel)
            knoppen += knop("beheerst", "btn-success", f"✔ {labels['beheerst']}", f' id="beheerst-{sleutel}"')
        if rij.status == Voortgang.Status.NOG_NIET:
            knoppen += knop("bezig", "btn-outline-secondary", labels["bezig"])
        if rij.status != Voortgang.Status.NOG_NIET:
            knoppen += knop(escape(rij.vorige_status), "btn-outline-danger", f"↶ {labels['ongedaan']}")
        knoppen = f'\n  <div class="checklist-knoppen">{knoppen}\n  </div>'
    details_label = labels["details"] if kan_wijzigen else labels["geschiedenis"]
    if rij.details_open:
        details_attributen, details_inhoud = " open", details
    else:
        details_url = escape(rij.details_url)
        details_attributen = DETAILS_LADEN.format(url=details_url)
        details_inhoud = f'<a href="{details_url}">{details_label}</a>'
    return mark_safe(  # noqa: S308 - every value is escaped above; the markup is ours
        RIJ_HTML.format(
            sleutel=escape(rij.sleutel),
            status=escape(rij.status),
            oob=' hx-swap-oob="true"' if oob else "",
            icoon=ICOON.get(rij.status, ""),
            titel=titel,
            stand=stand,
            notitie=f'\n      <span class="d-block small text-body-secondary">{escape(rij.notitie)}</span>'
            if rij.notitie
            else "",
            knoppen=knoppen,
            details=details_attributen,
            details_label=details_label,
            details_inhoud=details_inhoud,
        )
    )
