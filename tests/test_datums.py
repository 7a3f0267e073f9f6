"""The date filters for lists print exactly what Django's |date prints with the same format."""

import datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

from praktijkwijs.templatetags.datums import dag_kort, dag_kort_tijd, dag_maand, kort, kort_met_tijd, lang

FILTERS = [
    (kort, "j M Y"),
    (kort_met_tijd, "j M Y H:i"),
    (dag_kort, "j M"),
    (dag_kort_tijd, "j M H:i"),
    (dag_maand, "j F"),
    (lang, "j F Y"),
]


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize(("filter_functie", "formaat"), FILTERS, ids=[f.__name__ for f, _ in FILTERS])
def test_date_filters_match_django_in_every_month(taal, filter_functie, formaat):
    with translation.override(taal):
        for maand in range(1, 13):
            moment = timezone.localtime(timezone.make_aware(datetime.datetime(2026, maand, 3, 9, 5)))
            waarden = [moment] if "H" in formaat else [moment, moment.date()]
            for waarde in waarden:
                assert filter_functie(waarde) == date_filter(waarde, formaat)


@pytest.mark.parametrize("filter_functie", [f for f, _ in FILTERS])
def test_no_date_prints_nothing(filter_functie):
    assert filter_functie(None) == ""
