"""No BSN anywhere: no model field, no form field, no input on any page looks like one."""

import importlib
import pkgutil
import re

from django import forms
from django.apps import apps

from tests.builders_beveiliging import pagina_urls
from tests.conftest import client_voor

VERDACHT = re.compile(r"bsn|burgerservice|sofi", re.IGNORECASE)
PROJECT_APPS = ["praktijkwijs", "werkopdrachten", "trajecten"]


def test_no_model_field_looks_like_a_bsn():
    verdacht = [
        f"{model._meta.label}.{veld.name}"
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        for veld in model._meta.get_fields()
        if VERDACHT.search(veld.name) or VERDACHT.search(str(getattr(veld, "verbose_name", "")))
    ]
    assert not verdacht


def _alle_formulieren() -> set[type]:
    for app in PROJECT_APPS:
        for naam in [f"{app}.forms", f"{app}.views"]:
            try:
                module = importlib.import_module(naam)
            except ModuleNotFoundError:
                continue
            for info in pkgutil.walk_packages(getattr(module, "__path__", []), prefix=f"{naam}."):
                importlib.import_module(info.name)

    def subklassen(klasse):
        for sub in klasse.__subclasses__():
            yield sub
            yield from subklassen(sub)

    return {f for f in subklassen(forms.BaseForm) if f.__module__.split(".")[0] in PROJECT_APPS}


def test_no_form_field_looks_like_a_bsn():
    formulieren = _alle_formulieren()
    assert formulieren, "no forms found: the test would prove nothing"
    verdacht = [
        f"{formulier.__name__}.{naam}"
        for formulier in formulieren
        for naam, veld in formulier.base_fields.items()
        if VERDACHT.search(naam) or VERDACHT.search(str(veld.label or ""))
    ]
    assert not verdacht


def test_no_input_on_any_page_looks_like_a_bsn(world):
    client = client_voor(world, "coordinator")
    invoer = re.compile(r'<(?:input|select|textarea)[^>]*name="([^"]+)"')
    for naam, url in pagina_urls(world, "coordinator"):
        antwoord = client.get(url)
        if antwoord.streaming:
            continue  # a download (PDF), not a page with inputs
        html = antwoord.content.decode(errors="replace")
        namen = invoer.findall(html)
        assert not [n for n in namen if VERDACHT.search(n)], naam
