"""The ModelAdmin base for pages with the editorial rules.

It gives the form (`forms.WorkflowForm`) who is saving, records what happened,
merges approved copies and offers History, compare and restore. The rules
themselves are in `rules.py`.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets, quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version

from ..models import EventKind, Status
from ..richtext import RichTextField, editor_csp_update, render_html
from . import copies, events, revisions, rules
from .forms import WorkflowForm


class WorkflowAdmin(VersionAdmin):
    """Base for pages with the editorial workflow: the form, the record, restore."""

    form = WorkflowForm
    change_form_template = "admin/medinfo/workflow_change_form.html"
    object_history_template = "admin/medinfo/object_history.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/edit-draft/",
                self.admin_site.admin_view(self.edit_draft_view),
                name="{}_{}_edit_draft".format(*info),
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def _versions(self, object_id):
        return (
            Version.objects.get_for_object_reference(self.model, object_id)
            .select_related("revision", "revision__user")
            .order_by("-revision__date_created", "-pk")
        )

    def history_view(self, request, object_id, extra_context=None):
        versions = list(self._versions(unquote(object_id)))
        context = {
            "compare_versions": versions,
            "compare_url": reverse(
                f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_compare",
                args=[quote(unquote(object_id))],
            ),
            "workflow_history": [],
        }
        context.update(extra_context or {})
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        """Two revisions side by side; `a` and `b` are version ids from the history page."""
        object_id = unquote(object_id)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        history_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history", args=[quote(object_id)]
        )
        versions = self._versions(object_id)
        try:
            chosen = {int(request.GET["a"]), int(request.GET["b"])}
        except (KeyError, ValueError):
            messages.error(request, "Choose two revisions to compare.")
            return redirect(history_url)
        picked = sorted(
            versions.filter(pk__in=chosen), key=lambda v: (v.revision.date_created, v.pk)
        )
        if len(picked) != 2:
            messages.error(request, "Choose two different revisions of this page to compare.")
            return redirect(history_url)
        older, newer = picked
        labels = tuple(self._version_label(v) for v in (older, newer))
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": f"Compare revisions of {older.object_repr}",
            "object_id": object_id,
            "older": older,
            "newer": newer,
            "labels": labels,
            "diffs": revisions.compare(older, newer, labels),
            "history_url": history_url,
            "restore_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_revision",
                args=[quote(object_id), older.pk],
            ),
        }
        return TemplateResponse(request, "admin/medinfo/compare_revisions.html", context)

    @staticmethod
    def _version_label(version) -> str:
        user = version.revision.user
        who = user.get_username() if user else "system"
        when = date_format(timezone.localtime(version.revision.date_created), "j M Y, H:i")
        return f"{when} ({who})"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs = {
            "user": request.user,
            "restoring": getattr(request, "_workflow_restoring", False),
            "status_before_restore": getattr(request, "_workflow_status_before", None),
        }
        return type(form.__name__, (form,), attrs)

    def _stored(self, object_id):
        try:
            return self.model._default_manager.filter(pk=unquote(object_id)).first()
        except (ValueError, ValidationError):
            return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self._stored(object_id)
        request._workflow_is_copy = bool(obj and obj.draft_of_id)
        return super().change_view(request, object_id, form_url, extra_context)

    @contextmanager
    def create_revision(self, request):
        # A pending copy is short-lived: its approval makes a revision of the live page.
        if getattr(request, "_workflow_is_copy", False):
            yield
            return
        with super().create_revision(request):
            yield

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._workflow_stored_status = obj.status
        return obj

    def is_live(self, obj) -> bool:
        return rules.is_live_page(obj, getattr(obj, "_workflow_stored_status", None))

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # Locked rich text is shown formatted (sanitised), not as escaped markup.
        self.rich_text_fields = [
            field for field in model._meta.concrete_fields if isinstance(field, RichTextField)
        ]
        for field in self.rich_text_fields:
            setattr(self, f"{field.name}_html", self._formatted(field))

    @staticmethod
    def _formatted(field):
        def show(obj):
            return render_html(getattr(obj, field.name))

        show.short_description = field.verbose_name
        return show

    def _locked(self, request, obj) -> bool:
        return self.is_live(obj) and not getattr(request, "_workflow_restoring", False)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._locked(request, obj):
            return fieldsets
        rich = {field.name for field in self.rich_text_fields}

        def swap(names):
            return tuple(
                swap(name)
                if isinstance(name, tuple | list)
                else (f"{name}_html" if name in rich else name)
                for name in names
            )

        return [
            (title, {**options, "fields": swap(options["fields"])}) for title, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._locked(request, obj):
            editable = {"status", "workflow_comment", "loaded_version"}
            if rules.can_publish(request.user, self.model):
                editable |= {"go_live_at", "expires_at"}
            readonly += [
                name
                for name in flatten_fieldsets(self.get_fieldsets(request, obj))
                if name not in editable and name not in readonly
            ]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self.is_live(obj) else super().get_prepopulated_fields(request, obj)

    def edit_draft_view(self, request, object_id):
        """POST: open (or make) the working copy of a live page for editing."""
        obj = self._stored(object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        if request.method != "POST" or not self.is_live(obj):
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        with transaction.atomic():
            copy = copies.start_pending_copy(obj, request.user)
        messages.info(
            request,
            "You are editing a copy of the live page. Patients keep seeing the approved "
            "version until a clinical reviewer approves these changes.",
        )
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", copy.pk)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self._stored(object_id)
        if self.is_live(obj):
            return self._restore_live_page(request, obj, version_id, extra_context)
        request._workflow_restoring = True
        request._workflow_status_before = obj.status if obj else None
        return super().revision_view(request, object_id, version_id, extra_context)

    def _restore_live_page(self, request, obj, version_id, extra_context):
        """A live page is not reverted in place: the revision becomes its pending changes."""
        opts = self.model._meta
        if request.method != "POST":
            messages.info(
                request,
                "This page is live. Restoring puts this revision into a copy of the page "
                "for review; patients keep seeing the approved version until a clinical "
                "reviewer approves it. Make any further edits in the copy.",
            )
            request._workflow_restoring = True
            return super().revision_view(request, quote(str(obj.pk)), version_id, extra_context)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = Version.objects.get_for_object(obj).filter(pk=version_id).first()
        if version is None:
            messages.error(request, "That revision does not belong to this page.")
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_history", obj.pk)
        with transaction.atomic():
            copy = copies.restore_into_copy(obj, version, request.user)
        messages.success(
            request,
            "The earlier revision is now in a copy of the live page. Check it and submit "
            "it for review.",
        )
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", copy.pk)

    def recover_view(self, request, version_id, extra_context=None):
        request._workflow_restoring = True
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        old, new = form.old_status, obj.status
        if form.content_changed:
            obj.changed_by = request.user
        if obj.draft_of_id and new == Status.PUBLISHED:
            # The copy itself never goes live: response_change merges it into the live page.
            obj.status = old
            request._workflow_merge = form.cleaned_data.get("workflow_comment", "")
            super().save_model(request, obj, form, change)
            return
        if new == Status.PUBLISHED and old != Status.PUBLISHED:
            self.approve(request, obj)
        super().save_model(request, obj, form, change)
        if getattr(request, "_workflow_restoring", False):
            events.record(obj, request.user, EventKind.RESTORED)
        elif not change:
            events.record(obj, request.user, EventKind.CREATED)
        elif form.content_changed:
            events.record(obj, request.user, EventKind.EDITED)
        if old != new:
            events.record(
                obj,
                request.user,
                EventKind.TRANSITION,
                old=old,
                new=new,
                comment=form.cleaned_data.get("workflow_comment", ""),
            )
        elif comment := form.cleaned_data.get("workflow_comment", ""):
            events.record(obj, request.user, EventKind.EDITED, comment=comment)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if not form.content_changed and any(formset.has_changed() for formset in formsets):
            form.content_changed = True
            obj.changed_by = request.user
            type(obj)._default_manager.filter(pk=obj.pk).update(changed_by=request.user)
            events.record(obj, request.user, EventKind.EDITED)

    def has_delete_permission(self, request, obj=None):
        # Discarding pending changes is part of editing; deleting a page is not.
        if obj is not None and obj.draft_of_id:
            return self.has_change_permission(request, obj)
        return super().has_delete_permission(request, obj)

    def approve(self, request, obj) -> None:
        obj.approved_by = request.user
        obj.approved_at = timezone.now()

    def delete_model(self, request, obj):
        events.record(obj, request.user, EventKind.DELETED, old=obj.status)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            events.record(obj, request.user, EventKind.DELETED, old=obj.status)
        super().delete_queryset(request, queryset)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        model = self.model
        context["workflow_can_publish"] = rules.can_publish(request.user, model)
        context["workflow_is_author"] = bool(obj and rules.is_author(request.user, obj))
        context["workflow_history"] = list(events.history(obj)[:15]) if obj and obj.pk else []
        context["workflow_is_live"] = self.is_live(obj)
        context["workflow_pending"] = (
            self.model._default_manager.filter(draft_of=obj).first() if obj and obj.pk else None
        )
        response = super().render_change_form(request, context, add, change, form_url, obj)
        # The rich-text editor's import map is the one inline script: allow it by hash
        # (django-csp reads these attributes; without it they do nothing).
        response._csp_update = response._csp_update_ro = editor_csp_update()
        return response

    def response_change(self, request, obj):
        if hasattr(request, "_workflow_merge"):
            live = copies.merge_pending_copy(
                obj, request.user, before_save=lambda page: self.approve(request, page)
            )
            events.record(
                live,
                request.user,
                EventKind.TRANSITION,
                old=Status.IN_REVIEW,
                new=Status.PUBLISHED,
                comment=request._workflow_merge or "Approved the pending changes.",
            )
            messages.success(request, "Approved: the live page now shows these changes.")
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", live.pk)
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
