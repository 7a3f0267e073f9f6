"""Fill an empty database with a national-scale dataset, fast, with bulk inserts.

At ``scale=1.0``: 25 000 deelnemers, 30 000 aanvragen with their history, 20 000 trajecten
(each with 20 werkopdrachten: 400 000 voortgang rows and the history of every tick) and
2 000 issued verklaringen. The data is deterministic (one seeded generator) and shaped like
real use: most trajecten run, some are finished or stopped, progress is spread, a few
trajecten have had no progress for weeks, aanvragen sit in every stage.

Model methods and services are bypassed on purpose (they would take an hour at this size);
the cached totals on ``Traject`` are written consistent with the voortgang rows.
"""

import datetime
import hashlib
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.utils import timezone

from praktijkwijs.models import User
from trajecten import models as trajecten_models
from trajecten.models import (
    Aanvraag,
    AanvraagWijziging,
    Bedrijf,
    Beoordelaar,
    Deelnemer,
    Praktijkbegeleider,
    School,
    Traject,
    TrajectWijziging,
    Voortgang,
    VoortgangWijziging,
)
from werkopdrachten.models import Kerntaak, Kwalificatie, Vakvaardigheid, Werkopdracht, Werkproces

SEED = 7
BATCH = 5000
# One aanvraag in this many past the trajecten is approved and waits for its traject (the board).
WACHTEND_PER = 50
OPDRACHTEN_PER_VAK = 20
TRAJECTEN_PER_BEGELEIDER = 15


def words(text: str) -> list[str]:
    return text.split()


VOORNAMEN = words(
    "Sanne Ahmed Fatima Jan Pieter Anouk Mohammed Lotte Daan Emma Yusuf Sophie Noah Julia Lucas Tess Mila Sem "
    "Aisha Bram Eva Omar Lisa Thijs Nora Ravi Zeynep Milan Fleur Jesse Amira Bas Iris Stijn Hiba Ruben Yara Koen "
    "Meryem Luuk Noor Tim Selin Gijs Maud Ibrahim Femke Hamza Roos Dirk Samira Wouter Lieke Kofi Ilse Teun Hanna"
)
ACHTERNAMEN = words(
    "Jansen de_Vries van_Dijk Bakker Visser Smit Meijer de_Boer Mulder de_Groot Bos Vos Peters Hendriks "
    "van_Leeuwen Dekker Brouwer de_Wit Dijkstra Smits de_Graaf van_der_Meer van_der_Linden Kok Jacobs de_Haan "
    "Vermeulen van_den_Heuvel van_der_Veen van_den_Broek de_Bruijn de_Jong Yılmaz Kaya Demir El_Amrani Bouzid "
    "Haddou Tahiri Öztürk Şahin Nguyen Tran Haile Tesfaye Mahamud Hassan Ali Wolters Lammers Scholten Ten_Have "
    "Nijenhuis Wissink Hulshof Eppink Lensink Klein_Gunnewiek Te_Winkel Ter_Horst Roelofs Wentink Heijink"
)
GEMEENTEN = words(
    "Doetinchem Winterswijk Oost_Gelre Aalten Berkelland Montferland Oude_IJsselstreek Bronckhorst Lochem "
    "Zutphen Arnhem Nijmegen Enschede Apeldoorn Utrecht Rotterdam Amsterdam Groningen Eindhoven Zwolle"
)


