"""Seeding and issuing verklaringen for the benchmark (only used when the models exist).

Seeded verklaringen are issued the quick way: every printed value copied, a tiny stored
placeholder PDF with its SHA-256, and the number counters set so a real issue continues the
numbering. Issuing during the measurement goes through the real service: approve, render the
PDF with WeasyPrint, store it.
"""

import datetime
import inspect
import secrets
from collections.abc import Callable

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from trajecten import services
from trajecten.benchmark.seed import Personas, Seeder, insert, placeholder_pdf, sha256
from trajecten.models import Beoordelaar, Traject

# URL names the download view may carry (the verklaringen page is built alongside).
DOWNLOAD_URL_NAMES = ("trajecten:verklaring_pdf", "trajecten:verklaring_download", "trajecten:download")
# The service that approves and issues a verklaring; the first that exists is used.
ISSUE_SERVICES = ("verklaring_keur_goed", "verklaring_geef_uit", "verklaring_uitgeven")


def _deelnemer(model, traject: Traject) -> dict:
    """The verklaring's own link to the deelnemer, where the model has one."""
    names = {f.name for f in model._meta.get_fields()}
    return {"deelnemer_id": traject.deelnemer_id} if "deelnemer" in names else {}


def _printed(traject: Traject, kwalificatie, begeleiders: str) -> dict:
    d = traject.deelnemer
    return {
        "deelnemer_naam": d.naam,
        "deelnemer_geboortedatum": d.geboortedatum,
        "deelnemer_geboorteplaats": d.geboorteplaats,
        "school_naam": traject.school.naam,
        "school_brin": traject.school.brin,
        "kwalificatie_naam": kwalificatie.naam,
        "kwalificatie_crebo": kwalificatie.crebo,
        "kwalificatie_niveau": kwalificatie.niveau,
        "kwalificatie_dossier_versie": kwalificatie.dossier_versie,
        "bedrijf_naam": traject.bedrijf.naam,
        "bedrijf_plaats": traject.bedrijf.plaats,
        "bedrijf_sbb_nummer": traject.bedrijf.sbb_erkenningsnummer,
        "begeleider_namen": begeleiders,
        "periode_van": traject.startdatum,
        "periode_tot": traject.einddatum,
    }


def _trajecten(ids: list[int]) -> list[Traject]:
    return list(
        Traject.objects.filter(pk__in=ids)
        .select_related("deelnemer", "school", "bedrijf")
        .prefetch_related("vakvaardigheden__kwalificatie", "begeleiders__user")
        .order_by("pk")
    )


