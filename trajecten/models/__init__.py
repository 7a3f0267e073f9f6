from .aanvragen import Aanvraag, AanvraagWijziging
from .deelnemers import Deelnemer
from .organisaties import Bedrijf, Beoordelaar, Praktijkbegeleider, School
from .trajecten import (
    Traject,
    TrajectWijziging,
    Uren,
    UrenNorm,
    Voortgang,
    VoortgangWijziging,
    WerkprocesVoortgang,
    maandag_van,
)
from .verhalen import GenoemdPersoon, Succesverhaal  # noqa: F401
from .verklaringen import Verklaring, VerklaringTeller, VerklaringWerkproces, VerklaringWijziging  # noqa: F401

__all__ = [
    "Aanvraag",
    "AanvraagWijziging",
    "Bedrijf",
    "Beoordelaar",
    "Deelnemer",
    "Praktijkbegeleider",
    "School",
    "Traject",
    "TrajectWijziging",
    "Uren",
    "UrenNorm",
    "Voortgang",
    "VoortgangWijziging",
    "WerkprocesVoortgang",
    "maandag_van",
]
