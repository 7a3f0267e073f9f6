"""The Django admin is for superusers who repair data; everyday work happens in the app."""

from django.contrib import admin

from trajecten.models import (
    Aanvraag,
    AanvraagWijziging,
    Bedrijf,
    Beoordelaar,
    Deelnemer,
    Praktijkbegeleider,
    School,
    Traject,
    TrajectWijziging,
    Uren,
    UrenNorm,
    Voortgang,
    VoortgangWijziging,
)


class ReadOnlyHistoryAdmin(admin.ModelAdmin):
    """History rows are evidence: nobody edits or deletes them, not even in the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["naam", "brin", "afkorting", "plaats"]


@admin.register(Bedrijf)
class BedrijfAdmin(admin.ModelAdmin):
    list_display = ["naam", "plaats", "sbb_erkenningsnummer", "tonen_op_website"]
    search_fields = ["naam"]


@admin.register(Praktijkbegeleider)
class PraktijkbegeleiderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "bedrijf"]
    list_select_related = ["user", "bedrijf"]


@admin.register(Beoordelaar)
class BeoordelaarAdmin(admin.ModelAdmin):
    list_display = ["__str__", "school"]
    list_select_related = ["user", "school"]


@admin.register(Deelnemer)
class DeelnemerAdmin(admin.ModelAdmin):
    list_display = ["naam", "geboortedatum", "gemeente", "doelgroep"]
    search_fields = ["achternaam", "voornamen"]
    list_filter = ["doelgroep", "verwijzer"]


@admin.register(Aanvraag)
class AanvraagAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "ingediend_op"]
    list_select_related = ["deelnemer"]
    list_filter = ["status"]
    raw_id_fields = ["deelnemer"]


@admin.register(Traject)
class TrajectAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "startdatum", "einddatum"]
    list_select_related = ["deelnemer", "bedrijf"]
    list_filter = ["status"]
    raw_id_fields = ["deelnemer", "aanvraag"]


@admin.register(Voortgang)
class VoortgangAdmin(ReadOnlyHistoryAdmin):
    """Shown, never changed here: a tick goes through the checklist (Voortgang.zet_status), which
    records who and when, keeps the traject's totals and "undo", and the verklaring relies on it."""

    list_display = ["traject", "werkopdracht", "status", "afgetekend_op"]
    list_select_related = ["traject__deelnemer", "traject__bedrijf", "werkopdracht"]
    raw_id_fields = ["traject", "werkopdracht"]


@admin.register(Uren)
class UrenAdmin(admin.ModelAdmin):
    list_display = ["traject", "week", "uren"]
    raw_id_fields = ["traject"]


@admin.register(UrenNorm)
class UrenNormAdmin(admin.ModelAdmin):
    list_display = ["doelgroep", "uren_per_week"]


admin.site.register(AanvraagWijziging, ReadOnlyHistoryAdmin)
admin.site.register(TrajectWijziging, ReadOnlyHistoryAdmin)
admin.site.register(VoortgangWijziging, ReadOnlyHistoryAdmin)


# -- praktijkverklaringen: documents and their history are evidence; the admin only reads them.
from trajecten.models import Verklaring, VerklaringTeller, VerklaringWerkproces, VerklaringWijziging  # noqa: E402


class VerklaringWerkprocesInline(admin.TabularInline):
    model = VerklaringWerkproces
    extra = 0
    can_delete = False
    fields = ["kerntaak_code", "werkproces_code", "werkproces_titel"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Verklaring)
class VerklaringAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "status", "deelnemer", "kwalificatie", "uitgegeven_op"]
    list_select_related = ["deelnemer", "kwalificatie"]
    list_filter = ["status"]
    search_fields = ["nummer", "deelnemer_naam", "deelnemer__achternaam"]
    inlines = [VerklaringWerkprocesInline]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


admin.site.register(VerklaringWijziging, ReadOnlyHistoryAdmin)
admin.site.register(VerklaringTeller, ReadOnlyHistoryAdmin)
