from django.urls import path

from trajecten.views import aanvragen, homes, organisaties, trajecten

app_name = "trajecten"

urlpatterns = [
    # Aanvragen (coördinator)
    path("aanvragen/", aanvragen.aanvraag_lijst, name="aanvragen"),
    path("aanvragen/<int:pk>/", aanvragen.aanvraag_detail, name="aanvraag"),
    # Trajecten and the begeleider's checklist
    path("trajecten/", trajecten.traject_lijst, name="trajecten"),
    path("trajecten/<int:pk>/", trajecten.traject_detail, name="traject"),
    # People and organisations
    path("deelnemers/", organisaties.deelnemer_lijst, name="deelnemers"),
    path("deelnemers/<int:pk>/", organisaties.deelnemer_detail, name="deelnemer"),
    path("bedrijven/", organisaties.bedrijf_lijst, name="bedrijven"),
    path("bedrijven/<int:pk>/", organisaties.bedrijf_detail, name="bedrijf"),
    path("bedrijven/begeleiders/<int:pk>/", organisaties.praktijkbegeleider_detail, name="praktijkbegeleider"),
    path("scholen/", organisaties.school_lijst, name="scholen"),
    path("scholen/<int:pk>/", organisaties.school_detail, name="school"),
    path("scholen/beoordelaars/<int:pk>/", organisaties.beoordelaar_detail, name="beoordelaar"),
]

# The homes per role live at the top level (/overzicht/, /begeleiding/, ...); see
# praktijkwijs/urls.py, which includes these without a namespace.
home_urlpatterns = [
    path("overzicht/", homes.overzicht, name="overzicht"),
    path("begeleiding/", homes.begeleiding, name="begeleiding"),
    path("beoordelen/", homes.beoordelen, name="beoordelen"),
    path("mijn/", homes.mijn, name="mijn"),
]