def seed_issued(seeder: Seeder, model, traject_ids: list[int]) -> tuple[str | None, int | None]:
    from trajecten.models import VerklaringTeller, VerklaringWerkproces, VerklaringWijziging

    jaar = seeder.today.year
    per_school: dict[int, int] = {}
    verklaringen = []
    inhoud = {}
    for traject in _trajecten(traject_ids):
        kwalificatie = traject.vakvaardigheden.all()[0].kwalificatie
        per_school[traject.school_id] = volgnummer = per_school.get(traject.school_id, 0) + 1
        nummer = f"{traject.school.afkorting}-{jaar}-{volgnummer:04d}"
        pdf = placeholder_pdf(nummer)
        data = pdf.read()
        naam = default_storage.save(f"verklaringen/{secrets.token_urlsafe(12)}/{nummer}.pdf", pdf)
        uitgegeven = seeder.ago(seeder.rng.uniform(1, 300))
        verklaringen.append(
            model(
                traject=traject,
                kwalificatie=kwalificatie,
                **_deelnemer(model, traject),
                status=model.Status.UITGEGEVEN,
                samenvattend_oordeel="Werkt zelfstandig en zorgvuldig.",
                voorgesteld_door=seeder.coordinator,
                voorgesteld_op=uitgegeven - datetime.timedelta(days=7),
                beoordeeld_door_id=None,
                beoordeeld_op=uitgegeven,
                nummer=nummer,
                uitgegeven_op=uitgegeven,
                pdf=naam,
                sha256=sha256(data),
                beoordelaar_naam="Bea Beoordelaar",
                plaats_uitgifte=traject.school.plaats,
                datum_uitgifte=uitgegeven.date(),
                **_printed(traject, kwalificatie, ", ".join(b.naam for b in traject.begeleiders.all())),
            )
        )
        inhoud[nummer] = kwalificatie.pk
    insert(model, verklaringen)
    werkprocessen = seeder.werkprocessen_per_kwalificatie
    kerntaken = {}
    for v in verklaringen:
        for wp in werkprocessen[v.kwalificatie_id]:
            kerntaken.setdefault(wp.kerntaak_id, wp.kerntaak)
    insert(
        VerklaringWerkproces,
        (
            VerklaringWerkproces(
                verklaring=v,
                volgorde=n,
                werkproces=wp,
                kerntaak_code=kerntaken[wp.kerntaak_id].code,
                kerntaak_titel=kerntaken[wp.kerntaak_id].titel,
                werkproces_code=wp.code,
                werkproces_titel=wp.titel,
            )
            for v in verklaringen
            for n, wp in enumerate(werkprocessen[v.kwalificatie_id], start=1)
        ),
    )
    insert(
        VerklaringWijziging,
        (
            VerklaringWijziging(
                verklaring=v, door=seeder.coordinator, van_status=van, naar_status=naar, op=v.uitgegeven_op
            )
            for v in verklaringen
            for van, naar in (("", "voorgesteld"), ("voorgesteld", "goedgekeurd"), ("goedgekeurd", "uitgegeven"))
        ),  # fmt: skip
    )
    insert(VerklaringTeller, (VerklaringTeller(school_id=s, jaar=jaar, laatste=n) for s, n in per_school.items()))
    seeder.log(f"  {len(verklaringen)} issued verklaringen with stored placeholder PDFs")
    if not verklaringen:
        return None, None
    return verklaringen[0].verificatiecode, verklaringen[0].pk


def issuer(personas: Personas, *, count: int) -> Callable[[int], int]:
    """Proposals ready for the beoordelaar, and a call that approves and issues one per run."""
    from trajecten.models import Verklaring

    service = next((getattr(services, n) for n in ISSUE_SERVICES if hasattr(services, n)), None)
    if service is None:
        from trajecten.benchmark.measure import Skip

        raise Skip(f"no issue service ({', '.join(ISSUE_SERVICES)}) in trajecten.services yet")
    trajecten = _trajecten(personas.uitgeefbaar_traject_ids[:count])
    if len(trajecten) < count:
        from trajecten.benchmark.measure import Skip

        raise Skip("not enough finished trajecten without a verklaring")
    beoordelaars = {b.school_id: b.user for b in Beoordelaar.objects.select_related("user")}
    voorstellen = []
    with transaction.atomic():
        for traject in trajecten:
            kwalificatie = traject.vakvaardigheden.all()[0].kwalificatie
            v = Verklaring.objects.create(
                traject=traject,
                kwalificatie=kwalificatie,
                **_deelnemer(Verklaring, traject),
                samenvattend_oordeel="Werkt zelfstandig en zorgvuldig.",
                voorgesteld_door=personas.coordinator,
                voorgesteld_op=timezone.now(),
            )
            v.werkprocessen.set(kwalificatie.werkprocessen.all())
            voorstellen.append((v, beoordelaars[traject.school_id]))
    parameters = inspect.signature(service).parameters

    def call(i: int) -> int:
        verklaring, beoordelaar = voorstellen[i]
        kwargs = {"verklaring": verklaring}
        for name in ("door", "beoordelaar", "user"):
            if name in parameters:
                kwargs[name] = beoordelaar
        service(**kwargs)
        verklaring.refresh_from_db()
        return 200 if verklaring.status == Verklaring.Status.UITGEGEVEN else 500

    return call
