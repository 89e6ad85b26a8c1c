from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Holds `manage.py load_demo`; it has no models."""

    name = "demo"
    verbose_name = "Demo shop"
