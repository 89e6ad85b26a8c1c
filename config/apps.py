from django.apps import AppConfig
from django.core import checks


class InfrastructureConfig(AppConfig):
    """config/ as an app for its migrations (the database tables shared infrastructure needs), its
    management commands and its system checks."""

    name = "config"
    label = "config"
    verbose_name = "Infrastructure"

    def ready(self):
        from config.private_media import check_private_media_root
        from config.site_url import check_site_url_matches_the_default_site

        # Every start: a private folder the proxy would serve is a leak, in any environment.
        checks.register(check_private_media_root, checks.Tags.security)

        # Deploy-tagged: it reads the database, so only `check --deploy` runs it, not every runserver start.
        checks.register(check_site_url_matches_the_default_site, checks.Tags.urls, deploy=True)
