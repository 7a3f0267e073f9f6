"""Forms of the aanvragen pipeline: the overview's filter bar, create/edit, one per transition."""

import datetime
import functools

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praktijkwijs.models import User
from trajecten.models import Aanvraag, Bedrijf, Deelnemer, Praktijkbegeleider, School, Traject
from trajecten.models.trajecten import GEEN_VOORTGANG_NA
from werkopdrachten.models import Vakvaardigheid, Werkopdracht

from .widgets import DatumInput, LazyKeuzes, SnelleSelect, TijdInput, bedrijf_keuzes

# Sortable columns of the overview: name in the address -> ordering. Anything else is ignored,
# so the address cannot order by an arbitrary (or private) field.
SORTERINGEN = {
    "deelnemer": ("deelnemer__achternaam", "deelnemer__voornamen", "pk"),
    "bedrijf": ("bedrijf__naam", "pk"),
    "status": ("status", "pk"),
    "ingediend": ("ingediend_op", "pk"),
    "intake": ("intake_op", "pk"),
}
STANDAARD_SORTERING = "-ingediend"


def _sorteer_keuzes() -> list[tuple[str, str]]:
    return [(f"{richting}{naam}", f"{richting}{naam}") for naam in SORTERINGEN for richting in ("", "-")]


def _begeleider_keuzes(alleen: Q | None = None) -> list[tuple]:
    """Begeleiders as options, as plain rows: no 1 333 model instances with user and bedrijf.
    All of them, or ``alleen`` those. Every begeleider select takes its options from here.

    Labelled "naam (bedrijf)", naam as ``Praktijkbegeleider.naam``; ordered by bedrijf, then name.
    """
    begeleiders = _begeleiders() if alleen is None else _begeleiders().filter(alleen)
    rijen = begeleiders.values_list("pk", "user__first_name", "user__last_name", "user__username", "bedrijf__naam")
    return [
        (pk, f"{Praktijkbegeleider.naam_uit(voornaam, achternaam, gebruikersnaam)} ({bedrijf})")
        for pk, voornaam, achternaam, gebruikersnaam, bedrijf in rijen
    ]


