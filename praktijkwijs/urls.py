from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from praktijkwijs import views
from praktijkwijs.uitnodigingen import WachtwoordInstellenView
from trajecten.urls import home_urlpatterns
from trajecten.views import publiek

# Only superusers get into the Django admin; staff flags alone are not enough.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("", publiek.landing, name="landing"),
    path("aanmelden/", publiek.aanmelden, name="aanmelden"),
    path("aanmelden/bedankt/", publiek.aanmelden_bedankt, name="aanmelden_bedankt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("start/", views.home, name="home"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggen/code/", views.tweestaps, name="tweestaps"),
    path("inloggen/code-instellen/", views.tweestaps_instellen, name="tweestaps_instellen"),
    path("wachtwoord-wijzigen/", views.WachtwoordWijzigenView.as_view(), name="wachtwoord_wijzigen"),
    path("wachtwoord-instellen/<uidb64>/<token>/", WachtwoordInstellenView.as_view(), name="wachtwoord_instellen"),
    path("catalogus/", include("werkopdrachten.urls")),
    path("", include("trajecten.urls")),
    *home_urlpatterns,
    path("admin/", admin.site.urls),
]

# Error pages: Django's defaults render templates/400.html, 403.html and 404.html; the 500
# handler also answers 503 when the database is down (see praktijkwijs.middleware).
handler500 = "praktijkwijs.views.server_error"
