"""The workflow admin's extra screens: edit as a new draft, history, compare, restore.

A mixin for `WorkflowAdmin` (editorial/admin.py), kept apart so each file stays short.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.models import Version

from ..models import MedicationArticle, Status
from . import copies, events, revisions, rules


class WorkflowViews:
    def _url_name(self, view: str) -> str:
        opts = self.model._meta
        return f"admin:{opts.app_label}_{opts.model_name}_{view}"

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
            path(
                "<path:object_id>/compare-live/",
                self.admin_site.admin_view(self.compare_live_view),
                name="{}_{}_compare_live".format(*info),
            ),
            *super().get_urls(),
        ]

    def _stored(self, object_id):
        try:
            return self.model._default_manager.filter(pk=unquote(object_id)).first()
        except (ValueError, ValidationError):
            return None

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
            "compare_url": reverse(self._url_name("compare"), args=[quote(unquote(object_id))]),
            "workflow_history": [],
        }
        context.update(extra_context or {})
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        """Two revisions side by side; `a` and `b` are version ids from the history page."""
        object_id = unquote(object_id)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        history_url = reverse(self._url_name("history"), args=[quote(object_id)])
        try:
            chosen = {int(request.GET["a"]), int(request.GET["b"])}
        except (KeyError, ValueError):
            messages.error(request, "Choose two revisions to compare.")
            return redirect(history_url)
        picked = sorted(
            self._versions(object_id).filter(pk__in=chosen),
            key=lambda v: (v.revision.date_created, v.pk),
        )
        if len(picked) != 2:
            messages.error(request, "Choose two different revisions of this page to compare.")
            return redirect(history_url)
        older, newer = picked
        labels = tuple(copies.version_label(v) for v in (older, newer))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Compare revisions of {older.object_repr}",
            "object_id": object_id,
            "page_name": newer.object_repr,
            "labels": labels,
            "diffs": revisions.compare(older, newer, labels),
            "back_url": history_url,
            "back_label": "Back to history",
            "restore_url": reverse(self._url_name("revision"), args=[quote(object_id), older.pk]),
        }
        return TemplateResponse(request, "admin/medinfo/compare_revisions.html", context)

    def compare_live_view(self, request, object_id):
        """A pending copy against the live page it will replace, word by word, uses included."""
        copy = self._stored(object_id)
        if copy is None or not copy.draft_of_id:
            return redirect(self._url_name("changelist"))
        if not self.has_view_or_change_permission(request, copy):
            raise PermissionDenied
        live = copy.draft_of
        labels = ("Live page (patients see this)", "Pending change")
        with_uses = isinstance(copy, MedicationArticle)
        diffs = revisions.compare_objects(
            live,
            copy,
            labels,
            old_uses=list(live.uses.select_related("indication")) if with_uses else None,
            new_uses=list(copy.uses.select_related("indication")) if with_uses else None,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Compare with live: {live}",
            "object_id": copy.pk,
            "page_name": f"{copy} (pending changes)",
            "labels": labels,
            "diffs": diffs,
            "back_url": reverse(self._url_name("change"), args=[copy.pk]),
            "back_label": "Back to the pending change",
        }
        return TemplateResponse(request, "admin/medinfo/compare_revisions.html", context)

    def edit_draft_view(self, request, object_id):
        """POST: open (or make) the working copy of a live page for editing."""
        obj = self._stored(object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.method != "POST" or not rules.is_live_page(obj):
            return redirect(self._url_name("change"), obj.pk)
        with transaction.atomic():
            copy = copies.start_pending_copy(obj, request.user)
        messages.info(
            request,
            "You are editing a copy of the live page. Patients keep seeing the approved "
            "version until a clinical reviewer approves these changes.",
        )
        return redirect(self._url_name("change"), copy.pk)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """GET: the revision shown in the form (nothing saved). POST: restore it for review."""
        if request.method != "POST":
            obj = self._stored(object_id)
            if rules.is_live_page(obj):
                messages.info(
                    request,
                    "This page is live. Restoring puts this revision into a copy of the page "
                    "for review; patients keep seeing the approved version until another "
                    "clinical reviewer approves it.",
                )
            return super().revision_view(request, object_id, version_id, extra_context)
        obj = self._stored(object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = Version.objects.get_for_object(obj).filter(pk=version_id).first()
        if version is None:
            messages.error(request, "That revision does not belong to this page.")
            return redirect(self._url_name("history"), obj.pk)
        with transaction.atomic(), self.create_revision(request):
            if rules.is_live_page(obj):
                target = copies.restore_into_copy(obj, version, request.user)
            else:
                target = copies.restore_in_place(obj, version, request.user)
        messages.success(
            request,
            f"Restored the revision of {copies.version_label(version)} as a draft by you. "
            "Check it and submit it for review: another clinical reviewer approves it.",
        )
        return redirect(self._url_name("change"), target.pk)

    def recover_view(self, request, version_id, extra_context=None):
        """GET: the deleted page as it was. POST: bring it back as a draft by the recoverer."""
        if request.method != "POST":
            return super().recover_view(request, version_id, extra_context)
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version, pk=version_id)
        with transaction.atomic(), self.create_revision(request):
            version.revision.revert(delete=True)
            page = self.model._default_manager.get(pk=version.object_id)
            page.status = Status.DRAFT
            page.changed_by = request.user
            page.save()
            events.record(
                page,
                request.user,
                events.EventKind.RESTORED,
                comment=f"Recovered from the revision of {copies.version_label(version)}.",
            )
        messages.success(request, f"Recovered “{page}” as a draft by you.")
        return redirect(self._url_name("change"), page.pk)
