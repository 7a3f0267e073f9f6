"""``manage.py demo``: load a realistic demo of PraktijkWijs in the Achterhoek.

Idempotent (a second run sees the ``coordinator`` login and stops), deterministic (one seeded
random generator, dates relative to today) and all in one transaction. Aanvragen and trajecten
move through their real transition methods, so the history looks like real use; afterwards the
timestamps those methods stamp "now" are moved back to plausible moments in the past.
"""

import datetime
import random
import unicodedata
from collections import Counter
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from praktijkwijs.models import User
from trajecten.demo_verklaringen import demo_verklaringen
from trajecten.models import (
    Aanvraag,
    AanvraagWijziging,
    Bedrijf,
    Beoordelaar,
    Deelnemer,
    Praktijkbegeleider,
    School,
    Traject,
    Uren,
    UrenNorm,
    Verklaring,
    Voortgang,
    VoortgangWijziging,
    maandag_van,
)
from trajecten.services import traject_start_uit_aanvraag
from werkopdrachten.models import Kerntaak, Kwalificatie, Vakvaardigheid, Werkopdracht, Werkproces

DEMO_WACHTWOORD = "demo-praktijkwijs"
SEED = 2024
DOSSIER_VERSIE = "2024"
GELDIG_VANAF = datetime.date(2024, 8, 1)

Doelgroep = Deelnemer.Doelgroep
Verwijzer = Deelnemer.Verwijzer

# --- Catalogue -------------------------------------------------------------------------------
# Kwalificaties as in the kwalificatiedossiers: crebo, name, niveau, kerntaken with werkprocessen.

KWALIFICATIES = (
    {
        "crebo": "25254",
        "naam": "Assistent logistiek",
        "niveau": 1,
        "kerntaken": (
            (
                "B1-K1",
                "Voert logistieke basiswerkzaamheden uit",
                (
                    ("B1-K1-W1", "Ontvangt goederen"),
                    ("B1-K1-W2", "Slaat goederen op"),
                    ("B1-K1-W3", "Verzamelt orders"),
                    ("B1-K1-W4", "Maakt zendingen verzendklaar"),
                ),
            ),
            (
                "B1-K2",
                "Zorgt voor een veilige en nette werkplek",
                (
                    ("B1-K2-W1", "Werkt veilig volgens de voorschriften"),
                    ("B1-K2-W2", "Houdt de werkplek en het materiaal op orde"),
                ),
            ),
        ),
    },
    {
        "crebo": "25256",
        "naam": "Assistent horeca, voeding of voedingsindustrie",
        "niveau": 1,
        "kerntaken": (
            (
                "B1-K1",
                "Bereidt eenvoudige gerechten en producten",
                (
                    ("B1-K1-W1", "Maakt de werkplek en de ingrediënten gereed"),
                    ("B1-K1-W2", "Bereidt eenvoudige gerechten"),
                    ("B1-K1-W3", "Geeft gerechten uit"),
                ),
            ),
            (
                "B1-K2",
                "Werkt hygiënisch en houdt de keuken schoon",
                (
                    ("B1-K2-W1", "Werkt volgens de hygiëneregels"),
                    ("B1-K2-W2", "Maakt de keuken en het keukenmateriaal schoon"),
                    ("B1-K2-W3", "Ontvangt en bewaart voorraad"),
                ),
            ),
        ),
    },
    {
        "crebo": "25252",
        "naam": "Assistent bouwen, wonen en onderhoud",
        "niveau": 1,
        "kerntaken": (
            (
                "B1-K1",
                "Voert eenvoudige bouw- en onderhoudswerkzaamheden uit",
                (
                    ("B1-K1-W1", "Bereidt de werkzaamheden voor"),
                    ("B1-K1-W2", "Voert eenvoudige timmerwerkzaamheden uit"),
                    ("B1-K1-W3", "Voert eenvoudige schilderwerkzaamheden uit"),
                    ("B1-K1-W4", "Voert eenvoudige reparaties en onderhoud uit"),
                ),
            ),
            (
                "B1-K2",
                "Werkt veilig en ruimt de werkplek op",
                (
                    ("B1-K2-W1", "Werkt veilig met gereedschap en materiaal"),
                    ("B1-K2-W2", "Ruimt de werkplek op en voert afval af"),
                ),
            ),
        ),
    },
    {
        "crebo": "25405",
        "naam": "Medewerker teelt",
        "niveau": 2,
        "kerntaken": (
            (
                "B1-K1",
                "Voert teeltwerkzaamheden uit",
                (
                    ("B1-K1-W1", "Bereidt de grond of het teeltsubstraat voor"),
                    ("B1-K1-W2", "Zaait, plant en vermeerdert gewassen"),
                    ("B1-K1-W3", "Verzorgt gewassen"),
                    ("B1-K1-W4", "Oogst en verwerkt producten"),
                ),
            ),
            (
                "B1-K2",
                "Voert ondersteunende werkzaamheden uit",
                (
                    ("B1-K2-W1", "Gebruikt en onderhoudt gereedschap en kleine machines"),
                    ("B1-K2-W2", "Houdt de kas en de werkplek schoon en veilig"),
                ),
            ),
        ),
    },
    {
        "crebo": "25250",
        "naam": "Assistent dienstverlening en zorg",
        "niveau": 1,
        "kerntaken": (
            (
                "B1-K1",
                "Ondersteunt bij begeleiding en activiteiten",
                (
                    ("B1-K1-W1", "Ontvangt deelnemers en bezoekers"),
                    ("B1-K1-W2", "Helpt bij het uitvoeren van activiteiten"),
                    ("B1-K1-W3", "Signaleert bijzonderheden en meldt deze"),
                ),
            ),
            (
                "B1-K2",
                "Voert dienstverlenende werkzaamheden uit",
                (
                    ("B1-K2-W1", "Verzorgt drinken en eenvoudige maaltijden"),
                    ("B1-K2-W2", "Houdt ruimtes schoon en opgeruimd"),
                ),
            ),
        ),
    },
)

