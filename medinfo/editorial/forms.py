"""The change form of a workflow page: it applies the rules to the action submitted.

Every rule is checked when the form is validated, so a hand-made POST is refused
just like a click: publishing without the permission, approving your own change,
skipping review, approving an unsafe medicine, or saving over someone else's edit.

The admin hands the form what it needs as class attributes (`user`, `action`);
after validation the form's `decision` says what the save does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from ..canonical import canonical_value
from ..models import WORKFLOW_FIELDS, Status
from . import events, rules

FORM_ONLY_FIELDS = ("loaded_version", "workflow_comment")


@dataclass(frozen=True)
class Decision:
    """What a validated post does: the action, the move, and whether content changed."""

    action: rules.Action
    old_status: str
    new_status: str
    content_changed: bool
    comment: str

    @property
    def approves(self) -> bool:
        return self.action is rules.PUBLISH


@dataclass(frozen=True)
class StaleSave:
    """Someone else saved after you opened the page: who, when, and the version you opened."""

    who: str
    when: str
    opened_version: int
    current_version: int


def content_values(instance: models.Model) -> dict[str, object]:
    """The page's content in stored (canonical) form, for comparing before and after."""
    values = {}
    for field in type(instance)._meta.concrete_fields:
        if field.primary_key or field.generated or field.name in WORKFLOW_FIELDS:
            continue
        values[field.name] = canonical_value(field, getattr(instance, field.attname))
    return values


class WorkflowForm(forms.ModelForm):
    """A ModelForm that knows who is saving, which action they chose and what they loaded."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    workflow_comment = forms.CharField(
        label="Comment for the record",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Shown in the page's history and to its author. Required when you send "
        "a page back.",
    )

    # Set by the admin (WorkflowAdmin.get_form): who is saving, and the button they used.
    user = None
    action: rules.Action | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_status = self.instance.status if self.instance.pk else Status.DRAFT
        self.stored_content = content_values(self.instance) if self.instance.pk else {}
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.edit_version
        self.decision: Decision | None = None
        self.stale: StaleSave | None = None

    def content_changed(self) -> bool:
        """Whether the submitted content differs from the stored, in canonical form."""
        if not self.instance.pk:
            return True
        return content_values(self.instance) != self.stored_content

    def changed_content_fields(self) -> list[str]:
        now = content_values(self.instance)
        return [name for name, value in now.items() if self.stored_content.get(name) != value]

    def _check_not_stale(self) -> None:
        """Refuse a save based on an older version than the one now stored.

        The row is locked until the admin's transaction ends, so two saves cannot
        both pass this check (PostgreSQL; SQLite serialises writes anyway). Only an
        explicit "Replace their changes with mine" (after seeing them) goes through.
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
        if self.data.get("_replace_theirs_of") == str(current):
            return  # they saw the other person's changes and chose to replace them
        fresh = model._default_manager.get(pk=self.instance.pk)
        event = events.last_save(fresh)
        who = (
            (event.user.get_full_name() or event.user.get_username())
            if event and event.user
            else "someone"
        )
        when = date_format(timezone.localtime(fresh.updated_at), "j F Y, H:i")
        self.stale = StaleSave(who, when, loaded, current)
        raise ValidationError(
            f"Not saved: {who} saved this page on {when}, after you opened it. Your text is "
            "still in the form below; their changes are shown above it. Keep yours with "
            "'Replace their changes with mine', or reload the page to start from theirs."
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
        if self.action is None:
            self.add_error(None, "This form was sent without an action it knows. Use a button.")
            return
        action = self.action
        changed = self.content_changed()
        comment = self.cleaned_data.get("workflow_comment", "")
        try:
            rules.check(
                self.user,
                self.instance,
                action,
                comment=comment,
                content_changed=changed and self.instance.pk is not None,
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                known = field in self.fields and field != NON_FIELD_ERRORS
                self.add_error(field if known else None, errors)
            return
        self.decision = Decision(
            action=action,
            old_status=self.stored_status,
            new_status=action.to_state or self.stored_status,
            content_changed=changed,
            comment=comment,
        )
