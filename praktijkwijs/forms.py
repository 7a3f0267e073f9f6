"""Forms of the login area: the two-factor code."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _


class TweeStapsCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit je app"),
        max_length=10,
        help_text=_("Zes cijfers. Een nieuwe code verschijnt elke 30 seconden."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*", "autofocus": True}
        ),
        error_messages={"required": _("Vul de code uit je app in.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise forms.ValidationError(_("Een code bestaat uit zes cijfers."))
        return code
