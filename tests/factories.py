"""Small builders for test data. Each returns a saved object with sensible defaults."""

import datetime
import itertools

from praktijkwijs.models import User
from trajecten.models import Bedrijf, Beoordelaar, Deelnemer, Praktijkbegeleider, School
from trajecten.services import traject_maak
from werkopdrachten.models import Kerntaak, Kwalificatie, Vakvaardigheid, Werkopdracht, Werkproces

_volgnummer = itertools.count(1)
WACHTWOORD = "geheim-Wachtwoord-42"


def maak_user(rol: str, username: str | None = None, **velden) -> User:
    username = username or f"{rol}{next(_volgnummer)}"
    velden.setdefault("first_name", username.capitalize())
    velden.setdefault("last_name", "Test")
    return User.objects.create_user(username=username, password=WACHTWOORD, rol=rol, **velden)


def maak_kwalificatie(
    naam: str = "Medewerker logistiek", crebo: str | None = None, versie: str = "2024"
) -> Kwalificatie:
    """A kwalificatie with kerntaak B1-K1 holding werkprocessen W1..W3."""
    kwalificatie = Kwalificatie.objects.create(
        crebo=crebo or f"{25000 + next(_volgnummer):05d}",
        naam=naam,
        niveau=2,
        dossier_versie=versie,
        geldig_vanaf=datetime.date(2024, 8, 1),
    )
    kerntaak = Kerntaak.objects.create(kwalificatie=kwalificatie, code="B1-K1", titel="Verwerkt goederen")
    for nummer, titel in enumerate(["Ontvangt goederen", "Slaat goederen op", "Verzamelt orders"], start=1):
        Werkproces.objects.create(kerntaak=kerntaak, code=f"B1-K1-W{nummer}", titel=titel)
    return kwalificatie


def maak_vakvaardigheid(kwalificatie: Kwalificatie | None = None, naam: str | None = None) -> Vakvaardigheid:
    """A vakvaardigheid with four werkopdrachten: two for W1, one for W2, one for W3."""
    kwalificatie = kwalificatie or maak_kwalificatie()
    vak = Vakvaardigheid.objects.create(
        naam=naam or f"Productielogistiek {next(_volgnummer)}", kwalificatie=kwalificatie
    )
    wp = {w.code: w for w in kwalificatie.werkprocessen.all()}
    opdrachten = [
        ("Pakbon controleren", "B1-K1-W1"),
        ("Goederen lossen met de pompwagen", "B1-K1-W1"),
        ("Pallets opslaan op de juiste locatie", "B1-K1-W2"),
        ("Order picken met scanner", "B1-K1-W3"),
    ]
    for volgorde, (titel, code) in enumerate(opdrachten, start=1):
        Werkopdracht.objects.create(vakvaardigheid=vak, volgorde=volgorde, titel=titel).werkprocessen.add(wp[code])
    return vak


def maak_school(naam: str = "Graafschap College", afkorting: str | None = None) -> School:
    nummer = next(_volgnummer)
    return School.objects.create(
        naam=naam, brin=f"{nummer:02d}OE"[-4:], afkorting=afkorting or f"S{nummer}", plaats="Doetinchem"
    )


def maak_bedrijf(naam: str = "Laborijn", **velden) -> Bedrijf:
    velden.setdefault("plaats", "Doetinchem")
    velden.setdefault("sbb_erkenningsnummer", f"1000{next(_volgnummer)}")
    return Bedrijf.objects.create(naam=naam, **velden)


def maak_begeleider(bedrijf: Bedrijf, username: str | None = None) -> Praktijkbegeleider:
    return Praktijkbegeleider.objects.create(user=maak_user(User.Rol.BEGELEIDER, username), bedrijf=bedrijf)


def maak_beoordelaar(school: School, username: str | None = None) -> Beoordelaar:
    return Beoordelaar.objects.create(user=maak_user(User.Rol.BEOORDELAAR, username), school=school)


def maak_deelnemer(voornamen: str = "Sanne", achternaam: str | None = None, login: str | None = None, **velden):
    velden.setdefault("geboortedatum", datetime.date(1990, 5, 17))
    velden.setdefault("geboorteplaats", "Doetinchem")
    velden.setdefault("gemeente", "Doetinchem")
    user = maak_user(User.Rol.DEELNEMER, login, first_name=voornamen) if login else None
    return Deelnemer.objects.create(
        voornamen=voornamen, achternaam=achternaam or f"Jansen{next(_volgnummer)}", user=user, **velden
    )


def maak_traject(*, deelnemer, begeleider, school, vakvaardigheid, door, start: bool = True, **velden):
    traject = traject_maak(
        deelnemer=deelnemer,
        bedrijf=begeleider.bedrijf,
        school=school,
        begeleiders=[begeleider],
        vakvaardigheden=[vakvaardigheid],
        werkopdrachten=vakvaardigheid.werkopdrachten.all(),
        startdatum=velden.pop("startdatum", datetime.date(2026, 9, 1)),
        door=door,
        **velden,
    )
    if start:
        traject.start(door=door)
    return traject
