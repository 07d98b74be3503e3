from __future__ import annotations

import datetime

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Exists, OuterRef, Value, When
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

# Importing admin_conditions also registers the condition and drug class admins.
from .admin_conditions import FitsTheWindow
from .admin_display import pending_changes_html, reading_level_html, review_flag_html
from .canonical import formfield_overrides
from .editorial import rules
from .editorial.admin import PUBLICATION_FIELDSET, WorkflowAdmin, action_from
from .editorial.events import record
from .editorial.rules import approve_review, can_publish, review_refusal
from .feedback import admin as feedback_admin  # noqa: F401 (registers PageFeedbackAdmin)
from .models import (
    ClinicSettings,
    DrugClass,
    EventKind,
    Indication,
    MedicationArticle,
    MedicationUse,
    Status,
    WorkflowEvent,
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
    """A medicine going live keeps at least one use; uses follow the workflow too."""

    action: rules.Action | None = None  # set by MedicationUseInline.get_formset

    def clean(self):
        super().clean()
        instance, action = self.instance, self.action
        if self.has_changed():
            if rules.is_live_page(instance):
                raise ValidationError(
                    "This page is live, so changes to its uses must be approved again: "
                    "use 'Edit as a new draft'."
                )
            if action is not None and not action.saves_content:
                raise ValidationError(
                    f"'{action.label}' and changing uses in the same save is not allowed "
                    "(four-eyes rule): save your changes, and another clinical reviewer "
                    "approves them."
                )
        if action is not rules.PUBLISH:
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
    formfield_overrides = formfield_overrides()

    def get_queryset(self, request):
        # Each row shows its condition and names itself ("medicine for condition").
        return super().get_queryset(request).select_related("indication", "medication")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"action": action_from(request)})

    # A live article's uses change only through its pending copy, like its text.
    def has_add_permission(self, request, obj=None):
        return not rules.is_live_page(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not rules.is_live_page(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not rules.is_live_page(obj) and super().has_delete_permission(request, obj)


@admin.register(MedicationArticle)
class MedicationArticleAdmin(FitsTheWindow, WorkflowAdmin):
    list_display = (
        "title",
        "generic_name",
        "controlled_schedule",
        "status",
        "pending_changes",
        "reading_level",
        "review_flag",
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
    list_select_related = ("drug_class", "draft_of", "pending_draft")
    inlines = (MedicationUseInline,)
    date_hierarchy = "updated_at"
    readonly_fields = (
        "published_at",
        "approved_by",
        "approved_at",
        "changed_by",
        "created_at",
        "updated_at",
        "reading_level_detail",
    )
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
        ("Overview", {"fields": ("summary", "key_facts", "reading_level_detail")}),
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
        ("Clinical review", {"fields": ("reviewed_by", "last_reviewed", "next_review_due")}),
        ("Codes for clinic systems", {"fields": ("rxnorm_codes",)}),
        PUBLICATION_FIELDSET,
    )

    actions = ("mark_reviewed",)

    def approve(self, request, obj) -> None:
        super().approve(request, obj)
        approve_review(obj, request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.decision.action is rules.SUBMIT:
            self.submit_own_draft_conditions(request, form.instance)

    def submit_own_draft_conditions(self, request, article) -> None:
        """Conditions this editor drafted for the medicine (often with the form's "+") go
        for review with it, so that none is left behind unseen in drafts."""
        drafts = Indication.objects.live().filter(
            uses__medication=article, status=Status.DRAFT, changed_by=request.user
        )
        submitted = []
        for condition in drafts:
            if not rules.may(request.user, condition, rules.SUBMIT):
                continue
            condition.status = Status.IN_REVIEW
            condition.save(update_fields=["status", "edit_version", "updated_at"])
            record(
                condition,
                request.user,
                EventKind.TRANSITION,
                old=Status.DRAFT,
                new=Status.IN_REVIEW,
                comment=f"Submitted with {article}, which uses it.",
            )
            submitted.append(condition.name)
        if submitted:
            self.message_user(
                request,
                f"Also submitted for review: {', '.join(submitted)}, which this medicine uses "
                "(a use shows to patients only once its condition is approved).",
            )

    def has_publish_permission(self, request) -> bool:
        return can_publish(request.user, self.model)

    @admin.action(
        description="Record a clinical review today (content checked, no changes)",
        permissions=["publish"],
    )
    def mark_reviewed(self, request, queryset):
        if refusal := review_refusal(request.user):
            self.message_user(request, refusal, messages.ERROR)
            return
        reviewed, refused = [], []
        for article in queryset.live():
            if review_refusal(request.user, article):
                refused.append(str(article))
                continue
            approve_review(article, request.user)
            article.save(
                update_fields=[
                    "reviewed_by",
                    "last_reviewed",
                    "next_review_due",
                    "edit_version",
                    "updated_at",
                ]
            )
            record(article, request.user, EventKind.EDITED, comment="Clinical review: no changes.")
            reviewed.append(str(article))
        if reviewed:
            self.message_user(request, f"Review recorded for {', '.join(reviewed)}.")
        if refused:
            self.message_user(
                request,
                f"Not recorded for {', '.join(refused)}: you made the latest changes, so "
                "another clinical reviewer must review them (four-eyes rule).",
                messages.WARNING,
            )

    @admin.display(description="pending changes")
    def pending_changes(self, obj) -> str:
        return pending_changes_html(obj)

    @admin.display(description="reading grade", ordering="reading_grade")
    def reading_level(self, obj) -> str:
        return reading_level_html(obj.reading_grade, obj.reading_ease, short=True)

    @admin.display(description="reading level (patient text, drug names left out)")
    def reading_level_detail(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "Measured when you save."
        return reading_level_html(obj.reading_grade, obj.reading_ease, short=False)

    @admin.display(description="next review due", ordering="next_review_due")
    def review_flag(self, obj) -> str:
        return review_flag_html(obj)


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


def sees_whole_audit_log(user) -> bool:
    """Clinical reviewers (who publish) and superusers read the whole audit log."""
    return user.is_superuser or any(
        can_publish(user, model) for model in (MedicationArticle, Indication)
    )


@admin.register(WorkflowEvent)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: recent changes across all content, filterable by person."""

    list_display = ("at", "user", "page", "kind", "transition", "comment")
    list_filter = (
        ("user", admin.RelatedOnlyFieldListFilter),
        "kind",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "to_status",
    )
    search_fields = ("object_repr", "comment", "user__username")
    date_hierarchy = "at"
    list_select_related = ("user", "content_type")
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Whether each page still exists, in the same query (links only to pages that do).
        def exists(model):
            return When(
                content_type=ContentType.objects.get_for_model(model),
                then=Exists(model._default_manager.filter(pk=OuterRef("object_id"))),
            )

        events = super().get_queryset(request)
        if not sees_whole_audit_log(request.user):
            # Editors read the record of pages they worked on (reviewers' comments on
            # their work included), not of everyone else's work.
            worked_on = WorkflowEvent.objects.filter(
                user=request.user,
                content_type=OuterRef("content_type"),
                object_id=OuterRef("object_id"),
            )
            events = events.filter(Exists(worked_on))
        return events.annotate(
            page_exists=Case(
                exists(MedicationArticle),
                exists(Indication),
                exists(DrugClass),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    @admin.display(description="page", ordering="object_repr")
    def page(self, obj) -> str:
        if not getattr(obj, "page_exists", False):
            return obj.object_repr
        url = reverse(
            f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change",
            args=[obj.object_id],
        )
        return format_html('<a href="{}">{}</a>', url, obj.object_repr)

    @admin.display(description="transition")
    def transition(self, obj) -> str:
        return obj.transition_label
