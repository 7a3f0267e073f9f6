"""Forms of the coördinator's dashboard and the success stories."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trajecten.models import GenoemdPersoon, Succesverhaal
from trajecten.rapportage import Periode

from .widgets import DatumInput, LazyKeuzes, SnelleSelect, bedrijf_keuzes


class PeriodeForm(forms.Form):
    """The period filter of the dashboard and the exports (GET). Both ends are optional."""

    van = forms.DateField(label=_("Van"), required=False, widget=DatumInput)
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=DatumInput)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            raise ValidationError(_("De begindatum ligt na de einddatum."))
        return data

    def periode(self) -> Periode:
        """The chosen period; the whole history when the form is empty or wrong."""
        if not self.is_bound or not self.is_valid():
            return Periode()
        return Periode(van=self.cleaned_data.get("van"), tot=self.cleaned_data.get("tot"))


class SuccesverhaalForm(forms.ModelForm):
    class Meta:
        model = Succesverhaal
        fields = ["titel", "tekst", "bedrijf"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 8}), "bedrijf": SnelleSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bedrijf = self.fields["bedrijf"]
        bedrijf.widget.choices = LazyKeuzes(bedrijf.empty_label, bedrijf_keuzes)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class GenoemdPersoonForm(forms.ModelForm):
    class Meta:
        model = GenoemdPersoon
        fields = ["naam", "toestemming"]


GenoemdePersonenFormSet = forms.inlineformset_factory(
    Succesverhaal,
    GenoemdPersoon,
    form=GenoemdPersoonForm,
    extra=2,
    can_delete=True,
)
