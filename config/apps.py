from django.apps import AppConfig
from django.core import checks


class InfrastructureConfig(AppConfig):
    """config/ as an app for its migrations (the database tables shared infrastructure needs), its
    management commands and its system checks."""

    name = "config"
    label = "config"
    verbose_name = "Infrastructure"

    def ready(self):
        from config.site_url import check_site_url_matches_the_default_site

        # Deploy-tagged: it reads the database, so only `check --deploy` runs it, not every runserver start.
        checks.register(check_site_url_matches_the_default_site, checks.Tags.urls, deploy=True)
