"""The praktijkverklaring: propose, approve (and issue), the PDF, download, revoke, replace."""

import hashlib
import http.server
import io
import re
import threading

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from praktijkwijs.errors import OvergangNietToegestaan
from praktijkwijs.models import ToegangsLog
from tests import factories
from tests.conftest import client_voor
from tests.trajecten.builders_verklaringen import beheers, geef_uit, stel_voor, voorstel
from trajecten import pdf
from trajecten.models import Verklaring, VerklaringTeller, VerklaringWijziging
from trajecten.services import VerklaringUitgifteMislukt, verklaring_keur_goed, verklaring_stel_voor
from werkopdrachten.models import Werkproces

JAAR = timezone.localdate().year


def pdf_tekst(inhoud: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(inhoud)).pages)


def client_van(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def download(client, verklaring) -> bytes:
    response = client.get(reverse("trajecten:verklaring_pdf", args=[verklaring.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def opgeslagen_bestanden(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []


# -- propose ---------------------------------------------------------------------------------


def test_propose_page_offers_only_mastered_werkprocessen_and_shows_what_is_missing(world, coordinator_client):
    beheers(world.traject, world.begeleider, "B1-K1-W1", "B1-K1-W2")
    response = coordinator_client.get(reverse("trajecten:verklaring_nieuw", args=[world.traject.pk]))
    html = response.content.decode()
    w1, w3 = (
        Werkproces.objects.get(kwalificatie=world.vakvaardigheid.kwalificatie, code=c) for c in ("B1-K1-W1", "B1-K1-W3")
    )
    assert f'name="werkprocessen" value="{w1.pk}"' in html
    assert f'name="werkprocessen" value="{w3.pk}"' not in html
    assert re.search(r"Nog niet beheerst:\s*Order picken met scanner", html)


def test_coordinator_proposes_and_the_beoordelaar_sees_it_in_the_queue(world, coordinator_client, beoordelaar_client):
    beheers(world.traject, world.begeleider, "B1-K1-W1")
    w1 = Werkproces.objects.get(kwalificatie=world.vakvaardigheid.kwalificatie, code="B1-K1-W1")
    response = coordinator_client.post(
        reverse("trajecten:verklaring_nieuw", args=[world.traject.pk]),
        {"werkprocessen": [w1.pk], "samenvattend_oordeel": "Ontvangt goederen zelfstandig."},
    )
    verklaring = Verklaring.objects.get()
    assert response.status_code == 302
    assert verklaring.status == Verklaring.Status.VOORGESTELD
    assert list(verklaring.werkprocessen.all()) == [w1]
    assert verklaring.wijzigingen.get().naar_status == "voorgesteld"
    queue = beoordelaar_client.get(reverse("beoordelen")).content.decode()
    assert world.traject.deelnemer.naam in queue and verklaring.get_absolute_url() in queue


def test_an_unmastered_werkproces_cannot_be_proposed(world, coordinator_client):
    beheers(world.traject, world.begeleider, "B1-K1-W1")
    w3 = Werkproces.objects.get(kwalificatie=world.vakvaardigheid.kwalificatie, code="B1-K1-W3")
    response = coordinator_client.post(
        reverse("trajecten:verklaring_nieuw", args=[world.traject.pk]),
        {"werkprocessen": [w3.pk], "samenvattend_oordeel": "Goed"},
    )
    assert response.status_code == 200
    assert "Het voorstel is nog niet verstuurd" in response.content.decode()
    assert "Goed" in response.content.decode()  # what was typed is shown again
    assert not Verklaring.objects.exists()
    with pytest.raises(OvergangNietToegestaan):
        verklaring_stel_voor(
            traject=world.traject, werkprocessen=[w3], samenvattend_oordeel="x", door=world.coordinator
        )


def test_a_second_proposal_for_the_same_kwalificatie_is_refused(world):
    voorstel(world)
    with pytest.raises(OvergangNietToegestaan):
        stel_voor(world.traject, world.coordinator)
    assert Verklaring.objects.count() == 1


# -- approve and issue -----------------------------------------------------------------------


def test_approval_issues_a_numbered_pdf_with_hash_and_history(world, beoordelaar_client):
    verklaring = voorstel(world)
    response = beoordelaar_client.post(reverse("trajecten:verklaring_goedkeuren", args=[verklaring.pk]), follow=True)
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.UITGEGEVEN
    assert verklaring.nummer == f"GC-{JAAR}-0001"
    assert f"uitgegeven als GC-{JAAR}-0001" in response.content.decode()
    inhoud = verklaring.pdf.read()
    assert inhoud.startswith(b"%PDF-")
    assert hashlib.sha256(inhoud).hexdigest() == verklaring.sha256
    # Stored under a random folder, never a guessable path.
    assert re.fullmatch(rf"verklaringen/{JAAR}/[\w-]{{22}}/praktijkverklaring-GC-{JAAR}-0001\.pdf", verklaring.pdf.name)
    assert len(verklaring.verificatiecode) >= 26  # ≥ 128 bits in base32
    assert [(w.van_status, w.naar_status, w.door) for w in verklaring.wijzigingen.all()] == [
        ("", "voorgesteld", world.coordinator),
        ("voorgesteld", "goedgekeurd", world.beoordelaar),
        ("goedgekeurd", "uitgegeven", world.beoordelaar),
    ]
    assert verklaring.beoordelaar_naam == world.beoordelaar.get_full_name()


def test_pdf_text_holds_name_number_and_exactly_the_selected_werkprocessen(world):
    deelnemer = world.traject.deelnemer
    deelnemer.voornamen, deelnemer.achternaam = "Zoë Ğül", "Nguyễn-Dvořák"
    deelnemer.save()
    beheers(world.traject, world.begeleider, "B1-K1-W1", "B1-K1-W2")
    verklaring = stel_voor(world.traject, world.coordinator, "B1-K1-W1")  # W2 mastered but not chosen
    verklaring = verklaring_keur_goed(verklaring=verklaring, door=world.beoordelaar)
    inhoud = verklaring.pdf.read()
    tekst = pdf_tekst(inhoud)
    assert "Zoë Ğül Nguyễn-Dvořák" in tekst
    assert verklaring.nummer in tekst
    assert "B1-K1-W1" in tekst and "Ontvangt goederen" in tekst
    assert "B1-K1-W2" not in tekst and "B1-K1-W3" not in tekst and "Verzamelt orders" not in tekst
    assert "Praktijkverklaring mbo" in tekst and "Graafschap College" in tekst and "Laborijn" in tekst
    assert verklaring.code_leesbaar in tekst

    reader = PdfReader(io.BytesIO(inhoud))
    assert reader.metadata.title.startswith(f"Praktijkverklaring mbo {verklaring.nummer}")
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp  # PDF/A-3b
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, "every font is embedded"


def test_an_adapted_template_cannot_make_the_server_fetch_anything(world, settings, tmp_path):
    """A school may adapt the PDF's template; stylesheets it links over http or from the
    server's disk are neither fetched nor read, and the PDF still renders."""
    opgevraagd = []

    class Server(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            opgevraagd.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b'body::after { content: "VAN HET NETWERK" }')

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    schijf = tmp_path / "huisstijl.css"
    schijf.write_text('body::before { content: "VAN DE SCHIJF" }')
    origineel = (settings.BASE_DIR / "templates" / pdf.TEMPLATE).read_text()
    links = (
        f'<link rel="stylesheet" href="http://127.0.0.1:{server.server_port}/huisstijl.css">'
        f'<link rel="stylesheet" href="{schijf.as_uri()}"></head>'
    )
    aangepast = tmp_path / "templates" / pdf.TEMPLATE
    aangepast.parent.mkdir(parents=True)
    aangepast.write_text(origineel.replace("</head>", links))
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}]
    try:
        verklaring = geef_uit(world)
    finally:
        server.shutdown()
        server.server_close()
    tekst = pdf_tekst(verklaring.pdf.read())
    assert verklaring.nummer in tekst  # the adapted template was used
    assert opgevraagd == []
    assert "VAN HET NETWERK" not in tekst and "VAN DE SCHIJF" not in tekst


def test_changing_the_deelnemer_or_catalogue_afterwards_leaves_the_stored_pdf_byte_identical(world, deelnemer_client):
    verklaring = geef_uit(world)
    voor = download(deelnemer_client, verklaring)
    deelnemer = world.traject.deelnemer
    deelnemer.achternaam = "Anders"
    deelnemer.geboorteplaats = "Zutphen"
    deelnemer.save()
    Werkproces.objects.filter(code="B1-K1-W1").update(titel="Nieuwe titel")
    world.bedrijf.naam = "Laborijn Nieuw"
    world.bedrijf.save()

    na = download(deelnemer_client, verklaring)
    assert na == voor
    verklaring.refresh_from_db()
    assert verklaring.deelnemer_naam == "Sanne de Vries"
    assert verklaring.regels.get(werkproces_code="B1-K1-W1").werkproces_titel == "Ontvangt goederen"


def test_a_failure_while_rendering_leaves_nothing_issued_and_trying_again_works(
    world, beoordelaar_client, monkeypatch, settings
):
    verklaring = voorstel(world)

    def kapot(_verklaring):
        raise RuntimeError("pango is weg")

    monkeypatch.setattr(pdf, "render_verklaring_pdf", kapot)
    response = beoordelaar_client.post(reverse("trajecten:verklaring_goedkeuren", args=[verklaring.pk]), follow=True)
    assert "kon niet worden gemaakt" in response.content.decode()
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.VOORGESTELD
    assert verklaring.nummer == "" and not verklaring.pdf and not verklaring.regels.exists()
    assert not VerklaringTeller.objects.filter(laatste__gt=0).exists()
    assert [w.naar_status for w in verklaring.wijzigingen.all()] == ["voorgesteld"]
    assert opgeslagen_bestanden(settings) == []

    monkeypatch.undo()
    beoordelaar_client.post(reverse("trajecten:verklaring_goedkeuren", args=[verklaring.pk]))
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.UITGEGEVEN
    assert verklaring.nummer == f"GC-{JAAR}-0001"  # the failed attempt used no number


def test_a_failure_while_storing_leaves_nothing_issued(world, monkeypatch, settings):
    verklaring = voorstel(world)

    def vol(*args, **kwargs):
        raise OSError("schijf vol")

    monkeypatch.setattr(FileSystemStorage, "save", vol)
    with pytest.raises(VerklaringUitgifteMislukt):
        verklaring_keur_goed(verklaring=verklaring, door=world.beoordelaar)
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.VOORGESTELD and verklaring.nummer == ""
    assert opgeslagen_bestanden(settings) == []


def _verbinding_weg(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def _faal_na_opslaan(monkeypatch, *, daarna_onbereikbaar: bool) -> None:
    """The database fails at the last write of issuing, when the PDF is already stored; with
    ``daarna_onbereikbaar`` it answers no question after that either (a lost connection)."""
    schrijf_historie = VerklaringWijziging.objects.create

    def create(**kwargs):
        if kwargs.get("naar_status") != Verklaring.Status.UITGEGEVEN:
            return schrijf_historie(**kwargs)  # the approval's own history row
        if daarna_onbereikbaar:
            monkeypatch.setattr(type(Verklaring.objects.all()), "exists", _verbinding_weg)
        _verbinding_weg()

    monkeypatch.setattr(VerklaringWijziging.objects, "create", create)


def test_a_database_error_after_storing_removes_the_pdf_when_nothing_was_issued(world, monkeypatch, settings):
    verklaring = voorstel(world)
    _faal_na_opslaan(monkeypatch, daarna_onbereikbaar=False)
    with pytest.raises(OperationalError):
        verklaring_keur_goed(verklaring=verklaring, door=world.beoordelaar)
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.VOORGESTELD and not verklaring.pdf
    assert opgeslagen_bestanden(settings) == []


def test_when_the_database_cannot_tell_whether_it_issued_the_pdf_stays(world, monkeypatch, settings):
    """A connection lost while committing: the verklaring may be issued; its PDF must not go."""
    verklaring = voorstel(world)
    _faal_na_opslaan(monkeypatch, daarna_onbereikbaar=True)
    with pytest.raises(OperationalError):
        verklaring_keur_goed(verklaring=verklaring, door=world.beoordelaar)
    assert len(opgeslagen_bestanden(settings)) == 1


def test_numbers_count_up_per_school(world):
    eerste = geef_uit(world)
    tweede_traject = factories.maak_traject(
        deelnemer=factories.maak_deelnemer("Nguyễn", "Văn An"),
        begeleider=world.begeleider.praktijkbegeleider,
        school=world.school,
        vakvaardigheid=world.vakvaardigheid,
        door=world.coordinator,
    )
    tweede = geef_uit(world, tweede_traject)
    andere_school = geef_uit(world, world.andere_traject)
    assert (eerste.nummer, tweede.nummer) == (f"GC-{JAAR}-0001", f"GC-{JAAR}-0002")
    assert andere_school.nummer == f"AE-{JAAR}-0001"


def test_only_a_beoordelaar_of_the_traject_school_can_approve(world):
    verklaring = voorstel(world)
    response = client_voor(world, "coordinator").post(reverse("trajecten:verklaring_goedkeuren", args=[verklaring.pk]))
    assert response.status_code == 403
    assert (
        client_van(world.andere_beoordelaar)
        .post(reverse("trajecten:verklaring_goedkeuren", args=[verklaring.pk]))
        .status_code
        == 404
    )
    with pytest.raises(OvergangNietToegestaan):
        verklaring_keur_goed(verklaring=verklaring, door=world.andere_beoordelaar)
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.VOORGESTELD


def test_beoordelaar_sends_back_with_a_reason_the_coordinator_sees(world, beoordelaar_client, coordinator_client):
    verklaring = voorstel(world)
    url = reverse("trajecten:verklaring_terugsturen", args=[verklaring.pk])
    assert beoordelaar_client.post(url, {"reden": ""}).status_code == 400
    beoordelaar_client.post(url, {"reden": "W3 is volgens mij nog niet zelfstandig."})
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.TERUGGESTUURD
    assert verklaring.wijzigingen.last().toelichting == "W3 is volgens mij nog niet zelfstandig."
    traject_pagina = coordinator_client.get(world.traject.get_absolute_url()).content.decode()
    assert "W3 is volgens mij nog niet zelfstandig." in traject_pagina
    # A returned proposal cannot be approved any more; a new proposal can be made.
    with pytest.raises(OvergangNietToegestaan):
        verklaring.keur_goed(door=world.beoordelaar)
    assert stel_voor(world.traject, world.coordinator).status == Verklaring.Status.VOORGESTELD


# -- after issue -----------------------------------------------------------------------------


def test_an_issued_verklaring_cannot_be_changed_or_deleted(world):
    verklaring = geef_uit(world)
    with pytest.raises(OvergangNietToegestaan):
        verklaring.delete()
    with pytest.raises(OvergangNietToegestaan):
        Verklaring.objects.filter(pk=verklaring.pk).delete()
    verklaring.deelnemer_naam = "Iemand anders"
    with pytest.raises(OvergangNietToegestaan):
        verklaring.save()
    verklaring.refresh_from_db()
    assert verklaring.deelnemer_naam == "Sanne de Vries"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("deelnemer", 200),
        ("coordinator", 200),
        ("begeleider", 200),
        ("beoordelaar", 200),
        ("andere_begeleider", 404),
        ("andere_beoordelaar", 404),
        ("andere_deelnemer", 404),
    ],
)
def test_download_per_role(world, persona, status):
    verklaring = geef_uit(world)
    response = client_van(getattr(world, persona)).get(reverse("trajecten:verklaring_pdf", args=[verklaring.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="praktijkverklaring-{verklaring.nummer}.pdf"'
        assert b"".join(response.streaming_content) == verklaring.pdf.read()
        assert ToegangsLog.objects.filter(user=getattr(world, persona), actie="gedownload").exists()


def test_a_proposal_has_no_download(world, coordinator_client):
    verklaring = voorstel(world)
    assert coordinator_client.get(reverse("trajecten:verklaring_pdf", args=[verklaring.pk])).status_code == 404


def test_deelnemer_finds_the_download_button_on_mijn(world, deelnemer_client):
    verklaring = geef_uit(world)
    html = deelnemer_client.get(reverse("mijn")).content.decode()
    assert reverse("trajecten:verklaring_pdf", args=[verklaring.pk]) in html
    assert "Download je verklaring" in html


def test_coordinator_revokes_with_a_reason(world, coordinator_client):
    verklaring = geef_uit(world)
    url = reverse("trajecten:verklaring_intrekken", args=[verklaring.pk])
    assert coordinator_client.post(url, {"reden": " "}).status_code == 400
    coordinator_client.post(url, {"reden": "Verkeerde geboortedatum."})
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.INGETROKKEN
    assert verklaring.ingetrokken_op is not None and verklaring.ingetrokken_door == world.coordinator
    laatste = verklaring.wijzigingen.last()
    assert (laatste.van_status, laatste.naar_status, laatste.toelichting) == (
        "uitgegeven",
        "ingetrokken",
        "Verkeerde geboortedatum.",
    )


def test_a_proposal_cannot_be_revoked(world):
    verklaring = voorstel(world)
    with pytest.raises(OvergangNietToegestaan):
        verklaring.trek_in(door=world.coordinator, reden="x")


def test_replacing_revokes_the_old_one_once_the_new_one_is_issued(world, coordinator_client):
    oud = geef_uit(world)
    response = coordinator_client.post(
        reverse("trajecten:verklaring_vervangen", args=[oud.pk]),
        {
            "werkprocessen": [wp.pk for wp in oud.werkprocessen.all()],
            "samenvattend_oordeel": "Opnieuw beoordeeld.",
            "vervangreden": "Naam verkeerd gespeld.",
        },
    )
    assert response.status_code == 302
    nieuw = Verklaring.objects.get(vervangt=oud)
    oud.refresh_from_db()
    assert oud.status == Verklaring.Status.UITGEGEVEN  # still valid until the school approves the new one

    nieuw = verklaring_keur_goed(verklaring=nieuw, door=world.beoordelaar)
    oud.refresh_from_db()
    assert nieuw.nummer == f"GC-{JAAR}-0002"
    assert oud.status == Verklaring.Status.INGETROKKEN
    assert f"Vervangen door {nieuw.nummer}" in oud.intrekkingsreden and "Naam verkeerd gespeld." in oud.intrekkingsreden
    assert oud.vervangen_door == nieuw


def test_beoordelen_queue_has_a_constant_number_of_queries(world, beoordelaar_client, django_assert_num_queries):
    voorstel(world)
    geef_uit(
        world,
        factories.maak_traject(
            deelnemer=factories.maak_deelnemer("Ali"),
            begeleider=world.begeleider.praktijkbegeleider,
            school=world.school,
            vakvaardigheid=world.vakvaardigheid,
            door=world.coordinator,
        ),
    )
    # 1 session, 2 user, 3 proposals with their werkproces count, 4 issued ones, 5 trajecten
    with django_assert_num_queries(5):
        response = beoordelaar_client.get(reverse("beoordelen"))
    assert response.status_code == 200


def test_traject_page_shows_proposals_to_staff_but_only_issued_ones_to_the_deelnemer(world):
    verklaring = voorstel(world)
    verklaring.stuur_terug(door=world.beoordelaar, reden="Interne opmerking van de school.")
    url = world.traject.get_absolute_url()
    assert "Interne opmerking van de school." in client_van(world.coordinator).get(url).content.decode()
    assert "Interne opmerking van de school." in client_van(world.beoordelaar).get(url).content.decode()
    deelnemer_html = client_van(world.deelnemer).get(url).content.decode()
    assert "Interne opmerking van de school." not in deelnemer_html
    assert "teruggestuurd" not in deelnemer_html


def test_traject_page_lists_its_verklaringen_without_a_query_per_verklaring(world, coordinator_client):
    oud = geef_uit(world)
    url = world.traject.get_absolute_url()
    coordinator_client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as met_een:
        coordinator_client.get(url)
    coordinator_client.post(
        reverse("trajecten:verklaring_vervangen", args=[oud.pk]),
        {
            "werkprocessen": [wp.pk for wp in oud.werkprocessen.all()],
            "samenvattend_oordeel": "Opnieuw beoordeeld.",
            "vervangreden": "Naam verkeerd gespeld.",
        },
    )
    nieuw = verklaring_keur_goed(verklaring=Verklaring.objects.get(vervangt=oud), door=world.beoordelaar)
    with CaptureQueriesContext(connection) as met_twee:
        html = coordinator_client.get(url).content.decode()
    assert len(met_twee) == len(met_een)
    # Both, each with its number, state and download; the revoked one with why and when.
    for verklaring in (oud, nieuw):
        assert verklaring.nummer in html
        assert reverse("trajecten:verklaring_pdf", args=[verklaring.pk]) in html
    assert "Naam verkeerd gespeld." in html and "Ingetrokken op" in html
    assert "vervangt een eerdere verklaring" in html


def test_the_admin_shows_an_issued_verklaring_read_only(world):
    verklaring = geef_uit(world)
    client = client_van(world.superuser)
    assert client.get(reverse("admin:trajecten_verklaring_changelist")).status_code == 200
    response = client.get(reverse("admin:trajecten_verklaring_change", args=[verklaring.pk]))
    assert response.status_code == 200 and verklaring.nummer in response.content.decode()
    assert (
        client.post(reverse("admin:trajecten_verklaring_delete", args=[verklaring.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Verklaring.objects.filter(pk=verklaring.pk).exists()
