"""The staff admin site: Django's, with autocomplete results that say why they matched.

A condition found by one of its synonyms ("panic" finds "Anxiety disorders")
is listed as "Anxiety disorders (also called panic attacks)", so an editor
picking the use sees why it is offered. A ModelAdmin opts in with
`autocomplete_label(obj, term)`; the others keep `str(obj)`.

Installed by `ClinicAdminConfig` in place of "django.contrib.admin" in
INSTALLED_APPS, as Django's docs describe for a custom default site.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj, self.term)
        return result


class ClinicAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)


class ClinicAdminConfig(AdminConfig):
    default_site = "medinfo.admin_site.ClinicAdminSite"
