"""Admin for the pages medicines link to: conditions and drug classes.

Both are workflow pages like medicines (medinfo/editorial/): changes to a live
one go through a pending copy that a clinical reviewer approves.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from .admin_display import pending_changes_html
from .editorial.admin import PUBLICATION_FIELDSET, WorkflowAdmin
from .models import DrugClass, Indication, MedicationUse


class FitsTheWindow:
    """The change form fits a 1,280 px window and a 390 px phone (tests/browser/test_admin_layout).

    A `Media` class, which Django adds to the admin's own scripts and styles (assigning
    `media` would replace them, and the admin's JavaScript with them).
    """

    class Media:
        css = {"all": ("css/admin-layout.css",)}


class MedicinesUsingInline(admin.TabularInline):
    """Read-only: the medicines that list this condition. Uses are edited on the article."""

    model = MedicationUse
    fk_name = "indication"
    fields = ("medication", "kind", "note")
    readonly_fields = ("medication", "kind", "note")
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "medicine used for this condition"
    verbose_name_plural = "medicines used for this condition (edit uses on the medicine)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("medication")


@admin.register(Indication)
class IndicationAdmin(FitsTheWindow, WorkflowAdmin):
    list_display = ("name", "synonyms", "status", "pending_changes", "medicine_count", "updated_at")
    list_filter = ("status",)
    search_fields = ("name", "synonyms")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MedicinesUsingInline,)
    readonly_fields = (
        "published_at",
        "approved_by",
        "approved_at",
        "changed_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("name", "slug", "synonyms")}),
        ("For patients", {"fields": ("summary", "body", "when_to_get_help")}),
        ("Codes for clinic systems", {"fields": ("icd10cm_codes", "snomed_codes")}),
        PUBLICATION_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("draft_of", "pending_draft")
            .annotate(_medicine_count=Count("uses"))
            .order_by("name")
        )

    @admin.display(description="pending changes")
    def pending_changes(self, obj) -> str:
        return pending_changes_html(obj)

    @admin.display(description="medicines", ordering="_medicine_count")
    def medicine_count(self, obj) -> int:
        return obj._medicine_count

    def autocomplete_label(self, obj, term: str) -> str:
        """The name, the synonyms the search words matched, and any state patients cannot see."""
        label = obj.name
        words = [word.casefold() for word in term.split()]
        if words and not all(word in obj.name.casefold() for word in words):
            matched = [
                name for name in obj.synonym_list if any(w in name.casefold() for w in words)
            ]
            if matched:
                label += f" (also called {', '.join(matched)})"
        if not obj.is_published:
            label += f" - {obj.get_status_display().lower()}, not yet shown to patients"
        return label


@admin.register(DrugClass)
class DrugClassAdmin(FitsTheWindow, WorkflowAdmin):
    """A class's name shows on every medicine of the family: it is approved like a page."""

    list_display = ("name", "slug", "status", "pending_changes", "updated_at")
    list_filter = ("status",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = (
        "published_at",
        "approved_by",
        "approved_at",
        "changed_by",
        "created_at",
        "updated_at",
    )
    fieldsets = ((None, {"fields": ("name", "slug", "description")}), PUBLICATION_FIELDSET)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("draft_of", "pending_draft")

    @admin.display(description="pending changes")
    def pending_changes(self, obj) -> str:
        return pending_changes_html(obj)
