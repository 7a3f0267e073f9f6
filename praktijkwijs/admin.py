from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from praktijkwijs.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "rol", "is_active"]
    list_filter = ["rol", "is_active", "is_superuser"]
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Rol"), {"fields": ["rol"]})]
