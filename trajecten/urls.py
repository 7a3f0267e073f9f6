from django.urls import path

from trajecten.views import aanvragen, begeleiding, organisaties, overzicht, privacy, trajecten, verklaringen

app_name = "trajecten"

# Sections per area; each view module owns its section.
urlpatterns = [
    # -- aanvragen (views/aanvragen.py)
    path("aanvragen/", aanvragen.aanvraag_lijst, name="aanvragen"),
    path("aanvragen/bord/", aanvragen.aanvraag_bord, name="aanvragen_bord"),
    path("aanvragen/nieuw/", aanvragen.aanvraag_nieuw, name="aanvraag_nieuw"),
    path("aanvragen/<int:pk>/", aanvragen.aanvraag_detail, name="aanvraag"),
    path("aanvragen/<int:pk>/wijzigen/", aanvragen.aanvraag_wijzigen, name="aanvraag_wijzigen"),
    path("aanvragen/<int:pk>/intake-plannen/", aanvragen.aanvraag_intake_plannen, name="aanvraag_intake_plannen"),
    path(
        "aanvragen/<int:pk>/intake-vastleggen/",
        aanvragen.aanvraag_intake_registreren,
        name="aanvraag_intake_registreren",
    ),
    path("aanvragen/<int:pk>/goedkeuren/", aanvragen.aanvraag_goedkeuren, name="aanvraag_goedkeuren"),
    path("aanvragen/<int:pk>/afwijzen/", aanvragen.aanvraag_afwijzen, name="aanvraag_afwijzen"),
    path("aanvragen/<int:pk>/intrekken/", aanvragen.aanvraag_intrekken, name="aanvraag_intrekken"),
    path("aanvragen/<int:pk>/traject-starten/", aanvragen.aanvraag_traject_starten, name="aanvraag_traject_starten"),
    # -- trajecten overview and state changes (views/trajecten.py)
    path("trajecten/", trajecten.traject_lijst, name="trajecten"),
    path("trajecten/<int:pk>/starten/", trajecten.traject_starten, name="traject_starten"),
    path("trajecten/<int:pk>/stoppen/", trajecten.traject_stoppen, name="traject_stoppen"),
    path("trajecten/<int:pk>/afronden/", trajecten.traject_afronden, name="traject_afronden"),
    # -- traject page with the checklist, begeleider and deelnemer homes (views/begeleiding.py)
    path("trajecten/<int:pk>/", begeleiding.traject_detail, name="traject"),
    path("trajecten/<int:pk>/historie/", trajecten.traject_historie, name="traject_historie"),
    path("trajecten/<int:pk>/voortgang/<int:voortgang_pk>/", begeleiding.voortgang_wijzig, name="voortgang_wijzig"),
    path(
        "trajecten/<int:pk>/voortgang/<int:voortgang_pk>/details/",
        begeleiding.voortgang_details,
        name="voortgang_details",
    ),
    path("trajecten/<int:pk>/uren/", begeleiding.uren_registreer, name="uren_registreer"),
    path("trajecten/<int:pk>/uren.csv", begeleiding.uren_csv, name="uren_csv"),
    path("trajecten/urennormen/", begeleiding.urennormen, name="urennormen"),
    # -- verklaringen (views/verklaringen.py)
    path("trajecten/<int:pk>/verklaring/nieuw/", verklaringen.verklaring_nieuw, name="verklaring_nieuw"),
    path("verklaringen/<int:pk>/", verklaringen.verklaring_detail, name="verklaring"),
    path("verklaringen/<int:pk>/goedkeuren/", verklaringen.verklaring_goedkeuren, name="verklaring_goedkeuren"),
    path("verklaringen/<int:pk>/terugsturen/", verklaringen.verklaring_terugsturen, name="verklaring_terugsturen"),
    path("verklaringen/<int:pk>/intrekken/", verklaringen.verklaring_intrekken, name="verklaring_intrekken"),
    path("verklaringen/<int:pk>/vervangen/", verklaringen.verklaring_vervangen, name="verklaring_vervangen"),
    path("verklaringen/<int:pk>/pdf/", verklaringen.verklaring_pdf, name="verklaring_pdf"),
    # Public and printed on paper as a QR code: these addresses may never change.
    path("verificatie/", verklaringen.verificatie_zoek, name="verificatie_zoek"),
    path("verificatie/<str:code>/", verklaringen.verificatie, name="verificatie"),
    # -- public pages and dashboard (views/publiek.py, views/overzicht.py)
    path("overzicht/export/<slug:soort>.<slug:formaat>", overzicht.export, name="export"),
    path("overzicht/verhalen/", overzicht.verhaal_lijst, name="verhalen"),
    path("overzicht/verhalen/nieuw/", overzicht.verhaal_nieuw, name="verhaal_nieuw"),
    path("overzicht/verhalen/<int:pk>/", overzicht.verhaal_bewerken, name="verhaal"),
    path("overzicht/verhalen/<int:pk>/publiceren/", overzicht.verhaal_publiceren, name="verhaal_publiceren"),
    path("overzicht/verhalen/<int:pk>/offline/", overzicht.verhaal_offline, name="verhaal_offline"),
    # -- people and organisations (views/organisaties.py)
    path("deelnemers/", organisaties.deelnemer_lijst, name="deelnemers"),
    path("deelnemers/nieuw/", organisaties.deelnemer_nieuw, name="deelnemer_nieuw"),
    path("deelnemers/<int:pk>/", organisaties.deelnemer_detail, name="deelnemer"),
    path("deelnemers/<int:pk>/wijzigen/", organisaties.deelnemer_wijzigen, name="deelnemer_wijzigen"),
    path("deelnemers/<int:pk>/login/", organisaties.deelnemer_login, name="deelnemer_login"),
    path("bedrijven/", organisaties.bedrijf_lijst, name="bedrijven"),
    path("bedrijven/nieuw/", organisaties.bedrijf_nieuw, name="bedrijf_nieuw"),
    path("bedrijven/<int:pk>/", organisaties.bedrijf_detail, name="bedrijf"),
    path("bedrijven/<int:pk>/wijzigen/", organisaties.bedrijf_wijzigen, name="bedrijf_wijzigen"),
    path(
        "bedrijven/<int:pk>/begeleiders/nieuw/", organisaties.praktijkbegeleider_nieuw, name="praktijkbegeleider_nieuw"
    ),
    path("bedrijven/begeleiders/<int:pk>/", organisaties.praktijkbegeleider_detail, name="praktijkbegeleider"),
    path(
        "bedrijven/begeleiders/<int:pk>/wijzigen/",
        organisaties.praktijkbegeleider_wijzigen,
        name="praktijkbegeleider_wijzigen",
    ),
    path("scholen/", organisaties.school_lijst, name="scholen"),
    path("scholen/nieuw/", organisaties.school_nieuw, name="school_nieuw"),
    path("scholen/<int:pk>/", organisaties.school_detail, name="school"),
    path("scholen/<int:pk>/wijzigen/", organisaties.school_wijzigen, name="school_wijzigen"),
    path("scholen/<int:pk>/beoordelaars/nieuw/", organisaties.beoordelaar_nieuw, name="beoordelaar_nieuw"),
    path("scholen/beoordelaars/<int:pk>/", organisaties.beoordelaar_detail, name="beoordelaar"),
    path("scholen/beoordelaars/<int:pk>/wijzigen/", organisaties.beoordelaar_wijzigen, name="beoordelaar_wijzigen"),
    path("uitnodigingen/<int:pk>/opnieuw/", organisaties.uitnodiging_opnieuw, name="uitnodiging_opnieuw"),
    # -- privacy: access log per deelnemer and the AVG export (views/privacy.py)
    path("deelnemers/<int:pk>/toegangslog/", privacy.deelnemer_toegangslog, name="deelnemer_toegangslog"),
    path("deelnemers/<int:pk>/inzage/", privacy.deelnemer_avg_export, name="deelnemer_avg_export"),
    path("deelnemers/<int:pk>/inzage.json", privacy.deelnemer_avg_export_json, name="deelnemer_avg_export_json"),
]

# The homes per role live at the top level without a namespace (/overzicht/, /begeleiding/,
# /beoordelen/, /mijn/); praktijkwijs/urls.py includes them.
home_urlpatterns = [
    path("overzicht/", overzicht.overzicht, name="overzicht"),
    path("begeleiding/", begeleiding.begeleiding, name="begeleiding"),
    path("beoordelen/", verklaringen.beoordelen, name="beoordelen"),
    path("mijn/", begeleiding.mijn, name="mijn"),
]
