"""The ModelAdmin base for pages with the editorial workflow.

The change form has action buttons instead of a status field: each posts
`_action` (rules.ACTIONS), the form checks it against the rules and says what
the save does (`form.decision`); this admin saves, records the audit event,
merges an approved copy into its live page and tells the user what happened
and what comes next. The rules themselves are in `rules.py`.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from ..canonical import formfield_overrides
from ..models import EventKind, Status
from ..richtext import RichTextField, editor_csp_update, render_html
from . import copies, events, revisions, rules
from .admin_views import WorkflowViews
from .forms import WorkflowForm

# The last fieldset of every workflow page's change form (the buttons follow it).
PUBLICATION_FIELDSET = (
    "Publication and approval",
    {
        "description": "Editors submit pages for review; a clinical reviewer who did not "
        "make the latest changes approves and publishes them.",
        "fields": (
            "workflow_comment",
            ("go_live_at", "expires_at"),
            ("published_at", "updated_at"),
            ("changed_by", "approved_by", "approved_at"),
            "loaded_version",
        ),
    },
)


def action_from(request) -> rules.Action | None:
    """The button a POST was sent with; a post without one counts as Save draft."""
    if request.method != "POST":
        return None
    if "_replace_theirs_of" in request.POST:  # the stale-save screen's explicit override
        return rules.ACTIONS.get(request.POST.get("_stale_action", ""))
    return rules.ACTIONS.get(request.POST.get("_action", rules.SAVE.name))


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "someone"


class LivePagesChangeList(ChangeList):
    """The list shows pages; a page's pending copy is reached from its row."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).filter(draft_of__isnull=True)


