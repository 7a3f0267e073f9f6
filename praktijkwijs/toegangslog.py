"""Recording who saw or changed a deelnemer's data (see ``ToegangsLog``)."""

from django.http import HttpRequest

from praktijkwijs.models import ToegangsLog


def log_deelnemer_toegang(
    request: HttpRequest, *, deelnemer_id: int, actie: str = ToegangsLog.Actie.BEKEKEN, resultaat: int = 200
) -> None:
    """Call from every view that shows or changes a deelnemer's personal data."""
    ToegangsLog.objects.create(
        user=request.user if request.user.is_authenticated else None,
        deelnemer_id=deelnemer_id,
        actie=actie,
        wat=request.path[:200],
        resultaat=resultaat,
    )
