"""Forms of the praktijkverklaring: propose (or replace), a reason, the verification page."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from werkopdrachten.models import Werkproces

MAX_PDF_GROOTTE = 5 * 1024 * 1024  # a verklaring is ~50 kB; anything this large is not ours


def _helper() -> FormHelper:
    """Crispy renders the fields; the template writes the <form> tag."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class VerklaringVoorstelForm(forms.Form):
    """The coördinator's proposal. Only mastered werkprocessen are choices; the template lists
    the others, disabled, with what is still missing."""

    werkprocessen = forms.ModelMultipleChoiceField(
        label=_("Werkprocessen op de verklaring"),
        queryset=Werkproces.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één beheerst werkproces.")},
    )
    samenvattend_oordeel = forms.CharField(
        label=_("Samenvattend oordeel van de praktijkbegeleider"),
        help_text=_("Kort: wat kan de deelnemer zelfstandig, en hoe is dat beoordeeld? De beoordelaar leest dit."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    vervangreden = forms.CharField(
        label=_("Waarom wordt de verklaring vervangen?"),
        help_text=_("De oude verklaring wordt ingetrokken met deze reden zodra de nieuwe is uitgegeven."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def __init__(self, *args, beheerst_ids: set[int], vervanging: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["werkprocessen"].queryset = Werkproces.objects.filter(pk__in=beheerst_ids)
        if not vervanging:
            del self.fields["vervangreden"]
        self.helper = _helper()

    def clean_werkprocessen(self):
        werkprocessen = self.cleaned_data["werkprocessen"]
        if len({wp.kwalificatie_id for wp in werkprocessen}) > 1:
            raise forms.ValidationError(
                _("Kies werkprocessen van één kwalificatie: elke kwalificatie krijgt een eigen verklaring.")
            )
        return werkprocessen


class RedenForm(forms.Form):
    """A reason, for sending a proposal back or revoking an issued verklaring."""

    reden = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, label=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reden"].label = label
        self.helper = _helper()


class VerificatieZoekForm(forms.Form):
    code = forms.CharField(
        label=_("Controlecode"),
        help_text=_("De code staat onder de QR-code op de verklaring, bijvoorbeeld ABCD-EFGH-…"),
        max_length=60,
    )


class PdfControleForm(forms.Form):
    """Upload a PDF to hear whether it is exactly the registered document."""

    bestand = forms.FileField(
        label=_("PDF-bestand van de verklaring"),
        help_text=_("Alleen PDF, hoogstens 5 MB. Het bestand wordt niet bewaard."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_PDF_GROOTTE:
            raise forms.ValidationError(_("Dit bestand is te groot. Een verklaring is kleiner dan 5 MB."))
        bestand.seek(0)
        begin = bestand.read(5)
        bestand.seek(0)
        # By the content, not the name or the browser's content type: both are easily wrong.
        if begin != b"%PDF-":
            raise forms.ValidationError(_("Dit is geen PDF-bestand."))
        return bestand
