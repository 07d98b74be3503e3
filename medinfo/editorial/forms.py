"""The change form of a workflow page: it applies the rules to what was submitted.

Every rule is checked when the form is validated, so a hand-made POST is refused
just like a click: publishing without the permission, approving your own change,
skipping review, approving an unsafe medicine, or saving over someone else's edit.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from ..models import WORKFLOW_FIELDS, Status
from . import events, rules

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
    status_before_restore = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.old_status = self.instance.status if self.instance.pk else Status.DRAFT
        if self.restoring and self.status_before_restore:
            # Restoring reverts the page to a draft; from a live page that is an unpublish.
            self.old_status = self.status_before_restore
        self.instance._workflow_old_status = self.old_status
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.edit_version
        self.content_changed = False

    def _content_changed(self) -> bool:
        if not self.instance.pk or self.restoring:
            return True
        return any(
            name not in WORKFLOW_FIELDS and name not in FORM_ONLY_FIELDS
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
        if loaded is None:
            raise ValidationError(
                "This form did not say which version of the page you edited, so it was not "
                "saved. Copy your text, reload the page and try again."
            )
        if loaded == current:
            return
        fresh = model._default_manager.get(pk=self.instance.pk)
        event = events.last_save(fresh)
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
                        "status": "This page is live, so its content is changed through a "
                        "copy that is approved before patients see it: use 'Edit as a new "
                        "draft'."
                    }
                )
            rules.check_transition(
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
