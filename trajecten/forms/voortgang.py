"""The form behind a tap on the checklist: a new state for one werkopdracht, with a date and a note."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from trajecten.models import Traject, Voortgang


class VoortgangForm(forms.Form):
    """Validates only; the view hands ``cleaned_data`` to ``Voortgang.zet_status``.

    Rendered by hand in the checklist (not with crispy): one werkopdracht can appear under
    several werkprocessen, so the field ids are made per occurrence in the template.
    """

    status = forms.ChoiceField(
        label=_("Status"),
        choices=Voortgang.Status.choices,
        error_messages={
            "required": _("Kies een status."),
            "invalid_choice": _("Kies nog niet, bezig of beheerst."),
        },
    )
    datum = forms.DateField(
        label=_("Beheerst sinds"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 14-10-2026.")},
    )
    notitie = forms.CharField(
        label=_("Notitie"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("De notitie is te lang (hoogstens %(limit_value)d tekens).")},
    )

    def __init__(self, *args, traject: Traject, voortgang: Voortgang | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.traject = traject
        self.voortgang = voortgang

    def clean_datum(self) -> datetime.date | None:
        datum = self.cleaned_data["datum"]
        if datum is None:
            return None
        if self.voortgang is not None and datum == self.voortgang.afgetekend_op:
            # Unchanged, e.g. "al beheerst bij intake" dated before the start: saving a note
            # must not fail on a date nobody touched.
            return datum
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De datum ligt in de toekomst. Kies vandaag of een eerdere dag."))
        if datum < self.traject.startdatum:
            raise forms.ValidationError(
                _("De datum ligt voor de start van het traject (%(start)s).")
                % {"start": date_format(self.traject.startdatum, "j F Y")}
            )
        return datum

    def clean_notitie(self) -> str | None:
        # A quick tap sends no note at all: keep the note the row already has.
        if "notitie" not in self.data:
            return None
        return self.cleaned_data["notitie"].strip()
