from django.apps import AppConfig


class MedinfoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "medinfo"
    verbose_name = "Medicines information"

    def ready(self) -> None:
        from . import cache

        cache.register_defaults()