# Vakvaardigheden with "the binder of all werkopdrachten": (titel, omschrijving, werkproces codes).
VAKVAARDIGHEDEN = (
    {
        "naam": "Productielogistiek",
        "crebo": "25254",
        "omschrijving": "Goederen ontvangen, opslaan, orders verzamelen en verzendklaar maken in een productiebedrijf.",
        "werkopdrachten": (
            (
                "Vrachtwagen lossen met de handpompwagen",
                "Pallets en dozen veilig uit de vrachtwagen halen en in het ontvangstvak zetten.",
                ("B1-K1-W1", "B1-K2-W1"),
            ),
            (
                "Pakbon controleren bij ontvangst",
                "Aantallen en artikelnummers op de pakbon vergelijken met de levering en verschillen melden.",
                ("B1-K1-W1",),
            ),
            (
                "Beschadigde goederen melden",
                "Schade aan verpakking of product herkennen, een foto maken en melden bij de teamleider.",
                ("B1-K1-W1",),
            ),
            (
                "Goederen wegzetten op de juiste locatie",
                "Met de scanner de locatie opzoeken en de goederen in de stelling plaatsen.",
                ("B1-K1-W2",),
            ),
            (
                "Voorraad tellen",
                "Een telopdracht uitvoeren en verschillen met de voorraadlijst doorgeven.",
                ("B1-K1-W2",),
            ),
            (
                "Productielijn bevoorraden",
                "Materialen op tijd naar de productielijn brengen volgens de kanbankaarten.",
                ("B1-K1-W2", "B1-K1-W3"),
            ),
            (
                "Orderpicken met de scanner",
                "Een orderlijst afwerken: het juiste artikel, het juiste aantal, in de juiste volgorde.",
                ("B1-K1-W3",),
            ),
            (
                "Kleine onderdelen tellen met de telweegschaal",
                "Schroeven en bevestigingsmateriaal per stuk of op gewicht afpakken.",
                ("B1-K1-W3",),
            ),
            (
                "Dozen inpakken en etiketteren",
                "Producten stevig inpakken, de doos sluiten en het juiste etiket plakken.",
                ("B1-K1-W4",),
            ),
            (
                "Pallet opbouwen en wikkelen",
                "Een stabiele pallet stapelen en met folie omwikkelen.",
                ("B1-K1-W4", "B1-K2-W1"),
            ),
            (
                "Verzendlabel en vrachtbrief klaarmaken",
                "Het verzendlabel printen en de vrachtbrief controleren voordat de zending vertrekt.",
                ("B1-K1-W4",),
            ),
            (
                "Veilig rijden met de elektrische pompwagen",
                "Na instructie veilig rijden, laden en parkeren met de elektrische pompwagen.",
                ("B1-K2-W1",),
            ),
            (
                "Persoonlijke beschermingsmiddelen gebruiken",
                "Veiligheidsschoenen, handschoenen en hesje dragen en weten waarom.",
                ("B1-K2-W1",),
            ),
            (
                "Werkplek opruimen volgens 5S",
                "Aan het eind van de dienst de werkplek opruimen en alles op de vaste plek leggen.",
                ("B1-K2-W2",),
            ),
            (
                "Afval en verpakking scheiden",
                "Karton, folie en restafval scheiden en naar de juiste container brengen.",
                ("B1-K2-W2",),
            ),
        ),
    },
    {
        "naam": "Assistent keuken",
        "crebo": "25256",
        "omschrijving": "Meewerken in de keuken: voorbereiden, eenvoudige gerechten maken, uitgeven en schoonmaken.",
        "werkopdrachten": (
            (
                "Handen wassen en werkkleding dragen",
                "Volgens de hygiëneregels handen wassen en een schort en haarnetje dragen.",
                ("B1-K2-W1",),
            ),
            (
                "Groenten wassen en snijden",
                "Groenten uit de moestuin wassen, schillen en in gelijke stukken snijden.",
                ("B1-K1-W1",),
            ),
            (
                "Mise-en-place maken voor de lunch",
                "Alle ingrediënten en materialen klaarzetten aan de hand van het recept.",
                ("B1-K1-W1",),
            ),
            (
                "Soep maken volgens recept",
                "Een pan soep maken voor de lunch, op smaak brengen en warm houden.",
                ("B1-K1-W2",),
            ),
            (
                "Broodjes beleggen",
                "Broodjes netjes en volgens de bestellijst beleggen.",
                ("B1-K1-W2",),
            ),
            (
                "Salade maken met eigen oogst",
                "Een salade maken met groenten en kruiden van het eigen land.",
                ("B1-K1-W2",),
            ),
            (
                "Lunch uitserveren aan gasten",
                "Borden netjes opmaken en vriendelijk uitgeven aan de gasten.",
                ("B1-K1-W3",),
            ),
            (
                "Allergenen herkennen en melden",
                "Weten welke allergenen in een gerecht zitten en dit aan de gast vertellen.",
                ("B1-K1-W3", "B1-K2-W1"),
            ),
            (
                "Temperatuur van de koeling controleren",
                "De temperatuur van koelkast en vriezer meten en op de HACCP-lijst noteren.",
                ("B1-K2-W1", "B1-K2-W3"),
            ),
            (
                "Afwassen met de vaatwasmachine",
                "Vaat voorspoelen, de machine vullen en schone vaat opruimen.",
                ("B1-K2-W2",),
            ),
            (
                "Keuken schoonmaken volgens rooster",
                "Werkbanken, fornuis en vloer schoonmaken volgens het schoonmaakrooster.",
                ("B1-K2-W2",),
            ),
            (
                "Bestelling ontvangen en koel wegzetten",
                "De levering controleren, de houdbaarheid nakijken en first in, first out wegzetten.",
                ("B1-K2-W3",),
            ),
        ),
    },
    {
        "naam": "Assistent klusser",
        "crebo": "25252",
        "omschrijving": "Kleine timmer-, schilder- en onderhoudsklussen op het terrein en in de gebouwen.",
        "werkopdrachten": (
            (
                "Materiaal en gereedschap verzamelen voor een klus",
                "Aan de hand van de werkbon het juiste materiaal en gereedschap klaarleggen.",
                ("B1-K1-W1",),
            ),
            (
                "Hout meten, aftekenen en zagen",
                "Op maat meten, aftekenen met een winkelhaak en recht zagen.",
                ("B1-K1-W2", "B1-K2-W1"),
            ),
            (
                "Plantenbak timmeren",
                "Een plantenbak van steigerhout in elkaar zetten volgens een tekening.",
                ("B1-K1-W2",),
            ),
            (
                "Schuren en schilderklaar maken",
                "Hout schuren, stofvrij maken en afplakken voordat er geschilderd wordt.",
                ("B1-K1-W3",),
            ),
            (
                "Hek of schuurtje schilderen",
                "Gronden en aflakken van een hek of schuurtje, zonder vlekken en druppels.",
                ("B1-K1-W3",),
            ),
            (
                "Picknickbank repareren",
                "Kapotte planken vervangen en de bank weer stevig vastzetten.",
                ("B1-K1-W4",),
            ),
            (
                "Deur en scharnieren afstellen",
                "Een klemmende deur afstellen en scharnieren smeren of vervangen.",
                ("B1-K1-W4",),
            ),
            (
                "Kraanleertje vervangen",
                "Het water afsluiten, de kraan openmaken en het leertje vervangen.",
                ("B1-K1-W4",),
            ),
            (
                "Veilig werken met de accuboormachine en de zaag",
                "Gehoorbescherming en veiligheidsbril dragen en het gereedschap goed vasthouden.",
                ("B1-K2-W1",),
            ),
            (
                "Ladder veilig gebruiken",
                "De ladder controleren, goed neerzetten en veilig op en af gaan.",
                ("B1-K2-W1",),
            ),
            (
                "Werkplek opruimen en afval scheiden",
                "Na de klus opruimen en hout, metaal en restafval apart afvoeren.",
                ("B1-K2-W2",),
            ),
            (
                "Gereedschap schoonmaken en onderhouden",
                "Kwasten uitspoelen, zaagbladen controleren en het gereedschap terugleggen.",
                ("B1-K2-W2",),
            ),
        ),
    },
    {
        "naam": "Assistent kweek",
        "crebo": "25405",
        "omschrijving": "Meewerken in de moestuin en de kas: zaaien, verzorgen en oogsten.",
        "werkopdrachten": (
            (
                "Moestuinbed spitten en bemesten",
                "Een bed omspitten en compost door de grond werken.",
                ("B1-K1-W1",),
            ),
            (
                "Potgrond mengen en zaaibakken vullen",
                "Potgrond mengen en zaaibakken en potjes gelijkmatig vullen.",
                ("B1-K1-W1",),
            ),
            (
                "Zaaien in de kas",
                "Zaad op de goede diepte en afstand zaaien en het etiket invullen.",
                ("B1-K1-W2",),
            ),
            (
                "Zaailingen verspenen",
                "Jonge plantjes voorzichtig uit de zaaibak halen en in eigen potjes zetten.",
                ("B1-K1-W2",),
            ),
            (
                "Planten uitplanten in de volle grond",
                "Jonge planten op de juiste afstand uitplanten en aangieten.",
                ("B1-K1-W2",),
            ),
            (
                "Kruiden stekken",
                "Stekken snijden van kruiden en deze laten wortelen.",
                ("B1-K1-W2",),
            ),
            (
                "Water geven volgens het gietschema",
                "Kas en buitenbedden water geven volgens het schema en het weer.",
                ("B1-K1-W3",),
            ),
            (
                "Onkruid wieden en schoffelen",
                "Onkruid herkennen en verwijderen zonder de gewassen te beschadigen.",
                ("B1-K1-W3",),
            ),
            (
                "Ziekten en plagen herkennen en melden",
                "Luizen, slakken en schimmel herkennen en dit melden aan de begeleider.",
                ("B1-K1-W3",),
            ),
            (
                "Groenten oogsten",
                "Rijpe groenten oogsten voor de keuken en de boerderijwinkel.",
                ("B1-K1-W4",),
            ),
            (
                "Oogst wassen, sorteren en verpakken",
                "De oogst schoonmaken, sorteren op kwaliteit en verpakken voor de verkoop.",
                ("B1-K1-W4",),
            ),
            (
                "Gereedschap en de tuinfrees schoonmaken",
                "Na gebruik schoonmaken, controleren op schade en veilig opbergen.",
                ("B1-K2-W1",),
            ),
            (
                "Kas en potterij opruimen",
                "Potten, bakken en paden schoon en veilig houden.",
                ("B1-K2-W2",),
            ),
        ),
    },
    {
        "naam": "Assistent groepsbegeleider",
        "crebo": "25250",
        "omschrijving": "Helpen bij de begeleiding van groepen en bezoekers op de boerderij.",
        "werkopdrachten": (
            (
                "Gasten en deelnemers welkom heten",
                "Mensen vriendelijk ontvangen, hun naam vragen en de weg wijzen.",
                ("B1-K1-W1",),
            ),
            (
                "Rondleiding geven over de boerderij",
                "Een korte rondleiding geven langs de dieren, de moestuin en de winkel.",
                ("B1-K1-W1",),
            ),
            (
                "Dagprogramma uitleggen aan de groep",
                "In eenvoudige woorden vertellen wat de groep vandaag gaat doen.",
                ("B1-K1-W1", "B1-K1-W2"),
            ),
            (
                "Activiteit voorbereiden",
                "Materialen klaarzetten voor een activiteit volgens de planning.",
                ("B1-K1-W2",),
            ),
            (
                "Helpen bij dieren voeren met kinderen",
                "Een groep kinderen veilig helpen bij het voeren van de dieren.",
                ("B1-K1-W2",),
            ),
            (
                "Een deelnemer helpen bij een tuintaak",
                "Samen met een deelnemer een taak in de tuin uitvoeren en aanmoedigen.",
                ("B1-K1-W2",),
            ),
            (
                "Bijzonderheden doorgeven aan de begeleider",
                "Zien wanneer iemand niet lekker in zijn vel zit of zich niet aan afspraken houdt, en dit melden.",
                ("B1-K1-W3",),
            ),
            (
                "Overdracht invullen aan het eind van de dag",
                "Kort opschrijven hoe de dag ging en wat de volgende begeleider moet weten.",
                ("B1-K1-W3",),
            ),
            (
                "Koffie en thee verzorgen voor de groep",
                "Koffie en thee zetten en rondbrengen, rekening houdend met wensen.",
                ("B1-K2-W1",),
            ),
            (
                "Lunch klaarzetten met de groep",
                "Samen met deelnemers de tafel dekken en de lunch klaarzetten.",
                ("B1-K2-W1",),
            ),
            (
                "Ruimte opruimen na een activiteit",
                "De ruimte opruimen en schoonmaken zodat de volgende groep kan beginnen.",
                ("B1-K2-W2",),
            ),
        ),
    },
)

