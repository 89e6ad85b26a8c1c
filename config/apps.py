from django.apps import AppConfig


class InfrastructureConfig(AppConfig):
    """config/ as an app only for its migrations: the database tables shared infrastructure needs."""

    name = "config"
    label = "config"
    verbose_name = "Infrastructure"
