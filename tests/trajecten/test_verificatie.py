"""The public verification page that the QR code on the verklaring leads to."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.trajecten.builders_verklaringen import geef_uit
from trajecten.views.verklaringen import VERIFICATIE_PER_MINUUT


@pytest.fixture(autouse=True)
def _lege_rate_limit():
    """The rate limit counts in the cache; each test starts (and leaves) it empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def verklaring(world):
    return geef_uit(world)


def url(verklaring) -> str:
    return reverse("trajecten:verificatie", args=[verklaring.verificatiecode])


def upload(inhoud: bytes, naam: str = "verklaring.pdf") -> dict:
    return {"bestand": SimpleUploadedFile(naam, inhoud, content_type="application/pdf")}


def test_a_valid_verklaring_shows_geldig_and_only_what_the_pdf_prints(verklaring):
    response = Client().get(url(verklaring))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geldig" in html
    for printed in ["Sanne de Vries", verklaring.nummer, "Graafschap College", "Medewerker logistiek", "B1-K1-W1"]:
        assert printed in html
    # Private data stays private: no birth date, no contact details, no proposal text.
    assert "17 mei 1990" not in html
    assert verklaring.samenvattend_oordeel not in html
    assert response["X-Robots-Tag"].startswith("noindex")


def test_an_unknown_code_says_onbekend(db):
    response = Client().get(reverse("trajecten:verificatie", args=["ABCDEFGHJKMNPQRSTVWXYZ0123456"]))
    assert response.status_code == 404
    assert "Onbekend" in response.content.decode()


def test_the_code_may_be_typed_with_dashes_and_lower_case(verklaring):
    response = Client().get(reverse("trajecten:verificatie", args=[verklaring.code_leesbaar.lower()]))
    assert response.status_code == 200 and "Geldig" in response.content.decode()


def test_the_typed_code_form_leads_to_the_page(verklaring):
    response = Client().get(reverse("trajecten:verificatie_zoek"), {"code": verklaring.code_leesbaar})
    assert response.status_code == 302 and response["Location"] == url(verklaring)


def test_a_revoked_verklaring_says_ingetrokken_with_the_date(world, verklaring):
    verklaring.trek_in(door=world.coordinator, reden="Fout in de naam.")
    response = Client().get(url(verklaring))
    html = response.content.decode()
    assert "Ingetrokken" in html
    # The date in the Netherlands, on the page and in the JSON alike (also just after midnight).
    dag = timezone.localdate(verklaring.ingetrokken_op)
    assert f"op {dag:%-d}" in html
    assert "Fout in de naam." not in html  # the reason is internal
    data = Client().get(url(verklaring), HTTP_ACCEPT="application/json").json()
    assert data["status"] == "ingetrokken" and data["ingetrokken_op"] == dag.isoformat()


def test_json_for_accept_application_json(verklaring):
    response = Client().get(url(verklaring), HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["status"] == "geldig"
    assert data["nummer"] == verklaring.nummer and data["naam"] == "Sanne de Vries"
    assert data["school"]["naam"] == "Graafschap College"
    assert [wp["code"] for wp in data["werkprocessen"]] == ["B1-K1-W1", "B1-K1-W2", "B1-K1-W3"]
    assert "geboortedatum" not in str(data)
    onbekend = Client().get(reverse("trajecten:verificatie", args=["ONBEKEND"]), HTTP_ACCEPT="application/json")
    assert onbekend.status_code == 404 and onbekend.json() == {"status": "onbekend"}


def test_the_registered_pdf_matches(verklaring):
    inhoud = verklaring.pdf.read()
    response = Client().post(url(verklaring), upload(inhoud))
    assert "precies het geregistreerde document" in response.content.decode()
    data = Client().post(url(verklaring), upload(inhoud), HTTP_ACCEPT="application/json").json()
    assert data["pdf_klopt"] is True


def test_a_pdf_changed_by_one_byte_does_not_match(verklaring):
    inhoud = bytearray(verklaring.pdf.read())
    midden = len(inhoud) // 2
    inhoud[midden] = (inhoud[midden] + 1) % 256
    response = Client().post(url(verklaring), upload(bytes(inhoud)))
    assert response.status_code == 200
    assert "níet het geregistreerde document" in response.content.decode()


def test_the_pdf_of_another_verklaring_does_not_match(world, verklaring):
    andere = geef_uit(world, world.andere_traject)
    data = Client().post(url(verklaring), upload(andere.pdf.read()), HTTP_ACCEPT="application/json").json()
    assert data["pdf_klopt"] is False


def test_only_pdf_files_are_checked(verklaring):
    response = Client().post(url(verklaring), upload(b"GIF89a nep", "verklaring.pdf"))
    assert response.status_code == 400
    assert "Dit is geen PDF-bestand" in response.content.decode()


def test_a_too_large_file_is_refused(verklaring):
    response = Client().post(url(verklaring), upload(b"%PDF-" + b"0" * (5 * 1024 * 1024 + 1)))
    assert response.status_code in (400, 413)
    assert "te groot" in response.content.decode()


def test_many_requests_from_one_address_are_slowed_down(verklaring, stilstaande_klok):
    client = Client()
    for _ in range(VERIFICATIE_PER_MINUUT):
        assert client.get(url(verklaring)).status_code == 200
    response = client.get(url(verklaring))
    assert response.status_code == 429
    assert "te veel controles" in response.content.decode()
    assert client.get(url(verklaring), HTTP_ACCEPT="application/json").status_code == 429
    # Another address is not affected.
    assert client.get(url(verklaring), REMOTE_ADDR="10.9.8.7").status_code == 200