# --- Organisations -----------------------------------------------------------------------------

SCHOLEN = (
    {"naam": "Graafschap College", "brin": "01OE", "afkorting": "GC", "plaats": "Doetinchem"},
    {"naam": "Aeres MBO", "brin": "25LH", "afkorting": "AE", "plaats": "Barneveld"},
)

# Gemeenten where the deelnemers of each bedrijf typically live.
BEDRIJVEN = (
    {
        "naam": "Laborijn",
        "plaats": "Doetinchem",
        "sbb_erkenningsnummer": "100045821",
        "email": "praktijkleren.laborijn@example.org",
        "tonen_op_website": True,
        "vakvaardigheden": ("Productielogistiek",),
        "gemeenten": ("Doetinchem", "Oude IJsselstreek", "Aalten", "Doetinchem"),
    },
    {
        "naam": "Stadsboerin Doetinchem",
        "plaats": "Doetinchem",
        "sbb_erkenningsnummer": "100213377",
        "email": "stadsboerin@example.org",
        "tonen_op_website": True,
        "vakvaardigheden": ("Assistent keuken", "Assistent klusser", "Assistent kweek", "Assistent groepsbegeleider"),
        "gemeenten": ("Doetinchem", "Doetinchem", "Montferland", "Bronckhorst"),
    },
    {
        "naam": "Zorgcentrum De Lindehof",
        "plaats": "Aalten",
        "sbb_erkenningsnummer": "100178302",
        "email": "lindehof@example.org",
        "tonen_op_website": True,
        "vakvaardigheden": ("Assistent keuken", "Assistent groepsbegeleider"),
        "gemeenten": ("Aalten", "Winterswijk", "Oude IJsselstreek"),
    },
    {
        "naam": "Kwekerij Het Zonnegoed",
        "plaats": "Lichtenvoorde",
        "sbb_erkenningsnummer": "100190455",
        "email": "zonnegoed@example.org",
        "tonen_op_website": True,
        "vakvaardigheden": ("Assistent kweek",),
        "gemeenten": ("Oost Gelre", "Berkelland", "Winterswijk", "Bronckhorst"),
    },
    {
        # Not (yet) erkend by SBB: the app warns about the missing erkenningsnummer.
        "naam": "Klusbedrijf Te Winkel",
        "plaats": "Winterswijk",
        "sbb_erkenningsnummer": "",
        "email": "tewinkel@example.org",
        "tonen_op_website": False,
        "vakvaardigheden": ("Assistent klusser",),
        "gemeenten": ("Winterswijk", "Aalten", "Berkelland"),
    },
)

# --- Logins ------------------------------------------------------------------------------------
# (username, voornaam, achternaam, rol, organisation, functie). All share DEMO_WACHTWOORD.

COORDINATOREN = (("coordinator", "Marloes", "Heijink"),)

