"""Workflows that touch several models. Keyword-only; each is one transaction."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praktijkwijs import cacheversie
from praktijkwijs.errors import OvergangNietToegestaan
from praktijkwijs.models import User
from praktijkwijs.uitnodigingen import uitnodiging_na_commit
from werkopdrachten.models import Vakvaardigheid, Werkopdracht

from .models import (
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
)


@transaction.atomic
def traject_maak(
    *,
    deelnemer: Deelnemer,
    bedrijf: Bedrijf,
    school: School,
    begeleiders: Iterable[Praktijkbegeleider],
    vakvaardigheden: Iterable[Vakvaardigheid],
    werkopdrachten: Iterable[Werkopdracht],
    startdatum: datetime.date,
    door,
    al_beheerst: Iterable[Werkopdracht] = (),
    einddatum: datetime.date | None = None,
    geplande_uren_per_week: Decimal | None = None,
    aanvraag: Aanvraag | None = None,
) -> Traject:
    """Create a traject with one voortgang row per werkopdracht to learn.

    Werkopdrachten in ``al_beheerst`` start as *beheerst* "al beheerst bij intake".
    """
    traject = Traject(
        deelnemer=deelnemer,
        aanvraag=aanvraag,
        bedrijf=bedrijf,
        school=school,
        startdatum=startdatum,
        einddatum=einddatum,
        geplande_uren_per_week=geplande_uren_per_week,
    )
    traject.full_clean(exclude=["aanvraag"])
    traject.save()
    traject.begeleiders.set(begeleiders)
    traject.vakvaardigheden.set(vakvaardigheden)
    al_beheerst_ids = {wo.pk for wo in al_beheerst}
    vandaag = timezone.localdate()
    Voortgang.objects.bulk_create(
        Voortgang(
            traject=traject,
            werkopdracht=wo,
            status=Voortgang.Status.BEHEERST if wo.pk in al_beheerst_ids else Voortgang.Status.NOG_NIET,
            bij_intake=wo.pk in al_beheerst_ids,
            afgetekend_op=vandaag if wo.pk in al_beheerst_ids else None,
            afgetekend_door=door if wo.pk in al_beheerst_ids else None,
        )
        for wo in {wo.pk: wo for wo in werkopdrachten}.values()
    )
    traject.herbereken_voortgang()
    TrajectWijziging.objects.create(traject=traject, door=door, van_status="", naar_status=traject.status)
    return traject


@transaction.atomic
def traject_start_uit_aanvraag(*, aanvraag: Aanvraag, door, direct_actief: bool = False, **gegevens) -> Traject:
    """Approve the aanvraag (if not yet approved) and start its traject, all or nothing.

    ``gegevens`` are the arguments of :func:`traject_maak` other than deelnemer and aanvraag;
    the form that collects them is pre-filled from the aanvraag. ``direct_actief`` moves the
    new traject on from *gepland* to *actief* in the same transaction.

    Refuses (OvergangNietToegestaan) when the aanvraag already has a traject: the lock on the
    aanvraag row makes two coördinatoren clicking at once queue up, and the second one sees
    the traject of the first.
    """
    Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    if Traject.objects.filter(aanvraag=aanvraag).exists():
        raise OvergangNietToegestaan(_("Voor deze aanvraag is al een traject gestart."))
    aanvraag.keur_goed(door=door)
    traject = traject_maak(deelnemer=aanvraag.deelnemer, aanvraag=aanvraag, door=door, **gegevens)
    if direct_actief:
        traject.start(door=door)
    return traject


# -- aanvragen (coördinator) ------------------------------------------------------------------


@transaction.atomic
def aanvraag_maak(
    *,
    door,
    deelnemer: Deelnemer | None = None,
    nieuwe_deelnemer: Deelnemer | None = None,
    vakvaardigheden: Iterable[Vakvaardigheid] = (),
    **velden,
) -> Aanvraag:
    """Record a new aanvraag for an existing deelnemer, or for a new one (saved here, in the
    same transaction, so a failing aanvraag leaves no orphan deelnemer behind)."""
    if (deelnemer is None) == (nieuwe_deelnemer is None):
        raise ValueError("Pass exactly one of deelnemer and nieuwe_deelnemer.")
    if nieuwe_deelnemer is not None:
        nieuwe_deelnemer.full_clean()
        nieuwe_deelnemer.save()
        deelnemer = nieuwe_deelnemer
    aanvraag = Aanvraag(deelnemer=deelnemer, **velden)
    aanvraag.full_clean()
    aanvraag.save()
    aanvraag.vakvaardigheden.set(vakvaardigheden)
    AanvraagWijziging.objects.create(
        aanvraag=aanvraag, door=door, van_status="", naar_status=aanvraag.status, toelichting=_("Aanvraag vastgelegd.")
    )
    return aanvraag


@transaction.atomic
def aanvraag_wijzig(*, aanvraag: Aanvraag, door, vakvaardigheden: Iterable[Vakvaardigheid], **velden) -> list[str]:
    """Change the details of an open aanvraag; the timeline gets a row naming what changed.

    Returns the labels of the changed fields (empty: nothing changed, nothing recorded).
    """
    locked = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    if not locked.is_open:
        raise OvergangNietToegestaan(
            _("Een aanvraag die %(status)s is, kan niet meer worden gewijzigd.")
            % {"status": locked.get_status_display()}
        )
    gewijzigd = [
        str(Aanvraag._meta.get_field(naam).verbose_name)
        for naam, waarde in velden.items()
        if getattr(locked, naam) != waarde
    ]
    vakvaardigheden = list(vakvaardigheden)
    if {v.pk for v in vakvaardigheden} != set(locked.vakvaardigheden.values_list("pk", flat=True)):
        gewijzigd.append(str(Aanvraag._meta.get_field("vakvaardigheden").verbose_name))
    if not gewijzigd:
        return []
    for naam, waarde in velden.items():
        setattr(locked, naam, waarde)
    locked.full_clean()
    locked.save(update_fields=list(velden))
    locked.vakvaardigheden.set(vakvaardigheden)
    AanvraagWijziging.objects.create(
        aanvraag=locked,
        door=door,
        van_status=locked.status,
        naar_status=locked.status,
        toelichting=_("Gewijzigd: %(velden)s.") % {"velden": ", ".join(gewijzigd)},
    )
    aanvraag.refresh_from_db()
    return gewijzigd


# -- logins for people (coördinator); the invitation mail goes out after commit ---------------


def _maak_login(*, rol: str, email: str, voornaam: str, achternaam: str):
    """A login without a password: its owner sets one through the invitation link.

    The e-mail address is the username, so nobody has to remember a second name.
    """
    user = User(username=email.lower(), email=email, first_name=voornaam, last_name=achternaam, rol=rol)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def praktijkbegeleider_maak(
    *, bedrijf: Bedrijf, email: str, voornaam: str, achternaam: str, functie: str = "", telefoon: str = ""
) -> Praktijkbegeleider:
    """A praktijkbegeleider with a login; the invitation mail is sent after commit."""
    user = _maak_login(rol=User.Rol.BEGELEIDER, email=email, voornaam=voornaam, achternaam=achternaam)
    begeleider = Praktijkbegeleider.objects.create(user=user, bedrijf=bedrijf, functie=functie, telefoon=telefoon)
    uitnodiging_na_commit(user)
    return begeleider


@transaction.atomic
def beoordelaar_maak(*, school: School, email: str, voornaam: str, achternaam: str) -> Beoordelaar:
    """A beoordelaar with a login; the invitation mail is sent after commit."""
    user = _maak_login(rol=User.Rol.BEOORDELAAR, email=email, voornaam=voornaam, achternaam=achternaam)
    beoordelaar = Beoordelaar.objects.create(user=user, school=school)
    uitnodiging_na_commit(user)
    return beoordelaar


@transaction.atomic
def deelnemer_login_maak(*, deelnemer: Deelnemer):
    """Give a deelnemer a login (to follow progress and download the verklaring) and invite them."""
    locked = Deelnemer.objects.select_for_update().get(pk=deelnemer.pk)
    if locked.user_id:
        raise OvergangNietToegestaan(_("Deze deelnemer heeft al een login."))
    if not locked.email:
        raise OvergangNietToegestaan(_("Vul eerst het e-mailadres van de deelnemer in."))
    if User.objects.filter(username__iexact=locked.email).exists():
        raise OvergangNietToegestaan(_("Er bestaat al een login met dit e-mailadres."))
    user = _maak_login(
        rol=User.Rol.DEELNEMER,
        email=locked.email,
        voornaam=locked.voornamen,
        achternaam=" ".join(p for p in [locked.tussenvoegsel, locked.achternaam] if p),
    )
    locked.user = user
    locked.save(update_fields=["user"])
    uitnodiging_na_commit(user)
    deelnemer.refresh_from_db()
    return user


# -- praktijkverklaringen ------------------------------------------------------------------
# Propose (coördinator) → approve (beoordelaar) → issue: copy every printed value, number,
# render the PDF once, store it. Issuing is its own function so it can run as a background
# task (trajecten.tasks) after the approval commits; by default approval and issue share one
# transaction.


class VerklaringUitgifteMislukt(Exception):
    """Rendering or storing the PDF failed; nothing was issued. The message is for the user."""

    def __init__(self, message=None) -> None:
        from django.utils.translation import gettext_lazy as _

        super().__init__(
            message
            or _(
                "De PDF van de verklaring kon niet worden gemaakt, dus er is niets uitgegeven. "
                "Probeer het over een paar minuten opnieuw; blijft het misgaan, neem dan contact op met de beheerder."
            )
        )


def verklaring_beheerste_werkprocessen(*, traject: Traject) -> set[int]:
    """Ids of the werkprocessen whose werkopdrachten in ``traject`` are all *beheerst*."""
    return {wp.werkproces.pk for wp in traject.voortgang_per_werkproces() if wp.is_beheerst}


def verklaring_stel_voor(
    *,
    traject: Traject,
    werkprocessen: Iterable,
    samenvattend_oordeel: str,
    door,
    vervangt=None,
    vervangreden: str = "",
):
    """The coördinator proposes a verklaring for mastered werkprocessen of one kwalificatie.

    With ``vervangt`` it is a correction of an issued verklaring, which is revoked when this
    one is issued.
    """
    from django.db import IntegrityError
    from django.utils.translation import gettext as _

    from praktijkwijs.errors import OvergangNietToegestaan

    from .models import Verklaring, VerklaringWijziging

    werkprocessen = list(werkprocessen)
    if not werkprocessen:
        raise OvergangNietToegestaan(_("Kies minstens één werkproces."))
    kwalificaties = {wp.kwalificatie_id for wp in werkprocessen}
    if len(kwalificaties) != 1:
        raise OvergangNietToegestaan(
            _("Kies werkprocessen van één kwalificatie: elke kwalificatie krijgt een eigen verklaring.")
        )
    niet_beheerst = [wp for wp in werkprocessen if wp.pk not in verklaring_beheerste_werkprocessen(traject=traject)]
    if niet_beheerst:
        raise OvergangNietToegestaan(
            _("Werkproces %(code)s is nog niet beheerst en kan niet op de verklaring.")
            % {"code": niet_beheerst[0].code}
        )
    if not samenvattend_oordeel.strip():
        raise OvergangNietToegestaan(_("Vul het samenvattend oordeel van de praktijkbegeleider in."))
    if vervangt is not None:
        if vervangt.traject_id != traject.pk or not vervangt.kan_vervangen():
            raise OvergangNietToegestaan(_("Deze verklaring kan niet (meer) worden vervangen."))
        if not vervangreden.strip():
            raise OvergangNietToegestaan(_("Geef een reden op waarom de verklaring wordt vervangen."))
    try:
        with transaction.atomic():
            verklaring = Verklaring.objects.create(
                traject=traject,
                deelnemer_id=traject.deelnemer_id,
                kwalificatie_id=kwalificaties.pop(),
                samenvattend_oordeel=samenvattend_oordeel.strip(),
                voorgesteld_door=door,
                vervangt=vervangt,
                vervangreden=vervangreden.strip(),
            )
            verklaring.werkprocessen.set(werkprocessen)
            VerklaringWijziging.objects.create(
                verklaring=verklaring, door=door, van_status="", naar_status=verklaring.status, toelichting=vervangreden
            )
    except IntegrityError as exc:
        # The partial unique constraint: someone else proposed for this kwalificatie just now.
        raise OvergangNietToegestaan(
            _("Er ligt al een voorstel voor deze kwalificatie bij de beoordelaar, of er is al een geldige verklaring.")
        ) from exc
    return verklaring


def verklaring_keur_goed(*, verklaring, door):
    """The beoordelaar approves; the verklaring is issued in the same transaction, so a failure
    while rendering or storing leaves it *voorgesteld* and the beoordelaar can simply try again.

    With settings.VERKLARING_UITGEVEN_OP_ACHTERGROND the approval commits on its own and the
    issue is queued (trajecten.tasks) once it has: the request never waits for the PDF, and a
    failing task leaves the verklaring *goedgekeurd*, ready for a retry. Approving a verklaring
    that is already *goedgekeurd* (its task failed) queues it again.

    Only a beoordelaar of the traject's school may approve.
    """
    from django.conf import settings
    from django.utils.translation import gettext as _

    from praktijkwijs.errors import OvergangNietToegestaan

    if not verklaring.traject.school.beoordelaars.filter(user=door).exists():
        raise OvergangNietToegestaan(_("Alleen een beoordelaar van de school van dit traject kan goedkeuren."))
    if settings.VERKLARING_UITGEVEN_OP_ACHTERGROND:
        from .tasks import verklaring_uitgeven

        with transaction.atomic():
            if verklaring.status != verklaring.Status.GOEDGEKEURD:
                verklaring.keur_goed(door=door)
            # After the commit: a worker must never pick up an approval that is rolled back.
            transaction.on_commit(
                lambda: verklaring_uitgeven.enqueue(verklaring_id=verklaring.pk, door_id=door.pk), robust=True
            )
        verklaring.refresh_from_db()
        return verklaring
    if verklaring.status == verklaring.Status.UITGEGEVEN:
        return verklaring  # a second click: already done
    with transaction.atomic():
        if verklaring.status != verklaring.Status.GOEDGEKEURD:  # approved earlier, issuing failed
            verklaring.keur_goed(door=door)
        return verklaring_geef_uit(verklaring=verklaring, door=door)


def _volgend_verklaringnummer(*, school: School, jaar: int) -> str:
    """The next number of ``school`` in ``jaar``, e.g. GC-2026-0007. Call inside the issuing
    transaction: the counter row stays locked until it commits, and a rollback gives the
    number back, so numbers have no gaps."""
    from .models import VerklaringTeller

    # ON CONFLICT DO NOTHING: two first-of-the-year issues must not both try to insert.
    VerklaringTeller.objects.bulk_create([VerklaringTeller(school=school, jaar=jaar)], ignore_conflicts=True)
    teller = VerklaringTeller.objects.select_for_update().get(school=school, jaar=jaar)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return f"{school.afkorting}-{jaar}-{teller.laatste:04d}"


# Where issued PDFs are stored (in a random folder per PDF, under the year).
VERKLARINGEN_MAP = "verklaringen"


def verklaring_geef_uit(*, verklaring, door):
    """Issue an approved verklaring: copy the printed values, give it its number, render the
    PDF once and store it with its SHA-256. All or nothing; raises VerklaringUitgifteMislukt
    (nothing issued, the number not used) when rendering or storing fails.

    Safe to call again on an issued verklaring (does nothing), so it can run as a retried task.
    """
    import hashlib
    import logging
    import secrets

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils.translation import gettext as _

    from praktijkwijs.errors import OvergangNietToegestaan

    from . import pdf
    from .models import Verklaring, VerklaringWerkproces, VerklaringWijziging

    opgeslagen = ""
    try:
        with transaction.atomic():
            locked = (
                # OF self: lock the verklaring only, not the school, deelnemer, ... rows it joins.
                Verklaring.objects.select_for_update(of=("self",))
                .select_related("traject__deelnemer", "traject__bedrijf", "traject__school", "kwalificatie")
                .get(pk=verklaring.pk)
            )
            if locked.status == Verklaring.Status.UITGEGEVEN:
                verklaring.refresh_from_db()
                return verklaring
            if not locked.kan_uitgeven():
                raise OvergangNietToegestaan(
                    _("Dit kan niet: de verklaring is %(status)s.") % {"status": locked.get_status_display()}
                )
            traject = locked.traject
            werkprocessen = list(locked.werkprocessen.select_related("kerntaak").order_by("kerntaak__code", "code"))
            beheerst = verklaring_beheerste_werkprocessen(traject=traject)
            if any(wp.pk not in beheerst for wp in werkprocessen):
                raise OvergangNietToegestaan(
                    _("Niet alle voorgestelde werkprocessen zijn nog beheerst. Stuur het voorstel terug.")
                )
            vandaag = timezone.localdate()
            deelnemer, school, bedrijf, kwalificatie = (
                traject.deelnemer,
                traject.school,
                traject.bedrijf,
                locked.kwalificatie,
            )
            # Every printed value is copied now; the PDF and the verification page read only these.
            locked.deelnemer_naam = deelnemer.naam
            locked.deelnemer_geboortedatum = deelnemer.geboortedatum
            locked.deelnemer_geboorteplaats = deelnemer.geboorteplaats
            locked.school_naam = school.naam
            locked.school_brin = school.brin
            locked.kwalificatie_naam = kwalificatie.naam
            locked.kwalificatie_crebo = kwalificatie.crebo
            locked.kwalificatie_niveau = kwalificatie.niveau
            locked.kwalificatie_dossier_versie = kwalificatie.dossier_versie
            locked.bedrijf_naam = bedrijf.naam
            locked.bedrijf_plaats = bedrijf.plaats
            locked.bedrijf_sbb_nummer = bedrijf.sbb_erkenningsnummer
            locked.begeleider_namen = ", ".join(b.naam for b in traject.begeleiders.select_related("user"))
            locked.periode_van = traject.startdatum
            locked.periode_tot = min(traject.einddatum or vandaag, vandaag)
            beoordelaar = locked.beoordeeld_door or door
            locked.beoordelaar_naam = beoordelaar.get_full_name() or beoordelaar.username
            locked.plaats_uitgifte = school.plaats
            locked.datum_uitgifte = vandaag
            locked.uitgegeven_op = timezone.now()
            locked.nummer = _volgend_verklaringnummer(school=school, jaar=vandaag.year)
            VerklaringWerkproces.objects.bulk_create(
                VerklaringWerkproces(
                    verklaring=locked,
                    volgorde=volgorde,
                    werkproces=wp,
                    kerntaak_code=wp.kerntaak.code,
                    kerntaak_titel=wp.kerntaak.titel,
                    werkproces_code=wp.code,
                    werkproces_titel=wp.titel,
                )
                for volgorde, wp in enumerate(werkprocessen, start=1)
            )
            if locked.vervangt_id:
                # Revoke the old one first: only one valid verklaring per kwalificatie.
                oud = Verklaring.objects.get(pk=locked.vervangt_id)
                oud.trek_in(
                    door=door,
                    reden=_("Vervangen door %(nummer)s: %(reden)s")
                    % {"nummer": locked.nummer, "reden": locked.vervangreden},
                )
            try:
                inhoud = pdf.render_verklaring_pdf(locked)
                # A random folder: the path reveals nothing and cannot be guessed.
                pad = f"{VERKLARINGEN_MAP}/{vandaag.year}/{secrets.token_urlsafe(16)}/{locked.bestandsnaam}"
                opgeslagen = default_storage.save(pad, ContentFile(inhoud))
            except Exception as exc:
                logging.getLogger(__name__).exception("Praktijkverklaring %s: PDF maken of opslaan mislukt", locked.pk)
                raise VerklaringUitgifteMislukt() from exc
            locked.pdf.name = opgeslagen
            locked.sha256 = hashlib.sha256(inhoud).hexdigest()
            van = locked.status
            locked.status = Verklaring.Status.UITGEGEVEN
            locked.save()
            VerklaringWijziging.objects.create(
                verklaring=locked, door=door, van_status=van, naar_status=locked.status, toelichting=locked.nummer
            )
    except BaseException:
        if opgeslagen and not _pdf_mogelijk_in_gebruik(opgeslagen):
            default_storage.delete(opgeslagen)  # the transaction rolled back: no orphan file
        raise
    verklaring.refresh_from_db()
    verklaring._status_bij_laden = verklaring.status
    return verklaring


def _pdf_mogelijk_in_gebruik(naam: str) -> bool:
    """Whether a verklaring may hold the stored PDF ``naam`` after issuing failed.

    Usually the database says no (the transaction rolled back) and the file can go. When the
    connection itself failed, perhaps while committing, the database may have issued the
    verklaring without our hearing it: then the file stays, as an issued verklaring without its
    PDF cannot be repaired, and a stray file can: ``manage.py bewaartermijn`` removes it a day
    later (privacy.losse_pdfs).
    """
    from .models import Verklaring

    try:
        return Verklaring.objects.filter(pdf=naam).exists()
    except DatabaseError:
        return True


@transaction.atomic
def praktijkbegeleider_wijzig(
    *,
    begeleider: Praktijkbegeleider,
    voornaam: str,
    achternaam: str,
    email: str,
    bedrijf: Bedrijf,
    functie: str = "",
    telefoon: str = "",
) -> None:
    """Update a praktijkbegeleider and the name and address on their login (the username stays)."""
    User.objects.filter(pk=begeleider.user_id).update(first_name=voornaam, last_name=achternaam, email=email)
    Praktijkbegeleider.objects.filter(pk=begeleider.pk).update(bedrijf=bedrijf, functie=functie, telefoon=telefoon)
    cacheversie.verouder("filterkeuzes")  # the trajecten filter lists begeleiders by name and bedrijf
    begeleider.refresh_from_db()
    begeleider.user.refresh_from_db()


@transaction.atomic
def beoordelaar_wijzig(*, beoordelaar: Beoordelaar, voornaam: str, achternaam: str, email: str, school: School) -> None:
    """Update a beoordelaar and the name and address on their login (the username stays)."""
    User.objects.filter(pk=beoordelaar.user_id).update(first_name=voornaam, last_name=achternaam, email=email)
    Beoordelaar.objects.filter(pk=beoordelaar.pk).update(school=school)
    beoordelaar.refresh_from_db()
    beoordelaar.user.refresh_from_db()
