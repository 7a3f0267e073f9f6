from django.urls import path

from werkopdrachten import views

app_name = "werkopdrachten"

urlpatterns = [
    path("", views.catalogus, name="catalogus"),
    # Kwalificaties with their kerntaken and werkprocessen.
    path("kwalificaties/nieuw/", views.kwalificatie_nieuw, name="kwalificatie_nieuw"),
    path("kwalificaties/<int:pk>/", views.kwalificatie_detail, name="kwalificatie"),
    path("kwalificaties/<int:pk>/bewerken/", views.kwalificatie_bewerken, name="kwalificatie_bewerken"),
    path("kwalificaties/<int:pk>/nieuwe-versie/", views.kwalificatie_nieuwe_versie, name="kwalificatie_nieuwe_versie"),
    path("kwalificaties/<int:pk>/kerntaken/nieuw/", views.kerntaak_nieuw, name="kerntaak_nieuw"),
    path("kwalificaties/<int:pk>/werkprocessen/nieuw/", views.werkproces_nieuw, name="werkproces_nieuw"),
    path(
        "kwalificaties/<int:pk>/werkprocessen/export.<str:formaat>",
        views.werkprocessen_export,
        name="werkprocessen_export",
    ),
    path("kwalificaties/<int:pk>/werkprocessen/importeren/", views.werkprocessen_import, name="werkprocessen_import"),
    path(
        "kwalificaties/<int:pk>/werkprocessen/importeren/bevestigen/",
        views.werkprocessen_import_bevestigen,
        name="werkprocessen_import_bevestigen",
    ),
    path("kerntaken/<int:pk>/bewerken/", views.kerntaak_bewerken, name="kerntaak_bewerken"),
    path("kerntaken/<int:pk>/verwijderen/", views.kerntaak_verwijderen, name="kerntaak_verwijderen"),
    path("werkprocessen/<int:pk>/bewerken/", views.werkproces_bewerken, name="werkproces_bewerken"),
    path("werkprocessen/<int:pk>/verwijderen/", views.werkproces_verwijderen, name="werkproces_verwijderen"),
    # Vakvaardigheden with their werkopdrachten.
    path("vakvaardigheden/nieuw/", views.vakvaardigheid_nieuw, name="vakvaardigheid_nieuw"),
    path("vakvaardigheden/<int:pk>/", views.vakvaardigheid_detail, name="vakvaardigheid"),
    path("vakvaardigheden/<int:pk>/bewerken/", views.vakvaardigheid_bewerken, name="vakvaardigheid_bewerken"),
    path(
        "vakvaardigheden/<int:pk>/nieuwe-versie/",
        views.vakvaardigheid_nieuwe_versie,
        name="vakvaardigheid_nieuwe_versie",
    ),
    path("vakvaardigheden/<int:pk>/werkopdrachten/nieuw/", views.werkopdracht_nieuw, name="werkopdracht_nieuw"),
    path(
        "vakvaardigheden/<int:pk>/werkopdrachten/export.<str:formaat>",
        views.werkopdrachten_export,
        name="werkopdrachten_export",
    ),
    path(
        "vakvaardigheden/<int:pk>/werkopdrachten/importeren/",
        views.werkopdrachten_import,
        name="werkopdrachten_import",
    ),
    path(
        "vakvaardigheden/<int:pk>/werkopdrachten/importeren/bevestigen/",
        views.werkopdrachten_import_bevestigen,
        name="werkopdrachten_import_bevestigen",
    ),
    path("werkopdrachten/<int:pk>/bewerken/", views.werkopdracht_bewerken, name="werkopdracht_bewerken"),
    path("werkopdrachten/<int:pk>/verwijderen/", views.werkopdracht_verwijderen, name="werkopdracht_verwijderen"),
]
