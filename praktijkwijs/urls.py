from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from praktijkwijs import views
from trajecten.urls import home_urlpatterns

# Only superusers get into the Django admin; staff flags alone are not enough.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("", views.landing, name="landing"),
    path("start/", views.home, name="home"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("catalogus/", include("werkopdrachten.urls")),
    path("", include("trajecten.urls")),
    *home_urlpatterns,
    path("admin/", admin.site.urls),
]
