"""Builders for the public pages, the dashboard and the success stories."""

import itertools

from trajecten.models import GenoemdPersoon, Succesverhaal

_nummers = itertools.count(1)


def maak_verhaal(
    titel: str = "Van stage naar vaste baan", *, personen: dict[str, bool] | None = None, **velden
) -> Succesverhaal:
    """A story; ``personen`` maps each named person to whether they consented."""
    velden.setdefault("tekst", "Ahmed leerde bij Stadsboerin Doetinchem de kas te verzorgen.")
    verhaal = Succesverhaal.objects.create(titel=titel, **velden)
    for naam, toestemming in (personen or {}).items():
        GenoemdPersoon.objects.create(verhaal=verhaal, naam=naam, toestemming=toestemming)
    return verhaal


def maak_verklaring(traject, *, uitgegeven_op, status: str = "uitgegeven", door=None, **velden):
    """An issued (or revoked) verklaring as the figures see it, without rendering a PDF."""
    from trajecten.models import Verklaring

    nummer = next(_nummers)
    velden.setdefault("deelnemer_naam", traject.deelnemer.naam)
    if any(veld.name == "deelnemer" for veld in Verklaring._meta.fields):
        velden.setdefault("deelnemer", traject.deelnemer)
    if status == Verklaring.Status.INGETROKKEN:
        velden.setdefault("ingetrokken_op", uitgegeven_op)
        velden.setdefault("intrekkingsreden", "Fout in de naam")
    return Verklaring.objects.create(
        traject=traject,
        kwalificatie=traject.vakvaardigheden.first().kwalificatie,
        status=status,
        samenvattend_oordeel="Werkt zelfstandig.",
        voorgesteld_door=door or traject.wijzigingen.first().door,
        nummer=f"T-{nummer}" if status != Verklaring.Status.VOORGESTELD else "",
        pdf=f"verklaringen/{nummer}.pdf" if status != Verklaring.Status.VOORGESTELD else "",
        sha256="0" * 64 if status != Verklaring.Status.VOORGESTELD else "",
        uitgegeven_op=uitgegeven_op if status != Verklaring.Status.VOORGESTELD else None,
        **velden,
    )