def _helper(*velden: str | Row) -> FormHelper:
    """Crispy renders the fields; the template writes the <form> tag (and the htmx on it)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if velden:
        helper.layout = Layout(*velden)
    return helper


class AanvraagFilterForm(forms.Form):
    """The overview's search, filters and sort order, read from the address (GET)."""

    zoek = forms.CharField(label=_("Zoek op naam of bedrijf"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("alle"))] + Aanvraag.Status.choices)
    doelgroep = forms.ChoiceField(
        label=_("Doelgroep"),
        required=False,
        choices=[("", _("alle"))] + Deelnemer.Doelgroep.choices,
        widget=SnelleSelect,
    )
    verwijzer = forms.ChoiceField(
        label=_("Verwijzer"),
        required=False,
        choices=[("", _("alle"))] + Deelnemer.Verwijzer.choices,
        widget=SnelleSelect,
    )
    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False, widget=SnelleSelect)
    vakvaardigheid = forms.ModelChoiceField(
        label=_("Vakvaardigheid"),
        required=False,
        queryset=Vakvaardigheid.objects.all(),
        empty_label=_("alle"),
        widget=SnelleSelect,
    )
    van = forms.DateField(label=_("Ingediend vanaf"), required=False, widget=DatumInput)
    tot = forms.DateField(label=_("Ingediend tot en met"), required=False, widget=DatumInput)
    sorteer = forms.ChoiceField(label=_("Sorteren"), required=False, choices=_sorteer_keuzes)

    def __init__(self, *args, gemeenten: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("alle")), *((g, g) for g in gemeenten)]
        self.fields["status"].widget = forms.HiddenInput()
        self.fields["sorteer"].widget = forms.HiddenInput()

    # The fields whose choices do not depend on what was typed: the part of the bar that is memoised.
    KEUZEVELDEN = ("doelgroep", "verwijzer", "gemeente", "vakvaardigheid", "van", "tot")

    # The layouts are made when a bar is rendered, not for every form: the overview and the board
    # mostly take the bar from the cache, and making the three took ~0.1 ms of each view.
    @functools.cached_property
    def helper(self) -> FormHelper:
        return _helper(Row(Column("zoek", css_class="col-12 col-lg-4"), *self._keuzekolommen()), self._periode())

    # The same bar in parts, so the overview can keep the part without free text rendered in the
    # cache (views.aanvragen._filterbalk); the template puts them together in the same markup.
    @functools.cached_property
    def keuze_helper(self) -> FormHelper:
        return _helper(*self._keuzekolommen())

    @functools.cached_property
    def periode_helper(self) -> FormHelper:
        return _helper(self._periode())

    @staticmethod
    def _keuzekolommen() -> list[Column]:
        return [
            Column("doelgroep", css_class="col-6 col-lg-2"),
            Column("verwijzer", css_class="col-6 col-lg-2"),
            Column("gemeente", css_class="col-6 col-lg-2"),
            Column("vakvaardigheid", css_class="col-6 col-lg-2"),
        ]

    @staticmethod
    def _periode() -> Row:
        return Row(Column("van", css_class="col-6 col-lg-2"), Column("tot", css_class="col-6 col-lg-2"))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("Deze datum ligt voor de begindatum."))
        return data

    def filterwaarden(self) -> dict:
        """The valid filters that apply, besides the status (a tab, not a filter): what the counts depend on."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {veld: data.get(veld) for veld in ("zoek", *self.KEUZEVELDEN) if veld not in self.errors}

    def filter(self, aanvragen, *, met_status: bool = True, om_te_tellen: bool = False):
        """Apply the valid filters to ``aanvragen``; invalid ones are left out (and shown).

        ``om_te_tellen``: the search written for counting every match (see AanvraagQuerySet.zoek).
        """
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        if data.get("zoek"):
            aanvragen = aanvragen.zoek(data["zoek"], om_te_tellen=om_te_tellen)
        if met_status and data.get("status"):
            aanvragen = aanvragen.filter(status=data["status"])
        if data.get("doelgroep"):
            aanvragen = aanvragen.filter(deelnemer__doelgroep=data["doelgroep"])
        if data.get("verwijzer"):
            aanvragen = aanvragen.filter(deelnemer__verwijzer=data["verwijzer"])
        if data.get("gemeente"):
            aanvragen = aanvragen.filter(deelnemer__gemeente=data["gemeente"])
        if data.get("vakvaardigheid"):
            # EXISTS, not a join on the many-to-many: a join could repeat an aanvraag and make the
            # count and the page need a DISTINCT.
            aanvragen = aanvragen.filter(
                Exists(
                    Aanvraag.vakvaardigheden.through.objects.filter(
                        aanvraag_id=OuterRef("pk"), vakvaardigheid=data["vakvaardigheid"]
                    )
                )
            )
        if data.get("van"):
            aanvragen = aanvragen.filter(ingediend_op__date__gte=data["van"])
        if data.get("tot") and "tot" not in self.errors:
            aanvragen = aanvragen.filter(ingediend_op__date__lte=data["tot"])
        return aanvragen

    @property
    def sortering(self) -> str:
        waarde = (self.cleaned_data.get("sorteer") if hasattr(self, "cleaned_data") else "") or STANDAARD_SORTERING
        return waarde if waarde.lstrip("-") in SORTERINGEN else STANDAARD_SORTERING

    def sorteer_op(self, aanvragen):
        sortering = self.sortering
        velden = SORTERINGEN[sortering.lstrip("-")]
        if sortering.startswith("-"):
            velden = [f"-{veld}" for veld in velden]
        return aanvragen.order_by(*velden)


def _begeleiders():
    return Praktijkbegeleider.objects.select_related("user", "bedrijf").order_by("bedrijf__naam", "user__last_name")


def _begeleiders_van_bedrijf(form: forms.BaseForm, begeleider_veld: str, adres: str) -> Q:
    """The begeleiders a form offers: those of the bedrijf chosen in it, and those already chosen
    (a list of every begeleider in the country was 1 300 names). Choosing another bedrijf asks
    ``adres``, the form's page, for that bedrijf (htmx), of which only the begeleiders are taken.
    """
    form.fields["bedrijf"].widget.attrs.update(
        {
            "hx-get": adres,
            "hx-select": f"#div_id_{begeleider_veld}",
            "hx-target": f"#div_id_{begeleider_veld}",
            "hx-swap": "outerHTML",
        }
    )
    gekozen = form[begeleider_veld].value()
    gekozen = gekozen if isinstance(gekozen, list) else [gekozen]
    aangeboden = Q(pk__in=[pk for pk in gekozen if str(pk or "").isdigit()])
    bedrijf_id = form["bedrijf"].value()
    if str(bedrijf_id or "").isdigit():
        aangeboden |= Q(bedrijf_id=bedrijf_id)
    return aangeboden


class AanvraagForm(forms.ModelForm):
    """What the aanvraag is about; the deelnemer is chosen (or entered) separately.

    The begeleiders on offer are those of the chosen bedrijf (and the one chosen): every
    begeleider in the country was 100 kB on the page. ``adres`` is the page's address, which
    choosing another bedrijf asks for that bedrijf's begeleiders.
    """

    praktijkbegeleider = forms.ModelChoiceField(
        label=_("Praktijkbegeleider"),
        required=False,
        queryset=_begeleiders(),
        empty_label=_("nog onbekend"),
        widget=SnelleSelect,
    )

    class Meta:
        model = Aanvraag
        fields = ["vakvaardigheden", "bedrijf", "praktijkbegeleider", "school", "gewenste_startdatum", "toelichting"]
        widgets = {
            "bedrijf": SnelleSelect,
            "vakvaardigheden": forms.CheckboxSelectMultiple,
            "gewenste_startdatum": DatumInput,
            "toelichting": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, adres: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vakvaardigheden"].queryset = Vakvaardigheid.objects.filter(actief=True)
        self.fields["bedrijf"].empty_label = _("nog onbekend")
        self.fields["school"].empty_label = _("nog onbekend")
        # Hundreds of bedrijven at national scale: as plain rows, written by SnelleSelect (the
        # fields still check a choice against their querysets).
        self.fields["bedrijf"].widget.choices = LazyKeuzes(_("nog onbekend"), bedrijf_keuzes)
        aangeboden = _begeleiders_van_bedrijf(self, "praktijkbegeleider", adres)
        begeleider = self.fields["praktijkbegeleider"]
        begeleider.widget.choices = LazyKeuzes(_("nog onbekend"), lambda: _begeleider_keuzes(aangeboden))
        begeleider.help_text = _("De praktijkbegeleiders van het gekozen bedrijf.")
        self.helper = _helper()

    def clean(self) -> dict:
        data = super().clean()
        begeleider, bedrijf = data.get("praktijkbegeleider"), data.get("bedrijf")
        if begeleider and bedrijf and begeleider.bedrijf_id != bedrijf.pk:
            self.add_error(
                "praktijkbegeleider",
                _("%(naam)s werkt bij %(bedrijf)s, niet bij het gekozen bedrijf.")
                % {"naam": begeleider.naam, "bedrijf": begeleider.bedrijf},
            )
        if begeleider and not bedrijf:
            data["bedrijf"] = begeleider.bedrijf
        return data

    def velden(self) -> dict:
        """The aanvraag's own fields, for the service (the M2M goes separately)."""
        return {naam: self.cleaned_data[naam] for naam in self.Meta.fields if naam != "vakvaardigheden"}


class DeelnemerKeuzeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Deelnemer) -> str:
        return f"{obj.naam} ({obj.geboortedatum:%d-%m-%Y}, {obj.gemeente})"


class DeelnemerKeuzeForm(forms.Form):
    """A deelnemer who is already known, or none (a new one, entered below).

    Any deelnemer can be chosen, but only the one chosen and the matches of a search are
    offered: a list of every deelnemer would put the name, date of birth and gemeente of
    tens of thousands of people on the page (1.8 MB and 2.3 s at national scale).
    """

    MAX_GETOOND = 10

    bestaande_deelnemer = DeelnemerKeuzeChoiceField(
        label=_("Bestaande deelnemer"),
        required=False,
        queryset=Deelnemer.objects.all(),
        widget=forms.RadioSelect,
        blank=True,
        empty_label=_("Nieuwe deelnemer (hieronder invullen)"),
        initial="",  # that one is ticked until another is chosen
    )

    def __init__(self, *args, zoek: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.zoek = zoek.strip()
        gevonden = list(Deelnemer.objects.zoek(self.zoek)[: self.MAX_GETOOND + 1]) if self.zoek else []
        self.meer_gevonden = len(gevonden) > self.MAX_GETOOND
        self.gevonden = gevonden[: self.MAX_GETOOND]
        getoond = list(self.gevonden)
        gekozen = self["bestaande_deelnemer"].value()
        if str(gekozen or "").isdigit() and all(str(d.pk) != str(gekozen) for d in getoond):
            getoond[:0] = Deelnemer.objects.filter(pk=gekozen)
        veld = self.fields["bestaande_deelnemer"]
        veld.widget.choices = [("", veld.empty_label), *((d.pk, veld.label_from_instance(d)) for d in getoond)]


# -- transitions --------------------------------------------------------------------------


class IntakePlannenForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DatumInput)
    tijd = forms.TimeField(label=_("Tijd"), widget=TijdInput)
    intake_door = forms.ModelChoiceField(
        label=_("Intake door"),
        queryset=User.objects.filter(rol=User.Rol.COORDINATOR, is_active=True).order_by("first_name"),
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld waar het gesprek is en wie er nog bij zijn."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("datum", css_class="col-6"), Column("tijd", css_class="col-6")), "intake_door", "toelichting"
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("datum") and data.get("tijd"):
            data["op"] = timezone.make_aware(datetime.datetime.combine(data["datum"], data["tijd"]))
        return data


class WerkopdrachtenField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Werkopdracht) -> str:
        return f"{obj.vakvaardigheid.naam}: {obj.titel}"


