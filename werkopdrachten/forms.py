"""Forms of the catalogue. They validate; the views hand cleaned_data to the model methods."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from werkopdrachten import uitwisseling
from werkopdrachten.models import Kerntaak, Kwalificatie, Vakvaardigheid, Werkopdracht, Werkproces


class CatalogusForm(forms.Form):
    """The <form> tag and the buttons live in the template, so one template serves every form."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class CatalogusModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def vergrendel(self) -> None:
        """Show the values but accept no change (the object is used by a traject)."""
        for veld in self.fields.values():
            veld.disabled = True


class KwalificatieForm(CatalogusModelForm):
    class Meta:
        model = Kwalificatie
        fields = ["naam", "crebo", "niveau", "dossier_versie", "geldig_vanaf"]
        widgets = {"geldig_vanaf": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    # The database constraints say the same, but their message names the constraint, not the field.
    def clean_crebo(self) -> str:
        crebo = self.cleaned_data["crebo"].strip()
        if not (len(crebo) == 5 and crebo.isdigit()):
            raise forms.ValidationError(_("Een crebocode bestaat uit 5 cijfers."))
        return crebo

    def clean_niveau(self) -> int:
        niveau = self.cleaned_data["niveau"]
        if not 1 <= niveau <= 4:
            raise forms.ValidationError(_("Het niveau is 1, 2, 3 of 4."))
        return niveau

    def clean(self) -> dict:
        cleaned = super().clean()
        andere = Kwalificatie.objects.filter(
            crebo=cleaned.get("crebo"), dossier_versie=cleaned.get("dossier_versie")
        ).exclude(pk=self.instance.pk)
        if andere.exists():
            self.add_error("dossier_versie", _("Deze versie van deze kwalificatie (crebo) bestaat al."))
        return cleaned


class NieuweVersieForm(CatalogusForm):
    dossier_versie = forms.CharField(label=_("Nieuwe versie van het kwalificatiedossier"), max_length=20)
    geldig_vanaf = forms.DateField(label=_("Geldig vanaf"), widget=forms.DateInput(attrs={"type": "date"}))
    naam = forms.CharField(label=_("Naam"), max_length=200, required=False, help_text=_("Leeg: dezelfde naam."))

    def __init__(self, *args, kwalificatie: Kwalificatie, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kwalificatie = kwalificatie

    def clean_dossier_versie(self) -> str:
        versie = self.cleaned_data["dossier_versie"].strip()
        if Kwalificatie.objects.filter(crebo=self.kwalificatie.crebo, dossier_versie=versie).exists():
            raise forms.ValidationError(
                _("Versie %(versie)s van deze kwalificatie bestaat al."), params={"versie": versie}
            )
        return versie


class KerntaakForm(CatalogusModelForm):
    class Meta:
        model = Kerntaak
        fields = ["code", "titel"]

    def __init__(self, *args, kwalificatie: Kwalificatie, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kwalificatie = kwalificatie

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        andere = Kerntaak.objects.filter(kwalificatie=self.kwalificatie, code=code).exclude(pk=self.instance.pk)
        if andere.exists():
            raise forms.ValidationError(_("Deze kwalificatie heeft al een kerntaak %(code)s."), params={"code": code})
        return code


class WerkprocesForm(CatalogusModelForm):
    class Meta:
        model = Werkproces
        fields = ["kerntaak", "code", "titel"]

    def __init__(self, *args, kwalificatie: Kwalificatie, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kwalificatie = kwalificatie
        self.fields["kerntaak"].queryset = kwalificatie.kerntaken.all()
        self.fields["kerntaak"].empty_label = None

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        andere = Werkproces.objects.filter(kwalificatie=self.kwalificatie, code=code).exclude(pk=self.instance.pk)
        if andere.exists():
            raise forms.ValidationError(_("Deze kwalificatie heeft al een werkproces %(code)s."), params={"code": code})
        return code


class VakvaardigheidForm(CatalogusModelForm):
    class Meta:
        model = Vakvaardigheid
        fields = ["naam", "omschrijving", "kwalificatie", "actief"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Moving a vakvaardigheid with werkopdrachten to another kwalificatie would leave them
            # mapped to werkprocessen of the old one: that is what "nieuwe versie" is for.
            self.fields["kwalificatie"].disabled = True
            self.fields["kwalificatie"].help_text = _(
                "Een andere kwalificatie of dossierversie? Gebruik „Nieuwe versie” op de pagina van de vakvaardigheid."
            )


class VakvaardigheidVersieForm(CatalogusForm):
    kwalificatie = forms.ModelChoiceField(
        label=_("Kwalificatie (nieuwe versie)"), queryset=Kwalificatie.objects.none(), empty_label=None
    )
    naam = forms.CharField(label=_("Naam van de nieuwe vakvaardigheid"), max_length=200)

    def __init__(self, *args, vakvaardigheid: Vakvaardigheid, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Another version of the same kwalificatie (same crebo) is what the copy is for.
        self.fields["kwalificatie"].queryset = Kwalificatie.objects.filter(
            crebo=vakvaardigheid.kwalificatie.crebo
        ).exclude(pk=vakvaardigheid.kwalificatie_id)

    def clean_naam(self) -> str:
        naam = self.cleaned_data["naam"].strip()
        if Vakvaardigheid.objects.filter(naam=naam).exists():
            raise forms.ValidationError(_("Er is al een vakvaardigheid met deze naam."))
        return naam


class WerkopdrachtForm(CatalogusModelForm):
    class Meta:
        model = Werkopdracht
        fields = ["volgorde", "titel", "omschrijving", "werkprocessen"]
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
            "werkprocessen": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, vakvaardigheid: Vakvaardigheid, in_gebruik: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.vakvaardigheid = vakvaardigheid
        veld = self.fields["werkprocessen"]
        veld.queryset = vakvaardigheid.kwalificatie.werkprocessen.order_by("code")
        veld.label_from_instance = lambda wp: f"{wp.code} {wp.titel}"
        if in_gebruik:
            veld.disabled = True
            veld.help_text = _(
                "Deze werkopdracht wordt gebruikt in een traject: de werkprocessen liggen vast. "
                "Wilt u ze anders koppelen, maak dan een nieuwe versie van de vakvaardigheid."
            )

    def clean_titel(self) -> str:
        titel = self.cleaned_data["titel"].strip()
        andere = self.vakvaardigheid.werkopdrachten.filter(titel__iexact=titel).exclude(pk=self.instance.pk)
        if andere.exists():
            raise forms.ValidationError(_("Deze vakvaardigheid heeft al een werkopdracht met deze titel."))
        return titel


class ImportForm(CatalogusForm):
    bestand = forms.FileField(
        label=_("Bestand (.csv of .xlsx)"),
        help_text=_("Hoogstens %(kb)s kB en %(rijen)s regels.")
        % {"kb": uitwisseling.MAX_BYTES // 1024, "rijen": uitwisseling.MAX_ROWS},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, kolommen: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kolommen = kolommen

    def clean_bestand(self):
        upload = self.cleaned_data["bestand"]
        # The size the upload handler counted, before a byte is read into memory or parsed.
        if upload.size > uitwisseling.MAX_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot (%(grootte)s kB); het mag hoogstens %(max)s kB zijn."),
                params={"grootte": upload.size // 1024, "max": uitwisseling.MAX_BYTES // 1024},
            )
        inhoud = upload.read(uitwisseling.MAX_BYTES + 1)
        try:
            self.cleaned_data["tabel"] = uitwisseling.lees_tabel(upload.name, inhoud, self.kolommen)
        except uitwisseling.BestandFout as fout:
            raise forms.ValidationError(str(fout)) from fout
        return upload