BEGELEIDERS = (
    ("begeleider", "Henk", "Schreurs", "Laborijn", "Praktijkbegeleider productielogistiek"),
    ("jbulten", "Joyce", "Bulten", "Laborijn", "Praktijkbegeleider productielogistiek"),
    ("begeleider2", "Sanne", "Hulshof", "Stadsboerin Doetinchem", "Praktijkbegeleider keuken en kweek"),
    ("iroelofs", "Ingrid", "Roelofs", "Zorgcentrum De Lindehof", "Teamleider keuken en dagbesteding"),
    ("blensink", "Bart", "Lensink", "Kwekerij Het Zonnegoed", "Bedrijfsleider"),
    ("gtewinkel", "Gerrit", "te Winkel", "Klusbedrijf Te Winkel", "Eigenaar"),
)

BEOORDELAARS = (
    ("beoordelaar", "Peter", "Kamphuis", "Graafschap College"),
    ("beoordelaar-aeres", "Linda", "Verheul", "Aeres MBO"),
)

# --- Deelnemers and what happened to their aanvraag ----------------------------------------------

# A plek: bedrijf, vakvaardigheden, begeleider (username) and school of an aanvraag.
PLEKKEN = {
    "laborijn-henk": ("Laborijn", ("Productielogistiek",), "begeleider", "Graafschap College"),
    "laborijn-joyce": ("Laborijn", ("Productielogistiek",), "jbulten", "Graafschap College"),
    "sb-keuken": ("Stadsboerin Doetinchem", ("Assistent keuken",), "begeleider2", "Graafschap College"),
    "sb-kweek": ("Stadsboerin Doetinchem", ("Assistent kweek",), "begeleider2", "Graafschap College"),
    "sb-keuken-kweek": (
        "Stadsboerin Doetinchem",
        ("Assistent keuken", "Assistent kweek"),
        "begeleider2",
        "Graafschap College",
    ),
    "sb-klus": ("Stadsboerin Doetinchem", ("Assistent klusser",), "begeleider2", "Graafschap College"),
    "sb-groep": ("Stadsboerin Doetinchem", ("Assistent groepsbegeleider",), "begeleider2", "Graafschap College"),
    "lindehof-keuken": ("Zorgcentrum De Lindehof", ("Assistent keuken",), "iroelofs", "Graafschap College"),
    "lindehof-groep": ("Zorgcentrum De Lindehof", ("Assistent groepsbegeleider",), "iroelofs", "Graafschap College"),
    "kwekerij": ("Kwekerij Het Zonnegoed", ("Assistent kweek",), "blensink", "Aeres MBO"),
    "klusbedrijf": ("Klusbedrijf Te Winkel", ("Assistent klusser",), "gtewinkel", "Graafschap College"),
}


class DemoDeelnemer(NamedTuple):
    voornamen: str
    tussenvoegsel: str
    achternaam: str
    geboorteplaats: str
    doelgroep: str
    plek: str
    # An Aanvraag.Status for open or closed aanvragen; for approved ones the traject's fate:
    # "gepland", "actief", "stil" (actief, no progress for weeks), "afgerond" or "gestopt".
    uitkomst: str
    login: str = ""


DEELNEMERS = (
    DemoDeelnemer(
        "Ruben", "", "Hendriksen", "Doetinchem", Doelgroep.WERKNEMER, "laborijn-henk", "afgerond", login="deelnemer"
    ),
    DemoDeelnemer("Dennis", "", "Wissink", "Doetinchem", Doelgroep.WERKNEMER, "laborijn-henk", "actief"),
    DemoDeelnemer("Sandra", "", "Klein Gunnewiek", "Lichtenvoorde", Doelgroep.WERKNEMER, "laborijn-henk", "actief"),
    DemoDeelnemer("Mohammed", "", "Al-Khatib", "Aleppo", Doelgroep.WERKZOEKENDE, "laborijn-henk", "actief"),
    DemoDeelnemer("Bas", "van den", "Berg", "Zutphen", Doelgroep.WERKZOEKENDE, "laborijn-henk", "stil"),
    DemoDeelnemer(
        "Jan-Willem", "", "Bussink", "Winterswijk", Doelgroep.WERKZOEKENDE, "laborijn-henk", "intake_gehouden"
    ),
    DemoDeelnemer("Tomáš", "", "Dvořák", "Brno", Doelgroep.WERKNEMER, "laborijn-joyce", "actief"),
    DemoDeelnemer("Ilse", "te", "Lintelo", "Aalten", Doelgroep.WERKNEMER, "laborijn-joyce", "actief"),
    DemoDeelnemer("Gerrit", "", "Tiemessen", "Terborg", Doelgroep.WERKNEMER, "laborijn-joyce", "gestopt"),
    DemoDeelnemer("Kevin", "", "Rouwhorst", "Doetinchem", Doelgroep.SCHOOLVERLATER, "laborijn-joyce", "gepland"),
    DemoDeelnemer("Priscilla", "", "Bakboord", "Paramaribo", Doelgroep.WERKZOEKENDE, "laborijn-joyce", "ingediend"),
    DemoDeelnemer("Marco", "", "Roelofsen", "Doetinchem", Doelgroep.WERKZOEKENDE, "laborijn-joyce", "ingetrokken"),
    DemoDeelnemer("Piotr", "", "Wiśniewski", "Wrocław", Doelgroep.WERKZOEKENDE, "laborijn-henk", "afgewezen"),
    DemoDeelnemer("Zoë", "", "Jansen", "Doetinchem", Doelgroep.SCHOOLVERLATER, "sb-groep", "actief"),
    DemoDeelnemer("Thi Lan", "", "Nguyễn", "Hải Phòng", Doelgroep.INBURGERAAR, "sb-keuken", "actief"),
    DemoDeelnemer("Semhar", "", "Tesfamariam", "Asmara", Doelgroep.INBURGERAAR, "sb-kweek", "actief"),
    DemoDeelnemer("Yonas", "", "Ghebremedhin", "Keren", Doelgroep.INBURGERAAR, "sb-klus", "actief"),
    DemoDeelnemer("Rahim", "", "Ahmadzai", "Kabul", Doelgroep.INBURGERAAR, "sb-kweek", "stil"),
    DemoDeelnemer("Olena", "", "Kovalenko", "Charkiv", Doelgroep.ANDERS, "sb-groep", "gepland"),
    DemoDeelnemer("Rania", "", "Al-Masri", "Homs", Doelgroep.INBURGERAAR, "sb-keuken-kweek", "afgerond"),
    DemoDeelnemer("Dawit", "", "Tekle", "Asmara", Doelgroep.INBURGERAAR, "sb-klus", "intake_gehouden"),
    DemoDeelnemer("Nour", "", "Hamdan", "Damascus", Doelgroep.INBURGERAAR, "sb-groep", "intake_gepland"),
    DemoDeelnemer("Ahmad", "", "Rahimi", "Herat", Doelgroep.INBURGERAAR, "sb-keuken", "ingediend"),
    DemoDeelnemer("Fatima", "", "Yusuf", "Mogadishu", Doelgroep.INBURGERAAR, "sb-kweek", "ingetrokken"),
    DemoDeelnemer("Mustafa", "", "Aziz", "Aleppo", Doelgroep.INBURGERAAR, "sb-klus", "afgewezen"),
    DemoDeelnemer("Gülşen", "", "Doğan", "Konya", Doelgroep.WERKZOEKENDE, "lindehof-keuken", "actief"),
    DemoDeelnemer("Anouk", "", "Wikkerink", "Aalten", Doelgroep.SCHOOLVERLATER, "lindehof-groep", "actief"),
    DemoDeelnemer("Henriëtte", "", "Ebbers", "Winterswijk", Doelgroep.WERKZOEKENDE, "lindehof-groep", "stil"),
    DemoDeelnemer("Lisa", "", "Hoftijzer", "Aalten", Doelgroep.SCHOOLVERLATER, "lindehof-keuken", "intake_gepland"),
    DemoDeelnemer("Stefan", "", "Heutink", "Eibergen", Doelgroep.WERKZOEKENDE, "lindehof-keuken", "afgewezen"),
    DemoDeelnemer("Eline", "van", "Aken", "Groenlo", Doelgroep.ANDERS, "lindehof-groep", "ingediend"),
    DemoDeelnemer("Thijs", "", "Ormel", "Lichtenvoorde", Doelgroep.SCHOOLVERLATER, "kwekerij", "actief"),
    DemoDeelnemer("Daan", "ten", "Brinke", "Groenlo", Doelgroep.SCHOOLVERLATER, "kwekerij", "afgerond"),
    DemoDeelnemer("Jesse", "", "Nijenhuis", "Ruurlo", Doelgroep.SCHOOLVERLATER, "kwekerij", "gepland"),
    DemoDeelnemer("Sven", "", "Gotink", "Neede", Doelgroep.SCHOOLVERLATER, "kwekerij", "intake_gehouden"),
    DemoDeelnemer("Milan", "", "Lubbers", "Borculo", Doelgroep.SCHOOLVERLATER, "kwekerij", "ingediend"),
    DemoDeelnemer("Wouter", "", "Hengeveld", "Winterswijk", Doelgroep.WERKZOEKENDE, "klusbedrijf", "actief"),
    DemoDeelnemer("Mehmet", "", "Yılmaz", "Winterswijk", Doelgroep.WERKZOEKENDE, "klusbedrijf", "gestopt"),
    DemoDeelnemer("Robin", "", "Meijerink", "Doetinchem", Doelgroep.WERKZOEKENDE, "klusbedrijf", "intake_gepland"),
    DemoDeelnemer("Jeroen", "", "Koster", "Doetinchem", Doelgroep.ANDERS, "klusbedrijf", "ingetrokken"),
)

