from django.urls import path

from trajecten.views import aanvragen, begeleiding, organisaties, overzicht, trajecten, verklaringen

app_name = "trajecten"

# Sections per area; each view module owns its section.
urlpatterns = [
    # -- aanvragen (views/aanvragen.py)
    path("aanvragen/", aanvragen.aanvraag_lijst, name="aanvragen"),
    path("aanvragen/<int:pk>/", aanvragen.aanvraag_detail, name="aanvraag"),
    # -- trajecten overview and state changes (views/trajecten.py)
    path("trajecten/", trajecten.traject_lijst, name="trajecten"),
    # -- traject page with the checklist, begeleider and deelnemer homes (views/begeleiding.py)
    path("trajecten/<int:pk>/", begeleiding.traject_detail, name="traject"),
    # -- verklaringen (views/verklaringen.py)
    # -- people and organisations (views/organisaties.py)
    path("deelnemers/", organisaties.deelnemer_lijst, name="deelnemers"),
    path("deelnemers/<int:pk>/", organisaties.deelnemer_detail, name="deelnemer"),
    path("bedrijven/", organisaties.bedrijf_lijst, name="bedrijven"),
    path("bedrijven/<int:pk>/", organisaties.bedrijf_detail, name="bedrijf"),
    path("bedrijven/begeleiders/<int:pk>/", organisaties.praktijkbegeleider_detail, name="praktijkbegeleider"),
    path("scholen/", organisaties.school_lijst, name="scholen"),
    path("scholen/<int:pk>/", organisaties.school_detail, name="school"),
    path("scholen/beoordelaars/<int:pk>/", organisaties.beoordelaar_detail, name="beoordelaar"),
]

# The homes per role live at the top level without a namespace (/overzicht/, /begeleiding/,
# /beoordelen/, /mijn/); praktijkwijs/urls.py includes them.
home_urlpatterns = [
    path("overzicht/", overzicht.overzicht, name="overzicht"),
    path("begeleiding/", begeleiding.begeleiding, name="begeleiding"),
    path("beoordelen/", verklaringen.beoordelen, name="beoordelen"),
    path("mijn/", begeleiding.mijn, name="mijn"),
]
