"""Demo data for praktijkverklaringen: the demo command calls ``demo_verklaringen`` after it
has built the trajecten, so finished trajecten (the demo ``deelnemer``'s among them) have an
issued verklaring and the demo ``beoordelaar`` finds a proposal waiting."""

from django.db.models import Exists, OuterRef

from trajecten.models import Beoordelaar, Traject, Verklaring
from trajecten.services import verklaring_keur_goed, verklaring_stel_voor

OORDELEN = (
    "Werkt zelfstandig en zorgvuldig; vraagt hulp als iets onduidelijk is. Beoordeeld door observatie op de werkvloer.",
    "Voert de taken betrouwbaar uit, ook als het druk is. Beoordeeld in gesprek en door meekijken tijdens het werk.",
    "Is gegroeid in tempo en zelfvertrouwen; houdt zich aan de afspraken en de veiligheidsregels.",
)


def _stel_voor(traject: Traject, coordinator, volgnummer: int) -> list[Verklaring]:
    """One proposal per kwalificatie with mastered werkprocessen."""
    per_kwalificatie: dict[int, list] = {}
    for wp in traject.voortgang_per_werkproces():
        if wp.is_beheerst:
            per_kwalificatie.setdefault(wp.werkproces.kwalificatie_id, []).append(wp.werkproces)
    return [
        verklaring_stel_voor(
            traject=traject,
            werkprocessen=werkprocessen,
            samenvattend_oordeel=OORDELEN[volgnummer % len(OORDELEN)],
            door=coordinator,
        )
        for werkprocessen in per_kwalificatie.values()
    ]


def demo_verklaringen(*, coordinator, met_voorstel: bool = True) -> list[Verklaring]:
    """Issue verklaringen for every finished traject without one (so running it twice does no
    harm); with ``met_voorstel`` also leave one proposal for the beoordelaar's queue.

    Returns the issued verklaringen. Renders one PDF each (about 0.1–0.3 s).
    """
    zonder_verklaring = ~Exists(Verklaring.objects.filter(traject=OuterRef("pk")))
    beoordelaars = {b.school_id: b.user for b in Beoordelaar.objects.select_related("user").order_by("pk")}
    uitgegeven = []
    afgerond = Traject.objects.filter(zonder_verklaring, status=Traject.Status.AFGEROND, school_id__in=beoordelaars)
    for volgnummer, traject in enumerate(afgerond.order_by("einddatum", "pk")):
        for verklaring in _stel_voor(traject, coordinator, volgnummer):
            uitgegeven.append(verklaring_keur_goed(verklaring=verklaring, door=beoordelaars[traject.school_id]))
    if met_voorstel:
        actief = Traject.objects.filter(zonder_verklaring, status=Traject.Status.ACTIEF, school_id__in=beoordelaars)
        for traject in actief.order_by("-aantal_beheerst", "pk")[:5]:
            if _stel_voor(traject, coordinator, len(uitgegeven)):
                break
    return uitgegeven