# Why an aanvraag was rejected or withdrawn, or a traject stopped, by achternaam.
REDENEN = {
    "Tiemessen": "Langdurig ziek; de bedrijfsarts adviseert eerst te herstellen.",
    "Roelofsen": "Heeft zelf een betaalde baan gevonden bij een transportbedrijf.",
    "Wiśniewski": "Beheerst het werk al grotendeels; een EVC-traject past beter.",
    "Yusuf": "Wil eerst de taalcursus afmaken en meldt zich later opnieuw aan.",
    "Aziz": "Het klussen is lichamelijk te zwaar; in overleg met de gemeente eerst een zorgtraject.",
    "Heutink": "Wil een volledig diploma halen; doorverwezen naar de bbl-opleiding van het Graafschap College.",
    "Yılmaz": "Verhuisd naar Enschede; de reistijd naar Winterswijk werd te lang.",
    "Koster": "Start toch met een opleiding tot timmerman.",
}

# How many days ago the aanvraag was submitted, per uitkomst.
INGEDIEND_DAGEN_GELEDEN = {
    "ingediend": (2, 18),
    "intake_gepland": (8, 25),
    "intake_gehouden": (18, 40),
    "afgewezen": (45, 240),
    "ingetrokken": (30, 200),
    "gepland": (30, 55),
    "actief": (70, 250),
    "stil": (90, 200),
    "afgerond": (250, 300),
    "gestopt": (150, 280),
}

# Share of the werkopdrachten mastered, per traject uitkomst.
DEEL_BEHEERST = {"actief": (0.2, 0.8), "stil": (0.1, 0.4), "gestopt": (0.1, 0.5), "afgerond": (1.0, 1.0)}

GEPLANDE_UREN = {
    Doelgroep.INBURGERAAR: Decimal(16),
    Doelgroep.WERKNEMER: Decimal(32),
    Doelgroep.SCHOOLVERLATER: Decimal(24),
    Doelgroep.WERKZOEKENDE: Decimal(20),
    Doelgroep.ANDERS: Decimal(12),
}
URENNORMEN = ((Doelgroep.INBURGERAAR, Decimal(16)),)

VERWIJZERS = {
    Doelgroep.INBURGERAAR: (Verwijzer.GEMEENTE,),
    Doelgroep.WERKNEMER: (Verwijzer.SW_BEDRIJF,),
    Doelgroep.SCHOOLVERLATER: (Verwijzer.SCHOOL,),
    Doelgroep.WERKZOEKENDE: (Verwijzer.GEMEENTE, Verwijzer.UWV, Verwijzer.ZELF),
    Doelgroep.ANDERS: (Verwijzer.ZELF, Verwijzer.WERKGEVER),
}

# Who filled in the aanvraag for the deelnemer: (naam, organisatie, e-mail); {gemeente} is filled in.
AANMELDERS = {
    Verwijzer.GEMEENTE: ("Petra Ruesink", "Gemeente {gemeente}", "p.ruesink@example.org"),
    Verwijzer.UWV: ("Johan Reinders", "UWV Doetinchem", "j.reinders@example.org"),
    Verwijzer.SW_BEDRIJF: ("Karin Bosch", "Laborijn", "k.bosch@example.org"),
    Verwijzer.SCHOOL: ("Marieke Stoltenborg", "Aeres MBO", "m.stoltenborg@example.org"),
}

TOELICHTINGEN = {
    Doelgroep.INBURGERAAR: "Wil werkervaring opdoen voor de urennorm van de inburgering en Nederlands oefenen.",
    Doelgroep.WERKNEMER: "Werkt bij Laborijn en wil laten vastleggen wat hij of zij al kan.",
    Doelgroep.SCHOOLVERLATER: "Heeft de opleiding niet afgemaakt, maar wil wel bewijs van wat hij of zij kan.",
    Doelgroep.WERKZOEKENDE: "Zoekt werk en wil met een praktijkverklaring sterker staan bij werkgevers.",
    Doelgroep.ANDERS: "Wil graag weer meedoen en ontdekken welk werk past.",
}

INTAKE_VERSLAGEN = {
    "positief": (
        "Gemotiveerd en leergierig. Heeft al wat ervaring en kan instructies goed volgen.",
        "Goed gesprek samen met de praktijkbegeleider. Wil graag beginnen; afgesproken om rustig op te bouwen.",
        "Spreekt nog weinig Nederlands, maar leert snel door voordoen. Werkopdrachten met plaatjes uitgelegd.",
    ),
    "twijfel": ("Twijfel over de belastbaarheid; we starten met een proefperiode van vier weken.",),
    "negatief": ("Het praktijkleren sluit niet aan bij wat de deelnemer nu zoekt.",),
}

NOTITIES = (
    "Zelfstandig uitgevoerd, ook op een drukke dag.",
    "Gaat steeds beter; nog één keer samen oefenen.",
    "Netjes en volgens de afspraken gedaan.",
    "Laat zien dat hij of zij dit goed begrijpt en kan uitleggen.",
    "Heeft dit nu drie keer zonder hulp gedaan.",
)


# --- Helpers -----------------------------------------------------------------------------------


