"""The two small forms: the Yes/No question and the "what was wrong" form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from medinfo.models.feedback import COMMENT_MAX_LENGTH, Reason


class AnswerForm(forms.Form):
    page = forms.CharField(max_length=1000)
    answer = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])


class DetailsForm(forms.Form):
    shown = forms.CharField(max_length=1000, widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("What was wrong with the page?"),
        choices=Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what was wrong with the page.")},
    )
    # The length is checked in clean_comment, after line endings are counted
    # as one character each, as the browser counted them for maxlength.
    comment = forms.CharField(
        label=_("Tell us more (optional)"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX_LENGTH}),
    )

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"].replace("\r\n", "\n").replace("\r", "\n")
        if len(comment) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                _("Your comment is %(length)d characters long. Keep it to %(limit)d or fewer.")
                % {"length": len(comment), "limit": COMMENT_MAX_LENGTH}
            )
        return comment