def _werkopdrachten_van(vakvaardigheden):
    return (
        Werkopdracht.objects.filter(vakvaardigheid__in=vakvaardigheden)
        .select_related("vakvaardigheid")
        .order_by("vakvaardigheid__naam", "volgorde", "titel")
    )


class IntakeRegistrerenForm(forms.Form):
    verslag = forms.CharField(label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 5}))
    advies = forms.ChoiceField(label=_("Advies"), choices=Aanvraag.Advies.choices, widget=forms.RadioSelect)
    al_beheerst = WerkopdrachtenField(
        label=_("Wat kan de deelnemer al?"),
        required=False,
        queryset=Werkopdracht.objects.none(),
        help_text=_("Deze werkopdrachten staan in het traject als 'al beheerst bij intake'."),
    )

    def __init__(self, *args, aanvraag: Aanvraag, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["al_beheerst"].queryset = _werkopdrachten_van(aanvraag.vakvaardigheden.all())
        self.helper = _helper()


class GoedkeurenForm(forms.Form):
    toelichting = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AfwijzenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef een reden op voor de afwijzing.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_reden(self) -> str:
        reden = self.cleaned_data["reden"].strip()
        if not reden:
            raise forms.ValidationError(_("Geef een reden op voor de afwijzing."))
        return reden


class IntrekkenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: heeft werk gevonden, verhuisd, wil niet meer."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class TrajectStartForm(forms.Form):
    """Everything a traject needs, pre-filled from the aanvraag so nothing is typed twice.

    The begeleiders on offer are those of the chosen bedrijf (and any ticked): a box for every
    begeleider in the country was 1 300 boxes. Another bedrijf's begeleider is still refused with
    a message of its own (``clean``).
    """

    bedrijf = forms.ModelChoiceField(label=_("Bedrijf"), queryset=Bedrijf.objects.all(), widget=SnelleSelect)
    begeleiders = forms.ModelMultipleChoiceField(
        label=_("Praktijkbegeleiders"), queryset=_begeleiders(), widget=forms.CheckboxSelectMultiple
    )
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.all())
    vakvaardigheden = forms.ModelMultipleChoiceField(
        label=_("Vakvaardigheden"),
        queryset=Vakvaardigheid.objects.filter(actief=True),
        widget=forms.CheckboxSelectMultiple,
    )
    startdatum = forms.DateField(label=_("Startdatum"), widget=DatumInput)
    einddatum = forms.DateField(label=_("Einddatum"), required=False, widget=DatumInput)
    geplande_uren_per_week = forms.DecimalField(
        label=_("Geplande uren per week"), required=False, min_value=0, max_value=60, decimal_places=1
    )
    werkopdrachten = WerkopdrachtenField(
        label=_("Werkopdrachten om te leren"), queryset=Werkopdracht.objects.none(), required=False
    )
    al_beheerst = WerkopdrachtenField(
        label=_("Al beheerst bij intake"),
        queryset=Werkopdracht.objects.none(),
        required=False,
        help_text=_("Staan meteen als beheerst in het traject."),
    )
    direct_actief = forms.BooleanField(
        label=_("Traject meteen actief maken"),
        required=False,
        initial=True,
        help_text=_("Zet dit uit als de deelnemer pas later begint; het traject blijft dan 'gepland'."),
    )

    def __init__(self, *args, aanvraag: Aanvraag, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.aanvraag = aanvraag
        # The werkopdrachten on offer: those of the aanvraag's vakvaardigheden, plus those of any
        # vakvaardigheid ticked in this form (so a re-shown form lists them too).
        vak_ids = set(aanvraag.vakvaardigheden.values_list("pk", flat=True))
        if self.is_bound:
            vak_ids |= {int(v) for v in self.data.getlist("vakvaardigheden") if str(v).isdigit()}
        opdrachten = _werkopdrachten_van(vak_ids)
        self.fields["werkopdrachten"].queryset = opdrachten
        self.fields["al_beheerst"].queryset = opdrachten
        bedrijf = self.fields["bedrijf"]
        bedrijf.widget.choices = LazyKeuzes(bedrijf.empty_label, bedrijf_keuzes)
        adres = reverse("trajecten:aanvraag_traject_starten", args=[aanvraag.pk])
        aangeboden = _begeleiders_van_bedrijf(self, "begeleiders", adres)
        self.fields["begeleiders"].widget.choices = _begeleider_keuzes(aangeboden)
        self.helper = _helper(
            Row(Column("bedrijf", css_class="col-md-6"), Column("school", css_class="col-md-6")),
            "begeleiders",
            "vakvaardigheden",
            Row(
                Column("startdatum", css_class="col-6 col-md-4"),
                Column("einddatum", css_class="col-6 col-md-4"),
                Column("geplande_uren_per_week", css_class="col-12 col-md-4"),
            ),
            "werkopdrachten",
            "al_beheerst",
            "direct_actief",
        )

    @classmethod
    def initial_uit(cls, aanvraag: Aanvraag) -> dict:
        """The pre-filled values: what the aanvraag and its intake already know."""
        vakvaardigheden = list(aanvraag.vakvaardigheden.all())
        return {
            "bedrijf": aanvraag.bedrijf_id,
            "school": aanvraag.school_id,
            "begeleiders": [aanvraag.praktijkbegeleider_id] if aanvraag.praktijkbegeleider_id else [],
            "vakvaardigheden": [v.pk for v in vakvaardigheden],
            "startdatum": aanvraag.gewenste_startdatum or timezone.localdate(),
            "werkopdrachten": list(
                Werkopdracht.objects.filter(vakvaardigheid__in=vakvaardigheden).values_list("pk", flat=True)
            ),
            "al_beheerst": list(aanvraag.al_beheerst.values_list("pk", flat=True)),
            "direct_actief": True,
        }

    def clean(self) -> dict:
        data = super().clean()
        bedrijf = data.get("bedrijf")
        if bedrijf and data.get("begeleiders"):
            vreemd = [b for b in data["begeleiders"] if b.bedrijf_id != bedrijf.pk]
            if vreemd:
                self.add_error(
                    "begeleiders",
                    _("%(naam)s werkt niet bij %(bedrijf)s.") % {"naam": vreemd[0].naam, "bedrijf": bedrijf},
                )
        if data.get("startdatum") and data.get("einddatum") and data["einddatum"] < data["startdatum"]:
            self.add_error("einddatum", _("De einddatum ligt voor de startdatum."))
        vakken = data.get("vakvaardigheden")
        if vakken is not None:
            vak_ids = {v.pk for v in vakken}
            gekozen = [wo for wo in data.get("werkopdrachten", []) if wo.vakvaardigheid_id in vak_ids]
            beheerst = [wo for wo in data.get("al_beheerst", []) if wo.vakvaardigheid_id in vak_ids]
            zonder = [v for v in vakken if not any(wo.vakvaardigheid_id == v.pk for wo in gekozen + beheerst)]
            if zonder:
                self.add_error(
                    "werkopdrachten", _("Kies de werkopdrachten voor %(vak)s.") % {"vak": ", ".join(map(str, zonder))}
                )
            # Mastered at intake is part of the traject too: one list of voortgang rows.
            data["werkopdrachten"] = list({wo.pk: wo for wo in gekozen + beheerst}.values())
            data["al_beheerst"] = beheerst
        return data

    def gegevens(self) -> dict:
        """Keyword arguments for ``traject_start_uit_aanvraag``."""
        data = self.cleaned_data
        return {
            "bedrijf": data["bedrijf"],
            "school": data["school"],
            "begeleiders": data["begeleiders"],
            "vakvaardigheden": data["vakvaardigheden"],
            "werkopdrachten": data["werkopdrachten"],
            "al_beheerst": data["al_beheerst"],
            "startdatum": data["startdatum"],
            "einddatum": data["einddatum"],
            "geplande_uren_per_week": data["geplande_uren_per_week"],
            "direct_actief": data["direct_actief"],
        }


# -- the trajecten overview and a traject's state changes -----------------------------------


class TrajectFilterForm(forms.Form):
    SIGNALEN = [
        ("", _("alle")),
        ("geen_voortgang", _("geen voortgang in 4 weken")),
        ("einddatum_verstreken", _("einddatum verstreken")),
        ("klaar", _("klaar voor verklaring")),
    ]

    zoek = forms.CharField(label=_("Zoek op deelnemer"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle"))] + Traject.Status.choices, widget=SnelleSelect
    )
    bedrijf = forms.ModelChoiceField(
        label=_("Bedrijf"), required=False, queryset=Bedrijf.objects.all(), empty_label=_("alle"), widget=SnelleSelect
    )
    vakvaardigheid = forms.ModelChoiceField(
        label=_("Vakvaardigheid"),
        required=False,
        queryset=Vakvaardigheid.objects.all(),
        empty_label=_("alle"),
        widget=SnelleSelect,
    )
    begeleider = forms.ModelChoiceField(
        label=_("Praktijkbegeleider"),
        required=False,
        queryset=_begeleiders(),
        empty_label=_("alle"),
        widget=SnelleSelect,
    )
    signaal = forms.ChoiceField(label=_("Signaal"), required=False, choices=SIGNALEN)

    # The fields whose choices do not depend on what was typed; with the search box, the fields
    # crispy renders (signaal is a hidden input the template writes itself).
    KEUZEVELDEN = ("status", "bedrijf", "vakvaardigheid", "begeleider")
    helper_velden = ("zoek", *KEUZEVELDEN)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The long lists as plain rows; the fields still validate a chosen pk against their queryset.
        self.fields["bedrijf"].widget.choices = LazyKeuzes(_("alle"), bedrijf_keuzes)
        self.fields["begeleider"].widget.choices = LazyKeuzes(_("alle"), _begeleider_keuzes)

    # Made when a bar is rendered, not for every form (the overview mostly takes it from the cache).
    @functools.cached_property
    def helper(self) -> FormHelper:
        return _helper(Row(Column("zoek", css_class="col-12 col-lg-3"), *self._keuzekolommen()))

    # The part without free text, which the overview memoises (views.trajecten._filterbalk).
    @functools.cached_property
    def keuze_helper(self) -> FormHelper:
        return _helper(*self._keuzekolommen())

    @staticmethod
    def _keuzekolommen() -> list[Column]:
        return [
            Column("status", css_class="col-6 col-lg-2"),
            Column("bedrijf", css_class="col-6 col-lg-2"),
            Column("vakvaardigheid", css_class="col-6 col-lg-2"),
            Column("begeleider", css_class="col-6 col-lg-3"),
        ]

    def filterwaarden(self) -> dict:
        """The valid filters that apply, besides the signal (a tab, not a filter): what the counts depend on."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {veld: data.get(veld) for veld in self.helper_velden if veld not in self.errors}

    def filter(self, trajecten, *, met_signaal: bool = True):
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if (data.get("zoek") or "").strip():
            # A subquery on the deelnemer's own table (trigram index on PostgreSQL), not a join.
            trajecten = trajecten.filter(deelnemer__in=Deelnemer.objects.zoek_naam(data["zoek"]).values("pk"))
        if data.get("status"):
            trajecten = trajecten.filter(status=data["status"])
        if data.get("bedrijf"):
            trajecten = trajecten.filter(bedrijf=data["bedrijf"])
        # The many-valued relations as EXISTS, never as a join: a join can repeat a traject, which
        # used to be patched with a DISTINCT over every column (350 ms at national scale).
        if data.get("vakvaardigheid"):
            trajecten = trajecten.filter(
                Exists(
                    Traject.vakvaardigheden.through.objects.filter(
                        traject_id=OuterRef("pk"), vakvaardigheid=data["vakvaardigheid"]
                    )
                )
            )
        if data.get("begeleider"):
            trajecten = trajecten.filter(
                Exists(
                    Traject.begeleiders.through.objects.filter(
                        traject_id=OuterRef("pk"), praktijkbegeleider=data["begeleider"]
                    )
                )
            )
        if met_signaal and data.get("signaal"):
            trajecten = trajecten.filter(signaal_filter(data["signaal"]))
        return trajecten


def signaal_filter(signaal: str) -> Q:
    """The overview's signals as conditions, so the list and the counts use one definition."""
    lopend = Q(status__in=[Traject.Status.GEPLAND, Traject.Status.ACTIEF])
    if signaal == "geen_voortgang":
        return Q(status=Traject.Status.ACTIEF, laatste_activiteit__lt=timezone.now() - GEEN_VOORTGANG_NA)
    if signaal == "einddatum_verstreken":
        return lopend & Q(einddatum__lt=timezone.localdate())
    if signaal == "klaar":
        return lopend & Q(aantal_opdrachten__gt=0, aantal_beheerst=F("aantal_opdrachten"))
    return Q()


class TrajectStoppenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van stoppen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef een reden op waarom het traject stopt.")},
    )
    einddatum = forms.DateField(label=_("Laatste dag"), required=False, widget=DatumInput)


class TrajectAfrondenForm(forms.Form):
    einddatum = forms.DateField(label=_("Einddatum"), required=False, widget=DatumInput)
    toelichting = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
