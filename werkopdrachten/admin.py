from django.contrib import admin

from werkopdrachten.models import Kerntaak, Kwalificatie, Vakvaardigheid, Werkopdracht, Werkproces


class KerntaakInline(admin.TabularInline):
    model = Kerntaak
    extra = 0


@admin.register(Kwalificatie)
class KwalificatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "crebo", "niveau", "dossier_versie", "geldig_vanaf"]
    search_fields = ["naam", "crebo"]
    inlines = [KerntaakInline]


@admin.register(Werkproces)
class WerkprocesAdmin(admin.ModelAdmin):
    list_display = ["code", "titel", "kerntaak"]
    list_select_related = ["kerntaak"]
    list_filter = ["kwalificatie"]
    search_fields = ["code", "titel"]


@admin.register(Vakvaardigheid)
class VakvaardigheidAdmin(admin.ModelAdmin):
    list_display = ["naam", "kwalificatie", "actief"]
    list_select_related = ["kwalificatie"]


@admin.register(Werkopdracht)
class WerkopdrachtAdmin(admin.ModelAdmin):
    list_display = ["titel", "vakvaardigheid", "volgorde"]
    list_select_related = ["vakvaardigheid"]
    list_filter = ["vakvaardigheid"]
    filter_horizontal = ["werkprocessen"]
