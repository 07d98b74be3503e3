from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, post_save


class MedinfoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "medinfo"
    verbose_name = "Medicines information"

    def ready(self) -> None:
        from .editorial.groups import ensure_workflow_groups

        post_migrate.connect(ensure_workflow_groups, sender=self)

        from django.contrib.auth import get_user_model

        from . import pagecache
        from .models import ClinicSettings, DrugClass, Indication, MedicationArticle, MedicationUse

        # Every model whose rows appear on a public page: a save starts a new
        # cache generation. The clinic details are in every page's header and
        # footer; a medicine page names its clinical reviewer (a user).
        for model in (MedicationArticle, Indication, MedicationUse, DrugClass, ClinicSettings):
            pagecache.register_content_model(model)
        pagecache.register_content_model(get_user_model())
        # Publishable.published() counts these three dates: each can change a page by itself.
        for model in (MedicationArticle, Indication, DrugClass):
            for field in ("published_at", "go_live_at", "expires_at"):
                pagecache.register_scheduled_field(model, field)
        # A deploy (`make serve` migrates on every start) may change templates or headers.
        post_migrate.connect(pagecache.after_migrate, sender=self, dispatch_uid="pagecache")

        from .models.codes import sync_code_index

        for name in ("MedicationArticle", "Indication"):
            post_save.connect(
                sync_code_index, sender=self.get_model(name), dispatch_uid=f"medinfo.codes.{name}"
            )

        from . import search

        connection_created.connect(
            search.configure_postgresql_session, dispatch_uid="medinfo.search.session"
        )
        post_migrate.connect(
            search.tune_trigram_operator_costs, sender=self, dispatch_uid="medinfo.search.costs"
        )

        # Workflow e-mail hangs on the audit log: every workflow action writes a
        # WorkflowEvent, whichever code path (admin, command) made it.
        from .models import WorkflowEvent
        from .notifications import admin as _notifications_admin  # noqa: F401 (registers)
        from .notifications.workflow import on_workflow_event

        post_save.connect(
            on_workflow_event, sender=WorkflowEvent, dispatch_uid="medinfo.notifications"
        )