def moment(datum: datetime.date, uur: int = 10, minuut: int = 0) -> datetime.datetime:
    """An aware datetime on ``datum`` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(uur, minuut)))


def ascii_naam(tekst: str) -> str:
    """Lower-case ASCII for e-mail addresses: "Nguyễn" -> "nguyen"."""
    zonder_accenten = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return "".join(teken for teken in zonder_accenten.lower() if teken.isalnum())


class Demo:
    """Builds the demo; one instance per run, holding the lookups and the random generator."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.vandaag = timezone.localdate()
        self.begin = timezone.now()
        self.wachtwoord = make_password(DEMO_WACHTWOORD)  # hash once: the hasher is slow on purpose
        self.scholen: dict[str, School] = {}
        self.bedrijven: dict[str, Bedrijf] = {}
        self.kwalificaties: dict[str, Kwalificatie] = {}
        self.vakvaardigheden: dict[str, Vakvaardigheid] = {}
        self.begeleiders: dict[str, Praktijkbegeleider] = {}
        self.coordinator: User | None = None

    def dagen_geleden(self, dagen: int) -> datetime.date:
        return self.vandaag - datetime.timedelta(days=dagen)

    def dateer(self, wijzigingen, op: datetime.datetime) -> None:
        """Move history rows that a transition method just stamped with now() back to ``op``.

        Rows dated earlier in this run already lie in the past, so only the new ones match.
        """
        wijzigingen.filter(op__gte=self.begin).update(op=op)

    # -- catalogue and organisations ----------------------------------------------------------

    def maak_catalogus(self) -> None:
        for data in KWALIFICATIES:
            kwalificatie, _ = Kwalificatie.objects.get_or_create(
                crebo=data["crebo"],
                dossier_versie=DOSSIER_VERSIE,
                defaults={"naam": data["naam"], "niveau": data["niveau"], "geldig_vanaf": GELDIG_VANAF},
            )
            for code, titel, werkprocessen in data["kerntaken"]:
                kerntaak, _ = Kerntaak.objects.get_or_create(
                    kwalificatie=kwalificatie, code=code, defaults={"titel": titel}
                )
                for wp_code, wp_titel in werkprocessen:
                    if not Werkproces.objects.filter(kwalificatie=kwalificatie, code=wp_code).exists():
                        Werkproces.objects.create(kerntaak=kerntaak, code=wp_code, titel=wp_titel)
            self.kwalificaties[data["crebo"]] = kwalificatie

        for data in VAKVAARDIGHEDEN:
            kwalificatie = self.kwalificaties[data["crebo"]]
            vak, _ = Vakvaardigheid.objects.get_or_create(
                naam=data["naam"], defaults={"kwalificatie": kwalificatie, "omschrijving": data["omschrijving"]}
            )
            werkprocessen = {wp.code: wp for wp in kwalificatie.werkprocessen.all()}
            for volgorde, (titel, omschrijving, codes) in enumerate(data["werkopdrachten"], start=1):
                opdracht, nieuw = Werkopdracht.objects.get_or_create(
                    vakvaardigheid=vak, titel=titel, defaults={"volgorde": volgorde, "omschrijving": omschrijving}
                )
                if nieuw:
                    opdracht.werkprocessen.set([werkprocessen[code] for code in codes])
            self.vakvaardigheden[data["naam"]] = vak

    def maak_organisaties(self) -> None:
        for data in SCHOLEN:
            school, _ = School.objects.get_or_create(
                brin=data["brin"],
                defaults={"naam": data["naam"], "afkorting": data["afkorting"], "plaats": data["plaats"]},
            )
            self.scholen[data["naam"]] = school
        for data in BEDRIJVEN:
            bedrijf = Bedrijf.objects.create(
                naam=data["naam"],
                plaats=data["plaats"],
                sbb_erkenningsnummer=data["sbb_erkenningsnummer"],
                email=data["email"],
                tonen_op_website=data["tonen_op_website"],
            )
            bedrijf.vakvaardigheden.set([self.vakvaardigheden[naam] for naam in data["vakvaardigheden"]])
            self.bedrijven[data["naam"]] = bedrijf
        for doelgroep, uren in URENNORMEN:
            UrenNorm.objects.get_or_create(doelgroep=doelgroep, defaults={"uren_per_week": uren})

    # -- logins -------------------------------------------------------------------------------

    def maak_user(self, username: str, voornaam: str, achternaam: str, rol: str) -> User:
        email = f"{ascii_naam(voornaam)}.{ascii_naam(achternaam)}@example.org"
        user = User.objects.create_user(
            username, email, password=None, first_name=voornaam, last_name=achternaam, rol=rol
        )
        user.password = self.wachtwoord
        user.save(update_fields=["password"])
        return user

    def maak_logins(self) -> None:
        for username, voornaam, achternaam in COORDINATOREN:
            self.coordinator = self.maak_user(username, voornaam, achternaam, User.Rol.COORDINATOR)
        for username, voornaam, achternaam, bedrijf, functie in BEGELEIDERS:
            user = self.maak_user(username, voornaam, achternaam, User.Rol.BEGELEIDER)
            self.begeleiders[username] = Praktijkbegeleider.objects.create(
                user=user, bedrijf=self.bedrijven[bedrijf], functie=functie
            )
        for username, voornaam, achternaam, school in BEOORDELAARS:
            user = self.maak_user(username, voornaam, achternaam, User.Rol.BEOORDELAAR)
            Beoordelaar.objects.create(user=user, school=self.scholen[school])

    # -- deelnemers, aanvragen and trajecten --------------------------------------------------

    def maak_deelnemer(self, data: DemoDeelnemer) -> Deelnemer:
        bedrijf_naam = PLEKKEN[data.plek][0]
        gemeenten = next(b["gemeenten"] for b in BEDRIJVEN if b["naam"] == bedrijf_naam)
        leeftijd = self.rng.randint(17, 22) if data.doelgroep == Doelgroep.SCHOOLVERLATER else self.rng.randint(21, 58)
        geboortedatum = self.vandaag - datetime.timedelta(days=365 * leeftijd + self.rng.randint(0, 364))
        user = None
        if data.login:
            user = self.maak_user(data.login, data.voornamen, data.achternaam, User.Rol.DEELNEMER)
        achternaam = " ".join(part for part in (data.tussenvoegsel, data.achternaam) if part)
        return Deelnemer.objects.create(
            voornamen=data.voornamen,
            tussenvoegsel=data.tussenvoegsel,
            achternaam=data.achternaam,
            geboortedatum=geboortedatum,
            geboorteplaats=data.geboorteplaats,
            email=f"{ascii_naam(data.voornamen)}.{ascii_naam(achternaam)}@example.org",
            gemeente=self.rng.choice(gemeenten),
            doelgroep=data.doelgroep,
            verwijzer=self.rng.choice(VERWIJZERS[data.doelgroep]),
            user=user,
        )

    def maak_aanvraag(self, data: DemoDeelnemer, deelnemer: Deelnemer) -> Aanvraag:
        """Create the aanvraag and walk it through the transitions to its final status."""
        bedrijf_naam, vak_namen, begeleider, school_naam = PLEKKEN[data.plek]
        vakken = [self.vakvaardigheden[naam] for naam in vak_namen]
        ingediend = self.dagen_geleden(self.rng.randint(*INGEDIEND_DAGEN_GELEDEN[data.uitkomst]))
        ingediend_op = moment(ingediend, self.rng.randint(8, 16), self.rng.choice((0, 15, 30, 45)))
        aanmelder = AANMELDERS.get(deelnemer.verwijzer, ("", "", ""))
        # Recent aanvragen without a referrer came in through the public form.
        via_formulier = data.uitkomst == "ingediend" and not aanmelder[0]
        aanvraag = Aanvraag.objects.create(
            deelnemer=deelnemer,
            gewenste_startdatum=ingediend + datetime.timedelta(weeks=self.rng.randint(3, 8)),
            toelichting=TOELICHTINGEN[data.doelgroep],
            aanmelder_naam=aanmelder[0],
            aanmelder_organisatie=aanmelder[1].format(gemeente=deelnemer.gemeente),
            aanmelder_email=aanmelder[2],
            ingediend_op=ingediend_op,
        )
        aanvraag.vakvaardigheden.set(vakken)
        AanvraagWijziging.objects.create(
            aanvraag=aanvraag,
            op=ingediend_op,
            door=None if via_formulier else self.coordinator,
            naar_status=Aanvraag.Status.INGEDIEND,
            toelichting="Aangemeld via het formulier op de website." if via_formulier else "Aanvraag vastgelegd.",
        )
        Deelnemer.objects.filter(pk=deelnemer.pk).update(aangemaakt_op=ingediend_op)

        if data.uitkomst == Aanvraag.Status.INGEDIEND:
            return aanvraag
        ingetrokken_voor_intake = data.uitkomst == Aanvraag.Status.INGETROKKEN and self.rng.random() < 0.5
        if ingetrokken_voor_intake:
            return self.sluit(aanvraag, ingediend + datetime.timedelta(days=self.rng.randint(3, 12)), data)

        # Every other aanvraag gets a bedrijf and school and an intake.
        Aanvraag.objects.filter(pk=aanvraag.pk).update(
            bedrijf=self.bedrijven[bedrijf_naam], school=self.scholen[school_naam]
        )
        gepland_op = ingediend + datetime.timedelta(days=self.rng.randint(1, 4))
        if data.uitkomst == Aanvraag.Status.INTAKE_GEPLAND:
            intake_dag = self.vandaag + datetime.timedelta(days=self.rng.randint(2, 12))
        else:
            intake_dag = gepland_op + datetime.timedelta(days=self.rng.randint(4, 10))
        aanvraag.plan_intake(
            door=self.coordinator,
            op=moment(intake_dag, self.rng.choice((9, 10, 11, 13, 14))),
            intake_door=self.coordinator,
            toelichting=f"Intake bij {bedrijf_naam}.",
        )
        self.dateer(aanvraag.wijzigingen, moment(gepland_op, 11))
        if data.uitkomst in (Aanvraag.Status.INTAKE_GEPLAND, Aanvraag.Status.INGETROKKEN):
            if data.uitkomst == Aanvraag.Status.INGETROKKEN:
                return self.sluit(aanvraag, gepland_op + datetime.timedelta(days=2), data)
            return aanvraag

        advies = Aanvraag.Advies.NEGATIEF if data.uitkomst == Aanvraag.Status.AFGEWEZEN else Aanvraag.Advies.POSITIEF
        if data.uitkomst == "stil":
            advies = Aanvraag.Advies.TWIJFEL
        opdrachten = list(Werkopdracht.objects.filter(vakvaardigheid__in=vakken).order_by("vakvaardigheid", "volgorde"))
        al_beheerst = []
        if advies != Aanvraag.Advies.NEGATIEF and self.rng.random() < 0.6:
            al_beheerst = self.rng.sample(opdrachten, self.rng.randint(1, 3))
        Aanvraag.objects.filter(pk=aanvraag.pk).update(praktijkbegeleider=self.begeleiders[begeleider])
        aanvraag.registreer_intake(
            door=self.coordinator,
            verslag=self.rng.choice(INTAKE_VERSLAGEN[advies]),
            advies=advies,
            al_beheerst=al_beheerst,
        )
        self.dateer(aanvraag.wijzigingen, moment(intake_dag, 16))
        if data.uitkomst == Aanvraag.Status.AFGEWEZEN:
            return self.sluit(aanvraag, intake_dag + datetime.timedelta(days=self.rng.randint(2, 6)), data)
        return aanvraag

    def sluit(self, aanvraag: Aanvraag, dag: datetime.date, data: DemoDeelnemer) -> Aanvraag:
        """Reject or withdraw the aanvraag on ``dag``."""
        if data.uitkomst == Aanvraag.Status.AFGEWEZEN:
            aanvraag.wijs_af(door=self.coordinator, reden=REDENEN[data.achternaam])
        else:
            aanvraag.trek_in(door=self.coordinator, reden=REDENEN[data.achternaam])
        op = moment(dag, 15)
        self.dateer(aanvraag.wijzigingen, op)
        Aanvraag.objects.filter(pk=aanvraag.pk).update(afgerond_op=op)
        return aanvraag

    def maak_traject(self, data: DemoDeelnemer, aanvraag: Aanvraag) -> Traject:
        """Approve the aanvraag, start its traject and give it a history of progress and hours."""
        aanvraag.refresh_from_db()
        intake_dag = timezone.localtime(aanvraag.intake_op).date()
        goedgekeurd_op = moment(intake_dag + datetime.timedelta(days=self.rng.randint(1, 4)), 9, 30)
        if data.uitkomst == "gepland":
            startdatum = self.vandaag + datetime.timedelta(days=self.rng.randint(7, 21))
        else:
            startdatum = goedgekeurd_op.date() + datetime.timedelta(days=self.rng.randint(5, 12))
        begeleider = aanvraag.praktijkbegeleider
        traject = traject_start_uit_aanvraag(
            aanvraag=aanvraag,
            door=self.coordinator,
            bedrijf=aanvraag.bedrijf,
            school=aanvraag.school,
            begeleiders=[begeleider],
            vakvaardigheden=list(aanvraag.vakvaardigheden.all()),
            werkopdrachten=Werkopdracht.objects.filter(vakvaardigheid__in=aanvraag.vakvaardigheden.all()),
            al_beheerst=list(aanvraag.al_beheerst.all()),
            startdatum=startdatum,
            einddatum=startdatum + datetime.timedelta(weeks=self.rng.choice((26, 39))),
            geplande_uren_per_week=GEPLANDE_UREN[data.doelgroep],
        )
        self.dateer(aanvraag.wijzigingen, goedgekeurd_op)
        Aanvraag.objects.filter(pk=aanvraag.pk).update(afgerond_op=goedgekeurd_op)
        self.dateer(traject.wijzigingen, goedgekeurd_op)
        traject.voortgang.update(gewijzigd_op=goedgekeurd_op)
        traject.voortgang.filter(bij_intake=True).update(afgetekend_op=intake_dag, gewijzigd_op=moment(intake_dag, 16))
        Traject.objects.filter(pk=traject.pk).update(aangemaakt_op=goedgekeurd_op, laatste_activiteit=goedgekeurd_op)
        if data.uitkomst == "gepland":
            return traject

        traject.start(door=self.coordinator)
        self.dateer(traject.wijzigingen, moment(startdatum, 9))
        # The window in which the begeleider ticked off werkopdrachten.
        if data.uitkomst == "afgerond":
            einde = self.dagen_geleden(self.rng.randint(14, 40))
        elif data.uitkomst == "gestopt":
            einde = min(startdatum + datetime.timedelta(days=self.rng.randint(40, 90)), self.dagen_geleden(10))
        elif data.uitkomst == "stil":
            einde = self.dagen_geleden(self.rng.randint(35, 60))
        else:
            einde = self.dagen_geleden(self.rng.randint(1, 10))
        laatste = self.oefen(traject, data.uitkomst, begeleider.user, startdatum, einde)
        Traject.objects.filter(pk=traject.pk).update(laatste_activiteit=laatste)
        self.schrijf_uren(traject, begeleider.user, data.doelgroep, startdatum, einde)

        if data.uitkomst == "afgerond":
            traject.rond_af(door=self.coordinator, einddatum=einde, toelichting="Alle werkopdrachten beheerst.")
            self.dateer(traject.wijzigingen, moment(einde, 15))
        elif data.uitkomst == "gestopt":
            traject.stop(door=self.coordinator, reden=REDENEN[data.achternaam], einddatum=einde)
            self.dateer(traject.wijzigingen, moment(einde, 15))
        return traject

    def oefen(self, traject: Traject, uitkomst: str, door: User, van: datetime.date, tot: datetime.date):
        """Tick off a share of the werkopdrachten on dates between ``van`` and ``tot``, through
        Voortgang.zet_status; returns the moment of the last activity."""
        rijen = list(traject.voortgang.filter(bij_intake=False).order_by("werkopdracht__volgorde", "pk"))
        laag, hoog = DEEL_BEHEERST[uitkomst]
        aantal = round(len(rijen) * self.rng.uniform(laag, hoog))
        # Mostly in binder order, with a little variation.
        volgorde = sorted(rijen, key=lambda rij: rij.werkopdracht.volgorde + self.rng.uniform(0, 4))
        beheerst, rest = volgorde[:aantal], volgorde[aantal:]
        bezig = rest[: self.rng.randint(1, 2)] if uitkomst in ("actief", "stil") else []
        eerste = min(van + datetime.timedelta(days=7), tot)
        dagen = max((tot - eerste).days, 0)
        datums = sorted(eerste + datetime.timedelta(days=self.rng.randint(0, dagen)) for _ in beheerst)
        laatste = moment(van, 9)
        for rij, datum in zip(beheerst, datums, strict=True):
            notitie = self.rng.choice(NOTITIES) if self.rng.random() < 0.3 else None
            laatste = self.zet(rij, Voortgang.Status.BEHEERST, door, datum, notitie)
        for rij in bezig:
            laatste = max(laatste, self.zet(rij, Voortgang.Status.BEZIG, door, tot, None))
        return laatste

    def zet(self, rij: Voortgang, status: str, door: User, datum: datetime.date, notitie: str | None):
        op = moment(datum, self.rng.randint(9, 16), self.rng.choice((0, 10, 20, 30, 40, 50)))
        rij.zet_status(status=status, door=door, datum=datum, notitie=notitie)
        Voortgang.objects.filter(pk=rij.pk).update(gewijzigd_op=op)
        self.dateer(VoortgangWijziging.objects.filter(voortgang=rij), op)
        return op

    def schrijf_uren(self, traject: Traject, door: User, doelgroep: str, van: datetime.date, tot: datetime.date):
        """Weekly hours from the first week up to ``tot``; now and then a week off or fewer hours."""
        gepland = float(GEPLANDE_UREN[doelgroep])
        week = maandag_van(van)
        rijen = []
        while week <= tot:
            kans = self.rng.random()
            if kans < 0.08:
                uren, notitie = 0.0, self.rng.choice(("Ziek gemeld.", "Vakantie."))
            elif kans < 0.25:
                uren, notitie = gepland - self.rng.choice((2, 4, 6)), "Afspraak bij de gemeente."
            else:
                uren, notitie = gepland + self.rng.choice((-1, 0, 0, 0, 1, 2)), ""
            rijen.append(
                Uren(
                    traject=traject,
                    week=week,
                    uren=Decimal(str(max(uren, 0.0))),
                    notitie=notitie,
                    geregistreerd_door=door,
                )
            )
            week += datetime.timedelta(weeks=1)
        Uren.objects.bulk_create(rijen)

    # -- the whole demo -----------------------------------------------------------------------

    def laad(self) -> None:
        self.maak_catalogus()
        self.maak_organisaties()
        self.maak_logins()
        for data in DEELNEMERS:
            deelnemer = self.maak_deelnemer(data)
            aanvraag = self.maak_aanvraag(data, deelnemer)
            if data.uitkomst in DEEL_BEHEERST or data.uitkomst == "gepland":
                self.maak_traject(data, aanvraag)
        # Issued verklaringen for the finished trajecten (the demo deelnemer's among them).
        demo_verklaringen(coordinator=self.coordinator)


