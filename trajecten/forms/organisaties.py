"""Forms for people and organisations: deelnemers, bedrijven, scholen, begeleiders, beoordelaars."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from praktijkwijs.models import User
from trajecten.models import Bedrijf, Deelnemer, School
from werkopdrachten.models import Vakvaardigheid

from .widgets import DatumInput, LazyKeuzes, SnelleSelect, bedrijf_keuzes


def _helper(*velden) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if velden:
        helper.layout = Layout(*velden)
    return helper


class ZoekForm(forms.Form):
    zoek = forms.CharField(label=_("Zoeken"), required=False, max_length=100)


class DeelnemerForm(forms.ModelForm):
    class Meta:
        model = Deelnemer
        fields = [
            "voornamen",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "geboorteplaats",
            "email",
            "telefoon",
            "gemeente",
            "doelgroep",
            "verwijzer",
        ]
        widgets = {"geboortedatum": DatumInput}
        help_texts = {"geboortedatum": _("Staat op de praktijkverklaring.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(
                Column("voornamen", css_class="col-md-5"),
                Column("tussenvoegsel", css_class="col-md-2"),
                Column("achternaam", css_class="col-md-5"),
            ),
            Row(Column("geboortedatum", css_class="col-md-6"), Column("geboorteplaats", css_class="col-md-6")),
            Row(Column("email", css_class="col-md-6"), Column("telefoon", css_class="col-md-6")),
            Row(
                Column("gemeente", css_class="col-md-4"),
                Column("doelgroep", css_class="col-md-4"),
                Column("verwijzer", css_class="col-md-4"),
            ),
        )


class NieuweDeelnemerForm(DeelnemerForm):
    """A new deelnemer; warns when someone with the same name and date of birth is known."""

    toch_nieuw = forms.BooleanField(
        label=_("Dit is echt een andere persoon: maak een nieuwe deelnemer aan"), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dubbelen: list[Deelnemer] = []
        self.helper.layout.append("toch_nieuw")

    def clean(self) -> dict:
        data = super().clean()
        if all(data.get(veld) for veld in ("voornamen", "achternaam", "geboortedatum")) and not data.get("toch_nieuw"):
            self.dubbelen = list(
                Deelnemer.objects.mogelijke_dubbelen(
                    voornamen=data["voornamen"], achternaam=data["achternaam"], geboortedatum=data["geboortedatum"]
                )
            )
            if self.dubbelen:
                raise forms.ValidationError(
                    _(
                        "Er is al een deelnemer met deze naam en geboortedatum. Kies die deelnemer, "
                        "of vink aan dat het om iemand anders gaat."
                    ),
                    code="dubbel",
                )
        return data


class DeelnemerLoginForm(forms.Form):
    login_aanmaken = forms.BooleanField(
        label=_("Login aanmaken en uitnodiging sturen"),
        required=False,
        help_text=_("De deelnemer krijgt een e-mail om een wachtwoord te kiezen en kan dan de eigen voortgang zien."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class BedrijfForm(forms.ModelForm):
    class Meta:
        model = Bedrijf
        fields = ["naam", "plaats", "sbb_erkenningsnummer", "email", "telefoon", "vakvaardigheden", "tonen_op_website"]
        widgets = {"vakvaardigheden": forms.CheckboxSelectMultiple}
        help_texts = {
            "sbb_erkenningsnummer": _(
                "Een praktijkverklaring vraagt om een door SBB erkend leerbedrijf. Leeg laten mag, maar dan "
                "krijgt u een waarschuwing."
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vakvaardigheden"].queryset = Vakvaardigheid.objects.filter(actief=True)
        self.helper = _helper(
            Row(Column("naam", css_class="col-md-6"), Column("plaats", css_class="col-md-6")),
            "sbb_erkenningsnummer",
            Row(Column("email", css_class="col-md-6"), Column("telefoon", css_class="col-md-6")),
            "vakvaardigheden",
            "tonen_op_website",
        )

    def clean_sbb_erkenningsnummer(self) -> str:
        return self.cleaned_data["sbb_erkenningsnummer"].strip()


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["naam", "brin", "afkorting", "plaats"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_brin(self) -> str:
        brin = self.cleaned_data["brin"].strip().upper()
        if len(brin) != 4 or not brin.isalnum():
            raise forms.ValidationError(_("Een BRIN-code heeft vier tekens, bijvoorbeeld 01OE."))
        return brin

    def clean_afkorting(self) -> str:
        return self.cleaned_data["afkorting"].strip().upper()


class PersoonForm(forms.Form):
    """Name and e-mail address of someone with a login (praktijkbegeleider, beoordelaar)."""

    voornaam = forms.CharField(label=_("Voornaam"), max_length=150)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"), help_text=_("Hier komt de uitnodiging; het is ook de gebruikersnaam.")
    )

    def __init__(self, *args, user: User | None = None, **kwargs) -> None:
        self.user = user
        if user is not None:
            kwargs.setdefault(
                "initial", {"voornaam": user.first_name, "achternaam": user.last_name, "email": user.email}
            )
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("voornaam", css_class="col-md-6"), Column("achternaam", css_class="col-md-6")), "email"
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        andere = User.objects.filter(username__iexact=email) | User.objects.filter(email__iexact=email)
        if self.user is not None:
            andere = andere.exclude(pk=self.user.pk)
        if andere.exists():
            raise forms.ValidationError(_("Er bestaat al een login met dit e-mailadres."))
        return email


class PraktijkbegeleiderForm(PersoonForm):
    functie = forms.CharField(label=_("Functie"), max_length=100, required=False)
    telefoon = forms.CharField(label=_("Telefoonnummer"), max_length=20, required=False)
    bedrijf = forms.ModelChoiceField(label=_("Bedrijf"), queryset=Bedrijf.objects.all(), widget=SnelleSelect)

    def __init__(self, *args, begeleider=None, **kwargs) -> None:
        if begeleider is not None:
            kwargs["initial"] = {
                "voornaam": begeleider.user.first_name,
                "achternaam": begeleider.user.last_name,
                "email": begeleider.user.email,
                "functie": begeleider.functie,
                "telefoon": begeleider.telefoon,
                "bedrijf": begeleider.bedrijf_id,
            }
            kwargs["user"] = begeleider.user
        super().__init__(*args, **kwargs)
        # Every bedrijf in the country: options as plain rows, written by SnelleSelect.
        bedrijf = self.fields["bedrijf"]
        bedrijf.widget.choices = LazyKeuzes(bedrijf.empty_label, bedrijf_keuzes)
        self.helper.layout.extend(
            [Row(Column("functie", css_class="col-md-6"), Column("telefoon", css_class="col-md-6")), "bedrijf"]
        )


class BeoordelaarForm(PersoonForm):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.all())

    def __init__(self, *args, beoordelaar=None, **kwargs) -> None:
        if beoordelaar is not None:
            kwargs["initial"] = {
                "voornaam": beoordelaar.user.first_name,
                "achternaam": beoordelaar.user.last_name,
                "email": beoordelaar.user.email,
                "school": beoordelaar.school_id,
            }
            kwargs["user"] = beoordelaar.user
        super().__init__(*args, **kwargs)
        self.helper.layout.append("school")