class WorkflowAdmin(WorkflowViews, VersionAdmin):
    """Base for pages with the editorial workflow: the form, the record, the actions."""

    form = WorkflowForm
    change_form_template = "admin/medinfo/workflow_change_form.html"
    object_history_template = "admin/medinfo/object_history.html"
    revision_form_template = recover_form_template = "admin/medinfo/workflow_revision_form.html"
    formfield_overrides = formfield_overrides()

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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self._stored(object_id)
        if obj is not None and obj.draft_of_id and action_from(request) is rules.PUBLISH:
            # Approving a copy makes the live page's revision (copies.merge_pending_copy),
            # credited to the author; the request itself makes none.
            return ModelAdmin.change_view(self, request, object_id, form_url, extra_context)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_changelist(self, request, **kwargs):
        return LivePagesChangeList

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs = {"user": request.user, "action": action_from(request)}
        return type(form.__name__, (form,), attrs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not rules.is_live_page(obj):
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
        if rules.is_live_page(obj):
            editable = {"workflow_comment", "loaded_version"}
            if rules.may(request.user, obj, rules.SCHEDULE):
                editable |= {"go_live_at", "expires_at"}
            readonly += [
                name
                for name in flatten_fieldsets(self.get_fieldsets(request, obj))
                if name not in editable and name not in readonly
            ]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if rules.is_live_page(obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Discarding pending changes is part of editing; deleting a page is not.
        if obj is not None and obj.draft_of_id:
            return self.has_change_permission(request, obj)
        return super().has_delete_permission(request, obj)

    def approve(self, request, obj) -> None:
        obj.approved_by = request.user
        obj.approved_at = timezone.now()

    # Saving ----------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        decision = form.decision
        if decision.content_changed:
            obj.changed_by = request.user
        if obj.draft_of_id and decision.approves:
            # The copy itself never goes live: save_related merges it into the live page.
            super().save_model(request, obj, form, change)
            return
        if decision.approves:
            self.approve(request, obj)
        obj.status = decision.new_status
        super().save_model(request, obj, form, change)
        if not change:
            events.record(obj, request.user, EventKind.CREATED)
        elif decision.content_changed:
            events.record(obj, request.user, EventKind.EDITED)
        if decision.old_status != decision.new_status:
            events.record(
                obj,
                request.user,
                EventKind.TRANSITION,
                old=decision.old_status,
                new=decision.new_status,
                comment=decision.comment,
            )
        elif decision.comment:
            events.record(obj, request.user, EventKind.EDITED, comment=decision.comment)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj, decision = form.instance, form.decision
        if not decision.content_changed and any(formset.has_changed() for formset in formsets):
            form.decision = decision = replace(decision, content_changed=True)
            obj.changed_by = request.user
            type(obj)._default_manager.filter(pk=obj.pk).update(changed_by=request.user)
            events.record(obj, request.user, EventKind.EDITED)
        if obj.draft_of_id and decision.approves:
            live = copies.merge_pending_copy(
                obj, request.user, before_save=lambda page: self.approve(request, page)
            )
            events.record(
                live,
                request.user,
                EventKind.TRANSITION,
                old=Status.IN_REVIEW,
                new=Status.PUBLISHED,
                comment=decision.comment or "Approved the pending changes.",
            )
            messages.success(request, "Approved: the live page now shows these changes.")
            return
        messages.success(request, self.outcome_message(obj, decision))

    def outcome_message(self, obj, decision) -> str:
        """What happened, and what comes next."""
        author = person(obj.changed_by) if obj.changed_by_id else "its author"
        match decision.action:
            case rules.SUBMIT:
                return (
                    f"Submitted “{obj}” for review. A clinical reviewer who did not make "
                    "these changes approves it; until then patients do not see them."
                )
            case rules.PUBLISH:
                return f"Approved and published: patients now see “{obj}”."
            case rules.SEND_BACK:
                return f"Sent back to {author} with your comment. They will see it on the page."
            case rules.UNPUBLISH:
                return f"Unpublished: patients no longer see “{obj}”. It is a draft again."
            case rules.ARCHIVE:
                return f"Archived “{obj}”. Patients do not see it."
            case rules.SCHEDULE:
                return f"Saved the schedule of “{obj}”."
        return f"Saved “{obj}” as a draft. Submit it for review when it is ready."

    def _stay_on_page(self, request, obj):
        if obj.pk is None and obj.draft_of_id:  # an approved copy, merged and gone
            return redirect(self._url_name("change"), obj.draft_of_id)
        return redirect(self._url_name("change"), obj.pk)

    def response_add(self, request, obj, post_url_continue=None):
        if IS_POPUP_VAR in request.POST:  # made from another form's "+": hand it back
            return super().response_add(request, obj, post_url_continue)
        return self._stay_on_page(request, obj)

    def response_change(self, request, obj):
        if IS_POPUP_VAR in request.POST:
            return super().response_change(request, obj)
        return self._stay_on_page(request, obj)

    def delete_model(self, request, obj):
        events.record(obj, request.user, EventKind.DELETED, old=obj.status)
        if obj.draft_of_id:
            copies.forget_revisions(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            events.record(obj, request.user, EventKind.DELETED, old=obj.status)
            if obj.draft_of_id:
                copies.forget_revisions(obj)
        super().delete_queryset(request, queryset)

    # Showing the form --------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        user, form = request.user, context["adminform"].form
        restoring = context.get("revert") or context.get("recover")
        actions = [] if restoring else rules.available(user, obj, self.model)
        if obj is not None and obj.pk and not self.has_change_permission(request, obj):
            actions = []
        blockers = {}
        if obj is not None and obj.pk and obj.status in (Status.DRAFT, Status.IN_REVIEW):
            blockers = rules.approval_blockers(obj)
            for name, problem in blockers.items():
                if name in form.fields:
                    field = form.fields[name]
                    field.help_text = format_html(
                        '<strong class="errornote-inline">Needed before approval: {}</strong> {}',
                        problem,
                        field.help_text,
                    )
        history = list(events.history(obj)[:15]) if obj and obj.pk else []
        context.update(
            {
                "workflow_actions": actions,
                "workflow_action_names": {action.name for action in actions},
                "workflow_blockers": blockers,
                "workflow_page_blocker": blockers.get(NON_FIELD_ERRORS, ""),
                "workflow_can_publish": rules.can_publish(user, self.model),
                "workflow_is_author": bool(obj and obj.pk and rules.is_author(user, obj)),
                "workflow_history": history,
                "workflow_sent_back": events.latest_send_back(history, obj),
                "workflow_is_live": rules.is_live_page(obj),
                "workflow_pending": (
                    self.model._default_manager.filter(draft_of=obj).first()
                    if obj and obj.pk
                    else None
                ),
                "workflow_stale": form.stale,
                "workflow_stale_action": form.action.name if form.action else "save",
                "workflow_stale_diffs": self._stale_diffs(obj, form.stale),
                "workflow_restoring": restoring,
            }
        )
        response = super().render_change_form(request, context, add, change, form_url, obj)
        # The rich-text editor's import map is the one inline script: allow it by hash
        # (django-csp reads these attributes; without it they do nothing).
        response._csp_update = response._csp_update_ro = editor_csp_update()
        return response

    def _stale_diffs(self, obj, stale):
        """What the other person changed: the version you opened against the one stored now."""
        if stale is None:
            return []
        found = {}
        for version in self._versions(obj.pk)[:30]:
            number = version.field_dict.get("edit_version")
            if number in (stale.opened_version, stale.current_version):
                found.setdefault(number, version)
        opened, current = found.get(stale.opened_version), found.get(stale.current_version)
        if opened is None or current is None:
            return []
        labels = ("The version you opened", f"Saved since by {stale.who}")
        return revisions.compare(opened, current, labels)
