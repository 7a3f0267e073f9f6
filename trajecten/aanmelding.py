"""An aanvraag submitted on the public website (``/aanmelden/``)."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from trajecten.models import Aanvraag, AanvraagWijziging, Deelnemer


@transaction.atomic
def aanvraag_via_website(*, gegevens: dict) -> Aanvraag:
    """Create the deelnemer and their aanvraag in status *ingediend*, with its history row
    (``door`` is empty: nobody was logged in). All or nothing.

    ``gegevens`` is the cleaned data of ``AanmeldenForm``. Always a new deelnemer: the public
    cannot look up who exists, so the coördinator merges a duplicate at the intake.
    """
    zelf = gegevens["wie"] == Deelnemer.Verwijzer.ZELF
    deelnemer = Deelnemer(
        voornamen=gegevens["voornamen"],
        tussenvoegsel=gegevens.get("tussenvoegsel", ""),
        achternaam=gegevens["achternaam"],
        geboortedatum=gegevens["geboortedatum"],
        geboorteplaats=gegevens["geboorteplaats"],
        gemeente=gegevens["gemeente"],
        telefoon=gegevens.get("telefoon", ""),
        email=gegevens.get("email", ""),
        doelgroep=gegevens["doelgroep"],
        verwijzer=gegevens["wie"],
    )
    deelnemer.full_clean()
    deelnemer.save()
    aanvraag = Aanvraag(
        deelnemer=deelnemer,
        status=Aanvraag.Status.INGEDIEND,
        toelichting=gegevens.get("toelichting", ""),
        aanmelder_naam="" if zelf else gegevens.get("aanmelder_naam", ""),
        aanmelder_organisatie="" if zelf else gegevens.get("aanmelder_organisatie", ""),
        aanmelder_email="" if zelf else gegevens.get("aanmelder_email", ""),
    )
    aanvraag.full_clean()
    aanvraag.save()
    aanvraag.vakvaardigheden.set(gegevens.get("vakvaardigheden") or [])
    AanvraagWijziging.objects.create(
        aanvraag=aanvraag,
        door=None,
        van_status="",
        naar_status=Aanvraag.Status.INGEDIEND,
        toelichting=_in_het_nederlands("Aangemeld via de website."),
    )
    return aanvraag


def _in_het_nederlands(tekst: str) -> str:
    # Stored text, read by the coördinator: Dutch, whatever language the visitor chose.
    with translation.override("nl"):
        return gettext(tekst)
