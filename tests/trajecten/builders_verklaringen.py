"""Builders for praktijkverklaringen: tick off werkopdrachten, propose, approve and issue."""

from trajecten.models import Traject, Verklaring, Voortgang
from trajecten.services import verklaring_keur_goed, verklaring_stel_voor


def beheers(traject: Traject, door, *codes: str) -> None:
    """Tick off as *beheerst* the werkopdrachten of the werkprocessen ``codes`` (all when none)."""
    rijen = traject.voortgang.select_related("werkopdracht")
    if codes:
        rijen = rijen.filter(werkopdracht__werkprocessen__code__in=codes).distinct()
    for rij in rijen:
        rij.zet_status(status=Voortgang.Status.BEHEERST, door=door)


def stel_voor(traject: Traject, door, *codes: str, oordeel: str = "Werkt zelfstandig en zorgvuldig.") -> Verklaring:
    """Propose a verklaring for the werkprocessen ``codes`` (all mastered ones when none)."""
    werkprocessen = [wp.werkproces for wp in traject.voortgang_per_werkproces() if wp.is_beheerst]
    if codes:
        werkprocessen = [wp for wp in werkprocessen if wp.code in codes]
    return verklaring_stel_voor(traject=traject, werkprocessen=werkprocessen, samenvattend_oordeel=oordeel, door=door)


def geef_uit(world, traject: Traject | None = None, *codes: str) -> Verklaring:
    """An issued verklaring for ``traject`` (the world's), mastering and proposing first."""
    traject = traject or world.traject
    beheers(traject, world.begeleider, *codes)
    verklaring = stel_voor(traject, world.coordinator, *codes)
    beoordelaar = traject.school.beoordelaars.select_related("user").first().user
    return verklaring_keur_goed(verklaring=verklaring, door=beoordelaar)


def voorstel(world) -> Verklaring:
    """A proposal for all werkprocessen of the world's traject, waiting for the beoordelaar."""
    beheers(world.traject, world.begeleider)
    return stel_voor(world.traject, world.coordinator)
