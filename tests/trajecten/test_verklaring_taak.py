"""Issuing a verklaring as a background task (VERKLARING_UITGEVEN_OP_ACHTERGROND): approval
commits, the PDF is made by trajecten.tasks.verklaring_uitgeven after the commit."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.trajecten.builders_verklaringen import voorstel
from trajecten import pdf
from trajecten.models import Verklaring, VerklaringTeller
from trajecten.tasks import verklaring_uitgeven

JAAR = timezone.localdate().year
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def op_achtergrond(settings):
    settings.VERKLARING_UITGEVEN_OP_ACHTERGROND = True


def keur_goed(client, verklaring, **kwargs):
    return client.post(reverse("trajecten:verklaring_goedkeuren", args=[verklaring.pk]), **kwargs)


def run_worker() -> None:
    """What `manage.py db_worker --batch` does, in this process: run every ready task, then stop
    (without installing the command's signal handlers in the test process)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def stored_files(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []


def test_tasks_run_immediately_unless_a_backend_is_configured(settings):
    assert settings.TASKS["default"]["BACKEND"] == "django.tasks.backends.immediate.ImmediateBackend"
    assert settings.VERKLARING_UITGEVEN_OP_ACHTERGROND is False


def test_with_the_immediate_backend_approval_says_the_pdf_is_coming_and_it_ends_issued(
    world, beoordelaar_client, op_achtergrond, django_capture_on_commit_callbacks
):
    verklaring = voorstel(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = keur_goed(beoordelaar_client, verklaring, follow=True)
        # Inside the request the approval is all there is: the PDF waits for the commit.
        assert "De PDF wordt nu gemaakt" in response.content.decode()
        verklaring.refresh_from_db()
        assert verklaring.status == Verklaring.Status.GOEDGEKEURD and verklaring.nummer == ""
    assert len(callbacks) == 1
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.UITGEGEVEN
    assert verklaring.nummer == f"GC-{JAAR}-0001"
    assert verklaring.pdf.read().startswith(b"%PDF-")
    assert [w.naar_status for w in verklaring.wijzigingen.all()] == ["voorgesteld", "goedgekeurd", "uitgegeven"]


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_approval_queues_one_task_and_only_the_worker_issues(
    world, beoordelaar_client, op_achtergrond, settings
):
    settings.TASKS = DATABASE_QUEUE
    verklaring = voorstel(world)

    response = keur_goed(beoordelaar_client, verklaring)

    assert response.status_code == 302
    taak = DBTaskResult.objects.get()
    assert taak.task_path == "trajecten.tasks.verklaring_uitgeven"
    assert taak.status == "READY"
    assert taak.args_kwargs["kwargs"] == {"verklaring_id": verklaring.pk, "door_id": world.beoordelaar.pk}
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.GOEDGEKEURD
    assert verklaring.nummer == "" and not verklaring.pdf
    assert stored_files(settings) == []

    run_worker()

    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.UITGEGEVEN
    assert verklaring.nummer == f"GC-{JAAR}-0001"
    taak.refresh_from_db()
    assert taak.status == "SUCCESSFUL"
    assert taak.return_value == f"GC-{JAAR}-0001"
    assert len(stored_files(settings)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_task_leaves_the_verklaring_approved_and_approving_again_retries(
    world, beoordelaar_client, op_achtergrond, settings, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    verklaring = voorstel(world)
    keur_goed(beoordelaar_client, verklaring)

    def kapot(_verklaring):
        raise RuntimeError("pango is weg")

    monkeypatch.setattr(pdf, "render_verklaring_pdf", kapot)
    run_worker()
    assert DBTaskResult.objects.get().status == "FAILED"
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.GOEDGEKEURD
    assert verklaring.nummer == "" and not verklaring.regels.exists()
    assert not VerklaringTeller.objects.filter(laatste__gt=0).exists()  # the number was given back
    assert stored_files(settings) == []

    monkeypatch.undo()
    response = keur_goed(beoordelaar_client, verklaring)  # the beoordelaar tries again
    assert response.status_code == 302
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.UITGEGEVEN
    assert verklaring.nummer == f"GC-{JAAR}-0001"
    assert [w.naar_status for w in verklaring.wijzigingen.all()] == ["voorgesteld", "goedgekeurd", "uitgegeven"]


def test_running_the_task_twice_issues_once(world, op_achtergrond, settings):
    verklaring = voorstel(world)
    verklaring.keur_goed(door=world.beoordelaar)
    argumenten = {"verklaring_id": verklaring.pk, "door_id": world.beoordelaar.pk}

    eerste = verklaring_uitgeven.call(**argumenten)
    tweede = verklaring_uitgeven.call(**argumenten)

    assert eerste == tweede == f"GC-{JAAR}-0001"
    assert VerklaringTeller.objects.get().laatste == 1
    assert verklaring.wijzigingen.filter(naar_status=Verklaring.Status.UITGEGEVEN).count() == 1
    assert len(stored_files(settings)) == 1


def test_a_verklaring_sent_back_while_waiting_is_not_issued_by_its_task(world):
    verklaring = voorstel(world)
    verklaring.keur_goed(door=world.beoordelaar)
    verklaring.stuur_terug(door=world.beoordelaar, reden="Werkproces W3 ontbreekt nog.")

    assert verklaring_uitgeven.call(verklaring_id=verklaring.pk, door_id=world.beoordelaar.pk) is None

    verklaring.refresh_from_db()
    assert verklaring.status == Verklaring.Status.TERUGGESTUURD and verklaring.nummer == ""
