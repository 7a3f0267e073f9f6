from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from praktijkwijs.models import User

HOME_PER_ROL = {
    User.Rol.COORDINATOR: "overzicht",
    User.Rol.BEGELEIDER: "begeleiding",
    User.Rol.BEOORDELAAR: "beoordelen",
    User.Rol.DEELNEMER: "mijn",
}

DEMO_LOGINS = ["coordinator", "begeleider", "beoordelaar", "deelnemer"]
DEMO_WACHTWOORD = "demo-praktijkwijs"  # noqa: S105 - only used and shown in demo mode


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "praktijkwijs/landing.html")


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """After login: each role lands on its own home."""
    if request.user.rol in HOME_PER_ROL:
        return redirect(HOME_PER_ROL[request.user.rol])
    if request.user.is_superuser:
        return redirect("admin:index")
    return render(request, "praktijkwijs/geen_rol.html", status=403)


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_logins"] = DEMO_LOGINS
            context["demo_wachtwoord"] = DEMO_WACHTWOORD
        return context
