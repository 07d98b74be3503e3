"""The admin side of the workflow: the form that enforces it, and a ModelAdmin base.

Every rule is checked when the form is validated, so a hand-made POST is refused
just like a click: publishing without the permission, approving your own change,
skipping review, approving an unsafe medicine, or saving over someone else's edit.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from . import workflow
from .models import REVIEW_INTERVAL, EventKind, Status

FORM_ONLY_FIELDS = ("loaded_version", "workflow_comment")


class WorkflowForm(forms.ModelForm):
    """A ModelForm that knows who is saving (`user`, set by the admin) and what they loaded."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    workflow_comment = forms.CharField(
        label="Comment for the record",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Shown in the page's history and the audit log. Required when you send "
        "a page back to its author.",
    )

    user = None
    restoring = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.old_status = self.instance.status if self.instance.pk else Status.DRAFT
        self.instance._workflow_old_status = self.old_status
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.edit_version
        self.content_changed = False

    def _content_changed(self) -> bool:
        if not self.instance.pk or self.restoring:
            return True
        return any(
            name not in workflow.WORKFLOW_FIELDS and name not in FORM_ONLY_FIELDS
            for name in self.changed_data
        )

    def _check_not_stale(self) -> None:
        """Refuse a save based on an older version than the one now stored.

        The row is locked until the admin's transaction ends, so two saves cannot
        both pass this check (PostgreSQL; SQLite serialises writes anyway).
        """
        model = type(self.instance)
        current = (
            model._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("edit_version", flat=True)
            .first()
        )
        if current is None:
            raise ValidationError(
                "Someone deleted this page while you were editing it. Copy your text "
                "somewhere safe; a deleted page can be recovered from 'Recover deleted'."
            )
        loaded = self.cleaned_data.get("loaded_version")
        if loaded is None or loaded == current:
            return
        fresh = model._default_manager.get(pk=self.instance.pk)
        event = workflow.last_save(fresh)
        who = (
            (event.user.get_full_name() or event.user.get_username())
            if event and event.user
            else "someone"
        )
        when = date_format(timezone.localtime(fresh.updated_at), "j F Y, H:i")
        # Let the next save through: the editor has now been told and can compare.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = str(current)
        raise ValidationError(
            f"Not saved: {who} saved this page on {when}, after you opened it. Your text is "
            "still in the form below. Check their changes in History, then save again to "
            "replace them with yours."
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_not_stale()
        return cleaned

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the submitted values
        if self.errors:
            return
        self.content_changed = self._content_changed()
        old, new = self.old_status, self.instance.status
        try:
            if old == new == Status.PUBLISHED and self.content_changed:
                raise ValidationError(
                    {
                        "status": "This page is live, so changes must be approved again. "
                        "Choose 'Unpublish' (draft) to take it down for editing, or ask a "
                        "clinical reviewer."
                    }
                )
            workflow.check_transition(
                self.user,
                self.instance,
                old,
                new,
                comment=self.cleaned_data.get("workflow_comment", ""),
                content_changed=self.content_changed,
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
            return
        self.instance._workflow_approving = new == Status.PUBLISHED and old != new


class WorkflowAdmin(VersionAdmin):
    """Base for pages with the editorial workflow: the form, the record, restore."""

    form = WorkflowForm
    change_form_template = "admin/medinfo/workflow_change_form.html"
    workflow_readonly = ("published_at", "approved_by", "approved_at", "changed_by", "updated_at")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        restoring = getattr(request, "_workflow_restoring", False)
        return type(form.__name__, (form,), {"user": request.user, "restoring": restoring})

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request._workflow_restoring = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request._workflow_restoring = True
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        old, new = form.old_status, obj.status
        if form.content_changed:
            obj.changed_by = request.user
        if new == Status.PUBLISHED and old != Status.PUBLISHED:
            self.approve(request, obj)
        super().save_model(request, obj, form, change)
        if getattr(request, "_workflow_restoring", False):
            workflow.record(obj, request.user, EventKind.RESTORED)
        elif not change:
            workflow.record(obj, request.user, EventKind.CREATED)
        elif form.content_changed:
            workflow.record(obj, request.user, EventKind.EDITED)
        if old != new:
            workflow.record(
                obj,
                request.user,
                EventKind.TRANSITION,
                old=old,
                new=new,
                comment=form.cleaned_data.get("workflow_comment", ""),
            )
        elif comment := form.cleaned_data.get("workflow_comment", ""):
            workflow.record(obj, request.user, EventKind.EDITED, comment=comment)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if not form.content_changed and any(formset.has_changed() for formset in formsets):
            form.content_changed = True
            obj.changed_by = request.user
            type(obj)._default_manager.filter(pk=obj.pk).update(changed_by=request.user)
            workflow.record(obj, request.user, EventKind.EDITED)

    def approve(self, request, obj) -> None:
        obj.approved_by = request.user
        obj.approved_at = timezone.now()

    def delete_model(self, request, obj):
        workflow.record(obj, request.user, EventKind.DELETED, old=obj.status)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            workflow.record(obj, request.user, EventKind.DELETED, old=obj.status)
        super().delete_queryset(request, queryset)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        model = self.model
        context["workflow_can_publish"] = workflow.can_publish(request.user, model)
        context["workflow_is_author"] = bool(obj and workflow.is_author(request.user, obj))
        context["workflow_history"] = list(workflow.history(obj)[:15]) if obj and obj.pk else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        if obj.status == Status.IN_REVIEW and obj.changed_by_id == request.user.pk:
            messages.info(
                request,
                format_html(
                    "Waiting for approval by another clinical reviewer. "
                    '<a href="{}">Preview the page</a>.',
                    obj.get_absolute_url(),
                ),
            )
        return super().response_change(request, obj)


def approve_review(obj, user) -> None:
    """An approval is a clinical review: record who and when, and the next due date."""
    if user.groups.filter(name=workflow.CLINICAL_REVIEWERS).exists():
        obj.reviewed_by = user
    obj.last_reviewed = timezone.localdate()
    obj.next_review_due = obj.last_reviewed + REVIEW_INTERVAL
