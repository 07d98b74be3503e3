"""Each staff member's e-mail switches, and the rule that a clinical reviewer has an address."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.shortcuts import redirect

from ..models import NotificationKind, NotificationSettings
from .mail import CLINICAL_REVIEWERS


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    """Everyone on the staff edits their own switches and nobody else's."""

    fieldsets = (
        (None, {"fields": ("address",)}),
        ("Send me an e-mail when", {"fields": tuple(kind.value for kind in NotificationKind)}),
    )
    readonly_fields = ("address",)

    @admin.display(description="messages go to")
    def address(self, obj) -> str:
        return obj.user.email or (
            "No e-mail address on your account: nothing can be sent to you. Ask an "
            "administrator to add one (Users)."
        )

    def _staff(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self._staff(request)

    def has_view_permission(self, request, obj=None):
        return self._staff(request) and (obj is None or obj.user_id == request.user.pk)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def changelist_view(self, request, extra_context=None):
        mine, _ = NotificationSettings.objects.get_or_create(user=request.user)
        return redirect("admin:medinfo_notificationsettings_change", mine.pk)

    def response_change(self, request, obj):
        messages.success(request, "Your e-mail settings are saved.")
        return redirect("admin:medinfo_notificationsettings_change", obj.pk)


class StaffUserChangeForm(UserChangeForm):
    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups") or []
        if (
            any(group.name == CLINICAL_REVIEWERS for group in groups)
            and not cleaned.get("email", "").strip()
        ):
            self.add_error(
                "email",
                "Clinical reviewers need an e-mail address: pages waiting for approval and "
                "review reminders are sent there.",
            )
        return cleaned


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    form = StaffUserChangeForm
