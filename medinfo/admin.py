from __future__ import annotations

import datetime

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from .models import (
    ClinicSettings,
    DrugClass,
    Indication,
    MedicationArticle,
    MedicationUse,
    Status,
)


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("30days", "Due within 30 days"),
            ("ok", "Not due yet"),
            ("none", "No review date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=30)
        match self.value():
            case "overdue":
                return queryset.filter(next_review_due__lt=today)
            case "30days":
                return queryset.filter(next_review_due__gte=today, next_review_due__lte=soon)
            case "ok":
                return queryset.filter(next_review_due__gt=soon)
            case "none":
                return queryset.filter(next_review_due__isnull=True)
        return queryset


class UseInlineFormSet(BaseInlineFormSet):
    """A published article must keep at least one use."""

    def clean(self):
        super().clean()
        if self.instance.status != Status.PUBLISHED:
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and form.cleaned_data.get("indication")
            and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise ValidationError(
                "A published article needs at least one use. Add the condition it is "
                "used for, or save it as a draft."
            )


class MedicationUseInline(admin.TabularInline):
    model = MedicationUse
    formset = UseInlineFormSet
    autocomplete_fields = ("indication",)
    fields = ("indication", "kind", "note", "order")
    extra = 1
    verbose_name = "use"
    verbose_name_plural = "uses (conditions this medicine is used for)"


@admin.register(MedicationArticle)
class MedicationArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "generic_name",
        "brand_names",
        "drug_class",
        "controlled_schedule",
        "status",
        "last_reviewed",
        "next_review_due",
        "updated_at",
    )
    list_filter = ("status", "drug_class", ReviewDueFilter, "controlled_schedule")
    search_fields = (
        "title",
        "generic_name",
        "brand_names",
        "drug_class__name",
        "indications__name",
        "indications__synonyms",
    )
    prepopulated_fields = {"slug": ("generic_name",)}
    list_select_related = ("drug_class",)
    inlines = (MedicationUseInline,)
    date_hierarchy = "updated_at"
    readonly_fields = ("published_at", "created_at", "updated_at")
    fieldsets = (
        (
            "The medicine",
            {
                "fields": (
                    "title",
                    "generic_name",
                    "slug",
                    "brand_names",
                    "drug_class",
                    ("prescription_status", "controlled_schedule"),
                )
            },
        ),
        ("Overview", {"fields": ("summary", "key_facts")}),
        ("Safety first", {"fields": ("boxed_warning", "get_help_now", "serious_warnings")}),
        (
            "Patient sections",
            {
                "fields": (
                    "how_it_works",
                    "how_to_take",
                    "side_effects",
                    "interactions",
                    "pregnancy_breastfeeding",
                    "dependence_and_stopping",
                    "sources",
                )
            },
        ),
        ("Review", {"fields": ("last_reviewed", "next_review_due")}),
        ("Publication", {"fields": ("status", "published_at", "created_at", "updated_at")}),
    )


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
class IndicationAdmin(admin.ModelAdmin):
    list_display = ("name", "synonyms", "status", "medicine_count", "updated_at")
    list_filter = ("status",)
    search_fields = ("name", "synonyms")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MedicinesUsingInline,)
    readonly_fields = ("published_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "slug", "synonyms")}),
        ("For patients", {"fields": ("summary", "body", "when_to_get_help")}),
        ("Publication", {"fields": ("status", "published_at", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(_medicine_count=Count("uses")).order_by("name")
        )

    @admin.display(description="medicines", ordering="_medicine_count")
    def medicine_count(self, obj) -> int:
        return obj._medicine_count


@admin.register(DrugClass)
class DrugClassAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ClinicSettings)
class ClinicSettingsAdmin(admin.ModelAdmin):
    """One record: the list page opens it (or the form to create it)."""

    fieldsets = (
        ("The clinic", {"fields": ("name", "phone", "address", "opening_hours")}),
        ("On every page", {"fields": ("emergency_message", "medical_disclaimer")}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ClinicSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        # Without the record the site falls back to defaults; editing is what staff mean.
        return False

    def changelist_view(self, request, extra_context=None):
        record = ClinicSettings.objects.first()
        if record is not None:
            url = reverse("admin:medinfo_clinicsettings_change", args=[record.pk])
        else:
            url = reverse("admin:medinfo_clinicsettings_add")
        return HttpResponseRedirect(url)
