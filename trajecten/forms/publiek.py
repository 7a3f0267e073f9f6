"""The public aanmelden form: an employer, a referrer or a would-be deelnemer submits an aanvraag."""

import datetime
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajecten.models import Deelnemer
from werkopdrachten.models import Vakvaardigheid

from .widgets import DatumInput

MINIMALE_LEEFTIJD = 16
TELEFOON = re.compile(r"^\+?[0-9 ()-]{10,20}$")


class AanmeldenForm(forms.Form):
    """What the programme office needs to call back and plan an intake; nothing more."""

    WIE = [
        (Deelnemer.Verwijzer.ZELF, _("Ik wil zelf meedoen")),
        (Deelnemer.Verwijzer.WERKGEVER, _("Ik ben werkgever")),
        (Deelnemer.Verwijzer.GEMEENTE, _("Ik werk bij een gemeente")),
        (Deelnemer.Verwijzer.UWV, _("Ik werk bij het UWV")),
        (Deelnemer.Verwijzer.SW_BEDRIJF, _("Ik werk bij een sociaal werkbedrijf")),
        (Deelnemer.Verwijzer.SCHOOL, _("Ik werk bij een school")),
    ]

    wie = forms.ChoiceField(label=_("Wie meldt aan?"), choices=WIE, widget=forms.RadioSelect)
    voornamen = forms.CharField(label=_("Voornaam"), max_length=100)
    tussenvoegsel = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=100)
    geboortedatum = forms.DateField(label=_("Geboortedatum"), widget=DatumInput)
    geboorteplaats = forms.CharField(label=_("Geboorteplaats"), max_length=100)
    gemeente = forms.CharField(label=_("Woonplaats (gemeente)"), max_length=100)
    telefoon = forms.CharField(label=_("Telefoonnummer"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    doelgroep = forms.ChoiceField(
        label=_("Wat past het best?"),
        choices=[
            (Deelnemer.Doelgroep.WERKZOEKENDE, _("Ik zoek werk")),
            (Deelnemer.Doelgroep.WERKNEMER, _("Ik heb werk en wil meer leren")),
            (Deelnemer.Doelgroep.INBURGERAAR, _("Ik ben inburgeraar")),
            (Deelnemer.Doelgroep.SCHOOLVERLATER, _("Ik ben gestopt met school, zonder diploma")),
            (Deelnemer.Doelgroep.ANDERS, _("Iets anders")),
        ],
        widget=forms.RadioSelect,
    )
    vakvaardigheden = forms.ModelMultipleChoiceField(
        label=_("Welk werk wil je leren?"),
        queryset=Vakvaardigheid.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Weet je het nog niet? Dan kies je niets. We bespreken het samen."),
    )
    toelichting = forms.CharField(
        label=_("Wil je nog iets vertellen?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bijvoorbeeld: wanneer je kunt beginnen, of welk bedrijf je al kent."),
    )
    aanmelder_naam = forms.CharField(label=_("Uw naam"), max_length=200, required=False)
    aanmelder_organisatie = forms.CharField(label=_("Uw organisatie"), max_length=200, required=False)
    aanmelder_email = forms.EmailField(label=_("Uw e-mailadres"), required=False)
    toestemming = forms.BooleanField(
        label=_("Ik vind het goed dat het programmabureau deze gegevens gebruikt om contact op te nemen."),
    )
    # Honeypot: hidden from people (and screen readers), filled in by spam robots.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vakvaardigheden"].queryset = Vakvaardigheid.objects.filter(actief=True).order_by("naam")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["telefoon"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["voornamen"].widget.attrs.update({"autocomplete": "given-name"})
        self.fields["achternaam"].widget.attrs.update({"autocomplete": "family-name"})
        self.fields["geboortedatum"].widget.attrs.update({"autocomplete": "bday"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "wie",
            Fieldset(
                _("Over de deelnemer"),
                "voornamen",
                "tussenvoegsel",
                "achternaam",
                "geboortedatum",
                "geboorteplaats",
                "gemeente",
                "telefoon",
                "email",
                "doelgroep",
            ),
            Fieldset(_("Het werk"), "vakvaardigheden", "toelichting"),
            Fieldset(
                _("Meldt u iemand anders aan?"),
                HTML('<p class="form-text">{}</p>'.format(_("Vul dan ook uw eigen gegevens in."))),
                "aanmelder_naam",
                "aanmelder_organisatie",
                "aanmelder_email",
            ),
            "toestemming",
            Div("website", css_class="d-none", aria_hidden="true"),
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_geboortedatum(self) -> datetime.date:
        datum = self.cleaned_data["geboortedatum"]
        vandaag = timezone.localdate()
        if datum >= vandaag:
            raise ValidationError(_("De geboortedatum moet in het verleden liggen."))
        try:
            grens = vandaag.replace(year=vandaag.year - MINIMALE_LEEFTIJD)
        except ValueError:  # 29 February
            grens = vandaag.replace(year=vandaag.year - MINIMALE_LEEFTIJD, day=28)
        if datum > grens:
            raise ValidationError(_("Meedoen kan vanaf %(leeftijd)s jaar.") % {"leeftijd": MINIMALE_LEEFTIJD})
        if datum.year < vandaag.year - 100:
            raise ValidationError(_("Controleer de geboortedatum."))
        return datum

    def clean_telefoon(self) -> str:
        telefoon = self.cleaned_data["telefoon"].strip()
        if telefoon and not TELEFOON.match(telefoon):
            raise ValidationError(_("Vul een telefoonnummer in van minstens 10 cijfers, bijvoorbeeld 06 12345678."))
        return telefoon

    def clean(self) -> dict:
        data = super().clean()
        wie = data.get("wie")
        if wie == Deelnemer.Verwijzer.ZELF:
            if not data.get("telefoon") and not data.get("email") and "telefoon" not in self.errors:
                self.add_error("telefoon", _("Vul een telefoonnummer of e-mailadres in, zodat we je kunnen bellen."))
        elif wie:
            if not data.get("aanmelder_naam"):
                self.add_error("aanmelder_naam", _("Vul uw naam in."))
            if not data.get("aanmelder_email") and "aanmelder_email" not in self.errors:
                self.add_error("aanmelder_email", _("Vul uw e-mailadres in, zodat we contact kunnen opnemen."))
        return data
