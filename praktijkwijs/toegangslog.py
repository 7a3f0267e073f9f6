"""Recording who saw or changed a deelnemer's data (see ``ToegangsLog``)."""

import functools

from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone

from praktijkwijs.models import ToegangsLog

# The columns written, in this order. Every page with a deelnemer's data writes one row, so the
# insert is one plain statement: ``objects.create`` (model instance, save(), signals, RETURNING
# id) cost four times as much (1.6 against 0.4 ms on the benchmark machine) for an id nobody
# reads. Names come from the model, so a renamed column cannot go unnoticed.
_VELDEN = ("op", "user", "deelnemer_id", "actie", "wat", "resultaat")


@functools.cache
def _insert_sql(alias: str) -> str:
    connection = connections[alias]
    meta = ToegangsLog._meta
    kolommen = ", ".join(connection.ops.quote_name(meta.get_field(naam).column) for naam in _VELDEN)
    plaatsen = ", ".join(["%s"] * len(_VELDEN))
    # Identifiers from the model's metadata, values as parameters: nothing from a request.
    return f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({kolommen}) VALUES ({plaatsen})"  # noqa: S608


def log_deelnemer_toegang(
    request: HttpRequest, *, deelnemer_id: int, actie: str = ToegangsLog.Actie.BEKEKEN, resultaat: int = 200
) -> None:
    """Call from every view that shows or changes a deelnemer's personal data.

    Append-only, as ``ToegangsLog`` demands: this only ever inserts. Inside a transaction the
    row commits (or rolls back) with the change it records; otherwise it commits at once.
    """
    user_id = request.user.pk if request.user.is_authenticated else None
    alias = router.db_for_write(ToegangsLog)
    connection = connections[alias]
    # adapt_…: the timestamp in the form the ORM itself stores (naive UTC text on SQLite).
    op = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(alias), [op, user_id, deelnemer_id, str(actie), request.path[:200], resultaat])