@dataclass
class Sizes:
    deelnemers: int
    aanvragen: int
    trajecten: int
    verklaringen: int
    begeleiders: int
    bedrijven: int
    scholen: int
    vakvaardigheden: int

    @classmethod
    def for_scale(cls, scale: float) -> "Sizes":
        def n(full: int, minimum: int) -> int:
            return max(minimum, round(full * scale))

        trajecten = n(20_000, 40)
        begeleiders = max(2, trajecten // TRAJECTEN_PER_BEGELEIDER)
        return cls(
            deelnemers=max(trajecten + 10, n(25_000, 50)),
            aanvragen=max(trajecten + 10, n(30_000, 60)),
            trajecten=trajecten,
            verklaringen=n(2_000, 4),
            begeleiders=begeleiders,
            bedrijven=max(2, begeleiders // 3),
            scholen=12 if scale >= 0.05 else 3,
            vakvaardigheden=20 if scale >= 0.05 else 4,
        )


@dataclass
class Personas:
    """The logins and objects the measurements use."""

    coordinator: User
    begeleider: User
    beoordelaar: User
    deelnemer: User
    checklist_traject_id: int
    voortgang_ids: list[int]
    zoeknaam: str  # a surname hundreds of deelnemers share
    zoekpersoon: str  # one deelnemer's full name, tussenvoegsel included: how one looks a person up
    zoekbedrijf: str  # one bedrijf's full name, whose first word every bedrijf shares ("Leerbedrijf 123")
    verificatie_code: str | None = None
    verklaring_id: int | None = None
    uitgeefbaar_traject_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def insert(model: type[models.Model], objects: Iterable[models.Model], *, returning: bool = False) -> list:
    """Bulk insert in batches; returns the saved objects only when asked (they cost memory)."""
    saved = []
    for chunk in batched(objects, BATCH):
        model.objects.bulk_create(chunk, batch_size=BATCH)
        if returning:
            saved.extend(chunk)
    return saved


def naam(tekst: str) -> str:
    return tekst.replace("_", " ")


class Seeder:
    def __init__(self, scale: float, log: Callable[[str], None] = print, password: str | None = None) -> None:
        self.sizes = Sizes.for_scale(scale)
        self.rng = random.Random(SEED)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.log = log
        # Unusable unless asked: the benchmark logs in with force_login; the load test needs a
        # real password (hashed once and shared: it is a throwaway database).
        self.password = make_password(password)

    def ago(self, days: float) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days)

    # -- catalogue and organisations -------------------------------------------------------

    def catalogue(self) -> None:
        kwalificaties = insert(
            Kwalificatie,
            (
                Kwalificatie(
                    crebo=f"{25100 + k:05d}",
                    naam=f"Assistent vakgebied {k + 1}",
                    niveau=1 + k % 2,
                    dossier_versie="2024",
                    geldig_vanaf=datetime.date(2024, 8, 1),
                )
                for k in range(5)
            ),
            returning=True,
        )
        kerntaken = insert(
            Kerntaak,
            (
                Kerntaak(kwalificatie=kw, code=f"B1-K{t}", titel=f"Kerntaak {t} van {kw.naam}")
                for kw in kwalificaties
                for t in (1, 2)
            ),
            returning=True,
        )
        werkprocessen = insert(
            Werkproces,
            (
                Werkproces(
                    kwalificatie_id=kt.kwalificatie_id, kerntaak=kt, code=f"{kt.code}-W{w}", titel=f"Werkproces {w}"
                )
                for kt in kerntaken
                for w in range(1, 6)
            ),
            returning=True,
        )
        self.werkprocessen_per_kwalificatie: dict[int, list[Werkproces]] = {}
        for wp in werkprocessen:
            self.werkprocessen_per_kwalificatie.setdefault(wp.kwalificatie_id, []).append(wp)
        self.vakken = insert(
            Vakvaardigheid,
            (
                Vakvaardigheid(naam=f"Vakvaardigheid {v + 1:02d}", kwalificatie=kwalificaties[v % len(kwalificaties)])
                for v in range(self.sizes.vakvaardigheden)
            ),
            returning=True,
        )
        opdrachten = insert(
            Werkopdracht,
            (
                Werkopdracht(vakvaardigheid=vak, volgorde=o, titel=f"Werkopdracht {o} van {vak.naam}")
                for vak in self.vakken
                for o in range(1, OPDRACHTEN_PER_VAK + 1)
            ),
            returning=True,
        )
        self.opdrachten_per_vak: dict[int, list[Werkopdracht]] = {}
        koppelingen = []
        for wo in opdrachten:
            self.opdrachten_per_vak.setdefault(wo.vakvaardigheid_id, []).append(wo)
            kw_id = next(v.kwalificatie_id for v in self.vakken if v.pk == wo.vakvaardigheid_id)
            wps = self.werkprocessen_per_kwalificatie[kw_id]
            koppelingen.append(
                Werkopdracht.werkprocessen.through(werkopdracht=wo, werkproces=wps[wo.volgorde % len(wps)])
            )
        insert(Werkopdracht.werkprocessen.through, koppelingen)

    def organisations(self) -> None:
        s = self.sizes
        self.coordinator = User.objects.create(
            username="bench-coordinator", first_name="Coby", last_name="Coördinator", rol=User.Rol.COORDINATOR,
            password=self.password,
        )  # fmt: skip
        self.scholen = insert(
            School,
            (
                School(naam=f"ROC Benchmark {i + 1}", brin=f"{i:02d}BM", afkorting=f"B{i:02d}", plaats="Doetinchem")
                for i in range(s.scholen)
            ),
            returning=True,
        )
        beoordelaar_users = insert(
            User,
            (
                User(
                    username=f"bench-beoordelaar-{i}",
                    first_name="Bea",
                    last_name=f"Beoordelaar {i}",
                    rol=User.Rol.BEOORDELAAR,
                    password=self.password,
                )
                for i in range(s.scholen)
            ),  # fmt: skip
            returning=True,
        )
        insert(Beoordelaar, (Beoordelaar(user=u, school=self.scholen[i]) for i, u in enumerate(beoordelaar_users)))
        self.beoordelaar = beoordelaar_users[0]
        self.bedrijven = insert(
            Bedrijf,
            (
                Bedrijf(
                    naam=f"Leerbedrijf {i + 1}",
                    plaats=naam(GEMEENTEN[i % len(GEMEENTEN)]),
                    sbb_erkenningsnummer="" if i % 10 == 9 else f"{100000 + i}",
                )
                for i in range(s.bedrijven)
            ),
            returning=True,
        )
        insert(
            Bedrijf.vakvaardigheden.through,
            (
                Bedrijf.vakvaardigheden.through(bedrijf=b, vakvaardigheid=self.vakken[i % len(self.vakken)])
                for i, b in enumerate(self.bedrijven)
            ),
        )
        begeleider_users = insert(
            User,
            (
                User(
                    username=f"bench-begeleider-{i}",
                    first_name=self.rng.choice(VOORNAMEN),
                    last_name=naam(self.rng.choice(ACHTERNAMEN)),
                    rol=User.Rol.BEGELEIDER,
                    password=self.password,
                )
                for i in range(s.begeleiders)
            ),  # fmt: skip
            returning=True,
        )
        self.begeleiders = insert(
            Praktijkbegeleider,
            (
                Praktijkbegeleider(user=u, bedrijf=self.bedrijven[i % len(self.bedrijven)])
                for i, u in enumerate(begeleider_users)
            ),
            returning=True,
        )
        self.begeleider = begeleider_users[0]

    # -- people, aanvragen, trajecten ------------------------------------------------------

    def deelnemers(self) -> None:
        rng = self.rng
        doelgroepen = Deelnemer.Doelgroep.values
        verwijzers = Deelnemer.Verwijzer.values
        self.deelnemer_ids = [
            d.pk
            for d in insert(
                Deelnemer,
                (
                    Deelnemer(
                        voornamen=rng.choice(VOORNAMEN),
                        achternaam=naam(rng.choice(ACHTERNAMEN)),
                        geboortedatum=datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(16_000)),
                        geboorteplaats=naam(rng.choice(GEMEENTEN)),
                        gemeente=naam(rng.choice(GEMEENTEN)),
                        email=f"deelnemer{i}@example.org",
                        doelgroep=doelgroepen[i % len(doelgroepen)],
                        verwijzer=verwijzers[i % len(verwijzers)],
                    )
                    for i in range(self.sizes.deelnemers)
                ),
                returning=True,
            )
        ]

    # Status of aanvragen that did not become a traject, and the path each took.
    PADEN = {
        Aanvraag.Status.INGEDIEND: ["", "ingediend"],
        Aanvraag.Status.INTAKE_GEPLAND: ["", "ingediend", "intake_gepland"],
        Aanvraag.Status.INTAKE_GEHOUDEN: ["", "ingediend", "intake_gepland", "intake_gehouden"],
        Aanvraag.Status.AFGEWEZEN: ["", "ingediend", "intake_gepland", "intake_gehouden", "afgewezen"],
        Aanvraag.Status.INGETROKKEN: ["", "ingediend", "ingetrokken"],
        Aanvraag.Status.GOEDGEKEURD: ["", "ingediend", "intake_gepland", "intake_gehouden", "goedgekeurd"],
    }

    def aanvragen(self) -> None:
        s, rng = self.sizes, self.rng
        open_statussen = [st for st in self.PADEN if st != Aanvraag.Status.GOEDGEKEURD]

        def status_van(i: int) -> str:
            if i < s.trajecten or i % WACHTEND_PER == 0:  # the latter approved, but without traject yet
                return Aanvraag.Status.GOEDGEKEURD
            return open_statussen[i % len(open_statussen)]

        def aanvraag(i: int) -> Aanvraag:
            status = status_van(i)
            dagen = rng.uniform(400, 1000) if i < s.trajecten else rng.uniform(0, 400)
            begeleider = self.begeleiders[i % len(self.begeleiders)]
            gesloten = status in (Aanvraag.Status.GOEDGEKEURD, Aanvraag.Status.AFGEWEZEN, Aanvraag.Status.INGETROKKEN)
            return Aanvraag(
                deelnemer_id=self.deelnemer_ids[i % len(self.deelnemer_ids)],
                status=status,
                bedrijf_id=begeleider.bedrijf_id,
                praktijkbegeleider=begeleider,
                school=self.scholen[i % len(self.scholen)],
                ingediend_op=self.ago(dagen),
                intake_op=self.ago(dagen - 7) if status not in ("ingediend", "ingetrokken") else None,
                intake_door=self.coordinator if status not in ("ingediend", "ingetrokken") else None,
                intake_advies="positief" if status in ("intake_gehouden", "goedgekeurd") else "",
                reden="Past niet bij het aanbod." if status == "afgewezen" else "",
                afgerond_op=self.ago(max(dagen - 20, 0)) if gesloten else None,
                wacht_op_traject=status == Aanvraag.Status.GOEDGEKEURD and i >= s.trajecten,
            )

        aanvragen = insert(Aanvraag, (aanvraag(i) for i in range(s.aanvragen)), returning=True)
        self.aanvraag_ids = [a.pk for a in aanvragen]
        insert(
            Aanvraag.vakvaardigheden.through,
            (
                Aanvraag.vakvaardigheden.through(aanvraag_id=a.pk, vakvaardigheid=self.vakken[i % len(self.vakken)])
                for i, a in enumerate(aanvragen)
            ),
        )

        def historie() -> Iterator[AanvraagWijziging]:
            for a in aanvragen:
                pad = self.PADEN[a.status]
                for stap, (van, naar) in enumerate(zip(pad, pad[1:], strict=False)):
                    yield AanvraagWijziging(
                        aanvraag_id=a.pk,
                        op=a.ingediend_op + datetime.timedelta(days=7 * stap),
                        door=None if stap == 0 else self.coordinator,
                        van_status=van,
                        naar_status=naar,
                    )

        insert(AanvraagWijziging, historie())

    def trajecten(self) -> None:
        s, rng = self.sizes, self.rng
        # i % 20: 0..13 actief (70 %), 14..15 gepland, 16..18 afgerond, 19 gestopt.
        statussen = ["actief"] * 14 + ["gepland"] * 2 + ["afgerond"] * 3 + ["gestopt"]
        self.afgerond_ids: list[int] = []
        voortgang_count = wijziging_count = 0
        # Built in chunks so 400 000 voortgang rows never sit in memory at once.
        for start in range(0, s.trajecten, 1000):
            indices = range(start, min(start + 1000, s.trajecten))
            plannen = []
            for i in indices:
                status = statussen[i % 20]
                vak = self.vakken[i % len(self.vakken)]
                opdrachten = self.opdrachten_per_vak[vak.pk]
                if status == "afgerond":
                    beheerst = len(opdrachten)
                elif status == "gepland":
                    beheerst = 0
                else:
                    beheerst = rng.randrange(len(opdrachten) + 1)
                startdagen = rng.uniform(30, 700)
                activiteit = rng.uniform(0, 60) if status == "actief" else rng.uniform(0, 25)
                traject = Traject(
                    deelnemer_id=self.deelnemer_ids[i],
                    aanvraag_id=self.aanvraag_ids[i],
                    bedrijf_id=self.begeleiders[i % len(self.begeleiders)].bedrijf_id,
                    school=self.scholen[i % len(self.scholen)],
                    startdatum=(self.now - datetime.timedelta(days=startdagen)).date(),
                    einddatum=self.today if status in ("afgerond", "gestopt") else None,
                    status=status,
                    stopreden="Verhuisd." if status == "gestopt" else "",
                    laatste_activiteit=self.ago(activiteit),
                    aantal_opdrachten=len(opdrachten),
                    aantal_beheerst=beheerst,
                )
                plannen.append((i, traject, vak, opdrachten, beheerst))
            Traject.objects.bulk_create([p[1] for p in plannen], batch_size=BATCH)
            Traject.begeleiders.through.objects.bulk_create(
                [
                    Traject.begeleiders.through(
                        traject_id=t.pk, praktijkbegeleider=self.begeleiders[i % len(self.begeleiders)]
                    )
                    for i, t, *_ in plannen
                ],  # fmt: skip
                batch_size=BATCH,
            )
            Traject.vakvaardigheden.through.objects.bulk_create(
                [Traject.vakvaardigheden.through(traject_id=t.pk, vakvaardigheid=vak) for _, t, vak, *_ in plannen],
                batch_size=BATCH,
            )
            TrajectWijziging.objects.bulk_create(
                [
                    TrajectWijziging(
                        traject_id=t.pk, door=self.coordinator, van_status="", naar_status="gepland", op=self.ago(700)
                    )
                    for _, t, *_ in plannen
                ],  # fmt: skip
                batch_size=BATCH,
            )
            rijen = []
            for i, t, _vak, opdrachten, beheerst in plannen:
                begeleider_user_id = self.begeleiders[i % len(self.begeleiders)].user_id
                for n, wo in enumerate(opdrachten):
                    if n < beheerst:
                        status = Voortgang.Status.BEHEERST
                    elif n == beheerst and t.status == "actief":
                        status = Voortgang.Status.BEZIG
                    else:
                        status = Voortgang.Status.NOG_NIET
                    klaar = status == Voortgang.Status.BEHEERST
                    rijen.append(
                        Voortgang(
                            traject_id=t.pk,
                            werkopdracht=wo,
                            status=status,
                            afgetekend_op=t.laatste_activiteit.date() if klaar else None,
                            afgetekend_door_id=begeleider_user_id if klaar else None,
                            gewijzigd_op=t.laatste_activiteit,
                        )
                    )
                if t.status == "afgerond":
                    self.afgerond_ids.append(t.pk)
            Voortgang.objects.bulk_create(rijen, batch_size=BATCH)
            historie = [
                VoortgangWijziging(
                    voortgang_id=rij.pk,
                    op=rij.gewijzigd_op,
                    door_id=rij.afgetekend_door_id,
                    van_status=Voortgang.Status.NOG_NIET,
                    naar_status=rij.status,
                    datum=rij.afgetekend_op,
                )
                for rij in rijen
                if rij.status != Voortgang.Status.NOG_NIET
            ]
            VoortgangWijziging.objects.bulk_create(historie, batch_size=BATCH)
            voortgang_count += len(rijen)
            wijziging_count += len(historie)
            if start == 0:
                self.eerste_trajecten = [p[1] for p in plannen]
        self.voortgang_count = voortgang_count
        self.log(f"  {s.trajecten} trajecten, {voortgang_count} voortgang rows, {wijziging_count} voortgang history")

    # -- verklaringen ----------------------------------------------------------------------

    def verklaringen(self) -> tuple[str | None, int | None]:
        """Issued verklaringen for finished trajecten, when the Verklaring model exists.

        Each gets a small stored placeholder PDF (one file shared by content, one row per
        verklaring) so downloading can be measured without rendering 2 000 PDFs.
        """
        model = getattr(trajecten_models, "Verklaring", None)
        if model is None:
            self.log("  note: no Verklaring model yet; skipping verklaringen")
            return None, None
        from trajecten.benchmark import verklaringen as adapter

        return adapter.seed_issued(self, model, self.afgerond_ids[: self.sizes.verklaringen])

    # -- all -------------------------------------------------------------------------------

    def run(self) -> Personas:
        with transaction.atomic():
            self.catalogue()
            self.organisations()
            self.deelnemers()
            self.log(f"  {len(self.deelnemer_ids)} deelnemers")
            self.aanvragen()
            self.log(f"  {len(self.aanvraag_ids)} aanvragen with history")
            self.trajecten()
            code, verklaring_id = self.verklaringen()
            personas = self.personas()
            personas.verificatie_code, personas.verklaring_id = code, verklaring_id
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The state autovacuum gives a live database (fresh statistics, the visibility map
                # that index-only scans need), now rather than in the middle of the measurements.
                # VACUUM cannot run in a transaction (the test suite's run): statistics only, there.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        return personas

    def personas(self) -> Personas:
        # The begeleider persona guides trajecten 0, n, 2n, ...: about 15, in every state.
        checklist = next(t for t in self.eerste_trajecten if t.status == "actief")
        # The deelnemer persona owns the first finished traject (with an issued verklaring, if any).
        deelnemer_traject = Traject.objects.get(pk=self.afgerond_ids[0])
        deelnemer_user = User.objects.create(
            username="bench-deelnemer", first_name="Dina", last_name="Deelnemer", rol=User.Rol.DEELNEMER,
            password=self.password,
        )  # fmt: skip
        Deelnemer.objects.filter(pk=deelnemer_traject.deelnemer_id).update(user=deelnemer_user)
        zoeknaam = Deelnemer.objects.values_list("achternaam", flat=True).order_by("pk").first()
        # A name with a short word in it ("te Winkel", "de Vries"), as many Dutch names have.
        met_kort_woord = models.Q(achternaam__contains=" ") | ~models.Q(tussenvoegsel="")
        persoon = Deelnemer.objects.filter(met_kort_woord).order_by("pk").first() or Deelnemer.objects.first()
        zoekpersoon = " ".join(deel for deel in (persoon.voornamen, persoon.tussenvoegsel, persoon.achternaam) if deel)
        bedrijven = Bedrijf.objects.order_by("pk").values_list("naam", flat=True)
        zoekbedrijf = bedrijven[min(122, bedrijven.count() - 1)]
        return Personas(
            coordinator=self.coordinator,
            begeleider=self.begeleider,
            beoordelaar=self.beoordelaar,
            deelnemer=deelnemer_user,
            checklist_traject_id=checklist.pk,
            voortgang_ids=list(
                Voortgang.objects.filter(traject_id=checklist.pk).order_by("pk").values_list("pk", flat=True)
            ),
            zoeknaam=zoeknaam,
            zoekpersoon=zoekpersoon,
            zoekbedrijf=zoekbedrijf,
            uitgeefbaar_traject_ids=self.afgerond_ids[self.sizes.verklaringen :],
            counts={
                "deelnemers": len(self.deelnemer_ids),
                "aanvragen": len(self.aanvraag_ids),
                "trajecten": self.sizes.trajecten,
                "voortgang": self.voortgang_count,
                "begeleiders": len(self.begeleiders),
            },
        )


def placeholder_pdf(nummer: str) -> ContentFile:
    """A tiny valid PDF standing in for an issued verklaring (seeding renders none)."""
    body = f"%PDF-1.4\n% PraktijkWijs benchmark placeholder {nummer}\n%%EOF\n".encode()
    return ContentFile(body, name=f"{nummer}.pdf")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
