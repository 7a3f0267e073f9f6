from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from praktijkwijs.models import ToegangsLog, TweeStapsApparaat, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "rol", "is_active"]
    list_filter = ["rol", "is_active", "is_superuser"]
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Rol"), {"fields": ["rol"]})]


@admin.register(ToegangsLog)
class ToegangsLogAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, nobody edits or removes it (the model refuses too)."""

    list_display = ["op", "user", "actie", "deelnemer_id", "wat", "resultaat"]
    list_filter = ["actie", "resultaat"]
    search_fields = ["=deelnemer_id", "=user__username"]
    date_hierarchy = "op"
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TweeStapsApparaat)
class TweeStapsApparaatAdmin(admin.ModelAdmin):
    """Only to remove a lost phone's app, so the user can set up a new one. The secret is never shown."""

    list_display = ["user", "bevestigd_op"]
    fields = ["user", "bevestigd_op"]
    readonly_fields = ["user", "bevestigd_op"]
    search_fields = ["user__username"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
