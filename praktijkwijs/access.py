"""Role checks for views. Which *objects* a user may see is answered by the querysets'
``voor(user)`` methods; this module only answers which *pages* a role gets."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def rol_vereist(*rollen: str) -> Callable:
    """Login required, and the user's role must be one of ``rollen``; other roles get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.rol not in rollen:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def coordinator_vereist(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    from praktijkwijs.models import User

    return rol_vereist(User.Rol.COORDINATOR)(view)
