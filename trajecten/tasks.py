"""Background tasks (Django's tasks framework). In production they run in `manage.py db_worker`
(django-tasks-db, TASKS_BACKEND); in development and tests immediately, in the process that
enqueues them."""

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task
def verklaring_uitgeven(*, verklaring_id: int, door_id: int) -> str | None:
    """Issue one approved verklaring: render and store its PDF and give it its number.

    Idempotent: an issued verklaring is left as it is, so a task that runs twice (a retry, or a
    second approval click) issues once. A verklaring that may no longer be issued (sent back or
    revoked while waiting) is skipped. When rendering or storing fails the exception propagates,
    so the worker records the task as failed; nothing was issued and the verklaring stays
    *goedgekeurd*, so running the task again is the retry. Returns the number, if issued.
    """
    from praktijkwijs.errors import OvergangNietToegestaan
    from praktijkwijs.models import User

    from .models import Verklaring
    from .services import verklaring_geef_uit

    verklaring = Verklaring.objects.filter(pk=verklaring_id).first()
    if verklaring is None:
        logger.warning("Praktijkverklaring %s: bestaat niet meer, niets uit te geven", verklaring_id)
        return None
    if verklaring.status in Verklaring.UITGEGEVEN_STATUSSEN:
        return verklaring.nummer
    door = User.objects.get(pk=door_id)
    try:
        verklaring = verklaring_geef_uit(verklaring=verklaring, door=door)
    except OvergangNietToegestaan:
        # Not a failure to retry: the verklaring's state says it must not be issued (now).
        logger.warning("Praktijkverklaring %s: niet uitgegeven, status staat het niet toe", verklaring_id)
        return None
    logger.info("Praktijkverklaring %s uitgegeven op de achtergrond", verklaring_id)
    return verklaring.nummer
