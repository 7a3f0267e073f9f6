"""Forms for hours: one week of hours on a traject, and the coördinator's norms per doelgroep."""

import datetime
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from trajecten.models import Deelnemer, Traject, UrenNorm, maandag_van


class UrenForm(forms.Form):
    """Any day of the week picks the week; the model stores its Monday."""

    week = forms.DateField(
        label=_("Week (kies een dag in die week)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Kies een dag in de week."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 14-10-2026."),
        },
    )
    uren = forms.DecimalField(
        label=_("Uren in die week"),
        min_value=0,
        max_value=80,
        max_digits=4,
        decimal_places=1,
        # A text input with a decimal keypad: a number input would refuse the Dutch "24,5".
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": _("Vul het aantal uren in."),
            "invalid": _("Vul een getal in, bijvoorbeeld 24 of 24,5."),
            "min_value": _("Het aantal uren kan niet negatief zijn."),
            "max_value": _("Hoogstens 80 uur per week."),
            "max_decimal_places": _("Gebruik hoogstens één cijfer achter de komma."),
            "max_digits": _("Hoogstens 80 uur per week."),
        },
    )
    notitie = forms.CharField(label=_("Notitie (niet verplicht)"), required=False, max_length=200)

    def __init__(self, *args, traject: Traject, **kwargs) -> None:
        kwargs.setdefault("initial", {"week": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.traject = traject

    @property
    def week_waarde(self) -> str:
        """The week field's value as its date input shows it: what was typed, or the initial day."""
        veld = self["week"]
        return veld.field.widget.format_value(veld.value()) or ""

    def clean_week(self) -> datetime.date:
        week = self.cleaned_data["week"]
        if maandag_van(week) > maandag_van(timezone.localdate()):
            raise forms.ValidationError(_("Deze week is nog niet begonnen. Kies deze week of een eerdere week."))
        if maandag_van(week) < maandag_van(self.traject.startdatum):
            raise forms.ValidationError(
                _("Deze week ligt voor de start van het traject (%(start)s).")
                % {"start": date_format(self.traject.startdatum, "j F Y")}
            )
        if self.traject.einddatum and maandag_van(week) > maandag_van(self.traject.einddatum):
            raise forms.ValidationError(
                _("Deze week ligt na het einde van het traject (%(eind)s).")
                % {"eind": date_format(self.traject.einddatum, "j F Y")}
            )
        return maandag_van(week)

    def clean(self) -> dict:
        # Attendance records back subsidy claims: only a running traject collects hours.
        if self.traject.status != Traject.Status.ACTIEF:
            raise forms.ValidationError(_("Uren kunnen alleen bij een actief traject worden geregistreerd."))
        return super().clean()


class UrenNormForm(forms.Form):
    """One optional field per doelgroep; empty means: no norm for that doelgroep."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        huidig = dict(UrenNorm.objects.values_list("doelgroep", "uren_per_week"))
        for doelgroep, label in Deelnemer.Doelgroep.choices:
            self.fields[doelgroep] = forms.DecimalField(
                label=_("%(doelgroep)s: uren per week") % {"doelgroep": str(label).capitalize()},
                required=False,
                min_value=0,
                max_value=80,
                max_digits=4,
                decimal_places=1,
                initial=huidig.get(doelgroep),
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                error_messages={
                    "invalid": _("Vul een getal in, bijvoorbeeld 16 of 16,5."),
                    "min_value": _("Het aantal uren kan niet negatief zijn."),
                    "max_value": _("Hoogstens 80 uur per week."),
                    "max_decimal_places": _("Gebruik hoogstens één cijfer achter de komma."),
                    "max_digits": _("Hoogstens 80 uur per week."),
                },
                help_text=_("Leeg laten als er voor deze doelgroep geen norm is."),
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("opslaan", _("Normen opslaan"), css_class="btn-pw tap-target"))

    def normen(self) -> dict[str, Decimal | None]:
        return {doelgroep: self.cleaned_data.get(doelgroep) for doelgroep in Deelnemer.Doelgroep.values}