def samenvatting() -> list[str]:
    """Dutch summary lines: what is in the database now."""
    aanvragen = Counter(Aanvraag.objects.values_list("status", flat=True))
    trajecten = Counter(Traject.objects.values_list("status", flat=True))
    per_status = ", ".join(f"{label} {aanvragen[value]}" for value, label in Aanvraag.Status.choices)
    per_traject = ", ".join(f"{label} {trajecten[value]}" for value, label in Traject.Status.choices)
    return [
        f"Scholen: {School.objects.count()}, bedrijven: {Bedrijf.objects.count()}, "
        f"kwalificaties: {Kwalificatie.objects.count()} met {Werkproces.objects.count()} werkprocessen.",
        f"Vakvaardigheden: {Vakvaardigheid.objects.count()} met {Werkopdracht.objects.count()} werkopdrachten.",
        f"Deelnemers: {Deelnemer.objects.count()}.",
        f"Aanvragen: {sum(aanvragen.values())} ({per_status}).",
        f"Trajecten: {sum(trajecten.values())} ({per_traject}); "
        f"{Traject.objects.zonder_recente_voortgang().count()} zonder voortgang in de laatste 4 weken.",
        f"Verklaringen: {Verklaring.objects.filter(status=Verklaring.Status.UITGEGEVEN).count()} uitgegeven, "
        f"{Verklaring.objects.filter(status=Verklaring.Status.VOORGESTELD).count()} voorgesteld.",
    ]


DEMO_LOGINS = (
    ("coordinator", "coördinator"),
    ("begeleider", "praktijkbegeleider bij Laborijn"),
    ("begeleider2", "praktijkbegeleider bij Stadsboerin Doetinchem"),
    ("beoordelaar", "beoordelaar van het Graafschap College"),
    ("deelnemer", "deelnemer met een afgerond traject bij Laborijn"),
)


class Command(BaseCommand):
    help = "Laadt een demo van PraktijkWijs in de Achterhoek (doet niets als de demo er al staat)."

    def handle(self, *args, **options) -> None:
        if User.objects.filter(username="coordinator").exists():
            self.stdout.write("Demo-gegevens staan er al.")
            return
        with transaction.atomic():
            Demo().laad()
        self.stdout.write(self.style.SUCCESS("Demo-gegevens geladen."))
        for regel in samenvatting():
            self.stdout.write(f"  {regel}")
        self.stdout.write(f"Demo-logins (wachtwoord: {DEMO_WACHTWOORD}):")
        for username, wie in DEMO_LOGINS:
            self.stdout.write(f"  {username:<12} {wie}")
